// Wire shapes of the Zalo OA API (docs/reference/zalo-oa.md §13), as zod schemas so that
// responses and webhooks are checked where they enter; the TypeScript types are inferred from them.
// Every ID is a string: user IDs exceed 2^53 (§2.1), so a number here means precision was lost.
import { z } from 'zod';

/** The real hosts (§1.2, §2.1, §5.2); motcua overrides them with ZALO_*_BASE to reach the simulator. */
export const ZALO_HOSTS = {
  apiBase: 'https://openapi.zalo.me',
  oauthBase: 'https://oauth.zaloapp.com',
  znsBase: 'https://business.openapi.zalo.me',
} as const;

const Id = z.string().min(1);
/** Epoch milliseconds; Zalo sends a string, a few clients see a number (§6.3). */
const Millis = z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform(String);

// --- OA REST envelope (§2.1): errors arrive under HTTP 200 with a non-zero `error`. ---

export const ZaloEnvelope = z.looseObject({ error: z.number().int(), message: z.string().optional(), data: z.unknown().optional() });
export type ZaloEnvelope = z.infer<typeof ZaloEnvelope>;

// --- OAuth v4 (§1.3, §1.6): no envelope; success iff a non-empty access_token is present. ---

export const OAuthTokenResponse = z.looseObject({
  access_token: z.string().optional(),
  refresh_token: z.string().optional(),
  expires_in: z.union([z.string(), z.number()]).optional(),
  error: z.number().optional(),
  error_name: z.string().optional(),
  error_reason: z.string().optional(),
  error_description: z.string().optional(),
  ref_doc: z.string().optional(),
});
export type OAuthTokenResponse = z.infer<typeof OAuthTokenResponse>;

/** A token pair as the client uses it; `expiresInSeconds` is `expires_in` converted from its string form. */
export interface OAuthTokens {
  accessToken: string;
  refreshToken: string;
  expiresInSeconds: number;
}

// --- Success data (§2.6, §3, §4.1, §5.2). ---

export const CsSendData = z.looseObject({
  message_id: Id,
  user_id: Id,
  sent_time: Millis.optional(),
  // Optional: remain/total stopped being returned after 2026-03-01 (§2.6, §12 #14).
  quota: z.looseObject({ quota_type: z.string(), remain: z.union([z.string(), z.number()]).optional(), total: z.union([z.string(), z.number()]).optional() }).optional(),
});
export type CsSendData = z.infer<typeof CsSendData>;

export const ZnsSendData = z.looseObject({
  msg_id: Id, // `msg_id` on the phone channel, not `message_id` (§5.2)
  sent_time: Millis,
  sending_mode: z.string().optional(),
  quota: z.looseObject({ dailyQuota: z.union([z.string(), z.number()]), remainingQuota: z.union([z.string(), z.number()]) }).optional(),
});
export type ZnsSendData = z.infer<typeof ZnsSendData>;

export const UploadImageData = z.looseObject({ attachment_id: Id });
export const UploadFileData = z.looseObject({ token: Id });

export const UserDetail = z.looseObject({
  user_id: Id,
  user_id_by_app: Id.optional(),
  display_name: z.string(),
  user_alias: z.string().optional(),
  user_is_follower: z.boolean().optional(),
  user_last_interaction_date: z.string().optional(), // "DD/MM/YYYY"; not for window arithmetic (§2.7)
  avatar: z.string().optional(),
  avatars: z.record(z.string(), z.string()).optional(),
  // Present only after the user shared it (§4.1).
  shared_info: z
    .looseObject({ name: z.string().optional(), phone: z.string().optional(), address: z.string().optional(), city: z.string().optional(), district: z.string().optional() })
    .nullish(),
});
export type UserDetail = z.infer<typeof UserDetail>;

/** One item of `GET /v2.0/oa/conversation` (§2.10): `src` 1 = from the user, 0 = from the OA; `time` in epoch ms. */
export const ConversationMessage = z.looseObject({
  src: z.union([z.number(), z.string().regex(/^\d+$/)]).transform(Number),
  time: z.union([z.number(), z.string().regex(/^\d+$/)]).transform(Number),
  type: z.string().optional(),
  message: z.string().optional(),
  message_id: Id,
  from_id: Id.optional(),
  to_id: Id.optional(),
});
export type ConversationMessage = z.infer<typeof ConversationMessage>;

// --- Outbound message parts (§2.3, §2.4). ---

export type ZaloButton =
  | { title: string; type: 'oa.open.url'; payload: { url: string } }
  | { title: string; type: 'oa.query.show' | 'oa.query.hide'; payload: string }
  | { title: string; type: 'oa.open.phone'; payload: { phone_code: string } }
  | { title: string; type: 'oa.open.sms'; payload: { phone_code: string; content: string } };

export type ImageSource = { attachmentId: string } | { url: string };

export interface ZnsMessage {
  /** 0xxxxxxxxx, +84… or 84… — sent as 84xxxxxxxxx (§5.2). */
  phone: string;
  templateId: string;
  templateData: Record<string, string>;
  /** Echoed in the delivery webhook; at most 48 characters (§5.2). */
  trackingId: string;
  /** Development mode delivers only to app/OA admins (§5.2). */
  mode?: 'development';
}

// --- Webhooks (§6.3–§6.5). ---

/** One loose payload for every attachment type (§6.4): consumers read the fields their type carries. */
const AttachmentPayload = z.looseObject({
  url: z.string().optional(),
  thumbnail: z.string().optional(),
  description: z.string().optional(),
  title: z.string().optional(),
  id: z.string().optional(),
  name: z.string().optional(),
  size: z.union([z.string(), z.number()]).optional(), // string or number (§6.5)
  type: z.string().optional(),
  checksum: z.string().optional(),
  coordinates: z.looseObject({ latitude: z.union([z.string(), z.number()]), longitude: z.union([z.string(), z.number()]) }).optional(),
});
export const ZaloAttachment = z.looseObject({ type: z.string(), payload: AttachmentPayload.optional() });
export type ZaloAttachment = z.infer<typeof ZaloAttachment>;

const Text = z.string().optional();

/**
 * `user_submit_info` comes in two shapes (§6.5, §12 #13): the 2025 one with `full_address`
 * (province and ward) and the older flat one (`address`, `city`, `district`, `ward`). One object
 * with every field optional accepts both.
 */
export const SubmitInfo = z.looseObject({
  name: Text,
  phone: Text,
  user_dob: Text,
  gender: Text,
  full_address: z.looseObject({ user_city: Text, user_ward: Text, user_address: Text }).optional(),
  address: Text,
  city: Text,
  district: Text,
  ward: Text,
});

export const ZaloWebhookEvent = z.looseObject({
  app_id: Id,
  event_name: z.string().min(1),
  timestamp: Millis,
  oa_id: Id.optional(),
  user_id: Id.optional(),
  user_id_by_app: Id.optional(),
  source: z.string().optional(),
  sender: z.looseObject({ id: Id, admin_id: Id.optional() }).optional(),
  recipient: z.looseObject({ id: Id }).optional(),
  follower: z.looseObject({ id: Id }).optional(),
  message: z
    .looseObject({
      msg_id: Id.optional(),
      msg_ids: z.array(Id).optional(),
      text: Text,
      quote_msg_id: Id.optional(),
      conversation_id: Id.optional(),
      react_icon: Text,
      tracking_id: Text,
      delivery_time: Millis.optional(),
      attachments: z.array(ZaloAttachment).optional(),
    })
    .optional(),
  info: SubmitInfo.optional(),
  tag: z.looseObject({ user_ids: z.array(Id).optional(), name: z.string() }).optional(),
});
export type ZaloWebhookEvent = z.infer<typeof ZaloWebhookEvent>;
