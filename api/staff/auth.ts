// Who is calling: a staff member with a bearer API token (scripts, other systems) or with the session
// cookie a password login set (the console). Both yield the same actor; scope rules themselves live
// in domain/access.ts. Cookie-authenticated unsafe requests must come from our own origin (CSRF).
import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { csrf } from 'hono/csrf';
import { createMiddleware } from 'hono/factory';
import { HTTPException } from 'hono/http-exception';
import type { RoleGrant, StaffActor } from '../../domain/contracts/dossier.js';
import { effectiveGrants, isAdmin, isProvinceAdmin } from '../../domain/access.js';
import { localDate } from '../../domain/calendar.js';
import { DomainError } from '../../domain/errors.js';
import type { Db } from '../../db/database.js';

export type StaffEnv = { Variables: { actor: StaffActor } };

/** Sessions end after 12 hours without a request, and 7 days after the login in any case. */
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 7 * 24 * 60 * 60 * 1000;
/** `last_seen_at` is written at most this often per session (sliding expiry without a write per request). */
const TOUCH_EVERY_MS = 60 * 1000;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The account's grants and those it holds at units dissolved into its units (`effectiveGrants`). */
export async function grantsOf(db: Db, staffId: string): Promise<RoleGrant[]> {
  const [rows, successions] = await Promise.all([
    db.selectFrom('staff_roles').select(['role', 'unit_id']).where('staff_id', '=', staffId).orderBy('unit_id').orderBy('role').execute(),
    db.selectFrom('units').select(['id', 'valid_to as validTo', 'successor_id as successorId']).where('successor_id', 'is not', null).execute(),
  ]);
  const held = rows.map((g): RoleGrant => ({ role: g.role, unitId: g.unit_id }));
  return effectiveGrants(held, successions, localDate(Date.now()));
}

/** The grants an account holds itself (what admins gave it), without those derived through successors. */
export const ownGrants = (actor: StaffActor): RoleGrant[] => actor.grants.filter((g) => g.via === undefined);

async function actorForToken(db: Db, token: string, now = new Date()): Promise<StaffActor | undefined> {
  const staff = await db
    .selectFrom('staff_tokens')
    .innerJoin('staff', 'staff.id', 'staff_tokens.staff_id')
    .select(['staff.id', 'staff.full_name', 'staff_tokens.expires_at', 'staff_tokens.scope'])
    .where('staff_tokens.token_hash', '=', hashToken(token))
    .where('staff.active', '=', true)
    .executeTakeFirst();
  if (!staff || (staff.expires_at && staff.expires_at < now)) return undefined;
  const grants = await grantsOf(db, staff.id);
  // A scoped token acts with those of its owner's grants it names (and what they hold through successors).
  const scope = staff.scope as RoleGrant[] | null;
  const scoped = scope ? grants.filter((g) => scope.some((s) => s.role === g.role && s.unitId === (g.via ?? g.unitId))) : grants;
  return { kind: 'staff', staffId: staff.id, name: staff.full_name, grants: scoped };
}

/**
 * The actor of a live session (active account, within the idle and absolute expiry), sliding the
 * idle expiry forward. Only the token's SHA-256 is looked up: the database never sees the token.
 */
async function actorForSession(db: Db, token: string, now = new Date()): Promise<StaffActor | undefined> {
  const tokenHash = hashToken(token);
  const session = await db
    .selectFrom('staff_sessions')
    .innerJoin('staff', 'staff.id', 'staff_sessions.staff_id')
    .select(['staff.id', 'staff.full_name', 'staff_sessions.last_seen_at'])
    .where('staff_sessions.token_hash', '=', tokenHash)
    .where('staff_sessions.expires_at', '>', now)
    .where('staff_sessions.last_seen_at', '>', new Date(now.getTime() - SESSION_IDLE_MS))
    .where('staff.active', '=', true)
    .executeTakeFirst();
  if (!session) return undefined;
  if (now.getTime() - session.last_seen_at.getTime() >= TOUCH_EVERY_MS) {
    await db.updateTable('staff_sessions').set({ last_seen_at: now }).where('token_hash', '=', tokenHash).execute();
  }
  return { kind: 'staff', staffId: session.id, name: session.full_name, grants: await grantsOf(db, session.id) };
}

// ---- Session cookie and CSRF settings ----

export interface SessionSettings {
  /** `__Host-motcua_session` over HTTPS (Secure, no Domain, Path=/), `motcua_session` on plain http. */
  cookieName: string;
  secure: boolean;
  /** The only origin cookie-authenticated unsafe requests may come from. */
  origin: string;
}

function sessionSettingsFor(publicUrl: string): SessionSettings {
  const url = new URL(publicUrl);
  const secure = url.protocol === 'https:';
  return { cookieName: secure ? '__Host-motcua_session' : 'motcua_session', secure, origin: url.origin };
}

declare module 'hono' {
  interface ContextVariableMap {
    /** Set once for the whole app by `staffSessions()`; see `sessionSettings()`. */
    staffSessionSettings: SessionSettings | undefined;
  }
}

/**
 * App-wide: the cookie name, Secure flag and allowed origin come from the public URL (set it behind
 * a reverse proxy, where the URL the app sees is not the one browsers use).
 */
export function staffSessions(publicUrl?: string) {
  const settings = publicUrl ? sessionSettingsFor(publicUrl) : undefined;
  return createMiddleware(async (c, next) => {
    c.set('staffSessionSettings', settings);
    await next();
  });
}

/** The app's settings, or (a route group mounted without `staffSessions`) those of the URL the request came to. */
function sessionSettings(c: Context): SessionSettings {
  return c.get('staffSessionSettings') ?? sessionSettingsFor(c.req.url);
}

export function sessionCookie(c: Context): string | undefined {
  return getCookie(c, sessionSettings(c).cookieName) || undefined;
}

/**
 * The SHA-256 of the session token (as `staff_sessions` keeps it) when the request was authenticated
 * by the session cookie; undefined for a bearer token, which `requireStaff` judges alone.
 */
export function sessionTokenHash(c: Context): string | undefined {
  if (c.req.header('authorization') !== undefined) return undefined;
  const token = sessionCookie(c);
  return token ? hashToken(token) : undefined;
}

/** HttpOnly, SameSite=Lax, Path=/; Secure (and the `__Host-` prefix) over HTTPS. Lives until the absolute expiry. */
export function setSessionCookie(c: Context, token: string, expiresAt: Date, now = new Date()): void {
  const { cookieName, secure } = sessionSettings(c);
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - now.getTime()) / 1000));
  setCookie(c, cookieName, token, { httpOnly: true, secure, sameSite: 'Lax', path: '/', maxAge });
}

export function clearSessionCookie(c: Context): void {
  const { cookieName, secure } = sessionSettings(c);
  deleteCookie(c, cookieName, { httpOnly: true, secure, sameSite: 'Lax', path: '/' });
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const FORM_CONTENT_TYPE = /^\b(application\/x-www-form-urlencoded|multipart\/form-data|text\/(?:plain|ping))\b/i;

function csrfRefused(): DomainError {
  return new DomainError('CSRF_REJECTED', 'Yêu cầu không xuất phát từ trang của hệ thống nên bị từ chối; vui lòng tải lại trang rồi thử lại.');
}

/** `hono/csrf` with our origin: form-like bodies pass when Sec-Fetch-Site is same-origin or Origin is ours. */
const csrfCheckers = new Map<string, ReturnType<typeof csrf>>();
function csrfFor(origin: string) {
  let checker = csrfCheckers.get(origin);
  if (!checker) {
    checker = csrf({ origin, secFetchSite: 'same-origin' });
    csrfCheckers.set(origin, checker);
  }
  return checker;
}

/** Runs `hono/csrf` (form-like content types only), answering a refusal in the app's error shape. */
export async function checkFormCsrf(c: Context): Promise<void> {
  try {
    await csrfFor(sessionSettings(c).origin)(c, async () => {});
  } catch (err) {
    if (err instanceof HTTPException && err.status === 403) throw csrfRefused();
    throw err;
  }
}

/**
 * For requests that carry the session cookie as their credential: an unsafe method must come from our
 * origin. `hono/csrf` decides for form-like bodies; other bodies (JSON) would need a CORS preflight
 * from another site, but with an ambient cookie we hold them to the same rule (Sec-Fetch-Site:
 * same-origin or a matching Origin) rather than rely on the absence of a CORS policy.
 */
export async function checkCookieCsrf(c: Context, trustedOrigins: readonly string[] = []): Promise<void> {
  if (SAFE_METHODS.has(c.req.method)) return;
  if (FORM_CONTENT_TYPE.test(c.req.header('content-type') || 'text/plain')) return checkFormCsrf(c);
  const origin = c.req.header('origin');
  const sameOrigin = c.req.header('sec-fetch-site') === 'same-origin' || origin === sessionSettings(c).origin;
  if (!sameOrigin && !(origin !== undefined && trustedOrigins.includes(origin))) throw csrfRefused();
}

/**
 * A staff member, by `Authorization: Bearer <API token>` or by the session cookie. A request with an
 * Authorization header is judged by it alone (no ambient credential, so no CSRF check); a cookie
 * request with an unsafe method must pass the CSRF check first (JSON bodies may also come from
 * `trustedOrigins`, e.g. the Temporal Web UI calling the codec endpoint).
 */
export function requireStaff(db: Db, opts: { trustedOrigins?: readonly string[] } = {}) {
  return createMiddleware<StaffEnv>(async (c, next) => {
    // Route groups sharing a path prefix may both ask: authenticate once per request.
    if (c.get('actor')) return next();
    const header = c.req.header('authorization');
    let actor: StaffActor | undefined;
    if (header !== undefined) {
      const token = /^Bearer (\S+)$/.exec(header)?.[1];
      actor = token ? await actorForToken(db, token) : undefined;
    } else {
      const token = sessionCookie(c);
      if (token) {
        await checkCookieCsrf(c, opts.trustedOrigins);
        actor = await actorForSession(db, token);
      }
    }
    if (!actor) throw new DomainError('UNAUTHENTICATED', 'Cần đăng nhập bằng tài khoản cán bộ.');
    c.set('actor', actor);
    await next();
  });
}

export const requireAdmin = createMiddleware<StaffEnv>(async (c, next) => {
  if (!isAdmin(c.get('actor').grants)) throw new DomainError('FORBIDDEN', 'Chức năng này dành cho quản trị viên.');
  await next();
});

/** Throws FORBIDDEN unless the actor is an admin of a province-level unit (`isProvinceAdmin`). */
export async function assertProvinceAdmin(db: Db, actor: StaffActor): Promise<void> {
  const provinces = await db.selectFrom('units').select('id').where('level', '=', 'province').execute();
  if (!isProvinceAdmin(actor.grants, new Set(provinces.map((u) => u.id)))) {
    throw new DomainError('FORBIDDEN', 'Danh mục thủ tục, mẫu tin nhắn và ngày nghỉ lễ do quản trị viên cấp tỉnh/thành phố quản lý.');
  }
}

/** For the catalogue, its templates and the holidays: province-level powers. */
export function requireProvinceAdmin(db: Db) {
  return createMiddleware<StaffEnv>(async (c, next) => {
    await assertProvinceAdmin(db, c.get('actor'));
    await next();
  });
}
