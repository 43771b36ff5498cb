// Admin endpoints for staff accounts: list, create with grants, disable, replace grants, reset a password. An admin
// manages the accounts of their units and the units below (domain/access.ts); others' are hidden.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { STAFF_ROLES } from '../../domain/roles.js';
import type { AppDeps } from '../app.js';
import { requireAdmin, requireStaff, type StaffEnv } from './auth.js';
import { validationHook } from '../errors.js';
import { createStaff, disableStaff, getStaff, listStaff, setGrants, setPassword, type StaffAccount } from './accounts.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './passwords.js';
import { errorResponses, json, jsonBody } from '../openapi.js';

const Grant = z.object({
  role: z.enum(STAFF_ROLES).openapi({ example: 'receiver' }),
  unitId: z.string().min(1).max(100).openapi({ example: 'ca-p-dong-hung-thuan' }),
});
const Grants = z.array(Grant).min(1, { error: 'Cần ít nhất một vai trò tại một đơn vị.' }).max(50);

/** A new password's length (the rest of the policy is the service's, `passwordIssues`). */
export const NewPassword = z
  .string()
  .min(PASSWORD_MIN_LENGTH, { error: `Mật khẩu phải có ít nhất ${PASSWORD_MIN_LENGTH} ký tự.` })
  .max(PASSWORD_MAX_LENGTH, { error: `Mật khẩu dài tối đa ${PASSWORD_MAX_LENGTH} ký tự.` });

const NewStaffBody = z
  .object({
    username: z.string().trim().min(3).max(64).openapi({ example: 'dong-hung-thuan.tiepnhan2' }),
    fullName: z.string().trim().min(1).max(200).openapi({ example: 'Nguyễn Văn An' }),
    password: NewPassword,
    grants: Grants,
  })
  .strict()
  .openapi('NewStaff');

const GrantsBody = z.object({ grants: Grants }).strict().openapi('StaffGrants');

const Account = z
  .object({
    id: z.string(),
    username: z.string(),
    fullName: z.string(),
    active: z.boolean(),
    hasPassword: z.boolean(),
    lockedUntil: z.string().nullable(),
    disabledAt: z.string().nullable(),
    createdAt: z.string(),
    grants: z.array(Grant),
  })
  .openapi('StaffAccount');

const IdParam = z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' }, format: 'uuid' }) });
const auth = { security: [{ bearer: [] }, { session: [] }] as Array<Record<string, string[]>> };
const iso = (d: Date | null) => d?.toISOString() ?? null;

const accountJson = (a: StaffAccount) => ({
  ...a,
  lockedUntil: a.lockedUntil && a.lockedUntil > new Date() ? a.lockedUntil.toISOString() : null,
  disabledAt: iso(a.disabledAt),
  createdAt: a.createdAt.toISOString(),
});

export function accountAdminRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<StaffEnv>({ defaultHook: validationHook });
  app.use('/api/admin/staff', requireStaff(deps.db), requireAdmin);
  app.use('/api/admin/staff/*', requireStaff(deps.db), requireAdmin);

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/admin/staff',
      ...auth,
      responses: { 200: json(z.array(Account), 'Accounts holding a role in my units (and the units below)'), 401: errorResponses[401], 403: errorResponses[403] },
    }),
    async (c) => c.json((await listStaff(deps.db, c.get('actor'))).map(accountJson), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/admin/staff',
      ...auth,
      request: { body: jsonBody(NewStaffBody) },
      responses: { 201: json(Account, 'Created with its password and grants'), ...errorResponses },
    }),
    async (c) => c.json(accountJson(await createStaff(deps.db, c.req.valid('json'), c.get('actor'))), 201),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/admin/staff/{id}',
      ...auth,
      request: { params: IdParam },
      responses: { 200: json(Account, 'One account'), 401: errorResponses[401], 403: errorResponses[403], 404: errorResponses[404] },
    }),
    async (c) => c.json(accountJson(await getStaff(deps.db, c.req.valid('param').id, c.get('actor'))), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/admin/staff/{id}/disable',
      ...auth,
      request: { params: IdParam },
      responses: { 200: json(Account, 'Disabled; its sessions and API tokens no longer work'), ...errorResponses },
    }),
    async (c) => c.json(accountJson(await disableStaff(deps.db, c.req.valid('param').id, c.get('actor'))), 200),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/admin/staff/{id}/grants',
      ...auth,
      request: { params: IdParam, body: jsonBody(GrantsBody) },
      responses: { 200: json(Account, 'The account with its new grants (effective at its next request)'), ...errorResponses },
    }),
    async (c) => c.json(accountJson(await setGrants(deps.db, c.req.valid('param').id, c.req.valid('json').grants, c.get('actor'))), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/admin/staff/{id}/password',
      ...auth,
      request: { params: IdParam, body: jsonBody(z.object({ password: NewPassword }).strict().openapi('PasswordReset')) },
      responses: { 204: { description: 'Set; the lock is cleared and every session of the account has ended' }, ...errorResponses },
    }),
    async (c) => {
      await setPassword(deps.db, c.req.valid('param').id, c.req.valid('json').password, c.get('actor'));
      return c.body(null, 204);
    },
  );

  return app;
}
