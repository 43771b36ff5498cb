// OAuth v4 for Official Accounts (docs/reference/zalo-oa.md §1): the consent URL with PKCE,
// the code exchange and the refresh, and a TokenManager that keeps one valid access token per OA.
// Refresh tokens are single use and rotate (§1.5), so refreshes are single-flight per OA and the new
// pair is persisted before the new access token is used (§1.7).
import { createHash, randomBytes } from 'node:crypto';
import { ZaloApiError, fetchJson } from './errors.js';
import { OAuthTokenResponse, ZALO_HOSTS, type OAuthTokens } from './types.js';
import { zaloTokenRefreshes } from '../telemetry/zalo-metrics.js';

const HOUR = 3_600_000;
const ACCESS_TOKEN_ENDPOINT = 'POST /v4/oa/access_token';
export const DEFAULT_TIMEOUT_MS = 15_000;
/** 25 h (§1.3): used when a successful answer's `expires_in` is unreadable, rather than losing the new pair. */
const DEFAULT_EXPIRES_IN_S = 90_000;
/** Refresh tokens live 3 months from issue (§1.5); 90 days stays on the safe side of any 3 months. */
const REFRESH_TOKEN_LIFETIME_MS = 90 * 24 * HOUR;
/** Refresh at about 20 h of 25 h (§1.7, §12 #10). */
const DEFAULT_REFRESH_MARGIN_MS = 5 * HOUR;

/** Drops trailing slashes (a loop: /\/+$/ is quadratic on a long run of slashes). */
export function trimBase(base: string): string {
  let end = base.length;
  while (end > 0 && base[end - 1] === '/') end--;
  return base.slice(0, end);
}

// --- Consent URL and PKCE (§1.2) ---

/** The consent link: exactly these four parameters; S256 is implied (§1.2). */
export function buildPermissionUrl(p: { appId: string; redirectUri: string; codeChallenge: string; state: string; oauthBase?: string }): string {
  const query = new URLSearchParams({ app_id: p.appId, redirect_uri: p.redirectUri, code_challenge: p.codeChallenge, state: p.state });
  return `${trimBase(p.oauthBase ?? ZALO_HOSTS.oauthBase)}/v4/oa/permission?${query}`;
}

/** base64url (no padding) of the raw SHA-256 of the ASCII verifier (PHP-SDK PKCEUtil, §1.2). */
export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** A per-request verifier (43 characters from 32 random bytes) and its challenge (§1.2). */
export function createPkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: pkceChallenge(verifier) };
}

// --- Code exchange and refresh (§1.3, §1.4) ---

export interface OAuthHttpOptions {
  oauthBase?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** The Zalo app holding an OA's grant: its app_id and App Secret Key (§1.1). */
export interface AppCredentials {
  appId: string;
  appSecret: string;
}

export function exchangeCode(p: OAuthHttpOptions & AppCredentials & { code: string; codeVerifier: string }): Promise<OAuthTokens> {
  return requestTokens(p, { code: p.code, app_id: p.appId, grant_type: 'authorization_code', code_verifier: p.codeVerifier });
}

export function refreshTokens(p: OAuthHttpOptions & AppCredentials & { refreshToken: string }): Promise<OAuthTokens> {
  return requestTokens(p, { refresh_token: p.refreshToken, app_id: p.appId, grant_type: 'refresh_token' });
}

/** Form body, secret in the `secret_key` header (§1.3); no envelope, errors under HTTP 200 (§1.6). */
async function requestTokens(p: OAuthHttpOptions & AppCredentials, form: Record<string, string>): Promise<OAuthTokens> {
  const url = `${trimBase(p.oauthBase ?? ZALO_HOSTS.oauthBase)}/v4/oa/access_token`;
  const init = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', secret_key: p.appSecret }, body: new URLSearchParams(form) };
  const body = await fetchJson(p.fetch ?? globalThis.fetch, ACCESS_TOKEN_ENDPOINT, url, init, p.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const parsed = OAuthTokenResponse.safeParse(body);
  const r = parsed.success ? parsed.data : {};
  // Success iff the tokens are there: an error may come without a numeric `error` (CHATBOTX PR #1019, §1.6).
  if (!r.access_token || !r.refresh_token) {
    throw ZaloApiError.fromCode('oauth', ACCESS_TOKEN_ENDPOINT, r.error, r.error_name ?? r.error_reason);
  }
  const seconds = Number(r.expires_in); // a string such as "90000" (§1.3)
  return { accessToken: r.access_token, refreshToken: r.refresh_token, expiresInSeconds: Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_EXPIRES_IN_S };
}

// --- TokenManager ---

/** Expiry instants in epoch milliseconds. */
export interface StoredTokens {
  accessToken: string;
  refreshToken: string;
  accessTokenExpiresAt: number;
  refreshTokenExpiresAt: number;
}

/** Persistence of each OA's grant; the database implementation lives outside zalo/. */
export interface TokenStore {
  load(oaId: string): Promise<StoredTokens | undefined>;
  save(oaId: string, tokens: StoredTokens): Promise<void>;
  markNeedsReauth(oaId: string, reason: string): Promise<void>;
}

export interface TokenManagerOptions extends OAuthHttpOptions {
  store: TokenStore;
  credentials: (oaId: string) => Promise<AppCredentials>;
  now?: () => number;
  /** Refresh when less than this remains of the access token (default 5 h). */
  refreshMarginMs?: number;
}

export class TokenManager {
  private readonly store: TokenStore;
  private readonly credentials: (oaId: string) => Promise<AppCredentials>;
  private readonly http: OAuthHttpOptions;
  private readonly now: () => number;
  private readonly refreshMarginMs: number;
  /** One refresh at a time per OA: concurrent callers share it, so a refresh token is never spent twice. */
  private readonly inflight = new Map<string, Promise<string>>();
  /** The access token the API last rejected per OA; a stored token equal to it needs a refresh. */
  private readonly rejected = new Map<string, string>();

  constructor(o: TokenManagerOptions) {
    this.store = o.store;
    this.credentials = o.credentials;
    this.http = { oauthBase: o.oauthBase, fetch: o.fetch, timeoutMs: o.timeoutMs };
    this.now = o.now ?? Date.now;
    this.refreshMarginMs = o.refreshMarginMs ?? DEFAULT_REFRESH_MARGIN_MS;
  }

  /** A valid access token for the OA, refreshed ahead of expiry. Throws a `reauthorize` error when the grant is dead. */
  async getAccessToken(oaId: string): Promise<string> {
    const stored = await this.store.load(oaId);
    if (stored && this.remainingMs(oaId, stored) > this.refreshMarginMs) return stored.accessToken;
    return this.refreshOnce(oaId);
  }

  /** The API rejected this token (-216/-220/-124): the next getAccessToken refreshes, once, unless someone already has. */
  invalidate(oaId: string, accessToken: string): void {
    this.rejected.set(oaId, accessToken);
  }

  /** Records that an OA admin must consent again. */
  markNeedsReauth(oaId: string, reason: string): Promise<void> {
    return this.store.markNeedsReauth(oaId, reason);
  }

  private refreshOnce(oaId: string): Promise<string> {
    let flight = this.inflight.get(oaId);
    if (!flight) {
      flight = this.refresh(oaId).finally(() => this.inflight.delete(oaId));
      this.inflight.set(oaId, flight);
    }
    return flight;
  }

  private async refresh(oaId: string): Promise<string> {
    // Re-read inside the flight: a flight that just ended (or another process) may have rotated already.
    const stored = await this.store.load(oaId);
    if (stored && this.remainingMs(oaId, stored) > this.refreshMarginMs) return stored.accessToken;
    if (!stored || stored.refreshTokenExpiresAt <= this.now()) {
      const reason = stored ? 'refresh token expired' : 'no tokens stored';
      await this.store.markNeedsReauth(oaId, reason);
      throw new ZaloApiError({ endpoint: ACCESS_TOKEN_ENDPOINT, classification: 'reauthorize', detail: reason });
    }
    const issuedAt = this.now();
    let tokens: OAuthTokens;
    try {
      tokens = await refreshTokens({ ...this.http, ...(await this.credentials(oaId)), refreshToken: stored.refreshToken });
    } catch (err) {
      if (!(err instanceof ZaloApiError)) throw err;
      if (err.classification === 'reauthorize') {
        zaloTokenRefreshes.inc({ outcome: 'reauth' });
        await this.store.markNeedsReauth(oaId, `refresh rejected (${err.code ?? 'no error code'})`);
        throw err;
      }
      zaloTokenRefreshes.inc({ outcome: 'failed' });
      // Transport failure or rate limit: the grant is intact; a token that is still valid keeps working.
      if (this.remainingMs(oaId, stored) > 0) return stored.accessToken;
      throw err;
    }
    const next = toStored(tokens, issuedAt);
    await this.store.save(oaId, next); // before use: the old refresh token is already spent (§1.7)
    zaloTokenRefreshes.inc({ outcome: 'refreshed' });
    return next.accessToken;
  }

  private remainingMs(oaId: string, t: StoredTokens): number {
    return t.accessToken === this.rejected.get(oaId) ? -Infinity : t.accessTokenExpiresAt - this.now();
  }

}

/** A pair as stored: expiries counted from the moment the request was sent (§1.5). */
export function toStored(t: OAuthTokens, issuedAt: number): StoredTokens {
  return {
    accessToken: t.accessToken,
    refreshToken: t.refreshToken,
    accessTokenExpiresAt: issuedAt + t.expiresInSeconds * 1000,
    refreshTokenExpiresAt: issuedAt + REFRESH_TOKEN_LIFETIME_MS,
  };
}
