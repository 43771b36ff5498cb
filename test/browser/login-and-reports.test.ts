// The login page without script (lockout after five wrong passwords) and the reports page's
// downloads, in a real browser (Debian's Chromium through playwright-core) against the real app with
// a real worker. The app listens on ::1 here, so this file's failed logins count against another
// client address than the other test files' (the per-address rate limit). Screenshots go to test/artifacts/.
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDate } from '../../domain/calendar.js';
import { TAM_TRU } from '../../domain/procedures/tam-tru.js';
import { parseCsv } from '../support/csv.js';
import { submitRequest, tamTruForm, waitForState, wardTeam, type TestStaff } from '../support/fixtures.js';
import { credentials, fillLogin, screenshot, signIn, startStack, textOf, type Stack } from './support.js';

/** A ward no other test file submits to, so its report holds exactly the dossiers made here. */
const UNIT = 'ca-p-thoi-an';
const UNIT_NAME = 'Công an phường Thới An';

let stack: Stack;
let team: Awaited<ReturnType<typeof wardTeam>>;

beforeAll(async () => {
  stack = await startStack({ host: '::1' });
  team = await wardTeam(stack.db, UNIT);
});

afterAll(async () => {
  await stack?.stop();
});

async function api(method: string, path: string, opts: { token?: string; json?: unknown; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.json !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${stack.base}${path}`, { method, headers, body: opts.json === undefined ? undefined : JSON.stringify(opts.json) });
  // Checked field by field by the callers.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: res.status, body: (await res.json()) as any };
}

/** A TAM_TRU dossier submitted at the unit through the JSON API, waiting at intake. */
async function submitted(): Promise<{ code: string; token: string }> {
  const res = await api('POST', '/api/dossiers', { json: submitRequest(tamTruForm(), UNIT) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  await waitForState(stack.db, res.body.code, 'intake');
  return { code: res.body.code, token: res.body.accessToken };
}

/** A clerk's action through the staff API, at the version the clerk sees. */
async function act(code: string, who: TestStaff, action: string, extra: Record<string, unknown> = {}): Promise<void> {
  const current = await api('GET', `/api/staff/dossiers/${code}`, { token: who.token });
  const res = await api('POST', `/api/staff/dossiers/${code}/actions`, { token: who.token, json: { action, expectedVersion: current.body.stateVersion, ...extra } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

describe('login without script', () => {
  it('locks the account after five wrong passwords, says until when, and then refuses the right password too', async () => {
    const { username, password } = await credentials(stack, team.officer2);
    const context = await stack.browser.newContext({ baseURL: stack.base, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto('/console/reports');
    await page.waitForURL((url) => url.pathname === '/console/login');
    expect(await page.locator('script').count()).toBe(0);

    for (let i = 1; i <= 4; i++) {
      await fillLogin(page, username, `sai-mat-khau-${i}`);
      expect(await textOf(page.locator('#problem p'))).toBe('Tên đăng nhập hoặc mật khẩu không đúng.');
      expect(await page.getByLabel('Tên đăng nhập').inputValue()).toBe(username); // kept for the next try
    }
    await fillLogin(page, username, 'sai-mat-khau-5');
    const locked = await textOf(page.locator('#problem p'));
    expect(locked).toMatch(/^Tài khoản tạm khoá do nhập sai mật khẩu 5 lần liên tiếp; vui lòng thử lại sau (\d{2}):(\d{2}) \d{2}\/\d{2}\/\d{4}\.$/);
    const until = (await stack.db.selectFrom('login_locks').select('locked_until').where('username', '=', username).executeTakeFirstOrThrow()).locked_until!;
    const clock = new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit' }).format(until);
    expect(locked).toContain(`thử lại sau ${clock}`);

    await fillLogin(page, username, password);
    expect(new URL(page.url()).pathname).toBe('/console/login');
    expect(await textOf(page.locator('#problem p'))).toMatch(/^Tài khoản tạm khoá/);
    expect((await context.cookies()).filter((c) => c.name === 'motcua_session')).toEqual([]);
    await screenshot(page, 'console-login-locked');
    await context.close();
  });
});

describe('reports page', () => {
  it('downloads CSV and XLSX through its links, holding the counts of the dossiers made', async () => {
    // Five dossiers this month: approved, rejected at intake, under review, at intake, withdrawn.
    const [approved, rejected, review, intake, withdrawn] = [await submitted(), await submitted(), await submitted(), await submitted(), await submitted()];
    await act(approved.code, team.receiver, 'accept');
    await act(approved.code, team.officer, 'approve');
    await act(approved.code, team.chief, 'approve');
    await waitForState(stack.db, approved.code, 'done');
    await act(rejected.code, team.receiver, 'reject', { reason: 'Không thuộc thẩm quyền của phường' });
    await act(review.code, team.receiver, 'accept');
    const out = await api('POST', `/api/dossiers/${withdrawn.code}/withdraw`, { headers: { 'x-dossier-token': withdrawn.token }, json: { reason: 'Không còn nhu cầu' } });
    expect(out.status, JSON.stringify(out.body)).toBe(200);
    await waitForState(stack.db, rejected.code, 'rejected');
    expect((await waitForState(stack.db, intake.code, 'intake')).closed_at).toBeNull();

    // received, decided, early, on time, late, rejected, withdrawn, pending
    const expected = { received: 5, decided: 2, early: 1, onTime: 0, late: 0, rejected: 1, withdrawn: 1, pending: 2 };
    const month = localDate(Date.now()).slice(0, 7);
    const page = await signIn(stack, team.chief);
    await page.goto(`/console/reports?from=${month}&to=${month}&procedure=TAM_TRU`);
    const row = await textOf(page.locator('#report tbody tr').first());
    expect(row).toContain(UNIT_NAME);
    await screenshot(page, 'console-reports');

    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Tải về CSV' }).click()]);
    expect(csvDownload.suggestedFilename()).toBe(`bao-cao-ho-so-${month}-${month}.csv`);
    const csvBytes = await readFile((await csvDownload.path())!);
    expect([...csvBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM for Excel
    const [header, ...records] = parseCsv(csvBytes.subarray(3).toString('utf8'));
    expect(header!.slice(0, 13)).toEqual(['Đơn vị', 'Mã thủ tục', 'Thủ tục', 'Tháng', 'Tiếp nhận', 'Đã giải quyết', 'Trước hạn', 'Đúng hạn', 'Trễ hạn', 'Trễ hạn chưa giải quyết', 'Từ chối', 'Rút hồ sơ', 'Đang giải quyết']);
    const figures = (r: string[] | undefined) => r && { received: r[4], decided: r[5], early: r[6], onTime: r[7], late: r[8], rejected: r[10], withdrawn: r[11], pending: r[12] };
    const asText = Object.fromEntries(Object.entries(expected).map(([k, v]) => [k, String(v)]));
    expect(records.map((r) => r.slice(0, 4))).toEqual([
      [UNIT_NAME, 'TAM_TRU', TAM_TRU.name.vi, month],
      ['Tổng cộng', '', '', ''],
    ]);
    expect(figures(records[0])).toEqual(asText);
    expect(figures(records[1])).toEqual(asText);

    const [xlsxDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Tải về Excel (XLSX)' }).click()]);
    expect(xlsxDownload.suggestedFilename()).toBe(`bao-cao-ho-so-${month}-${month}.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile((await xlsxDownload.path())!)) as unknown as ExcelJS.Buffer);
    const sheet = workbook.worksheets[0]!;
    const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1); // exceljs rows start at column 1
    expect(values(1).slice(0, 13)).toEqual(header!.slice(0, 13));
    expect(values(2).slice(0, 4)).toEqual([UNIT_NAME, 'TAM_TRU', TAM_TRU.name.vi, month]);
    const numbers = (r: unknown[]) => ({ received: r[4], decided: r[5], early: r[6], onTime: r[7], late: r[8], rejected: r[10], withdrawn: r[11], pending: r[12] });
    expect(numbers(values(2))).toEqual(expected); // numbers stay numbers
    expect(values(3)[0]).toBe('Tổng cộng');
    expect(numbers(values(3))).toEqual(expected);
    expect(sheet.rowCount).toBe(3);
    await page.context().close();
  });
});
