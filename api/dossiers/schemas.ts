// The dossier contracts of the JSON API (zod → OpenAPI) and the one clerk-action schema the API
// (ActBody, JSON) and the console's action form (ActForm, form fields) both parse with.
import { z } from '@hono/zod-openapi';
import { errorText } from '../console/i18n.js';

const isoTime = z.string().openapi({ format: 'date-time' });

export const DossierSchema = z
  .object({
    code: z.string(),
    procedureCode: z.string(),
    procedureVersion: z.number(),
    unitId: z.string(),
    state: z.string(),
    stateType: z.string(),
    stateLabel: z.string(),
    stateVersion: z.number().openapi({ description: 'Send back as expectedVersion when acting' }),
    outcome: z.string().optional(),
    submittedAt: isoTime.optional(),
    receivedAt: isoTime.optional(),
    dueAt: isoTime.optional().openapi({ description: 'Statutory due date (restarts after a supplement)' }),
    originalDueAt: isoTime.optional(),
    apologySentAt: isoTime.optional(),
    supplementCycles: z.number(),
    closedAt: isoTime.optional(),
    result: z.record(z.string(), z.unknown()).optional(),
    task: z
      .object({
        state: z.string(),
        role: z.string(),
        assigneeId: z.string().optional(),
        assigneeName: z.string().optional(),
        dueAt: isoTime.optional(),
        escalated: z.boolean(),
        actions: z.array(z.object({ name: z.string(), label: z.string().optional(), requires: z.array(z.string()) })),
      })
      .optional(),
    branches: z
      .array(z.object({ branch: z.string(), label: z.string(), role: z.string(), status: z.enum(['open', 'approved', 'rejected']), dueAt: isoTime.optional() }))
      .optional(),
    appointment: z.object({ kind: z.string(), startsAt: isoTime.optional() }).optional(),
    awaiting: z.object({ event: z.string(), timeoutAt: isoTime }).optional(),
  })
  .openapi('Dossier');

export const DossierDetailSchema = DossierSchema.extend({
  applicant: z.record(z.string(), z.unknown()),
  formData: z.record(z.string(), z.unknown()),
}).openapi('DossierDetail');

export const TimelineEventSchema = z
  .object({
    seq: z.number(),
    type: z.string(),
    from: z.string().nullable(),
    to: z.string().nullable(),
    action: z.string().nullable(),
    actor: z.record(z.string(), z.unknown()),
    data: z.record(z.string(), z.unknown()),
    at: z.string(),
  })
  .openapi('TimelineEvent');

export const DossierCodeParam = z.object({
  code: z
    .string()
    .regex(/^[A-Z0-9]+-\d{6}-\d{4}$/, errorText('Mã hồ sơ có dạng <ĐƠN VỊ>-<YYMMDD>-<NNNN>', 'A dossier code reads <UNIT>-<YYMMDD>-<NNNN>'))
    .openapi({ param: { name: 'code', in: 'path' }, example: 'DHT-261128-0001' }),
});

export const SlotsQuery = z.object({
  from: z.iso.date().optional().openapi({ description: 'First day (YYYY-MM-DD, Vietnam time); default today' }),
  days: z.coerce.number().int().min(1).max(31).default(7),
});

export const SlotSchema = z.object({ startsAt: z.string(), remaining: z.number() }).openapi('AppointmentSlot');

export const BookBody = z.object({ startsAt: z.iso.datetime({ offset: true }) }).strict().openapi('BookAppointment');

/** The limits of a clerk's action, for the API and the console form alike. */
export const ACT_LIMITS = { name: 100, text: 2000, documents: 30, document: 300 } as const;
const tooManyDocuments = () =>
  errorText(
    `Tối đa ${ACT_LIMITS.documents} giấy tờ, mỗi giấy tờ ghi tối đa ${ACT_LIMITS.document} ký tự`,
    `At most ${ACT_LIMITS.documents} documents of at most ${ACT_LIMITS.document} characters each`,
  );

export const ActBody = z
  .object({
    action: z.string().min(1).max(ACT_LIMITS.name).openapi({ example: 'accept' }),
    branch: z.string().min(1).max(ACT_LIMITS.name).optional(),
    expectedVersion: z.number().int().nonnegative(),
    reason: z.string().trim().max(ACT_LIMITS.text).optional(),
    note: z.string().trim().max(ACT_LIMITS.text).optional(),
    missingDocuments: z.array(z.string().trim().min(1).max(ACT_LIMITS.document, tooManyDocuments())).max(ACT_LIMITS.documents, tooManyDocuments()).optional(),
  })
  .strict()
  .openapi('ActOnDossier');

type FormFields = Record<string, string | string[]>;
const one = (v: string | string[] | undefined) => [v ?? []].flat()[0];
const optional = (v: string | string[] | undefined) => one(v)?.trim() || undefined;

/**
 * The console's action form as ActBody: empty fields are absent, the version is a number, and the
 * checked documents and the free lines of "other documents" make one list, as the API takes it.
 */
export const ActForm = z.preprocess((input) => {
  const f = input as FormFields;
  const checked = [f.missingDocuments ?? []].flat();
  const other = (one(f.otherDocuments) ?? '').split('\n');
  const missingDocuments = [...checked, ...other].map((s) => s.trim()).filter(Boolean);
  return {
    action: one(f.action) ?? '',
    branch: optional(f.branch),
    expectedVersion: f.expectedVersion === undefined ? undefined : Number(one(f.expectedVersion)),
    reason: optional(f.reason),
    note: optional(f.note),
    missingDocuments: missingDocuments.length > 0 ? missingDocuments : undefined,
  };
}, ActBody);

export const BookForm = z.object({ startsAt: BookBody.shape.startsAt });
