// Dossier entry points used by the HTTP API: submit (idempotent), start the workflow, read the
// read models, and forward clerk and resident actions to the workflow as Updates.
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { ApplicationFailure, type Client, WorkflowUpdateFailedError } from '@temporalio/client';
import { sql } from 'kysely';
import { calendarFrom, localDate, type CalendarData } from '../../domain/calendar.js';
import type {
  ActInput,
  Applicant,
  BookInput,
  Channel,
  RoleGrant,
  DossierInput,
  DossierView,
  ExternalEventInput,
  StaffActor,
  SupplementInput,
  WithdrawInput,
} from '../../domain/contracts/dossier.js';
import { canSeeDossier, canUnseal } from '../../domain/access.js';
import { canonicalJson } from '../../domain/canonical-json.js';
import { formDataSchema } from '../../domain/dsl/form.js';
import { DomainError, isErrorCode, type FieldIssue } from '../../domain/errors.js';
import { applicantSearchText, MIN_SUBSTRING_SEARCH, searchTerms } from '../../domain/text-search.js';
import type { Authority, ProcedureDefinition } from '../../domain/dsl/schema.js';
import { sealedAt, type SecretBox } from '../../db/crypto.js';
import { resolveCompetentUnit, type UnitNode } from '../../domain/units.js';
import type { Db } from '../../db/database.js';
import type { DossierRow } from '../../db/schema.js';
import type { dossierWorkflow } from '../../workflows/dossier.workflow.js';
import {
  actUpdate,
  bookUpdate,
  claimUpdate,
  externalEventUpdate,
  ProcedureAttr,
  releaseUpdate,
  stateQuery,
  supplementUpdate,
  UnitAttr,
  withdrawUpdate,
  workflowIdFor,
} from '../../workflows/dossier.messages.js';
import { definitionForNewDossier, getVersion } from './definitions.js';
import { unitTree } from './units.js';

export interface DossierDeps {
  db: Db;
  temporal: Client;
  taskQueue: string;
  secret: string;
  /** Seals crime reporters' identities. */
  box: SecretBox;
  /** Continue-as-new after this many events per run (default: when the server suggests it). */
  maxEventsPerRun?: number;
}

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
  // A confidential source's identity goes to the sealed store only, never to the dossier or Temporal.
  const { open: formData, sealed } = splitSealed(definition, parsed.data);
  const confidential = definition.confidential;
  const applicant: Applicant = confidential
    ? { name: 'Người báo tin (bảo mật)', oaId: req.applicant.oaId, zaloUserId: req.applicant.zaloUserId }
    : req.applicant;
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
      await trx.insertInto('sealed_identities').values({ dossier_id: inserted.id, identity_enc: deps.box.encrypt(JSON.stringify(identity), sealedAt('sealed_identities.identity_enc', inserted.id)) }).execute();
    }
    return { row: inserted, created: true };
  });

  return submitResult(deps, row, created);
}

/**
 * What tells a retry from another request under the same Idempotency-Key. Keyed (HMAC), because the
 * request may hold a crime reporter's sealed identity: a plain hash in the table would let a backup
 * reader confirm a guessed name or phone (issue 11 #9).
 */
export function requestFingerprint(secret: string, req: SubmitRequest): string {
  return createHmac('sha256', secret).update('request-fingerprint:').update(canonicalJson(req)).digest('hex');
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

async function tryStart(deps: DossierDeps, row: DossierRow): Promise<boolean> {
  try {
    await startDossierWorkflow(deps, row);
    return true;
  } catch (err) {
    console.error(`dossier ${row.code}: workflow start deferred to the sweep (${(err as Error).name})`);
    return false;
  }
}

/** Starts (or finds) the dossier's workflow from its stored row; safe to call any number of times. */
export async function startDossierWorkflow(deps: DossierDeps, row: DossierRow): Promise<void> {
  const definition = await getVersion(deps.db, row.procedure_code, row.procedure_version);
  if (!definition) throw new Error(`definition ${row.procedure_code} v${row.procedure_version} missing`);
  const unit = await deps.db.selectFrom('units').selectAll().where('id', '=', row.unit_id).executeTakeFirstOrThrow();
  const input: DossierInput = {
    dossierId: row.id,
    code: row.code,
    unit: { id: unit.id, name: unit.name },
    definition,
    calendar: await unitCalendar(deps.db, unit.id, localDate(row.submitted_at.getTime())),
    applicant: row.applicant as unknown as Applicant,
    channel: row.channel as Channel,
    formData: row.form_data,
    submittedAt: row.submitted_at.getTime(),
    maxEventsPerRun: deps.maxEventsPerRun,
  };
  await deps.temporal.workflow.start<typeof dossierWorkflow>('dossierWorkflow', {
    workflowId: row.workflow_id,
    taskQueue: deps.taskQueue,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
    typedSearchAttributes: [
      { key: ProcedureAttr, value: definition.code },
      { key: UnitAttr, value: unit.id },
    ],
  });
  await deps.db.updateTable('dossiers').set({ workflow_started_at: new Date() }).where('id', '=', row.id).where('workflow_started_at', 'is', null).execute();
}

/** A unit's working calendar for three years from `from`: national holidays, the unit's office hours. */
export async function unitCalendar(db: Db, unitId: string, from: string): Promise<CalendarData> {
  const unit = await db.selectFrom('units').select(['office_hours', 'cutoff']).where('id', '=', unitId).executeTakeFirstOrThrow();
  const holidays = await db
    .selectFrom('holidays')
    .select(['date', 'kind', 'status'])
    .where('date', '>=', from)
    .where(sql<boolean>`date < ${from}::date + interval '3 years'`)
    .execute();
  return calendarFrom(holidays, { officeHours: unit.office_hours ?? undefined, cutoff: unit.cutoff ?? undefined });
}

/** Starts workflows for dossiers stored but never started (the API crashed or Temporal was down). */
export async function startPendingDossiers(deps: DossierDeps, olderThanMs = 30_000): Promise<number> {
  const rows = await deps.db
    .selectFrom('dossiers')
    .selectAll()
    .where('workflow_started_at', 'is', null)
    .where('submitted_at', '<', new Date(Date.now() - olderThanMs))
    .orderBy('submitted_at')
    .limit(100)
    .execute();
  let started = 0;
  for (const row of rows) if (await tryStart(deps, row)) started++;
  return started;
}

// ---- residents ----

/** A resident proves ownership of a dossier with the token returned at submission (HMAC, no storage). */
function residentToken(secret: string, dossierId: string): string {
  return createHmac('sha256', secret).update(`dossier:${dossierId}`).digest('base64url');
}

export async function findDossierForResident(db: Db, secret: string, code: string, token: string | undefined): Promise<DossierRow> {
  const row = await db.selectFrom('dossiers').selectAll().where('code', '=', code).executeTakeFirst();
  const expected = row ? Buffer.from(residentToken(secret, row.id)) : undefined;
  const given = Buffer.from(token ?? '');
  if (!row || !expected || expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw new DomainError('NOT_FOUND', 'Không tìm thấy hồ sơ hoặc mã truy cập không đúng.');
  }
  return row;
}

// ---- staff ----

/** Staff see only their units' dossiers; others look absent (no existence leak). Every read is logged. */
export async function findDossierForStaff(db: Db, actor: StaffActor, code: string, purpose: string): Promise<DossierRow> {
  const row = await db.selectFrom('dossiers').selectAll().where('code', '=', code).executeTakeFirst();
  if (!row || !canSeeDossier(actor.grants, { unitId: row.unit_id, confidential: row.confidential })) {
    throw new DomainError('NOT_FOUND', 'Không tìm thấy hồ sơ.');
  }
  await db.insertInto('dossier_access_log').values({ dossier_id: row.id, staff_id: actor.staffId, purpose }).execute();
  return row;
}

/**
 * A crime reporter's identity, for a designated investigator of the unit only. Every attempt is
 * logged, granted or not; a refusal looks like any other (no hint whether a reporter exists).
 */
export async function readSealedIdentity(db: Db, box: SecretBox, actor: StaffActor, code: string): Promise<Record<string, unknown>> {
  const row = await db.selectFrom('dossiers').select(['id', 'unit_id', 'confidential']).where('code', '=', code).executeTakeFirst();
  if (!row || !row.confidential) throw new DomainError('NOT_FOUND', 'Không tìm thấy hồ sơ.');
  const granted = canUnseal(actor.grants, row.unit_id);
  await db.insertInto('sealed_identity_access_log').values({ dossier_id: row.id, staff_id: actor.staffId, granted }).execute();
  if (!granted) throw new DomainError('FORBIDDEN', 'Chỉ điều tra viên được chỉ định của đơn vị được xem danh tính người báo tin.');
  const sealed = await db.selectFrom('sealed_identities').select('identity_enc').where('dossier_id', '=', row.id).executeTakeFirst();
  return sealed ? (JSON.parse(box.decrypt(sealed.identity_enc, sealedAt('sealed_identities.identity_enc', row.id))) as Record<string, unknown>) : { anonymous: true };
}

export type InboxView = 'unassigned' | 'mine' | 'overdue' | 'all';

/** Where the next page of the inbox starts: after this task in (due_at nulls last, task id) order. */
export interface InboxCursor {
  dueAt: Date | null;
  taskId: string;
}

export interface InboxSearch {
  /**
   * A dossier code prefix, or part of the applicant's name (with or without diacritics) or phone;
   * name and phone from 3 characters on, never of a confidential dossier.
   */
  q?: string;
  /** Keyset paging: the rows after this one, ordered by (due_at nulls last, task id). */
  after?: InboxCursor;
  /** With `after` or `q`: the page size (rows after it are not read). */
  limit?: number;
}

/** `%` and `_` taken literally in a LIKE pattern. */
const likeLiteral = (s: string) => s.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/** The keyset order of the inbox, as the index tasks_open_keyset holds it: no due date sorts last. */
const inboxOrder = sql<Date>`coalesce(tasks.due_at, 'infinity'::timestamptz)`;

/**
 * The open tasks of the actor's roles and units, soonest due first. Without `search` (the JSON API):
 * the first 200 by (due_at, created_at). With it (the console): filtered by `q` and paged by keyset on
 * (due_at nulls last, task id), so a page costs the same at any depth.
 */
export async function inbox(db: Db, actor: StaffActor, view: InboxView, now = new Date(), search?: InboxSearch) {
  return (await inboxQuery(db, actor, view, now, search)?.execute()) ?? [];
}

/** The query `inbox` runs (for EXPLAIN in bench/inbox.ts); undefined when the actor holds no inbox role. */
export function inboxQuery(db: Db, actor: StaffActor, view: InboxView, now = new Date(), search?: InboxSearch) {
  const grants = actor.grants.filter((g) => g.role !== 'admin');
  if (grants.length === 0) return undefined;
  if (!search) return openTasks(db, actor, view, now, grants).orderBy('tasks.due_at', 'asc').orderBy('tasks.created_at', 'asc').limit(200);
  const limit = Math.min(Math.max(search.limit ?? 50, 1), 200);
  // A search narrows the dossiers first (trigram and code indexes): one query for all the roles.
  if (search.q?.trim()) return searchPage(openTasks(db, actor, view, now, grants), search, limit);
  // Otherwise each (role, unit) page is one range of the index tasks_open_keyset, read in order; the
  // pages of a clerk's roles are then merged, so no page sorts all of a unit's open tasks.
  const pages = grants.map((g, i) => db.selectFrom(searchPage(openTasks(db, actor, view, now, [g]), search, limit).as(`grant${i}`)).selectAll());
  return db
    .selectFrom(pages.reduce((all, page) => all.unionAll(page)).as('page'))
    .selectAll()
    .orderBy(sql`"dueAt" asc nulls last`)
    .orderBy('taskId', 'asc')
    .limit(limit);
}

/** Open tasks of these grants in a view, with what the inbox shows of them. */
function openTasks(db: Db, actor: StaffActor, view: InboxView, now: Date, grants: RoleGrant[]) {
  let q = db
    .selectFrom('tasks')
    .innerJoin('dossiers', 'dossiers.id', 'tasks.dossier_id')
    .leftJoin('staff', 'staff.id', 'tasks.assignee_id')
    .select([
      'tasks.id as taskId',
      'dossiers.code',
      'dossiers.procedure_code as procedureCode',
      'dossiers.state_version as stateVersion',
      'dossiers.due_at as dossierDueAt',
      'tasks.state',
      'tasks.branch',
      'tasks.label',
      'tasks.role',
      'tasks.unit_id as unitId',
      'tasks.assignee_id as assigneeId',
      'staff.full_name as assigneeName',
      'tasks.due_at as dueAt',
      'tasks.escalated_at as escalatedAt',
      'tasks.created_at as createdAt',
    ])
    .where('tasks.status', '=', 'open')
    .where((eb) => eb.or(grants.map((g) => eb.and([eb('tasks.role', '=', g.role), eb('tasks.unit_id', '=', g.unitId)]))));
  if (view === 'unassigned') q = q.where('tasks.assignee_id', 'is', null);
  if (view === 'mine') q = q.where('tasks.assignee_id', '=', actor.staffId);
  if (view === 'overdue') q = q.where('tasks.due_at', '<', now);
  return q;
}

/** The tasks matching the search text, after the cursor, in keyset order. */
function searchPage(tasks: ReturnType<typeof openTasks>, search: InboxSearch, limit: number) {
  let q = tasks;
  const text = search.q?.trim().slice(0, 100);
  if (text) {
    const code = `${likeLiteral(text.toUpperCase())}%`;
    // Name and phone are matched in dossiers.search_text (folded at submission, trigram-indexed).
    const { folded, phone } = searchTerms(text);
    const parts = [...new Set([folded, phone ?? ''])].filter((p) => p.length >= MIN_SUBSTRING_SEARCH);
    q = q.where((eb) =>
      eb.or([
        eb('dossiers.code', 'like', code),
        ...parts.map((p) => eb.and([eb('dossiers.confidential', '=', false), eb('dossiers.search_text', 'like', `%${likeLiteral(p)}%`)])),
      ]),
    );
  }
  const after = search.after;
  if (after) {
    const dueAt = after.dueAt ? sql`${after.dueAt}::timestamptz` : sql`'infinity'::timestamptz`;
    q = q.where(sql<boolean>`(${inboxOrder}, tasks.id) > (${dueAt}, ${after.taskId})`);
  }
  return q.orderBy(inboxOrder).orderBy('tasks.id', 'asc').limit(limit);
}

export async function timeline(db: Db, dossierId: string) {
  const rows = await db
    .selectFrom('dossier_events')
    .select(['seq', 'type', 'from_state as from', 'to_state as to', 'action', 'actor', 'data', 'at'])
    .where('dossier_id', '=', dossierId)
    .orderBy('seq')
    .execute();
  return rows;
}

// ---- actions through the workflow ----

export function actOnDossier(deps: DossierDeps, row: DossierRow, input: ActInput): Promise<DossierView> {
  return runUpdate(deps, row, (h) => h.executeUpdate(actUpdate, { args: [input] }));
}

export function claimDossier(deps: DossierDeps, row: DossierRow, actor: StaffActor): Promise<DossierView> {
  return runUpdate(deps, row, (h) => h.executeUpdate(claimUpdate, { args: [{ actor }] }));
}

export function releaseDossier(deps: DossierDeps, row: DossierRow, actor: StaffActor): Promise<DossierView> {
  return runUpdate(deps, row, (h) => h.executeUpdate(releaseUpdate, { args: [{ actor }] }));
}

export function supplementDossier(deps: DossierDeps, row: DossierRow, input: SupplementInput): Promise<DossierView> {
  return runUpdate(deps, row, (h) => h.executeUpdate(supplementUpdate, { args: [input] }));
}

export function bookAppointment(deps: DossierDeps, row: DossierRow, input: BookInput): Promise<DossierView> {
  return runUpdate(deps, row, (h) => h.executeUpdate(bookUpdate, { args: [input] }));
}

export function deliverExternalEvent(deps: DossierDeps, row: DossierRow, input: ExternalEventInput): Promise<DossierView> {
  return runUpdate(deps, row, (h) => h.executeUpdate(externalEventUpdate, { args: [input] }));
}

export function withdrawDossier(deps: DossierDeps, row: DossierRow, input: WithdrawInput): Promise<DossierView> {
  return runUpdate(deps, row, (h) => h.executeUpdate(withdrawUpdate, { args: [input] }));
}

/** The workflow's own view (allowed actions, branches, appointment); undefined if it is not running. */
export async function liveView(deps: DossierDeps, row: DossierRow): Promise<DossierView | undefined> {
  if (!row.workflow_started_at || row.closed_at) return undefined;
  try {
    return await deps.temporal.workflow.getHandle(row.workflow_id).query(stateQuery);
  } catch {
    return undefined; // closed meanwhile, or no worker: the read model still answers
  }
}

type Handle = ReturnType<Client['workflow']['getHandle']>;

/** Runs an Update and turns a workflow's business rejection back into the DomainError it was. */
async function runUpdate(deps: DossierDeps, row: DossierRow, run: (h: Handle) => Promise<DossierView>): Promise<DossierView> {
  if (!row.workflow_started_at) throw new DomainError('INVALID_STATE', 'Hồ sơ đang được khởi tạo, vui lòng thử lại sau ít phút.');
  try {
    return await run(deps.temporal.workflow.getHandle(row.workflow_id));
  } catch (err) {
    const cause = err instanceof WorkflowUpdateFailedError ? err.cause : undefined;
    if (cause instanceof ApplicationFailure && isErrorCode(cause.type)) {
      const issues = (cause.details?.[0] as FieldIssue[] | undefined) ?? [];
      throw new DomainError(cause.type, cause.message, issues);
    }
    if (isWorkflowGone(err)) throw new DomainError('INVALID_STATE', 'Hồ sơ đã kết thúc, không thể thao tác thêm.');
    throw err;
  }
}

function isWorkflowGone(err: unknown): boolean {
  return err instanceof Error && (err.name === 'WorkflowNotFoundError' || /workflow execution already completed/i.test(err.message));
}

/** The unit that will receive a dossier started from `unitId` (successors, authority level). */
export async function competentUnit(db: Db, unitId: string, authority: Authority, today: string): Promise<UnitNode> {
  return resolveCompetentUnit(await unitTree(db), unitId, authority, today);
}
