// The simulator's own API under /_sim (docs/zalo-simulator.md): set up apps, OAs and users, act
// as a user, move the clock, inject failures and inspect what the OA sent and what was delivered.
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { timeline } from './conversation.js';
import { badRequest, notFound, parseControl } from './errors.js';
import { performUserEvent, userEventInput } from './events.js';
import { putFile } from './files.js';
import { issueMiniAppTokens } from './graph.js';
import { numericId } from './ids.js';
import { createAuthCode, issueTokens } from './oauth.js';
import { type App, type Oa, type Sim, type User, userKey } from './state.js';
import { registerTemplate, templateInfo, templateInput } from './templates.js';
import { toZaloPhone } from './vn.js';
import { runDueRetries } from './webhooks.js';

const id = z.string().min(1).max(64);
const appInput = z.object({
  app_id: id,
  app_secret: z.string().min(1),
  oa_secret_key: z.string().min(1),
  webhook_url: z.url().optional(),
  callback_url: z.url().optional(),
  receipts: z.boolean().optional(),
});
const oaInput = z.object({ oa_id: id, name: z.string().min(1), app_id: id, admin_phones: z.array(z.string()).optional() });
const userInput = z.object({
  oa_id: id,
  user_id: id.optional(),
  display_name: z.string().min(1).max(100).optional(),
  follow: z.boolean().optional(),
  last_interaction: z.number().int().nonnegative().optional(),
});
const failInput = z.object({ path: z.string().startsWith('/'), error: z.number().int().nullable(), message: z.string().optional(), times: z.number().int().positive().default(1) });
const MAX_CHAT_FILE_BYTES = 10 * 1024 * 1024;

export function controlRoutes(sim: Sim) {
  const r = new Hono();
  const store = () => sim.store; // read on each call: /_sim/reset replaces it

  r.post('/apps', async (c) => {
    const input = parseControl(appInput, await json(c));
    const existing = store().apps.get(input.app_id);
    // Registering again also switches a cancelled webhook subscription back on (§6.2).
    const app: App = { webhook_url: existing?.webhook_url, callback_url: existing?.callback_url, receipts: existing?.receipts ?? true, ...input, webhook_disabled: false };
    store().apps.set(app.app_id, app);
    return c.json({ app_id: app.app_id, webhook_url: app.webhook_url ?? null, receipts: app.receipts });
  });

  r.post('/oas', async (c) => {
    const input = parseControl(oaInput, await json(c));
    if (!store().apps.has(input.app_id)) throw notFound(`app ${input.app_id} is not registered`);
    const oa: Oa = { ...input, admin_phones: (input.admin_phones ?? []).map(toZaloPhone) };
    store().oas.set(oa.oa_id, oa);
    return c.json(oa);
  });

  r.get('/oas', (c) => c.json([...store().oas.values()].map(({ oa_id, name, app_id }) => ({ oa_id, name, app_id }))));

  r.post('/oas/:oa_id/consent', async (c) => {
    const { app_id, code_challenge } = parseControl(z.object({ app_id: id, code_challenge: z.string().min(1).optional() }), await json(c));
    const oa = linkedOa(sim, c.req.param('oa_id'), app_id);
    return c.json({ code: createAuthCode(sim, app_id, oa.oa_id, code_challenge).code });
  });

  r.post('/oas/:oa_id/grant', async (c) => {
    const { app_id } = parseControl(z.object({ app_id: id }), await json(c));
    return c.json(issueTokens(sim, linkedOa(sim, c.req.param('oa_id'), app_id).oa_id, app_id));
  });

  r.post('/users', async (c) => {
    const input = parseControl(userInput, await json(c));
    if (!store().oas.has(input.oa_id)) throw notFound(`OA ${input.oa_id} is not registered`);
    const userId = input.user_id ?? numericId();
    const user = store().users.get(userKey(input.oa_id, userId)) ?? createUser(sim, input.oa_id, userId, input.follow ?? true);
    if (input.display_name) user.display_name = input.display_name;
    if (input.follow !== undefined) user.is_follower = input.follow;
    if (input.last_interaction !== undefined) user.last_interaction = input.last_interaction;
    return c.json(user);
  });

  r.get('/users', (c) => c.json([...store().users.values()].filter((u) => u.oa_id === c.req.query('oa_id'))));

  r.post('/users/:user_id/events', async (c) => {
    const body = await json(c);
    const { oa_id } = parseControl(z.object({ oa_id: id }), body);
    const event = parseControl(userEventInput, body);
    return c.json(await performUserEvent(sim, knownUser(sim, oa_id, c.req.param('user_id')), event));
  });

  r.post('/clock/advance', async (c) => {
    const { ms } = parseControl(z.object({ ms: z.number().int().positive() }), await json(c));
    return c.json({ now: sim.clock.advance(ms) });
  });

  r.post('/tokens/expire', async (c) => {
    const { oa_id } = parseControl(z.object({ oa_id: id }), await json(c));
    const now = sim.clock.now();
    const live = [...store().accessTokens.values()].filter((t) => t.oa_id === oa_id && t.expires_at > now);
    for (const token of live) token.expires_at = now;
    return c.json({ expired: live.length });
  });

  r.post('/fail-next', async (c) => {
    const { times, ...rule } = parseControl(failInput, await json(c));
    store().failRules.push({ ...rule, remaining: times });
    return c.json({ ...rule, times });
  });

  r.post('/rate-limit', async (c) => {
    const { per_second } = parseControl(z.object({ per_second: z.number().int().nonnegative() }), await json(c));
    store().ratePerSecond = per_second;
    store().rateWindows.clear();
    return c.json({ per_second });
  });

  r.get('/messages', (c) => {
    const { oa_id, user_id, phone } = c.req.query();
    return c.json(store().sent.filter((m) => (!oa_id || m.oa_id === oa_id) && (!user_id || m.user_id === user_id) && (!phone || m.phone === phone)));
  });

  // The chat page's view: both directions, without hidden query-button texts, plus ZNS to the phone the user shared.
  r.get('/conversation', (c) => {
    const user = knownUser(sim, c.req.query('oa_id') ?? '', c.req.query('user_id') ?? '');
    return c.json({ user, messages: timeline(sim, user, true).filter((m) => !(m.direction === 'in' && m.hidden)) });
  });

  r.get('/webhooks', (c) => c.json(store().attempts));
  r.post('/webhooks/retry-now', async (c) => c.json({ attempts: await runDueRetries(sim) }));

  r.post('/reset', (c) => {
    sim.reset();
    return c.json({ reset: true });
  });

  r.post('/files', async (c) => {
    const form = await c.req.parseBody();
    const file = form.file;
    if (!(file instanceof File)) throw badRequest('send the file as a multipart part named "file"');
    if (file.size > MAX_CHAT_FILE_BYTES) throw badRequest('files are limited to 10 MB');
    const stored = putFile(sim, file.name, file.type, new Uint8Array(await file.arrayBuffer()));
    return c.json({ file_id: stored.id, url: sim.fileUrl(stored.id) });
  });

  r.get('/files/:id', (c) => {
    const file = store().files.get(c.req.param('id'));
    if (!file) throw notFound('no such file');
    return c.body(file.bytes, 200, { 'content-type': file.type, 'content-disposition': `inline; filename*=UTF-8''${encodeURIComponent(file.name)}` });
  });

  r.post('/zns/templates', async (c) => c.json(templateInfo(registerTemplate(sim, parseControl(templateInput, await json(c))))));

  r.post('/miniapp/tokens', async (c) => {
    const { oa_id, user_id, phone } = parseControl(z.object({ oa_id: id, user_id: id, phone: z.string().min(8).optional() }), await json(c));
    const user = knownUser(sim, oa_id, user_id);
    return c.json(issueMiniAppTokens(sim, user.oa_id, user.user_id, phone && toZaloPhone(phone)));
  });
  return r;
}

const json = (c: Context): Promise<unknown> => c.req.json().catch(() => undefined);

function createUser(sim: Sim, oaId: string, userId: string, follow: boolean): User {
  const now = sim.clock.now();
  // Following is an interaction, so a user created as a follower can be messaged right away.
  const user: User = { oa_id: oaId, user_id: userId, user_id_by_app: numericId(), display_name: `Người dùng ${userId.slice(-4)}`, is_follower: follow, last_interaction: follow ? now : undefined, created_at: now };
  sim.store.users.set(userKey(oaId, userId), user);
  return user;
}

/** Like the OA API's lookup, but answering 404: this is the control API. */
function knownUser(sim: Sim, oaId: string, userId: string): User {
  const user = sim.store.users.get(userKey(oaId, userId));
  if (!user) throw notFound(`user ${userId} of OA ${oaId} does not exist`);
  return user;
}

function linkedOa(sim: Sim, oaId: string, appId: string): Oa {
  const oa = sim.store.oas.get(oaId);
  if (!oa || oa.app_id !== appId) throw notFound(`OA ${oaId} is not linked to app ${appId}`);
  return oa;
}
