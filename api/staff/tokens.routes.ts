// The caller's API tokens: make one (shown once), list them, revoke one.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { STAFF_ROLES } from '../../domain/roles.js';
import type { AppDeps } from '../app.js';
import { validationHook } from '../errors.js';
import { errorResponses, json, jsonBody } from '../openapi.js';
import { requireStaff, type StaffEnv } from './auth.js';
import { createToken, listTokens, MAX_TOKEN_DAYS, revokeToken, type ApiToken } from './tokens.js';

const Grant = z.object({ role: z.enum(STAFF_ROLES), unitId: z.string().min(1).max(100) });
const Token = z
  .object({ id: z.string(), name: z.string(), scope: z.array(Grant).nullable(), createdAt: z.string(), expiresAt: z.string().nullable() })
  .openapi('ApiToken');
const NewToken = z
  .object({
    name: z.string().trim().min(1).max(100).openapi({ example: 'Hệ thống sản xuất thẻ' }),
    scope: z.array(Grant).min(1).max(50),
    expiresInDays: z.number().int().min(1).max(MAX_TOKEN_DAYS),
  })
  .strict()
  .openapi('NewApiToken');
const auth = { security: [{ bearer: [] }, { session: [] }] as Array<Record<string, string[]>> };
const tokenJson = (t: ApiToken) => ({ ...t, createdAt: t.createdAt.toISOString(), expiresAt: t.expiresAt?.toISOString() ?? null });

export function tokenRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<StaffEnv>({ defaultHook: validationHook });
  app.use('/auth/tokens', requireStaff(deps.db));
  app.use('/auth/tokens/*', requireStaff(deps.db));

  app.openapi(
    createRoute({ method: 'get', path: '/auth/tokens', ...auth, responses: { 200: json(z.array(Token), 'My API tokens (never the token itself)'), 401: errorResponses[401] } }),
    async (c) => c.json((await listTokens(deps.db, c.get('actor'))).map(tokenJson), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/auth/tokens',
      ...auth,
      request: { body: jsonBody(NewToken) },
      responses: { 201: json(Token.extend({ token: z.string() }).openapi('CreatedApiToken'), 'Made; the token is shown this once'), ...errorResponses },
    }),
    async (c) => {
      const { token, ...made } = await createToken(deps.db, c.get('actor'), c.req.valid('json'));
      return c.json({ ...tokenJson(made), token }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/auth/tokens/{id}',
      ...auth,
      request: { params: z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) }) },
      responses: { 204: { description: 'Revoked' }, ...errorResponses },
    }),
    async (c) => {
      await revokeToken(deps.db, c.get('actor'), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );
  return app;
}
