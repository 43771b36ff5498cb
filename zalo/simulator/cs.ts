// POST /v3.0/oa/message/cs, the consultation message (reference §2.3, §2.6, §2.7): text (with
// optional buttons or a quote), media by URL or uploaded attachment_id, file by upload token, and
// the request_user_info form. Only to users who interacted within the last 7 days.
import { Hono } from 'hono';
import { z } from 'zod';
import { invalidField, oaError, ok, parseOrInvalid } from './errors.js';
import { filePayload } from './files.js';
import { type OaEnv, oaGuard } from './guard.js';
import { buttonsSchema, type Echo, findUser, jsonBody, limitText, type Outgoing, sendToUser } from './outbound.js';
import { PLACEHOLDER_FILE_ID, type Sim, type User } from './state.js';
import { liveUpload } from './uploads.js';

const HOUR_MS = 3_600_000;
const FREE_WINDOW_MS = 48 * HOUR_MS;
const CS_WINDOW_MS = 7 * 24 * HOUR_MS;

const envelope = z.object({
  recipient: z.object({ user_id: z.string().min(1) }),
  message: z.object({
    text: z.string().optional(),
    quote_message_id: z.string().min(1).optional(),
    attachment: z.object({ type: z.string(), payload: z.record(z.string(), z.unknown()) }).optional(),
  }),
});
type CsMessage = z.infer<typeof envelope>['message'];

const buttonsPayload = z.object({ buttons: buttonsSchema });
const mediaPayload = z.object({
  template_type: z.literal('media'),
  elements: z
    .array(
      z.object({
        media_type: z.enum(['image', 'gif', 'sticker']),
        url: z.url({ protocol: /^https?$/ }).optional(),
        attachment_id: z.string().min(1).optional(),
        width: z.number().positive().optional(),
        height: z.number().positive().optional(),
      }),
    )
    .length(1),
  buttons: buttonsSchema.optional(),
});
const requestInfoPayload = z.object({
  template_type: z.literal('request_user_info'),
  elements: z.array(z.object({ title: z.string().min(1).max(100), subtitle: z.string().max(500).optional(), image_url: z.url().optional() })).length(1),
});

export function csRoutes(sim: Sim) {
  const r = new Hono<OaEnv>();
  r.post('/v3.0/oa/message/cs', oaGuard(sim), async (c) => {
    const { recipient, message } = parseOrInvalid(envelope, await jsonBody(c));
    const user = findUser(sim, c.get('grant').oa_id, recipient.user_id);
    const { out, echo } = buildMessage(sim, user, message);
    const quotaType = quotaTypeInWindow(sim, user);
    const sent = sendToUser(sim, user, out, echo);
    return c.json(ok({ quota: { quota_type: quotaType }, message_id: sent.message_id, user_id: user.user_id, sent_time: sent.sent_time }));
  });
  return r;
}

/** -230 outside the 7-day window; free ("reply") within 48 h, billed beyond (§2.7). */
function quotaTypeInWindow(sim: Sim, user: User): 'reply' | 'sub_quota' {
  const since = user.last_interaction === undefined ? Infinity : sim.clock.now() - user.last_interaction;
  if (since > CS_WINDOW_MS) throw oaError(-230);
  return since <= FREE_WINDOW_MS ? 'reply' : 'sub_quota';
}

function buildMessage(sim: Sim, user: User, message: CsMessage): { out: Outgoing; echo?: Echo } {
  const text = limitText(message.text);
  const { attachment } = message;
  const quote = message.quote_message_id;
  if (quote && !sim.store.inbound.some((m) => m.msg_id === quote && m.oa_id === user.oa_id && m.user_id === user.user_id)) {
    throw invalidField('quote_message_id');
  }

  if (!attachment) return textMessage(text, quote);
  if (attachment.type === 'file') {
    const { token } = parseOrInvalid(z.object({ token: z.string().min(1) }), attachment.payload);
    const file = sim.store.files.get(liveUpload(sim, user.oa_id, token, ['file']).file_id)!;
    return {
      out: { type: 'file', attachment, media_url: sim.fileUrl(file.id) },
      echo: { event_name: 'oa_send_file', message: { attachments: [{ type: 'file', payload: filePayload(sim, file) }] } },
    };
  }
  if (attachment.type !== 'template') throw oaError(-233);

  switch (attachment.payload.template_type) {
    case undefined: {
      parseOrInvalid(buttonsPayload, attachment.payload);
      return textMessage(text, quote, attachment);
    }
    case 'media': {
      const element = parseOrInvalid(mediaPayload, attachment.payload).elements[0]!;
      const url = mediaUrl(sim, user, element);
      return {
        out: { type: element.media_type, text, attachment, media_url: url },
        echo: {
          event_name: `oa_send_${element.media_type}`,
          message: { text: text ?? '', attachments: [{ type: element.media_type, payload: element.media_type === 'sticker' ? { id: element.attachment_id, url } : { thumbnail: url, url } }] },
        },
      };
    }
    case 'request_user_info':
      parseOrInvalid(requestInfoPayload, attachment.payload);
      // Zalo documents no echo event for this form, so none is sent.
      return { out: { type: 'request_user_info', attachment } };
    default:
      // `list` and the rest: not supported by OA API v3 (§2.3).
      throw oaError(-233);
  }
}

function requireText(text: string | undefined): string {
  if (!text) throw invalidField('text');
  return text;
}

/** Plain text, or text carrying buttons in a template attachment without a template_type. */
function textMessage(text: string | undefined, quote: string | undefined, attachment?: CsMessage['attachment']): { out: Outgoing; echo: Echo } {
  const body = requireText(text);
  return {
    out: { type: 'text', text: body, ...(quote ? { quote_message_id: quote } : {}), ...(attachment ? { attachment } : {}) },
    echo: { event_name: 'oa_send_text', message: { text: body } },
  };
}

/** Exactly one of url and attachment_id; a GIF needs its size; a sticker is always an attachment_id (§2.3). */
function mediaUrl(sim: Sim, user: User, element: z.infer<typeof mediaPayload>['elements'][number]): string {
  const { media_type, url, attachment_id } = element;
  if ((url === undefined) === (attachment_id === undefined) || (media_type === 'sticker' && !attachment_id)) throw invalidField('elements');
  if (media_type === 'gif' && (!element.width || !element.height)) throw invalidField(element.width ? 'height' : 'width');
  if (media_type === 'sticker') return sim.fileUrl(PLACEHOLDER_FILE_ID);
  if (url) return url;
  return sim.fileUrl(liveUpload(sim, user.oa_id, attachment_id!, [media_type]).file_id);
}
