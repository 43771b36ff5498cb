// Admin endpoints for Zalo OAs: list those of the admin's units, register or re-authorise one with a grant.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { StaffActor } from '../../domain/contracts/dossier.js';
import type { AppDeps } from '../app.js';
import { validationHook } from '../errors.js';
import { errorResponses, json, jsonBody } from '../openapi.js';
import { requireAdmin, requireStaff, type StaffEnv } from '../staff/auth.js';
import { assertMayRegisterOa, oasAdministeredBy, registerOaWithGrant } from './service.js';

const auth = { security: [{ bearer: [] }] };

export function oaAdminRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<StaffEnv>({ defaultHook: validationHook });
  app.use('/api/admin/oas', requireStaff(deps.db), requireAdmin);
  app.use('/api/admin/oas/*', requireStaff(deps.db), requireAdmin);

  const Oa = z
    .object({
      oaId: z.string(),
      name: z.string(),
      unitId: z.string(),
      unitName: z.string(),
      appId: z.string(),
      status: z.enum(['active', 'needs_reauth']),
      lastError: z.string().nullable(),
    })
    .openapi('ZaloOa');
  // Scoped like the console: an admin sees and registers the OAs of the units they administer.
  const oaList = async (actor: StaffActor) =>
    (await oasAdministeredBy(deps.db, actor)).map((o) => ({ oaId: o.oaId, name: o.name, unitId: o.unitId, unitName: o.unitName, appId: o.appId, status: o.status, lastError: o.lastError }));

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/admin/oas',
      ...auth,
      responses: { 200: json(z.array(Oa), 'Registered OAs, with those needing re-authorisation'), ...errorResponses },
    }),
    async (c) => c.json(await oaList(c.get('actor')), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/admin/oas',
      ...auth,
      request: {
        body: jsonBody(
          z
            .object({
              oaId: z.string().regex(/^\d{1,30}$/),
              name: z.string().trim().min(1).max(200),
              unitId: z.string().min(1),
              appId: z.string().regex(/^\d{1,30}$/),
              appSecret: z.string().min(1),
              oaSecretKey: z.string().min(1),
              grant: z.union([
                z.object({ refreshToken: z.string().min(1) }).strict(),
                z.object({ code: z.string().min(1), codeVerifier: z.string().min(43).max(128) }).strict(),
              ]),
            })
            .strict(),
        ),
      },
      responses: { 201: json(Oa, 'Registered (or re-authorised); secrets are stored encrypted and never returned'), ...errorResponses },
    }),
    async (c) => {
      const body = c.req.valid('json');
      await assertMayRegisterOa(deps.db, c.get('actor'), body.oaId, body.unitId);
      await registerOaWithGrant(deps.db, deps.box, deps.zaloConfig, body);
      const oa = (await oaList(c.get('actor'))).find((o) => o.oaId === body.oaId)!;
      return c.json(oa, 201);
    },
  );

  return app;
}
