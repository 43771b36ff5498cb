// What the webhook does with a verified event: store it once (zalo_events.dedupe_key) and hand it
// to the resident's conversation workflow (signal-with-start). If Temporal is unreachable the stored
// event is handed over later by the API's sweep (handOverPending), in order.
import type { Client } from '@temporalio/client';
import type { SecretBox } from '../../db/crypto.js';
import type { Db } from '../../db/database.js';
import type { conversationWorkflow } from '../../workflows/conversation.workflow.js';
import { conversationIdFor, zaloEventSignal } from '../../workflows/conversation.messages.js';
import type { ZaloWebhookEvent } from '../../zalo/types.js';
import { dedupeKey, sealSubmittedInfo, userIdOf, type WebhookSecretChoice } from '../../zalo/webhook.js';
import { log } from '../../telemetry/log.js';

export interface WebhookDeps {
  db: Db;
  box: SecretBox;
  temporal: Client;
  taskQueue: string;
  webhookSecret: WebhookSecretChoice;
  /** The clock event timestamps are judged by (default Date.now; tests pass the simulator's). */
  webhookClock?: () => number;
}

/** Stores a verified event of an OA once and hands it over; 'duplicate' when it was stored before. */
export async function receiveEvent(deps: Pick<WebhookDeps, 'db' | 'box' | 'temporal' | 'taskQueue'>, oaId: string, event: ZaloWebhookEvent): Promise<'stored' | 'duplicate'> {
  const userId = userIdOf(event);
  const stored = await deps.db
    .insertInto('zalo_events')
    .values({ dedupe_key: dedupeKey(event), oa_id: oaId, event_name: event.event_name, zalo_user_id: userId ?? null, raw: JSON.stringify(sealSubmittedInfo(event, deps.box)) })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!stored) return 'duplicate';
  await handOver(deps, { id: stored.id, oa_id: oaId, zalo_user_id: userId ?? null }).catch((err: Error) =>
    log.warn({ eventId: stored.id, errorType: err.name }, 'zalo event: hand-over deferred to the sweep'),
  );
  return 'stored';
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
