// Health (the process is up) and readiness (PostgreSQL and Temporal answer), for probes.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { sql } from 'kysely';
import type { AppDeps } from './app.js';
import { validationHook } from './errors.js';
import { json } from './openapi.js';

export function healthRoutes(deps: Pick<AppDeps, 'db' | 'temporal'>) {
  const app = new OpenAPIHono({ defaultHook: validationHook });

  app.openapi(
    createRoute({ method: 'get', path: '/health', responses: { 200: json(z.object({ status: z.literal('ok') }), 'Process is up') } }),
    (c) => c.json({ status: 'ok' as const }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/ready',
      responses: {
        200: json(z.object({ database: z.boolean(), temporal: z.boolean() }), 'Dependencies reachable'),
        503: json(z.object({ database: z.boolean(), temporal: z.boolean() }), 'A dependency is down'),
      },
    }),
    async (c) => {
      const [database, temporal] = await Promise.all([
        sql`select 1`.execute(deps.db).then(() => true, () => false),
        deps.temporal.workflowService.getSystemInfo({}).then(() => true, () => false),
      ]);
      return database && temporal ? c.json({ database, temporal }, 200) : c.json({ database, temporal }, 503);
    },
  );

  return app;
}
