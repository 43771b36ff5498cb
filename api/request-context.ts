// Every request runs under a request id (X-Request-Id from a trusted proxy if well-formed, else a
// new one; echoed in the response): each log line written while serving it carries the id, and so
// do the workflow messages it sends (telemetry/request-id.ts). One line per request at the end:
// method, route pattern (never the raw path: it holds dossier codes and signed tokens), status, time;
// the same labels on the request histogram (telemetry/api-metrics.ts).
import { trace } from '@opentelemetry/api';
import type { MiddlewareHandler } from 'hono';
import { requestId } from 'hono/request-id';
import { routePath } from 'hono/route';
import { httpRateLimited, httpRequestDuration } from '../telemetry/api-metrics.js';
import { log, withRequestId } from '../telemetry/log.js';

export function requestContext(): MiddlewareHandler {
  const assignId = requestId({ limitLength: 64 });
  return (c, next) =>
    assignId(c, () =>
      withRequestId(c.get('requestId') as string, async () => {
        const started = performance.now();
        await next();
        const seconds = (performance.now() - started) / 1000;
        const { method } = c.req;
        const route = routePath(c);
        const status = c.res.status;
        httpRequestDuration.observe({ method, route, status }, seconds);
        // The HTTP server span (instrumentation-http) is named by route, and loses the raw path.
        trace.getActiveSpan()?.updateName(`${method} ${route}`).setAttributes({ 'http.route': route, 'http.target': route, 'http.url': route });
        if (status === 429) httpRateLimited.inc({ route });
        log.info({ method, route, status, ms: Math.round(seconds * 1000) }, 'request');
      }),
    );
}
