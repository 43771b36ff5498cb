// POST /webhooks/zalo (zalo-oa.md §6.7): verify the signature on the raw bytes, reject stale
// events, store each event once, answer 200 fast, and hand the event to the resident's
// conversation workflow. If Temporal is unreachable the stored event is handed over by the sweep.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Client } from '@temporalio/client';
import type { SecretBox } from '../../db/crypto.js';
import type { Db } from '../../db/database.js';
import { oaCredentials } from '../../db/zalo-oas.js';
import type { conversationWorkflow } from '../../workflows/conversation.workflow.js';
import { conversationIdFor, zaloEventSignal } from '../../workflows/conversation.messages.js';
import {
  dedupeKey,
  isFromTheFuture,
  isProbe,
  isStale,
  oaIdOf,
  parseWebhookEvent,
  sealSubmittedInfo,
  userIdOf,
  verifyZaloSignature,
  WebhookParseError,
  type WebhookSecretChoice,
} from '../../zalo/webhook.js';
import { errorBody } from '../errors.js';

export interface WebhookDeps {
  db: Db;
  box: SecretBox;
  temporal: Client;
  taskQueue: string;
  webhookSecret: WebhookSecretChoice;
  /** The clock event timestamps are judged by (default Date.now; tests pass the simulator's). */
  webhookClock?: () => number;
}

export function zaloWebhookRoutes(deps: WebhookDeps) {
  const app = new Hono();

  app.post('/webhooks/zalo', bodyLimit({ maxSize: 256 * 1024 }), async (c) => {
    const raw = Buffer.from(await c.req.arrayBuffer());
    if (isProbe(raw)) return c.json({ ok: true }, 200);

    let event;
    try {
      event = parseWebhookEvent(raw);
    } catch (err) {
      if (err instanceof WebhookParseError) return c.json(errorBody('MALFORMED_EVENT', err.message), 400);
      throw err;
    }
    const oaId = oaIdOf(event);
    const oa = oaId ? await oaCredentials(deps.db, deps.box, oaId) : undefined;
    const forged = () => c.json(errorBody('INVALID_SIGNATURE', 'Chữ ký webhook không hợp lệ.'), 401);
    if (!oa || oa.appId !== event.app_id) return forged();
    const verdict = verifyZaloSignature({
      rawBody: raw,
      signature: c.req.header('x-zevent-signature'),
      timestampHeader: c.req.header('x-zevent-timestamp'),
      appId: oa.appId,
      oaSecretKey: oa.oaSecretKey,
      appSecret: oa.appSecret,
      secret: deps.webhookSecret,
    });
    if (!verdict.ok) {
      console.warn(`zalo webhook rejected for OA ${oa.oaId}: ${verdict.reason}`);
      return forged();
    }
    const now = deps.webhookClock?.() ?? Date.now();
    if (isStale(event, now)) return c.json(errorBody('STALE_EVENT', 'Sự kiện quá cũ, không xử lý.'), 401);
    if (isFromTheFuture(event, now)) return c.json(errorBody('FUTURE_EVENT', 'Thời điểm của sự kiện ở tương lai, không xử lý.'), 401);

    const userId = userIdOf(event);
    const stored = await deps.db
      .insertInto('zalo_events')
      .values({ dedupe_key: dedupeKey(event), oa_id: oa.oaId, event_name: event.event_name, zalo_user_id: userId ?? null, raw: JSON.stringify(sealSubmittedInfo(event, deps.box)) })
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!stored) return c.json({ ok: true, duplicate: true }, 200);
    await handOver(deps, { id: stored.id, oa_id: oa.oaId, zalo_user_id: userId ?? null }).catch((err: Error) =>
      console.error(`zalo event ${stored.id}: hand-over deferred to the sweep (${err.name})`),
    );
    return c.json({ ok: true }, 200);
  });

  return app;
}

/** Signals the event to its conversation (starting it if needed), then marks it handed over. */
async function handOver(
  deps: Pick<WebhookDeps, 'db' | 'temporal' | 'taskQueue'>,
  event: { id: string; oa_id: string | null; zalo_user_id: string | null },
): Promise<void> {
  const oaId = event.oa_id ?? '_unknown';
  const userId = event.zalo_user_id ?? undefined;
  await deps.temporal.workflow.signalWithStart<typeof conversationWorkflow, [{ eventId: string }]>('conversationWorkflow', {
    workflowId: conversationIdFor(oaId, userId),
    taskQueue: deps.taskQueue,
    args: [{ oaId, userId }],
    signal: zaloEventSignal,
    signalArgs: [{ eventId: event.id }],
  });
  await deps.db.updateTable('zalo_events').set({ handed_over_at: new Date() }).where('id', '=', event.id).execute();
}

/** Events stored but not handed over (Temporal was down): the API's sweep retries them in order. */
export async function handOverPending(deps: Pick<WebhookDeps, 'db' | 'temporal' | 'taskQueue'>, olderThanMs = 10_000): Promise<number> {
  const rows = await deps.db
    .selectFrom('zalo_events')
    .select(['id', 'oa_id', 'zalo_user_id'])
    .where('handed_over_at', 'is', null)
    .where('received_at', '<', new Date(Date.now() - olderThanMs))
    .orderBy('id')
    .limit(500)
    .execute();
  for (const row of rows) await handOver(deps, row);
  return rows.length;
}
