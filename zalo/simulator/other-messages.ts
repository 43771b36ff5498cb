// The other ways an OA reaches a user by ID: the legacy transaction and promotion templates
// (reference §2.5, §2.7), the ZBS template by UID (§2.9) and what is left of /v2.0/oa/message (§2.8).
import { Hono } from 'hono';
import { z } from 'zod';
import { invalidField, oaError, ok, parseOrInvalid } from './errors.js';
import { type OaEnv, oaGuard } from './guard.js';
import { appOf, buttonsSchema, findUser, jsonBody, sendToUser } from './outbound.js';
import type { Sim } from './state.js';
import { templateDataProblem } from './templates.js';
import { vnTime } from './vn.js';
import { emitInOrder } from './webhooks.js';

const TRANSACTION_TYPES = [
  'transaction_billing', 'transaction_order', 'transaction_reward', 'transaction_contract', 'transaction_booking',
  'transaction_membership', 'transaction_event', 'transaction_transaction', 'transaction_account', 'transaction_internal',
  'transaction_partnership', 'transaction_education', 'transaction_rating',
];
const YEAR_MS = 365 * 86_400_000;
const REACT_ICONS = [':>--b', '-:((', '/-strong', '/-heart', '-h:o', '/-remove'] as const;

const legacyBody = z.object({
  recipient: z.object({ user_id: z.string().min(1) }),
  message: z.object({
    attachment: z.object({
      type: z.literal('template'),
      payload: z.object({
        template_type: z.string(),
        language: z.enum(['VI', 'EN']).optional(),
        elements: z.array(z.looseObject({ type: z.enum(['banner', 'header', 'text', 'table']) })).min(1),
        buttons: buttonsSchema.optional(),
      }),
    }),
  }),
});

const uidTemplateBody = z.object({
  user_id: z.string().min(1).optional(),
  recipient: z.object({ user_id: z.string().min(1) }).optional(),
  template_id: z.string().min(1),
  template_data: z.record(z.string(), z.string()).optional(),
});

const reactionBody = z.object({
  recipient: z.object({ user_id: z.string().min(1) }),
  sender_action: z.object({ react_icon: z.enum(REACT_ICONS), react_message_id: z.string().min(1) }),
});

export function otherMessageRoutes(sim: Sim) {
  const r = new Hono<OaEnv>();
  const guard = oaGuard(sim);

  for (const kind of ['transaction', 'promotion'] as const) {
    r.post(`/v3.0/oa/message/${kind}`, guard, async (c) => {
      const { recipient, message } = parseOrInvalid(legacyBody, await jsonBody(c));
      const user = findUser(sim, c.get('grant').oa_id, recipient.user_id);
      const type = message.attachment.payload.template_type;
      if (kind === 'transaction' ? !TRANSACTION_TYPES.includes(type) : type !== 'promotion') throw invalidField('template_type');
      const now = sim.clock.now();
      if (kind === 'transaction' && (user.last_interaction === undefined || now - user.last_interaction > YEAR_MS)) throw oaError(-232);
      if (kind === 'promotion' && !user.is_follower) throw oaError(-213);
      const hour = vnTime(now).hour;
      if (kind === 'promotion' && (hour >= 22 || hour < 6)) throw oaError(-234);
      const sent = sendToUser(sim, user, { type: kind, attachment: message.attachment });
      return c.json(ok({ message_id: sent.message_id, user_id: user.user_id, sent_time: sent.sent_time }));
    });
  }

  // Accepts the recipient both top-level and wrapped, as the reference asks (§12 #12).
  r.post('/v3.0/oa/message/template', guard, async (c) => {
    const body = parseOrInvalid(uidTemplateBody, await jsonBody(c));
    const userId = body.user_id ?? body.recipient?.user_id;
    if (!userId) throw invalidField('user_id');
    const user = findUser(sim, c.get('grant').oa_id, userId);
    const template = sim.store.templates.get(body.template_id);
    if (template?.status !== 'ENABLE') throw invalidField('template_id');
    if (templateDataProblem(template, body.template_data)) throw invalidField('template_data');
    const sent = sendToUser(sim, user, { type: 'template', template_id: template.template_id, template_data: body.template_data ?? {} });
    return c.json(ok({ message_id: sent.message_id, user_id: user.user_id, sent_time: sent.sent_time, quota: { quota_type: 'purchase_quota' } }));
  });

  // Only reactions still work here; ordinary v2 messaging is shut down (-240).
  r.post('/v2.0/oa/message', guard, async (c) => {
    const body = await jsonBody(c);
    const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    if (!fields.sender_action) throw oaError(fields.message ? -240 : -233);
    const { recipient, sender_action } = parseOrInvalid(reactionBody, body);
    const user = findUser(sim, c.get('grant').oa_id, recipient.user_id);
    const target = sim.store.inbound.find((m) => m.msg_id === sender_action.react_message_id && m.oa_id === user.oa_id && m.user_id === user.user_id);
    if (!target) throw invalidField('react_message_id');
    emitInOrder(sim, appOf(sim, user.oa_id), [
      {
        sender: { id: user.oa_id },
        recipient: { id: user.user_id },
        user_id_by_app: user.user_id_by_app,
        event_name: 'oa_reacted_message',
        message: { msg_id: target.msg_id, react_icon: sender_action.react_icon },
      },
    ]);
    return c.json(ok({ message_id: target.msg_id, user_id: user.user_id }));
  });
  return r;
}
