// What happens after Zalo accepts an OA message: it is recorded (GET /_sim/messages), echoed to the
// app's webhook as `oa_send_*` and, when the app wants receipts, acknowledged by the user's device
// with `user_received_message` (reference §6.4, §6.8).
import type { Context } from 'hono';
import { z } from 'zod';
import { invalidField, oaError } from './errors.js';
import { hexId } from './ids.js';
import type { App, SentMessage, Sim, User } from './state.js';
import { userKey } from './state.js';
import { emitInOrder, type WebhookFields } from './webhooks.js';

const TEXT_LIMIT = 2000;

const title = z.string().min(1).max(100);
/** The five actions of §2.4, at most four buttons per message. */
export const buttonsSchema = z
  .array(
    z.discriminatedUnion('type', [
      z.object({ title, type: z.literal('oa.open.url'), payload: z.object({ url: z.url({ protocol: /^https?$/ }) }) }),
      z.object({ title, type: z.literal('oa.query.show'), payload: z.string().min(1) }),
      z.object({ title, type: z.literal('oa.query.hide'), payload: z.string().min(1) }),
      z.object({ title, type: z.literal('oa.open.phone'), payload: z.object({ phone_code: z.string().min(1) }) }),
      z.object({ title, type: z.literal('oa.open.sms'), payload: z.object({ phone_code: z.string().min(1), content: z.string() }) }),
    ]),
  )
  .max(4);

/** A JSON body, or undefined when there is none or it does not parse (Zalo then reports a field as invalid). */
export const jsonBody = (c: Context): Promise<unknown> => c.req.json().catch(() => undefined);

/** The JSON in the `data` query parameter that OA API GET endpoints take (§2.1). */
export function dataParam(c: Context): unknown {
  const raw = c.req.query('data');
  if (raw === undefined) throw invalidField('data');
  try {
    return JSON.parse(raw);
  } catch {
    throw invalidField('data');
  }
}

export function findUser(sim: Sim, oaId: string, userId: string): User {
  const user = sim.store.users.get(userKey(oaId, userId));
  if (!user) throw invalidField('user_id');
  return user;
}

/** Every OA is registered against an existing app, so this cannot miss. */
export function appOf(sim: Sim, oaId: string): App {
  return sim.store.apps.get(sim.store.oas.get(oaId)!.app_id)!;
}

export type Outgoing = Omit<SentMessage, 'message_id' | 'oa_id' | 'user_id' | 'sent_time'>;
export interface Echo {
  event_name: string;
  message: Record<string, unknown>;
}

export function sendToUser(sim: Sim, user: User, out: Outgoing, echo?: Echo): SentMessage {
  const sent: SentMessage = { message_id: hexId(), oa_id: user.oa_id, user_id: user.user_id, ...out, sent_time: String(sim.clock.now()) };
  sim.store.sent.push(sent);
  const app = appOf(sim, user.oa_id);
  const between = { sender: { id: user.oa_id }, recipient: { id: user.user_id } };
  const events: WebhookFields[] = [];
  if (echo) events.push({ ...between, user_id_by_app: user.user_id_by_app, event_name: echo.event_name, message: { ...echo.message, msg_id: sent.message_id } });
  if (app.receipts) events.push({ ...between, event_name: 'user_received_message', message: { msg_id: sent.message_id } });
  emitInOrder(sim, app, events);
  return sent;
}

/** The text limit of §2.3 (-210 beyond it), counted in characters rather than UTF-16 units. */
export function limitText(text: string | undefined): string | undefined {
  if (text !== undefined && [...text].length > TEXT_LIMIT) throw oaError(-210);
  return text;
}
