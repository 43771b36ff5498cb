// The clerk's inbox: open tasks of the actor's roles and units, searched and paged by keyset.
import { sql } from 'kysely';
import type { RoleGrant, StaffActor } from '../../domain/contracts/dossier.js';
import { MIN_SUBSTRING_SEARCH, searchTerms } from '../../domain/text-search.js';
import type { Db } from '../../db/database.js';

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
