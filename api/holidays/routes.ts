// Admin endpoints for the holiday calendar: a year's days off and make-up working days, set or remove one.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppDeps } from '../app.js';
import { validationHook } from '../errors.js';
import { errorResponses, json, jsonBody } from '../openapi.js';
import { requireProvinceAdmin, requireStaff, type StaffEnv } from '../staff/auth.js';
import { deleteHoliday, listHolidays, putHoliday } from './service.js';

const auth = { security: [{ bearer: [] }] };

export function holidayAdminRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<StaffEnv>({ defaultHook: validationHook });
  app.use('/api/admin/holidays', requireStaff(deps.db), requireProvinceAdmin(deps.db));
  app.use('/api/admin/holidays/*', requireStaff(deps.db), requireProvinceAdmin(deps.db));

  const Holiday = z
    .object({
      date: z.string(),
      kind: z.enum(['off', 'working']),
      name: z.string(),
      status: z.enum(['confirmed', 'proposed', 'computed']),
      source: z.string(),
      updatedAt: z.string(),
    })
    .openapi('Holiday');
  const holidayJson = (h: Awaited<ReturnType<typeof putHoliday>>) => ({
    date: h.date,
    kind: h.kind,
    name: h.name,
    status: h.status,
    source: h.source,
    updatedAt: h.updated_at.toISOString(),
  });
  const DateParam = z.object({ date: z.iso.date().openapi({ param: { name: 'date', in: 'path' }, example: '2026-09-05' }) });

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/admin/holidays',
      ...auth,
      request: { query: z.object({ year: z.coerce.number().int().min(2000).max(2100) }) },
      responses: { 200: json(z.array(Holiday), 'Days off and make-up working days of the year'), ...errorResponses },
    }),
    async (c) => c.json((await listHolidays(deps.db, c.req.valid('query').year)).map(holidayJson), 200),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/admin/holidays/{date}',
      ...auth,
      request: {
        params: DateParam,
        body: jsonBody(
          z
            .object({
              kind: z.enum(['off', 'working']),
              name: z.string().trim().min(1).max(200),
              status: z.enum(['confirmed', 'proposed', 'computed']).default('confirmed'),
              source: z.string().trim().min(1).max(500),
            })
            .strict(),
        ),
      },
      responses: { 200: json(Holiday, 'Stored; dossiers started from now on count with it'), ...errorResponses },
    }),
    async (c) => c.json(holidayJson(await putHoliday(deps.db, c.req.valid('param').date, c.req.valid('json'))), 200),
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/admin/holidays/{date}',
      ...auth,
      request: { params: DateParam },
      responses: { 204: { description: 'Removed' }, ...errorResponses },
    }),
    async (c) => {
      await deleteHoliday(deps.db, c.req.valid('param').date);
      return c.body(null, 204);
    },
  );

  return app;
}
