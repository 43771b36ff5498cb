// Dossier reports over real HTTP against real PostgreSQL. The dossier rows are inserted directly with
// chosen dates and outcomes (no workflow needed), in months (Oct–Nov 2025) no other test submits in,
// so the expected figures are exact even when the whole suite shares the database.
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { toCsv, toXlsx, type Column } from '../../api/reports/export.js';
import { listen, type Listening } from '../support/http.js';
import { parseCsv } from '../support/csv.js';
import { reportUnitIds } from '../../api/reports/scope.js';
import { localDateTime } from '../../domain/calendar.js';
import { TAM_TRU } from '../../domain/procedures/tam-tru.js';
import { TAM_VANG } from '../../domain/procedures/tam-vang.js';
import type { Db } from '../../db/database.js';
import { appZaloDeps, TEST_FILES, createStaff, insertDossierRow, OTHER_WARD, TEST_SECRET, testDb, WARD, type TestStaff } from '../support/fixtures.js';
import { devServerEnv } from '../support/temporal.js';

let env: TestWorkflowEnvironment;
let db: Db;
let http: Listening | undefined;
let base: string;
let chief: TestStaff;
let otherClerk: TestStaff;
let admin: TestStaff;
const inserted: string[] = [];

const WARD_NAME = 'Công an phường Đông Hưng Thuận';
const OTHER_WARD_NAME = 'Công an phường Trung Mỹ Tây';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const RANGE = 'from=2025-10&to=2025-11';

/** A local (Asia/Ho_Chi_Minh) time 'YYYY-MM-DD HH:MM' as an instant. */
const local = (at: string) => new Date(localDateTime(at.slice(0, 10), at.slice(11)));
/** Due dates are the end of office hours of their day. */
const due = (date: string) => local(`${date} 17:00`);

interface Seed {
  unit?: string;
  procedure?: string;
  submitted: string;
  /** Statutory due date (original_due_at, and due_at unless `dueAfterApology`). */
  due?: string;
  dueAfterApology?: string;
  closed?: string;
  outcome?: 'approved' | 'rejected' | 'refused' | 'withdrawn';
  stateType?: 'task' | 'applicant';
  cycles?: number;
  rating?: number;
  confidential?: boolean;
}

async function seedDossier(s: Seed): Promise<void> {
  const submittedAt = local(s.submitted);
  const open = s.closed === undefined;
  const id = await insertDossierRow(db, {
    code: `RPT-${randomUUID().slice(0, 8)}`,
    procedure_code: s.procedure ?? 'TAM_TRU',
    unit_id: s.unit ?? WARD,
    submitted_at: submittedAt,
    state: open ? (s.stateType === 'applicant' ? 'supplement' : 'review') : (s.outcome ?? 'done'),
    state_type: open ? (s.stateType ?? 'task') : 'end',
    state_label: 'Kiểm thử báo cáo',
    outcome: s.outcome ?? null,
    received_at: s.due ? submittedAt : null,
    original_due_at: s.due ? due(s.due) : null,
    due_at: s.dueAfterApology ? due(s.dueAfterApology) : s.due ? due(s.due) : null,
    apology_sent_at: s.dueAfterApology ? local(`${s.due} 08:00`) : null,
    supplement_cycles: s.cycles ?? 0,
    closed_at: s.closed ? local(s.closed) : null,
    confidential: s.confidential ?? false,
  });
  inserted.push(id);
  if (s.rating !== undefined) await db.insertInto('surveys').values({ dossier_id: id, rating: s.rating }).execute();
}

// The hand-built dataset. Figures expected from it are worked out beside each group below.
const DATASET: Seed[] = [
  // Đông Hưng Thuận, TAM_TRU, October 2025 (local months).
  // A: 00:30 local on 1 Oct is still 30 Sep in UTC: counted in October. Early (3 Oct < 6 Oct).
  { submitted: '2025-10-01 00:30', due: '2025-10-06', closed: '2025-10-03 15:00', outcome: 'approved', rating: 5 },
  // B: closed at 17:45 on its due date, after the 17:00 instant: on time (local date).
  { submitted: '2025-10-06 09:00', due: '2025-10-09', closed: '2025-10-09 17:45', outcome: 'approved', cycles: 1, rating: 4 },
  // C: closed 00:30 local the day after (still the due date in UTC): late.
  { submitted: '2025-10-07 09:00', due: '2025-10-10', closed: '2025-10-11 00:30', outcome: 'approved', cycles: 2, rating: 2 },
  // D: apology moved due_at to 15 Oct; closed 14 Oct, after the statutory 13 Oct: late.
  { submitted: '2025-10-08 09:00', due: '2025-10-13', dueAfterApology: '2025-10-15', closed: '2025-10-14 10:00', outcome: 'approved' },
  // E: still open with the clock running, long past its due date: late (open) and pending.
  { submitted: '2025-10-09 09:00', due: '2025-10-14', cycles: 1 },
  // F: rejected the day before its due date: decided, early and rejected.
  { submitted: '2025-10-10 09:00', due: '2025-10-15', closed: '2025-10-14 11:00', outcome: 'rejected', cycles: 1, rating: 2 },
  // G: withdrawn: never timed.
  { submitted: '2025-10-13 09:00', due: '2025-10-16', closed: '2025-10-15 09:00', outcome: 'withdrawn' },
  // H: waiting for the applicant's supplement (clock stopped), stale due date: pending, not late.
  { submitted: '2025-10-14 09:00', due: '2025-10-17', stateType: 'applicant', cycles: 1 },
  // I: 23:30 local on 31 Oct, not received yet (no due date): pending, not late.
  { submitted: '2025-10-31 23:30' },
  // → received 9, decided 5 (A B C D F), early 2 (A F), on time 1 (B), late 3 (C D + E open),
  //   rejected 1, withdrawn 1, pending 3 (E H I); cycles 6/9 = 0.67; surveys 4, ratings 13/4 = 3.25.

  // Đông Hưng Thuận, TAM_VANG, October: closed on its due date in the morning: on time.
  { procedure: 'TAM_VANG', submitted: '2025-10-20 09:00', due: '2025-10-22', closed: '2025-10-22 09:00', outcome: 'approved', rating: 3 },

  // Đông Hưng Thuận, TAM_TRU, November: 00:30 local on 1 Nov (31 Oct in UTC); refused at intake,
  // before any clock: decided and rejected, but neither early, on time nor late.
  { submitted: '2025-11-01 00:30', closed: '2025-11-03 08:30', outcome: 'refused' },

  // A crime tip in the same ward and month: confidential, never counted (survey included).
  { procedure: 'TO_GIAC', submitted: '2025-10-15 09:00', due: '2025-10-20', closed: '2025-10-25 09:00', outcome: 'approved', rating: 1, confidential: true },

  // Outside Oct–Nov in local time: 1 Dec 00:30 local is still 30 Nov in UTC; 30 Sep 23:30 local.
  { submitted: '2025-12-01 00:30', due: '2025-12-04', closed: '2025-12-02 09:00', outcome: 'approved', rating: 1 },
  { submitted: '2025-09-30 23:30', due: '2025-10-03', closed: '2025-10-10 09:00', outcome: 'approved', rating: 1 },

  // Trung Mỹ Tây, TAM_TRU, October: one late, one early.
  { unit: OTHER_WARD, submitted: '2025-10-06 10:00', due: '2025-10-09', closed: '2025-10-10 09:00', outcome: 'approved', rating: 5 },
  { unit: OTHER_WARD, submitted: '2025-10-07 10:00', due: '2025-10-10', closed: '2025-10-08 14:00', outcome: 'approved', cycles: 1 },
];

const figures = (f: Partial<Record<string, number | null>>) => ({
  received: 0,
  decided: 0,
  early: 0,
  onTime: 0,
  late: 0,
  lateOpen: 0,
  rejected: 0,
  withdrawn: 0,
  pending: 0,
  avgSupplementCycles: 0,
  surveys: 0,
  avgRating: null,
  ...f,
});

const WARD_TAM_TRU_OCT = {
  unitId: WARD,
  unitName: WARD_NAME,
  procedureCode: 'TAM_TRU',
  procedureName: TAM_TRU.name.vi,
  month: '2025-10',
  ...figures({ received: 9, decided: 5, early: 2, onTime: 1, late: 3, lateOpen: 1, rejected: 1, withdrawn: 1, pending: 3, avgSupplementCycles: 0.67, surveys: 4, avgRating: 3.25 }),
};
const WARD_TAM_TRU_NOV = {
  unitId: WARD,
  unitName: WARD_NAME,
  procedureCode: 'TAM_TRU',
  procedureName: TAM_TRU.name.vi,
  month: '2025-11',
  ...figures({ received: 1, decided: 1, rejected: 1 }),
};
const WARD_TAM_VANG_OCT = {
  unitId: WARD,
  unitName: WARD_NAME,
  procedureCode: 'TAM_VANG',
  procedureName: TAM_VANG.name.vi,
  month: '2025-10',
  ...figures({ received: 1, decided: 1, onTime: 1, surveys: 1, avgRating: 3 }),
};
const OTHER_TAM_TRU_OCT = {
  unitId: OTHER_WARD,
  unitName: OTHER_WARD_NAME,
  procedureCode: 'TAM_TRU',
  procedureName: TAM_TRU.name.vi,
  month: '2025-10',
  ...figures({ received: 2, decided: 2, early: 1, late: 1, avgSupplementCycles: 0.5, surveys: 1, avgRating: 5 }),
};
const WARD_TOTAL = figures({ received: 11, decided: 7, early: 2, onTime: 2, late: 3, lateOpen: 1, rejected: 2, withdrawn: 1, pending: 3, avgSupplementCycles: 0.55, surveys: 5, avgRating: 3.2 });

beforeAll(async () => {
  env = await devServerEnv();
  db = testDb();
  const app = createApp({ db, temporal: env.client, taskQueue: 'reports-test-unused', secret: TEST_SECRET, files: TEST_FILES, ...appZaloDeps() });
  http = await listen(app.fetch);
  base = http.base;
  // Even the ward's investigator, who may open crime tips, never finds them in a report.
  chief = await createStaff(db, 'Phạm Trưởng Phường', [
    { role: 'chief', unitId: WARD },
    { role: 'investigator', unitId: WARD },
  ]);
  otherClerk = await createStaff(db, 'Võ Tiếp Nhận', [{ role: 'receiver', unitId: OTHER_WARD }]);
  admin = await createStaff(db, 'Quản Trị Thành Phố', [{ role: 'admin', unitId: 'ca-tphcm' }]);
  for (const seed of DATASET) await seedDossier(seed);
});

afterAll(async () => {
  await http?.close();
  if (db && inserted.length > 0) {
    await db.deleteFrom('surveys').where('dossier_id', 'in', inserted).execute();
    await db.deleteFrom('dossiers').where('id', 'in', inserted).execute();
  }
  await env?.teardown();
  await db?.destroy();
});

interface Res {
  status: number;
  headers: Headers;
  bytes: Buffer;
  // Response JSON is checked field by field below.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

async function report(query: string, who: TestStaff | undefined): Promise<Res> {
  const res = await fetch(`${base}/api/reports/dossiers?${query}`, { headers: who ? { authorization: `Bearer ${who.token}` } : {} });
  const bytes = Buffer.from(await res.arrayBuffer());
  const json = res.headers.get('content-type')?.startsWith('application/json');
  return { status: res.status, headers: res.headers, bytes, body: json ? JSON.parse(bytes.toString('utf8')) : undefined };
}

async function reportJson(query: string, who: TestStaff) {
  const res = await report(query, who);
  expect(res.status, res.bytes.toString()).toBe(200);
  return res.body;
}

const HEADERS = [
  'Đơn vị',
  'Mã thủ tục',
  'Thủ tục',
  'Tháng',
  'Tiếp nhận',
  'Đã giải quyết',
  'Trước hạn',
  'Đúng hạn',
  'Trễ hạn',
  'Trễ hạn chưa giải quyết',
  'Từ chối',
  'Rút hồ sơ',
  'Đang giải quyết',
  'Số lần bổ sung bình quân',
  'Phiếu đánh giá',
  'Mức hài lòng bình quân',
];

type Row = ReturnType<typeof figures> & { unitName?: string; procedureCode?: string; procedureName?: string; month?: string };
/** A report row as the export's cells, in column order. */
const cells = (r: Row) => [
  r.unitName ?? null,
  r.procedureCode ?? null,
  r.procedureName ?? null,
  r.month ?? null,
  r.received,
  r.decided,
  r.early,
  r.onTime,
  r.late,
  r.lateOpen,
  r.rejected,
  r.withdrawn,
  r.pending,
  r.avgSupplementCycles,
  r.surveys,
  r.avgRating,
];
const EXPORT_ROWS = [WARD_TAM_TRU_OCT, WARD_TAM_TRU_NOV, WARD_TAM_VANG_OCT, { ...WARD_TOTAL, unitName: 'Tổng cộng' }];

describe('GET /api/reports/dossiers', () => {
  it('counts per unit, procedure and month exactly as defined, for the caller’s ward only', async () => {
    const body = await reportJson(RANGE, chief);
    expect(body).toEqual({
      from: '2025-10',
      to: '2025-11',
      procedureCode: null,
      asOf: expect.any(String),
      rows: [WARD_TAM_TRU_OCT, WARD_TAM_TRU_NOV, WARD_TAM_VANG_OCT],
      months: [
        { month: '2025-10', ...figures({ received: 10, decided: 6, early: 2, onTime: 2, late: 3, lateOpen: 1, rejected: 1, withdrawn: 1, pending: 3, avgSupplementCycles: 0.6, surveys: 5, avgRating: 3.2 }) },
        { month: '2025-11', ...figures({ received: 1, decided: 1, rejected: 1 }) },
      ],
      total: WARD_TOTAL,
    });
    expect(Math.abs(Date.parse(body.asOf) - Date.now())).toBeLessThan(60_000);
  });

  it('shows another ward’s clerk only their ward, and a provincial admin every ward', async () => {
    const other = await reportJson(RANGE, otherClerk);
    expect(other.rows).toEqual([OTHER_TAM_TRU_OCT]);
    expect(other.total).toEqual(figures({ received: 2, decided: 2, early: 1, late: 1, avgSupplementCycles: 0.5, surveys: 1, avgRating: 5 }));

    const all = await reportJson(RANGE, admin);
    expect(all.rows).toEqual([WARD_TAM_TRU_OCT, WARD_TAM_TRU_NOV, WARD_TAM_VANG_OCT, OTHER_TAM_TRU_OCT]);
    expect(all.total).toEqual(
      figures({ received: 13, decided: 9, early: 3, onTime: 2, late: 4, lateOpen: 1, rejected: 2, withdrawn: 1, pending: 3, avgSupplementCycles: 0.54, surveys: 6, avgRating: 3.5 }),
    );
  });

  it('never counts a confidential dossier, even for the ward’s investigator or the admin', async () => {
    for (const who of [chief, admin]) {
      const tips = await reportJson(`${RANGE}&procedure=TO_GIAC`, who);
      expect(tips).toMatchObject({ procedureCode: 'TO_GIAC', rows: [], months: [], total: figures({ avgSupplementCycles: null }) });
    }
  });

  it('filters by procedure; an empty procedure means all', async () => {
    const vang = await reportJson(`${RANGE}&procedure=TAM_VANG`, chief);
    expect(vang.rows).toEqual([WARD_TAM_VANG_OCT]);
    expect(vang.total).toEqual(figures({ received: 1, decided: 1, onTime: 1, surveys: 1, avgRating: 3 }));
    expect((await reportJson(`${RANGE}&procedure=`, chief)).total).toEqual(WARD_TOTAL);
  });

  it('exports CSV: UTF-8 with BOM, Vietnamese headers, CRLF, quoted fields, the same numbers and a total', async () => {
    const res = await report(`${RANGE}&format=csv`, chief);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="bao-cao-ho-so-2025-10-2025-11.csv"');
    expect([...res.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = res.bytes.subarray(3).toString('utf8');
    expect(text.endsWith('\r\n')).toBe(true);
    const lines = text.slice(0, -2).split('\r\n');
    expect(lines).toEqual([
      HEADERS.join(','),
      `${WARD_NAME},TAM_TRU,"${TAM_TRU.name.vi}",2025-10,9,5,2,1,3,1,1,1,3,0.67,4,3.25`,
      `${WARD_NAME},TAM_TRU,"${TAM_TRU.name.vi}",2025-11,1,1,0,0,0,0,1,0,0,0,0,`,
      `${WARD_NAME},TAM_VANG,${TAM_VANG.name.vi},2025-10,1,1,0,1,0,0,0,0,0,0,1,3`,
      'Tổng cộng,,,,11,7,2,2,3,1,2,1,3,0.55,5,3.2',
    ]);
    expect(parseCsv(text)).toEqual([HEADERS, ...EXPORT_ROWS.map((r) => cells(r).map((v) => (v === null ? '' : String(v))))]);
  });

  it('exports XLSX that parses back with bold headers, numbers as numbers and the same figures', async () => {
    const res = await report(`${RANGE}&format=xlsx`, chief);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(XLSX_TYPE);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="bao-cao-ho-so-2025-10-2025-11.xlsx"');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.bytes as unknown as ExcelJS.Buffer);
    expect(workbook.worksheets).toHaveLength(1);
    const sheet = workbook.worksheets[0]!;
    const values = (n: number) => HEADERS.map((_, i) => sheet.getRow(n).getCell(i + 1).value ?? null);
    expect(values(1)).toEqual(HEADERS);
    expect(HEADERS.every((_, i) => sheet.getRow(1).getCell(i + 1).font?.bold === true)).toBe(true);
    expect(sheet.rowCount).toBe(1 + EXPORT_ROWS.length);
    EXPORT_ROWS.forEach((r, i) => expect(values(i + 2)).toEqual(cells(r)));
    expect(typeof sheet.getRow(2).getCell(5).value).toBe('number');
  });

  it('rejects bad parameters with 422 and the field paths, and strangers with 401', async () => {
    const paths = async (query: string) => {
      const res = await report(query, chief);
      expect(res.status, res.bytes.toString()).toBe(422);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      return (res.body.error.issues as Array<{ path: string; message: string }>).map((i) => i.path);
    };
    expect(await paths('')).toEqual(['query.from', 'query.to']);
    expect(await paths('from=2025-13&to=2025-11')).toEqual(['query.from']);
    expect(await paths('from=2025-10-01&to=2025-11')).toEqual(['query.from']);
    expect(await paths('from=2025-11&to=2025-10')).toEqual(['query.to']);
    expect(await paths('from=2024-01&to=2026-01')).toEqual(['query.to']); // 25 months
    expect(await paths(`${RANGE}&format=pdf`)).toEqual(['query.format']);
    expect(await paths(`${RANGE}&procedure=tam-tru`)).toEqual(['query.procedure']);
    const tooLong = await report('from=2024-01&to=2026-01', chief);
    expect(tooLong.body.error.issues[0].message).toContain('24');

    expect((await report('from=2024-02&to=2026-01', chief)).status).toBe(200); // exactly 24 months

    const anonymous = await report(RANGE, undefined);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('UNAUTHENTICATED');
  });
});

describe('report contract', () => {
  it('is in the OpenAPI document with its parameters and the three content types', async () => {
    interface Operation {
      parameters: Array<{ name: string; in: string }>;
      responses: Record<string, { content: Record<string, unknown> }>;
      security: unknown;
    }
    const doc = (await (await fetch(`${base}/openapi.json`)).json()) as { paths: Record<string, { get: Operation }> };
    const op = doc.paths['/api/reports/dossiers']!.get;
    expect(op.parameters.map((p) => `${p.in}:${p.name}`)).toEqual(['query:from', 'query:to', 'query:procedure', 'query:format']);
    expect(Object.keys(op.responses['200']!.content)).toEqual(['application/json', 'text/csv', XLSX_TYPE]);
    expect(op.security).toEqual([{ bearer: [] }]);
  });
});

describe('report scope and export helpers', () => {
  it('a provincial admin reaches every unit below, dissolved ones included; others only their units', async () => {
    const units = await db.selectFrom('units').select(['id', 'parent_id as parentId']).execute();
    expect(reportUnitIds(admin.actor.grants, units).sort()).toEqual(units.map((u) => u.id).sort());
    expect(reportUnitIds(chief.actor.grants, units)).toEqual([WARD]);
    expect(reportUnitIds([{ role: 'admin', unitId: 'ca-q12' }], units)).toEqual(units.filter((u) => u.id === 'ca-q12' || u.parentId === 'ca-q12').map((u) => u.id));
    expect(reportUnitIds([{ role: 'admin', unitId: 'ca-q12' }], units)).toHaveLength(12);
  });

  it('toCsv escapes quotes, separators and line breaks, defuses formulas, and keeps numbers plain', () => {
    const columns: Column<{ a: string | null; n: number | null }>[] = [
      { header: 'Tên "đơn vị"', value: (r) => r.a },
      { header: 'Số', value: (r) => r.n },
    ];
    const csv = toCsv(columns, [
      { a: 'Phường A, "mới"', n: 1.5 },
      { a: 'dòng 1\ndòng 2', n: -2 },
      { a: '=HYPERLINK("x")', n: null },
      { a: null, n: 0 },
    ]);
    expect(csv).toBe('\uFEFF"Tên ""đơn vị""",Số\r\n"Phường A, ""mới""",1.5\r\n"dòng 1\ndòng 2",-2\r\n"\'=HYPERLINK(""x"")",\r\n,0\r\n');
    expect(parseCsv(csv.slice(1))).toEqual([['Tên "đơn vị"', 'Số'], ['Phường A, "mới"', '1.5'], ['dòng 1\ndòng 2', '-2'], ['\'=HYPERLINK("x")', ''], ['', '0']]);
  });

  it('toXlsx writes formula-looking text as text and fits the sheet name to Excel’s rules', async () => {
    const buffer = await toXlsx([{ header: 'Tên', value: (r: { a: string }) => r.a }], [{ a: '=1+1' }], 'Báo cáo: tháng 10/2025 [thử] quá dài để làm tên');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('Báo cáo  tháng 10 2025  thử  qu');
    expect(sheet.getCell('A2').value).toBe('=1+1');
  });
});
