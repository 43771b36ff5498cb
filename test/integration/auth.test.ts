// Staff login over real HTTP: the app on a real port (public URL = that origin, so plain-http cookie
// names), a real worker on the dev server for the dossier action, PostgreSQL checked behind it.
// Every test starts with an empty login log, because all requests come from 127.0.0.1 and the
// per-address rate limit would otherwise count the failures of earlier tests.
import { createHash, randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { submitDossier } from '../../api/dossiers/submit.js';
import { clientKey } from '../../api/staff/sessions.js';
import { createStaff as createAccount } from '../../api/staff/accounts.js';
import type { RoleGrant } from '../../domain/contracts/dossier.js';
import type { Db } from '../../db/database.js';
import { devPassword, seedDevStaff } from '../../db/seed.js';
import {
  appZaloDeps, TEST_FILES,
  createStaff as createTokenStaff,
  OTHER_WARD,
  submitRequest,
  tamTruForm,
  TEST_BOX,
  TEST_SECRET,
  testDb,
  waitFor,
  waitForState,
  WARD,
  type TestStaff,
} from '../support/fixtures.js';
import { listen, type Listening } from '../support/http.js';
import { devServerEnv, startWorker, type RunningWorker } from '../support/temporal.js';

let env: TestWorkflowEnvironment;
let db: Db;
let worker: RunningWorker;
let http: Listening | undefined;
let base: string;
let app: ReturnType<typeof createApp>;
let tokenAdmin: TestStaff;
let tokenReceiver: TestStaff;

const PASSWORD = 'mat-khau-rat-dai-2026';

beforeAll(async () => {
  env = await devServerEnv();
  db = testDb();
  worker = await startWorker(env, db);
  // The app needs its public URL (the CSRF origin), known once the port is.
  http = await listen((req, bindings) => app.fetch(req, bindings));
  base = http.base;
  app = createApp({ db, temporal: env.client, taskQueue: worker.taskQueue, secret: TEST_SECRET, files: TEST_FILES, ...appZaloDeps(), publicUrl: base });
  tokenAdmin = await createTokenStaff(db, 'Quản Trị Token', [{ role: 'admin', unitId: 'ca-tphcm' }]);
  tokenReceiver = await createTokenStaff(db, 'Tiếp Nhận Token', [{ role: 'receiver', unitId: WARD }]);
});

afterAll(async () => {
  await http?.close();
  await worker?.stop();
  await env?.teardown();
  await db?.destroy();
});

beforeEach(async () => {
  await db.deleteFrom('login_attempts').execute();
});

// ---- HTTP helpers ----

interface Res {
  status: number;
  headers: Headers;
  setCookies: string[];
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

interface CallOptions {
  token?: string;
  /** The session token, sent as the `motcua_session` cookie. */
  session?: string;
  json?: unknown;
  form?: Record<string, string>;
  /** `true`: our own origin. */
  origin?: string | true;
  headers?: Record<string, string>;
}

async function call(method: string, path: string, opts: CallOptions = {}): Promise<Res> {
  const headers: Record<string, string> = {};
  if (opts.token !== undefined) headers.authorization = `Bearer ${opts.token}`;
  if (opts.session !== undefined) headers.cookie = `motcua_session=${opts.session}`;
  if (opts.origin !== undefined) headers.origin = opts.origin === true ? base : opts.origin;
  let body: string | undefined;
  if (opts.json !== undefined) {
    body = JSON.stringify(opts.json);
    headers['content-type'] = 'application/json';
  }
  if (opts.form !== undefined) {
    body = new URLSearchParams(opts.form).toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  }
  Object.assign(headers, opts.headers);
  const res = await fetch(`${base}${path}`, { method, headers, body, redirect: 'manual' });
  const text = await res.text();
  const json = res.headers.get('content-type')?.startsWith('application/json');
  return { status: res.status, headers: res.headers, setCookies: res.headers.getSetCookie(), text, body: json ? JSON.parse(text) : undefined };
}

function expectError(res: Res, status: number, code: string) {
  expect(res.status, res.text).toBe(status);
  expect(res.body).toEqual({ error: { code, message: expect.any(String), issues: expect.any(Array) } });
  expect((res.body.error.message as string).length).toBeGreaterThan(0);
  return res.body.error as { code: string; message: string; issues: Array<{ path: string; message: string }> };
}

/** The session token a login response set, from its Set-Cookie header. */
function sessionFrom(res: Res, name = 'motcua_session'): string {
  const cookie = res.setCookies.find((c) => c.startsWith(`${name}=`));
  expect(cookie, `Set-Cookie ${name}`).toBeDefined();
  return cookie!.slice(name.length + 1).split(';')[0]!;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

async function account(grants: RoleGrant[], password = PASSWORD) {
  const username = `u-${randomUUID().slice(0, 8)}`;
  const created = await createAccount(db, { username, fullName: `Cán bộ ${username}`, password, grants }, 'system');
  return { ...created, username, password };
}

async function loggedIn(grants: RoleGrant[]) {
  const a = await account(grants);
  const res = await call('POST', '/auth/login', { json: { username: a.username, password: a.password } });
  expect(res.status, res.text).toBe(200);
  return { ...a, session: sessionFrom(res) };
}

// ---- Login and sessions ----

describe('login', () => {
  it('sets an HttpOnly, SameSite=Lax session cookie that /auth/me accepts; the database keeps an argon2id hash and only the token hash', async () => {
    const a = await account([{ role: 'receiver', unitId: WARD }]);
    const res = await call('POST', '/auth/login', { json: { username: a.username, password: a.password }, headers: { 'user-agent': 'vitest' } });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ staff: { id: a.id, name: a.fullName, grants: [{ role: 'receiver', unitId: WARD }] }, expiresAt: expect.any(String) });
    expect(Date.parse(res.body.expiresAt) - Date.now()).toBeGreaterThan(7 * 24 * 3600_000 - 60_000);
    expect(res.headers.get('cache-control')).toBe('no-store');

    const cookie = res.setCookies.find((c) => c.startsWith('motcua_session='))!;
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).toMatch(/; Max-Age=604800/);
    expect(cookie).not.toMatch(/; Secure/); // plain http in development
    const token = sessionFrom(res);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32); // 256 bits

    const me = await call('GET', '/auth/me', { session: token });
    expect(me.status, me.text).toBe(200);
    expect(me.body).toEqual({ staff: { id: a.id, name: a.fullName, grants: [{ role: 'receiver', unitId: WARD }] } });

    const staff = await db.selectFrom('staff').select(['password_hash']).where('id', '=', a.id).executeTakeFirstOrThrow();
    expect(staff.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(staff.password_hash).not.toContain(a.password);
    const sessions = await db.selectFrom('staff_sessions').selectAll().where('staff_id', '=', a.id).execute();
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.token_hash).toBe(sha256(token));
    expect(JSON.stringify(sessions)).not.toContain(token);
    expect(sessions[0]).toMatchObject({ ip: '127.0.0.1', user_agent: 'vitest' });
    expect(sessions[0]!.expires_at.getTime() - sessions[0]!.created_at.getTime()).toBe(7 * 24 * 3600_000);

    const log = await db.selectFrom('login_attempts').selectAll().where('username', '=', a.username).execute();
    expect(log.map((l) => l.ok)).toEqual([true]);
  });

  it('accepts a form body from our origin (the console login form) and refuses one from another site', async () => {
    const a = await account([{ role: 'officer', unitId: WARD }]);
    const ok = await call('POST', '/auth/login', { form: { username: a.username.toUpperCase(), password: a.password }, origin: true });
    expect(ok.status, ok.text).toBe(200);
    expect((await call('GET', '/auth/me', { session: sessionFrom(ok) })).status).toBe(200);

    // Logging in again from this browser replaces its session; a failed attempt leaves it alone.
    const first = sessionFrom(ok);
    expectError(await call('POST', '/auth/login', { session: first, json: { username: a.username, password: 'sai-mat-khau-0000' } }), 401, 'INVALID_CREDENTIALS');
    expect((await call('GET', '/auth/me', { session: first })).status).toBe(200);
    const again = await call('POST', '/auth/login', { session: first, json: { username: a.username, password: a.password } });
    expect(again.status).toBe(200);
    expect(sessionFrom(again)).not.toBe(first);
    expectError(await call('GET', '/auth/me', { session: first }), 401, 'UNAUTHENTICATED');

    const forged = await call('POST', '/auth/login', { form: { username: a.username, password: a.password }, origin: 'https://evil.example' });
    expectError(forged, 403, 'CSRF_REJECTED');
    expect(forged.setCookies).toEqual([]);
  });

  it('answers a wrong password and an unknown user alike with 401 INVALID_CREDENTIALS', async () => {
    const a = await account([{ role: 'receiver', unitId: WARD }]);
    const wrong = expectError(await call('POST', '/auth/login', { json: { username: a.username, password: 'sai-mat-khau-0000' } }), 401, 'INVALID_CREDENTIALS');
    const unknown = expectError(await call('POST', '/auth/login', { json: { username: 'khong-ton-tai', password: 'sai-mat-khau-0000' } }), 401, 'INVALID_CREDENTIALS');
    expect(unknown.message).toBe(wrong.message);
    const missing = expectError(await call('POST', '/auth/login', { json: { username: a.username } }), 422, 'VALIDATION_FAILED');
    expect(missing.issues.map((i) => i.path)).toEqual(['password']);
    const log = await db.selectFrom('login_attempts').select(['username', 'ok']).where('username', 'in', [a.username, 'khong-ton-tai']).orderBy('id').execute();
    expect(log).toEqual([
      { username: a.username, ok: false },
      { username: 'khong-ton-tai', ok: false },
    ]);
  });

  it('locks the account after 5 wrong passwords (423 with the unlock time), and lets it in once the lock has expired', async () => {
    const a = await account([{ role: 'receiver', unitId: WARD }]);
    for (let i = 1; i <= 4; i++) {
      expectError(await call('POST', '/auth/login', { json: { username: a.username, password: `sai-mat-khau-${i}` } }), 401, 'INVALID_CREDENTIALS');
    }
    const fifth = await call('POST', '/auth/login', { json: { username: a.username, password: 'sai-mat-khau-5' } });
    const lockedError = expectError(fifth, 423, 'ACCOUNT_LOCKED');
    expect(lockedError.message).toMatch(/thử lại sau \d{2}:\d{2}/);
    const retryAfter = Number(fifth.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    const row = await db.selectFrom('login_locks').select(['locked_until', 'failures']).where('username', '=', a.username).executeTakeFirstOrThrow();
    expect(row.locked_until!.getTime() - Date.now()).toBeGreaterThan(14 * 60_000);

    // Even the right password waits for the lock.
    expectError(await call('POST', '/auth/login', { json: { username: a.username, password: a.password } }), 423, 'ACCOUNT_LOCKED');

    await db.updateTable('login_locks').set({ locked_until: new Date(Date.now() - 1000) }).where('username', '=', a.username).execute();
    const after = await call('POST', '/auth/login', { json: { username: a.username, password: a.password } });
    expect(after.status, after.text).toBe(200);
    expect(await db.selectFrom('login_locks').selectAll().where('username', '=', a.username).execute()).toEqual([]);
  });

  it('counts a guess before checking it: a right password racing the fifth wrong one is refused', async () => {
    const a = await account([{ role: 'receiver', unitId: WARD }]);
    for (let i = 1; i <= 4; i++) await call('POST', '/auth/login', { json: { username: a.username, password: `sai-mat-khau-${i}` } });
    // Hold writes to the login log so that both attempts are in flight at once, in a known order.
    const holder = testDb();
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    const waiting = async (n: number) =>
      waitFor(async () => {
        const r = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(db);
        return r.rows[0]!.n >= n ? true : undefined;
      }, `${n} logins waiting`);
    let locking: Promise<void> | undefined;
    const held = new Promise<void>((ready) => {
      locking = holder.transaction().execute(async (tx) => {
        await sql`lock table login_attempts in exclusive mode`.execute(tx);
        ready();
        await released;
      });
    });
    try {
      await held;
      const fifth = call('POST', '/auth/login', { json: { username: a.username, password: 'sai-mat-khau-5' } });
      await waiting(1);
      const right = call('POST', '/auth/login', { json: { username: a.username, password: a.password } });
      await waiting(2);
      release();
      await locking;
      expectError(await fifth, 423, 'ACCOUNT_LOCKED');
      expectError(await right, 423, 'ACCOUNT_LOCKED');
      expect(await db.selectFrom('staff_sessions').select('token_hash').where('staff_id', '=', a.id).execute()).toEqual([]);
    } finally {
      release();
      await locking?.catch(() => undefined);
      await holder.destroy();
    }
  });

  it('answers an unknown username exactly as an existing one, lockout included', async () => {
    const a = await account([{ role: 'receiver', unitId: WARD }]);
    const seen = async (username: string) => {
      const out: string[] = [];
      for (let i = 1; i <= 6; i++) {
        const r = await call('POST', '/auth/login', { json: { username, password: `sai-mat-khau-${i}` } });
        const message = (r.body.error.message as string).replace(/\d{2}:\d{2} \d{2}\/\d{2}\/\d{4}/, '<time>'); // the lock's end, to the minute
        out.push(`${r.status} ${r.body.error.code} ${message} ${r.headers.get('retry-after') ? 'retry' : ''}`);
      }
      return out;
    };
    const known = await seen(a.username);
    await db.deleteFrom('login_attempts').execute(); // the per-address limit would count the first six
    const unknown = await seen(`khong-co-${randomUUID().slice(0, 8)}`);
    expect(unknown).toEqual(known);
    expect(known.slice(4).every((k) => k.startsWith('423 ACCOUNT_LOCKED'))).toBe(true);
  });

  it('takes the client address from X-Forwarded-For only behind a trusted proxy', async () => {
    const proxied = createApp({ db, temporal: env.client, taskQueue: worker.taskQueue, secret: TEST_SECRET, files: TEST_FILES, ...appZaloDeps(), trustedProxies: ['127.0.0.1', '10.0.0.0/8'] });
    const server = await listen((req, bindings) => proxied.fetch(req, bindings));
    try {
      const a = await account([{ role: 'receiver', unitId: WARD }]);
      const via = (forwardedFor: string, target: string) =>
        fetch(`${server.base}${target}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
          body: JSON.stringify({ username: a.username, password: 'sai-mat-khau-0' }),
        });
      await via('198.51.100.23, 10.1.2.3', '/auth/login'); // the client, then a trusted inner proxy
      await via('203.0.113.9', '/auth/login');
      const ips = await db.selectFrom('login_attempts').select('ip').where('username', '=', a.username).orderBy('id').execute();
      expect(ips.map((r) => r.ip)).toEqual(['198.51.100.23', '203.0.113.9']);
      // Without a trusted proxy the header is the client's word, and ignored.
      await call('POST', '/auth/login', { json: { username: a.username, password: 'sai-mat-khau-1' }, headers: { 'x-forwarded-for': '192.0.2.1' } });
      const last = await db.selectFrom('login_attempts').select('ip').where('username', '=', a.username).orderBy('id', 'desc').executeTakeFirstOrThrow();
      expect(last.ip).toBe('127.0.0.1');
    } finally {
      await server.close();
    }
  });

  it('rate limits 10 failed logins in 5 minutes per username and per client address with 429', async () => {
    const a = await account([{ role: 'receiver', unitId: WARD }]);
    const recent = new Date(Date.now() - 60_000);
    // Ten failures for one username (from elsewhere: no lock, which needs the password checked).
    await db.insertInto('login_attempts').values(Array.from({ length: 10 }, () => ({ username: a.username, ip: '203.0.113.7', ok: false, at: recent }))).execute();
    const limited = await call('POST', '/auth/login', { json: { username: a.username, password: a.password } });
    expectError(limited, 429, 'RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(3 * 60);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(4 * 60 + 1);
    // Older failures no longer count.
    await db.updateTable('login_attempts').set({ at: new Date(Date.now() - 6 * 60_000) }).where('username', '=', a.username).execute();
    expect((await call('POST', '/auth/login', { json: { username: a.username, password: a.password } })).status).toBe(200);

    // Ten failures from this address, whatever the usernames.
    await db.insertInto('login_attempts').values(Array.from({ length: 10 }, (_, i) => ({ username: `guess-${i}`, ip: '127.0.0.1', ok: false, at: recent }))).execute();
    expectError(await call('POST', '/auth/login', { json: { username: a.username, password: a.password } }), 429, 'RATE_LIMITED');
  });

  it('ends sessions after 12 hours idle or 7 days in all, and slides the idle expiry on use', async () => {
    const a = await loggedIn([{ role: 'receiver', unitId: WARD }]);
    const hash = sha256(a.session);
    await db.updateTable('staff_sessions').set({ last_seen_at: new Date(Date.now() - 5 * 60_000) }).where('token_hash', '=', hash).execute();
    expect((await call('GET', '/auth/me', { session: a.session })).status).toBe(200);
    const seen = await db.selectFrom('staff_sessions').select('last_seen_at').where('token_hash', '=', hash).executeTakeFirstOrThrow();
    expect(Date.now() - seen.last_seen_at.getTime()).toBeLessThan(10_000);

    await db.updateTable('staff_sessions').set({ last_seen_at: new Date(Date.now() - 12 * 3600_000 - 1000) }).where('token_hash', '=', hash).execute();
    expectError(await call('GET', '/auth/me', { session: a.session }), 401, 'UNAUTHENTICATED');

    const b = await loggedIn([{ role: 'receiver', unitId: WARD }]);
    await db.updateTable('staff_sessions').set({ expires_at: new Date(Date.now() - 1000) }).where('token_hash', '=', sha256(b.session)).execute();
    expectError(await call('GET', '/auth/me', { session: b.session }), 401, 'UNAUTHENTICATED');
    expectError(await call('GET', '/auth/me', { session: 'not-a-session' }), 401, 'UNAUTHENTICATED');
  });
});

describe('the console login form, without script', () => {
  const login = (form: Record<string, string>, origin: string | true = true, session?: string) => call('POST', '/console/login', { form, origin, session });

  it('signs in with the same session as /auth/login and goes on to the page asked for (a console page only)', async () => {
    const a = await account([{ role: 'receiver', unitId: WARD }]);
    const ok = await login({ username: a.username.toUpperCase(), password: a.password, next: '/console/dossiers/DHT-261128-0001?x=1' });
    expect(ok.status, ok.text).toBe(303);
    expect(ok.headers.get('location')).toBe('/console/dossiers/DHT-261128-0001?x=1');
    const session = sessionFrom(ok);
    expect(ok.setCookies.find((c) => c.startsWith('motcua_session='))).toMatch(/; HttpOnly.*; SameSite=Lax/);
    expect((await call('GET', '/auth/me', { session })).body.staff.id).toBe(a.id);
    expect((await db.selectFrom('staff_sessions').select('token_hash').where('staff_id', '=', a.id).execute()).map((r) => r.token_hash)).toEqual([sha256(session)]);

    // Signing in again from this browser replaces its session.
    const again = await login({ username: a.username, password: a.password, next: '/console' }, true, session);
    expect(again.status).toBe(303);
    expectError(await call('GET', '/auth/me', { session }), 401, 'UNAUTHENTICATED');

    for (const next of ['https://evil.example/console', '//evil.example/console', '/auth/me', '']) {
      const res = await login({ username: a.username, password: a.password, next });
      expect(res.headers.get('location'), next).toBe('/console');
    }
  });

  it('shows a wrong password on the page with the username kept, then the lock after five, refusing the right password too', async () => {
    const a = await account([{ role: 'receiver', unitId: WARD }]);
    for (let i = 1; i <= 4; i++) {
      const wrong = await login({ username: a.username, password: `sai-mat-khau-${i}`, next: '/console/reports' });
      expect(wrong.status).toBe(401);
      expect(wrong.setCookies.filter((c) => c.startsWith('motcua_session='))).toEqual([]);
      expect(wrong.text).toContain('Chưa đăng nhập được');
      expect(wrong.text).toContain('Tên đăng nhập hoặc mật khẩu không đúng.');
      expect(wrong.text).toContain(`value="${a.username}"`);
      expect(wrong.text).toContain('value="/console/reports"');
    }
    const fifth = await login({ username: a.username, password: 'sai-mat-khau-5' });
    expect(fifth.status).toBe(423);
    expect(fifth.text).toMatch(/Tài khoản tạm khoá do nhập sai mật khẩu 5 lần liên tiếp; vui lòng thử lại sau \d{2}:\d{2} \d{2}\/\d{2}\/\d{4}\./);
    expect(Number(fifth.headers.get('retry-after'))).toBeGreaterThan(14 * 60);
    const right = await login({ username: a.username, password: a.password });
    expect(right.status).toBe(423);
    expect(right.text).toContain('Tài khoản tạm khoá');
    expect(right.setCookies.filter((c) => c.startsWith('motcua_session='))).toEqual([]);
    const log = await db.selectFrom('login_attempts').select('ok').where('username', '=', a.username).execute();
    expect(log.map((l) => l.ok)).toEqual(Array(6).fill(false));
  });

  it('shows a missing field next to it, and the rate limit with its wait', async () => {
    const missing = await login({ username: 'ai-do', password: '' });
    expect(missing.status).toBe(422);
    expect(missing.text).toMatch(/<p id="password-error" class="error">Nhập mật khẩu.<\/p>/);
    expect(missing.text).toMatch(/id="password"[^>]*aria-invalid="true"/);
    await db.insertInto('login_attempts').values(Array.from({ length: 10 }, (_, i) => ({ username: `guess-${i}`, ip: '127.0.0.1', ok: false, at: new Date() }))).execute();
    const limited = await login({ username: 'ai-do', password: 'mat-khau-bat-ky' });
    expect(limited.status).toBe(429);
    expect(limited.text).toMatch(/Đăng nhập sai quá nhiều lần; vui lòng thử lại sau 5 phút./);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(4 * 60);
  });

  it('refuses a login posted from another site (login CSRF) before checking anything', async () => {
    const a = await account([{ role: 'receiver', unitId: WARD }]);
    for (const headers of [{ origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }] as Array<Record<string, string>>) {
      const res = await call('POST', '/console/login', { form: { username: a.username, password: a.password }, headers });
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(res.setCookies.filter((c) => c.startsWith('motcua_session='))).toEqual([]);
    }
    expect(await db.selectFrom('login_attempts').select('id').where('username', '=', a.username).execute()).toEqual([]);
    // The browser's own form: Sec-Fetch-Site same-origin.
    expect((await call('POST', '/console/login', { form: { username: a.username, password: a.password }, headers: { 'sec-fetch-site': 'same-origin' } })).status).toBe(303);
  });

  it('logs out with a redirect to the login page; not from another site', async () => {
    const a = await loggedIn([{ role: 'receiver', unitId: WARD }]);
    const forged = await call('POST', '/console/logout', { session: a.session, origin: 'https://evil.example' });
    expect(forged.status).toBe(403);
    expect((await call('GET', '/auth/me', { session: a.session })).status).toBe(200);
    const out = await call('POST', '/console/logout', { session: a.session, origin: true });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/console/login');
    expect(out.setCookies.some((c) => /^motcua_session=;/.test(c) && /Max-Age=0/.test(c))).toBe(true);
    expectError(await call('GET', '/auth/me', { session: a.session }), 401, 'UNAUTHENTICATED');
  });
});

describe('logout', () => {
  it('logout ends this session and clears the cookie', async () => {
    const a = await loggedIn([{ role: 'receiver', unitId: WARD }]);
    const other = await call('POST', '/auth/login', { json: { username: a.username, password: a.password } });
    const otherSession = sessionFrom(other);

    const out = await call('POST', '/auth/logout', { session: a.session, origin: true });
    expect(out.status, out.text).toBe(204);
    expect(out.setCookies.some((c) => /^motcua_session=;/.test(c) && /Max-Age=0/.test(c))).toBe(true);
    expectError(await call('GET', '/auth/me', { session: a.session }), 401, 'UNAUTHENTICATED');
    expect(await db.selectFrom('staff_sessions').select('token_hash').where('token_hash', '=', sha256(a.session)).execute()).toEqual([]);
    // The other browser stays signed in.
    expect((await call('GET', '/auth/me', { session: otherSession })).status).toBe(200);
    // Logging out from another site is refused.
    expectError(await call('POST', '/auth/logout', { session: otherSession, origin: 'https://evil.example' }), 403, 'CSRF_REJECTED');
    expect((await call('GET', '/auth/me', { session: otherSession })).status).toBe(200);
  });

  it('logout-everywhere ends every session of the account, and nobody else’s', async () => {
    const a = await loggedIn([{ role: 'officer', unitId: WARD }]);
    const second = sessionFrom(await call('POST', '/auth/login', { json: { username: a.username, password: a.password } }));
    const bystander = await loggedIn([{ role: 'officer', unitId: WARD }]);

    const res = await call('POST', '/auth/logout-everywhere', { session: second, origin: true });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ sessionsEnded: 2 });
    expectError(await call('GET', '/auth/me', { session: a.session }), 401, 'UNAUTHENTICATED');
    expectError(await call('GET', '/auth/me', { session: second }), 401, 'UNAUTHENTICATED');
    expect(await db.selectFrom('staff_sessions').select('token_hash').where('staff_id', '=', a.id).execute()).toEqual([]);
    expect((await call('GET', '/auth/me', { session: bystander.session })).status).toBe(200);
  });
});

// ---- CSRF ----

describe('CSRF', () => {
  it('refuses cookie-authenticated unsafe requests not from our origin; bearer-token requests need no Origin', async () => {
    const admin = await loggedIn([{ role: 'admin', unitId: 'ca-tphcm' }]);
    const newStaff = () => ({ username: `c-${randomUUID().slice(0, 8)}`, fullName: 'Cán Bộ Mới', password: PASSWORD, grants: [{ role: 'receiver', unitId: WARD }] });

    // Safe methods need nothing more than the cookie.
    expect((await call('GET', '/api/admin/staff', { session: admin.session })).status).toBe(200);

    expectError(await call('POST', '/api/admin/staff', { session: admin.session, json: newStaff() }), 403, 'CSRF_REJECTED');
    expectError(await call('POST', '/api/admin/staff', { session: admin.session, json: newStaff(), origin: 'https://evil.example' }), 403, 'CSRF_REJECTED');
    expectError(
      await call('POST', '/api/admin/staff', { session: admin.session, json: newStaff(), headers: { 'sec-fetch-site': 'cross-site' } }),
      403,
      'CSRF_REJECTED',
    );
    expectError(
      await call('POST', '/api/admin/staff', { session: admin.session, form: { username: 'x-form' }, origin: 'https://evil.example' }),
      403,
      'CSRF_REJECTED',
    );
    expect((await call('POST', '/api/admin/staff', { session: admin.session, json: newStaff(), origin: true })).status).toBe(201);
    expect((await call('POST', '/api/admin/staff', { session: admin.session, json: newStaff(), headers: { 'sec-fetch-site': 'same-origin' } })).status).toBe(201);

    // An API token is not an ambient credential: no Origin needed.
    expect((await call('POST', '/api/admin/staff', { token: tokenAdmin.token, json: newStaff() })).status).toBe(201);
    // With an Authorization header the cookie is not used at all: a bad token is 401 even with a good cookie.
    expectError(await call('POST', '/api/admin/staff', { token: 'wrong', session: admin.session, json: newStaff(), origin: true }), 401, 'UNAUTHENTICATED');
  });

  it('existing clerk routes work with the session cookie: the inbox, and a claim (a workflow Update) from our origin only', async () => {
    const clerk = await loggedIn([{ role: 'receiver', unitId: WARD }]);
    const { dossier } = await submitDossier(
      { db, temporal: env.client, taskQueue: worker.taskQueue, secret: TEST_SECRET, box: TEST_BOX },
      submitRequest(tamTruForm()),
      undefined,
    );
    await waitForState(db, dossier.code, 'intake');

    const inbox = await call('GET', '/api/staff/inbox', { session: clerk.session });
    expect(inbox.status, inbox.text).toBe(200);
    expect((inbox.body as Array<{ code: string }>).some((t) => t.code === dossier.code)).toBe(true);

    expectError(await call('POST', `/api/staff/dossiers/${dossier.code}/claim`, { session: clerk.session }), 403, 'CSRF_REJECTED');
    const claimed = await call('POST', `/api/staff/dossiers/${dossier.code}/claim`, { session: clerk.session, origin: true });
    expect(claimed.status, claimed.text).toBe(200);
    expect(claimed.body.task).toMatchObject({ assigneeId: clerk.id });

    // Scope is the same as with a token: another ward's clerk does not see the dossier.
    const stranger = await loggedIn([{ role: 'receiver', unitId: OTHER_WARD }]);
    expectError(await call('GET', `/api/staff/dossiers/${dossier.code}`, { session: stranger.session }), 404, 'NOT_FOUND');
  });

  it('over HTTPS the cookie is __Host-motcua_session, Secure, without Domain, and only it is read', async () => {
    const httpsApp = createApp({ db, temporal: env.client, taskQueue: worker.taskQueue, secret: TEST_SECRET, files: TEST_FILES, ...appZaloDeps(), publicUrl: 'https://motcua.example.vn' });
    const a = await account([{ role: 'chief', unitId: WARD }]);
    const res = await httpsApp.request('https://motcua.example.vn/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: a.username, password: a.password }),
    });
    expect(res.status).toBe(200);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('__Host-motcua_session='))!;
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/Domain=/i);
    const token = cookie.slice('__Host-motcua_session='.length).split(';')[0]!;

    const me = (cookieHeader: string, extra: Record<string, string> = {}, method = 'GET', path = '/auth/me') =>
      httpsApp.request(`https://motcua.example.vn${path}`, { method, headers: { cookie: cookieHeader, ...extra } });
    expect((await me(`__Host-motcua_session=${token}`)).status).toBe(200);
    expect((await me(`motcua_session=${token}`)).status).toBe(401);
    expect((await me(`__Host-motcua_session=${token}`, { origin: 'http://motcua.example.vn' }, 'POST', '/auth/logout-everywhere')).status).toBe(403);
    expect((await me(`__Host-motcua_session=${token}`, { origin: 'https://motcua.example.vn' }, 'POST', '/auth/logout-everywhere')).status).toBe(200);
  });
});

// ---- Admins ----

describe('staff administration', () => {
  it('creates an account that can log in (201), refuses a taken username (409), a weak password and unknown units (422)', async () => {
    const username = `n-${randomUUID().slice(0, 8)}`;
    const body = { username, fullName: 'Nguyễn Văn Mới', password: PASSWORD, grants: [{ role: 'officer', unitId: WARD }] };
    const created = await call('POST', '/api/admin/staff', { token: tokenAdmin.token, json: body });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      username,
      fullName: 'Nguyễn Văn Mới',
      active: true,
      hasPassword: true,
      lockedUntil: null,
      disabledAt: null,
      createdAt: expect.any(String),
      grants: [{ role: 'officer', unitId: WARD }],
    });
    expect(created.text).not.toContain(PASSWORD);
    expect((await call('POST', '/auth/login', { json: { username, password: PASSWORD } })).status).toBe(200);

    const taken = expectError(await call('POST', '/api/admin/staff', { token: tokenAdmin.token, json: { ...body, username: username.toUpperCase() } }), 409, 'USERNAME_TAKEN');
    expect(taken.issues.map((i) => i.path)).toEqual(['username']);

    const weak = expectError(await call('POST', '/api/admin/staff', { token: tokenAdmin.token, json: { ...body, username: `w-${username}`, password: 'ngan' } }), 422, 'VALIDATION_FAILED');
    expect(weak.issues.map((i) => i.path)).toEqual(['password']);
    const sameAsName = expectError(
      await call('POST', '/api/admin/staff', { token: tokenAdmin.token, json: { ...body, username: 'trung-ten-dang-nhap', password: 'trung-ten-dang-nhap' } }),
      422,
      'VALIDATION_FAILED',
    );
    expect(sameAsName.issues.map((i) => i.path)).toEqual(['password']);
    const badUnit = expectError(
      await call('POST', '/api/admin/staff', {
        token: tokenAdmin.token,
        json: { ...body, username: `u-${username}`, grants: [{ role: 'officer', unitId: 'khong-co' }, { role: 'officer', unitId: 'ca-q12-thoi-an' }] },
      }),
      422,
      'VALIDATION_FAILED',
    );
    expect(badUnit.issues.map((i) => i.path)).toEqual(['grants.0.unitId', 'grants.1.unitId']);
    const badShape = expectError(await call('POST', '/api/admin/staff', { token: tokenAdmin.token, json: { username: 'x', grants: [{ role: 'king', unitId: WARD }] } }), 422, 'VALIDATION_FAILED');
    expect(badShape.issues.map((i) => i.path).sort()).toEqual(['fullName', 'grants.0.role', 'password', 'username']);
  });

  it('is for admins only: 401 without credentials, 403 for a clerk (token or session)', async () => {
    expectError(await call('GET', '/api/admin/staff'), 401, 'UNAUTHENTICATED');
    expectError(await call('GET', '/api/admin/staff', { token: tokenReceiver.token }), 403, 'FORBIDDEN');
    const clerk = await loggedIn([{ role: 'chief', unitId: WARD }]);
    expectError(await call('GET', '/api/admin/staff', { session: clerk.session }), 403, 'FORBIDDEN');
    expectError(
      await call('POST', '/api/admin/staff', { session: clerk.session, origin: true, json: { username: 'x-clerk', fullName: 'X', password: PASSWORD, grants: [{ role: 'admin', unitId: WARD }] } }),
      403,
      'FORBIDDEN',
    );
  });

  it('a disabled account cannot log in, and its sessions and API tokens stop working at once', async () => {
    const victim = await loggedIn([{ role: 'receiver', unitId: WARD }]);
    const token = randomUUID();
    await db.insertInto('staff_tokens').values({ token_hash: sha256(token), staff_id: victim.id }).execute();
    expect((await call('GET', '/api/staff/inbox', { token })).status).toBe(200);
    expect((await call('GET', '/api/staff/inbox', { session: victim.session })).status).toBe(200);

    const disabled = await call('POST', `/api/admin/staff/${victim.id}/disable`, { token: tokenAdmin.token });
    expect(disabled.status, disabled.text).toBe(200);
    expect(disabled.body).toMatchObject({ id: victim.id, active: false, disabledAt: expect.any(String) });

    expectError(await call('GET', '/api/staff/inbox', { session: victim.session }), 401, 'UNAUTHENTICATED');
    expectError(await call('GET', '/api/staff/inbox', { token }), 401, 'UNAUTHENTICATED');
    expectError(await call('POST', '/auth/login', { json: { username: victim.username, password: victim.password } }), 401, 'INVALID_CREDENTIALS');
    expect(await db.selectFrom('staff_sessions').select('token_hash').where('staff_id', '=', victim.id).execute()).toEqual([]);
    expect(await db.selectFrom('staff_tokens').select('token_hash').where('staff_id', '=', victim.id).execute()).toEqual([]);
    // Idempotent.
    expect((await call('POST', `/api/admin/staff/${victim.id}/disable`, { token: tokenAdmin.token })).status).toBe(200);
  });

  it('lets staff change their own password (the current one checked) and an admin of their unit reset it, ending its sessions', async () => {
    const me = await loggedIn([{ role: 'receiver', unitId: WARD }]);
    const opts = { session: me.session, origin: true as const };
    const NEW = 'mat-khau-moi-rat-dai-2027';
    expectError(await call('POST', '/auth/password', { ...opts, json: { currentPassword: 'sai-mat-khau-0000', newPassword: NEW } }), 401, 'INVALID_CREDENTIALS');
    expectError(await call('POST', '/auth/password', { ...opts, json: { currentPassword: me.password, newPassword: 'ngan' } }), 422, 'VALIDATION_FAILED');
    expect((await call('POST', '/auth/password', { ...opts, json: { currentPassword: me.password, newPassword: NEW } })).status).toBe(204);
    expectError(await call('POST', '/auth/login', { json: { username: me.username, password: me.password } }), 401, 'INVALID_CREDENTIALS');
    expect((await call('POST', '/auth/login', { json: { username: me.username, password: NEW } })).status).toBe(200);

    const otherAdmin = await loggedIn([{ role: 'admin', unitId: OTHER_WARD }]);
    const RESET = 'mat-khau-cap-lai-2027-x';
    expectError(await call('POST', `/api/admin/staff/${me.id}/password`, { session: otherAdmin.session, origin: true, json: { password: RESET } }), 404, 'NOT_FOUND');
    const wardAdmin = await loggedIn([{ role: 'admin', unitId: WARD }]);
    const reset = await call('POST', `/api/admin/staff/${me.id}/password`, { session: wardAdmin.session, origin: true, json: { password: RESET } });
    expect(reset.status, reset.text).toBe(204);
    expectError(await call('GET', '/auth/me', { session: me.session }), 401, 'UNAUTHENTICATED');
    expect((await call('POST', '/auth/login', { json: { username: me.username, password: RESET } })).status).toBe(200);
  });

  it('makes API tokens with an owner, a scope of the owner’s grants and an expiry, lists them without the secret, and revokes them', async () => {
    const me = await loggedIn([{ role: 'receiver', unitId: WARD }, { role: 'officer', unitId: WARD }]);
    const opts = { session: me.session, origin: true as const };
    const made = await call('POST', '/auth/tokens', { ...opts, json: { name: 'Kịch bản nhập liệu', scope: [{ role: 'receiver', unitId: WARD }], expiresInDays: 30 } });
    expect(made.status, made.text).toBe(201);
    const token = made.body.token as string;
    expect(new Date(made.body.expiresAt as string).getTime() - Date.now()).toBeGreaterThan(29 * 86_400_000);
    const asToken = await call('GET', '/auth/me', { token });
    expect(asToken.body.staff).toEqual({ id: me.id, name: me.fullName, grants: [{ role: 'receiver', unitId: WARD }] });
    // A scoped token cannot make a broader one, and nobody a token with grants they do not hold.
    expectError(await call('POST', '/auth/tokens', { token, json: { name: 'rộng hơn', scope: [{ role: 'officer', unitId: WARD }], expiresInDays: 1 } }), 403, 'FORBIDDEN');
    expectError(await call('POST', '/auth/tokens', { ...opts, json: { name: 'x', scope: [{ role: 'chief', unitId: WARD }], expiresInDays: 1 } }), 403, 'FORBIDDEN');
    expectError(await call('POST', '/auth/tokens', { ...opts, json: { name: 'x', scope: [{ role: 'receiver', unitId: WARD }], expiresInDays: 3650 } }), 422, 'VALIDATION_FAILED');

    const list = await call('GET', '/auth/tokens', opts);
    expect(list.body).toEqual([{ id: made.body.id, name: 'Kịch bản nhập liệu', scope: [{ role: 'receiver', unitId: WARD }], createdAt: expect.any(String), expiresAt: made.body.expiresAt }]);
    expect(list.text).not.toContain(token);
    const other = await loggedIn([{ role: 'receiver', unitId: WARD }]);
    expectError(await call('DELETE', `/auth/tokens/${made.body.id}`, { session: other.session, origin: true }), 404, 'NOT_FOUND');
    expect((await call('DELETE', `/auth/tokens/${made.body.id}`, opts)).status).toBe(204);
    expectError(await call('GET', '/auth/me', { token }), 401, 'UNAUTHENTICATED');
  });

  it('a ward admin manages only the accounts of their ward; grants change at the next request', async () => {
    const wardAdmin = await loggedIn([{ role: 'admin', unitId: WARD }]);
    const mine = await account([{ role: 'receiver', unitId: WARD }]);
    const theirs = await account([{ role: 'receiver', unitId: OTHER_WARD }]);
    const opts = { session: wardAdmin.session, origin: true as const };

    const list = await call('GET', '/api/admin/staff', opts);
    expect(list.status).toBe(200);
    const ids = (list.body as Array<{ id: string; grants: RoleGrant[] }>).map((s) => s.id);
    expect(ids).toContain(mine.id);
    expect(ids).not.toContain(theirs.id);
    for (const s of list.body as Array<{ grants: RoleGrant[] }>) expect(s.grants.some((g) => g.unitId === WARD)).toBe(true);

    expectError(await call('POST', `/api/admin/staff/${theirs.id}/disable`, opts), 404, 'NOT_FOUND');
    expectError(await call('PUT', `/api/admin/staff/${theirs.id}/grants`, { ...opts, json: { grants: [{ role: 'officer', unitId: WARD }] } }), 404, 'NOT_FOUND');
    expectError(
      await call('POST', '/api/admin/staff', { ...opts, json: { username: `o-${randomUUID().slice(0, 8)}`, fullName: 'Khác', password: PASSWORD, grants: [{ role: 'receiver', unitId: OTHER_WARD }] } }),
      403,
      'FORBIDDEN',
    );
    expectError(await call('PUT', `/api/admin/staff/${mine.id}/grants`, { ...opts, json: { grants: [{ role: 'officer', unitId: OTHER_WARD }] } }), 403, 'FORBIDDEN');
    expectError(await call('POST', `/api/admin/staff/${wardAdmin.id}/disable`, opts), 409, 'INVALID_STATE');

    const session = sessionFrom(await call('POST', '/auth/login', { json: { username: mine.username, password: mine.password } }));
    const regranted = await call('PUT', `/api/admin/staff/${mine.id}/grants`, {
      ...opts,
      json: { grants: [{ role: 'officer', unitId: WARD }, { role: 'receiver', unitId: WARD }] },
    });
    expect(regranted.status, regranted.text).toBe(200);
    expect(regranted.body.grants).toEqual([
      { role: 'officer', unitId: WARD },
      { role: 'receiver', unitId: WARD },
    ]);
    expect((await call('GET', '/auth/me', { session })).body.staff.grants).toEqual(regranted.body.grants);
  });
});

describe('development accounts', () => {
  it('seedDevStaff gives every dev account the printed password, and a second run keeps it', async () => {
    const accounts = await seedDevStaff(db, TEST_SECRET);
    expect(new Set(accounts.map((a) => a.password))).toEqual(new Set([devPassword(TEST_SECRET)]));
    expect(devPassword(TEST_SECRET).length).toBeGreaterThanOrEqual(10);
    const before = await db.selectFrom('staff').select('password_hash').where('username', '=', 'admin').executeTakeFirstOrThrow();
    await seedDevStaff(db, TEST_SECRET);
    const after = await db.selectFrom('staff').select('password_hash').where('username', '=', 'admin').executeTakeFirstOrThrow();
    expect(after.password_hash).toBe(before.password_hash);
    const res = await call('POST', '/auth/login', { json: { username: 'admin', password: accounts[0]!.password } });
    expect(res.status, res.text).toBe(200);
    expect(res.body.staff.grants).toEqual([{ role: 'admin', unitId: 'ca-tphcm' }]);
  });

  it('keys client addresses: IPv4-mapped as IPv4, IPv6 by its /64', () => {
    expect(clientKey('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(clientKey('203.0.113.9')).toBe('203.0.113.9');
    expect(clientKey('2001:db8:0:1:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:0:1::/64');
    expect(clientKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientKey('::1')).toBe('0:0:0:0::/64');
    expect(clientKey(undefined)).toBeUndefined();
  });
});
