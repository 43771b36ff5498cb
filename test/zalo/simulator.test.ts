// The Zalo simulator against the reference (docs/reference/zalo-oa.md), over HTTP: OAuth,
// consultation messages and their windows, uploads, user detail, ZNS, signed webhooks with retries,
// injected failures, the rate limiter and the chat page. Webhooks go to a local node:http receiver.
import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator, webhookMac } from '../../zalo/simulator/index.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// The golden credentials of §6.6, so every delivered signature can be checked against that recipe.
const APP = { app_id: '1234567890', app_secret: 'app-secret-test', oa_secret_key: 'oa_secret_test' };
const OA = '388613280878808645';
const CALLBACK = 'https://motcua.test/zalo/callback';
const USER = '246845883529197922';
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAFUlEQVR4nGNgyPhPGhrVMKph+GoAANwsZxBqS3ryAAAAAElFTkSuQmCC', 'base64');

interface Delivery {
  headers: IncomingHttpHeaders;
  body: string;
  event: Record<string, unknown> & { event_name: string; timestamp: string };
}

/** A webhook endpoint that records every request and answers with the queued statuses (then 200). */
class Receiver {
  readonly deliveries: Delivery[] = [];
  statuses: number[] = [];
  delayMs = 0;
  url = '';
  #server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      this.deliveries.push({ headers: req.headers, body, event: JSON.parse(body) as Delivery['event'] });
      const status = this.statuses.shift() ?? 200;
      setTimeout(() => res.writeHead(status).end(), this.delayMs);
    });
  });

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/webhooks/zalo`;
  }

  reset(): void {
    this.deliveries.length = 0;
    this.statuses = [];
    this.delayMs = 0;
  }

  events(name: string) {
    return this.deliveries.filter((d) => d.event.event_name === name);
  }

  stop(): Promise<void> {
    this.#server.closeAllConnections();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}

let sim: Simulator;
const receiver = new Receiver();

beforeAll(async () => {
  await receiver.start();
  sim = await startSimulator({ port: 0, autoRetry: false, freezeClock: true });
});
afterAll(async () => {
  await sim.stop();
  await receiver.stop();
});

type Json = Record<string, unknown>;

async function call(path: string, init: RequestInit = {}): Promise<{ status: number; headers: Headers; body: Json }> {
  const res = await fetch(`${sim.url}${path}`, init);
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text.startsWith('{') || text.startsWith('[') ? (JSON.parse(text) as Json) : { text } };
}

/** A control API call that must succeed. */
async function control<T = Json>(path: string, body?: unknown): Promise<T> {
  const init = body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  const res = await fetch(`${sim.url}/_sim${path}`, init);
  expect(res.status, `${path}: ${await res.clone().text()}`).toBe(200);
  return (await res.json()) as T;
}

const tokenForm = (fields: Record<string, string>, secret = APP.app_secret) =>
  call('/oauth/v4/oa/access_token', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', secret_key: secret }, body: new URLSearchParams(fields).toString() });

const openapi = (path: string, token: string, json?: unknown) =>
  call(`/openapi${path}`, json === undefined ? { headers: { access_token: token } } : { method: 'POST', headers: { access_token: token, 'content-type': 'application/json' }, body: JSON.stringify(json) });

const sendText = (token: string, text: string, userId = USER) => openapi('/v3.0/oa/message/cs', token, { recipient: { user_id: userId }, message: { text } });

const userEvent = (event: Json, userId = USER) => control<{ delivery_id: string | null; status: string; msg_id?: string }>(`/users/${userId}/events`, { oa_id: OA, ...event });

const grant = async () => (await control<{ access_token: string; refresh_token: string; expires_in: string }>(`/oas/${OA}/grant`, { app_id: APP.app_id })).access_token;

async function upload(token: string, kind: string, bytes: Uint8Array, name: string, version = 'v2.0') {
  const form = new FormData();
  form.append('file', new Blob([bytes]), name);
  return call(`/openapi/${version}/oa/upload/${kind}`, { method: 'POST', headers: { access_token: token }, body: form });
}

async function waitFor<T>(probe: () => T | undefined, what: string): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const base64url = (b: Buffer) => b.toString('base64url');

beforeEach(async () => {
  receiver.reset();
  await control('/reset', {});
  await control('/apps', { ...APP, webhook_url: receiver.url, callback_url: CALLBACK });
  await control('/oas', { oa_id: OA, name: 'Công an phường Thới An', app_id: APP.app_id, admin_phones: ['0912000111'] });
  await control('/users', { oa_id: OA, user_id: USER, display_name: 'Nguyễn Văn A', follow: true });
});

describe('OAuth v4 (§1)', () => {
  it('redirects the consent with a code that exchanges once, only with the PKCE verifier and the secret_key header', async () => {
    const verifier = base64url(Buffer.alloc(32, 7));
    const challenge = base64url(createHash('sha256').update(verifier).digest());
    const query = new URLSearchParams({ app_id: APP.app_id, redirect_uri: CALLBACK, code_challenge: challenge, state: 'csrf-1' });
    const consent = await fetch(`${sim.url}/oauth/v4/oa/permission?${query}`, { redirect: 'manual' });
    expect(consent.status).toBe(302);
    const location = new URL(consent.headers.get('location')!);
    expect(location.origin + location.pathname).toBe(CALLBACK);
    expect(location.searchParams.get('oa_id')).toBe(OA);
    expect(location.searchParams.get('state')).toBe('csrf-1');
    const code = location.searchParams.get('code')!;

    const fields = { code, app_id: APP.app_id, grant_type: 'authorization_code', code_verifier: verifier };
    // Bound to its app: another app (with its own right secret) cannot redeem it.
    const other = { ...APP, app_id: `${APP.app_id}9`, app_secret: 'other-secret' };
    await control('/apps', other);
    expect((await tokenForm({ ...fields, app_id: other.app_id }, other.app_secret)).body).toMatchObject({ error: -118, error_reason: 'Invalid authorization code' });
    const wrongVerifier = await tokenForm({ ...fields, code_verifier: base64url(Buffer.alloc(32, 8)) });
    expect(wrongVerifier.body).toMatchObject({ error: -118, error_name: 'invalid_grant' });
    expect(wrongVerifier.body).not.toHaveProperty('access_token');
    const wrongSecret = await tokenForm(fields, 'not-the-secret');
    expect(wrongSecret.status).toBe(200);
    expect(wrongSecret.body).toMatchObject({ error: -14004 });
    expect(wrongSecret.body).not.toHaveProperty('access_token');

    const ok = await tokenForm(fields);
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ access_token: expect.any(String), refresh_token: expect.any(String), expires_in: '90000' });
    expect((await tokenForm(fields)).body).toMatchObject({ error: -118, error_reason: 'Authorization code has been used' });
  });

  it('asks which OA consents when several are linked, and refuses a redirect_uri other than the saved callback (-14003)', async () => {
    await control('/oas', { oa_id: '1111', name: 'Công an phường An Phú Đông', app_id: APP.app_id });
    const query = new URLSearchParams({ app_id: APP.app_id, redirect_uri: CALLBACK });
    const chooser = await fetch(`${sim.url}/oauth/v4/oa/permission?${query}`, { redirect: 'manual' });
    expect(chooser.status).toBe(200);
    const page = await chooser.text();
    expect(page).toContain('Công an phường An Phú Đông');
    const pick = /href="([^"]*oa_id=1111[^"]*)"/.exec(page)![1]!.replaceAll('&amp;', '&');
    const consent = await fetch(new URL(pick, `${sim.url}/oauth/v4/oa/permission`), { redirect: 'manual' });
    expect(new URL(consent.headers.get('location')!).searchParams.get('oa_id')).toBe('1111');

    const elsewhere = new URLSearchParams({ app_id: APP.app_id, redirect_uri: `${CALLBACK}/` });
    expect((await call(`/oauth/v4/oa/permission?${elsewhere}`)).body).toMatchObject({ error: -14003, error_name: 'Invalid redirect uri' });
    // An app whose Callback URL was never saved cannot be consented to at all.
    await control('/apps', { ...APP, app_id: '77001', app_secret: 's' });
    await control('/oas', { oa_id: '77002', name: 'OA chưa khai báo callback', app_id: '77001' });
    const unsaved = new URLSearchParams({ app_id: '77001', redirect_uri: CALLBACK });
    expect((await call(`/oauth/v4/oa/permission?${unsaved}`)).body).toMatchObject({ error: -14003 });
  });

  it('expires an unused code after 10 minutes', async () => {
    const { code } = await control<{ code: string }>(`/oas/${OA}/consent`, { app_id: APP.app_id });
    await control('/clock/advance', { ms: 10 * 60_000 });
    expect((await tokenForm({ code, app_id: APP.app_id, grant_type: 'authorization_code' })).body).toMatchObject({ error: -118, error_reason: 'Authorization code has expired' });
  });

  it('rotates the refresh token: each works once, and a used one is refused', async () => {
    const first = await control<{ refresh_token: string }>(`/oas/${OA}/grant`, { app_id: APP.app_id });
    const refresh = (token: string) => tokenForm({ refresh_token: token, app_id: APP.app_id, grant_type: 'refresh_token' });
    const second = await refresh(first.refresh_token);
    expect(second.body).toEqual({ access_token: expect.any(String), refresh_token: expect.any(String), expires_in: '90000' });
    expect(second.body.refresh_token).not.toBe(first.refresh_token);
    const reused = await refresh(first.refresh_token);
    expect(reused.body).toMatchObject({ error: -118, error_name: 'invalid_grant' });
    expect(reused.body).not.toHaveProperty('access_token');
    expect((await refresh(second.body.refresh_token as string)).body).toHaveProperty('access_token');
  });

  it('an access token works for 25 h on the simulator clock, then answers -220; unknown tokens -216', async () => {
    const token = await grant();
    await control('/clock/advance', { ms: 25 * HOUR - 1 });
    expect((await sendText(token, 'Còn hạn')).body).toMatchObject({ error: 0 });
    await control('/clock/advance', { ms: 1 });
    expect((await sendText(token, 'Hết hạn')).body).toEqual({ error: -220, message: 'access_token is expired or removed' });
    expect((await sendText('made-up', 'x')).body).toEqual({ error: -216, message: 'Access token is invalid' });
    expect((await call('/openapi/v3.0/oa/message/cs', { method: 'POST', body: '{}' })).body).toMatchObject({ error: -216 });

    const fresh = await grant();
    expect(await control('/tokens/expire', { oa_id: OA })).toEqual({ expired: 1 });
    expect((await sendText(fresh, 'x')).body).toMatchObject({ error: -220 });
  });
});

describe('consultation messages (§2.3, §2.6, §2.7)', () => {
  it('answers the §2.6 shape, records the message and echoes it to the webhook, then the receipt', async () => {
    const token = await grant();
    const res = await sendText(token, 'Hồ sơ của anh/chị đã được tiếp nhận.');
    expect(res.status).toBe(200);
    expect(res.headers.get('X-RateLimit-Limit')).toBe('4000');
    expect(res.headers.get('X-RateLimit-Remain')).toBe('3999');
    expect(res.body).toEqual({
      data: { quota: { quota_type: 'reply' }, message_id: expect.stringMatching(/^[0-9a-f]{20}$/), user_id: USER, sent_time: String(sim.clock.now()) },
      error: 0,
      message: 'Success',
    });
    const messageId = (res.body.data as { message_id: string }).message_id;
    expect(await control(`/messages?oa_id=${OA}&user_id=${USER}`)).toEqual([
      { message_id: messageId, oa_id: OA, user_id: USER, type: 'text', text: 'Hồ sơ của anh/chị đã được tiếp nhận.', sent_time: String(sim.clock.now()) },
    ]);

    await waitFor(() => (receiver.deliveries.length === 2 ? true : undefined), 'echo and receipt');
    const [echo, receipt] = receiver.deliveries.map((d) => d.event);
    expect(echo).toMatchObject({ app_id: APP.app_id, event_name: 'oa_send_text', sender: { id: OA }, recipient: { id: USER }, message: { text: 'Hồ sơ của anh/chị đã được tiếp nhận.', msg_id: messageId } });
    expect(receipt).toMatchObject({ event_name: 'user_received_message', sender: { id: OA }, recipient: { id: USER }, message: { msg_id: messageId } });
  });

  it('refuses a user silent for more than 7 days (-230) until the user writes again; billed beyond 48 h', async () => {
    // A fresh token each time: the 25 h access token itself would have expired.
    await control('/clock/advance', { ms: 3 * DAY });
    expect((await sendText(await grant(), 'Sau 3 ngày')).body).toMatchObject({ data: { quota: { quota_type: 'sub_quota' } } });
    await control('/clock/advance', { ms: 4 * DAY + 1 });
    expect((await sendText(await grant(), 'Sau 7 ngày')).body).toEqual({ error: -230, message: 'User has not interacted with the OA in the past 7 days' });

    expect(await userEvent({ type: 'text', text: 'Tôi muốn hỏi về hồ sơ' })).toMatchObject({ status: 'delivered', msg_id: expect.any(String) });
    expect((await sendText(await grant(), 'Dạ, hồ sơ đang được xử lý.')).body).toMatchObject({ error: 0, data: { quota: { quota_type: 'reply' } } });
  });

  it('limits text to 2000 characters (-210) and names invalid fields (-201)', async () => {
    const token = await grant();
    expect((await sendText(token, 'ạ'.repeat(2000))).body).toMatchObject({ error: 0 });
    expect((await sendText(token, 'ạ'.repeat(2001))).body).toEqual({ error: -210, message: 'Parameter exceeds allowable limit' });
    expect((await sendText(token, '')).body).toEqual({ error: -201, message: 'text is invalid!' });
    expect((await sendText(token, 'x', '999999999999999999')).body).toEqual({ error: -201, message: 'user_id is invalid!' });
    expect((await openapi('/v3.0/oa/message/cs', token, { recipient: { user_id: Number(USER) }, message: { text: 'x' } })).body).toEqual({ error: -201, message: 'user_id is invalid!' });
  });

  it('accepts buttons and the request_user_info form, records them, and refuses the v3 list template (-233)', async () => {
    const token = await grant();
    const buttons = [
      { title: 'Xem hồ sơ', type: 'oa.open.url', payload: { url: 'https://motcua.test/ho-so/1' } },
      { title: 'Hỏi cán bộ', type: 'oa.query.show', payload: '#hoi' },
    ];
    const withButtons = { recipient: { user_id: USER }, message: { text: 'Anh/chị muốn làm gì?', attachment: { type: 'template', payload: { buttons } } } };
    expect((await openapi('/v3.0/oa/message/cs', token, withButtons)).body).toMatchObject({ error: 0 });
    const element = { title: 'Công an phường Thới An', subtitle: 'Vui lòng chia sẻ thông tin', image_url: 'https://motcua.test/logo.png' };
    const requestInfo = { recipient: { user_id: USER }, message: { attachment: { type: 'template', payload: { template_type: 'request_user_info', elements: [element] } } } };
    expect((await openapi('/v3.0/oa/message/cs', token, requestInfo)).body).toMatchObject({ error: 0 });
    expect(await control(`/messages?oa_id=${OA}`)).toMatchObject([
      { type: 'text', text: 'Anh/chị muốn làm gì?', attachment: { payload: { buttons } } },
      { type: 'request_user_info', attachment: { payload: { elements: [element] } } },
    ]);

    const list = { recipient: { user_id: USER }, message: { text: 'x', attachment: { type: 'template', payload: { template_type: 'list', elements: [element] } } } };
    expect((await openapi('/v3.0/oa/message/cs', token, list)).body).toEqual({ error: -233, message: 'message type is invalid or not support' });
    const scriptButton = { ...withButtons, message: { ...withButtons.message, attachment: { type: 'template', payload: { buttons: [{ title: 'x', type: 'oa.open.url', payload: { url: 'javascript:alert(1)' } }] } } } };
    expect((await openapi('/v3.0/oa/message/cs', token, scriptButton)).body).toEqual({ error: -201, message: 'url is invalid!' });
  });
});

describe('uploads (§3)', () => {
  it('limits images to 1 MB, returns an attachment_id usable in a media message, and has no v3.0 path', async () => {
    const token = await grant();
    const big = new Uint8Array(1024 * 1024 + 1);
    expect((await upload(token, 'image', big, 'big.jpg')).body).toEqual({ error: -210, message: 'Parameter exceeds allowable limit' });
    expect((await upload(token, 'image', PNG, 'so-do.png', 'v3.0')).status).toBe(404);
    expect((await upload(token, 'image', PNG, 'so-do.exe')).body).toEqual({ error: -201, message: 'file is invalid!' });
    // Observed live: no extension, "success" with empty data.
    expect((await upload(token, 'image', PNG, 'so-do')).body).toEqual({ data: {}, error: 0, message: 'Success' });

    const uploaded = await upload(token, 'image', PNG, 'so-do.png');
    expect(uploaded.body).toEqual({ data: { attachment_id: expect.any(String) }, error: 0, message: 'Success' });
    const attachmentId = (uploaded.body.data as { attachment_id: string }).attachment_id;
    const media = (element: Json) => ({
      recipient: { user_id: USER },
      message: { text: 'Sơ đồ đường đi', attachment: { type: 'template', payload: { template_type: 'media', elements: [{ media_type: 'image', ...element }] } } },
    });
    expect((await openapi('/v3.0/oa/message/cs', token, media({ attachment_id: attachmentId }))).body).toMatchObject({ error: 0 });
    expect((await openapi('/v3.0/oa/message/cs', token, media({ attachment_id: attachmentId, url: 'https://motcua.test/a.png' }))).body).toMatchObject({ error: -201 });

    const [sent] = await control<{ type: string; media_url: string }[]>(`/messages?oa_id=${OA}`);
    expect(sent!.type).toBe('image');
    expect(Buffer.from(await (await fetch(sent!.media_url)).arrayBuffer())).toEqual(PNG);
    const echo = await waitFor(() => receiver.events('oa_send_image')[0], 'oa_send_image');
    expect(echo.event.message).toMatchObject({ text: 'Sơ đồ đường đi', attachments: [{ type: 'image', payload: { url: sent!.media_url } }] });
  });

  it('returns a file token for a PDF, sends it, and refuses IDs older than 7 days (-100)', async () => {
    const token = await grant();
    const uploaded = await upload(token, 'file', Buffer.from('%PDF-1.4\n%%EOF\n'), 'giay-hen.pdf');
    const fileToken = (uploaded.body.data as { token: string }).token;
    const sendFile = (t: string) => openapi('/v3.0/oa/message/cs', t, { recipient: { user_id: USER }, message: { attachment: { type: 'file', payload: { token: fileToken } } } });
    expect((await sendFile(token)).body).toMatchObject({ error: 0 });
    const echo = await waitFor(() => receiver.events('oa_send_file')[0], 'oa_send_file');
    expect(echo.event.message).toMatchObject({ attachments: [{ type: 'file', payload: { name: 'giay-hen.pdf', size: '15', type: 'pdf', checksum: expect.stringMatching(/^[0-9a-f]{32}$/) } }] });

    await control('/clock/advance', { ms: 7 * DAY });
    await userEvent({ type: 'text', text: 'Gửi lại giấy hẹn giúp tôi' });
    expect((await sendFile(await grant())).body).toEqual({ error: -100, message: 'attachment_id was expired' });
  });
});

describe('user detail (§4.1)', () => {
  it('answers the §4.1 shape; shared_info appears once the user submitted the form; unknown users are -201', async () => {
    const token = await grant();
    const detail = (userId: string) => openapi(`/v3.0/oa/user/detail?data=${encodeURIComponent(JSON.stringify({ user_id: userId }))}`, token);
    const before = (await detail(USER)).body;
    expect(before).toMatchObject({
      error: 0,
      message: 'Success',
      data: {
        user_id: USER,
        user_id_by_app: expect.stringMatching(/^\d{19}$/),
        display_name: 'Nguyễn Văn A',
        user_is_follower: true,
        user_last_interaction_date: expect.stringMatching(/^\d{2}\/\d{2}\/\d{4}$/),
        avatars: { '120': expect.any(String), '240': expect.any(String) },
        tags_and_notes_info: { notes: [], tag_names: [] },
      },
    });
    expect(before.data).not.toHaveProperty('shared_info');

    await userEvent({ type: 'submit_info', name: 'Nguyễn Văn A', phone: '0912 345 678', address: 'Số 1 Phố X', ward: 'Phường Thới An', city: 'Thành phố Hồ Chí Minh' });
    const submitted = receiver.events('user_submit_info')[0]!.event;
    expect(submitted).toMatchObject({ sender: { id: USER }, recipient: { id: OA }, info: { name: 'Nguyễn Văn A', phone: '84912345678', full_address: { user_city: 'Thành phố Hồ Chí Minh', user_ward: 'Phường Thới An', user_address: 'Số 1 Phố X' } } });
    expect((await detail(USER)).body.data).toMatchObject({ shared_info: { name: 'Nguyễn Văn A', phone: '84912345678', address: 'Số 1 Phố X' } });

    expect((await detail('999999999999999999')).body).toEqual({ error: -201, message: 'user_id is invalid!' });
    expect((await openapi('/v3.0/oa/user/detail', token)).body).toEqual({ error: -201, message: 'data is invalid!' });
  });
});

describe('user events (§6.4, §6.5)', () => {
  it('shapes follow, location and both user_submit_info forms, and refuses receipts for messages never sent', async () => {
    await control('/users', { oa_id: OA, user_id: '5555', follow: false });
    expect((await userEvent({ type: 'follow', source: 'message_invite' }, '5555')).status).toBe('delivered');
    expect(await control<Json[]>(`/users?oa_id=${OA}`)).toContainEqual(expect.objectContaining({ user_id: '5555', is_follower: true, last_interaction: sim.clock.now() }));
    await userEvent({ type: 'location', latitude: 10.8671, longitude: 106.6413 });
    await userEvent({ type: 'submit_info', shape: 'old', name: 'Trần Thị B', phone: '+84 912 345 678', address: '12 Lê Lợi', city: 'Hồ Chí Minh', district: 'Quận 12' });
    const byName = (name: string) => receiver.events(name).map((d) => d.event);
    expect(byName('follow')).toMatchObject([{ oa_id: OA, follower: { id: '5555' }, source: 'message_invite' }]);
    expect(byName('user_send_location')).toMatchObject([{ message: { attachments: [{ type: 'location', payload: { coordinates: { latitude: '10.8671', longitude: '106.6413' } } }] } }]);
    expect(byName('user_submit_info')).toMatchObject([{ info: { name: 'Trần Thị B', phone: '84912345678', address: '12 Lê Lợi', city: 'Hồ Chí Minh', district: 'Quận 12' } }]);

    const unknown = await call(`/_sim/users/${USER}/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ oa_id: OA, type: 'seen', msg_ids: ['0123456789abcdef0123'] }) });
    expect(unknown.status).toBe(404);
    const invalid = await call(`/_sim/users/${USER}/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ oa_id: OA, type: 'location', latitude: 'north', longitude: 106.6 }) });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({ error: 'invalid_request', issues: [{ path: 'latitude', message: expect.any(String) }] });
  });
});

describe('ZNS by phone (§5.2, §5.7)', () => {
  const TEMPLATE = '7895417a7d3f9461cd2e';
  const zns = (token: string, body: Json) => call('/zns/message/template', { method: 'POST', headers: { access_token: token, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const message = (phone: string, data: Json = { ma_ho_so: 'HS-2025-0042' }) => ({ phone, template_id: TEMPLATE, template_data: data, tracking_id: 'case-42' });

  it('needs the 84… form (-108), checks the template, answers the §5.2 shape and sends the ZNS receipt', async () => {
    const token = await grant();
    await control('/zns/templates', { template_id: TEMPLATE, params: [{ name: 'ma_ho_so', max_length: 20 }] });
    expect((await zns(token, message('0912345678'))).body).toEqual({ error: -108, message: 'Phone number is invalid' });
    expect((await zns(token, message('84912345678', {}))).body).toMatchObject({ error: -111 });
    expect((await zns(token, message('84912345678', { khac: 'x' }))).body).toMatchObject({ error: -1122 });
    expect((await zns(token, message('84912345678', { ma_ho_so: 'x'.repeat(21) }))).body).toMatchObject({ error: -1121 });
    expect((await zns(token, { ...message('84912345678'), template_id: 'unknown' })).body).toMatchObject({ error: -109 });
    expect((await zns(token, { ...message('84912345678'), mode: 'development' })).body).toMatchObject({ error: -127 });
    expect((await zns('made-up', message('84912345678'))).body).toMatchObject({ error: -124 });

    const res = await zns(token, message('+84912345678'));
    expect(res.body).toEqual({
      data: { msg_id: expect.stringMatching(/^[0-9a-f]{20}$/), sent_time: String(sim.clock.now()), sending_mode: '1', quota: { dailyQuota: '500', remainingQuota: '499' } },
      error: 0,
      message: 'Success',
    });
    expect((await zns(token, { ...message('84912000111'), mode: 'development' })).body).toMatchObject({ error: 0 });
    const msgId = (res.body.data as { msg_id: string }).msg_id;
    expect(await control(`/messages?phone=84912345678`)).toMatchObject([{ message_id: msgId, oa_id: OA, phone: '84912345678', type: 'zns', template_id: TEMPLATE, tracking_id: 'case-42' }]);

    const receipt = await waitFor(() => receiver.events('user_received_message').find((d) => d.event.recipient && (d.event.recipient as Json).id === '84912345678'), 'ZNS receipt');
    expect(receipt.headers['x-zevent-server']).toBe('ZNS');
    expect(receipt.event).toMatchObject({ sender: { id: OA }, message: { msg_id: msgId, tracking_id: 'case-42', delivery_time: expect.any(String) } });
  });
});

describe('webhooks (§6)', () => {
  it('signs with sha256(app_id + body + timestamp + OA secret key), the §6.6 golden vector', async () => {
    const golden = '{"app_id":"1234567890","event_name":"user_send_text","timestamp":"1735689600123"}';
    expect(webhookMac('1234567890', golden, '1735689600123', 'oa_secret_test')).toBe('5db58bdde0d280f2e4030fe124b4b2ace2c0f1df149f6a29af7529d6d5989fb3');

    await userEvent({ type: 'text', text: 'Cho tôi hỏi lịch làm việc' });
    const [delivery] = receiver.deliveries;
    expect(delivery!.headers['content-type']).toBe('application/json');
    expect(delivery!.headers['x-zevent-signature']).toBe(`mac=${sha256(APP.app_id + delivery!.body + delivery!.event.timestamp + APP.oa_secret_key)}`);
    expect(delivery!.event).toEqual({
      app_id: APP.app_id,
      sender: { id: USER },
      user_id_by_app: expect.stringMatching(/^\d{19}$/),
      recipient: { id: OA },
      event_name: 'user_send_text',
      message: { text: 'Cho tôi hỏi lịch làm việc', msg_id: expect.stringMatching(/^[0-9a-f]{20}$/) },
      timestamp: String(sim.clock.now()),
    });
  });

  it('retries a failed delivery after 30 s with num_retry and the same signed body', async () => {
    receiver.statuses = [500];
    expect(await userEvent({ type: 'follow' })).toMatchObject({ status: 'failed' });
    const [failed] = await control<Json[]>('/webhooks');
    expect(failed).toMatchObject({ event_name: 'follow', attempt: 0, status: 'failed', response_status: 500, next_attempt_at: (failed!.at as number) + 30_000 });

    expect(await control('/webhooks/retry-now', {})).toEqual({ attempts: [] }); // not due yet
    await control('/clock/advance', { ms: 30_000 });
    expect(await control('/webhooks/retry-now', {})).toEqual({ attempts: [expect.objectContaining({ attempt: 1, status: 'delivered', response_status: 200 })] });

    const [first, retry] = receiver.deliveries;
    expect(first!.headers).not.toHaveProperty('num_retry');
    expect(retry!.headers.num_retry).toBe('1');
    expect(retry!.body).toBe(first!.body);
    expect(retry!.headers['x-zevent-signature']).toBe(first!.headers['x-zevent-signature']);
    expect(first!.event).toMatchObject({ event_name: 'follow', oa_id: OA, follower: { id: USER }, source: 'oa_profile' });
  });

  it('cancels the subscription after the fifth retry fails, until the app is registered again', async () => {
    receiver.statuses = Array(6).fill(503);
    await userEvent({ type: 'click_chatnow' });
    for (const ms of [30_000, 5 * 60_000, 15 * 60_000, 30 * 60_000, HOUR]) {
      await control('/clock/advance', { ms });
      expect(await control<{ attempts: unknown[] }>('/webhooks/retry-now', {})).toMatchObject({ attempts: [{ status: 'failed', response_status: 503 }] });
    }
    expect(receiver.deliveries.map((d) => d.headers.num_retry)).toEqual([undefined, '1', '2', '3', '4', '5']);
    expect(await userEvent({ type: 'text', text: 'Còn ai không?' })).toEqual({ delivery_id: null, status: 'disabled', msg_id: expect.any(String) });

    await control('/apps', { ...APP, webhook_url: receiver.url });
    expect(await userEvent({ type: 'text', text: 'Bây giờ thì sao?' })).toMatchObject({ status: 'delivered' });
  });

  it('counts an answer slower than 2 s as a failure', async () => {
    receiver.delayMs = 2500;
    expect(await userEvent({ type: 'unfollow' })).toMatchObject({ status: 'failed' });
    expect(await control('/webhooks')).toMatchObject([{ event_name: 'unfollow', status: 'failed', error: 'timeout' }]);
  });
});

describe('injected failures and rate limits (§8, §11)', () => {
  it('fail-next answers the given error the given number of times, on the OA API and on OAuth', async () => {
    const token = await grant();
    await control('/fail-next', { path: '/v3.0/oa/message/cs', error: -200, times: 2 });
    expect((await sendText(token, 'một')).body).toEqual({ error: -200, message: 'Send message failed' });
    expect((await sendText(token, 'hai')).body).toEqual({ error: -200, message: 'Send message failed' });
    expect((await sendText(token, 'ba')).body).toMatchObject({ error: 0 });

    const { refresh_token } = await control<{ refresh_token: string }>(`/oas/${OA}/grant`, { app_id: APP.app_id });
    await control('/fail-next', { path: '/oauth/v4/oa/access_token', error: null, message: 'Internal error' });
    const refused = await tokenForm({ refresh_token, app_id: APP.app_id, grant_type: 'refresh_token' });
    expect(refused.status).toBe(200);
    expect(refused.body).toMatchObject({ error_name: 'Internal error' });
    expect(refused.body).not.toHaveProperty('error');
    expect(refused.body).not.toHaveProperty('access_token');
    // The injected failure consumed nothing: the refresh token still works.
    expect((await tokenForm({ refresh_token, app_id: APP.app_id, grant_type: 'refresh_token' })).body).toHaveProperty('access_token');
  });

  it('the per-app limiter answers -32 beyond the limit, with X-RateLimit headers, until the next second', async () => {
    const token = await grant();
    await control('/rate-limit', { per_second: 2 });
    const first = await sendText(token, 'một');
    expect([first.headers.get('X-RateLimit-Limit'), first.headers.get('X-RateLimit-Remain')]).toEqual(['2', '1']);
    expect((await sendText(token, 'hai')).body).toMatchObject({ error: 0 });
    const third = await sendText(token, 'ba');
    expect(third.body).toEqual({ error: -32, message: 'Your application reached limit call api' });
    expect(third.headers.get('X-RateLimit-Remain')).toBe('0');
    await control('/clock/advance', { ms: 1000 });
    expect((await sendText(token, 'bốn')).body).toMatchObject({ error: 0 });
    await control('/rate-limit', { per_second: 0 });
    expect((await sendText(token, 'năm')).headers.get('X-RateLimit-Limit')).toBe('4000');
  });
});

describe('other OA endpoints (§2.8–§2.10, §11)', () => {
  it('lists the conversation newest first, at most 10 per call', async () => {
    const token = await grant();
    await userEvent({ type: 'text', text: 'Xin chào' });
    await control('/clock/advance', { ms: 1000 });
    const sent = await sendText(token, 'Dạ, chào anh.');
    const page = (count: number) => openapi(`/v2.0/oa/conversation?data=${encodeURIComponent(JSON.stringify({ user_id: USER, offset: 0, count }))}`, token);
    expect((await page(5)).body).toMatchObject({
      error: 0,
      data: [
        { src: 0, message: 'Dạ, chào anh.', message_id: (sent.body.data as Json).message_id, from_id: OA, to_id: USER, type: 'text' },
        { src: 1, message: 'Xin chào', from_id: USER, to_id: OA, from_display_name: 'Nguyễn Văn A' },
      ],
    });
    expect((await page(11)).body).toMatchObject({ error: -210 });
  });

  it('v2.0 messaging is shut down (-240) except reactions, which reach the webhook', async () => {
    const token = await grant();
    expect((await openapi('/v2.0/oa/message', token, { recipient: { user_id: USER }, message: { text: 'x' } })).body).toEqual({ error: -240, message: 'MessageV2 API has been shut down, please switch to MessageV3' });
    const { msg_id } = await userEvent({ type: 'text', text: 'Cảm ơn' });
    const react = { recipient: { user_id: USER }, sender_action: { react_icon: '/-heart', react_message_id: msg_id } };
    expect((await openapi('/v2.0/oa/message', token, react)).body).toMatchObject({ error: 0 });
    const reaction = await waitFor(() => receiver.events('oa_reacted_message')[0], 'oa_reacted_message');
    expect(reaction.event).toMatchObject({ sender: { id: OA }, recipient: { id: USER }, message: { msg_id, react_icon: '/-heart' } });
  });

  it('sends a ZBS template by UID, and a promotion only to followers', async () => {
    const token = await grant();
    await control('/zns/templates', { template_id: 'tpl-uid', params: [{ name: 'ma_ho_so' }] });
    const byUid = await openapi('/v3.0/oa/message/template', token, { user_id: USER, template_id: 'tpl-uid', template_data: { ma_ho_so: 'HS-1' } });
    expect(byUid.body).toMatchObject({ error: 0, data: { user_id: USER, quota: { quota_type: 'purchase_quota' } } });
    expect((await openapi('/v3.0/oa/message/template', token, { recipient: { user_id: USER }, template_id: 'tpl-uid', template_data: {} })).body).toEqual({ error: -201, message: 'template_data is invalid!' });

    await userEvent({ type: 'unfollow' });
    const promotion = { recipient: { user_id: USER }, message: { attachment: { type: 'template', payload: { template_type: 'promotion', elements: [{ type: 'header', content: 'Ưu đãi' }] } } } };
    expect((await openapi('/v3.0/oa/message/promotion', token, promotion)).body).toEqual({ error: -213, message: 'User has not followed OA' });
  });

  it('answers a Mini App backend: /v2.0/me and a single-use phone token on /v2.0/me/info', async () => {
    const { access_token, phone_token } = await control<{ access_token: string; phone_token: string }>('/miniapp/tokens', { oa_id: OA, user_id: USER, phone: '0912345678' });
    const me = await call('/graph/v2.0/me?fields=id,name,picture', { headers: { access_token } });
    expect(me.body).toMatchObject({ id: expect.stringMatching(/^\d{19}$/), name: 'Nguyễn Văn A', error: 0 });
    const info = () => call('/graph/v2.0/me/info', { headers: { access_token, code: phone_token, secret_key: APP.app_secret } });
    expect((await info()).body).toEqual({ data: { number: '84912345678' }, error: 0, message: 'Success' });
    expect((await info()).body).toMatchObject({ error: 100 });
    expect((await call('/graph/v2.0/me', { headers: { access_token: 'made-up' } })).body).toMatchObject({ error: 452 });
  });
});

describe('chat page (GET /)', () => {
  it('serves a self-contained Vietnamese page listing the registered OAs', async () => {
    await control('/oas', { oa_id: '1111', name: 'Công an <Quận 12>', app_id: APP.app_id });
    const res = await fetch(`${sim.url}/`);
    expect(res.headers.get('content-type')).toContain('text/html');
    const page = await res.text();
    expect(page).toContain('<html lang="vi">');
    expect(page).toContain(`<option value="${OA}">Công an phường Thới An</option>`);
    expect(page).toContain('Công an &lt;Quận 12&gt;');
    expect(page).toContain('<label for="text" class="visually-hidden">Tin nhắn</label>');
    expect(page).not.toMatch(/<script[^>]+src=|<link[^>]+stylesheet/);
  });

  it('stores a photo the user picks, serves it, and sends user_send_image with its URL', async () => {
    const form = new FormData();
    form.append('file', new Blob([PNG], { type: 'image/png' }), 'giay-to.png');
    const stored = await call('/_sim/files', { method: 'POST', body: form });
    const url = stored.body.url as string;
    expect(url).toMatch(new RegExp(`^${sim.url}/_sim/files/`));
    const served = await fetch(url);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await served.arrayBuffer())).toEqual(PNG);

    await userEvent({ type: 'image', url });
    expect(receiver.events('user_send_image')[0]!.event.message).toMatchObject({ attachments: [{ type: 'image', payload: { url, thumbnail: url } }] });
    const conversation = await control<{ messages: Json[] }>(`/conversation?oa_id=${OA}&user_id=${USER}`);
    expect(conversation.messages).toMatchObject([{ direction: 'in', type: 'image', url }]);
  });
});
