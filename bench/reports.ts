// Report benchmark (npx tsx bench/reports.ts): the dossier report query and its exports on a
// generated read model, each next to a baseline measured in the same run:
//   - dossierReport for one ward and for the whole province vs a plain count(*) with the same filter
//     (the least any report over those rows costs: same rows found, nothing aggregated);
//   - CSV and XLSX of the province report vs JSON.stringify of it.
// Uses its own database (dropped and recreated at the start, dropped at the end) on loopback.
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { REPORT_COLUMNS } from '../api/reports/routes.js';
import { reportUnitIds } from '../api/reports/scope.js';
import { dossierReport, submittedRange, type DossierReport } from '../api/reports/service.js';
import { toCsv, toXlsx } from '../api/reports/export.js';
import type { Db } from '../db/database.js';
import { withBenchDatabase } from './database.js';
import { Latencies, printMachine, printPostgres, printTable, type Row } from './harness.js';

const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/motcua_reports_bench';
const DOSSIERS = Number(process.env.BENCH_REPORT_DOSSIERS ?? 200_000);
const WARMUP = 3;
const RUNS = 20;
const WARD = 'ca-p-dong-hung-thuan';
const PROVINCE_ADMIN = [{ role: 'admin' as const, unitId: 'ca-tphcm' }];

async function main(): Promise<void> {
  const started = performance.now();
  printMachine();
  await withBenchDatabase(DATABASE_URL, async (db) => {
    await printPostgres(db);
    const t0 = performance.now();
    await generate(db, DOSSIERS);
    console.log(`${DOSSIERS.toLocaleString('en-US')} dossiers over 24 months generated in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);

    const units = await db.selectFrom('units').select(['id', 'parent_id as parentId']).execute();
    const province = reportUnitIds(PROVINCE_ADMIN, units);
    const wardYear = { unitIds: [WARD], from: '2025-01', to: '2025-12' };
    const provinceAll = { unitIds: province, from: '2025-01', to: '2026-12' };

    const plainCount = (q: { unitIds: string[]; from: string; to: string }) => () =>
      db
        .selectFrom('dossiers')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('confidential', '=', false)
        .where('unit_id', 'in', q.unitIds)
        .where('submitted_at', '>=', submittedRange(q.from, q.to).start)
        .where('submitted_at', '<', submittedRange(q.from, q.to).end)
        .executeTakeFirstOrThrow();

    const ops: Array<[string, () => Promise<unknown>]> = [
      ['count(*), 1 ward, 12 months', plainCount(wardYear)],
      ['dossierReport, 1 ward, 12 months', () => dossierReport(db, wardYear)],
      ['count(*), province, 24 months', plainCount(provinceAll)],
      ['dossierReport, province, 24 months', () => dossierReport(db, provinceAll)],
    ];
    const timers = ops.map(() => new Latencies());
    // Interleaved, so caching and background load hit every variant alike.
    for (let run = 0; run < WARMUP + RUNS; run++) {
      for (const [i, [, op]] of ops.entries()) await timers[i]!.time(run >= WARMUP, op);
    }

    const report: DossierReport = await dossierReport(db, provinceAll);
    const exportRows = [...report.rows, { ...report.total, unitName: 'Tổng cộng' }];
    const exportOps: Array<[string, () => Promise<unknown>]> = [
      [`JSON.stringify (${report.rows.length} rows)`, () => Promise.resolve(JSON.stringify(report))],
      ['toCsv', () => Promise.resolve(toCsv(REPORT_COLUMNS, exportRows))],
      ['toXlsx', () => toXlsx(REPORT_COLUMNS, exportRows, 'Hồ sơ')],
    ];
    const exportTimers = exportOps.map(() => new Latencies());
    for (let run = 0; run < WARMUP + RUNS; run++) {
      for (const [i, [, op]] of exportOps.entries()) await exportTimers[i]!.time(run >= WARMUP, op);
    }

    const rows: Row[] = [
      { name: ops[0]![0], figures: timers[0]!.figures() },
      { name: ops[1]![0], figures: timers[1]!.figures(), baseline: ops[0]![0] },
      { name: ops[2]![0], figures: timers[2]!.figures() },
      { name: ops[3]![0], figures: timers[3]!.figures(), baseline: ops[2]![0] },
      { name: exportOps[0]![0], figures: exportTimers[0]!.figures() },
      { name: exportOps[1]![0], figures: exportTimers[1]!.figures(), baseline: exportOps[0]![0] },
      { name: exportOps[2]![0], figures: exportTimers[2]!.figures(), baseline: exportOps[0]![0] },
    ];
    printTable(rows);
    const counted = report.total.received;
    const expected = Number((await plainCount(provinceAll)()).n);
    if (counted !== expected) throw new Error(`the report counted ${counted} dossiers, the plain count ${expected}`);
    console.log(`\nprovince report: ${report.rows.length} rows, ${counted.toLocaleString('en-US')} dossiers; XLSX ${((await toXlsx(REPORT_COLUMNS, exportRows, 'Hồ sơ')).length / 1024).toFixed(0)} KB`);
  });
  console.log(`total ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * Dossiers spread over the 5 wards and 8 procedures, submitted every few minutes through 2025–2026
 * (local time): most decided (early, on the due date or late), some withdrawn, rejected, waiting for
 * the applicant or open; the crime tips (an eighth) confidential; a survey on a third of the approved ones.
 */
async function generate(db: Db, n: number): Promise<void> {
  const wards = ['ca-p-dong-hung-thuan', 'ca-p-trung-my-tay', 'ca-p-tan-thoi-hiep', 'ca-p-thoi-an', 'ca-p-an-phu-dong'];
  const procedures = ['TAM_TRU', 'TAM_VANG', 'CU_TRU_DIEU_CHINH', 'PCCC', 'DANG_KY_XE', 'CON_DAU', 'CCCD', 'TO_GIAC'];
  const minutes = 730 * 24 * 60;
  await sql`
    insert into dossiers (id, code, workflow_id, idempotency_key, request_fingerprint, procedure_code, procedure_version, unit_id,
      channel, applicant, form_data, submitted_at, workflow_started_at, state, state_type, outcome, received_at, due_at,
      original_due_at, supplement_cycles, closed_at, confidential)
    select gen_random_uuid(), 'B-' || i, 'dossier:B-' || i, 'bench:' || i, 'bench', p, 1, (${sql.val(wards)}::text[])[1 + (i / 8) % 5],
      'web', '{}', '{}', t, t,
      case when closed then 'done' when i % 9 = 0 then 'supplement' else 'review' end,
      case when closed then 'end' when i % 9 = 0 then 'applicant' else 'task' end,
      case when not closed then null when i % 17 = 0 then 'withdrawn' when i % 13 = 0 then 'rejected' else 'approved' end,
      t, due, due, i % 3, case when closed then due + ((i % 5) - 3) * interval '1 day' end, p = 'TO_GIAC'
    from generate_series(1, ${n}::int) as i,
      lateral (select (${sql.val(procedures)}::text[])[1 + i % 8] as p,
                      timestamptz '2025-01-01 00:00+07' + ((i::bigint * 7919) % ${minutes}) * interval '1 minute' as t,
                      i % 10 < 9 as closed) as a,
      lateral (select date_trunc('day', t at time zone 'Asia/Ho_Chi_Minh' + interval '3 days') at time zone 'Asia/Ho_Chi_Minh' + interval '17 hours' as due) as b
  `.execute(db);
  await sql`insert into surveys (dossier_id, rating) select id, 1 + abs(hashtext(code)) % 5 from dossiers where outcome = 'approved' and abs(hashtext(code)) % 3 = 0`.execute(db);
  await sql`analyze dossiers`.execute(db);
  await sql`analyze surveys`.execute(db);
}

await main();
