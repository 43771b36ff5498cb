// What a simulated user does (control API and chat page) and the webhook each action produces
// (reference §6.3–§6.5, §6.8). User-originated actions refresh the interaction window (§2.7).
import { z } from 'zod';
import { notFound } from './errors.js';
import { extensionOf, filePayload, putFile } from './files.js';
import { hexId } from './ids.js';
import { appOf } from './outbound.js';
import { type InboundMessage, PLACEHOLDER_FILE_ID, type Sim, type User } from './state.js';
import { toZaloPhone } from './vn.js';
import { type EmitResult, emitWebhook, type WebhookFields } from './webhooks.js';

const url = z.url({ protocol: /^https?$/ });
const msgId = z.string().min(1);

export const userEventInput = z.discriminatedUnion('type', [
  // `hidden`: an oa.query.hide button, sent like text but not shown in the chat (§2.4).
  z.object({ type: z.literal('text'), text: z.string().min(1), quote_msg_id: msgId.optional(), hidden: z.boolean().optional() }),
  z.object({ type: z.literal('image'), url: url.optional(), caption: z.string().optional() }),
  z.object({ type: z.literal('file'), name: z.string().min(1), url: url.optional(), size: z.number().int().nonnegative().max(20 * 1024 * 1024).optional() }),
  z.object({ type: z.literal('sticker'), sticker_id: z.string().min(1).optional() }),
  z.object({ type: z.literal('link'), url, title: z.string().optional(), description: z.string().optional() }),
  z.object({ type: z.literal('location'), latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180) }),
  z.object({ type: z.literal('follow'), source: z.string().min(1).default('oa_profile') }),
  z.object({ type: z.literal('unfollow'), source: z.string().min(1).default('oa_profile') }),
  z.object({
    type: z.literal('submit_info'),
    shape: z.enum(['new', 'old']).default('new'),
    name: z.string().min(1),
    phone: z.string().regex(/^\+?\d[\d .]{7,14}$/),
    address: z.string().min(1),
    city: z.string().optional(),
    district: z.string().optional(),
    ward: z.string().optional(),
    user_dob: z.string().optional(),
    gender: z.string().optional(),
  }),
  z.object({ type: z.literal('received'), msg_id: msgId }),
  z.object({ type: z.literal('seen'), msg_ids: z.array(msgId).min(1) }),
  z.object({ type: z.literal('reaction'), msg_id: msgId, react_icon: z.string().min(1) }),
  z.object({ type: z.literal('click_chatnow') }),
]);
export type UserEventInput = z.infer<typeof userEventInput>;

/** Actions that count as interacting with the OA (DOC-INTERACTIONS via §2.7); receipts, reactions and unfollowing do not. */
const INTERACTIONS = new Set(['text', 'image', 'file', 'sticker', 'link', 'location', 'follow', 'submit_info', 'click_chatnow']);

export async function performUserEvent(sim: Sim, user: User, input: UserEventInput): Promise<EmitResult & { msg_id?: string }> {
  let msgId: string | undefined;
  const record: RecordInbound = (type, extra = {}) => {
    const msg: InboundMessage = { msg_id: hexId(), oa_id: user.oa_id, user_id: user.user_id, type, ...extra, at: sim.clock.now() };
    sim.store.inbound.push(msg);
    msgId = msg.msg_id;
    return msg.msg_id;
  };
  const fields = eventFields(sim, user, input, record);
  if (INTERACTIONS.has(input.type)) user.last_interaction = sim.clock.now();
  const result = await emitWebhook(sim, appOf(sim, user.oa_id), fields);
  return msgId ? { ...result, msg_id: msgId } : result;
}

/** Keeps what the user sent (chat page, quotes, reactions) and returns its new msg_id. */
type RecordInbound = (type: string, extra?: Partial<InboundMessage>) => string;

function eventFields(sim: Sim, user: User, input: UserEventInput, inbound: RecordInbound): WebhookFields {
  const fromUser = { sender: { id: user.user_id }, user_id_by_app: user.user_id_by_app, recipient: { id: user.oa_id } };
  const toUser = { sender: { id: user.oa_id }, recipient: { id: user.user_id } };

  switch (input.type) {
    case 'text': {
      const msg_id = inbound('text', { text: input.text, ...(input.hidden ? { hidden: true } : {}) });
      return { ...fromUser, event_name: 'user_send_text', message: { text: input.text, msg_id, ...(input.quote_msg_id ? { quote_msg_id: input.quote_msg_id } : {}) } };
    }
    case 'image': {
      const imageUrl = input.url ?? sim.fileUrl(PLACEHOLDER_FILE_ID);
      const msg_id = inbound('image', { url: imageUrl, text: input.caption });
      return { ...fromUser, event_name: 'user_send_image', message: { msg_id, text: input.caption ?? '', attachments: [{ type: 'image', payload: { thumbnail: imageUrl, url: imageUrl } }] } };
    }
    case 'file': {
      // Without a URL the simulator hosts a stand-in file of the given size, so the link works.
      const payload = input.url
        ? { url: input.url, name: input.name, size: String(input.size ?? 0), type: extensionOf(input.name) }
        : filePayload(sim, putFile(sim, input.name, 'application/octet-stream', new Uint8Array(input.size ?? 1024)));
      const msg_id = inbound('file', { url: payload.url, name: input.name });
      return { ...fromUser, event_name: 'user_send_file', message: { msg_id, attachments: [{ type: 'file', payload }] } };
    }
    case 'sticker': {
      const stickerUrl = sim.fileUrl(PLACEHOLDER_FILE_ID);
      const msg_id = inbound('sticker', { url: stickerUrl });
      return { ...fromUser, event_name: 'user_send_sticker', message: { msg_id, attachments: [{ type: 'sticker', payload: { id: input.sticker_id ?? hexId(), url: stickerUrl } }] } };
    }
    case 'link': {
      const msg_id = inbound('link', { url: input.url, text: input.title });
      const payload = { url: input.url, thumbnail: sim.fileUrl(PLACEHOLDER_FILE_ID), description: input.description ?? '', title: input.title ?? '' };
      return { ...fromUser, event_name: 'user_send_link', message: { msg_id, text: '', attachments: [{ type: 'link', payload }] } };
    }
    case 'location': {
      const msg_id = inbound('location', { text: `${input.latitude},${input.longitude}` });
      const coordinates = { latitude: String(input.latitude), longitude: String(input.longitude) };
      return { ...fromUser, event_name: 'user_send_location', message: { msg_id, text: '', attachments: [{ type: 'location', payload: { coordinates } }] } };
    }
    case 'follow':
    case 'unfollow':
      user.is_follower = input.type === 'follow';
      return { oa_id: user.oa_id, follower: { id: user.user_id }, user_id_by_app: user.user_id_by_app, event_name: input.type, source: input.source };
    case 'submit_info':
      return { ...fromUser, event_name: 'user_submit_info', info: submitInfo(user, input) };
    case 'received':
      return { ...toUser, event_name: 'user_received_message', message: { msg_id: sentToUser(sim, user, input.msg_id) } };
    case 'seen':
      return { ...toUser, event_name: 'user_seen_message', message: { msg_ids: input.msg_ids.map((id) => sentToUser(sim, user, id)) } };
    case 'reaction':
      return { ...fromUser, event_name: 'user_reacted_message', message: { msg_id: sentToUser(sim, user, input.msg_id), react_icon: input.react_icon } };
    case 'click_chatnow':
      return { oa_id: user.oa_id, user_id: user.user_id, user_id_by_app: user.user_id_by_app, event_name: 'user_click_chatnow' };
  }
}

/** Stores what the user shared (user/detail shows it) and shapes it as one of the two §6.5 forms. */
function submitInfo(user: User, input: Extract<UserEventInput, { type: 'submit_info' }>) {
  const phone = toZaloPhone(input.phone);
  user.shared_info = { name: input.name, phone, address: input.address, city: input.city, district: input.district, ward: input.ward };
  if (input.shape === 'old') {
    return { name: input.name, phone, address: input.address, city: input.city ?? '', district: input.district ?? '', ...(input.ward ? { ward: input.ward } : {}) };
  }
  return {
    name: input.name,
    phone,
    ...(input.user_dob ? { user_dob: input.user_dob } : {}),
    ...(input.gender ? { gender: input.gender } : {}),
    full_address: { user_city: input.city ?? '', user_ward: input.ward ?? '', user_address: input.address },
  };
}

function sentToUser(sim: Sim, user: User, msgId: string): string {
  if (!sim.store.sent.some((m) => m.message_id === msgId && m.oa_id === user.oa_id && m.user_id === user.user_id)) throw notFound(`message ${msgId} was not sent by this OA to this user`);
  return msgId;
}
