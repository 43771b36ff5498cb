// The console's admin and report pages over real HTTP against real PostgreSQL: the unit tree, the
// holiday calendar (add, refuse a weekend day off at its field, delete), the OA list (secrets never
// shown; the consent flow itself is in console-oas.test.ts), admin-only access, and the report page with a small
// dataset inserted directly (months May–June 2023, which no other test uses; no worker needed).
import { randomInt, randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { localDateTime } from '../../domain/calendar.js';
import type { Db } from '../../db/database.js';
import { markNeedsReauth, registerOa } from '../../db/zalo-oas.js';
import { listen, type Listening } from '../support/http.js';
import { appZaloDeps, createStaff, insertDossierRow, TEST_BOX, TEST_FILES, TEST_SECRET, testDb, WARD, type TestStaff } from '../support/fixtures.js';
import { cells, consolePages, row, text } from '../support/console-pages.js';
import { devServerEnv } from '../support/temporal.js';

let env: TestWorkflowEnvironment;
let db: Db;
let http: Listening | undefined;
let base: string;
let admin: TestStaff;
let clerk: TestStaff;
const inserted: string[] = [];

const OA_ID = `99${randomInt(10 ** 9, 10 ** 10)}`;
const APP_SECRET = `app-secret-${randomUUID()}`;
const OA_SECRET_KEY = `oa-secret-${randomUUID()}`;
const LAST_ERROR = 'Refresh token hết hạn (Zalo -14014)';

const local = (at: string) => new Date(localDateTime(at.slice(0, 10), at.slice(11)));

interface Seed {
  submitted: string;
  due?: string;
  closed?: string;
  outcome?: 'approved' | 'rejected' | 'withdrawn';
  cycles?: number;
  rating?: number;
}

async function seedDossier(s: Seed): Promise<void> {
  const submittedAt = local(s.submitted);
  const open = s.closed === undefined;
  const id = await insertDossierRow(db, {
    code: `CAD-${randomUUID().slice(0, 8)}`,
    submitted_at: submittedAt,
    state: open ? 'review' : (s.outcome ?? 'done'),
    state_type: open ? 'task' : 'end',
    state_label: 'Kiểm thử trang báo cáo',
    outcome: s.outcome ?? null,
    received_at: s.due ? submittedAt : null,
    original_due_at: s.due ? local(`${s.due} 17:00`) : null,
    due_at: s.due ? local(`${s.due} 17:00`) : null,
    supplement_cycles: s.cycles ?? 0,
    closed_at: s.closed ? local(s.closed) : null,
  });
  inserted.push(id);
  if (s.rating !== undefined) await db.insertInto('surveys').values({ dossier_id: id, rating: s.rating }).execute();
}

// May 2023: received 4, early 1, late 1, withdrawn 1, pending 1; cycles 1/4 = 0.25; ratings (5 + 3) / 2 = 4.
// June 2023: received 1, on time 1 (rejected on its due date), rejected 1; cycles 2.
// Total: received 5, early 1, on time 1, late 1, rejected 1, withdrawn 1, pending 1; cycles 3/5 = 0.6; rating 4.
const DATASET: Seed[] = [
  { submitted: '2023-05-02 09:00', due: '2023-05-08', closed: '2023-05-05 10:00', outcome: 'approved', cycles: 1, rating: 5 },
  { submitted: '2023-05-03 09:00', due: '2023-05-10', closed: '2023-05-12 10:00', outcome: 'approved', rating: 3 },
  { submitted: '2023-05-04 09:00', due: '2023-05-11', closed: '2023-05-06 10:00', outcome: 'withdrawn' },
  { submitted: '2023-05-31 23:30' },
  { submitted: '2023-06-05 09:00', due: '2023-06-08', closed: '2023-06-08 10:00', outcome: 'rejected', cycles: 2 },
];

beforeAll(async () => {
  env = await devServerEnv();
  db = testDb();
  const app = createApp({ db, temporal: env.client, taskQueue: 'console-admin-test-unused', secret: TEST_SECRET, files: TEST_FILES, ...appZaloDeps() });
  http = await listen(app.fetch);
  base = http.base;
  admin = await createStaff(db, 'Quản Trị Thành Phố', [{ role: 'admin', unitId: 'ca-tphcm' }]);
  clerk = await createStaff(db, 'Nguyễn Tiếp Nhận', [{ role: 'receiver', unitId: WARD }]);
  await registerOa(db, TEST_BOX, { oaId: OA_ID, name: 'OA Kiểm Thử Đông Hưng Thuận', unitId: WARD, appId: '1234567890', appSecret: APP_SECRET, oaSecretKey: OA_SECRET_KEY });
  await markNeedsReauth(db, OA_ID, LAST_ERROR);
  for (const seed of DATASET) await seedDossier(seed);
});

afterAll(async () => {
  await http?.close();
  if (db) {
    if (inserted.length > 0) {
      await db.deleteFrom('surveys').where('dossier_id', 'in', inserted).execute();
      await db.deleteFrom('dossiers').where('id', 'in', inserted).execute();
    }
    await db.deleteFrom('zalo_oas').where('oa_id', '=', OA_ID).execute();
    await db.deleteFrom('holidays').where('date', '>=', '2031-01-01').where('date', '<=', '2031-12-31').execute();
  }
  await env?.teardown();
  await db?.destroy();
});

const { request, postAndFollow } = consolePages(() => base);

describe('units page', () => {
  it('shows the tree with validity dates and successors of dissolved units', async () => {
    const page = await request('/console/admin/units', admin);
    expect(page.status).toBe(200);
    expect(page.html).toContain('<h1>Cây đơn vị</h1>');
    // Province → district → old wards; the new wards directly under the province.
    const province = page.html.indexOf('id="unit-ca-tphcm"');
    const district = page.html.indexOf('id="unit-ca-q12"');
    const oldWard = page.html.indexOf('id="unit-ca-q12-thanh-loc"');
    expect(province).toBeGreaterThan(-1);
    expect(district).toBeGreaterThan(province);
    expect(oldWard).toBeGreaterThan(district);
    expect(page.html).toContain('id="unit-ca-p-an-phu-dong"');

    const thanhLoc = /<li id="unit-ca-q12-thanh-loc"[\s\S]*?<\/li>/.exec(page.html)![0];
    expect(text(thanhLoc)).toContain('Hiệu lực: từ 01/01/2020 đến hết 30/06/2025');
    expect(thanhLoc).toContain('Đã giải thể');
    expect(thanhLoc).toMatch(/→ <\/span><a href="#unit-ca-p-an-phu-dong" class="successor">/);
    expect(text(thanhLoc)).toContain('Đơn vị kế thừa: Công an phường An Phú Đông');

    const newWard = /<li id="unit-ca-p-an-phu-dong"[\s\S]*?<\/li>/.exec(page.html)![0];
    expect(text(newWard)).toContain('Hiệu lực: từ 01/07/2025');
    expect(newWard).toContain('Đang hoạt động');
    expect(newWard).not.toContain('class="successor"');
    // The admin's nav links.
    expect(page.html).toContain('href="/console/admin/calendar"');
    expect(page.html).toContain('href="/console/admin/oas"');
  });
});

describe('calendar page', () => {
  it('lists a year, adds a proposed day off, and shows it', async () => {
    const empty = await request('/console/admin/calendar?year=2031', admin);
    expect(empty.status).toBe(200);
    expect(empty.html).toContain('Lịch ngày nghỉ, ngày làm bù năm 2031');
    expect(empty.html).toContain('Chưa có ngày nghỉ nào trong năm này.');

    const page = await postAndFollow('/console/admin/calendar?year=2031', admin, {
      date: '2031-03-04',
      kind: 'off',
      name: 'Nghỉ bù kiểm thử',
      status: 'proposed',
      source: 'Dự thảo thông báo',
    });
    expect(page.redirectedTo).toBe('/console/admin/calendar?year=2031');
    expect(page.status).toBe(200);
    expect(page.html).toContain('role="status">Đã lưu ngày nghỉ Thứ Ba, 04/03/2031: Nghỉ bù kiểm thử.');
    const added = row(page.html, 'data-date="2031-03-04"');
    expect(added).toBeDefined();
    expect(added).toContain('data-status="proposed"');
    expect(cells(added!)).toMatchObject({ Ngày: 'Thứ Ba, 04/03/2031', Tên: 'Nghỉ bù kiểm thử', 'Tình trạng': 'Dự kiến', Nguồn: 'Dự thảo thông báo' });
    const stored = await db.selectFrom('holidays').selectAll().where('date', '=', '2031-03-04').executeTakeFirst();
    expect(stored).toMatchObject({ kind: 'off', status: 'proposed', name: 'Nghỉ bù kiểm thử' });
  });

  it('marks computed days as provisional, and opens a listed date in the form to override it', async () => {
    await postAndFollow('/console/admin/calendar', admin, { date: '2033-02-01', kind: 'off', name: 'Nghỉ bù dự kiến', status: 'proposed', source: 'Dự thảo' });
    const page = await postAndFollow('/console/admin/calendar', admin, { date: '2033-01-31', kind: 'off', name: 'Tết Nguyên đán (tự tính)', status: 'computed', source: 'Âm lịch' });
    expect(page.redirectedTo).toBe('/console/admin/calendar?year=2033');
    expect(cells(row(page.html, 'data-date="2033-01-31"')!)['Tình trạng']).toBe('Tự tính (tạm thời)');
    expect(page.html).toContain('1 ngày tự tính (theo âm lịch hoặc quy tắc nghỉ bù), chưa được tính vào hạn giải quyết.');
    expect(page.html).toContain('1 ngày dự kiến, vẫn được tính vào hạn giải quyết');

    const form = await request('/console/admin/calendar?year=2033&edit=2033-01-31', admin);
    expect(form.status).toBe(200);
    expect(form.html).toContain('id="hf-date" name="date" required="" value="2033-01-31"');
    expect(form.html).toContain('value="Tết Nguyên đán (tự tính)"');
    expect(form.html).toMatch(/<option value="computed" selected="">/);
    const overridden = await postAndFollow('/console/admin/calendar', admin, { date: '2033-01-31', kind: 'off', name: 'Tết Nguyên đán', status: 'confirmed', source: 'Thông báo chính thức' });
    expect(cells(row(overridden.html, 'data-date="2033-01-31"')!)).toMatchObject({ Tên: 'Tết Nguyên đán', 'Tình trạng': 'Chính thức' });
    expect(overridden.html).not.toContain('ngày tự tính');
  });

  it('refuses a weekday as a make-up working day (422)', async () => {
    // 8 Sep 2031 is a Monday.
    const page = await request('/console/admin/calendar', admin, { form: { date: '2031-09-08', kind: 'working', name: 'Làm bù', status: 'proposed', source: 'x' } });
    expect(page.status).toBe(422);
    expect(page.html).toContain('<p id="hf-kind-error" class="error">2031-09-08 là ngày trong tuần, vốn đã là ngày làm việc</p>');
  });

  it('refuses a Saturday as a day off, with the message at the field (422)', async () => {
    const page = await request('/console/admin/calendar?year=2031', admin, {
      form: { date: '2031-03-08', kind: 'off', name: 'Thứ Bảy nghỉ', status: 'confirmed', source: 'Không hợp lệ' },
    });
    expect(page.status).toBe(422);
    expect(page.html).toMatch(/<legend>Loại ngày<\/legend><p id="hf-kind-error" class="error">2031-03-08 là ngày cuối tuần, vốn đã là ngày nghỉ<\/p>/);
    expect(page.html).toContain('<fieldset aria-describedby="hf-kind-error">');
    expect(page.html).toContain('Ngày nghỉ phải là ngày trong tuần (thứ Hai – thứ Sáu).');
    // What the admin typed is kept.
    expect(page.html).toContain('value="Thứ Bảy nghỉ"');
    expect(page.html).toMatch(/<option value="confirmed" selected="">/);
    expect(await db.selectFrom('holidays').select('date').where('date', '=', '2031-03-08').executeTakeFirst()).toBeUndefined();
  });

  it('shows a missing name at its field (422)', async () => {
    const page = await request('/console/admin/calendar', admin, { form: { date: '2031-03-05', kind: 'off', name: ' ', status: 'proposed', source: 'x' } });
    expect(page.status).toBe(422);
    expect(page.html).toMatch(/<p id="hf-name-error" class="error">Hãy nhập tên ngày<\/p><input type="text" id="hf-name" name="name"[^>]*aria-invalid="true"/);
  });

  it('deletes a date', async () => {
    await postAndFollow('/console/admin/calendar', admin, { date: '2034-03-07', kind: 'off', name: 'Nghỉ bù sẽ xoá', status: 'proposed', source: 'Dự thảo' });
    const page = await postAndFollow('/console/admin/calendar/2034-03-07/delete', admin, {});
    expect(page.html).toContain('Đã xoá ngày Thứ Ba, 07/03/2034 khỏi lịch.');
    expect(row(page.html, 'data-date="2034-03-07"')).toBeUndefined();
    expect(await db.selectFrom('holidays').select('date').where('date', '=', '2034-03-07').executeTakeFirst()).toBeUndefined();
    // Deleting it again: not found.
    expect((await request('/console/admin/calendar/2034-03-07/delete', admin, { form: {} })).status).toBe(404);
  });
});

describe('OA page', () => {
  it('lists OAs with their unit, highlights one needing re-authorisation with its last error, and shows no secret', async () => {
    const page = await request('/console/admin/oas', admin);
    expect(page.status).toBe(200);
    const oa = row(page.html, `data-oa="${OA_ID}"`)!;
    expect(oa).toContain('class="overdue"');
    expect(cells(oa)).toMatchObject({ 'Đơn vị': 'Công an phường Đông Hưng Thuận', 'Thao tác': 'Ủy quyền lại cho OA Kiểm Thử Đông Hưng Thuận' });
    expect(cells(oa)['Tình trạng']).toBe(`Cần cấp quyền lại Lỗi gần nhất: ${LAST_ERROR}`);
    expect(oa).toContain(`action="/console/admin/oas/${OA_ID}/connect"`);
    expect(page.html).toContain(`<option value="${OA_ID}">OA Kiểm Thử Đông Hưng Thuận (${OA_ID})</option>`);
    // The callback URL admins declare on Zalo for the "Kết nối với Zalo" form.
    expect(page.html).toContain(`<code>${base}/console/admin/oas/callback</code>`);
    expect(page.html).not.toContain(APP_SECRET);
    expect(page.html).not.toContain(OA_SECRET_KEY);
  });

  it('asks for the refresh token at its field (422)', async () => {
    const page = await request('/console/admin/oas/refresh-token', admin, { form: { oaId: OA_ID, refreshToken: ' ' } });
    expect(page.status).toBe(422);
    expect(page.html).toContain('<p id="oa-refresh-refreshToken-error" class="error">Hãy nhập refresh token</p>');
  });

  it('reports Zalo out of reach when checking a refresh token, and leaves the OA as it was (503)', async () => {
    const before = await db.selectFrom('zalo_oas').selectAll().where('oa_id', '=', OA_ID).executeTakeFirstOrThrow();
    const refreshToken = `rt-${randomUUID()}`;
    const page = await request('/console/admin/oas/refresh-token', admin, { form: { oaId: OA_ID, refreshToken } });
    expect(page.status).toBe(503);
    expect(text(page.html)).toContain('Chưa đổi được mã với Zalo: máy chủ Zalo không phản hồi hoặc báo lỗi. Thông tin OA chưa thay đổi');
    expect(page.html).not.toContain(refreshToken);
    expect(await db.selectFrom('zalo_oas').selectAll().where('oa_id', '=', OA_ID).executeTakeFirstOrThrow()).toEqual(before);
  });
});

describe('admin pages for non-admins', () => {
  it('answers 403 to a clerk', async () => {
    for (const path of ['/console/admin/units', '/console/admin/calendar', '/console/admin/oas']) {
      const page = await request(path, clerk);
      expect(page.status, path).toBe(403);
      expect(page.html).toContain('Không có quyền truy cập');
    }
    const post = await request('/console/admin/calendar', clerk, { form: { date: '2031-03-06', kind: 'off', name: 'x', status: 'proposed', source: 'x' } });
    expect(post.status).toBe(403);
    expect((await request('/console/admin/oas/refresh-token', clerk, { form: { oaId: OA_ID, refreshToken: 'x' } })).status).toBe(403);
    expect(await db.selectFrom('holidays').select('date').where('date', '=', '2031-03-06').executeTakeFirst()).toBeUndefined();
  });
});

describe('reports page', () => {
  it('shows the rows, totals, chart and download links of the clerk’s units', async () => {
    const page = await request('/console/reports?from=2023-05&to=2023-06', clerk);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Kết quả từ tháng 05/2023 đến tháng 06/2023');
    // A clerk has the reports link but no admin links.
    expect(page.html).toContain('href="/console/reports" aria-current="page"');
    expect(page.html).not.toContain('href="/console/admin/calendar"');

    expect(cells(row(page.html, 'data-month="2023-05"')!)).toMatchObject({
      'Đơn vị': 'Công an phường Đông Hưng Thuận',
      Tháng: '05/2023',
      'Tiếp nhận': '4',
      'Trước hạn': '1',
      'Đúng hạn': '0',
      'Trễ hạn': '1',
      'Từ chối': '0',
      'Rút hồ sơ': '1',
      'Đang giải quyết': '1',
      'Số lần bổ sung bình quân': '0,25',
      'Mức hài lòng bình quân': '4',
    });
    expect(cells(row(page.html, 'data-month="2023-06"')!)).toMatchObject({ 'Tiếp nhận': '1', 'Đúng hạn': '1', 'Từ chối': '1', 'Số lần bổ sung bình quân': '2', 'Mức hài lòng bình quân': '—' });
    expect(cells(row(page.html, 'id="report-total"')!)).toEqual({
      'Tiếp nhận': '5',
      'Trước hạn': '1',
      'Đúng hạn': '1',
      'Trễ hạn': '1',
      'Từ chối': '1',
      'Rút hồ sơ': '1',
      'Đang giải quyết': '1',
      'Số lần bổ sung bình quân': '0,6',
      'Mức hài lòng bình quân': '4',
    });

    expect(page.html).toContain('<svg id="month-chart" role="img"');
    expect(page.html).toContain('Tháng 05/2023: tiếp nhận 4, trễ hạn 1. Tháng 06/2023: tiếp nhận 1, trễ hạn 0.');

    const csv = /href="(\/api\/reports\/dossiers\?[^"]*format=csv)"/.exec(page.html)?.[1];
    const xlsx = /href="(\/api\/reports\/dossiers\?[^"]*format=xlsx)"/.exec(page.html)?.[1];
    expect(csv).toBe('/api/reports/dossiers?from=2023-05&amp;to=2023-06&amp;format=csv');
    expect(xlsx).toBe('/api/reports/dossiers?from=2023-05&amp;to=2023-06&amp;format=xlsx');
    const download = await fetch(`${base}${csv!.replace(/&amp;/g, '&')}`, { headers: { authorization: `Bearer ${clerk.token}` } });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toContain('text/csv');
    expect(await download.text()).toContain('Tổng cộng,,,,5,');
  });

  it('filters by procedure and keeps it in the download links', async () => {
    const page = await request('/console/reports?from=2023-05&to=2023-06&procedure=TAM_VANG', clerk);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Không có hồ sơ nào trong khoảng thời gian này.');
    expect(page.html).toContain('<option value="TAM_VANG" selected="">');
    expect(page.html).toContain('href="/api/reports/dossiers?from=2023-05&amp;to=2023-06&amp;procedure=TAM_VANG&amp;format=xlsx"');
  });

  it('shows a reversed range at the field (422)', async () => {
    const page = await request('/console/reports?from=2023-06&to=2023-05', clerk);
    expect(page.status).toBe(422);
    expect(page.html).toContain('<p id="r-to-error" class="error">Tháng kết thúc phải bằng hoặc sau tháng bắt đầu</p>');
    expect(page.html).not.toContain('id="report"');
  });
});

describe('English console', () => {
  const get = (path: string, cookie?: string) =>
    fetch(`${base}${path}`, { headers: { authorization: `Bearer ${clerk.token}`, ...(cookie ? { cookie } : {}) }, redirect: 'manual' });

  it('switches with ?lang=en, remembers it in a cookie, and switches back', async () => {
    const english = await get('/console/reports?from=2023-05&to=2023-06&lang=en');
    expect(english.status).toBe(200);
    const cookie = english.headers.getSetCookie().find((c) => c.startsWith('console_lang='));
    expect(cookie).toMatch(/^console_lang=en;.*HttpOnly/);
    const html = await english.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<h1>Dossier processing report</h1>');
    expect(html).toContain('Results from 05/2023 to 06/2023');
    // Procedures are named from the definitions' English labels.
    expect(html).toContain('<option value="TAM_TRU">Temporary residence registration and renewal (TAM_TRU)</option>');
    expect(html).toContain('<th scope="col">Average satisfaction</th>');
    // The switch link keeps the filter.
    expect(html).toContain('<a href="/console/reports?from=2023-05&amp;to=2023-06&amp;lang=vi" lang="vi" hreflang="vi">Tiếng Việt</a>');

    const remembered = await (await get('/console/reports?from=2023-06&to=2023-05', cookie!.split(';')[0])).text();
    expect(remembered).toContain('<p id="r-to-error" class="error">The last month must be the first month or later</p>');
    expect(remembered).toContain('>Reports</a>');

    const back = await get('/console/reports?lang=vi', cookie!.split(';')[0]);
    expect(await back.text()).toContain('<h1>Báo cáo tình hình giải quyết hồ sơ</h1>');
  });

  it('words the inbox, the login page and error pages in English too', async () => {
    const inbox = await (await get('/console?view=unassigned&lang=en')).text();
    expect(inbox).toContain('<h1>Inbox</h1>');
    expect(inbox).toContain('<title>Inbox: Unassigned · Staff console</title>');
    expect(inbox).toContain('>Log out</button>');

    const login = await (await fetch(`${base}/console/login?lang=en`)).text();
    expect(login).toContain('<h1>Log in</h1>');
    expect(login).toContain('<label for="password">Password</label>');

    const missing = await get('/console/no-such-page?lang=en');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('<h1>Not found</h1>');
  });
});
