// Outbound webhooks (reference §6.2, §6.6, §6.8): signed POSTs to the app's webhook URL, one
// answer within 2 s expected, failures retried after 30 s, 5 min, 15 min, 30 min and 1 h on the
// simulator clock with a `num_retry` header, then the app's subscription is cancelled.
import { createHash } from 'node:crypto';
import { opaqueToken } from './ids.js';
import type { App, Delivery, DeliveryAttempt, Sim } from './state.js';

const RETRY_LADDER_MS = [30_000, 5 * 60_000, 15 * 60_000, 30 * 60_000, 60 * 60_000];
const DELIVERY_TIMEOUT_MS = 2000;

/** lowercase hex SHA-256 of app_id + raw body + timestamp + OA secret key: a plain hash, not an HMAC (§6.6). */
export function webhookMac(appId: string, body: string, timestamp: string, oaSecretKey: string): string {
  return createHash('sha256').update(appId).update(body).update(timestamp).update(oaSecretKey).digest('hex');
}

export type WebhookFields = { event_name: string } & Record<string, unknown>;

type EmitStatus = 'delivered' | 'failed' | 'no_webhook' | 'disabled';

export interface EmitResult {
  delivery_id: string | null;
  status: EmitStatus;
}

/**
 * Signs and sends one event and waits for the first attempt only; retries happen later.
 * `fields` are the event without `app_id` and `timestamp`, which are added here.
 */
export async function emitWebhook(sim: Sim, app: App, fields: WebhookFields, opts: { zns?: boolean } = {}): Promise<EmitResult> {
  if (!app.webhook_url) return { delivery_id: null, status: 'no_webhook' };
  if (app.webhook_disabled) return { delivery_id: null, status: 'disabled' };
  const timestamp = String(sim.clock.now());
  const body = JSON.stringify({ app_id: app.app_id, ...fields, timestamp });
  const delivery: Delivery = {
    delivery_id: opaqueToken(12),
    app_id: app.app_id,
    event_name: fields.event_name,
    body,
    mac: webhookMac(app.app_id, body, timestamp, app.oa_secret_key),
    zns: opts.zns ?? false,
    attempts: 0,
    in_flight: false,
  };
  sim.store.deliveries.push(delivery);
  const first = await attempt(sim, delivery);
  return { delivery_id: delivery.delivery_id, status: first.status };
}

/** Emits events one after the other without making the caller wait (Zalo answers the API call first). */
export function emitInOrder(sim: Sim, app: App, events: WebhookFields[], opts: { zns?: boolean } = {}): void {
  void (async () => {
    for (const fields of events) await emitWebhook(sim, app, fields, opts);
  })().catch((err: Error) => sim.log(`webhook: emit failed (${err.name})`));
}

/** Runs every retry that is due on the simulator clock; returns the attempts made. */
export async function runDueRetries(sim: Sim): Promise<DeliveryAttempt[]> {
  const now = sim.clock.now();
  const due = sim.store.deliveries.filter((d) => !d.in_flight && d.next_at !== undefined && d.next_at <= now);
  return Promise.all(due.map((d) => attempt(sim, d)));
}

async function attempt(sim: Sim, delivery: Delivery): Promise<DeliveryAttempt> {
  const store = sim.store;
  const app = store.apps.get(delivery.app_id);
  delivery.in_flight = true;
  delivery.next_at = undefined;
  const headers: Record<string, string> = { 'content-type': 'application/json', 'X-ZEvent-Signature': `mac=${delivery.mac}` };
  if (delivery.attempts > 0) headers.num_retry = String(delivery.attempts);
  if (delivery.zns) headers['X-ZEvent-Server'] = 'ZNS';

  let outcome: Pick<DeliveryAttempt, 'status' | 'response_status' | 'error'>;
  try {
    if (!app?.webhook_url || app.webhook_disabled) throw new Error('subscription gone');
    const res = await fetch(app.webhook_url, { method: 'POST', headers, body: delivery.body, signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS) });
    await res.body?.cancel();
    outcome = { status: res.status === 200 ? 'delivered' : 'failed', response_status: res.status };
  } catch (err) {
    outcome = { status: 'failed', error: err instanceof Error && err.name === 'TimeoutError' ? 'timeout' : 'network' };
  }

  const row: DeliveryAttempt = { delivery_id: delivery.delivery_id, event_name: delivery.event_name, attempt: delivery.attempts, ...outcome, at: sim.clock.now() };
  const delay = RETRY_LADDER_MS[delivery.attempts];
  delivery.attempts += 1;
  delivery.in_flight = false;
  if (row.status === 'failed' && app?.webhook_url && !app.webhook_disabled) {
    if (delay === undefined) {
      app.webhook_disabled = true;
      sim.log(`webhook: subscription of app ${app.app_id} cancelled after ${delivery.attempts} failed attempts`);
    } else {
      delivery.next_at = row.at + delay;
      row.next_attempt_at = delivery.next_at;
    }
  }
  if (row.status === 'failed') sim.log(`webhook: ${delivery.event_name} attempt ${row.attempt} failed (${row.response_status ?? row.error})`);
  store.attempts.push(row);
  return row;
}
