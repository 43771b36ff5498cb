// The clerk console in a real browser (Debian's Chromium through playwright-core) against the real
// app on a real port, with a real worker on the Temporal dev server. Clerks log in through the login
// page when password login exists. Screenshots of the key pages go to test/artifacts/.
// Tests in this file run in order and share one browser; each clerk has their own context.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getPublished, getVersion } from '../../api/procedures/service.js';
import { actOnDossier, claimDossier, releaseDossier, supplementDossier } from '../../api/dossiers/updates.js';
import { TAM_TRU } from '../../domain/procedures/tam-tru.js';
import { createFormLink } from '../../zalo/links.js';
import { sampleForm } from '../../domain/dsl/sample-form.js';
import { sealedAt } from '../../db/crypto.js';
import { createStaff, dossierRow, OTHER_WARD, submitRequest, tamTruForm, TEST_BOX, TEST_SECRET, waitFor, waitForState, wardTeam, WARD, type TestStaff } from '../support/fixtures.js';
import { pdfText } from '../support/pdf-text.js';
import { expectNoHorizontalScroll, fillLogin, PHONE, saveArtifact, screenshot, signIn, startStack, submit, textOf, usernameOf, type Stack } from './support.js';

let stack: Stack;
let team: Awaited<ReturnType<typeof wardTeam>>;
let stranger: TestStaff;
let admin: TestStaff;
/** The dossier test (a) takes to the end; test (b) looks for it from another ward. */
let doneCode: string;

beforeAll(async () => {
  stack = await startStack();
  team = await wardTeam(stack.db);
  stranger = await createStaff(stack.db, 'Võ Phường Khác', [
    { role: 'receiver', unitId: OTHER_WARD },
    { role: 'officer', unitId: OTHER_WARD },
    { role: 'chief', unitId: OTHER_WARD },
  ]);
  admin = await createStaff(stack.db, 'Quản Trị Bảng Điều Khiển', [{ role: 'admin', unitId: 'ca-tphcm' }]);
});

afterAll(async () => {
  await stack?.stop();
});

// ---- helpers ----

async function api(method: string, path: string, opts: { token?: string; json?: unknown } = {}) {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.json !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${stack.base}${path}`, { method, headers, body: opts.json === undefined ? undefined : JSON.stringify(opts.json) });
  // Checked field by field by the callers.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: res.status, body: (await res.json()) as any };
}

/** A dossier submitted through the JSON API at the team's ward, waiting at its first step. */
async function submitted(procedureCode = 'TAM_TRU', formData = tamTruForm()): Promise<string> {
  const res = await api('POST', '/api/dossiers', { json: { ...submitRequest(formData), procedureCode } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const code = res.body.code as string;
  await waitForState(stack.db, code, 'intake');
  return code;
}

/** The clerk accepts the dossier at intake (through the service: not what the test is about). */
async function accepted(code: string, who: TestStaff): Promise<void> {
  const row = await dossierRow(stack.db, code);
  await actOnDossier(stack.deps, row, { actor: who.actor, action: 'accept', expectedVersion: row.state_version });
}

const stateLabel = (page: Page) => textOf(page.locator('#state-label'));
const actionForm = (page: Page, action: string) => page.locator(`#act-task-${action}`);

describe('clerk console', () => {
  it('(a) a receiver, an officer and a chief take a TAM_TRU dossier from intake through a supplement round to done', async () => {
    const code = await submitted();
    const receiver = await signIn(stack, team.receiver);

    // Inbox: the new dossier waits for someone to take it, with its due date and countdown.
    const inbox = await receiver.goto('/console?view=unassigned');
    expect(inbox!.headers()).toMatchObject({ 'cache-control': 'no-store', 'content-security-policy': expect.stringContaining("default-src 'none'") });
    const row = receiver.locator(`#inbox tr[data-code="${code}"]`);
    const rowText = await textOf(row);
    expect(rowText).toContain(TAM_TRU.name.vi);
    expect(rowText).toContain(TAM_TRU.states.intake!.label.vi);
    expect(rowText).toContain('Cán bộ tiếp nhận');
    expect(rowText).toMatch(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2} (Còn \d+ ngày làm việc|Đến hạn hôm nay|Quá hạn)/);
    expect(await textOf(receiver.locator('.tabs [aria-current="page"]'))).toBe('Chưa có người nhận');
    await screenshot(receiver, 'console-inbox');

    await row.getByRole('link', { name: code }).click();
    await receiver.waitForURL(`**/console/dossiers/${code}`);
    expect(await textOf(receiver.locator('h1'))).toBe(`Hồ sơ ${code}`);
    expect(await stateLabel(receiver)).toBe(TAM_TRU.states.intake!.label.vi);
    expect(await textOf(receiver.locator('#documents'))).toContain('Chưa nhận');
    expect(await textOf(receiver.locator('#timeline'))).toContain(TAM_TRU.states.intake!.label.vi);
    await screenshot(receiver, 'console-dossier-intake');

    // Claim.
    expect(await submit(receiver, receiver.getByRole('button', { name: 'Nhận xử lý', exact: true }))).toBe(303);
    expect(await textOf(receiver.locator('.notice'))).toBe('Bạn đã nhận xử lý hồ sơ này.');
    expect(await textOf(receiver.locator('#assignee'))).toContain('Bạn');

    // Meanwhile the dossier changes (released and claimed again elsewhere): acting on the stale page is a 409.
    await releaseDossier(stack.deps, await dossierRow(stack.db, code), team.receiver.actor);
    await claimDossier(stack.deps, await dossierRow(stack.db, code), team.receiver.actor);
    expect(await submit(receiver, actionForm(receiver, 'accept').getByRole('button'))).toBe(409);
    const conflict = await textOf(receiver.locator('#problem'));
    expect(conflict).toContain('Hồ sơ đã thay đổi');
    expect(conflict).toContain('vui lòng tải lại');
    expect(await stateLabel(receiver)).toBe(TAM_TRU.states.intake!.label.vi);
    await screenshot(receiver, 'console-version-conflict');

    // Release: the dossier goes back to the unassigned tab.
    expect(await submit(receiver, receiver.getByRole('button', { name: 'Bỏ nhận xử lý' }))).toBe(303);
    expect(await textOf(receiver.locator('#assignee'))).toBe('Chưa có người nhận');

    // A supplement request without any document is refused by the workflow (422), shown at the checklist.
    const supplement = actionForm(receiver, 'requestSupplement');
    expect(await submit(receiver, supplement.getByRole('button', { name: 'Yêu cầu bổ sung (CT05)' }))).toBe(422);
    expect(await textOf(receiver.locator('#problem'))).toContain('cần có danh sách giấy tờ cần bổ sung');
    expect(await textOf(supplement.locator('.error'))).toBe('Bắt buộc nhập danh sách giấy tờ cần bổ sung');
    await screenshot(receiver, 'console-missing-input');

    const proof = TAM_TRU.documents!.find((d) => d.key === 'residenceProof')!.label.vi;
    await supplement.getByLabel(proof).check();
    await supplement.getByLabel('Giấy tờ khác (mỗi dòng một giấy tờ)').fill('Ảnh chân dung 4x6');
    expect(await submit(receiver, supplement.getByRole('button', { name: 'Yêu cầu bổ sung (CT05)' }))).toBe(303);
    expect(await stateLabel(receiver)).toBe(TAM_TRU.states.supplement!.label.vi);
    expect(await textOf(receiver.locator('#timeline'))).toContain(`Cần bổ sung: ${proof}; Ảnh chân dung 4x6`);

    // The CT05 message goes out to an applicant without Zalo: undeliverable, and the page says why.
    const { id: dossierId } = await dossierRow(stack.db, code);
    await waitFor(async () => {
      const m = await stack.db.selectFrom('messages').select('status').where('dossier_id', '=', dossierId).where('template', '=', 'supplementRequested').executeTakeFirst();
      return m && m.status !== 'queued' ? m : undefined;
    }, 'the supplement request to be delivered');
    await receiver.reload();
    const message = await textOf(receiver.locator('#messages tr[data-template="supplementRequested"]'));
    expect(message).toContain('PHIẾU HƯỚNG DẪN BỔ SUNG');
    expect(message).toContain('Không gửi được');
    expect(message).toContain('người nộp không gửi hồ sơ qua Zalo');
    await screenshot(receiver, 'console-supplement-requested');

    // The resident sends the supplement; the dossier is back at intake, and the receiver accepts it.
    await supplementDossier(stack.deps, await dossierRow(stack.db, code), { note: 'Đã gửi hợp đồng thuê nhà' });
    await waitForState(stack.db, code, 'intake');
    await receiver.reload();
    expect(await stateLabel(receiver)).toBe(TAM_TRU.states.intake!.label.vi);
    expect(await submit(receiver, actionForm(receiver, 'accept').getByRole('button', { name: 'Tiếp nhận hồ sơ (CT04)' }))).toBe(303);
    expect(await stateLabel(receiver)).toBe(TAM_TRU.states.review!.label.vi);
    expect(await textOf(receiver.locator('#statutory-due'))).toMatch(/^\d{2}\/\d{2}\/\d{4} 17:00 (Còn \d+ ngày làm việc|Đến hạn hôm nay)$/);

    // The officer finds it in their inbox and proposes approval.
    const officer = await signIn(stack, team.officer);
    await officer.goto('/console?view=unassigned');
    await officer.locator(`#inbox tr[data-code="${code}"]`).getByRole('link', { name: code }).click();
    await officer.waitForURL(`**/console/dossiers/${code}`);
    expect(await submit(officer, officer.getByRole('button', { name: 'Đề xuất phê duyệt' }))).toBe(303);
    expect(await stateLabel(officer)).toBe(TAM_TRU.states.decision!.label.vi);

    // The chief approves; the result is issued and the dossier is done.
    const chief = await signIn(stack, team.chief);
    await chief.goto(`/console/dossiers/${code}`);
    expect(await submit(chief, chief.getByRole('button', { name: 'Phê duyệt', exact: true }))).toBe(303);
    expect(await stateLabel(chief)).toBe(TAM_TRU.states.done!.label.vi);
    expect(await textOf(chief.locator('#work-title + *'))).toBe('Hồ sơ đã kết thúc, không còn việc cần xử lý.');
    const history = await textOf(chief.locator('#timeline'));
    for (const step of ['Tiếp nhận hồ sơ (CT04) → Thẩm định hồ sơ', 'Gửi bổ sung → Tiếp nhận, kiểm tra hồ sơ', 'Đề xuất phê duyệt → Lãnh đạo phê duyệt', 'Phê duyệt → Cập nhật Cơ sở dữ liệu về cư trú']) {
      expect(history).toContain(step);
    }
    expect(history).toContain(`Cán bộ ${team.chief.actor.name}`);
    expect(await textOf(chief.locator('#messages'))).toContain('THÔNG BÁO KẾT QUẢ GIẢI QUYẾT THỦ TỤC ĐĂNG KÝ CƯ TRÚ (CT08)');
    await screenshot(chief, 'console-dossier-done');

    // The printable papers are linked from the page and served as PDFs with the dossier's facts.
    for (const [kind, label, title] of [
      ['receipt', 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả (PDF)', 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ'],
      ['result', 'Thông báo kết quả giải quyết hồ sơ (PDF)', 'THÔNG BÁO KẾT QUẢ GIẢI QUYẾT HỒ SƠ'],
    ] as const) {
      const link = chief.locator(`#paper-${kind}`);
      expect(await textOf(link)).toBe(label);
      const pdf = await chief.request.get((await link.getAttribute('href'))!);
      expect(pdf.headers()['content-type']).toBe('application/pdf');
      expect(pdf.headers()['content-disposition']).toContain(`${code}.pdf`);
      const bytes = await pdf.body();
      await saveArtifact(`console-${kind}.pdf`, bytes);
      const printed = await pdfText(bytes);
      expect(printed).toContain(title);
      expect(printed).toContain(`Mã hồ sơ: ${code}`);
      expect(printed).toContain('Người nộp hồ sơ: Nguyễn Thị Lan');
    }

    // The same page in English, through the header's language link (remembered for the next page).
    await chief.getByRole('link', { name: 'English' }).click();
    expect(await textOf(chief.locator('h1'))).toContain(`Dossier ${code}`);
    expect(await stateLabel(chief)).toBe(TAM_TRU.states.done!.label.en);
    expect(await textOf(chief.locator('#work-title + *'))).toBe('The dossier is closed; nothing is left to do.');
    await screenshot(chief, 'console-dossier-done-english');
    await chief.goto('/console');
    expect(await textOf(chief.locator('h1'))).toBe('Inbox');
    await chief.getByRole('link', { name: 'Tiếng Việt' }).click();
    expect(await textOf(chief.locator('h1'))).toBe('Hộp việc');

    // The JSON API agrees.
    const detail = await api('GET', `/api/staff/dossiers/${code}`, { token: team.receiver.token });
    expect(detail.body).toMatchObject({ code, state: 'done', outcome: 'approved', supplementCycles: 1 });
    doneCode = code;
    await Promise.all([receiver, officer, chief].map((p) => p.context().close()));
  });

  it("(b) another ward's clerk cannot see the dossier: not found in the console and in the JSON API", async () => {
    expect(doneCode).toBeDefined();
    if (stack.passwordLogin) {
      // A wrong password first: the login page says so in place.
      const login = await stack.browser.newPage({ baseURL: stack.base, locale: 'vi-VN' });
      await login.goto('/console/login');
      await fillLogin(login, await usernameOf(stack, stranger), 'khong-dung-mat-khau');
      expect(await textOf(login.locator('#problem p'))).toBe('Tên đăng nhập hoặc mật khẩu không đúng.');
      await screenshot(login, 'console-login-error');
      await login.context().close();
    }
    const page = await signIn(stack, stranger);
    const response = await page.goto(`/console/dossiers/${doneCode}`);
    expect(response!.status()).toBe(404);
    expect(await textOf(page.locator('h1'))).toBe('Không tìm thấy');
    expect(await textOf(page.locator('main p'))).toBe('Không tìm thấy hồ sơ.');
    expect(await page.content()).not.toContain('Nguyễn Thị Lan');
    await screenshot(page, 'console-other-ward-not-found');

    await page.goto('/console?view=all');
    expect(await page.locator(`tr[data-code="${doneCode}"]`).count()).toBe(0);

    const viaApi = await api('GET', `/api/staff/dossiers/${doneCode}`, { token: stranger.token });
    expect(viaApi.status).toBe(404);
    expect(viaApi.body.error.code).toBe('NOT_FOUND');
    const act = await api('POST', `/api/staff/dossiers/${doneCode}/claim`, { token: stranger.token });
    expect(act.status).toBe(404);
    await page.context().close();
  });

  it('(c) an admin publishes a new version of a copy procedure: a new dossier uses it, a running one keeps its version; retiring it stops new dossiers', async () => {
    const CODE = 'TAM_TRU_CONSOLE';
    const page = await signIn(stack, admin);
    await page.goto('/console/admin/procedures');
    expect(await textOf(page.locator('#versions tr[data-code="TAM_TRU"]'))).toContain('Đang áp dụng');

    // A copy of TAM_TRU with two mistakes: each is reported at its path, nothing is stored.
    const copy = { ...(await getVersion(stack.db, 'TAM_TRU', 1))!, code: CODE, name: { vi: 'Đăng ký tạm trú (bản sao thử nghiệm)' } };
    const broken = { ...copy, initial: 'tiepNhan', states: { ...copy.states, review: { ...copy.states.review!, role: 'thuKy' } } };
    const editor = page.getByLabel('Định nghĩa (JSON)');
    await editor.fill(JSON.stringify(broken, null, 2));
    expect(await submit(page, page.getByRole('button', { name: 'Kiểm tra' }))).toBe(422);
    const issues = await textOf(page.locator('#editor .problem'));
    expect(issues).toMatch(/Định nghĩa thủ tục có \d+ lỗi/);
    expect(issues).toContain('initial:');
    expect(issues).toContain('states.review.role:');
    expect(await editor.getAttribute('aria-invalid')).toBe('true');
    expect(await editor.inputValue()).toBe(JSON.stringify(broken, null, 2)); // kept as typed
    await screenshot(page, 'console-admin-validation-errors');

    // Fixed, saved as draft 1, published.
    await editor.fill(JSON.stringify(copy, null, 2));
    expect(await submit(page, page.getByRole('button', { name: 'Lưu bản nháp' }))).toBe(303);
    expect(await textOf(page.locator('.notice'))).toContain(`Đã lưu bản nháp ${CODE} phiên bản 1`);
    expect(await submit(page, page.getByRole('button', { name: `Công bố ${CODE} phiên bản 1` }))).toBe(303);
    expect(await textOf(page.locator(`#versions tr[data-code="${CODE}"][data-version="1"]`))).toContain('Đang áp dụng');
    const running = await submitted(CODE);

    // Version 2, edited from version 1 in the editor: a new label for the intake step.
    await page.getByRole('link', { name: `Chép vào trình soạn thảo (phiên bản 1 của ${CODE})` }).click();
    await page.waitForURL((url) => url.searchParams.get('from') === CODE);
    const v1 = JSON.parse(await editor.inputValue()) as typeof copy;
    expect(v1).toMatchObject({ code: CODE, version: 1 });
    const newLabel = 'Tiếp nhận, kiểm tra hồ sơ (quy trình mới)';
    const v2 = { ...v1, states: { ...v1.states, intake: { ...v1.states.intake!, label: { vi: newLabel } } } };
    await editor.fill(JSON.stringify(v2, null, 2));
    expect(await submit(page, page.getByRole('button', { name: 'Lưu bản nháp' }))).toBe(303);
    expect(await textOf(page.locator('.notice'))).toContain(`Đã lưu bản nháp ${CODE} phiên bản 2`);
    expect(await submit(page, page.getByRole('button', { name: `Công bố ${CODE} phiên bản 2` }))).toBe(303);
    expect(await textOf(page.locator(`#versions tr[data-code="${CODE}"][data-version="2"]`))).toContain('Đang áp dụng');
    expect(await textOf(page.locator(`#versions tr[data-code="${CODE}"][data-version="1"]`))).toContain('Ngừng áp dụng');
    await screenshot(page, 'console-admin-published');

    const fresh = await submitted(CODE);
    expect((await dossierRow(stack.db, running)).procedure_version).toBe(1);
    expect((await dossierRow(stack.db, fresh)).procedure_version).toBe(2);

    // The receiver sees each dossier with its own version and works the running one under version 1.
    const receiver = await signIn(stack, team.receiver);
    await receiver.goto(`/console/dossiers/${fresh}`);
    expect(await textOf(receiver.locator('.lead'))).toBe('Đăng ký tạm trú (bản sao thử nghiệm) · phiên bản 2');
    expect(await stateLabel(receiver)).toBe(newLabel);
    await receiver.goto(`/console/dossiers/${running}`);
    expect(await textOf(receiver.locator('.lead'))).toBe('Đăng ký tạm trú (bản sao thử nghiệm) · phiên bản 1');
    expect(await stateLabel(receiver)).toBe(TAM_TRU.states.intake!.label.vi);
    expect(await submit(receiver, actionForm(receiver, 'accept').getByRole('button'))).toBe(303);
    expect(await stateLabel(receiver)).toBe(TAM_TRU.states.review!.label.vi);
    const viaApi = await api('GET', `/api/staff/dossiers/${running}`, { token: team.receiver.token });
    expect(viaApi.body).toMatchObject({ procedureCode: CODE, procedureVersion: 1, state: 'review' });

    // Retiring the copy: a confirmation page (plain forms), then the list says so and new dossiers are refused.
    await page.goto('/console/admin/procedures');
    await page.getByRole('button', { name: `Ngừng áp dụng ${CODE} phiên bản 2` }).click();
    await page.waitForURL((url) => url.pathname === `/console/admin/procedures/${CODE}/versions/2/retire`);
    expect(await textOf(page.locator('h1'))).toBe(`Ngừng áp dụng ${CODE} phiên bản 2?`);
    expect(await textOf(page.locator('#retire-effects'))).toContain('1 hồ sơ đang giải quyết theo phiên bản này vẫn tiếp tục');
    await screenshot(page, 'console-admin-retire-confirm');
    expect(await submit(page, page.getByRole('button', { name: `Ngừng áp dụng ${CODE} phiên bản 2` }))).toBe(303);
    expect(await textOf(page.locator('.notice'))).toContain(`Đã ngừng áp dụng ${CODE} phiên bản 2`);
    expect(await textOf(page.locator(`#versions tr[data-code="${CODE}"][data-version="2"]`))).toContain('Ngừng áp dụng');
    const refused = await api('POST', '/api/dossiers', { json: { ...submitRequest(tamTruForm()), procedureCode: CODE } });
    expect([refused.status, refused.body.error.code]).toEqual([409, 'PROCEDURE_RETIRED']);

    // Clerks without the admin role do not get the page.
    expect((await receiver.goto('/console/admin/procedures'))!.status()).toBe(403);
    await Promise.all([page, receiver].map((p) => p.context().close()));
  });

  it('(d) a resident fills the TAM_TRU form on a phone; the receiver finds it, with its documents, on a phone too', async () => {
    const oaId = `oa-console-${randomUUID()}`;
    const userId = `zalo-user-${randomUUID()}`;
    await stack.db
      .insertInto('zalo_oas')
      .values({ oa_id: oaId, name: 'Công an phường Đông Hưng Thuận', unit_id: WARD, app_id: 'app-test', app_secret_enc: 'dummy', oa_secret_key_enc: 'dummy', status: 'active' })
      .execute();
    await stack.db
      .insertInto('residents')
      .values({ oa_id: oaId, zalo_user_id: userId, display_name: 'Lan', name_enc: TEST_BOX.encrypt('Nguyễn Thị Lan', sealedAt('residents.name_enc', oaId, userId)), phone_enc: TEST_BOX.encrypt('84901234567', sealedAt('residents.phone_enc', oaId, userId)), following: true })
      .execute();
    const url = await createFormLink(stack.db, TEST_SECRET, { oaId, userId, purpose: 'submit', procedureCode: 'TAM_TRU', ttlMs: 60 * 60 * 1000 }, stack.base);

    const phone = await stack.browser.newContext({ ...PHONE, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    const resident = await phone.newPage();
    await resident.goto(url);
    expect(await textOf(resident.locator('h1'))).toBe(TAM_TRU.name.vi);
    expect(await resident.getByLabel('Họ, chữ đệm và tên').inputValue()).toBe('Nguyễn Thị Lan'); // shared with the OA
    expect(await resident.getByLabel('Số điện thoại').inputValue()).toBe('0901234567');
    const form = tamTruForm();
    await resident.getByLabel('Nội dung đề nghị').selectOption('new');
    await resident.getByLabel('Số định danh cá nhân (CCCD)').fill(String(form.cccd));
    await resident.getByLabel('Ngày sinh').fill(String(form.dateOfBirth));
    await resident.getByLabel('Địa chỉ nơi tạm trú').fill(String(form.stayAddress));
    await resident.getByLabel('Tạm trú từ ngày').fill(String(form.stayFrom));
    await resident.getByLabel('Tạm trú đến ngày').fill(String(form.stayUntil));
    await resident.getByLabel('Lý do tạm trú (làm việc, học tập…)').fill('Thuê nhà để đi làm');
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n');
    await resident.locator('#file-ct01').setInputFiles({ name: 'to-khai-ct01.png', mimeType: 'image/png', buffer: png });
    await resident.locator('#file-residenceProof').setInputFiles({ name: 'hop-dong-thue-nha.pdf', mimeType: 'application/pdf', buffer: pdf });
    await expectNoHorizontalScroll(resident);
    await screenshot(resident, 'resident-form-phone');

    await resident.getByRole('button', { name: 'Gửi hồ sơ' }).tap();
    expect(await textOf(resident.locator('h1'))).toBe('Đã gửi hồ sơ');
    const code = await textOf(resident.locator('.code'));
    expect(code).toMatch(/^DHT-\d{6}-\d{4}$/);
    await screenshot(resident, 'resident-confirmation-phone');
    await waitForState(stack.db, code, 'intake');

    // The receiver, also on a phone: the inbox turns into cards, the dossier lists the documents.
    // The intake task is made late in the read model the inbox reads: it is listed as overdue, highlighted.
    await stack.db.updateTable('tasks').set({ due_at: new Date(Date.now() - 60_000) }).where('dossier_id', '=', (await dossierRow(stack.db, code)).id).where('status', '=', 'open').execute();
    const receiver = await signIn(stack, team.receiver, PHONE);
    await receiver.goto('/console?view=overdue');
    const late = receiver.locator(`#inbox tr.overdue[data-code="${code}"]`);
    expect(await textOf(late)).toContain(TAM_TRU.states.intake!.label.vi);
    expect(await textOf(late.locator('.badge.late'))).toBe('Quá hạn');
    await expectNoHorizontalScroll(receiver);
    await screenshot(receiver, 'console-inbox-phone');
    await late.getByRole('link', { name: code }).tap();
    await receiver.waitForURL(`**/console/dossiers/${code}`);
    const documents = await textOf(receiver.locator('#documents'));
    expect(documents).toContain('to-khai-ct01.png');
    expect(documents).toContain('hop-dong-thue-nha.pdf');
    expect(await textOf(receiver.locator('#status-title + dl'))).toContain('Zalo');
    // The photo shows as a thumbnail (served by the preview route, allowed by the console's img-src 'self').
    const thumb = receiver.locator('#documents .thumb img');
    await thumb.scrollIntoViewIfNeeded();
    await expect.poll(() => thumb.evaluate((img: { complete: boolean; naturalWidth: number }) => (img.complete ? img.naturalWidth : 0))).toBe(1);
    expect(await thumb.getAttribute('alt')).toBe('Ảnh to-khai-ct01.png');
    expect(await receiver.locator('#documents a.preview-pdf').count()).toBe(1);
    await expectNoHorizontalScroll(receiver);
    await screenshot(receiver, 'console-dossier-phone');
    const [download] = await Promise.all([receiver.waitForEvent('download'), receiver.getByRole('link', { name: 'hop-dong-thue-nha.pdf' }).click()]);
    expect(download.suggestedFilename()).toBe('hop-dong-thue-nha.pdf');
    expect(await readFile((await download.path())!)).toEqual(pdf);
    await Promise.all([phone.close(), receiver.context().close()]);
  });
  it('(e) parallel reviews each with their own decision, and an appointment booked from the free slots', async () => {
    // PCCC: filed at the ward, handled by the provincial fire police; three reviews side by side.
    const PROVINCE = 'ca-tphcm';
    const pccc = (await getPublished(stack.db, 'PCCC'))!;
    const reviews = pccc.states.reviews!;
    if (reviews.type !== 'parallel') throw new Error('PCCC reviews are parallel');
    const pcccCode = await submitted('PCCC', sampleForm(pccc, Date.now())); // design appraisal: no site inspection
    await accepted(pcccCode, await createStaff(stack.db, 'Tiếp nhận PC07', [{ role: 'receiver', unitId: PROVINCE }]));
    const specialist = await signIn(stack, await createStaff(stack.db, 'Thẩm định PC07', [{ role: 'officer', unitId: PROVINCE }]));
    await specialist.goto(`/console/dossiers/${pcccCode}`);
    expect(await stateLabel(specialist)).toBe(reviews.label.vi);
    const branches = Object.values(reviews.branches).map((b) => b.label.vi);
    for (const [i, label] of branches.entries()) {
      const card = specialist.locator('.action', { has: specialist.getByRole('heading', { name: label, exact: true }) });
      expect(await textOf(card)).toContain('Đang chờ ý kiến');
      expect(await card.getByLabel('Lý do').count()).toBe(1); // rejecting a review needs a reason
      if (i === 1) await screenshot(specialist, 'console-parallel-reviews');
      expect(await submit(specialist, card.getByRole('button', { name: `Chấp thuận: ${label}`, exact: true }))).toBe(303);
    }
    expect(await stateLabel(specialist)).toBe(pccc.states.decision!.label.vi);
    const decided = await textOf(specialist.locator('#timeline'));
    for (const label of branches) expect(decided).toContain(`${label}: chấp thuận`);

    // CCCD: after intake, the resident's biometrics appointment is booked by a clerk, then recorded.
    const cccd = (await getPublished(stack.db, 'CCCD'))!;
    const cccdCode = await submitted('CCCD', sampleForm(cccd, Date.now()));
    await accepted(cccdCode, team.receiver);
    const officer = await signIn(stack, team.officer);
    await officer.goto(`/console/dossiers/${cccdCode}`);
    expect(await stateLabel(officer)).toBe(cccd.states.biometrics!.label.vi);
    expect(await textOf(officer.locator('#appointment-booked'))).toBe('Chưa đặt lịch hẹn.');
    const slot = officer.getByLabel('Khung giờ còn trống');
    const first = await slot.locator('option').first().getAttribute('value');
    expect(await slot.locator('option').first().textContent()).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2} \(còn \d+ chỗ\)$/);
    await slot.selectOption(first!);
    expect(await submit(officer, officer.getByRole('button', { name: 'Đặt lịch hẹn' }))).toBe(303);
    const booked = await textOf(officer.locator('.notice'));
    expect(booked).toMatch(/^Đã đặt lịch hẹn lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}\.$/);
    expect(await textOf(officer.locator('#appointment-booked'))).toBe(`Đã hẹn lúc ${booked.slice('Đã đặt lịch hẹn lúc '.length, -1)}.`);
    const bookings = await stack.db.selectFrom('appointment_bookings').select(['starts_at', 'status']).where('dossier_id', '=', (await dossierRow(stack.db, cccdCode)).id).execute();
    expect(bookings).toEqual([{ starts_at: new Date(first!), status: 'booked' }]);
    await screenshot(officer, 'console-appointment-booked');
    expect(await submit(officer, officer.getByRole('button', { name: 'Đã đến', exact: true }))).toBe(303);
    expect(await stateLabel(officer)).toBe(cccd.states.review!.label.vi);
    await Promise.all([specialist, officer].map((p) => p.context().close()));
  });
});
