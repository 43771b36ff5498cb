// What the console pages read: the same services as the JSON API (scope checks, the workflow's
// live view, slots), plus the read-model rows a page shows beside them. Nothing here writes.
import { localDate, type CalendarData } from '../../domain/calendar.js';
import type { StaffActor } from '../../domain/contracts/dossier.js';
import type { ProcedureDefinition } from '../../domain/dsl/schema.js';
import { DomainError } from '../../domain/errors.js';
import type { Db } from '../../db/database.js';
import { listSlots } from './appointments.js';
import { conversationThread } from '../conversations/service.js';
import { procedureNames } from '../procedures/console-data.js';
import { getVersion } from '../procedures/service.js';
import { findDossierForStaff } from './access.js';
import { inbox, type InboxCursor, type InboxView } from './inbox.js';
import { liveView } from './updates.js';
import { timeline } from './timeline.js';
import { unitCalendar } from '../holidays/unit-calendar.js';
import { type DossierDeps } from './deps.js';
import { countdown } from '../console/format.js';
import { ApplicantColumn } from '../../domain/contracts/columns.js';

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
  const applicant = ApplicantColumn.parse(row.applicant);
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
