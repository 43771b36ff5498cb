// Receiving Zalo webhooks (docs/reference/zalo-oa.md §6): signature check on the raw bytes,
// parsing into a validated event, the dedupe key, where the OA and user IDs sit per event family,
// staleness, and the two shapes of `user_submit_info`.
import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { ZaloWebhookEvent } from './types.js';

const HOUR = 3_600_000;
/** Retries reuse the original timestamp for about 2 h (§6.2), so allow at least 3 h (§6.6). */
export const DEFAULT_MAX_EVENT_AGE_MS = 3 * HOUR;

// --- Signature (§6.6, §12 #1–#5) ---

/** Which secret is the last term of the MAC: the OA Secret Key by default, the App Secret as a switch (§12 #1). */
export type WebhookSecretChoice = 'oa_secret_key' | 'app_secret';

export interface VerifySignatureInput {
  rawBody: Buffer;
  /** The `X-ZEvent-Signature` header: `mac=<hex>` or bare hex. */
  signature: string | undefined;
  /** `X-ZEvent-Timestamp`, used only when the body carries no timestamp (§12 #5). */
  timestampHeader?: string;
  appId: string;
  oaSecretKey: string;
  appSecret?: string;
  secret?: WebhookSecretChoice;
  /** Also accept the minority `oa_id`-first variant (§12 #2) for this OA. Off unless given. */
  oaIdVariant?: string;
}

export type VerifySignatureResult =
  | { ok: true; variant: 'app_id' | 'oa_id' }
  | { ok: false; reason: 'missing_signature' | 'missing_timestamp' | 'missing_secret' | 'mismatch' };

/** Lowercase hex SHA-256 (plain, not HMAC) of first term + raw body + timestamp + secret (§6.6). */
export function zaloMac(firstTerm: string, rawBody: Buffer, timestamp: string, secret: string): string {
  // The raw bytes go in as they are: re-serialising or re-encoding Vietnamese text breaks the MAC.
  return createHash('sha256').update(firstTerm).update(rawBody).update(timestamp).update(secret).digest('hex');
}

export function verifyZaloSignature(input: VerifySignatureInput): VerifySignatureResult {
  const got = input.signature?.trim().replace(/^mac\s*=\s*/i, '').toLowerCase();
  if (!got) return { ok: false, reason: 'missing_signature' };
  const timestamp = bodyTimestamp(input.rawBody) ?? input.timestampHeader;
  if (!timestamp) return { ok: false, reason: 'missing_timestamp' };
  const secret = input.secret === 'app_secret' ? input.appSecret : input.oaSecretKey;
  if (!secret) return { ok: false, reason: 'missing_secret' };
  if (sameHex(got, zaloMac(input.appId, input.rawBody, timestamp, secret))) return { ok: true, variant: 'app_id' };
  if (input.oaIdVariant && sameHex(got, zaloMac(input.oaIdVariant, input.rawBody, timestamp, secret))) return { ok: true, variant: 'oa_id' };
  return { ok: false, reason: 'mismatch' };
}

function bodyTimestamp(rawBody: Buffer): string | undefined {
  try {
    const ts: unknown = (JSON.parse(rawBody.toString('utf8')) as { timestamp?: unknown } | null)?.timestamp;
    return typeof ts === 'string' || typeof ts === 'number' ? String(ts) : undefined;
  } catch {
    return undefined;
  }
}

function sameHex(got: string, want: string): boolean {
  const a = Buffer.from(got);
  const b = Buffer.from(want);
  return a.length === b.length && timingSafeEqual(a, b);
}

// --- Parsing (§6.3–§6.5, §6.7) ---

export class WebhookParseError extends Error {
  override readonly name = 'WebhookParseError';
}

/**
 * An empty or `{}` body is the probe Zalo may send when the URL is saved: answer 200, process nothing
 * (§6.7 step 1). It runs before the signature check, so it is one linear pass: no regex (a nested
 * `\s*` pattern here once held the event loop for ~27 s on 256 KiB of spaces).
 */
export function isProbe(rawBody: Buffer): boolean {
  const text = rawBody.toString('utf8').trim();
  return text === '' || (text.startsWith('{') && text.endsWith('}') && text.slice(1, -1).trim() === '');
}

/** The validated event; throws WebhookParseError naming the offending field (never its value). */
export function parseWebhookEvent(rawBody: Buffer): ZaloWebhookEvent {
  let json: unknown;
  try {
    json = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw new WebhookParseError('webhook body is not valid JSON');
  }
  const parsed = ZaloWebhookEvent.safeParse(json);
  if (!parsed.success) throw new WebhookParseError(`invalid webhook event: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/**
 * §6.7 step 3, with the event name in front of the message IDs: the OA's own msg_id recurs in its
 * `oa_send_*` echo, `user_received_message` and `user_seen_message`, which are distinct events.
 */
export function dedupeKey(e: ZaloWebhookEvent): string {
  const ids = e.message?.msg_id ?? e.message?.msg_ids?.join(',');
  if (ids) return `${e.event_name}:${ids}`;
  return `${e.event_name}:${e.sender?.id ?? e.follower?.id ?? e.user_id ?? e.oa_id ?? ''}:${e.timestamp}`;
}

/** OA-originated events and the receipts of OA messages have the OA as sender (§6.3). */
function sentByOa(e: ZaloWebhookEvent): boolean {
  return e.event_name.startsWith('oa_') || e.event_name === 'user_received_message' || e.event_name === 'user_seen_message';
}

/** A ZNS delivery receipt: same event name as the 1:1 receipt, but recipient.id is a phone number (§5.5). */
export function isZnsReceipt(e: ZaloWebhookEvent): boolean {
  return e.event_name === 'user_received_message' && (e.message?.tracking_id !== undefined || e.message?.delivery_time !== undefined);
}

/** recipient.id for user → OA events, sender.id for OA → user events and receipts, else top-level oa_id (§6.3). */
export function oaIdOf(e: ZaloWebhookEvent): string | undefined {
  if (e.sender && e.recipient) return sentByOa(e) ? e.sender.id : e.recipient.id;
  return e.oa_id;
}

/** The OA-scoped user ID (§6.3): the other party of a message event, follower.id, or top-level user_id. */
export function userIdOf(e: ZaloWebhookEvent): string | undefined {
  if (isZnsReceipt(e)) return undefined;
  if (e.sender && e.recipient) return sentByOa(e) ? e.recipient.id : e.sender.id;
  return e.follower?.id ?? e.user_id;
}

/** How far ahead of our clock an event may be dated (clock skew); later ones are replays prepared in advance. */
export const MAX_EVENT_SKEW_MS = 5 * 60_000;

export function isStale(e: ZaloWebhookEvent, now: number, maxAgeMs: number = DEFAULT_MAX_EVENT_AGE_MS): boolean {
  return now - Number(e.timestamp) > maxAgeMs;
}

export function isFromTheFuture(e: ZaloWebhookEvent, now: number): boolean {
  return Number(e.timestamp) - now > MAX_EVENT_SKEW_MS;
}

export interface SubmittedInfo {
  name?: string;
  phone?: string;
  address?: string;
}

/** Both `user_submit_info` shapes (§6.5, §12 #13) as one; the address joins street, ward, (district,) city. */
export function parseSubmitInfo(e: ZaloWebhookEvent): SubmittedInfo | undefined {
  const info = e.info;
  if (!info) return undefined;
  const full = info.full_address;
  const parts = full ? [full.user_address, full.user_ward, full.user_city] : [info.address, info.ward, info.district, info.city];
  const address = parts.map((p) => p?.trim()).filter(Boolean).join(', ');
  return dropEmpty({ name: info.name?.trim(), phone: info.phone?.trim(), address });
}

/** What seals and opens a value (db/crypto.ts SecretBox). */
interface Sealer {
  encrypt(plain: string, place: string): string;
  decrypt(sealed: string, place: string): string;
}

/** The associated data of an event's sealed info (db/crypto.ts sealedAt): bound to the event's dedupe key. */
const infoPlace = (dedupe: string) => `zalo_events.info_sealed:${dedupe}`;

/** `user_submit_info` carries a name, phone and address: sealed before the event is stored (issue 11 #9). */
export function sealSubmittedInfo(e: ZaloWebhookEvent, box: Sealer): Record<string, unknown> {
  if (!e.info) return e;
  const { info, ...rest } = e;
  return { ...rest, info_sealed: box.encrypt(JSON.stringify(info), infoPlace(dedupeKey(e))) };
}

/** A stored event as it arrived (the reverse of sealSubmittedInfo; rows without a sealed part pass as they are). */
export function openStoredEvent(raw: Record<string, unknown>, dedupe: string, box: Sealer): ZaloWebhookEvent {
  const { info_sealed: sealed, ...rest } = raw;
  return (typeof sealed === 'string' ? { ...rest, info: JSON.parse(box.decrypt(sealed, infoPlace(dedupe))) as unknown } : raw) as ZaloWebhookEvent;
}

function dropEmpty(info: SubmittedInfo): SubmittedInfo {
  return Object.fromEntries(Object.entries(info).filter(([, v]) => v)) as SubmittedInfo;
}
