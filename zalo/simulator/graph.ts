// graph.zalo.me for a Mini App backend (reference §9.3, §9.4): `/v2.0/me` resolves a Mini App
// access token to the App-scoped user; `/v2.0/me/info` exchanges a single-use phone token (120 s).
// Tokens come from the control API, standing in for zmp-sdk's getAccessToken and getPhoneNumber.
import { Hono } from 'hono';
import { opaqueToken } from './ids.js';
import { appOf } from './outbound.js';
import { PLACEHOLDER_FILE_ID, type MiniAppToken, type PhoneCode, type Sim, userKey } from './state.js';

const TOKEN_LIFETIME_MS = 3_600_000;
const PHONE_CODE_LIFETIME_MS = 120_000;
const invalidSession = { error: 452, message: 'Session key invalid. This could be because the session key has an incorrect format, or because the user has revoked this session' };

export function graphRoutes(sim: Sim) {
  const r = new Hono();

  r.get('/v2.0/me', (c) => {
    const token = liveToken(sim, c.req.header('access_token'));
    const user = token && sim.store.users.get(userKey(token.oa_id, token.user_id));
    if (!user) return c.json(invalidSession);
    return c.json({ id: user.user_id_by_app, name: user.display_name, picture: { data: { url: sim.fileUrl(PLACEHOLDER_FILE_ID) } }, error: 0, message: 'Success' });
  });

  // The simulator's codes for a wrong secret or phone token are its own choice (100, invalid parameter).
  r.get('/v2.0/me/info', (c) => {
    const token = liveToken(sim, c.req.header('access_token'));
    if (!token) return c.json(invalidSession);
    if (c.req.header('secret_key') !== appOf(sim, token.oa_id).app_secret) return c.json({ error: 100, message: 'Invalid parameter: secret_key' });
    const phoneCode = sim.store.phoneCodes.get(c.req.header('code') ?? '');
    if (!phoneCode || phoneCode.used || phoneCode.token !== token.token || phoneCode.expires_at <= sim.clock.now()) {
      return c.json({ error: 100, message: 'Invalid parameter: code' });
    }
    phoneCode.used = true;
    return c.json({ data: { number: phoneCode.phone }, error: 0, message: 'Success' });
  });
  return r;
}

function liveToken(sim: Sim, token: string | undefined): MiniAppToken | undefined {
  const record = token ? sim.store.miniAppTokens.get(token) : undefined;
  return record && record.expires_at > sim.clock.now() ? record : undefined;
}

/** What the Mini App would obtain on the device: an access token and, if a phone is given, a phone token. */
export function issueMiniAppTokens(sim: Sim, oaId: string, userId: string, phone?: string): { access_token: string; phone_token?: string } {
  const now = sim.clock.now();
  const token: MiniAppToken = { token: opaqueToken(), oa_id: oaId, user_id: userId, expires_at: now + TOKEN_LIFETIME_MS };
  sim.store.miniAppTokens.set(token.token, token);
  if (!phone) return { access_token: token.token };
  const code: PhoneCode = { code: opaqueToken(), token: token.token, phone, expires_at: now + PHONE_CODE_LIFETIME_MS, used: false };
  sim.store.phoneCodes.set(code.code, code);
  return { access_token: token.token, phone_token: code.code };
}
