// Zalo client series, moved wherever the client runs (worker activities, the API's consent and
// conversation pages): merged into both processes' /metrics.
import { Counter, Registry } from 'prom-client';

export const zaloRegistry = new Registry();

/** api: oa or zns; code: Zalo's error code, or transport / http_<status>. Token errors count before their one retry. */
export const zaloApiErrors = new Counter({
  name: 'motcua_zalo_api_errors_total',
  help: 'Zalo API answers with an error code, and calls that got no answer, by API and code',
  labelNames: ['api', 'code'] as const,
  registers: [zaloRegistry],
});

/** outcome: refreshed; failed (transport or rate limit: a still-valid token goes on); reauth (the grant is dead, the OA needs an admin). */
export const zaloTokenRefreshes = new Counter({
  name: 'motcua_zalo_token_refreshes_total',
  help: 'OA access token refreshes by outcome',
  labelNames: ['outcome'] as const,
  registers: [zaloRegistry],
});
