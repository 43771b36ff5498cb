// oauth.zaloapp.com, OAuth v4 for an Official Account (reference §1, contract §1.9): the consent
// redirect, the code exchange with PKCE and the rotating single-use refresh token. The token
// endpoint takes a form body and the app secret in a `secret_key` header; `expires_in` is a string.
import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { html } from 'hono/html';
import { invalidGrant, oauthError } from './errors.js';
import { opaqueToken } from './ids.js';
import { type AuthCode, grantKey, type Sim } from './state.js';

const CODE_LIFETIME_MS = 10 * 60_000;
const ACCESS_LIFETIME_S = 90_000; // 25 h
const REFRESH_LIFETIME_MS = 90 * 86_400_000; // 3 months, restarting at each rotation

export interface TokenPair {
  access_token: string;
  refresh_token: string;
  expires_in: string;
}

export function oauthRoutes(sim: Sim) {
  const r = new Hono();

  // The OA admin's consent. With several OAs linked to the app, the admin picks one first (the
  // `oa_id` query parameter is the simulator's stand-in for that choice).
  r.get('/v4/oa/permission', (c) => {
    const { app_id = '', redirect_uri = '', code_challenge, state, oa_id } = c.req.query();
    const app = sim.store.apps.get(app_id);
    if (!app) throw oauthError(-14002, 'Invalid appId', 'App does not exist');
    // The app's Callback URL must be saved in the console and sent byte for byte (§1.1, §1.2).
    if (app.callback_url === undefined || redirect_uri !== app.callback_url) {
      throw oauthError(-14003, 'Invalid redirect uri', 'The redirect uri does not match the callback url of the app');
    }
    const oas = [...sim.store.oas.values()].filter((o) => o.app_id === app_id);
    const chosen = oas.length === 1 ? oas[0] : oas.find((o) => o.oa_id === oa_id);
    if (!chosen) {
      if (oas.length === 0) throw oauthError(-14002, 'Invalid appId', 'App is not linked to any Official Account');
      const choose = (id: string) => `?${new URLSearchParams({ ...c.req.query(), oa_id: id })}`;
      return c.html(html`<!doctype html><html lang="vi"><meta charset="utf-8"><title>Cấp quyền cho ứng dụng</title>
<h1>Chọn Official Account cấp quyền cho ứng dụng ${app_id}</h1>
<ul>${oas.map((o) => html`<li><a href="${choose(o.oa_id)}">Cho phép: ${o.name}</a></li>`)}</ul></html>`);
    }
    const { code } = createAuthCode(sim, app_id, chosen.oa_id, code_challenge || undefined, redirect_uri);
    const target = new URL(redirect_uri);
    target.searchParams.set('code', code);
    target.searchParams.set('oa_id', chosen.oa_id);
    if (state) target.searchParams.set('state', state);
    return c.redirect(target.toString(), 302);
  });

  r.post('/v4/oa/access_token', async (c) => {
    const form: Record<string, unknown> = await c.req.parseBody().catch(() => ({}));
    const field = (name: string) => {
      const value = form[name];
      return typeof value === 'string' ? value : undefined;
    };
    const app = sim.store.apps.get(field('app_id') ?? '');
    if (!app) throw oauthError(-14002, 'Invalid appId', 'App does not exist');
    // The real code for a wrong secret is undocumented; -14004 is the simulator's choice.
    if (c.req.header('secret_key') !== app.app_secret) throw oauthError(-14004, 'Invalid secret key', 'secret_key header does not match the app');

    switch (field('grant_type')) {
      case 'authorization_code':
        return c.json(exchangeCode(sim, app.app_id, field('code'), field('code_verifier')));
      case 'refresh_token':
        return c.json(rotateRefreshToken(sim, app.app_id, field('refresh_token')));
      default:
        throw invalidGrant('grant_type must be authorization_code or refresh_token');
    }
  });
  return r;
}

export function createAuthCode(sim: Sim, appId: string, oaId: string, codeChallenge?: string, redirectUri?: string): AuthCode {
  const code: AuthCode = { code: opaqueToken(), app_id: appId, oa_id: oaId, code_challenge: codeChallenge, redirect_uri: redirectUri, issued_at: sim.clock.now(), used: false };
  sim.store.codes.set(code.code, code);
  return code;
}

/** Issues a fresh pair; the new refresh token becomes the only one of this grant that still works. */
export function issueTokens(sim: Sim, oaId: string, appId: string): TokenPair {
  const now = sim.clock.now();
  const access = { token: opaqueToken(), oa_id: oaId, app_id: appId, expires_at: now + ACCESS_LIFETIME_S * 1000 };
  const refresh = { token: opaqueToken(), oa_id: oaId, app_id: appId, expires_at: now + REFRESH_LIFETIME_MS, used: false };
  sim.store.accessTokens.set(access.token, access);
  sim.store.refreshTokens.set(refresh.token, refresh);
  sim.store.latestRefresh.set(grantKey(oaId, appId), refresh.token);
  return { access_token: access.token, refresh_token: refresh.token, expires_in: String(ACCESS_LIFETIME_S) };
}

function exchangeCode(sim: Sim, appId: string, code: string | undefined, verifier: string | undefined): TokenPair {
  const record = code ? sim.store.codes.get(code) : undefined;
  if (!record || record.app_id !== appId) throw invalidGrant('Invalid authorization code');
  if (record.used) throw invalidGrant('Authorization code has been used');
  if (sim.clock.now() - record.issued_at >= CODE_LIFETIME_MS) throw invalidGrant('Authorization code has expired');
  if (record.code_challenge !== undefined && (!verifier || s256(verifier) !== record.code_challenge)) throw invalidGrant('Invalid code verifier');
  record.used = true;
  return issueTokens(sim, record.oa_id, appId);
}

function rotateRefreshToken(sim: Sim, appId: string, token: string | undefined): TokenPair {
  const record = token ? sim.store.refreshTokens.get(token) : undefined;
  if (!record || record.app_id !== appId) throw invalidGrant('Invalid refresh token');
  if (record.used || sim.store.latestRefresh.get(grantKey(record.oa_id, appId)) !== record.token) throw invalidGrant('Refresh token has been used');
  if (record.expires_at <= sim.clock.now()) throw invalidGrant('Refresh token has expired');
  record.used = true;
  return issueTokens(sim, record.oa_id, appId);
}

/** PKCE S256: base64url, unpadded, of the raw SHA-256 of the ASCII verifier (§1.2). */
const s256 = (verifier: string) => createHash('sha256').update(verifier, 'ascii').digest('base64url');
