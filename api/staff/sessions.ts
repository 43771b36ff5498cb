// Login into a server-side session (the database keeps only the SHA-256 of the session token),
// lockout and rate limits on failed logins, logout (here or everywhere), and the session cookie the
// JSON routes and the console's login and logout forms set and clear through the same two functions.
import { randomBytes } from 'node:crypto';
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { sql } from 'kysely';
import type { StaffActor } from '../../domain/contracts/dossier.js';
import { DomainError } from '../../domain/errors.js';
import type { Db } from '../../db/database.js';
import { setPassword } from './accounts.js';
import { clientAddress, type TrustedProxies } from './client-address.js';
import { formatDateTimeVi } from '../../domain/wording/dates.js';
import { checkCookieCsrf, clearSessionCookie, grantsOf, hashToken, SESSION_ABSOLUTE_MS, SESSION_IDLE_MS, sessionCookie, setSessionCookie } from './auth.js';
import { dummy, hashPassword, needsRehash, normalizeUsername, verifyPassword } from './passwords.js';

const MINUTE = 60 * 1000;
/** Five wrong passwords in a row lock the account for 15 minutes. */
const LOCK_AFTER_FAILURES = 5;
const LOCK_MS = 15 * MINUTE;
/** At most 10 failed logins per username and per client address in any 5 minutes. */
const RATE_LIMIT_ATTEMPTS = 10;
const RATE_LIMIT_WINDOW_MS = 5 * MINUTE;
/** The login log is kept this long (an audit trail; rate limits only look at the last minutes). */
const LOGIN_LOG_RETENTION_MS = 30 * 24 * 60 * MINUTE;

export const LoginBody = z
  .object({
    username: z.string().trim().min(1, { error: 'Nhập tên đăng nhập.' }).max(100).openapi({ example: 'dong-hung-thuan.tiepnhan' }),
    password: z.string().min(1, { error: 'Nhập mật khẩu.' }).max(1024),
  })
  .openapi('LoginRequest');

export interface LoginMeta {
  ip?: string;
  userAgent?: string;
  now?: Date;
}

export interface LoginResult {
  /** Goes into the cookie only; the database keeps its SHA-256. */
  token: string;
  expiresAt: Date;
  actor: StaffActor;
}

/** A refusal with a time the client may retry at (sent as Retry-After). */
export class LoginRefused extends DomainError {
  constructor(
    code: 'ACCOUNT_LOCKED' | 'RATE_LIMITED',
    message: string,
    readonly retryAt: Date,
  ) {
    super(code, message);
  }
}

const invalidCredentials = () => new DomainError('INVALID_CREDENTIALS', 'Tên đăng nhập hoặc mật khẩu không đúng.');
const locked = (until: Date) =>
  new LoginRefused('ACCOUNT_LOCKED', `Tài khoản tạm khoá do nhập sai mật khẩu ${LOCK_AFTER_FAILURES} lần liên tiếp; vui lòng thử lại sau ${formatDateTimeVi(until.getTime())}.`, until);

/** IPv4-mapped addresses as IPv4; IPv6 by its /64 (one host usually holds the whole prefix). */
export function clientKey(ip: string | undefined): string | undefined {
  if (!ip) return undefined;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1];
  if (!ip.includes(':')) return ip;
  const [head = '', tail = ''] = ip.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

/** Refuses when 10 failures (pending ones included) name this user or come from this address within 5 minutes. */
async function checkRateLimit(db: Db, username: string, ip: string | undefined, now: Date): Promise<LoginRefused | undefined> {
  const since = new Date(now.getTime() - RATE_LIMIT_WINDOW_MS);
  const keys = db
    .selectFrom('login_attempts')
    .where('ok', '=', false)
    .where('at', '>', since)
    .where((eb) => (ip ? eb.or([eb('username', '=', username), eb('ip', '=', ip)]) : eb('username', '=', username)));
  const row = await keys
    .select((eb) => [
      eb.fn.countAll<string>().filterWhere('username', '=', username).as('by_user'),
      ip ? eb.fn.countAll<string>().filterWhere('ip', '=', ip).as('by_ip') : sql<string>`0`.as('by_ip'),
      eb.fn.min('at').as('oldest'),
    ])
    .executeTakeFirstOrThrow();
  if (Number(row.by_user) < RATE_LIMIT_ATTEMPTS && Number(row.by_ip) < RATE_LIMIT_ATTEMPTS) return undefined;
  const retryAt = new Date(Math.max(now.getTime() + 1000, new Date(row.oldest ?? now).getTime() + RATE_LIMIT_WINDOW_MS));
  const minutes = Math.ceil((retryAt.getTime() - now.getTime()) / MINUTE);
  return new LoginRefused('RATE_LIMITED', `Đăng nhập sai quá nhiều lần; vui lòng thử lại sau ${minutes} phút.`, retryAt);
}

/** Serialises the attempts naming one username (and, after it, one address): check and count are one step. */
async function lockAttempts(tx: Db, username: string, ip: string | undefined): Promise<void> {
  await sql`select pg_advisory_xact_lock(11, hashtext(${username}))`.execute(tx);
  if (ip) await sql`select pg_advisory_xact_lock(12, hashtext(${ip}))`.execute(tx);
}

interface CountedAttempt {
  attemptId: string;
  /** Set when this attempt was the fifth failure in a row and started the lock. */
  lockedUntil?: Date;
}

/**
 * Counts the attempt as a failure before the password is checked (a success undoes it), under the
 * username's lock: concurrent guesses cannot all pass the checks before any is counted. Refusals
 * while locked are logged too. Unknown usernames count and lock exactly as accounts do (nothing to enumerate).
 */
async function countAttempt(db: Db, username: string, ip: string | undefined, now: Date): Promise<CountedAttempt> {
  const outcome = await db.transaction().execute(async (tx) => {
    await lockAttempts(tx, username, ip);
    const limited = await checkRateLimit(tx, username, ip, now);
    if (limited) return limited;
    const lock = await tx.selectFrom('login_locks').select(['failures', 'locked_until']).where('username', '=', username).executeTakeFirst();
    const attempt = await tx.insertInto('login_attempts').values({ username, ip: ip ?? null, ok: false, at: now }).returning('id').executeTakeFirstOrThrow();
    if (lock?.locked_until && lock.locked_until > now) return locked(lock.locked_until);
    const failures = (lock?.failures ?? 0) + 1;
    // The fifth failure in a row locks the account and starts the count again.
    const lockedUntil = failures >= LOCK_AFTER_FAILURES ? new Date(now.getTime() + LOCK_MS) : undefined;
    const row = { failures: lockedUntil ? 0 : failures, locked_until: lockedUntil ?? null };
    await tx.insertInto('login_locks').values({ username, ...row }).onConflict((oc) => oc.column('username').doUpdateSet(row)).execute();
    return { attemptId: attempt.id, lockedUntil };
  });
  if (outcome instanceof LoginRefused) throw outcome;
  return outcome;
}

/** The account behind a right password, the attempt counted first (`countAttempt`); throws the refusal otherwise. */
async function checkCredentials(db: Db, name: string, password: string, ip: string | undefined, now: Date) {
  const counted = await countAttempt(db, name, ip, now);
  const staff = await db.selectFrom('staff').select(['id', 'active', 'password_hash']).where('username', '=', name).executeTakeFirst();
  const usable = staff?.active && staff.password_hash ? { id: staff.id, passwordHash: staff.password_hash } : undefined;
  const matches = await verifyPassword(usable?.passwordHash ?? (await dummy()), password);
  if (!usable || !matches) throw counted.lockedUntil ? locked(counted.lockedUntil) : invalidCredentials();
  return { ...usable, counted };
}

/**
 * Records a right password in the caller's transaction: the attempt becomes `ok` and the count
 * restarts — unless another guess started a lock while this one was checked: the lock holds, even
 * for the right password (the refusal is returned, nothing written).
 */
async function settleSuccess(tx: Db, name: string, counted: CountedAttempt, now: Date): Promise<LoginRefused | undefined> {
  await lockAttempts(tx, name, undefined);
  const lock = await tx.selectFrom('login_locks').select('locked_until').where('username', '=', name).executeTakeFirst();
  if (!counted.lockedUntil && lock?.locked_until && lock.locked_until > now) return locked(lock.locked_until);
  await tx.deleteFrom('login_locks').where('username', '=', name).execute();
  await tx.updateTable('login_attempts').set({ ok: true }).where('id', '=', counted.attemptId).execute();
  return undefined;
}

/**
 * A signed-in member of staff changes their own password: the current one is checked like a login
 * (counted first, so this route is no way around the lockout), then the policy (`setPassword`).
 */
export async function changeOwnPassword(db: Db, actor: StaffActor, current: string, next: string, meta: LoginMeta = {}): Promise<void> {
  const now = meta.now ?? new Date();
  const { username } = await db.selectFrom('staff').select('username').where('id', '=', actor.staffId).executeTakeFirstOrThrow();
  const { counted } = await checkCredentials(db, username, current, clientKey(meta.ip), now);
  const refused = await db.transaction().execute((tx) => settleSuccess(tx, username, counted, now));
  if (refused) throw refused;
  await setPassword(db, actor.staffId, next, actor);
}

/**
 * Checks the password and opens a session. Refusals: RATE_LIMITED (429) before anything is checked,
 * ACCOUNT_LOCKED (423) while a lock lasts or when this failure starts one, otherwise
 * INVALID_CREDENTIALS (401) alike for an unknown user, a wrong password and a disabled account; an
 * unknown username is counted and locked exactly as an account is.
 */
export async function login(db: Db, username: string, password: string, meta: LoginMeta = {}): Promise<LoginResult> {
  const now = meta.now ?? new Date();
  const name = normalizeUsername(username).slice(0, 100);
  const ip = clientKey(meta.ip);

  const { counted, ...usable } = await checkCredentials(db, name, password, ip, now);
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_ABSOLUTE_MS);
  const rehash = needsRehash(usable.passwordHash) ? await hashPassword(password) : undefined;
  const refused = await db.transaction().execute(async (tx) => {
    const lockedMeanwhile = await settleSuccess(tx, name, counted, now);
    if (lockedMeanwhile) return lockedMeanwhile;
    if (rehash) await tx.updateTable('staff').set({ password_hash: rehash }).where('id', '=', usable.id).execute();
    await tx
      .insertInto('staff_sessions')
      .values({
        token_hash: hashToken(token),
        staff_id: usable.id,
        created_at: now,
        last_seen_at: now,
        expires_at: expiresAt,
        ip: meta.ip ?? null,
        user_agent: meta.userAgent?.slice(0, 512) ?? null,
      })
      .execute();
    // Housekeeping while we are here: this account's dead sessions, and old log rows.
    await tx
      .deleteFrom('staff_sessions')
      .where('staff_id', '=', usable.id)
      .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<=', new Date(now.getTime() - SESSION_IDLE_MS))]))
      .execute();
    await tx.deleteFrom('login_attempts').where('at', '<', new Date(now.getTime() - LOGIN_LOG_RETENTION_MS)).execute();
    return undefined;
  });
  if (refused) throw refused;
  const actor = await actorFor(db, usable.id);
  return { token, expiresAt, actor };
}

async function actorFor(db: Db, staffId: string): Promise<StaffActor> {
  const staff = await db.selectFrom('staff').select(['id', 'full_name']).where('id', '=', staffId).executeTakeFirstOrThrow();
  return { kind: 'staff', staffId: staff.id, name: staff.full_name, grants: await grantsOf(db, staff.id) };
}

/** Ends one session; true when it existed. */
export async function logout(db: Db, token: string): Promise<boolean> {
  const res = await db.deleteFrom('staff_sessions').where('token_hash', '=', hashToken(token)).executeTakeFirst();
  return res.numDeletedRows > 0n;
}

/** Ends every session of the account (API tokens stay: they are managed separately). Returns how many. */
export async function logoutEverywhere(db: Db, staffId: string): Promise<number> {
  const res = await db.deleteFrom('staff_sessions').where('staff_id', '=', staffId).executeTakeFirst();
  return Number(res.numDeletedRows);
}

/**
 * Checks the password (rate limits and lockout included, see `login`) and puts the new session in
 * the cookie. A fresh token at every login (no session fixation); the browser's previous session
 * ends. A refusal with a retry time sets Retry-After. The caller has checked login CSRF.
 */
export async function startSession(c: Context, db: Db, proxies: TrustedProxies, username: string, password: string): Promise<LoginResult> {
  const now = new Date();
  try {
    const result = await login(db, username, password, { ip: clientAddress(c, proxies), userAgent: c.req.header('user-agent'), now });
    const previous = sessionCookie(c);
    if (previous) await logout(db, previous);
    setSessionCookie(c, result.token, result.expiresAt, now);
    return result;
  } catch (err) {
    if (err instanceof LoginRefused) c.header('Retry-After', String(Math.max(1, Math.ceil((err.retryAt.getTime() - Date.now()) / 1000))));
    throw err;
  }
}

/** Ends the browser's session, if it has one (a cookie request, so CSRF-checked first), and clears the cookie. */
export async function endSession(c: Context, db: Db): Promise<void> {
  const token = sessionCookie(c);
  if (!token) return;
  await checkCookieCsrf(c);
  await logout(db, token);
  clearSessionCookie(c);
}
