// The resident pages end to end: signed links from a Zalo OA, the TAM_TRU form rendered from its
// published definition, multipart submission with documents checked by content, and the status
// page. The real app on a real port, a real worker on the dev server, files in a temp folder.
// Tests run in order: the status test follows the dossier the first submission created.
import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { actOnDossier } from '../../api/dossiers/updates.js';
import { formatDateVi } from '../../domain/wording/dates.js';
import { TAM_TRU } from '../../domain/procedures/tam-tru.js';
import type { Db } from '../../db/database.js';
import { LocalFileStore } from '../../db/file-store.js';
import { createFormLink, type LinkPurpose } from '../../zalo/links.js';
import { listen, type Listening } from '../support/http.js';
import { sealedAt } from '../../db/crypto.js';
import { appZaloDeps, dossierRow, tamTruForm, TEST_BOX, TEST_SECRET, testDb, waitForState, wardTeam, WARD } from '../support/fixtures.js';
import { devServerEnv, startWorker, type RunningWorker } from '../support/temporal.js';

const OA = `oa-pages-${randomUUID()}`;
const USER = `zalo-user-${randomUUID()}`;
/** What the resident shared with the OA (stored encrypted), besides their Zalo display name. */
const SHARED = { name: 'Nguyễn Thị Lan', phone: '84901234567' };
const HOUR = 60 * 60 * 1000;

let env: TestWorkflowEnvironment;
let db: Db;
let worker: RunningWorker;
let http: Listening | undefined;
let base: string;
let filesDir: string;
let files: LocalFileStore;
let residentId: string;

beforeAll(async () => {
  env = await devServerEnv();
  db = testDb();
  worker = await startWorker(env, db);
  filesDir = await mkdtemp(join(tmpdir(), 'motcua-files-'));
  files = new LocalFileStore(filesDir);
  const app = createApp({ db, temporal: env.client, taskQueue: worker.taskQueue, secret: TEST_SECRET, files, ...appZaloDeps() });
  http = await listen(app.fetch);
  base = http.base;
  await db
    .insertInto('zalo_oas')
    .values({ oa_id: OA, name: 'Công an phường Đông Hưng Thuận', unit_id: WARD, app_id: 'app-test', app_secret_enc: 'dummy', oa_secret_key_enc: 'dummy', status: 'active' })
    .execute();
  ({ id: residentId } = await db
    .insertInto('residents')
    .values({ oa_id: OA, zalo_user_id: USER, display_name: 'Lan 🌸', name_enc: TEST_BOX.encrypt(SHARED.name, sealedAt('residents.name_enc', OA, USER)), phone_enc: TEST_BOX.encrypt(SHARED.phone, sealedAt('residents.phone_enc', OA, USER)), following: true })
    .returning('id')
    .executeTakeFirstOrThrow());
});

afterAll(async () => {
  await http?.close();
  await worker?.stop();
  await env?.teardown();
  await db?.destroy();
  if (filesDir) await rm(filesDir, { recursive: true, force: true });
});

// ---- links, requests and HTML ----

function link(purpose: LinkPurpose = 'submit', opts: { dossierCode?: string; ttlMs?: number; now?: Date } = {}) {
  const procedureCode = purpose === 'submit' ? 'TAM_TRU' : undefined;
  return createFormLink(db, TEST_SECRET, { oaId: OA, userId: USER, purpose, procedureCode, dossierCode: opts.dossierCode, ttlMs: opts.ttlMs ?? HOUR }, base, opts.now);
}

interface Page {
  status: number;
  html: string;
  headers: Headers;
}

async function open(url: string): Promise<Page> {
  const res = await fetch(url);
  return { status: res.status, html: await res.text(), headers: res.headers };
}

interface Upload {
  bytes: Uint8Array;
  name: string;
  type: string;
}

/** Posts the page's form as a browser does: `form.<key>` fields, `file.<key>` documents. */
async function post(url: string, form: Record<string, unknown>, uploads: Record<string, Upload> = {}): Promise<Page> {
  const body = new FormData();
  for (const [key, value] of Object.entries(form)) body.append(`form.${key}`, String(value));
  for (const [key, u] of Object.entries(uploads)) body.append(`file.${key}`, new Blob([u.bytes], { type: u.type }), u.name);
  const res = await fetch(url, { method: 'POST', body });
  return { status: res.status, html: await res.text(), headers: res.headers };
}

/** A real 1×1 PNG. */
const PNG = new Uint8Array(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64'));

/** A minimal PDF; `tag` makes its bytes (and hash) unique to a test. */
function pdf(tag: string): Uint8Array {
  return new TextEncoder().encode(
    `%PDF-1.4\n% ${tag}\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n` +
      'trailer <</Root 1 0 R>>\n%%EOF\n',
  );
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const documentsFor = (tag: string) => ({
  ct01: { bytes: PNG, name: 'ct01.png', type: 'image/png' },
  residenceProof: { bytes: pdf(tag), name: 'hop-dong-thue-nha.pdf', type: 'application/pdf' },
});

function unescape(html: string): string {
  return html.replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
}

/** The opening tag of the control with this id. */
function control(html: string, id: string): string {
  const tag = new RegExp(`<(input|select|textarea)\\b[^>]*\\bid="${id}"[^>]*>`).exec(html);
  expect(tag, `control #${id}`).not.toBeNull();
  return tag![0];
}

/** The error shown next to a control, checked to be announced with it. */
function errorAt(html: string, id: string): string | undefined {
  const message = new RegExp(`<p id="${id}-error" class="error">([^<]*)</p>`).exec(html)?.[1];
  if (message !== undefined) {
    expect(control(html, id)).toContain('aria-invalid="true"');
    expect(control(html, id)).toMatch(new RegExp(`aria-describedby="[^"]*\\b${id}-error\\b`));
  }
  return message === undefined ? undefined : unescape(message);
}

const codeIn = (html: string) => /[A-Z0-9]+-\d{6}-\d{4}/.exec(html)?.[0];

async function dossiersOfUser(): Promise<string[]> {
  const rows = await db.selectFrom('dossiers').select('code').where((eb) => eb(eb.ref('applicant', '->>').key('zaloUserId'), '=', USER)).execute();
  return rows.map((r) => r.code).sort();
}

let firstCode: string;
let firstStatusUrl: string;

describe('resident pages', () => {
  it('renders the published TAM_TRU form with documents, fee, deadline and legal basis, prefilled with what the resident shared', async () => {
    const page = await open(await link());
    expect(page.status, page.html).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html; charset=UTF-8/i);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('content-security-policy')).toMatch(/^default-src 'none';/);
    const html = unescape(page.html);
    expect(html).toMatch(/^<!doctype html><html lang="vi">/);
    expect(html).toContain('<h1>Đăng ký tạm trú, gia hạn tạm trú</h1>');
    expect(html).toContain('Công an phường Đông Hưng Thuận');

    for (const field of TAM_TRU.form!) {
      expect(html).toContain(`<label for="form-${field.key}">${field.label.vi}`);
      expect(control(html, `form-${field.key}`)).toContain(`name="form.${field.key}"`);
    }
    expect(control(html, 'form-phone')).toContain('type="tel"');
    expect(control(html, 'form-stayFrom')).toContain('type="date"');
    expect(control(html, 'form-fullName')).toContain(`value="${SHARED.name}"`);
    expect(control(html, 'form-phone')).toContain('value="0901234567"');
    expect(control(html, 'form-cccd')).toContain('required');
    expect(control(html, 'form-reason')).not.toContain('required');
    expect(html).toContain('<option value="renewal">Gia hạn tạm trú</option>');
    expect(html).toContain('<p id="form-stayUntil-help" class="help">Tối đa 2 năm kể từ ngày bắt đầu tạm trú.</p>');
    expect(control(html, 'form-stayUntil')).toContain('aria-describedby="form-stayUntil-help"');

    for (const doc of TAM_TRU.documents!) {
      expect(html).toContain(`<label for="file-${doc.key}">${doc.label.vi}`);
      const input = control(html, `file-${doc.key}`);
      expect(input).toContain('type="file"');
      expect(input).toContain('accept="image/*,application/pdf"');
      expect(input.includes('required')).toBe(doc.required);
    }
    expect(html).toContain('Nhận ảnh (JPEG, PNG, GIF, WebP, HEIC) hoặc PDF, tối đa 10 MB.');

    expect(html).toContain('3 ngày làm việc kể từ khi nhận đủ hồ sơ hợp lệ');
    expect(html).toContain('Nộp tại trụ sở: 15.000 đồng');
    expect(html).toContain('Nộp trực tuyến: theo quy định hiện hành — cán bộ sẽ báo');
    expect(html).not.toContain('7.000 đồng');
    expect(html).toMatch(/<details><summary>Căn cứ pháp lý<\/summary><ul>.*Luật Cư trú số 68\/2020\/QH14/);
    expect(html).toContain('<form method="post" enctype="multipart/form-data">');
  });

  it('submits the form with a PNG and a PDF: a Zalo dossier, its documents stored by hash, the link used', async () => {
    const url = await link();
    const form = tamTruForm();
    const docs = documentsFor('first');
    const page = await post(url, form, docs);
    expect(page.status, page.html).toBe(200);
    expect(page.html).toContain('<h1>Đã gửi hồ sơ</h1>');
    firstCode = codeIn(page.html)!;
    expect(firstCode).toMatch(/^DHT-\d{6}-\d{4}$/);
    firstStatusUrl = base + /href="(\/r\/[^"]+)"/.exec(page.html)![1]!;

    const row = await dossierRow(db, firstCode);
    expect(row).toMatchObject({ channel: 'zalo', unit_id: WARD, procedure_code: 'TAM_TRU' });
    expect(row.applicant).toEqual({ name: form.fullName, phone: form.phone, zaloUserId: USER, oaId: OA });
    expect(row.form_data).toMatchObject({ cccd: form.cccd, stayAddress: form.stayAddress });

    const documents = await db.selectFrom('documents').selectAll().where('dossier_id', '=', row.id).orderBy('doc_key').execute();
    expect(documents.map((d) => [d.doc_key, d.sha256, d.mime, d.size, d.filename, d.source, d.resident_id])).toEqual([
      ['ct01', sha256(PNG), 'image/png', PNG.length, 'ct01.png', 'form', residentId],
      ['residenceProof', sha256(docs.residenceProof.bytes), 'application/pdf', docs.residenceProof.bytes.length, 'hop-dong-thue-nha.pdf', 'form', residentId],
    ]);
    for (const [, upload] of Object.entries(docs)) expect(await files.get(sha256(upload.bytes))).toEqual(upload.bytes);

    const used = await db.selectFrom('form_links').selectAll().where('dossier_id', '=', row.id).where('purpose', '=', 'submit').executeTakeFirstOrThrow();
    expect(used.used_at).toBeInstanceOf(Date);
    await waitForState(db, firstCode, 'intake');

    // Opened again, or sent again with the same or other content: refused, and still one dossier.
    const before = await dossiersOfUser();
    const again = await open(url);
    expect(again.status).toBe(409);
    expect(again.html).toContain('Đường dẫn này đã được dùng để nộp hồ sơ và không thể dùng lại.');
    expect(again.html).toContain(firstCode);
    expect(again.html).not.toContain('<form');
    for (const resent of [form, { ...form, reason: 'Đổi ý' }]) {
      const res = await post(url, resent, documentsFor('first'));
      expect(res.status).toBe(409);
      expect(res.html).toContain('đã được dùng');
    }
    expect(await dossiersOfUser()).toEqual(before);
    expect(await db.selectFrom('documents').select('id').where('dossier_id', '=', row.id).execute()).toHaveLength(2);
  });

  it('a double submit in parallel creates one dossier with one set of documents', async () => {
    const url = await link();
    const before = await dossiersOfUser();
    const pages = await Promise.all([1, 2].map(() => post(url, tamTruForm(), documentsFor('double'))));
    expect(pages.map((p) => p.status).sort()).toEqual([200, 409]);
    const after = await dossiersOfUser();
    expect(after).toHaveLength(before.length + 1);
    const code = after.find((c) => !before.includes(c))!;
    for (const p of pages) expect(p.html).toContain(code);
    const row = await dossierRow(db, code);
    expect(await db.selectFrom('documents').select('doc_key').where('dossier_id', '=', row.id).execute()).toHaveLength(2);
  });

  it('refuses forged, tampered and expired links with a page, and creates nothing', async () => {
    const before = await dossiersOfUser();
    const url = await link();
    const flipped = url.slice(0, -1) + (url.endsWith('A') ? 'B' : 'A');
    const [body, mac] = url.slice(url.lastIndexOf('/') + 1).split('.');
    const payload = JSON.parse(Buffer.from(body!, 'base64url').toString()) as Record<string, unknown>;
    const otherUser = `${base}/r/${Buffer.from(JSON.stringify({ ...payload, user: 'someone-else' })).toString('base64url')}.${mac}`;

    for (const forged of [flipped, otherUser, `${base}/r/not-a-token`, `${base}/r/${body}`]) {
      const page = await open(forged);
      expect(page.status, forged).toBe(403);
      expect(page.html).toContain('<h1>Đường dẫn không hợp lệ</h1>');
      expect(page.html).not.toContain('<form');
      expect((await post(forged, tamTruForm(), documentsFor('forged'))).status).toBe(403);
    }

    const expired = await link('submit', { ttlMs: 1000, now: new Date(Date.now() - HOUR) });
    const page = await open(expired);
    expect(page.status).toBe(410);
    expect(page.html).toContain('<h1>Đường dẫn đã hết hạn</h1>');
    expect(page.html).toContain('Vui lòng nhắn tin cho Zalo OA để nhận đường dẫn mới.');
    expect((await post(expired, tamTruForm(), documentsFor('expired'))).status).toBe(410);

    expect(await dossiersOfUser()).toEqual(before);
    expect(await files.get(sha256(pdf('forged')))).toBeUndefined();
  });

  it('refuses a file that only claims to be a JPEG, next to its document, and stores nothing', async () => {
    const url = await link();
    const before = await dossiersOfUser();
    const fake = new TextEncoder().encode('<html><body>not a photo</body></html>');
    const proof = pdf('fake-jpeg');
    const form = tamTruForm();
    const page = await post(url, form, { ct01: { bytes: fake, name: 'cccd.jpg', type: 'image/jpeg' }, residenceProof: { bytes: proof, name: 'proof.pdf', type: 'application/pdf' } });

    expect(page.status).toBe(422);
    expect(errorAt(page.html, 'file-ct01')).toBe('Tệp không đúng định dạng hoặc bị hỏng: chỉ nhận ảnh (JPEG, PNG, GIF, WebP, HEIC) hoặc PDF.');
    expect(control(page.html, 'file-ct01')).toContain('aria-describedby="file-ct01-help file-ct01-error"');
    expect(errorAt(page.html, 'file-residenceProof')).toBeUndefined();
    expect(page.html).toMatch(/<div class="summary" role="alert"[^>]*>.*<a href="#file-ct01">/s);
    expect(page.html).toContain('Vui lòng chọn lại các tệp đính kèm');
    expect(control(page.html, 'form-fullName')).toContain(`value="${form.fullName}"`);

    expect(await files.get(sha256(fake))).toBeUndefined();
    expect(await files.get(sha256(proof))).toBeUndefined();
    expect(await dossiersOfUser()).toEqual(before);
    expect((await open(url)).status).toBe(200); // the link is still unused
  });

  it('refuses a submission without a required document', async () => {
    // Proof of residence is optional since the office checks the databases first (ND 154/2024 Art 5.3); CT01 is required.
    const page = await post(await link(), tamTruForm(), { residenceProof: documentsFor('missing').residenceProof });
    expect(page.status).toBe(422);
    expect(errorAt(page.html, 'file-ct01')).toBe(`Thiếu giấy tờ bắt buộc: ${TAM_TRU.documents![0]!.label.vi}.`);
    expect(errorAt(page.html, 'file-residenceProof')).toBeUndefined();
    expect(errorAt(page.html, 'file-guardianConsent')).toBeUndefined(); // optional
  });

  it('shows form errors next to their fields in Vietnamese and keeps what was typed', async () => {
    const before = await dossiersOfUser();
    const form = tamTruForm();
    const typed = { ...form, kind: 'renewal', fullName: 'Trần Văn Bình', cccd: '12345', phone: '12345', stayAddress: '  ', reason: 'Đi học <b>đại học</b> & làm thêm' };
    const page = await post(await link(), typed, documentsFor('form-errors'));
    expect(page.status).toBe(422);

    expect(errorAt(page.html, 'form-cccd')).toBe('Số định danh cá nhân (CCCD) phải gồm đúng 12 chữ số.');
    expect(errorAt(page.html, 'form-phone')).toMatch(/^Số điện thoại phải là số di động Việt Nam/);
    expect(errorAt(page.html, 'form-stayAddress')).toBe('Thiếu thông tin bắt buộc: Địa chỉ nơi tạm trú.');
    expect(errorAt(page.html, 'form-fullName')).toBeUndefined();
    expect(errorAt(page.html, 'form-dateOfBirth')).toBeUndefined();

    expect(control(page.html, 'form-fullName')).toContain('value="Trần Văn Bình"');
    expect(control(page.html, 'form-cccd')).toContain('value="12345"');
    expect(control(page.html, 'form-dateOfBirth')).toContain(`value="${String(form.dateOfBirth)}"`);
    expect(page.html).toContain('<option value="renewal" selected="">Gia hạn tạm trú</option>');
    // Typed markup comes back as text, not as HTML.
    expect(page.html).toContain('Đi học &lt;b&gt;đại học&lt;/b&gt; &amp; làm thêm</textarea>');
    expect(await dossiersOfUser()).toEqual(before);
  });

  it('refuses bad requests with a page, never a 500', async () => {
    const url = await link();
    const broken = await fetch(url, { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: 'not multipart at all' });
    expect(broken.status).toBe(400);
    expect(await broken.text()).toContain('Dữ liệu gửi lên bị lỗi');

    const tooMany = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`extra${i}`, { bytes: PNG, name: `${i}.png`, type: 'image/png' }]));
    const many = await post(url, tamTruForm(), { ...documentsFor('many'), ...tooMany });
    expect(many.status).toBe(422);
    expect(many.html).toContain('Chỉ được gửi tối đa 20 tệp.');

    const huge = await fetch(url, { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: new Uint8Array(27 * 1024 * 1024) });
    expect(huge.status).toBe(413);
    expect(await huge.text()).toContain('vượt quá 26 MB');

    expect((await open(url)).status).toBe(200); // still unused
  });

  it('the status link shows the state, due date, resident-safe timeline and documents received', async () => {
    const first = await open(firstStatusUrl);
    expect(first.status, first.html).toBe(200);
    expect(first.html).toContain('<h1>Tình trạng hồ sơ</h1>');
    expect(first.html).toContain(firstCode);
    expect(first.html).toContain(`<dd>${TAM_TRU.states.intake!.label.vi}</dd>`);
    expect(first.html).toContain('Được tính từ khi hồ sơ được tiếp nhận');
    expect(first.html).toMatch(/Tờ khai thay đổi thông tin cư trú \(mẫu CT01\): ct01\.png \(0,1 KB/);
    expect(first.html).toContain('hop-dong-thue-nha.pdf');

    const team = await wardTeam(db);
    const row = await dossierRow(db, firstCode);
    await actOnDossier({ db, temporal: env.client, taskQueue: worker.taskQueue, secret: TEST_SECRET, box: TEST_BOX }, row, {
      actor: team.receiver.actor,
      action: 'accept',
      expectedVersion: row.state_version,
    });
    const reviewed = await waitForState(db, firstCode, 'review');

    // A fresh status link made by the chat works the same way.
    const page = await open(await link('status', { dossierCode: firstCode }));
    expect(page.status).toBe(200);
    expect(page.html).toContain(`<dd>${TAM_TRU.states.review!.label.vi}</dd>`);
    expect(page.html).toContain(`<dt>Hạn trả kết quả</dt><dd>${formatDateVi(reviewed.due_at!.getTime())}</dd>`);
    const steps = [...page.html.matchAll(/<li><time datetime="[^"]+">\d\d:\d\d \d\d\/\d\d\/\d{4}<\/time>: ([^<]+)/g)].map((m) => m[1]);
    expect(steps).toEqual([TAM_TRU.states.intake!.label.vi, TAM_TRU.states.review!.label.vi]);
    expect(page.html).not.toContain(team.receiver.actor.name); // residents learn that an officer acted, not who

    const posted = await post(firstStatusUrl, tamTruForm());
    expect(posted.status).toBe(405);
  });
});

describe('LocalFileStore', () => {
  it('stores content once under its hash and reads it back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'motcua-store-'));
    try {
      const store = new LocalFileStore(dir);
      const bytes = pdf('store');
      const [a, b] = await Promise.all([store.put(bytes), store.put(bytes)]);
      expect(a).toBe(sha256(bytes));
      expect(b).toBe(a);
      expect(await readdir(join(dir, a.slice(0, 2)))).toEqual([a]); // no temp files left behind
      expect(await store.get(a)).toEqual(bytes);
      expect(await store.get(sha256(PNG))).toBeUndefined();
      expect(await store.get('../../etc/passwd')).toBeUndefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
