// The catalogue of published procedures, for anyone.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { DomainError } from '../../domain/errors.js';
import type { AppDeps } from '../app.js';
import { validationHook } from '../errors.js';
import { getPublished, listPublished } from './service.js';
import { errorResponses, json } from '../openapi.js';

const ProcedureSummary = z
  .object({
    code: z.string(),
    version: z.number(),
    name: z.string(),
    authority: z.string(),
    deadline: z.record(z.string(), z.unknown()),
    fee: z.record(z.string(), z.unknown()).optional(),
  })
  .openapi('ProcedureSummary');

export function procedureCatalogueRoutes(deps: AppDeps) {
  const app = new OpenAPIHono({ defaultHook: validationHook });

  app.openapi(
    createRoute({ method: 'get', path: '/api/procedures', responses: { 200: json(z.array(ProcedureSummary), 'Published procedures') } }),
    async (c) => {
      const defs = await listPublished(deps.db);
      return c.json(
        defs.map((d) => ({ code: d.code, version: d.version, name: d.name.vi, authority: d.authority, deadline: d.deadline, fee: d.fee })),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/procedures/{code}',
      request: { params: z.object({ code: z.string().openapi({ param: { name: 'code', in: 'path' }, example: 'TAM_TRU' }) }) },
      responses: { 200: json(z.record(z.string(), z.unknown()), 'The published definition (form, documents, fees)'), 404: errorResponses[404] },
    }),
    async (c) => {
      const def = await getPublished(deps.db, c.req.valid('param').code);
      if (!def) throw new DomainError('NOT_FOUND', 'Thủ tục không tồn tại hoặc chưa được công bố.');
      return c.json(def as unknown as Record<string, unknown>, 200);
    },
  );

  return app;
}
