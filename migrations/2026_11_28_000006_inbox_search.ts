import { type Expression, type Kysely, type RawBuilder, sql } from 'kysely';

// Accent-insensitive inbox search and keyset paging that stays fast with a million dossiers.
// - dossiers.search_text: the applicant's folded name and phone digits, written by the app at
//   submission with domain/text-search.ts (applicantSearchText); null for confidential dossiers,
//   which are found by code only. Rows stored before this migration are backfilled here with the
//   same folding in SQL (test/integration/search-text.test.ts proves the two agree).
// - A pg_trgm GIN index on it for substring matches (pg_trgm ships with PostgreSQL's contrib and is
//   available on the usual managed services).
// - The open-task index in keyset order: tasks without a due date sort last as 'infinity', so a page
//   after any cursor is one index range, (due, id) > (cursor), however deep.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);
  await db.schema.alterTable('dossiers').addColumn('search_text', 'text').execute();
  await sql`update dossiers set search_text = ${applicantSearchTextSql(sql.ref('applicant'))} where not confidential`.execute(db);
  await sql`create index dossiers_search_text on dossiers using gin (search_text gin_trgm_ops)`.execute(db);
  await sql`create index tasks_open_keyset on tasks (unit_id, role, coalesce(due_at, 'infinity'::timestamptz), id) where status = 'open'`.execute(db);
  await db.schema.dropIndex('tasks_open_by_due').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`create index tasks_open_by_due on tasks (unit_id, role, due_at, id) where status = 'open'`.execute(db);
  await db.schema.dropIndex('tasks_open_keyset').execute();
  await db.schema.dropIndex('dossiers_search_text').execute();
  await db.schema.alterTable('dossiers').dropColumn('search_text').execute();
}

/** foldVietnamese in SQL: NFD, combining marks removed, đ/Đ → d, lower case, single spaces. */
function foldSql(text: Expression<unknown> | RawBuilder<unknown>): RawBuilder<string> {
  const bare = sql`translate(regexp_replace(normalize(${text}, NFD), '[\u0300-\u036f]', '', 'g'), 'đĐ', 'dD')`;
  return sql<string>`btrim(regexp_replace(lower(${bare}), '\\s+', ' ', 'g'))`;
}

/** applicantSearchText in SQL, of a jsonb applicant: the folded name, then the phone digits (84… as 0…). */
export function applicantSearchTextSql(applicant: Expression<unknown> | RawBuilder<unknown>): RawBuilder<string | null> {
  const digits = sql`regexp_replace(coalesce(${applicant}->>'phone', ''), '\\D', '', 'g')`;
  const phone = sql`case when length(${digits}) = 11 and ${digits} like '84%' then '0' || substr(${digits}, 3) else ${digits} end`;
  return sql<string | null>`nullif(concat_ws(' ', nullif(${foldSql(sql`coalesce(${applicant}->>'name', '')`)}, ''), nullif(${phone}, '')), '')`;
}
