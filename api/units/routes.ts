// Admin endpoints for the unit tree: list, create, rename or annotate, dissolve into a successor.
// Every admin reads the whole tree; changes are limited to the units they administer and those
// below (api/units/service.ts, domain/access.ts).
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppDeps } from '../app.js';
import { requireAdmin, requireStaff, type StaffEnv } from '../staff/auth.js';
import { validationHook } from '../errors.js';
import { createUnit, dissolveUnit, listUnits, updateUnit, type UnitRecord } from './service.js';
import { errorResponses, json, jsonBody } from '../openapi.js';

const date = (example: string) => z.iso.date({ error: 'Hãy nhập ngày dạng YYYY-MM-DD' }).openapi({ example });
const Level = z.enum(['province', 'district', 'ward']);

const Unit = z
  .object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    level: Level,
    parentId: z.string().nullable(),
    validFrom: z.string().openapi({ format: 'date' }),
    validTo: z.string().nullable().openapi({ format: 'date', description: 'Last day in force; null while in force with no end date' }),
    successorId: z.string().nullable().openapi({ description: 'Where dossiers sent to it go once it is dissolved' }),
    note: z.string().nullable(),
    createdAt: z.string(),
    createdBy: z.string().nullable(),
    changedAt: z.string().nullable(),
    changedBy: z.string().nullable(),
  })
  .openapi('Unit');

const NewUnitBody = z
  .object({
    code: z.string().trim().min(2).max(12).openapi({ example: 'TTHNEW', description: 'Upper-case letters and digits; starts its dossier codes' }),
    name: z.string().trim().min(1).max(200).openapi({ example: 'Công an phường Tân Thới Hiệp' }),
    level: Level,
    parentId: z.string().min(1).max(100).openapi({ example: 'ca-tphcm' }),
    validFrom: date('2026-01-01'),
    note: z.string().max(1000).nullable().optional(),
  })
  .strict()
  .openapi('NewUnit');

const UnitEditBody = z
  .object({ name: z.string().trim().min(1).max(200).optional(), note: z.string().max(1000).nullable().optional() })
  .strict()
  .refine((b) => b.name !== undefined || b.note !== undefined, { message: 'Gửi kèm "name" hoặc "note"', path: ['name'] })
  .openapi('UnitEdit');

const DissolveBody = z
  .object({
    effectiveDate: date('2026-07-01').openapi({ description: 'First day the successor handles its work; the unit stays in force until the day before' }),
    successorId: z.string().min(1).max(100).openapi({ example: 'ca-p-dong-hung-thuan' }),
  })
  .strict()
  .openapi('UnitDissolution');

const IdParam = z.object({ id: z.string().min(1).max(100).openapi({ param: { name: 'id', in: 'path' }, example: 'ca-p-dong-hung-thuan' }) });
const auth = { security: [{ bearer: [] }, { session: [] }] as Array<Record<string, string[]>> };

const unitJson = (u: UnitRecord) => ({
  id: u.id,
  code: u.code,
  name: u.name,
  level: u.level,
  parentId: u.parentId,
  validFrom: u.validFrom,
  validTo: u.validTo,
  successorId: u.successorId,
  note: u.note,
  createdAt: u.createdAt.toISOString(),
  createdBy: u.createdBy,
  changedAt: u.changedAt?.toISOString() ?? null,
  changedBy: u.changedBy,
});

export function unitAdminRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<StaffEnv>({ defaultHook: validationHook });
  app.use('/api/admin/units', requireStaff(deps.db), requireAdmin);
  app.use('/api/admin/units/*', requireStaff(deps.db), requireAdmin);

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/admin/units',
      ...auth,
      responses: { 200: json(z.array(Unit), 'Every unit, in force or dissolved, by name'), 401: errorResponses[401], 403: errorResponses[403] },
    }),
    async (c) => c.json((await listUnits(deps.db)).map(unitJson), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/admin/units',
      ...auth,
      request: { body: jsonBody(NewUnitBody) },
      responses: { 201: json(Unit, 'Created under one of my units, with the default appointment slots'), ...errorResponses },
    }),
    async (c) => c.json(unitJson(await createUnit(deps.db, c.req.valid('json'), c.get('actor'))), 201),
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/api/admin/units/{id}',
      ...auth,
      request: { params: IdParam, body: jsonBody(UnitEditBody) },
      responses: { 200: json(Unit, 'The new name or note (null or empty removes the note)'), ...errorResponses },
    }),
    async (c) => c.json(unitJson(await updateUnit(deps.db, c.req.valid('param').id, c.req.valid('json'), c.get('actor'))), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/admin/units/{id}/dissolve',
      ...auth,
      request: { params: IdParam, body: jsonBody(DissolveBody) },
      responses: {
        200: json(Unit, 'Dissolved from the date: new dossiers go to the successor, whose staff also work its open dossiers and answer its OA'),
        ...errorResponses,
      },
    }),
    async (c) => c.json(unitJson(await dissolveUnit(deps.db, c.req.valid('param').id, c.req.valid('json'), c.get('actor'))), 200),
  );

  return app;
}
