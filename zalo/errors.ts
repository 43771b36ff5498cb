// Zalo failures as one error type with a classification the activity layer acts on, derived from
// Zalo's codes (docs/reference/zalo-oa.md §5.7, §7, §8), plus the fetch wrapper that turns
// transport and HTTP failures into the same type. Errors carry the endpoint and code, never tokens,
// phone numbers or message texts.

/**
 * - `retryable`: try again later (the activity's retry policy backs off);
 * - `not_retryable`: the same request will fail again;
 * - `reauthorize`: the grant is dead; an OA admin must consent again (the OA is marked needs_reauth);
 * - `outside_window`: the user has not interacted within 7 days; fall back to a template by phone (§2.7).
 */
export type ZaloErrorClass = 'retryable' | 'not_retryable' | 'reauthorize' | 'outside_window';

/** Which API answered: the OA Open API and ZNS reuse some codes with different meanings (e.g. -100). */
export type ZaloApi = 'oa' | 'zns' | 'oauth';

/** OA Open API, `openapi.zalo.me` (§7.1). Codes not listed are not retryable. */
const OA_CODES: Readonly<Record<number, ZaloErrorClass>> = {
  [-32]: 'retryable', // app/OA per-minute rate limit: back off and retry (§7.1, §8)
  [-200]: 'retryable', // "Send message failed": generic, retry (§7.1)
  [-214]: 'retryable', // article is being processed (§7.1)
  [-216]: 'reauthorize', // access token invalid — the client refreshes once before surfacing this (§7.1, §10.2)
  [-220]: 'reauthorize', // access token expired or removed — likewise
  [-230]: 'outside_window', // no interaction within 7 days (§2.7)
  [-232]: 'outside_window', // no interaction, or the last one expired (§2.7)
  [-231]: 'outside_window', // "user not in CS window", seen only in FIELDVN (§7.1 [S][?])
  [-100]: 'not_retryable', // attachment_id/token expired: upload again, resending cannot help (§3)
  [-201]: 'not_retryable', // invalid parameter, also unknown or never-interacted user_id (§7.1)
  [-210]: 'not_retryable', // parameter exceeds limit (too long, too large) (§7.1)
  [-213]: 'not_retryable', // user does not follow the OA (§2.7)
  [-227]: 'not_retryable', // user banned or inactive > 45 days (§2.7)
  [-244]: 'not_retryable', // user restricted this message type (§2.7)
};

/** ZNS / ZBS phone channel, `business.openapi.zalo.me` (§5.7). Codes not listed are not retryable. */
const ZNS_CODES: Readonly<Record<number, ZaloErrorClass>> = {
  [-32]: 'retryable', // rate limit, as on the OA API (§8)
  [-100]: 'retryable', // "unknown error; retry later" (§5.7) — unlike -100 on the OA API
  [-124]: 'reauthorize', // access token invalid or expired — the client refreshes once first (§5.7)
  [-108]: 'not_retryable', // phone number invalid or not on Zalo (§5.2)
  [-1121]: 'not_retryable', // parameter longer than its maximum (§5.7)
  [-1122]: 'not_retryable', // template parameter missing (§5.7)
  [-1124]: 'not_retryable', // parameter format invalid (§5.7)
  [-131]: 'not_retryable', // template not approved (§5.7)
  [-127]: 'not_retryable', // development mode: recipient is not an admin (§5.2)
  [-114]: 'not_retryable', // meaning disputed; non-retryable either way (§12 #16)
};

/** OAuth (§1.6, §12 #9): every unsuccessful exchange or refresh is terminal, except a rate limit. */
function classifyOAuth(code: number | undefined): ZaloErrorClass {
  return code === -32 ? 'retryable' : 'reauthorize';
}

export function classifyZaloCode(api: ZaloApi, code: number | undefined): ZaloErrorClass {
  if (api === 'oauth') return classifyOAuth(code);
  if (code === undefined) return 'not_retryable';
  return (api === 'oa' ? OA_CODES : ZNS_CODES)[code] ?? 'not_retryable';
}

/** Token errors are the ones worth one refresh-and-retry before they are final (§7.1 -216/-220, §5.7 -124). */
export function isTokenError(api: ZaloApi, code: number): boolean {
  return api !== 'oauth' && classifyZaloCode(api, code) === 'reauthorize';
}

export interface ZaloApiErrorInit {
  /** Method and path, e.g. `POST /v3.0/oa/message/cs`; never the query (it can hold a user ID). */
  endpoint: string;
  classification: ZaloErrorClass;
  /** Zalo's numeric `error`; absent for transport, HTTP and local validation failures. */
  code?: number;
  /** Zalo's own message text for the code (fixed English strings, no user data). */
  zaloMessage?: string;
  httpStatus?: number;
  /** What went wrong when there is no Zalo code. */
  detail?: string;
  cause?: unknown;
}

export class ZaloApiError extends Error {
  override readonly name = 'ZaloApiError';
  readonly endpoint: string;
  readonly classification: ZaloErrorClass;
  readonly code: number | undefined;
  readonly zaloMessage: string | undefined;
  readonly httpStatus: number | undefined;

  constructor(init: ZaloApiErrorInit) {
    const what = init.code !== undefined ? `Zalo error ${init.code}${init.zaloMessage ? ` (${init.zaloMessage})` : ''}` : (init.detail ?? 'failed');
    super(`${init.endpoint}: ${what} [${init.classification}]`, { cause: init.cause });
    this.endpoint = init.endpoint;
    this.classification = init.classification;
    this.code = init.code;
    this.zaloMessage = init.zaloMessage;
    this.httpStatus = init.httpStatus;
  }

  static fromCode(api: ZaloApi, endpoint: string, code: number | undefined, zaloMessage: string | undefined): ZaloApiError {
    return new ZaloApiError({ endpoint, classification: classifyZaloCode(api, code), code, zaloMessage });
  }

  /** A request refused before it was sent (a limit of §2.3, §3 or §5.2 would be broken). */
  static invalidRequest(endpoint: string, detail: string): ZaloApiError {
    return new ZaloApiError({ endpoint, classification: 'not_retryable', detail });
  }
}

/**
 * fetch + JSON with a timeout. Network failures, timeouts, 429/5xx and unreadable bodies are
 * retryable; other HTTP statuses are not (e.g. the 404 of a v3.0 upload path, §3). Zalo's own
 * errors come back under HTTP 200 (§2.1) and are left to the caller.
 */
export async function fetchJson(fetchFn: typeof fetch, endpoint: string, url: string, init: RequestInit, timeoutMs: number): Promise<unknown> {
  let res: Response;
  try {
    res = await fetchFn(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (cause) {
    throw new ZaloApiError({ endpoint, classification: 'retryable', detail: 'request failed', cause });
  }
  if (!res.ok) {
    await res.body?.cancel();
    const retryable = res.status === 429 || res.status >= 500;
    throw new ZaloApiError({ endpoint, classification: retryable ? 'retryable' : 'not_retryable', httpStatus: res.status, detail: `HTTP ${res.status}` });
  }
  try {
    return await res.json();
  } catch (cause) {
    throw new ZaloApiError({ endpoint, classification: 'retryable', httpStatus: res.status, detail: 'response is not JSON', cause });
  }
}
