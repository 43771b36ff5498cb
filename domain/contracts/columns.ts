// The JSON columns the services read back from PostgreSQL, parsed rather than cast: a row written by
// an older version or by hand fails here, with its path, instead of deep inside a workflow.
import { z } from 'zod';
import type { Applicant, Recipient } from './dossier.js';

/** `dossiers.applicant`. Unknown keys are kept (a sealed dossier's stand-in has only a name). */
export const ApplicantColumn: z.ZodType<Applicant> = z.looseObject({
  name: z.string(),
  phone: z.string().optional(),
  zaloUserId: z.string().optional(),
  oaId: z.string().optional(),
});

/** `messages.recipient`. */
export const RecipientColumn: z.ZodType<Recipient> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('applicant') }),
  z.object({ kind: z.literal('resident'), oaId: z.string(), userId: z.string() }),
  z.object({ kind: z.literal('staff'), staffId: z.string() }),
  z.object({ kind: z.literal('role'), role: z.string(), unitId: z.string() }),
]);

/** `dossiers.form_data`, `sealed_identities` once decrypted: a JSON object. */
export const JsonObjectColumn = z.record(z.string(), z.unknown());
