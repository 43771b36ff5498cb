// Events from other systems (e.g. the card production system: cardProduced), authenticated as a
// staff account holding the `integration` role at the dossier's unit. The dossier must be waiting
// for that event.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { canReportEvent, unitAncestry } from '../../domain/access.js';
import { unitTree } from '../units/service.js';
import { DomainError } from '../../domain/errors.js';
import type { AppDeps } from '../app.js';
import { requireStaff, type StaffEnv } from '../staff/auth.js';
import { validationHook } from '../errors.js';
import { deliverExternalEvent } from './updates.js';
import { DossierSchema } from './schemas.js';
import { errorResponses, json, jsonBody } from '../openapi.js';
import { dossierFromView } from './views.js';

const EventBody = z
  .object({
    dossierCode: z.string().regex(/^[A-Z0-9]+-\d{6}-\d{4}$/),
    event: z.string().regex(/^[a-z][a-zA-Z0-9_]*$/).openapi({ example: 'cardProduced' }),
    data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  })
  .strict()
  .openapi('ExternalEvent');

export function integrationRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<StaffEnv>({ defaultHook: validationHook });
  app.use('/api/integrations/*', requireStaff(deps.db));

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/integrations/events',
      security: [{ bearer: [] }],
      request: { body: jsonBody(EventBody) },
      responses: { 200: json(DossierSchema, 'The dossier after the event'), ...errorResponses },
    }),
    async (c) => {
      const actor = c.get('actor');
      if (!actor.grants.some((g) => g.role === 'integration')) throw new DomainError('FORBIDDEN', 'Chỉ tài khoản liên thông được gửi sự kiện.');
      const { dossierCode, event, data } = c.req.valid('json');
      const row = await deps.db.selectFrom('dossiers').selectAll().where('code', '=', dossierCode).executeTakeFirst();
      // Only the dossiers of the units the role is granted at; others look absent.
      const parentOf = new Map([...(await unitTree(deps.db)).values()].map((u) => [u.id, u.parentId]));
      if (!row || !canReportEvent(actor.grants, unitAncestry(row.unit_id, parentOf))) throw new DomainError('NOT_FOUND', 'Không tìm thấy hồ sơ.');
      return c.json(dossierFromView(await deliverExternalEvent(deps, row, { actor, event, data })), 200);
    },
  );
  return app;
}
