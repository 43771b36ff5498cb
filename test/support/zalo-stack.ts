// The Zalo side of a test: the simulator on a free port, the API on a real port (the simulator posts
// its signed webhooks there), a worker whose Zalo client points at the simulator, and one ward OA
// registered in both with a fresh grant. Call at the top level of a test file.
import { randomInt } from 'node:crypto';
import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, expect } from 'vitest';
import { createApp } from '../../api/app.js';
import { CHAT } from '../../domain/chat-texts.js';
import type { Db } from '../../db/database.js';
import { registerOa } from '../../db/zalo-oas.js';
import type { Tracing } from '../../telemetry/tracing.js';
import { clientInterceptors } from '../../temporal.js';
import { dataConverterFor } from '../../temporal-codec.js';
import { startSimulator, type Simulator } from '../../zalo/simulator/index.js';
import { appZaloDeps, TEST_BOX, TEST_CODEC, TEST_FILES, TEST_SECRET, testDb, waitFor, wardTeam } from './fixtures.js';
import { listen, type Listening } from './http.js';
import { devServerEnv, startWorker, type RunningWorker } from './temporal.js';

export interface SimMessage {
  message_id: string;
  user_id?: string;
  phone?: string;
  type: string;
  text?: string;
  template_id?: string;
  template_data?: Record<string, string>;
}

export interface ZaloStack {
  sim: Simulator;
  env: TestWorkflowEnvironment;
  db: Db;
  api: string;
  worker: RunningWorker;
  team: Awaited<ReturnType<typeof wardTeam>>;
  app: { app_id: string; app_secret: string; oa_secret_key: string };
  oaId: string;
  userId: string;
}

export const isMenu = (m: SimMessage) => m.text === CHAT.menu || m.text === CHAT.menuMore;

/** The ZNS template the worker falls back to outside the chat window. */
export const ZNS_TEMPLATE = { template_id: 'motcua_thong_bao', params: [{ name: 'ma_ho_so', max_length: 30 }, { name: 'noi_dung', max_length: 400 }] };

export function useZaloStack(opts: { afterSend?: (messageId: string) => Promise<void>; tracing?: Tracing } = {}) {
  const s = {
    app: { app_id: `39${randomInt(1e9, 9e9)}`, app_secret: 'test-app-secret', oa_secret_key: 'test-oa-secret-key' },
    oaId: `49${randomInt(1e9, 9e9)}`,
    userId: `59${randomInt(1e9, 9e9)}`,
  } as ZaloStack;
  let http: Listening | undefined;

  async function control(path: string, body?: unknown): Promise<unknown> {
    const init = body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
    const res = await fetch(`${s.sim.url}/_sim${path}`, init);
    expect(res.status, `${path}: HTTP ${res.status}`).toBeLessThan(300);
    return res.json();
  }

  beforeAll(async () => {
    s.sim = await startSimulator({ port: 0 });
    s.env = await devServerEnv();
    s.db = testDb();
    // The API listens first: the simulator needs its webhook URL and the worker its public URL.
    const holder: { app?: ReturnType<typeof createApp> } = {};
    http = await listen((req) => holder.app!.fetch(req));
    s.api = http.base;
    const zalo = { ZALO_API_BASE: `${s.sim.url}/openapi`, ZALO_OAUTH_BASE: `${s.sim.url}/oauth`, ZALO_ZNS_BASE: `${s.sim.url}/zns` };
    s.worker = await startWorker(s.env, s.db, { zalo, publicUrl: s.api, afterSend: opts.afterSend, mediaOrigins: [s.sim.url], tracing: opts.tracing });
    const files = TEST_FILES;
    // The API's client as temporal.ts connects it (payload codec; request id and trace context on every message).
    const temporal = new Client({ connection: s.env.connection, namespace: s.env.namespace, dataConverter: dataConverterFor(TEST_CODEC), interceptors: { workflow: clientInterceptors() } });
    holder.app = createApp({ db: s.db, temporal, taskQueue: s.worker.taskQueue, secret: TEST_SECRET, files, ...appZaloDeps(zalo.ZALO_OAUTH_BASE), webhookClock: () => s.sim.clock.now() });

    await control('/apps', { ...s.app, webhook_url: `${s.api}/webhooks/zalo` });
    await control('/oas', { oa_id: s.oaId, name: 'Zalo An ninh – Công an phường Đông Hưng Thuận (cũ)', app_id: s.app.app_id });
    await control('/zns/templates', ZNS_TEMPLATE);
    const grant = (await control(`/oas/${s.oaId}/grant`, { app_id: s.app.app_id })) as { access_token: string; refresh_token: string; expires_in: string };
    // A page of a former ward: its dossiers go to the ward that succeeded it.
    await registerOa(s.db, TEST_BOX, {
      oaId: s.oaId,
      name: 'Zalo An ninh – Công an phường Đông Hưng Thuận (cũ)',
      unitId: 'ca-q12-dong-hung-thuan',
      appId: s.app.app_id,
      appSecret: s.app.app_secret,
      oaSecretKey: s.app.oa_secret_key,
      tokens: { accessToken: grant.access_token, accessTokenExpiresAt: Date.now() + Number(grant.expires_in) * 1000, refreshToken: grant.refresh_token },
    });
    await control('/users', { oa_id: s.oaId, user_id: s.userId, display_name: 'Nguyễn Thị Lan' });
    s.team = await wardTeam(s.db);
  });

  afterAll(async () => {
    await http?.close();
    await s.worker?.stop();
    await s.env?.teardown();
    await s.db?.destroy();
    await s.sim?.stop();
  });

  /** The resident does something in Zalo (follow, text, image…): the simulator posts the webhook. */
  const userDoes = (event: Record<string, unknown>) => control(`/users/${s.userId}/events`, { oa_id: s.oaId, ...event });

  /** Everything the OA sent this resident, in order (chat and ZNS). */
  async function inbox(): Promise<SimMessage[]> {
    const all = (await control(`/messages?oa_id=${s.oaId}`)) as SimMessage[];
    return all.filter((m) => m.user_id === s.userId || m.phone !== undefined);
  }

  /** The conversation without the procedure menu, whose length follows the number of published procedures. */
  async function conversation(): Promise<SimMessage[]> {
    return (await inbox()).filter((m) => !isMenu(m));
  }

  /** Waits until the resident's conversation (menus aside) holds `count` messages. */
  const waitForMessages = (count: number) =>
    waitFor(async () => {
      const all = await conversation();
      return all.length >= count ? all : undefined;
    }, `${count} messages in the simulated chat`);

  return { s, control, userDoes, inbox, conversation, waitForMessages };
}
