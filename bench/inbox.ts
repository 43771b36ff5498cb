// Inbox benchmark (npx tsx bench/inbox.ts): the console inbox query (api/dossiers/inbox.ts
// `inbox`) on a generated read model of a million dossiers with open tasks across the 16 ward units
// of District 12 (5 current wards, 11 former ones), each figure next to a baseline measured in the
// same run, a primary-key lookup of one dossier (the least any read of the read model costs):
//   - the first page and page 500 (keyset cursor) for a receiver of one ward, and for a clerk
//     holding three roles there;
//   - searches: a common name typed without diacritics (also for three roles), a common surname alone,
//     one applicant's full name, a full phone, the end of a phone, a
//     code prefix and a full code.
// EXPLAIN checks that each uses the index it was designed for. Uses its own database (dropped and
// recreated at the start, dropped at the end) on loopback.
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { inbox, inboxQuery, type InboxCursor, type InboxSearch, type InboxView } from '../api/dossiers/inbox.js';
import type { Db } from '../db/database.js';
import type { RoleGrant, StaffActor } from '../domain/contracts/dossier.js';
import { applicantSearchText, foldVietnamese } from '../domain/text-search.js';
import { withBenchDatabase } from './database.js';
import { Latencies, printMachine, printPostgres, printTable, type Row } from './harness.js';

const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/motcua_inbox_bench';
const DOSSIERS = Number(process.env.BENCH_INBOX_DOSSIERS ?? 1_000_000);
const PAGE = 50;
const DEEP_PAGE = Number(process.env.BENCH_INBOX_DEEP_PAGE ?? 500);
const WARMUP = 3;
const RUNS = 20;
const WARD = 'ca-p-dong-hung-thuan';

// Family names repeated roughly by how common they are (Nguyễn about a third), then middle and given names.
const FAMILY = ['Nguyễn', 'Nguyễn', 'Nguyễn', 'Nguyễn', 'Nguyễn', 'Trần', 'Trần', 'Lê', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý'];
const MIDDLE = ['Văn', 'Thị', 'Hữu', 'Đức', 'Minh', 'Thanh', 'Ngọc', 'Quốc', 'Thu', 'Hoàng', 'Gia', 'Xuân', 'Kim', 'Bảo', 'Phương', 'Công', 'Thùy', 'Mỹ'];
const GIVEN = [
  'Hồng', 'Lan', 'Anh', 'Hùng', 'Dũng', 'Tuấn', 'Hương', 'Mai', 'Linh', 'Phúc', 'Khoa', 'Đạt', 'Hải', 'Nam', 'Trang', 'Thảo', 'Yến', 'Vy',
  'Quân', 'Long', 'Sơn', 'Tâm', 'Nhung', 'Hạnh', 'Giang', 'Duy', 'Khánh', 'Ngân', 'Trí', 'Thắng', 'Cường', 'Đông', 'Uyên', 'Nhi', 'Tú', 'Bình',
];
const PROCEDURES = ['TAM_TRU', 'TAM_VANG', 'CU_TRU_DIEU_CHINH', 'PCCC', 'DANG_KY_XE', 'CON_DAU', 'CCCD', 'TO_GIAC'];
const ROLES = ['receiver', 'officer', 'chief'] as const;
/** Indexes that read a clerk's open tasks (for searches matching so many dossiers that this is the better way). */
const CLERK_TASKS = ['tasks_open_keyset', 'tasks_inbox'];

interface Scenario {
  name: string;
  actor: StaffActor;
  view?: InboxView;
  search: InboxSearch;
  /** EXPLAIN must show one of these indexes (and no sequential scan of tasks or dossiers). */
  index: string[];
}

async function main(): Promise<void> {
  const started = performance.now();
  printMachine();
  await withBenchDatabase(DATABASE_URL, async (db) => {
    await printPostgres(db);
    const t0 = performance.now();
    const staff = await generate(db, DOSSIERS);
    console.log(`${DOSSIERS.toLocaleString('en-US')} dossiers with open tasks generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    await checkSearchText(db);

    const receiver = await actor(db, 'bench.receiver', [{ role: 'receiver', unitId: WARD }]);
    const threeRoles = await actor(db, 'bench.three', ROLES.map((role) => ({ role, unitId: WARD })));
    const deep = { receiver: await cursorOfPage(db, receiver, DEEP_PAGE), threeRoles: await cursorOfPage(db, threeRoles, DEEP_PAGE) };
    // One applicant in the receiver's inbox: searched by full name (a handful of matches) and phone.
    const sample = await db
      .selectFrom('dossiers')
      .innerJoin('tasks', 'tasks.dossier_id', 'dossiers.id')
      .select(['dossiers.code', sql<string>`applicant->>'phone'`.as('phone'), sql<string>`applicant->>'name'`.as('name')])
      .where('tasks.unit_id', '=', WARD)
      .where('tasks.role', '=', 'receiver')
      .orderBy('dossiers.code')
      .offset(Math.floor(DOSSIERS / 100))
      .limit(1)
      .executeTakeFirstOrThrow();
    console.log(`page ${DEEP_PAGE} of the receiver's inbox starts after ${PAGE * (DEEP_PAGE - 1)} tasks; sample applicant ${sample.name}, ${sample.phone}\n`);

    const scenarios: Scenario[] = [
      { name: 'first page (1 role)', actor: receiver, search: {}, index: ['tasks_open_keyset'] },
      { name: 'first page, unassigned (1 role)', actor: receiver, view: 'unassigned', search: {}, index: ['tasks_open_keyset'] },
      { name: `page ${DEEP_PAGE} (1 role)`, actor: receiver, search: { after: deep.receiver }, index: ['tasks_open_keyset'] },
      { name: 'first page (3 roles)', actor: threeRoles, search: {}, index: ['tasks_open_keyset'] },
      { name: `page ${DEEP_PAGE} (3 roles)`, actor: threeRoles, search: { after: deep.threeRoles }, index: ['tasks_open_keyset'] },
      { name: 'name "nguyen thi hong"', actor: receiver, search: { q: 'nguyen thi hong' }, index: ['dossiers_search_text'] },
      { name: 'name "nguyen thi hong" (3 roles)', actor: threeRoles, search: { q: 'nguyen thi hong' }, index: ['dossiers_search_text'] },
      // A third of all applicants: the weak spot (every match is read, joined and sorted).
      { name: 'surname "nguyen" (3 roles)', actor: threeRoles, search: { q: 'nguyen' }, index: ['dossiers_search_text', ...CLERK_TASKS] },
      { name: 'full name of one applicant, no diacritics', actor: receiver, search: { q: foldVietnamese(sample.name) }, index: ['dossiers_search_text'] },
      { name: 'full phone', actor: receiver, search: { q: sample.phone }, index: ['dossiers_search_text'] },
      { name: 'last 6 digits of a phone', actor: receiver, search: { q: sample.phone.slice(-6) }, index: ['dossiers_search_text'] },
      // A month of a ward matches thousands: reading the clerk's open tasks instead is as good.
      { name: 'code prefix (unit + month)', actor: threeRoles, search: { q: sample.code.slice(0, 8) }, index: ['dossiers_code_prefix', ...CLERK_TASKS] },
      { name: 'full code', actor: threeRoles, search: { q: sample.code.toLowerCase() }, index: ['dossiers_code_prefix'] },
    ];
    const run = (s: Scenario) => () => inbox(db, s.actor, s.view ?? 'all', new Date(), { ...s.search, limit: PAGE + 1 });

    // What each returns, and the plan it runs with.
    console.log('scenario: rows on the page; indexes in the plan');
    for (const s of scenarios) {
      const rows = await run(s)();
      if (rows.length === 0) throw new Error(`${s.name}: found nothing`);
      const { indexes, seqScans } = await plan(db, s);
      if (!s.index.some((i) => indexes.includes(i))) throw new Error(`${s.name}: the plan uses none of ${s.index.join(', ')} (${indexes.join(', ')})`);
      if (seqScans.length > 0) throw new Error(`${s.name}: the plan scans ${seqScans.join(', ')} sequentially`);
      console.log(`  ${s.name}: ${rows.length}; ${indexes.join(', ')}`);
    }
    const byPhone = await run(scenarios.find((s) => s.name === 'full phone')!)();
    if (!byPhone.some((r) => r.code === sample.code)) throw new Error('the phone search did not find its dossier');
    const ids = (await sql<{ id: string }>`select id from dossiers tablesample system (1) limit 200`.execute(db)).rows.map((r) => r.id);

    const baseline = 'dossier by primary key';
    let k = 0;
    const ops: Array<[string, () => Promise<unknown>]> = [
      [baseline, () => db.selectFrom('dossiers').selectAll().where('id', '=', ids[k++ % ids.length]!).executeTakeFirstOrThrow()],
      ...scenarios.map((s): [string, () => Promise<unknown>] => [s.name, run(s)]),
    ];
    const timers = ops.map(() => new Latencies());
    // Interleaved, so caching and background load hit every variant alike.
    for (let r = 0; r < WARMUP + RUNS; r++) {
      for (const [i, [, op]] of ops.entries()) await timers[i]!.time(r >= WARMUP, op);
    }
    console.log();
    printTable(ops.map(([name], i): Row => ({ name, figures: timers[i]!.figures(), ...(i === 0 ? {} : { baseline }) })));
    console.log(`\n${staff} staff hold the assigned tasks`);
  });
  console.log(`total ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * `n` dossiers submitted over 2025–2026 at the ward units (each current ward three times as many as a
 * former one), each with one open task (an eighth are
 * crime tips: confidential, an investigator's task, no search text), due from 30 days ago to 60 days
 * ahead (one in 20 without a due date), 30 % assigned. Names are built from common Vietnamese
 * family, middle and given names; the search text is built from the same parts folded by
 * foldVietnamese, as submitDossier's applicantSearchText would (checkSearchText samples it).
 */
async function generate(db: Db, n: number): Promise<number> {
  const units = await db.selectFrom('units').select(['id', 'code', 'valid_to']).where('level', '=', 'ward').orderBy('id').execute();
  // Slots of the round-robin: a current ward takes three; `rep` keeps their codes apart.
  const slots = units.flatMap((u) => (u.valid_to === null ? [0, 1, 2] : [0]).map((rep) => ({ ...u, rep })));
  const clerks = await Promise.all(
    Array.from({ length: 20 }, async (_, i) =>
      (await db.insertInto('staff').values({ username: `bench.clerk${i}`, full_name: `Cán bộ ${i}` }).returning('id').executeTakeFirstOrThrow()).id,
    ),
  );
  const fold = (names: string[]) => names.map(foldVietnamese);
  // A bulk load: the migrations' secondary indexes are dropped and built again afterwards, from their
  // own definitions, which is much faster than maintaining them row by row.
  const indexes = (
    await sql<{ name: string; definition: string }>`
      select indexname as name, indexdef as definition from pg_indexes i
      where tablename in ('dossiers', 'tasks') and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`.execute(db)
  ).rows;
  await db.transaction().execute(async (trx) => {
    await sql`set local maintenance_work_mem = '256MB'`.execute(trx);
    for (const index of indexes) await sql`drop index ${sql.id(index.name)}`.execute(trx);
    await sql`
      insert into dossiers (id, code, workflow_id, idempotency_key, request_fingerprint, procedure_code, procedure_version, unit_id,
        channel, applicant, form_data, submitted_at, workflow_started_at, state, state_type, state_label, confidential, search_text)
      select gen_random_uuid(), code, 'dossier:' || code, 'bench:' || i, 'bench', p, 1, unit_id, 'zalo',
        case when tip then jsonb_build_object('name', 'Người báo tin (bảo mật)')
             else jsonb_build_object('name', fam || ' ' || mid || ' ' || giv, 'phone', phone) end,
        '{}', t, t, 'review', 'task', 'Thẩm định hồ sơ', tip,
        case when tip then null else ffam || ' ' || fmid || ' ' || fgiv || ' ' || phone end
      from generate_series(0, ${n - 1}::int) as i,
        lateral (select 1 + i % ${slots.length} as u, (i / ${slots.length}) % 730 as d) as k,
        lateral (select (${sql.val(slots.map((w) => w.id))}::text[])[u] as unit_id,
                        (${sql.val(slots.map((w) => w.code))}::text[])[u] || '-' || to_char(date '2025-01-01' + d, 'YYMMDD') || '-' ||
                          lpad((1 + i / ${slots.length * 730} + 1000 * (${sql.val(slots.map((w) => w.rep))}::int[])[u])::text, 4, '0') as code,
                        (${sql.val(PROCEDURES)}::text[])[1 + (i / 7) % 8] as p,
                        timestamptz '2025-01-01 08:00+07' + d * interval '1 day' + (i % 480) * interval '1 minute' as t,
                        1 + abs(hashtext('f' || i)) % ${FAMILY.length} as f, 1 + abs(hashtext('m' || i)) % ${MIDDLE.length} as m,
                        1 + abs(hashtext('g' || i)) % ${GIVEN.length} as g,
                        '09' || lpad(((i::bigint * 7919 + 104729) % 100000000)::text, 8, '0') as phone) as a,
        lateral (select p = 'TO_GIAC' as tip,
                        (${sql.val(FAMILY)}::text[])[f] as fam, (${sql.val(MIDDLE)}::text[])[m] as mid, (${sql.val(GIVEN)}::text[])[g] as giv,
                        (${sql.val(fold(FAMILY))}::text[])[f] as ffam, (${sql.val(fold(MIDDLE))}::text[])[m] as fmid, (${sql.val(fold(GIVEN))}::text[])[g] as fgiv) as b
    `.execute(trx);
    await sql`
      insert into tasks (id, dossier_id, seq, state, label, role, unit_id, status, assignee_id, due_at, created_at)
      select d.id || ':1', d.id, 1, 'review', 'Thẩm định hồ sơ',
        case when d.confidential then 'investigator' else (${sql.val([...ROLES])}::text[])[1 + h % 3] end,
        d.unit_id, 'open',
        case when h % 10 < 3 then (${sql.val(clerks)}::uuid[])[1 + h % ${clerks.length}] end,
        case when h % 20 <> 0 then now() - interval '30 days' + (h % 129600) * interval '1 minute' end,
        d.submitted_at
      from (select *, abs(hashtext(code)) as h from dossiers) as d
    `.execute(trx);
    for (const index of indexes) await sql.raw(index.definition).execute(trx);
  });
  await sql`analyze dossiers`.execute(db);
  await sql`analyze tasks`.execute(db);
  return clerks.length;
}

/** The generated search text is what the app would have written for the same applicant. */
async function checkSearchText(db: Db): Promise<void> {
  const rows = await sql<{ applicant: { name: string; phone?: string }; search_text: string | null }>`
    select applicant, search_text from dossiers tablesample system (1) where not confidential limit 2000`.execute(db);
  const wrong = rows.rows.filter((r) => applicantSearchText(r.applicant) !== r.search_text);
  if (rows.rows.length === 0 || wrong.length > 0) throw new Error(`search text differs from applicantSearchText for ${wrong.length} of ${rows.rows.length} rows`);
}

async function actor(db: Db, username: string, grants: RoleGrant[]): Promise<StaffActor> {
  const { id } = await db.insertInto('staff').values({ username, full_name: username }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('staff_roles').values(grants.map((g) => ({ staff_id: id, role: g.role, unit_id: g.unitId }))).execute();
  return { kind: 'staff', staffId: id, name: username, grants };
}

/** The cursor page `page` starts after, found by walking the pages as the console does. */
async function cursorOfPage(db: Db, who: StaffActor, page: number): Promise<InboxCursor> {
  let after: InboxCursor | undefined;
  for (let p = 1; p < page; p++) {
    const rows = await inbox(db, who, 'all', new Date(), { after, limit: PAGE });
    if (rows.length < PAGE) throw new Error(`the inbox has fewer than ${page} pages`);
    const last = rows.at(-1)!;
    after = { dueAt: last.dueAt, taskId: last.taskId };
  }
  return after!;
}

/** The index names in the plan PostgreSQL chooses for a scenario, and the tables it reads whole. */
async function plan(db: Db, s: Scenario): Promise<{ indexes: string[]; seqScans: string[] }> {
  const explained = await inboxQuery(db, s.actor, s.view ?? 'all', new Date(), { ...s.search, limit: PAGE + 1 })!.explain('json');
  const indexes = new Set<string>();
  const seqScans = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (typeof n['Index Name'] === 'string') indexes.add(n['Index Name']);
    if (n['Node Type'] === 'Seq Scan' && ['tasks', 'dossiers'].includes(String(n['Relation Name']))) seqScans.add(String(n['Relation Name']));
    Object.values(n).forEach(walk);
  };
  walk(explained);
  return { indexes: [...indexes].sort(), seqScans: [...seqScans] };
}

await main();
