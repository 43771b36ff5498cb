// What the console pages read: the same services as the JSON API (scope checks, the workflow's
// live view, slots), plus the read-model rows a page shows beside them. Nothing here writes.
import { sql } from 'kysely';
import { localDate, type CalendarData } from '../../domain/calendar.js';
import type { Applicant, StaffActor } from '../../domain/contracts/dossier.js';
import type { LocalizedText, ProcedureDefinition } from '../../domain/dsl/schema.js';
import { DomainError } from '../../domain/errors.js';
import type { Db } from '../../db/database.js';
import { listSlots } from './appointments.js';
import { conversationThread } from '../conversations/service.js';
import { getVersion, retireRefusal } from '../procedures/service.js';
import { findDossierForStaff } from './access.js';
import { inbox, type InboxCursor, type InboxView } from './inbox.js';
import { liveView } from './updates.js';
import { timeline } from './timeline.js';
import { unitCalendar } from '../holidays/unit-calendar.js';
import { type DossierDeps } from './deps.js';
import { countdown } from '../console/format.js';
import { localized } from '../console/i18n.js';

/** A definition's name, selected for `localized` (the page's language). */
const definitionName = sql<LocalizedText>`body->'name'`.as('name');

/** How many working days of appointment slots a clerk chooses from. */
export const SLOT_DAYS = 5;

/** Each unit's working calendar, loaded at most once per page. */
function calendars(db: Db, now: number) {
  const cache = new Map<string, Promise<CalendarData>>();
  return (unitId: string) => {
    let cal = cache.get(unitId);
    if (!cal) cache.set(unitId, (cal = unitCalendar(db, unitId, localDate(now))));
    return cal;
  };
}

/** Names of procedures by code in the page's language, from each code's newest version. */
async function procedureNames(db: Db, codes: string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await db
    .selectFrom('procedure_definitions')
    .select(['code', definitionName])
    .where('code', 'in', [...new Set(codes)])
    .orderBy('code')
    .orderBy('version')
    .execute();
  return new Map(rows.map((r) => [r.code, localized(r.name)])); // later (newer) versions overwrite
}

/** Rows of one inbox page. */
const INBOX_PAGE_SIZE = 50;

/** The `?after=` of the inbox: `<due ms or "none">~<task id>` (task ids are text). */
function inboxCursor(row: { dueAt: Date | null; taskId: string }): string {
  return `${row.dueAt ? row.dueAt.getTime() : 'none'}~${row.taskId}`;
}

export function parseInboxCursor(value: string | undefined): InboxCursor | undefined {
  const m = /^(none|\d{1,15})~([\x21-\x7e]{1,300})$/.exec(value ?? '');
  if (!m) return undefined;
  return { dueAt: m[1] === 'none' ? null : new Date(Number(m[1])), taskId: m[2]! };
}

/** One page of the inbox (search `q`, after a cursor) and the cursor of the next page, if any. */
export async function inboxData(db: Db, actor: StaffActor, view: InboxView, search: { q?: string; after?: InboxCursor } = {}, now = Date.now()) {
  const page = await inbox(db, actor, view, new Date(now), { ...search, limit: INBOX_PAGE_SIZE + 1 });
  const rows = page.slice(0, INBOX_PAGE_SIZE);
  const next = page.length > INBOX_PAGE_SIZE ? inboxCursor(rows.at(-1)!) : undefined;
  return { rows: await inboxRows(db, rows, now), next };
}

async function inboxRows(db: Db, rows: Awaited<ReturnType<typeof inbox>>, now: number) {
  const names = await procedureNames(
    db,
    rows.map((r) => r.procedureCode),
  );
  const calendarOf = calendars(db, now);
  return Promise.all(
    rows.map(async (r) => ({
      ...r,
      procedureName: names.get(r.procedureCode) ?? r.procedureCode,
      countdown: r.dueAt ? countdown(r.dueAt.getTime(), now, await calendarOf(r.unitId)) : undefined,
    })),
  );
}
export type InboxRow = Awaited<ReturnType<typeof inboxData>>['rows'][number];

/**
 * The applicant's Zalo conversation with the OA they applied through, if the clerk serves that OA
 * (its thread page applies the same scope). Never for a crime tip: it would reveal who reported.
 */
async function applicantConversation(deps: DossierDeps, actor: StaffActor, row: { confidential: boolean; applicant: unknown }) {
  const applicant = row.applicant as Applicant;
  if (row.confidential || !applicant.oaId || !applicant.zaloUserId) return undefined;
  try {
    return await conversationThread(deps.db, deps.box, actor, applicant.oaId, applicant.zaloUserId);
  } catch (err) {
    if (err instanceof DomainError && err.code === 'NOT_FOUND') return undefined;
    throw err;
  }
}

/** Everything the dossier page shows; throws NOT_FOUND for a dossier outside the clerk's scope. */
export async function dossierData(deps: DossierDeps, actor: StaffActor, code: string, now = Date.now()) {
  const { db } = deps;
  const row = await findDossierForStaff(db, actor, code, 'view');
  const [live, definition, events, documents, messages, calendar, unit, conversation] = await Promise.all([
    liveView(deps, row),
    getVersion(db, row.procedure_code, row.procedure_version),
    timeline(db, row.id),
    db
      .selectFrom('documents')
      .select(['id', 'doc_key', 'filename', 'mime', 'size', 'source', 'created_at'])
      .where('dossier_id', '=', row.id)
      .orderBy('created_at')
      .execute(),
    db
      .selectFrom('messages')
      .select(['id', 'recipient', 'template', 'text', 'status', 'channel', 'attempts', 'undeliverable_reason', 'created_at', 'sent_at', 'delivered_at', 'seen_at'])
      .where('dossier_id', '=', row.id)
      .orderBy('created_at')
      .orderBy('idempotency_key')
      .execute(),
    unitCalendar(db, row.unit_id, localDate(now)),
    db.selectFrom('units').select('name').where('id', '=', row.unit_id).executeTakeFirstOrThrow(),
    applicantConversation(deps, actor, row),
  ]);
  if (!definition) throw new Error(`definition ${row.procedure_code} v${row.procedure_version} missing`);
  const slots = live?.stateType === 'appointment' ? (await listSlots(db, row, localDate(now), SLOT_DAYS, now)).filter((s) => s.remaining > 0) : [];
  return { row, live, definition: definition as ProcedureDefinition, events, documents, messages, calendar, unitName: unit.name, slots, conversation, now };
}
export type DossierData = Awaited<ReturnType<typeof dossierData>>;

/** Every version of every procedure, newest first within a code. */
export async function procedureVersions(db: Db) {
  const rows = await db
    .selectFrom('procedure_definitions')
    .select(['code', 'version', 'status', 'created_at', 'published_at', definitionName])
    .orderBy('code')
    .orderBy('version', 'desc')
    .execute();
  return rows.map((r) => ({ ...r, name: localized(r.name) }));
}
export type VersionRow = Awaited<ReturnType<typeof procedureVersions>>[number];

/** The published version an admin is about to retire, and how many dossiers still run on it (they go on). */
export async function retireCandidate(db: Db, code: string, version: number) {
  const row = await db
    .selectFrom('procedure_definitions')
    .select(['status', 'published_at', definitionName])
    .where('code', '=', code)
    .where('version', '=', version)
    .executeTakeFirst();
  if (row?.status !== 'published') throw retireRefusal(code, version, row?.status);
  const { running } = await db
    .selectFrom('dossiers')
    .select((eb) => eb.fn.countAll<string>().as('running'))
    .where('procedure_code', '=', code)
    .where('procedure_version', '=', version)
    .where('closed_at', 'is', null)
    .executeTakeFirstOrThrow();
  return { code, version, name: localized(row.name), publishedAt: row.published_at, running: Number(running) };
}
export type RetireCandidate = Awaited<ReturnType<typeof retireCandidate>>;
