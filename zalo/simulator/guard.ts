// What every openapi.zalo.me call goes through (reference §2.1, §8, §11): the bare `access_token`
// header (-216 unknown, -220 expired), the per-app rate limiter (-32) and the X-RateLimit headers.
import type { Context, MiddlewareHandler } from 'hono';
import { oaError } from './errors.js';
import type { AccessToken, Sim } from './state.js';

export type OaEnv = { Variables: { grant: AccessToken } };

/** The documented per-app limit; only reported unless a test switches on the per-second limiter. */
const PER_MINUTE_LIMIT = 4000;

export function oaGuard(sim: Sim): MiddlewareHandler<OaEnv> {
  return async (c, next) => {
    const token = c.req.header('access_token');
    const grant = token ? sim.store.accessTokens.get(token) : undefined;
    if (!grant) {
      setRateHeaders(c, PER_MINUTE_LIMIT, PER_MINUTE_LIMIT);
      throw oaError(-216);
    }
    const { limit, remain, exceeded } = countCall(sim, grant.app_id);
    setRateHeaders(c, limit, remain);
    if (grant.expires_at <= sim.clock.now()) throw oaError(-220);
    if (exceeded) throw oaError(-32);
    c.set('grant', grant);
    await next();
  };
}

function setRateHeaders(c: Context, limit: number, remain: number): void {
  c.header('X-RateLimit-Limit', String(limit));
  c.header('X-RateLimit-Remain', String(remain));
}

function countCall(sim: Sim, appId: string): { limit: number; remain: number; exceeded: boolean } {
  const perSecond = sim.store.ratePerSecond;
  const [limit, windowMs] = perSecond > 0 ? [perSecond, 1000] : [PER_MINUTE_LIMIT, 60_000];
  const window = Math.floor(sim.clock.now() / windowMs);
  const key = `${appId}/${windowMs}`;
  const entry = sim.store.rateWindows.get(key);
  const count = entry?.window === window ? entry.count + 1 : 1;
  sim.store.rateWindows.set(key, { window, count });
  return { limit, remain: Math.max(0, limit - count), exceeded: perSecond > 0 && count > limit };
}
