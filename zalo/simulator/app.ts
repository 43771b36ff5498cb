// One listener for every simulated host: each real Zalo host is a path prefix (docs/zalo-simulator.md),
// the control API lives under /_sim and the chat page at /.
import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { chatPage } from './chat-page.js';
import { controlRoutes } from './control.js';
import { ControlError, oaError, oauthError, ZaloError, znsError } from './errors.js';
import { graphRoutes } from './graph.js';
import { oauthRoutes } from './oauth.js';
import { openapiRoutes } from './openapi.js';
import type { FailRule, Sim } from './state.js';
import { znsRoutes } from './zns.js';

const HOSTS: { prefix: string; routes: (sim: Sim) => Hono; failure: (rule: FailRule) => ZaloError }[] = [
  { prefix: '/oauth', routes: oauthRoutes, failure: (r) => oauthError(r.error, r.message ?? 'Simulated failure', 'Failure injected through /_sim/fail-next') },
  { prefix: '/openapi', routes: openapiRoutes, failure: (r) => oaError(r.error ?? -200, r.message) },
  { prefix: '/zns', routes: znsRoutes, failure: (r) => znsError(r.error ?? -100, r.message) },
  { prefix: '/graph', routes: graphRoutes, failure: (r) => oaError(r.error ?? 10000, r.message) },
];

export function createSimulatorApp(sim: Sim): Hono {
  const app = new Hono();
  app.use(bodyLimit({ maxSize: 20 * 1024 * 1024 }));
  app.onError((err, c) => {
    if (err instanceof ZaloError) return c.json(err.body, 200);
    if (err instanceof ControlError) return c.json(err.body, err.status);
    // The route pattern, not the path: paths carry user IDs.
    sim.log(`error on ${c.req.method} ${c.req.routePath}: ${err.name}`);
    return c.json({ error: 'internal', message: 'The simulator failed on this request.' }, 500);
  });

  for (const host of HOSTS) {
    app.use(`${host.prefix}/*`, failNext(sim, host.prefix, host.failure));
    app.route(host.prefix, host.routes(sim));
  }
  app.route('/_sim', controlRoutes(sim));
  app.get('/', (c) => c.html(chatPage([...sim.store.oas.values()])));
  return app;
}

/** Answers with an injected failure when a /_sim/fail-next rule names this path (with or without the host prefix). */
function failNext(sim: Sim, prefix: string, failure: (rule: FailRule) => ZaloError): MiddlewareHandler {
  return async (c, next) => {
    const rules = sim.store.failRules;
    const index = rules.findIndex((r) => r.path === c.req.path || prefix + r.path === c.req.path);
    const rule = rules[index];
    if (!rule) return next();
    rule.remaining -= 1;
    if (rule.remaining === 0) rules.splice(index, 1);
    throw failure(rule);
  };
}
