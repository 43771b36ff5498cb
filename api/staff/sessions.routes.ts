// Password login into a server-side session (cookie), logout here or everywhere, who am I, and
// changing one's own password.
// The cookie's settings (name, Secure) and the CSRF origin come from the public URL (auth.ts).
// The console's login and logout forms (console/shell.tsx) start and end sessions with the same
// two functions as these JSON routes (sessions.ts).
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import { DomainError } from '../../domain/errors.js';
import { STAFF_ROLES } from '../../domain/roles.js';
import type { AppDeps } from '../app.js';
import { validationHook } from '../errors.js';
import { ErrorSchema, errorResponses, json } from '../openapi.js';
import { checkFormCsrf, clearSessionCookie, ownGrants, requireStaff, sessionCookie, type StaffEnv } from './auth.js';
import { NewPassword } from './accounts.routes.js';
import { changeOwnPassword, endSession, LoginBody, logoutEverywhere, startSession } from './sessions.js';
import { clientAddress, trustedProxies } from './client-address.js';

const StaffSummary = z
  .object({
    id: z.string(),
    name: z.string(),
    grants: z
      .array(z.object({ role: z.enum(STAFF_ROLES), unitId: z.string() }))
      .openapi({ description: 'The roles the account holds; it also acts with them at the units dissolved into these (their successor chain)' }),
  })
  .openapi('StaffSummary');

const LoginResponse = z
  .object({ staff: StaffSummary, expiresAt: z.string().openapi({ format: 'date-time', description: 'Absolute end of the session (it also ends after 12 h idle)' }) })
  .openapi('LoginResponse');

const errorOf = (description: string) => ({ description, content: { 'application/json': { schema: ErrorSchema } } });
const auth = { security: [{ bearer: [] }, { session: [] }] as Array<Record<string, string[]>> };

/** Login CSRF: a form posted from another site must not log the browser into someone's account. */
const loginCsrf = createMiddleware(async (c, next) => {
  await checkFormCsrf(c);
  await next();
});

export function sessionRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<StaffEnv>({ defaultHook: validationHook });
  const proxies = trustedProxies(deps.trustedProxies);
  app.use('/auth/*', bodyLimit({ maxSize: 16 * 1024 }), async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });
  app.use('/auth/me', requireStaff(deps.db));
  app.use('/auth/logout-everywhere', requireStaff(deps.db));
  app.use('/auth/password', requireStaff(deps.db));

  app.openapi(
    createRoute({
      method: 'post',
      path: '/auth/login',
      middleware: [loginCsrf] as const,
      request: {
        body: {
          required: false,
          content: { 'application/json': { schema: LoginBody }, 'application/x-www-form-urlencoded': { schema: LoginBody } },
        },
      },
      responses: {
        200: json(LoginResponse, 'Logged in; the session cookie is set (HttpOnly, SameSite=Lax)'),
        401: errorOf('INVALID_CREDENTIALS: unknown user, wrong password or disabled account'),
        403: errorOf('CSRF_REJECTED: a form posted from another origin'),
        422: errorResponses[422],
        423: errorOf('ACCOUNT_LOCKED after 5 wrong passwords in a row, for 15 minutes (Retry-After)'),
        429: errorOf('RATE_LIMITED: 10 failed logins in 5 minutes for this username or address (Retry-After)'),
      },
    }),
    async (c) => {
      const isJson = /^application\/([a-z0-9.+-]*\+)?json/i.test(c.req.header('content-type') ?? '');
      const parsed = LoginBody.safeParse(isJson ? c.req.valid('json') : c.req.valid('form'));
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message, code: i.code }));
        throw new DomainError('VALIDATION_FAILED', 'Dữ liệu gửi lên chưa hợp lệ.', issues);
      }
      const { expiresAt, actor } = await startSession(c, deps.db, proxies, parsed.data.username, parsed.data.password);
      return c.json({ staff: { id: actor.staffId, name: actor.name, grants: ownGrants(actor) }, expiresAt: expiresAt.toISOString() }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/auth/logout',
      responses: { 204: { description: 'The session (if any) has ended and the cookie is cleared' }, 403: errorOf('CSRF_REJECTED') },
    }),
    async (c) => {
      await endSession(c, deps.db);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/auth/logout-everywhere',
      ...auth,
      responses: {
        200: json(z.object({ sessionsEnded: z.number() }).openapi('LogoutEverywhere'), 'Every session of this account has ended (API tokens stay)'),
        401: errorResponses[401],
        403: errorOf('CSRF_REJECTED'),
      },
    }),
    async (c) => {
      const sessionsEnded = await logoutEverywhere(deps.db, c.get('actor').staffId);
      if (sessionCookie(c)) clearSessionCookie(c);
      return c.json({ sessionsEnded }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/auth/me',
      ...auth,
      responses: { 200: json(z.object({ staff: StaffSummary }).openapi('Me'), 'The signed-in staff member'), 401: errorResponses[401] },
    }),
    (c) => {
      const actor = c.get('actor');
      return c.json({ staff: { id: actor.staffId, name: actor.name, grants: ownGrants(actor) } }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/auth/password',
      ...auth,
      request: {
        body: {
          content: { 'application/json': { schema: z.object({ currentPassword: z.string().min(1).max(1024), newPassword: NewPassword }).strict().openapi('PasswordChange') } },
          required: true,
        },
      },
      responses: {
        204: { description: 'Changed (other sessions stay; end them with /auth/logout-everywhere)' },
        401: errorOf('INVALID_CREDENTIALS: the current password is wrong (counted like a failed login)'),
        422: errorResponses[422],
        423: errorOf('ACCOUNT_LOCKED'),
        429: errorOf('RATE_LIMITED'),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      await changeOwnPassword(deps.db, c.get('actor'), body.currentPassword, body.newPassword, { ip: clientAddress(c, proxies) });
      return c.body(null, 204);
    },
  );

  return app;
}
