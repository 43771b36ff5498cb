// Every request runs under a request id (X-Request-Id from a trusted proxy if well-formed, else a
// new one; echoed in the response): each log line written while serving it carries the id, and so
// do the workflow messages it sends (telemetry/request-id.ts). One line per request at the end:
// method, route pattern (never the raw path: it holds dossier codes and signed tokens), status, time.
import type { MiddlewareHandler } from 'hono';
import { requestId } from 'hono/request-id';
import { routePath } from 'hono/route';
import { log, withRequestId } from '../telemetry/log.js';

export function requestContext(): MiddlewareHandler {
  const assignId = requestId({ limitLength: 64 });
  return (c, next) =>
    assignId(c, () =>
      withRequestId(c.get('requestId') as string, async () => {
        const started = performance.now();
        await next();
        const ms = Math.round(performance.now() - started);
        log.info({ method: c.req.method, route: routePath(c), status: c.res.status, ms }, 'request');
      }),
    );
}
