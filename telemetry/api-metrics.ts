// The API's Prometheus series (prom-client), served by telemetry/metrics-server.ts.
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { zaloRegistry } from './zalo-metrics.js';

const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'motcua_api_' });

/** Rate (`_count`) and latency per route pattern: never the raw path, which holds codes and tokens. */
export const httpRequestDuration = new Histogram({
  name: 'motcua_http_request_duration_seconds',
  help: 'HTTP requests by method, route pattern and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

export const httpRateLimited = new Counter({
  name: 'motcua_http_rate_limited_total',
  help: 'Requests refused with 429 (login rate limits), by route pattern',
  labelNames: ['route'] as const,
  registers: [registry],
});

/** accepted, duplicate, probe, signature_failed, unknown_oa, stale, malformed. */
export const zaloWebhooks = new Counter({
  name: 'motcua_zalo_webhooks_total',
  help: 'Zalo webhook requests by outcome (accepted and duplicate are acknowledged; signature_failed is a forgery or a wrong secret)',
  labelNames: ['outcome'] as const,
  registers: [registry],
});

/** What the API's /metrics serves: its own series and the Zalo client's. */
export const apiRegistry = Registry.merge([registry, zaloRegistry]);
