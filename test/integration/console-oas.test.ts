// Connecting and re-authorising Zalo OAs from the console over real HTTP: admins logged in with a
// password (the flow is bound to their session), the real app, the simulator's consent page and token
// endpoint (docs/reference/zalo-oa.md §1.9), PostgreSQL checked behind. The simulated app has two OAs, so Zalo asks
// which one consents, as it does for an admin of several pages.
import { randomInt, randomUUID } from 'node:crypto';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createStaff as createAccount } from '../../api/staff/accounts.js';
import type { RoleGrant } from '../../domain/contracts/dossier.js';
import { oaCredentials, registerOa } from '../../db/zalo-oas.js';
import { cells, row, text } from '../support/console-pages.js';
import { sealedAt } from '../../db/crypto.js';
import { createStaff as createTokenStaff, OTHER_WARD, TEST_BOX, waitFor, WARD } from '../support/fixtures.js';
import { useZaloStack } from '../support/zalo-stack.js';

const { s, control } = useZaloStack();

const PASSWORD = 'mat-khau-kiem-thu-oa-2026';
const APP = { app_id: `38${randomInt(1e9, 9e9)}`, app_secret: `app-secret-${randomUUID()}`, oa_secret_key: `oa-key-${randomUUID()}` };
const NEW_OA = { oa_id: `47${randomInt(1e9, 9e9)}`, name: 'Zalo An ninh – Công an phường Đông Hưng Thuận' };
const EXISTING_OA = { oa_id: `48${randomInt(1e9, 9e9)}`, name: 'Zalo An ninh – Đông Hưng Thuận (cũ)' };

interface Res {
  status: number;
  location: string | null;
  setCookies: string[];
  html: string;
}

let admin: string;
let otherAdmin: string;
let clerk: string;

async function login(grants: RoleGrant[]): Promise<string> {
  const username = `oa-${randomUUID().slice(0, 8)}`;
  await createAccount(s.db, { username, fullName: `Cán bộ ${username}`, password: PASSWORD, grants }, 'system');
  const res = await fetch(`${s.api}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  expect(res.status).toBe(200);
  return res.headers.getSetCookie().find((c) => c.startsWith('motcua_session='))!.split(';')[0]!;
}

/** A browser request of a logged-in admin: session cookie, our Origin on posts, redirects not followed. */
async function browse(session: string, url: string, form?: Record<string, string>, extraCookie?: string): Promise<Res> {
  const headers: Record<string, string> = { cookie: [session, extraCookie].filter(Boolean).join('; ') };
  if (form) headers.origin = s.api;
  const res = await fetch(url.startsWith('http') ? url : `${s.api}${url}`, { method: form ? 'POST' : 'GET', headers, body: form && new URLSearchParams(form), redirect: 'manual' });
  return { status: res.status, location: res.headers.get('location'), setCookies: res.headers.getSetCookie(), html: await res.text() };
}

/** At Zalo: the OA admin picks `oaId` on the consent page; returns where Zalo sends the browser back. */
async function consentAtZalo(permissionUrl: string, oaId: string): Promise<URL> {
  expect(permissionUrl.startsWith(`${s.sim.url}/oauth/v4/oa/permission?`)).toBe(true);
  const chooser = await fetch(permissionUrl, { redirect: 'manual' });
  expect(chooser.status).toBe(200);
  const pick = new RegExp(`href="([^"]*oa_id=${oaId}[^"]*)"`).exec(await chooser.text())![1]!.replaceAll('&amp;', '&');
  const allowed = await fetch(new URL(pick, permissionUrl), { redirect: 'manual' });
  expect(allowed.status).toBe(302);
  return new URL(allowed.headers.get('location')!);
}

/** "Kết nối với Zalo" (new OA) or "Ủy quyền lại" (existing), then Zalo's consent: the callback URL. */
async function startConsent(session: string, path: string, form: Record<string, string>, oaId: string): Promise<URL> {
  const posted = await browse(session, path, form);
  expect(posted.status, posted.html).toBe(303);
  return consentAtZalo(posted.location!, oaId);
}

/** The callback: success redirects to the list, whose page shows the flash message. */
async function finish(session: string, callback: URL): Promise<Res & { page?: Res }> {
  const res = await browse(session, callback.toString());
  if (res.status !== 303) return res;
  expect(res.location).toBe('/console/admin/oas');
  const flash = res.setCookies.find((c) => c.startsWith('console_flash='))!.split(';')[0];
  return { ...res, page: await browse(session, res.location!, undefined, flash) };
}

const newOaForm = (over: Record<string, string> = {}) => ({ unitId: WARD, name: NEW_OA.name, appId: APP.app_id, appSecret: APP.app_secret, oaSecretKey: APP.oa_secret_key, ...over });
const oaRow = (oaId: string) => s.db.selectFrom('zalo_oas').selectAll().where('oa_id', '=', oaId).executeTakeFirst();
const problemText = (html: string) => text(/<div class="problem" role="alert"[\s\S]*?<\/div>/.exec(html)?.[0] ?? '');

/** What the app printed while a test ran: none of it may hold a secret, token, code or verifier. */
const printed: string[] = [];
beforeEach(() => {
  printed.length = 0;
  for (const level of ['log', 'info', 'warn', 'error'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void printed.push(args.map(String).join(' ')));
  }
});
afterEach(() => vi.restoreAllMocks());

beforeAll(async () => {
  await control('/apps', { ...APP, webhook_url: `${s.api}/webhooks/zalo`, callback_url: `${s.api}/console/admin/oas/callback` });
  await control('/oas', { ...NEW_OA, app_id: APP.app_id });
  await control('/oas', { ...EXISTING_OA, app_id: APP.app_id });
  admin = await login([{ role: 'admin', unitId: WARD }]);
  otherAdmin = await login([{ role: 'admin', unitId: OTHER_WARD }]);
  clerk = await login([{ role: 'receiver', unitId: WARD }]);
});

/** The existing OA, registered with a working grant (or waiting for consent). */
async function registerExisting(opts: { needsReauth?: string } = {}) {
  const grant = (await control(`/oas/${EXISTING_OA.oa_id}/grant`, { app_id: APP.app_id })) as { access_token: string; refresh_token: string };
  await registerOa(s.db, TEST_BOX, {
    oaId: EXISTING_OA.oa_id,
    name: EXISTING_OA.name,
    unitId: WARD,
    appId: APP.app_id,
    appSecret: APP.app_secret,
    oaSecretKey: APP.oa_secret_key,
    tokens: { accessToken: grant.access_token, accessTokenExpiresAt: Date.now() + 3600_000, refreshToken: grant.refresh_token },
  });
  if (opts.needsReauth) {
    await s.db.updateTable('zalo_oas').set({ status: 'needs_reauth', last_error: opts.needsReauth, access_token_enc: null }).where('oa_id', '=', EXISTING_OA.oa_id).execute();
  }
  return (await oaRow(EXISTING_OA.oa_id))!;
}

describe('connecting a new OA', () => {
  it('redirects to Zalo with PKCE and state, registers the OA Zalo names on return, and the OA then talks to residents', async () => {
    const posted = await browse(admin, '/console/admin/oas/connect', newOaForm());
    expect(posted.status, posted.html).toBe(303);
    const permission = new URL(posted.location!);
    expect(Object.fromEntries(permission.searchParams)).toEqual({
      app_id: APP.app_id,
      redirect_uri: `${s.api}/console/admin/oas/callback`,
      code_challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      state: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    // Kept server-side, encrypted: neither the state nor a secret is stored readable.
    const kept = await s.db.selectFrom('zalo_oa_consents').selectAll().where('app_id', '=', APP.app_id).execute();
    expect(kept).toHaveLength(1);
    expect(JSON.stringify(kept)).not.toContain(permission.searchParams.get('state')!);
    expect(JSON.stringify(kept)).not.toContain(APP.app_secret);
    expect(kept[0]!.expires_at.getTime() - kept[0]!.created_at.getTime()).toBe(10 * 60_000);

    const done = await finish(admin, await consentAtZalo(posted.location!, NEW_OA.oa_id));
    expect(done.status, done.html).toBe(303);
    expect(done.page!.html).toContain(`Đã kết nối OA ${NEW_OA.name} (OA ID ${NEW_OA.oa_id}).`);
    expect(cells(row(done.page!.html, `data-oa="${NEW_OA.oa_id}"`)!)).toMatchObject({ 'Đơn vị': 'Công an phường Đông Hưng Thuận', 'Tình trạng': expect.stringContaining('Đang hoạt động') });
    expect(done.page!.html).not.toContain(APP.app_secret);
    expect(await s.db.selectFrom('zalo_oa_consents').select('state_hash').where('app_id', '=', APP.app_id).execute()).toEqual([]);
    expect(await oaCredentials(s.db, TEST_BOX, NEW_OA.oa_id)).toMatchObject({ unitId: WARD, appId: APP.app_id, appSecret: APP.app_secret, oaSecretKey: APP.oa_secret_key, status: 'active' });

    // The stored OA secret key verifies the resident's follow, and the stored tokens send the welcome.
    const userId = `57${randomInt(1e9, 9e9)}`;
    await control('/users', { oa_id: NEW_OA.oa_id, user_id: userId, display_name: 'Trần Văn Bình', follow: false });
    await control(`/users/${userId}/events`, { oa_id: NEW_OA.oa_id, type: 'follow' });
    const sent = await waitFor(async () => {
      const all = (await control(`/messages?oa_id=${NEW_OA.oa_id}&user_id=${userId}`)) as unknown[];
      return all.length > 0 ? all : undefined;
    }, 'the new OA to answer the follow');
    expect(sent[0]).toMatchObject({ oa_id: NEW_OA.oa_id, user_id: userId });
    expect(printed.join('\n')).not.toMatch(new RegExp([APP.app_secret, APP.oa_secret_key].join('|')));
  });

  it('stores nothing when Zalo refuses the app secret, and says so in Vietnamese with Zalo’s code', async () => {
    const wrong = `sai-${randomUUID()}`;
    const callback = await startConsent(admin, '/console/admin/oas/connect', newOaForm({ name: 'OA thử sai khóa', appSecret: wrong }), EXISTING_OA.oa_id);
    await s.db.deleteFrom('zalo_oas').where('oa_id', '=', EXISTING_OA.oa_id).execute();
    const res = await finish(admin, callback);
    expect(res.status).toBe(422);
    expect(problemText(res.html)).toContain('Zalo từ chối (mã lỗi -14004): App Secret Key không đúng với ứng dụng. Thông tin OA chưa thay đổi.');
    expect(await oaRow(EXISTING_OA.oa_id)).toBeUndefined();
    expect(res.html).not.toContain(wrong);
    expect(res.html).not.toContain(callback.searchParams.get('code')!);
    expect(printed.join('\n')).not.toContain(wrong);
  });

  it('shows what is wrong next to each field, never echoes a secret, and refuses a unit the admin does not administer', async () => {
    const bad = await browse(admin, '/console/admin/oas/connect', newOaForm({ name: ' ', appId: 'abc', oaSecretKey: '' }));
    expect(bad.status).toBe(422);
    expect(bad.html).toContain('<p id="oa-connect-name-error" class="error">Hãy nhập tên OA</p>');
    expect(bad.html).toContain('<p id="oa-connect-appId-error" class="error">App ID là dãy chữ số (tối đa 30 chữ số)</p>');
    expect(bad.html).toContain('<p id="oa-connect-oaSecretKey-error" class="error">Hãy nhập OA Secret Key</p>');
    expect(bad.html).toContain('value="abc"');
    expect(bad.html).not.toContain(APP.app_secret);

    const foreign = await browse(admin, '/console/admin/oas/connect', newOaForm({ unitId: OTHER_WARD }));
    expect(foreign.status).toBe(422);
    expect(foreign.html).toContain('<p id="oa-connect-unitId-error" class="error">Bạn không quản trị đơn vị này</p>');
    expect(await s.db.selectFrom('zalo_oa_consents').select('state_hash').where('unit_id', '=', OTHER_WARD).execute()).toEqual([]);
  });

  it('refuses an OA that is already registered: it is re-authorised from its own row instead', async () => {
    const before = await registerExisting();
    const res = await finish(admin, await startConsent(admin, '/console/admin/oas/connect', newOaForm({ name: 'Trùng' }), EXISTING_OA.oa_id));
    expect(res.status).toBe(409);
    expect(problemText(res.html)).toContain(`OA ${EXISTING_OA.oa_id} đã có trong danh sách`);
    expect(await oaRow(EXISTING_OA.oa_id)).toEqual(before);
  });
});

describe('re-authorising an OA', () => {
  it('renews the grant of an OA waiting for consent with its stored secrets', async () => {
    const before = await registerExisting({ needsReauth: 'refresh rejected (-118)' });
    const page = await browse(admin, '/console/admin/oas');
    expect(page.html).toContain(`action="/console/admin/oas/${EXISTING_OA.oa_id}/connect"`);
    const done = await finish(admin, await startConsent(admin, `/console/admin/oas/${EXISTING_OA.oa_id}/connect`, {}, EXISTING_OA.oa_id));
    expect(done.status, done.html).toBe(303);
    expect(done.page!.html).toContain(`Đã ủy quyền lại cho OA ${EXISTING_OA.name}.`);
    const after = (await oaRow(EXISTING_OA.oa_id))!;
    expect(after).toMatchObject({ status: 'active', last_error: null, unit_id: WARD });
    expect(after.refresh_token_enc).not.toBe(before.refresh_token_enc);
    expect(await oaCredentials(s.db, TEST_BOX, EXISTING_OA.oa_id)).toMatchObject({ appSecret: APP.app_secret, oaSecretKey: APP.oa_secret_key });
  });

  it('refuses the grant of another OA than the one being re-authorised, before exchanging anything', async () => {
    const before = await registerExisting({ needsReauth: 'refresh token expired' });
    const res = await finish(admin, await startConsent(admin, `/console/admin/oas/${EXISTING_OA.oa_id}/connect`, {}, NEW_OA.oa_id));
    expect(res.status).toBe(422);
    expect(problemText(res.html)).toContain(`Zalo trả về quyền của OA ${NEW_OA.oa_id}, không phải của OA ${EXISTING_OA.name}`);
    expect(await oaRow(EXISTING_OA.oa_id)).toEqual(before);
  });

  it('leaves a working OA exactly as it was when the exchange fails (bad code, Zalo error without a code, rate limit)', async () => {
    const before = await registerExisting();
    const bad = await startConsent(admin, `/console/admin/oas/${EXISTING_OA.oa_id}/connect`, {}, EXISTING_OA.oa_id);
    bad.searchParams.set('code', 'ma-khong-hop-le');
    const refused = await finish(admin, bad);
    expect(refused.status).toBe(422);
    expect(problemText(refused.html)).toContain('Zalo từ chối (mã lỗi -118): mã ủy quyền hoặc refresh token không hợp lệ, đã được dùng hoặc đã hết hạn');

    await control('/fail-next', { path: '/v4/oa/access_token', error: null });
    const silent = await finish(admin, await startConsent(admin, `/console/admin/oas/${EXISTING_OA.oa_id}/connect`, {}, EXISTING_OA.oa_id));
    expect(silent.status).toBe(422);
    expect(problemText(silent.html)).toContain('Zalo từ chối nhưng không cho biết mã lỗi');

    await control('/fail-next', { path: '/v4/oa/access_token', error: -32 });
    const busy = await finish(admin, await startConsent(admin, `/console/admin/oas/${EXISTING_OA.oa_id}/connect`, {}, EXISTING_OA.oa_id));
    expect(busy.status).toBe(503);
    expect(problemText(busy.html)).toContain('ứng dụng đã gọi Zalo quá nhiều lần trong thời gian ngắn');

    expect(await oaRow(EXISTING_OA.oa_id)).toEqual(before);
    expect(printed.join('\n')).not.toMatch(new RegExp([APP.app_secret, 'ma-khong-hop-le'].join('|')));
  });

  it('leaves an OA waiting for consent with its status and last error when the exchange fails', async () => {
    const before = await registerExisting({ needsReauth: 'refresh rejected (-14014)' });
    const callback = await startConsent(admin, `/console/admin/oas/${EXISTING_OA.oa_id}/connect`, {}, EXISTING_OA.oa_id);
    await control('/clock/advance', { ms: 10 * 60_000 }); // Zalo's code expires first
    const res = await finish(admin, callback);
    expect(res.status).toBe(422);
    expect(await oaRow(EXISTING_OA.oa_id)).toEqual(before);
    expect(cells(row(res.html, `data-oa="${EXISTING_OA.oa_id}"`)!)['Tình trạng']).toBe('Cần cấp quyền lại Lỗi gần nhất: refresh rejected (-14014)');
  });
});

describe('the state Zalo sends back', () => {
  it('works once: a replayed callback is refused and changes nothing', async () => {
    await registerExisting({ needsReauth: 'x' });
    const callback = await startConsent(admin, `/console/admin/oas/${EXISTING_OA.oa_id}/connect`, {}, EXISTING_OA.oa_id);
    expect((await finish(admin, callback)).status).toBe(303);
    const granted = await oaRow(EXISTING_OA.oa_id);
    const replay = await finish(admin, callback);
    expect(replay.status).toBe(400);
    expect(problemText(replay.html)).toContain('Liên kết trở về từ Zalo không hợp lệ');
    expect(await oaRow(EXISTING_OA.oa_id)).toEqual(granted);
  });

  it('is refused when unknown, missing or older than 10 minutes', async () => {
    const before = await registerExisting({ needsReauth: 'y' });
    const callback = await startConsent(admin, `/console/admin/oas/${EXISTING_OA.oa_id}/connect`, {}, EXISTING_OA.oa_id);
    const forged = new URL(callback);
    forged.searchParams.set('state', 'khong-co-trang-thai-nay');
    expect((await finish(admin, forged)).status).toBe(400);
    forged.searchParams.delete('state');
    expect((await finish(admin, forged)).status).toBe(400);

    // The app's clock is the real one: the kept consent is aged instead.
    await s.db.updateTable('zalo_oa_consents').set({ expires_at: new Date(Date.now() - 1000) }).where('oa_id', '=', EXISTING_OA.oa_id).execute();
    const late = await finish(admin, callback);
    expect(late.status).toBe(400);
    expect(problemText(late.html)).toContain('Yêu cầu kết nối đã quá 10 phút nên hết hiệu lực');
    expect(await s.db.selectFrom('zalo_oa_consents').select('state_hash').where('oa_id', '=', EXISTING_OA.oa_id).execute()).toEqual([]);
    expect(await oaRow(EXISTING_OA.oa_id)).toEqual(before);
  });

  it('belongs to the session that started it: another admin (or another login) cannot use it, its owner still can', async () => {
    const before = await registerExisting({ needsReauth: 'z' });
    const callback = await startConsent(admin, `/console/admin/oas/${EXISTING_OA.oa_id}/connect`, {}, EXISTING_OA.oa_id);
    const sameWardAdmin = await login([{ role: 'admin', unitId: WARD }]);
    expect((await finish(sameWardAdmin, callback)).status).toBe(400);
    expect((await finish(otherAdmin, callback)).status).toBe(400);
    expect(await oaRow(EXISTING_OA.oa_id)).toEqual(before);
    expect((await finish(admin, callback)).status).toBe(303);
  });
});

describe('who may connect', () => {
  it('refuses clerks, admins of other units and API tokens', async () => {
    const before = await registerExisting();
    expect((await browse(clerk, '/console/admin/oas/connect', newOaForm())).status).toBe(403);
    expect((await browse(clerk, `/console/admin/oas/${EXISTING_OA.oa_id}/connect`, {})).status).toBe(403);
    expect((await browse(clerk, '/console/admin/oas/callback?state=x&code=y&oa_id=1')).status).toBe(403);
    expect((await browse(otherAdmin, `/console/admin/oas/${EXISTING_OA.oa_id}/connect`, {})).status).toBe(404);
    expect((await browse(otherAdmin, '/console/admin/oas')).html).not.toContain(EXISTING_OA.oa_id);

    const tokenAdmin = await createTokenStaff(s.db, 'Quản Trị Token', [{ role: 'admin', unitId: WARD }]);
    const viaToken = await fetch(`${s.api}/console/admin/oas/${EXISTING_OA.oa_id}/connect`, { method: 'POST', headers: { authorization: `Bearer ${tokenAdmin.token}` }, redirect: 'manual' });
    expect(viaToken.status).toBe(403);
    expect(await viaToken.text()).toContain('cần đăng nhập bằng mật khẩu trên trình duyệt');
    expect(await oaRow(EXISTING_OA.oa_id)).toEqual(before);
  });

  it('refuses the callback to an admin who lost the unit while at Zalo', async () => {
    const before = await registerExisting({ needsReauth: 'w' });
    const session = await login([{ role: 'admin', unitId: WARD }]);
    const callback = await startConsent(session, `/console/admin/oas/${EXISTING_OA.oa_id}/connect`, {}, EXISTING_OA.oa_id);
    const staffId = (await s.db.selectFrom('zalo_oa_consents').select('staff_id').where('oa_id', '=', EXISTING_OA.oa_id).executeTakeFirstOrThrow()).staff_id;
    await s.db.updateTable('staff_roles').set({ unit_id: OTHER_WARD }).where('staff_id', '=', staffId).execute();
    const res = await finish(session, callback);
    expect(res.status).toBe(403);
    expect(await oaRow(EXISTING_OA.oa_id)).toEqual(before);
  });
});

describe('the JSON admin API', () => {
  it('is scoped to the admin’s units and checks the grant with Zalo before storing', async () => {
    const before = await registerExisting();
    const wardAdmin = await createTokenStaff(s.db, 'Quản Trị API Phường', [{ role: 'admin', unitId: WARD }]);
    const stranger = await createTokenStaff(s.db, 'Quản Trị API Phường Khác', [{ role: 'admin', unitId: OTHER_WARD }]);
    const api = async (who: { token: string }, method: string, body?: unknown) => {
      const res = await fetch(`${s.api}/api/admin/oas`, { method, headers: { authorization: `Bearer ${who.token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as { oaId?: string; error?: { code: string; issues: { path: string }[] } } & Array<{ oaId: string }> };
    };
    const registration = (unitId: string, refreshToken: string) => ({
      oaId: EXISTING_OA.oa_id,
      name: EXISTING_OA.name,
      unitId,
      appId: APP.app_id,
      appSecret: APP.app_secret,
      oaSecretKey: APP.oa_secret_key,
      grant: { refreshToken },
    });

    expect((await api(wardAdmin, 'GET')).body.map((o) => o.oaId)).toContain(EXISTING_OA.oa_id);
    expect((await api(stranger, 'GET')).body.map((o) => o.oaId)).not.toContain(EXISTING_OA.oa_id);
    // Taking another unit's OA, or registering into another unit: 403, nothing changes.
    const taken = await api(stranger, 'POST', registration(OTHER_WARD, 'x'));
    expect(taken.status).toBe(403);
    expect(taken.body.error!.issues.map((i) => i.path)).toEqual(['oaId']);
    expect((await api(stranger, 'POST', registration(WARD, 'x'))).status).toBe(403);
    const refused = await api(wardAdmin, 'POST', registration(WARD, 'khong-phai-refresh-token'));
    expect(refused.status).toBe(422);
    expect(refused.body.error!.issues.map((i) => i.path)).toEqual(['grant.refreshToken']);
    expect(await oaRow(EXISTING_OA.oa_id)).toEqual(before);

    const { refresh_token } = (await control(`/oas/${EXISTING_OA.oa_id}/grant`, { app_id: APP.app_id })) as { refresh_token: string };
    const ok = await api(wardAdmin, 'POST', registration(WARD, refresh_token));
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ oaId: EXISTING_OA.oa_id, status: 'active' });
  });
});

describe('refresh token of an OA authorised elsewhere', () => {
  it('is checked with Zalo before it replaces anything', async () => {
    const before = await registerExisting({ needsReauth: 'v' });
    const refused = await browse(admin, '/console/admin/oas/refresh-token', { oaId: EXISTING_OA.oa_id, refreshToken: 'token-sai-hoan-toan' });
    expect(refused.status).toBe(422);
    expect(refused.html).toContain('<p id="oa-refresh-refreshToken-error" class="error">mã ủy quyền hoặc refresh token không hợp lệ');
    expect(refused.html).not.toContain('token-sai-hoan-toan');
    expect(await oaRow(EXISTING_OA.oa_id)).toEqual(before);

    const { refresh_token } = (await control(`/oas/${EXISTING_OA.oa_id}/grant`, { app_id: APP.app_id })) as { refresh_token: string };
    const ok = await browse(admin, '/console/admin/oas/refresh-token', { oaId: EXISTING_OA.oa_id, refreshToken: refresh_token });
    expect(ok.status, ok.html).toBe(303);
    const after = (await oaRow(EXISTING_OA.oa_id))!;
    expect(after).toMatchObject({ status: 'active', last_error: null });
    // The pasted token was spent by the check; the pair Zalo issued for it is what is kept.
    const stored = await oaCredentials(s.db, TEST_BOX, EXISTING_OA.oa_id);
    expect(stored?.status).toBe('active');
    expect(TEST_BOX.decrypt(after.refresh_token_enc!, sealedAt('zalo_oas.refresh_token_enc', EXISTING_OA.oa_id))).not.toBe(refresh_token);
  });
});
