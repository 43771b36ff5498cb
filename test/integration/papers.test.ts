// Printed papers and document previews over real HTTP: the receipt (giấy tiếp nhận và hẹn trả kết
// quả) and the result notice as PDFs whose extracted text carries the Vietnamese exactly, from the
// console, the staff and resident APIs and the resident's signed link; refusals before receipt,
// before a result and for crime tips; previews of uploads typed by their bytes; other wards see 404.
// The real app, a real worker on the dev server, real PostgreSQL. Tests run in order on one dossier.
import { randomUUID } from 'node:crypto';
import { writeFile, mkdir } from 'node:fs/promises';
import { describe, expect, it, beforeAll } from 'vitest';
import { unitCalendar } from '../../api/holidays/unit-calendar.js';
import { localDate, statutoryDueAt } from '../../domain/calendar.js';
import { TAM_TRU } from '../../domain/procedures/tam-tru.js';
import { createFormLink } from '../../zalo/links.js';
import { useApiStack } from '../support/api-stack.js';
import { text } from '../support/console-pages.js';
import { createStaff, dossierRow, OTHER_WARD, submitRequest, tamTruForm, TEST_FILES, TEST_SECRET, waitForState, wardTeam, WARD, type TestStaff } from '../support/fixtures.js';
import { pdfText, vietnamLongDateTime } from '../support/pdf-text.js';

const s = useApiStack();
const APPLICANT = 'Nguyễn Thị Hồng';
const REASON = 'Chỗ ở không hợp pháp: hợp đồng thuê nhà đã hết hạn';
const ARTIFACTS = new URL('../artifacts/', import.meta.url);
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n');
/** A stored row claiming to be a PNG whose bytes are HTML: the preview must go by the bytes. */
const HTML = Buffer.from('<html><script>alert(1)</script></html>');

let team: Awaited<ReturnType<typeof wardTeam>>;
let stranger: TestStaff;
let code: string;
let accessToken: string;
const docs: Record<'png' | 'pdf' | 'html', string> = { png: '', pdf: '', html: '' };

beforeAll(async () => {
  team = await wardTeam(s.db);
  stranger = await createStaff(s.db, 'Võ Phường Khác', [{ role: 'receiver', unitId: OTHER_WARD }, { role: 'chief', unitId: OTHER_WARD }]);
  await mkdir(ARTIFACTS, { recursive: true });
});

function get(path: string, headers: Record<string, string> = {}) {
  return fetch(`${s.base}${path}`, { headers, redirect: 'manual' });
}
const as = (who: TestStaff) => ({ authorization: `Bearer ${who.token}` });

async function pdfOf(res: Response): Promise<{ bytes: Buffer; text: string }> {
  expect(res.status, res.status === 200 ? '' : await res.clone().text()).toBe(200);
  const bytes = Buffer.from(await res.arrayBuffer());
  return { bytes, text: await pdfText(bytes) };
}

async function insertDocument(dossierId: string, docKey: string | null, bytes: Buffer, mime: string, filename: string) {
  const sha256 = await TEST_FILES.put(bytes);
  const { id } = await s.db
    .insertInto('documents')
    .values({ dossier_id: dossierId, resident_id: null, doc_key: docKey, sha256, mime, size: bytes.length, filename, source: 'form' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

async function act(who: TestStaff, action: string, extra: Record<string, unknown> = {}) {
  const row = await dossierRow(s.db, code);
  const res = await fetch(`${s.base}/api/staff/dossiers/${code}/actions`, {
    method: 'POST',
    headers: { ...as(who), 'content-type': 'application/json' },
    body: JSON.stringify({ action, expectedVersion: row.state_version, ...extra }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
}

describe('receipt and result notice', () => {
  it('refuses the papers before the dossier is received (409), and offers no link', async () => {
    const res = await fetch(`${s.base}/api/dossiers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...submitRequest({ ...tamTruForm(), fullName: APPLICANT }), applicant: { name: APPLICANT, phone: '0912345678' } }),
    });
    expect(res.status).toBe(201);
    ({ code, accessToken } = (await res.json()) as { code: string; accessToken: string });
    const row = await waitForState(s.db, code, 'intake');
    docs.png = await insertDocument(row.id, 'ct01', PNG, 'image/png', 'tờ khai CT01.png');
    docs.pdf = await insertDocument(row.id, 'residenceProof', PDF, 'application/pdf', 'hop-dong-thue-nha.pdf');
    docs.html = await insertDocument(row.id, null, HTML, 'image/png', 'anh-gia.png');

    const page = await get(`/console/dossiers/${code}/receipt.pdf`, as(team.receiver));
    expect(page.status).toBe(409);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(text(await page.text())).toContain('Hồ sơ chưa được tiếp nhận nên chưa có giấy tiếp nhận và hẹn trả kết quả.');
    const api = await get(`/api/staff/dossiers/${code}/result.pdf`, as(team.receiver));
    expect(api.status).toBe(409);
    expect(await api.json()).toMatchObject({ error: { code: 'INVALID_STATE', message: 'Hồ sơ chưa có kết quả giải quyết nên chưa có thông báo kết quả.' } });
    const html = await (await get(`/console/dossiers/${code}`, as(team.receiver))).text();
    expect(html).not.toContain('id="paper-receipt"');
  });

  it('prints the receipt with the applicant, documents, receiving clerk and the due date the engine computed', async () => {
    await act(team.receiver, 'accept');
    const row = await waitForState(s.db, code, 'review');
    const cal = await unitCalendar(s.db, WARD, localDate(row.received_at!.getTime()));
    expect(row.due_at!.getTime()).toBe(statutoryDueAt(row.received_at!.getTime(), 3, cal).dueAt);

    const res = await get(`/console/dossiers/${code}/receipt.pdf`, as(team.receiver));
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(`inline; filename="giay-tiep-nhan-${code}.pdf"`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const { bytes, text: receipt } = await pdfOf(res);
    await writeFile(new URL('receipt.pdf', ARTIFACTS), bytes);
    // The font is embedded as a subset with a ToUnicode map; no standard (Latin-only) font is used.
    const raw = bytes.toString('latin1');
    expect(raw).toMatch(/\/FontName \/[A-Z]{6}\+BeVietnamPro-Regular/);
    expect(raw).toContain('/FontFile2');
    expect(raw).toContain('/ToUnicode');
    expect(raw).not.toContain('Helvetica');

    for (const expected of [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'CÔNG AN PHƯỜNG ĐÔNG HƯNG THUẬN',
      'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
      'Mẫu CT04',
      `Mã hồ sơ: ${code}`,
      `Người nộp hồ sơ: ${APPLICANT}`,
      'Số điện thoại: 0912345678',
      `Nội dung yêu cầu giải quyết: ${TAM_TRU.name.vi}`,
      'Tờ khai thay đổi thông tin cư trú (mẫu CT01) (1 tệp)',
      'Giấy tờ khác (1 tệp)',
      'Thời gian giải quyết theo quy định: 3 ngày làm việc',
      `Thời gian nhận hồ sơ: ${vietnamLongDateTime(row.received_at!)}`,
      `Thời gian trả kết quả: ${vietnamLongDateTime(row.due_at!)}`,
      'Lệ phí: 15.000 đồng (nộp trực tuyến: theo quy định hiện hành — cán bộ sẽ báo)',
      'Nơi nhận kết quả: Bộ phận tiếp nhận và trả kết quả, Công an phường Đông Hưng Thuận',
      'NGƯỜI TIẾP NHẬN HỒ SƠ',
      team.receiver.actor.name,
    ]) {
      expect(receipt).toContain(expected);
    }
    expect(vietnamLongDateTime(row.due_at!)).toMatch(/^17 giờ 00 phút, ngày \d{2} tháng \d{2} năm \d{4}$/);

    // The dossier page links it; the staff API serves the same paper to a bearer token.
    const html = await (await get(`/console/dossiers/${code}`, as(team.officer))).text();
    expect(html).toContain(`<a id="paper-receipt" href="/console/dossiers/${code}/receipt.pdf"`);
    expect(html).not.toContain('id="paper-result"');
    const viaApi = await pdfOf(await get(`/api/staff/dossiers/${code}/receipt.pdf`, as(team.officer)));
    expect(viaApi.text).toBe(receipt);
  });

  it("gives the applicant the receipt with their token or signed link, and hides it from another ward's clerk", async () => {
    const own = await pdfOf(await get(`/api/dossiers/${code}/receipt.pdf`, { 'x-dossier-token': accessToken }));
    expect(own.text).toContain(`Người nộp hồ sơ: ${APPLICANT}`);
    expect((await get(`/api/dossiers/${code}/receipt.pdf`, { 'x-dossier-token': 'khong-dung' })).status).toBe(404);

    const oaId = `oa-papers-${randomUUID()}`;
    await s.db
      .insertInto('zalo_oas')
      .values({ oa_id: oaId, name: 'Công an phường Đông Hưng Thuận', unit_id: WARD, app_id: 'app-test', app_secret_enc: 'dummy', oa_secret_key_enc: 'dummy', status: 'active' })
      .execute();
    const statusUrl = await createFormLink(s.db, TEST_SECRET, { oaId, userId: `u-${randomUUID()}`, purpose: 'status', dossierCode: code, ttlMs: 60_000 }, '');
    const status = await (await get(statusUrl)).text();
    expect(status).toContain(`<a href="${statusUrl}/receipt.pdf">Tải giấy tiếp nhận hồ sơ và hẹn trả kết quả (PDF)</a>`);
    const viaLink = await get(`${statusUrl}/receipt.pdf`);
    expect(viaLink.headers.get('content-security-policy')).not.toContain('frame-ancestors');
    expect((await pdfOf(viaLink)).text).toContain(`Mã hồ sơ: ${code}`);
    expect((await get(`${statusUrl.slice(0, -3)}xyz/receipt.pdf`)).status).toBe(403); // forged signature

    for (const path of [`/console/dossiers/${code}/receipt.pdf`, `/console/dossiers/${code}/result.pdf`, `/api/staff/dossiers/${code}/receipt.pdf`]) {
      const res = await get(path, as(stranger));
      expect(res.status, path).toBe(404);
      expect(await res.text()).not.toContain(APPLICANT);
    }
  });

  it('prints the result notice once the chief rejects, with the reason; the receipt stays available', async () => {
    await act(team.officer, 'approve');
    await waitForState(s.db, code, 'decision');
    await act(team.chief, 'reject', { reason: REASON });
    const row = await waitForState(s.db, code, 'rejected');
    const res = await get(`/console/dossiers/${code}/result.pdf`, as(team.receiver));
    expect(res.headers.get('content-disposition')).toBe(`inline; filename="thong-bao-ket-qua-${code}.pdf"`);
    const { bytes, text: notice } = await pdfOf(res);
    await writeFile(new URL('result-notice.pdf', ARTIFACTS), bytes);
    for (const expected of [
      'THÔNG BÁO KẾT QUẢ GIẢI QUYẾT HỒ SƠ',
      'Mẫu CT06',
      `Mã hồ sơ: ${code}`,
      `Người nộp hồ sơ: ${APPLICANT}`,
      'Kết quả: Không giải quyết: Từ chối',
      `Lý do: ${REASON}`,
      `Ngày có kết quả: ${vietnamLongDateTime(row.closed_at!)}`,
      'Đơn vị giải quyết: Công an phường Đông Hưng Thuận',
      team.chief.actor.name,
    ]) {
      expect(notice).toContain(expected);
    }
    expect((await get(`/console/dossiers/${code}/receipt.pdf`, as(team.receiver))).status).toBe(200);
    const html = await (await get(`/console/dossiers/${code}`, as(team.receiver))).text();
    expect(html).toContain(`<a id="paper-result" href="/console/dossiers/${code}/result.pdf"`);
  });

  it('prints nothing for a crime tip, even for its investigator after acceptance', async () => {
    const investigator = await createStaff(s.db, 'Điều tra viên In Ấn', [{ role: 'investigator', unitId: WARD }]);
    const res = await fetch(`${s.base}/api/dossiers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        procedureCode: 'TO_GIAC',
        unitId: WARD,
        channel: 'web',
        applicant: { name: 'Người Báo Tin Bí Mật', phone: '0987654321' },
        formData: { category: 'to_giac', place: 'Chợ Tân Thới Nhất', content: 'Có người buôn bán hàng cấm', reporterName: 'Người Báo Tin Bí Mật', reporterPhone: '0987654321' },
      }),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const tip = ((await res.json()) as { code: string }).code;
    const row = await waitForState(s.db, tip, 'intake');
    const accepted = await fetch(`${s.base}/api/staff/dossiers/${tip}/actions`, {
      method: 'POST',
      headers: { ...as(investigator), 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'accept', expectedVersion: row.state_version }),
    });
    expect(accepted.status).toBe(200);
    expect((await dossierRow(s.db, tip)).received_at).not.toBeNull();

    const refused = await get(`/api/staff/dossiers/${tip}/receipt.pdf`, as(investigator));
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain('Tin báo, tố giác tội phạm không in giấy tiếp nhận');
    const page = await (await get(`/console/dossiers/${tip}`, as(investigator))).text();
    expect(page).not.toContain('id="paper-receipt"');
    expect(text(page)).toContain('Tin báo, tố giác tội phạm không in giấy tiếp nhận hay thông báo kết quả.');
    expect((await get(`/console/dossiers/${tip}/receipt.pdf`, as(team.receiver))).status).toBe(404); // not an investigator
  });
});

describe('document previews', () => {
  const preview = (id: string) => `/console/dossiers/${code}/documents/${id}/preview`;

  it('shows image thumbnails and opens PDFs inline, typed by their bytes, never scriptable', async () => {
    const html = await (await get(`/console/dossiers/${code}`, as(team.officer))).text();
    expect(html).toContain(`<img src="${preview(docs.png)}" alt="Ảnh tờ khai CT01.png" loading="lazy"/>`);
    expect(html).toContain(`<a href="${preview(docs.pdf)}" target="_blank" rel="noopener" class="preview-pdf">Xem PDF trong tab mới</a>`);

    const image = await get(preview(docs.png), as(team.officer));
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(image.headers.get('x-content-type-options')).toBe('nosniff');
    expect(image.headers.get('content-security-policy')).toMatch(/default-src 'none'.*sandbox/);
    expect(image.headers.get('content-disposition')).toBe(`inline; filename*=UTF-8''${encodeURIComponent('tờ khai CT01.png')}`);
    expect(Buffer.from(await image.arrayBuffer())).toEqual(PNG);

    const pdf = await get(preview(docs.pdf), as(team.officer));
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('x-content-type-options')).toBe('nosniff');
    expect(pdf.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(pdf.headers.get('cache-control')).toBe('no-store');
  });

  it('refuses bytes that are no image or PDF whatever the stored type says, and hides previews from other wards', async () => {
    const html = await get(preview(docs.html), as(team.officer));
    expect(html.status).toBe(404);
    expect(await html.text()).not.toContain('<script>alert(1)</script>');
    expect((await get(preview(docs.png), as(stranger))).status).toBe(404);
    expect((await get(`/console/dossiers/${code}/documents/${randomUUID()}/preview`, as(team.officer))).status).toBe(404);
    // The console's own pages keep their CSP.
    const page = await get(`/console/dossiers/${code}`, as(team.officer));
    expect(page.headers.get('content-security-policy')).toContain("img-src 'self'");
  });
});
