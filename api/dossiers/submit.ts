// Submission: validate the form against the published definition, resolve the competent unit,
// allocate the code and store the row (idempotent by Idempotency-Key), then start the workflow.
import { createHmac, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { localDate } from '../../domain/calendar.js';
import type { Applicant, Channel } from '../../domain/contracts/dossier.js';
import { canonicalJson } from '../../domain/canonical-json.js';
import { formDataSchema } from '../../domain/dsl/form.js';
import type { ProcedureDefinition } from '../../domain/dsl/schema.js';
import { DomainError, type FieldIssue } from '../../domain/errors.js';
import { applicantSearchText } from '../../domain/text-search.js';
import type { DossierRow } from '../../db/schema.js';
import { sealIdentity } from '../../db/sealed-identities.js';
import { workflowIdFor } from '../../workflows/dossier.messages.js';
import { definitionForNewDossier } from '../procedures/service.js';
import { competentUnit } from '../units/service.js';
import { residentToken } from './access.js';
import type { DossierDeps } from './deps.js';
import { tryStart } from './start.js';

export interface SubmitRequest {
  procedureCode: string;
  unitId: string;
  channel: Channel;
  applicant: Applicant;
  formData: Record<string, unknown>;
}

export interface SubmitResult {
  created: boolean;
  dossier: { id: string; code: string; accessToken: string; workflowStarted: boolean };
}

/**
 * Stores the dossier first, then starts its workflow. A crash between the two loses nothing:
 * a retry with the same Idempotency-Key, or the start-up sweep, starts the workflow later.
 */
export async function submitDossier(
  deps: DossierDeps,
  req: SubmitRequest,
  idempotencyKey: string | undefined,
  now = new Date(),
): Promise<SubmitResult> {
  const fingerprint = requestFingerprint(deps.secret, req);
  // A retry is answered from what was stored, even if the definition changed since.
  const replay = idempotencyKey ? await findByIdempotencyKey(deps, idempotencyKey, fingerprint) : undefined;
  if (replay) return replay;

  const definition = await definitionForNewDossier(deps.db, req.procedureCode);
  if (!definition) {
    throw new DomainError('VALIDATION_FAILED', 'Thủ tục không tồn tại hoặc chưa được công bố.', [
      { path: 'procedureCode', message: `Không có thủ tục đang áp dụng với mã ${req.procedureCode}` },
    ]);
  }
  const today = localDate(now.getTime());
  const parsed = formDataSchema(definition, today).safeParse(req.formData);
  if (!parsed.success) {
    const issues: FieldIssue[] = parsed.error.issues.map((i) => ({
      path: ['formData', ...i.path.map(String)].join('.'),
      message: i.message,
      code: i.code,
    }));
    throw new DomainError('VALIDATION_FAILED', 'Thông tin tờ khai chưa hợp lệ.', issues);
  }
  const unit = await competentUnit(deps.db, req.unitId, definition.authority, today);
  // A confidential source's identity, Zalo id included, goes to the sealed store only, never to the
  // dossier or Temporal: delivery finds the reporter there (activities/delivery.activities.ts).
  const { open: formData, sealed } = splitSealed(definition, parsed.data);
  const confidential = definition.confidential;
  const applicant: Applicant = confidential ? { name: 'Người báo tin (bảo mật)' } : req.applicant;
  const key = idempotencyKey ?? randomUUID();

  const { row, created } = await deps.db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${key}))`.execute(trx);
    const existing = await trx.selectFrom('dossiers').selectAll().where('idempotency_key', '=', key).executeTakeFirst();
    if (existing) return { row: sameRequest(existing, fingerprint), created: false };
    const unitCode = (await trx.selectFrom('units').select('code').where('id', '=', unit.id).executeTakeFirstOrThrow()).code;
    const day = today.slice(2).replaceAll('-', '');
    const counter = await trx
      .insertInto('dossier_code_counters')
      .values({ unit_code: unitCode, day, last_seq: 1 })
      .onConflict((oc) => oc.columns(['unit_code', 'day']).doUpdateSet({ last_seq: sql`dossier_code_counters.last_seq + 1` }))
      .returning('last_seq')
      .executeTakeFirstOrThrow();
    if (counter.last_seq > 9999) throw new DomainError('UNAVAILABLE', 'Đơn vị đã nhận tối đa 9.999 hồ sơ trong ngày.');
    const code = dossierCode(unitCode, day, counter.last_seq);
    const inserted = await trx
      .insertInto('dossiers')
      .values({
        id: randomUUID(),
        code,
        workflow_id: workflowIdFor(code),
        idempotency_key: key,
        request_fingerprint: fingerprint,
        procedure_code: definition.code,
        procedure_version: definition.version,
        unit_id: unit.id,
        channel: req.channel,
        applicant: JSON.stringify(applicant),
        form_data: JSON.stringify(formData),
        confidential,
        // Confidential dossiers are found by code only.
        search_text: confidential ? null : applicantSearchText(applicant),
        submitted_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    if (confidential) {
      const identity = { applicant: req.applicant, ...sealed };
      await sealIdentity(trx, deps.box, inserted.id, identity);
    }
    return { row: inserted, created: true };
  });

  return submitResult(deps, row, created);
}

async function findByIdempotencyKey(deps: DossierDeps, key: string, fingerprint: string): Promise<SubmitResult | undefined> {
  const existing = await deps.db.selectFrom('dossiers').selectAll().where('idempotency_key', '=', key).executeTakeFirst();
  return existing && submitResult(deps, sameRequest(existing, fingerprint), false);
}

function sameRequest(existing: DossierRow, fingerprint: string): DossierRow {
  if (existing.request_fingerprint !== fingerprint) {
    throw new DomainError('IDEMPOTENCY_MISMATCH', 'Idempotency-Key này đã được dùng cho một yêu cầu khác.', [
      { path: 'Idempotency-Key', message: 'Khóa đã dùng với nội dung khác' },
    ]);
  }
  return existing;
}

/** Also (re)starts the workflow of a stored dossier whose start failed before. */
async function submitResult(deps: DossierDeps, row: DossierRow, created: boolean): Promise<SubmitResult> {
  const workflowStarted = row.workflow_started_at !== null || (await tryStart(deps, row));
  return { created, dossier: { id: row.id, code: row.code, accessToken: residentToken(deps.secret, row.id), workflowStarted } };
}

function splitSealed(def: ProcedureDefinition, data: Record<string, unknown>) {
  const sealedKeys = new Set(def.form.filter((f) => f.sealed).map((f) => f.key));
  const entries = Object.entries(data);
  return {
    open: Object.fromEntries(entries.filter(([k]) => !sealedKeys.has(k))),
    sealed: Object.fromEntries(entries.filter(([k]) => sealedKeys.has(k))),
  };
}

/** One-stop code layout (TT 01/2018 Art 19), with our unit code: <unit>-<YYMMDD>-<4-digit daily sequence>. */
export function dossierCode(unitCode: string, yymmdd: string, seq: number): string {
  return `${unitCode}-${yymmdd}-${String(seq).padStart(4, '0')}`;
}

/**
 * What tells a retry from another request under the same Idempotency-Key. Keyed (HMAC), because the
 * request may hold a crime reporter's sealed identity: a plain hash in the table would let a backup
 * reader confirm a guessed name or phone (issue 11 #9).
 */
export function requestFingerprint(secret: string, req: SubmitRequest): string {
  return createHmac('sha256', secret).update('request-fingerprint:').update(canonicalJson(req)).digest('hex');
}
