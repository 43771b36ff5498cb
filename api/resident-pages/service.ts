// What the resident pages read and write: the procedure and unit behind a submission link, the
// dossier it creates (with its documents), and the status of a dossier a link follows.
import type { Applicant } from '../../domain/contracts/dossier.js';
import type { ProcedureDefinition } from '../../domain/dsl/schema.js';
import { localDate } from '../../domain/calendar.js';
import { DomainError } from '../../domain/errors.js';
import { sealedAt, type SecretBox } from '../../db/crypto.js';
import type { Db } from '../../db/database.js';
import type { DossierRow } from '../../db/schema.js';
import type { FileStore } from '../../db/file-store.js';
import { claimSubmitLink, type FormLink } from '../../zalo/links.js';
import { timeline, timelineFor } from '../dossiers/timeline.js';
import { definitionForNewDossier, getVersion } from '../procedures/service.js';
import { competentUnit } from '../units/service.js';
import { submitDossier } from '../dossiers/submit.js';
import { type DossierDeps } from '../dossiers/deps.js';
import type { Submission } from './form-input.js';

/** Definitions name the applicant's name field `fullName` (TAM_TRU does); it and the first phone field are prefilled. */
export const NAME_FIELD = 'fullName';

export interface SubmitContext {
  definition: ProcedureDefinition;
  /** The unit of the OA the resident talks to (submitDossier resolves the competent one from it), named as the unit competent today. */
  unit: { id: string; name: string };
  /** Known when the resident wrote to the OA; name and phone as they shared them, else their Zalo name. */
  resident?: { id: string; name?: string; phone?: string };
}

export async function submitContext(db: Db, box: SecretBox, link: FormLink): Promise<SubmitContext> {
  const definition = link.procedureCode ? await definitionForNewDossier(db, link.procedureCode) : undefined;
  if (!definition) throw new DomainError('NOT_FOUND', 'Thủ tục này hiện không nhận hồ sơ trực tuyến.');
  const unit = await db
    .selectFrom('zalo_oas')
    .innerJoin('units', 'units.id', 'zalo_oas.unit_id')
    .select(['units.id', 'units.name'])
    .where('zalo_oas.oa_id', '=', link.oaId)
    .executeTakeFirst();
  if (!unit) throw new DomainError('NOT_FOUND', 'Zalo OA này chưa được gắn với đơn vị nhận hồ sơ.');
  // A page of a dissolved unit receives for its successor: name the unit that will handle the dossier.
  const competent = await competentUnit(db, unit.id, definition.authority, localDate(Date.now()));
  const row = await db
    .selectFrom('residents')
    .select(['id', 'display_name', 'name_enc', 'phone_enc'])
    .where('oa_id', '=', link.oaId)
    .where('zalo_user_id', '=', link.userId)
    .executeTakeFirst();
  const resident = row && {
    id: row.id,
    name: box.decryptOptional(row.name_enc, sealedAt('residents.name_enc', link.oaId, link.userId)) ?? row.display_name ?? undefined,
    // Zalo shares numbers as 84xxxxxxxxx; the form's phone fields expect 0xxxxxxxxx.
    phone: box.decryptOptional(row.phone_enc, sealedAt('residents.phone_enc', link.oaId, link.userId))?.replace(/^\+?84(?=\d{9}$)/, '0'),
  };
  return { definition, unit: { id: unit.id, name: competent.name }, resident };
}

/** Initial values of the form: what the resident already told the OA. */
export function prefill(ctx: SubmitContext): Record<string, string> {
  const values: Record<string, string> = {};
  const { name, phone } = ctx.resident ?? {};
  const phoneKey = phoneFieldOf(ctx.definition)?.key;
  if (name && ctx.definition.form.some((f) => f.key === NAME_FIELD)) values[NAME_FIELD] = name;
  if (phone && phoneKey) values[phoneKey] = phone;
  return values;
}

const phoneFieldOf = (def: ProcedureDefinition) => def.form.find((f) => f.type === 'phone');

interface Submitted {
  code: string;
  /** False when another request with the same link recorded the submission first. */
  claimed: boolean;
}

/**
 * Creates the dossier (idempotent on the link: a double submit finds the same dossier), stores
 * the documents' bytes, then marks the link used and records the documents in one transaction,
 * so only one of two concurrent submissions adds them.
 */
export async function submitFromLink(
  deps: DossierDeps & { files: FileStore },
  link: FormLink,
  ctx: SubmitContext,
  submission: Submission,
): Promise<Submitted> {
  const { dossier } = await submitDossier(
    deps,
    {
      procedureCode: ctx.definition.code,
      unitId: ctx.unit.id,
      channel: 'zalo',
      applicant: applicantOf(link, ctx, submission.formData),
      formData: submission.formData,
    },
    `zalo-form-link:${link.nonce}`,
  );
  const documents = await Promise.all(
    submission.documents.map(async (d) => ({
      dossier_id: dossier.id,
      resident_id: ctx.resident?.id ?? null,
      doc_key: d.key,
      sha256: await deps.files.put(d.bytes),
      mime: d.mime,
      size: d.bytes.length,
      filename: d.filename,
      source: 'form' as const,
    })),
  );
  const claimed = await deps.db.transaction().execute(async (trx) => {
    if (!(await claimSubmitLink(trx, link.nonce, dossier.id))) return false;
    if (documents.length > 0) await trx.insertInto('documents').values(documents).execute();
    return true;
  });
  return { code: dossier.code, claimed };
}

function applicantOf(link: FormLink, ctx: SubmitContext, formData: Record<string, unknown>): Applicant {
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const phoneKey = phoneFieldOf(ctx.definition)?.key;
  const phone = (phoneKey && text(formData[phoneKey])) ?? ctx.resident?.phone;
  return {
    name: text(formData[NAME_FIELD]) ?? ctx.resident?.name ?? 'Người dùng Zalo',
    ...(phone && { phone }),
    zaloUserId: link.userId,
    oaId: link.oaId,
  };
}

export async function dossierCodeOf(db: Db, dossierId: string): Promise<string | undefined> {
  const row = await db.selectFrom('dossiers').select('code').where('id', '=', dossierId).executeTakeFirst();
  return row?.code;
}

/** The dossier a status (or supplement) link follows. */
export async function followedDossier(db: Db, link: FormLink): Promise<DossierRow> {
  const row = link.purpose !== 'submit' && link.dossierId ? await db.selectFrom('dossiers').selectAll().where('id', '=', link.dossierId).executeTakeFirst() : undefined;
  if (!row) throw new DomainError('NOT_FOUND', 'Không tìm thấy hồ sơ.');
  return row;
}

/** The dossier a status link follows, with what a resident may see of its history and documents. */
export async function dossierStatus(db: Db, link: FormLink) {
  const row = await followedDossier(db, link);
  const definition = await getVersion(db, row.procedure_code, row.procedure_version);
  if (!definition) throw new Error(`definition ${row.procedure_code} v${row.procedure_version} missing`);
  const documents = await db
    .selectFrom('documents')
    .select(['doc_key as key', 'filename', 'size', 'created_at as receivedAt'])
    .where('dossier_id', '=', row.id)
    .orderBy('created_at')
    .execute();
  return { row, definition, events: timelineFor(await timeline(db, row.id), 'resident'), documents };
}
export type DossierStatus = Awaited<ReturnType<typeof dossierStatus>>;
