// Contract tests of the Zalo client, OAuth and TokenManager against the Zalo simulator over HTTP
// (docs/zalo-simulator.md). The simulator follows the reference, not this client.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../zalo/simulator/index.js';
import { ZaloClient, normalizePhone } from '../../zalo/client.js';
import { ZaloApiError, classifyZaloCode } from '../../zalo/errors.js';
import { zaloApiErrors, zaloTokenRefreshes } from '../../telemetry/zalo-metrics.js';
import { TokenManager, buildPermissionUrl, createPkcePair, exchangeCode, pkceChallenge, refreshTokens, toStored, type StoredTokens, type TokenStore } from '../../zalo/oauth.js';

const HOUR = 3_600_000;
const APP = { app_id: '1234567890', app_secret: 'app-secret-test', oa_secret_key: 'oa-secret-test' };
const OA = '388613280878808645';
const USER = '246845883529197922';
// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYPj/HwADAgH/eL9GtQAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

let sim: Awaited<ReturnType<typeof startSimulator>>;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, freezeClock: true, autoRetry: false });
});
afterAll(async () => {
  await sim.stop();
});

async function control<T = Record<string, unknown>>(path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${sim.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.status, `${path}: ${await res.clone().text()}`).toBeLessThan(300);
  return (await res.json()) as T;
}

class MemoryStore implements TokenStore {
  readonly tokens = new Map<string, StoredTokens>();
  readonly reauth: { oaId: string; reason: string }[] = [];
  async load(oaId: string) {
    return this.tokens.get(oaId);
  }
  async save(oaId: string, tokens: StoredTokens) {
    this.tokens.set(oaId, tokens);
  }
  async markNeedsReauth(oaId: string, reason: string) {
    this.reauth.push({ oaId, reason });
  }
}

/** A fresh world per test: simulator state, token store, a clock kept in step with the simulator's, and a fetch that counts calls. */
async function setup() {
  await control('/_sim/reset', {});
  await control('/_sim/apps', APP);
  await control('/_sim/oas', { oa_id: OA, name: 'Công an phường Thới An', app_id: APP.app_id });
  await control('/_sim/users', { oa_id: OA, user_id: USER, display_name: 'Nguyễn Văn A', follow: true });
  await control(`/_sim/users/${USER}/events`, { oa_id: OA, type: 'text', text: 'Xin chào' }); // opens the CS window

  let offset = 0;
  const calls: string[] = [];
  const countingFetch: typeof fetch = (input, init) => {
    calls.push(new URL(String(input)).pathname);
    return fetch(input, init);
  };
  const store = new MemoryStore();
  const oauth = { oauthBase: `${sim.url}/oauth`, fetch: countingFetch };
  const tokens = new TokenManager({ ...oauth, store, credentials: async () => ({ appId: APP.app_id, appSecret: APP.app_secret }), now: () => Date.now() + offset });
  const client = new ZaloClient({ tokens, apiBase: `${sim.url}/openapi`, znsBase: `${sim.url}/zns`, fetch: countingFetch });

  const { verifier, challenge } = createPkcePair();
  const { code } = await control<{ code: string }>(`/_sim/oas/${OA}/consent`, { app_id: APP.app_id, code_challenge: challenge });
  const app = { appId: APP.app_id, appSecret: APP.app_secret };
  await store.save(OA, toStored(await exchangeCode({ ...oauth, ...app, code, codeVerifier: verifier }), Date.now()));

  return {
    store,
    tokens,
    client,
    oauth,
    count: (suffix: string) => calls.filter((p) => p.endsWith(suffix)).length,
    /** Moves both clocks: ours (token expiry) and the simulator's (token lifetime, windows). */
    advance: async (ms: number) => {
      offset += ms;
      await control('/_sim/clock/advance', { ms });
    },
  };
}

async function failure(p: Promise<unknown>): Promise<ZaloApiError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ZaloApiError);
  return err as ZaloApiError;
}

const messages = (userId = USER) => control<{ message_id: string; type: string; text?: string; attachment?: unknown; phone?: string; template_id?: string }[]>(`/_sim/messages?oa_id=${OA}&user_id=${userId}`);

describe('OAuth v4 (§1)', () => {
  it('builds the consent URL with exactly app_id, redirect_uri, code_challenge and state', () => {
    const url = new URL(buildPermissionUrl({ appId: '1', redirectUri: 'https://motcua.vn/zalo/callback?x=1', codeChallenge: 'abc', state: 's1', oauthBase: 'https://oauth.zaloapp.com/' }));
    expect(url.origin + url.pathname).toBe('https://oauth.zaloapp.com/v4/oa/permission');
    expect(Object.fromEntries(url.searchParams)).toEqual({ app_id: '1', redirect_uri: 'https://motcua.vn/zalo/callback?x=1', code_challenge: 'abc', state: 's1' });
  });

  it('makes PKCE pairs as the PHP SDK does: 43-character verifier, base64url SHA-256 challenge', () => {
    const { verifier, challenge } = createPkcePair();
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(challenge).toBe(pkceChallenge(verifier));
    // RFC 7636 appendix B.
    expect(pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('exchanges a code with its PKCE verifier; a wrong verifier or a reused code is refused', async () => {
    const w = await setup();
    expect(w.store.tokens.get(OA)).toMatchObject({ accessToken: expect.any(String), refreshToken: expect.any(String) });
    const stored = w.store.tokens.get(OA)!;
    expect(stored.accessTokenExpiresAt - Date.now()).toBeGreaterThan(24.9 * HOUR); // expires_in "90000"

    const { verifier, challenge } = createPkcePair();
    const { code } = await control<{ code: string }>(`/_sim/oas/${OA}/consent`, { app_id: APP.app_id, code_challenge: challenge });
    const creds = { ...w.oauth, appId: APP.app_id, appSecret: APP.app_secret };
    const wrong = await failure(exchangeCode({ ...creds, code, codeVerifier: createPkcePair().verifier }));
    expect(wrong.classification).toBe('reauthorize');
    expect(wrong.endpoint).toBe('POST /v4/oa/access_token');

    const { verifier: v2, challenge: c2 } = createPkcePair();
    const { code: code2 } = await control<{ code: string }>(`/_sim/oas/${OA}/consent`, { app_id: APP.app_id, code_challenge: c2 });
    const tokens = await exchangeCode({ ...creds, code: code2, codeVerifier: v2 });
    expect(tokens.expiresInSeconds).toBe(90_000);
    expect((await failure(exchangeCode({ ...creds, code: code2, codeVerifier: v2 }))).classification).toBe('reauthorize');
    // The secret travels in the secret_key header: a wrong one is refused.
    const { code: code3 } = await control<{ code: string }>(`/_sim/oas/${OA}/consent`, { app_id: APP.app_id, code_challenge: challenge });
    expect((await failure(exchangeCode({ ...creds, appSecret: 'wrong', code: code3, codeVerifier: verifier }))).classification).toBe('reauthorize');
  });
});

describe('consultation messages (§2)', () => {
  it('sends a text and returns the message_id', async () => {
    const w = await setup();
    const res = await w.client.sendText(OA, USER, 'Hồ sơ của anh/chị đã được tiếp nhận.');
    expect(res.message_id).toEqual(expect.any(String));
    expect(res.user_id).toBe(USER);
    const sent = await messages();
    expect(sent.at(-1)).toMatchObject({ message_id: res.message_id, text: 'Hồ sơ của anh/chị đã được tiếp nhận.' });
  });

  it('refuses a text over 2000 characters before calling Zalo', async () => {
    const w = await setup();
    const err = await failure(w.client.sendText(OA, USER, 'a'.repeat(2001)));
    expect(err).toMatchObject({ classification: 'not_retryable', code: undefined, endpoint: 'POST /v3.0/oa/message/cs' });
    expect(w.count('/message/cs')).toBe(0);
    await expect(w.client.sendText(OA, USER, 'ạ'.repeat(2000))).resolves.toMatchObject({ message_id: expect.any(String) });
  });

  it('classifies -230 (no interaction for 7 days) as outside_window', async () => {
    const w = await setup();
    await w.advance(8 * 24 * HOUR);
    const err = await failure(w.client.sendText(OA, USER, 'Nhắc lịch hẹn'));
    expect(err.code).toBe(-230);
    expect(err.classification).toBe('outside_window');
  });

  it('sends buttons and a request for the user’s details', async () => {
    const w = await setup();
    const buttons = await w.client.sendButtons(OA, USER, {
      text: 'Anh/chị muốn làm gì?',
      buttons: [
        { title: 'Xem hồ sơ', type: 'oa.open.url', payload: { url: 'https://motcua.example/ho-so/1' } },
        { title: 'Hỏi cán bộ', type: 'oa.query.show', payload: '#hoi' },
      ],
    });
    expect(buttons.message_id).toEqual(expect.any(String));
    const info = await w.client.requestUserInfo(OA, USER, { title: 'Công an phường Thới An', subtitle: 'Vui lòng chia sẻ thông tin', imageUrl: 'https://motcua.example/logo.png' });
    expect(info.message_id).toEqual(expect.any(String));
    expect((await failure(w.client.sendButtons(OA, USER, { text: 'x', buttons: [] }))).classification).toBe('not_retryable');
  });

  it('reads the conversation history', async () => {
    const w = await setup();
    const { message_id } = await w.client.sendText(OA, USER, 'Dạ, văn phòng mở cửa 7h30.');
    const history = await w.client.getConversation(OA, USER, 10);
    expect(history.find((h) => h.message_id === message_id)).toMatchObject({ src: 0, message: 'Dạ, văn phòng mở cửa 7h30.' });
    expect(history.some((h) => h.src === 1 && h.message === 'Xin chào')).toBe(true);
  });
});

/** A counter's current value for these labels (the series /metrics shows). */
async function counted(counter: typeof zaloTokenRefreshes | typeof zaloApiErrors, labels: Record<string, string>): Promise<number> {
  const { values } = await counter.get();
  return values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k as never] === l))?.value ?? 0;
}

describe('tokens (§1.5, §1.7)', () => {
  it('refreshes ahead of expiry after 25 h, transparently, and persists the new pair', async () => {
    const w = await setup();
    const before = w.store.tokens.get(OA)!;
    const refreshed = await counted(zaloTokenRefreshes, { outcome: 'refreshed' });
    await w.advance(25 * HOUR);
    await expect(w.client.sendText(OA, USER, 'Sau 25 giờ')).resolves.toMatchObject({ message_id: expect.any(String) });
    expect(await counted(zaloTokenRefreshes, { outcome: 'refreshed' })).toBe(refreshed + 1);
    expect(w.count('/v4/oa/access_token')).toBe(2); // the consent, then one refresh
    expect(w.count('/message/cs')).toBe(1); // never sent with the expired token
    const after = w.store.tokens.get(OA)!;
    expect(after.refreshToken).not.toBe(before.refreshToken);
  });

  it('refreshes within the margin (at about 20 h), not before', async () => {
    const w = await setup();
    await w.advance(19 * HOUR);
    await w.client.sendText(OA, USER, 'a');
    expect(w.count('/v4/oa/access_token')).toBe(1);
    await w.advance(1.5 * HOUR);
    await w.client.sendText(OA, USER, 'b');
    expect(w.count('/v4/oa/access_token')).toBe(2);
  });

  it('two concurrent sends right after expiry share exactly one refresh', async () => {
    const w = await setup();
    await w.advance(25 * HOUR);
    const results = await Promise.all([w.client.sendText(OA, USER, 'một'), w.client.sendText(OA, USER, 'hai')]);
    expect(results.map((r) => r.message_id)).toEqual([expect.any(String), expect.any(String)]);
    expect(w.count('/v4/oa/access_token')).toBe(2); // the consent, then one shared refresh
    expect(w.store.reauth).toEqual([]);
  });

  it('a token the API rejects (-216/-220) is refreshed once and the call retried once, even for concurrent callers', async () => {
    const w = await setup();
    await control('/_sim/tokens/expire', { oa_id: OA });
    const results = await Promise.all([w.client.sendText(OA, USER, 'một'), w.client.sendText(OA, USER, 'hai'), w.client.getUserDetail(OA, USER)]);
    expect(results).toHaveLength(3);
    expect(w.count('/v4/oa/access_token')).toBe(2); // the consent, then one shared refresh
    expect(w.count('/message/cs')).toBe(4); // each send: rejected once, then sent
  });

  it('a token still rejected after the refresh marks the OA for re-authorisation', async () => {
    const w = await setup();
    await control('/_sim/fail-next', { path: '/v3.0/oa/message/cs', error: -216, times: 2 });
    const rejected = await counted(zaloApiErrors, { api: 'oa', code: '-216' });
    const err = await failure(w.client.sendText(OA, USER, 'x'));
    expect(await counted(zaloApiErrors, { api: 'oa', code: '-216' })).toBe(rejected + 2);
    expect(err).toMatchObject({ code: -216, classification: 'reauthorize' });
    expect(w.count('/message/cs')).toBe(2); // retried exactly once
    expect(w.store.reauth).toEqual([{ oaId: OA, reason: 'POST /v3.0/oa/message/cs: token rejected after refresh (-216)' }]);
  });

  it('a reused (already rotated) refresh token marks the OA for re-authorisation', async () => {
    const w = await setup();
    const stale = w.store.tokens.get(OA)!;
    // Another process rotated the pair; our store still holds the spent refresh token.
    await refreshTokens({ ...w.oauth, appId: APP.app_id, appSecret: APP.app_secret, refreshToken: stale.refreshToken });
    await w.advance(25 * HOUR);
    const dead = await counted(zaloTokenRefreshes, { outcome: 'reauth' });
    const err = await failure(w.client.sendText(OA, USER, 'x'));
    expect(await counted(zaloTokenRefreshes, { outcome: 'reauth' })).toBe(dead + 1);
    expect(err.classification).toBe('reauthorize');
    expect(err.endpoint).toBe('POST /v4/oa/access_token');
    expect(w.store.reauth).toEqual([{ oaId: OA, reason: expect.stringMatching(/^refresh rejected/) }]);
    expect(w.count('/message/cs')).toBe(0);
  });

  it('an OAuth answer without tokens and without a numeric error is a failure; the stored pair is kept (§1.6)', async () => {
    const w = await setup();
    const before = w.store.tokens.get(OA);
    await control('/_sim/fail-next', { path: '/v4/oa/access_token', error: null });
    await w.advance(25 * HOUR);
    const err = await failure(w.client.sendText(OA, USER, 'x'));
    expect(err).toMatchObject({ classification: 'reauthorize', code: undefined });
    expect(w.store.tokens.get(OA)).toEqual(before);
    expect(w.store.reauth).toHaveLength(1);
  });

  it('an OA without tokens needs re-authorisation, without calling Zalo', async () => {
    const w = await setup();
    w.store.tokens.clear();
    expect((await failure(w.client.sendText(OA, USER, 'x'))).classification).toBe('reauthorize');
    expect(w.store.reauth).toEqual([{ oaId: OA, reason: 'no tokens stored' }]);
  });

  it('keeps using a still-valid token when a proactive refresh cannot reach Zalo', async () => {
    const w = await setup();
    await w.advance(21 * HOUR);
    const unreachable = new TokenManager({ store: w.store, credentials: async () => ({ appId: APP.app_id, appSecret: APP.app_secret }), oauthBase: 'http://127.0.0.1:1', now: () => Date.now() + 21 * HOUR });
    const failed = await counted(zaloTokenRefreshes, { outcome: 'failed' });
    await expect(unreachable.getAccessToken(OA)).resolves.toBe(w.store.tokens.get(OA)!.accessToken);
    expect(await counted(zaloTokenRefreshes, { outcome: 'failed' })).toBe(failed + 1);
  });
});

describe('uploads (§3) and user detail (§4.1)', () => {
  it('uploads an image and sends it by attachment_id', async () => {
    const w = await setup();
    const attachmentId = await w.client.uploadImage(OA, PNG, 'so-do.png', 'image/png');
    expect(attachmentId).toEqual(expect.any(String));
    const res = await w.client.sendImage(OA, USER, { attachmentId }, 'Sơ đồ đường đi');
    expect(res.message_id).toEqual(expect.any(String));
    expect((await messages()).at(-1)).toMatchObject({ message_id: res.message_id, type: expect.stringMatching(/image|media/) });
  });

  it('uploads a PDF and sends it by token', async () => {
    const w = await setup();
    const token = await w.client.uploadFile(OA, PDF, 'giay-hen.pdf', 'application/pdf');
    await expect(w.client.sendFile(OA, USER, token)).resolves.toMatchObject({ message_id: expect.any(String) });
  });

  it('refuses an image over 1 MB or a filename without extension before uploading', async () => {
    const w = await setup();
    expect((await failure(w.client.uploadImage(OA, new Uint8Array(1024 * 1024 + 1), 'big.png', 'image/png'))).classification).toBe('not_retryable');
    expect((await failure(w.client.uploadImage(OA, PNG, 'anh', 'image/png'))).classification).toBe('not_retryable');
    expect(w.count('/upload/image')).toBe(0);
  });

  it('reads user detail, and an unknown user is -201, not retryable', async () => {
    const w = await setup();
    const detail = await w.client.getUserDetail(OA, USER);
    expect(detail).toMatchObject({ user_id: USER, display_name: 'Nguyễn Văn A' });
    const err = await failure(w.client.getUserDetail(OA, '999999999999999999'));
    expect(err).toMatchObject({ code: -201, classification: 'not_retryable' });
  });
});

describe('ZNS by phone (§5.2)', () => {
  const TEMPLATE = '7895417a7d3f9461cd2e';
  const message = (phone: string) => ({ phone, templateId: TEMPLATE, templateData: { ma_ho_so: 'HS-2025-0042' }, trackingId: 'msg-42' });

  it('normalises 0xxxxxxxxx and +84 to 84xxxxxxxxx', () => {
    expect(normalizePhone('0912 345 678')).toBe('84912345678');
    expect(normalizePhone('+84912345678')).toBe('84912345678');
    expect(normalizePhone('84912345678')).toBe('84912345678');
  });

  it('sends a template by phone and returns msg_id; a malformed phone is -108, not retryable', async () => {
    const w = await setup();
    await control('/_sim/zns/templates', { template_id: TEMPLATE, params: [{ name: 'ma_ho_so' }] });
    const res = await w.client.sendZns(OA, message('0912345678'));
    expect(res.msg_id).toEqual(expect.any(String));
    const sent = await control<{ phone?: string; template_id?: string }[]>(`/_sim/messages?oa_id=${OA}`);
    expect(sent.at(-1)).toMatchObject({ phone: '84912345678', template_id: TEMPLATE });

    const err = await failure(w.client.sendZns(OA, message('12345')));
    expect(err).toMatchObject({ code: -108, classification: 'not_retryable', endpoint: 'POST /message/template' });
    expect(err.message).not.toContain('12345');
  });

  it('an expired token on ZNS (-124) is refreshed once and the send retried', async () => {
    const w = await setup();
    await control('/_sim/zns/templates', { template_id: TEMPLATE, params: [{ name: 'ma_ho_so' }] });
    await control('/_sim/tokens/expire', { oa_id: OA });
    await expect(w.client.sendZns(OA, message('+84912345678'))).resolves.toMatchObject({ msg_id: expect.any(String) });
    expect(w.count('/v4/oa/access_token')).toBe(2); // the consent, then one refresh
    expect(w.count('/message/template')).toBe(2);
  });
});

describe('rate limit and error classification (§7, §8)', () => {
  it('surfaces -32 as retryable', async () => {
    const w = await setup();
    await control('/_sim/rate-limit', { per_second: 1 });
    const outcomes = await Promise.allSettled([1, 2, 3, 4].map((n) => w.client.sendText(OA, USER, `tin ${n}`)));
    const errors = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as ZaloApiError] : []));
    expect(errors).toHaveLength(3); // the simulator's clock is frozen: one window of one call
    for (const e of errors) expect(e).toMatchObject({ code: -32, classification: 'retryable' });
  });

  it('surfaces an injected failure with its code, and retryable generic failures', async () => {
    const w = await setup();
    await control('/_sim/fail-next', { path: '/v3.0/oa/message/cs', error: -244 });
    expect(await failure(w.client.sendText(OA, USER, 'x'))).toMatchObject({ code: -244, classification: 'not_retryable' });
    await control('/_sim/fail-next', { path: '/v3.0/oa/message/cs', error: -200 });
    expect(await failure(w.client.sendText(OA, USER, 'x'))).toMatchObject({ code: -200, classification: 'retryable' });
  });

  it('classifies codes per API: -100 means an expired upload on the OA API but “retry later” on ZNS', () => {
    expect(classifyZaloCode('oa', -100)).toBe('not_retryable');
    expect(classifyZaloCode('zns', -100)).toBe('retryable');
    expect(classifyZaloCode('oa', -232)).toBe('outside_window');
    expect(classifyZaloCode('zns', -124)).toBe('reauthorize');
    expect(classifyZaloCode('oauth', undefined)).toBe('reauthorize');
    expect(classifyZaloCode('oauth', -32)).toBe('retryable');
    expect(classifyZaloCode('oa', -999)).toBe('not_retryable');
  });

  it('a network failure is retryable and names only the endpoint', async () => {
    const w = await setup();
    const offline = new ZaloClient({ tokens: w.tokens, apiBase: 'http://127.0.0.1:1' });
    const err = await failure(offline.sendText(OA, USER, 'bí mật'));
    expect(err).toMatchObject({ classification: 'retryable', code: undefined, endpoint: 'POST /v3.0/oa/message/cs' });
    expect(err.message).not.toContain('bí mật');
    expect(err.message).not.toContain(w.store.tokens.get(OA)!.accessToken);
  });
});
