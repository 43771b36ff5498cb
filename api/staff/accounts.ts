// Staff accounts: Argon2id password hashes, login into a server-side session (the database keeps only
// the SHA-256 of the session token), lockout and rate limits on failed logins, logout (here or
// everywhere), and account management by admins within their units (the scope rules are in
// domain/access.ts). Used by the auth and admin routes and by the console pages alike.
import { randomBytes } from 'node:crypto';
import { type Algorithm, hash, type Options, parseOptions, verify } from '@node-rs/argon2';
import { sql } from 'kysely';
import { canManageStaffAccount, canSeeStaffAccount, unitAncestry } from '../../domain/access.js';
import type { RoleGrant, StaffActor } from '../../domain/contracts/dossier.js';
import { DomainError, type FieldIssue } from '../../domain/errors.js';
import { STAFF_ROLES, type StaffRole } from '../../domain/roles.js';
import type { Db } from '../../db/database.js';
import { grantsOf, hashToken, SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from './auth.js';

const MINUTE = 60 * 1000;

/** OWASP Password Storage Cheat Sheet: Argon2id, 19 MiB, 2 passes, 1 lane. */
const ARGON2_OPTIONS: Options = { algorithm: 2 as Algorithm /* Argon2id */, memoryCost: 19456, timeCost: 2, parallelism: 1 };
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;
/** Five wrong passwords in a row lock the account for 15 minutes. */
const LOCK_AFTER_FAILURES = 5;
const LOCK_MS = 15 * MINUTE;
/** At most 10 failed logins per username and per client address in any 5 minutes. */
const RATE_LIMIT_ATTEMPTS = 10;
const RATE_LIMIT_WINDOW_MS = 5 * MINUTE;
/** The login log is kept this long (an audit trail; rate limits only look at the last minutes). */
const LOGIN_LOG_RETENTION_MS = 30 * 24 * 60 * MINUTE;
const USERNAME_RE = /^[a-z0-9][a-z0-9._-]{2,63}$/;

// ---- Passwords ----

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

/** False for a wrong password and for anything that is not an argon2 hash. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash made with another algorithm or weaker parameters than today's is replaced at the next login. */
function needsRehash(passwordHash: string): boolean {
  try {
    const o = parseOptions(passwordHash);
    return o.algorithm !== ARGON2_OPTIONS.algorithm || o.memoryCost < ARGON2_OPTIONS.memoryCost! || o.timeCost < ARGON2_OPTIONS.timeCost! || o.parallelism !== ARGON2_OPTIONS.parallelism;
  } catch {
    return true;
  }
}

/** The password policy: 10 to 256 characters, not the username. */
function passwordIssues(password: string, username?: string): FieldIssue[] {
  if (password.length < PASSWORD_MIN_LENGTH) {
    return [{ path: 'password', code: 'too_small', message: `Mật khẩu phải có ít nhất ${PASSWORD_MIN_LENGTH} ký tự.` }];
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    return [{ path: 'password', code: 'too_big', message: `Mật khẩu dài tối đa ${PASSWORD_MAX_LENGTH} ký tự.` }];
  }
  if (username && password.trim().toLowerCase() === username.toLowerCase()) {
    return [{ path: 'password', code: 'same_as_username', message: 'Mật khẩu không được trùng tên đăng nhập.' }];
  }
  return [];
}

/** Verified when the username does not exist, so both answers take about as long. */
let dummyHash: Promise<string> | undefined;
const dummy = () => (dummyHash ??= hashPassword(randomBytes(18).toString('base64url')));

function normalizeUsername(username: string): string {
  return username.trim().toLowerCase();
}

// ---- Login and sessions ----

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

const clock = new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', day: '2-digit', month: '2-digit', year: 'numeric' });

const invalidCredentials = () => new DomainError('INVALID_CREDENTIALS', 'Tên đăng nhập hoặc mật khẩu không đúng.');
const locked = (until: Date) =>
  new LoginRefused('ACCOUNT_LOCKED', `Tài khoản tạm khoá do nhập sai mật khẩu ${LOCK_AFTER_FAILURES} lần liên tiếp; vui lòng thử lại sau ${clock.format(until)}.`, until);

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

async function checkRateLimit(db: Db, username: string, ip: string | undefined, now: Date): Promise<void> {
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
  if (Number(row.by_user) < RATE_LIMIT_ATTEMPTS && Number(row.by_ip) < RATE_LIMIT_ATTEMPTS) return;
  const retryAt = new Date(Math.max(now.getTime() + 1000, new Date(row.oldest ?? now).getTime() + RATE_LIMIT_WINDOW_MS));
  const minutes = Math.ceil((retryAt.getTime() - now.getTime()) / MINUTE);
  throw new LoginRefused('RATE_LIMITED', `Đăng nhập sai quá nhiều lần; vui lòng thử lại sau ${minutes} phút.`, retryAt);
}

/** One more failure; the fifth in a row locks the account (and starts the count again). */
async function recordFailure(db: Db, staffId: string, now: Date): Promise<Date | undefined> {
  const lockUntil = new Date(now.getTime() + LOCK_MS);
  const row = await db
    .updateTable('staff')
    .set({
      failed_logins: sql<number>`case when failed_logins + 1 >= ${LOCK_AFTER_FAILURES} then 0 else failed_logins + 1 end`,
      locked_until: sql<Date>`case when failed_logins + 1 >= ${LOCK_AFTER_FAILURES} then ${lockUntil}::timestamptz else locked_until end`,
    })
    .where('id', '=', staffId)
    .returning('locked_until')
    .executeTakeFirst();
  return row?.locked_until && row.locked_until > now ? row.locked_until : undefined;
}

/**
 * Checks the password and opens a session. Refusals: RATE_LIMITED (429) before anything is checked,
 * ACCOUNT_LOCKED (423) while a lock lasts or when this failure starts one, otherwise
 * INVALID_CREDENTIALS (401) alike for an unknown user, a wrong password and a disabled account.
 */
export async function login(db: Db, username: string, password: string, meta: LoginMeta = {}): Promise<LoginResult> {
  const now = meta.now ?? new Date();
  const name = normalizeUsername(username).slice(0, 100);
  const ip = clientKey(meta.ip);
  const log = (ok: boolean) => db.insertInto('login_attempts').values({ username: name, ip: ip ?? null, ok, at: now }).execute();

  await checkRateLimit(db, name, ip, now);
  const staff = await db
    .selectFrom('staff')
    .select(['id', 'active', 'password_hash', 'locked_until'])
    .where('username', '=', name)
    .executeTakeFirst();
  if (staff?.locked_until && staff.locked_until > now) {
    await log(false);
    throw locked(staff.locked_until);
  }
  const usable = staff?.active && staff.password_hash ? { id: staff.id, passwordHash: staff.password_hash } : undefined;
  const matches = await verifyPassword(usable?.passwordHash ?? (await dummy()), password);
  if (!usable || !matches) {
    await log(false);
    const lockedUntil = usable ? await recordFailure(db, usable.id, now) : undefined;
    throw lockedUntil ? locked(lockedUntil) : invalidCredentials();
  }

  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_ABSOLUTE_MS);
  const rehash = needsRehash(usable.passwordHash) ? await hashPassword(password) : undefined;
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable('staff')
      .set({ failed_logins: 0, locked_until: null, ...(rehash ? { password_hash: rehash } : {}) })
      .where('id', '=', usable.id)
      .execute();
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
    await tx.insertInto('login_attempts').values({ username: name, ip: ip ?? null, ok: true, at: now }).execute();
    // Housekeeping while we are here: this account's dead sessions, and old log rows.
    await tx
      .deleteFrom('staff_sessions')
      .where('staff_id', '=', usable.id)
      .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<=', new Date(now.getTime() - SESSION_IDLE_MS))]))
      .execute();
    await tx.deleteFrom('login_attempts').where('at', '<', new Date(now.getTime() - LOGIN_LOG_RETENTION_MS)).execute();
  });
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

// ---- Accounts (admins) ----

/** Who manages accounts: an admin (scoped to their units by domain/access.ts), or the system (seed, scripts). */
export type StaffManager = StaffActor | 'system';

export interface StaffAccount {
  id: string;
  username: string;
  fullName: string;
  active: boolean;
  hasPassword: boolean;
  lockedUntil: Date | null;
  disabledAt: Date | null;
  createdAt: Date;
  grants: RoleGrant[];
}

export interface NewStaff {
  username: string;
  fullName: string;
  password: string;
  grants: RoleGrant[];
}

async function unitParents(db: Db): Promise<Map<string, { parentId: string | null; current: boolean }>> {
  const today = new Date().toISOString().slice(0, 10);
  const rows = await db.selectFrom('units').select(['id', 'parent_id', 'valid_to']).execute();
  return new Map(rows.map((u) => [u.id, { parentId: u.parent_id, current: u.valid_to === null || u.valid_to >= today }]));
}

function ancestries(grants: readonly RoleGrant[], units: Awaited<ReturnType<typeof unitParents>>): string[][] {
  const parentOf = new Map([...units].map(([id, u]) => [id, u.parentId]));
  return grants.map((g) => unitAncestry(g.unitId, parentOf));
}

function grantIssues(grants: readonly RoleGrant[], units: Awaited<ReturnType<typeof unitParents>>): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (grants.length === 0) issues.push({ path: 'grants', code: 'too_small', message: 'Cần ít nhất một vai trò tại một đơn vị.' });
  grants.forEach((g, i) => {
    if (!(STAFF_ROLES as readonly string[]).includes(g.role)) issues.push({ path: `grants.${i}.role`, code: 'invalid_value', message: `Không có vai trò ${g.role}.` });
    const unit = units.get(g.unitId);
    if (!unit) issues.push({ path: `grants.${i}.unitId`, code: 'unknown_unit', message: `Không có đơn vị ${g.unitId}.` });
    else if (!unit.current) issues.push({ path: `grants.${i}.unitId`, code: 'dissolved_unit', message: `Đơn vị ${g.unitId} đã giải thể.` });
  });
  return issues;
}

const dedupe = (grants: readonly RoleGrant[]) => [...new Map(grants.map((g) => [`${g.role}@${g.unitId}`, g])).values()];

function assertManages(by: StaffManager, accountAncestries: string[][]): void {
  if (by !== 'system' && !canManageStaffAccount(by.grants, accountAncestries)) {
    throw new DomainError('FORBIDDEN', 'Chỉ quản trị viên của đơn vị (hoặc đơn vị cấp trên) được quản lý tài khoản này.');
  }
}

async function accounts(db: Db, ids?: string[]): Promise<StaffAccount[]> {
  if (ids && ids.length === 0) return [];
  let q = db
    .selectFrom('staff')
    .select(['id', 'username', 'full_name', 'active', 'password_hash', 'locked_until', 'disabled_at', 'created_at'])
    .orderBy('username');
  if (ids) q = q.where('id', 'in', ids);
  const rows = await q.execute();
  const roles = rows.length
    ? await db.selectFrom('staff_roles').select(['staff_id', 'role', 'unit_id']).where('staff_id', 'in', rows.map((r) => r.id)).orderBy('unit_id').orderBy('role').execute()
    : [];
  return rows.map((r) => ({
    id: r.id,
    username: r.username,
    fullName: r.full_name,
    active: r.active,
    hasPassword: r.password_hash !== null,
    lockedUntil: r.locked_until,
    disabledAt: r.disabled_at,
    createdAt: r.created_at,
    grants: roles.filter((g) => g.staff_id === r.id).map((g) => ({ role: g.role, unitId: g.unit_id })),
  }));
}

/** An account the manager may see, else NOT_FOUND (other units' accounts are not revealed). */
async function visibleAccount(db: Db, staffId: string, by: StaffManager, units: Awaited<ReturnType<typeof unitParents>>): Promise<StaffAccount> {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(staffId);
  const [account] = uuid ? await accounts(db, [staffId]) : [];
  if (!account || (by !== 'system' && !canSeeStaffAccount(by.grants, ancestries(account.grants, units)))) {
    throw new DomainError('NOT_FOUND', 'Không tìm thấy tài khoản cán bộ.');
  }
  return account;
}

/** The accounts a manager sees: those holding a grant in an admin's units (all for the system). */
export async function listStaff(db: Db, scope: StaffManager): Promise<StaffAccount[]> {
  const all = await accounts(db);
  if (scope === 'system') return all;
  const units = await unitParents(db);
  return all.filter((a) => canSeeStaffAccount(scope.grants, ancestries(a.grants, units)));
}

export async function getStaff(db: Db, staffId: string, by: StaffManager): Promise<StaffAccount> {
  return visibleAccount(db, staffId, by, await unitParents(db));
}

/**
 * A new account with a password and its grants. 422 with field paths (username, fullName, password,
 * grants.N.unitId), 403 when a grant lies outside the admin's units, 409 USERNAME_TAKEN.
 */
export async function createStaff(db: Db, input: NewStaff, by: StaffManager): Promise<StaffAccount> {
  const username = normalizeUsername(input.username);
  const fullName = input.fullName.trim();
  const grants = dedupe(input.grants);
  const units = await unitParents(db);
  const issues: FieldIssue[] = [];
  if (!USERNAME_RE.test(username)) {
    issues.push({ path: 'username', code: 'invalid_format', message: 'Tên đăng nhập gồm 3–64 ký tự: chữ thường không dấu, số, dấu chấm, gạch ngang, gạch dưới.' });
  }
  if (fullName.length === 0 || fullName.length > 200) issues.push({ path: 'fullName', code: 'invalid_length', message: 'Họ tên gồm 1–200 ký tự.' });
  issues.push(...passwordIssues(input.password, username), ...grantIssues(grants, units));
  if (issues.length) throw new DomainError('VALIDATION_FAILED', 'Dữ liệu tài khoản chưa hợp lệ.', issues);
  assertManages(by, ancestries(grants, units));

  const passwordHash = await hashPassword(input.password);
  const id = await db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('staff')
      .values({ username, full_name: fullName, password_hash: passwordHash })
      .onConflict((oc) => oc.column('username').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) throw new DomainError('USERNAME_TAKEN', `Tên đăng nhập ${username} đã có người dùng.`, [{ path: 'username', code: 'taken', message: 'Tên đăng nhập đã có người dùng.' }]);
    await tx.insertInto('staff_roles').values(grants.map((g) => ({ staff_id: row.id, role: g.role, unit_id: g.unitId }))).execute();
    return row.id;
  });
  const [account] = await accounts(db, [id]);
  return account!;
}

/** Disables the account and drops its sessions and API tokens at once. Idempotent; never one's own account. */
export async function disableStaff(db: Db, staffId: string, by: StaffManager, now = new Date()): Promise<StaffAccount> {
  const units = await unitParents(db);
  const account = await visibleAccount(db, staffId, by, units);
  assertManages(by, ancestries(account.grants, units));
  if (by !== 'system' && by.staffId === account.id) throw new DomainError('INVALID_STATE', 'Không thể tự khoá tài khoản của chính mình.');
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('staff').set({ active: false, disabled_at: now }).where('id', '=', staffId).where('active', '=', true).execute();
    await tx.deleteFrom('staff_sessions').where('staff_id', '=', staffId).execute();
    await tx.deleteFrom('staff_tokens').where('staff_id', '=', staffId).execute();
  });
  const [after] = await accounts(db, [staffId]);
  return after!;
}

/** Replaces the account's grants: the old and the new ones must all lie in the admin's units; not one's own. */
export async function setGrants(db: Db, staffId: string, grantsIn: RoleGrant[], by: StaffManager): Promise<StaffAccount> {
  const grants = dedupe(grantsIn);
  const units = await unitParents(db);
  const account = await visibleAccount(db, staffId, by, units);
  const issues = grantIssues(grants, units);
  if (issues.length) throw new DomainError('VALIDATION_FAILED', 'Vai trò chưa hợp lệ.', issues);
  assertManages(by, ancestries([...account.grants, ...grants], units));
  if (by !== 'system' && by.staffId === account.id) throw new DomainError('FORBIDDEN', 'Không thể tự thay đổi vai trò của chính mình.');
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('staff_roles').where('staff_id', '=', staffId).execute();
    await tx.insertInto('staff_roles').values(grants.map((g) => ({ staff_id: staffId, role: g.role as StaffRole, unit_id: g.unitId }))).execute();
  });
  const [after] = await accounts(db, [staffId]);
  return after!;
}

/**
 * Sets a new password (policy checked) and clears any lock: one's own, or as the account's manager.
 * A reset by someone else also ends the account's sessions. (Routes asking a user to change their own
 * password must check the current one first.)
 */
export async function setPassword(db: Db, staffId: string, password: string, by: StaffManager): Promise<void> {
  const self = by !== 'system' && by.staffId === staffId;
  let account: StaffAccount | undefined;
  if (self) {
    [account] = await accounts(db, [staffId]);
  } else {
    const units = await unitParents(db);
    account = await visibleAccount(db, staffId, by, units);
    assertManages(by, ancestries(account.grants, units));
  }
  if (!account) throw new DomainError('NOT_FOUND', 'Không tìm thấy tài khoản cán bộ.');
  const issues = passwordIssues(password, account.username);
  if (issues.length) throw new DomainError('VALIDATION_FAILED', 'Mật khẩu chưa đạt yêu cầu.', issues);
  const passwordHash = await hashPassword(password);
  await db.updateTable('staff').set({ password_hash: passwordHash, failed_logins: 0, locked_until: null }).where('id', '=', staffId).execute();
  if (!self) await logoutEverywhere(db, staffId);
}
