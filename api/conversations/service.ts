// The conversation inbox: what residents wrote to the units' Zalo OAs (free text, photos, files, as
// stored in zalo_events) and the clerks' replies. A reply is a consultation message (docs/reference/zalo-oa.md
// §2.7): it goes out only while the resident's last interaction is under 7 days old, through the
// outbox (`messages`) and the resident's conversation workflow, like every other message.
import type { Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { canSeeUnit } from '../../domain/access.js';
import type { StaffActor } from '../../domain/contracts/dossier.js';
import { DomainError } from '../../domain/errors.js';
import { sealedAt, type SecretBox } from '../../db/crypto.js';
import type { Db } from '../../db/database.js';
import type { conversationWorkflow } from '../../workflows/conversation.workflow.js';
import { conversationIdFor, deliverSignal } from '../../workflows/conversation.messages.js';
import { log } from '../../telemetry/log.js';

/** Zalo's consultation window: a free-form message only within 7 days of the resident's last interaction. */
const CONSULTATION_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;
export const MAX_REPLY_CHARS = 2000;
export const REPLY_TEMPLATE = 'staff.reply';
/** What residents write; the other events (follows, receipts, shared info) are not conversation. */
const INBOUND_EVENTS = ['user_send_text', 'user_send_image', 'user_send_file'] as const;
const PREVIEW_CHARS = 120;
const THREAD_LIMIT = 200;

export interface ConversationRow {
  oaId: string;
  oaName: string;
  userId: string;
  residentName: string | null;
  lastInboundAt: Date;
  preview: string;
  /** No clerk replied since the resident's last message. */
  unanswered: boolean;
}

export interface ThreadEntry {
  direction: 'in' | 'out';
  at: Date;
  text: string;
  /** Outbound only. */
  template?: string;
  status?: string;
  undeliverableReason?: string | null;
  channel?: string | null;
  repliedBy?: string | null;
}

export interface ConversationThread {
  oaId: string;
  oaName: string;
  userId: string;
  residentName: string | null;
  lastInteractionAt: Date | null;
  /** Why a reply cannot be sent now (outside the window), or undefined when it can. */
  cannotReply?: string;
  entries: ThreadEntry[];
}

export interface ReplyDeps {
  db: Db;
  temporal: Client;
  taskQueue: string;
}

// ---- scope ----

/**
 * The OAs the clerk serves: an OA belongs to a unit, and a dissolved unit's OA is served by the
 * staff of its successor, as its dossiers are — both through the actor's grants (`effectiveGrants`).
 */
async function visibleOas(db: Db, actor: StaffActor): Promise<Map<string, string>> {
  const oas = await db.selectFrom('zalo_oas').select(['oa_id', 'name', 'unit_id']).execute();
  return new Map(oas.filter((oa) => canSeeUnit(actor.grants, oa.unit_id)).map((oa) => [oa.oa_id, oa.name]));
}

const notFound = () => new DomainError('NOT_FOUND', 'Không tìm thấy cuộc trò chuyện.');

async function oaInScope(db: Db, actor: StaffActor, oaId: string): Promise<string> {
  const name = (await visibleOas(db, actor)).get(oaId);
  if (name === undefined) throw notFound();
  return name;
}

// ---- reading ----

interface RawMessage {
  message?: { text?: unknown; attachments?: Array<{ type?: unknown; payload?: { name?: unknown } }> };
}

/** The text of an inbound event as a clerk reads it: the text, or what was attached. */
function inboundText(eventName: string, raw: unknown): string {
  const message = (raw as RawMessage | null)?.message;
  const text = typeof message?.text === 'string' ? message.text.trim() : '';
  if (eventName === 'user_send_text') return text;
  const attachments = Array.isArray(message?.attachments) ? message.attachments : [];
  const names = attachments.map((a) => (typeof a.payload?.name === 'string' ? a.payload.name : undefined)).filter(Boolean);
  const what = eventName === 'user_send_image' ? `[Ảnh${attachments.length > 1 ? ` ×${attachments.length}` : ''}]` : `[Tệp${names.length ? `: ${names.join(', ')}` : ''}]`;
  return text ? `${what} ${text}` : what;
}

/** The lookbehind makes a match start only at a word start, so the scan stays linear. */
const DOSSIER_CODE = /(?<![A-Za-z0-9])[A-Za-z0-9]+-\d{6}-\d{4}/g;
const MASKED_CODE = '[hồ sơ bảo mật]';

/**
 * Masks the codes of crime tips in what clerks read: a resident asking about a tip's code in the chat
 * would otherwise tie their Zalo id to it for every role of the unit (only investigators see tips).
 */
async function maskTipCodes(db: Db, texts: string[]): Promise<(text: string) => string> {
  const codes = new Set(texts.flatMap((t) => (t.match(DOSSIER_CODE) ?? []).map((c) => c.toUpperCase())));
  if (codes.size === 0) return (text) => text;
  const tips = await db.selectFrom('dossiers').select('code').where('code', 'in', [...codes]).where('confidential', '=', true).execute();
  const hidden = new Set(tips.map((t) => t.code));
  return (text) => (hidden.size === 0 ? text : text.replace(DOSSIER_CODE, (c) => (hidden.has(c.toUpperCase()) ? MASKED_CODE : c)));
}

const preview = (text: string) => (text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS - 1)}…` : text);

/** One row per (OA, resident) of the clerk's OAs who wrote something, most recent first. */
export async function listConversations(db: Db, actor: StaffActor, limit = 200): Promise<ConversationRow[]> {
  const oas = await visibleOas(db, actor);
  if (oas.size === 0) return [];
  const oaIds = [...oas.keys()];
  const latest = await db
    .selectFrom('zalo_events')
    .select(['oa_id', 'zalo_user_id', 'event_name', 'raw', 'received_at'])
    .distinctOn(['oa_id', 'zalo_user_id'])
    .where('oa_id', 'in', oaIds)
    .where('zalo_user_id', 'is not', null)
    .where('event_name', 'in', INBOUND_EVENTS)
    .orderBy('oa_id')
    .orderBy('zalo_user_id')
    .orderBy('received_at', 'desc')
    .execute();
  if (latest.length === 0) return [];
  const [replies, residents] = await Promise.all([
    db
      .selectFrom('messages')
      .select([sql<string>`recipient->>'oaId'`.as('oa_id'), sql<string>`recipient->>'userId'`.as('user_id'), sql<Date>`max(created_at)`.as('last_reply_at')])
      .where('template', '=', REPLY_TEMPLATE)
      .where(sql<string>`recipient->>'oaId'`, 'in', oaIds)
      .groupBy([sql`recipient->>'oaId'`, sql`recipient->>'userId'`])
      .execute(),
    db.selectFrom('residents').select(['oa_id', 'zalo_user_id', 'display_name']).where('oa_id', 'in', oaIds).execute(),
  ]);
  const mask = await maskTipCodes(db, latest.map((e) => inboundText(e.event_name, e.raw)));
  const key = (oaId: string, userId: string) => `${oaId}\u0000${userId}`;
  const lastReply = new Map(replies.map((r) => [key(r.oa_id, r.user_id), new Date(r.last_reply_at)]));
  const names = new Map(residents.map((r) => [key(r.oa_id, r.zalo_user_id), r.display_name]));
  return latest
    .map((e) => {
      const oaId = e.oa_id!;
      const userId = e.zalo_user_id!;
      const replied = lastReply.get(key(oaId, userId));
      return {
        oaId,
        oaName: oas.get(oaId) ?? oaId,
        userId,
        residentName: names.get(key(oaId, userId)) ?? null,
        lastInboundAt: e.received_at,
        preview: preview(mask(inboundText(e.event_name, e.raw))),
        unanswered: !replied || replied < e.received_at,
      };
    })
    .sort((a, b) => b.lastInboundAt.getTime() - a.lastInboundAt.getTime())
    .slice(0, limit);
}

/** Why a consultation message cannot be sent now, or undefined. */
function replyRefusal(lastInteractionAt: Date | null, now = Date.now()): string | undefined {
  if (!lastInteractionAt) return 'Người dân chưa từng tương tác với Zalo OA này nên không thể gửi tin nhắn tư vấn.';
  if (now - lastInteractionAt.getTime() > CONSULTATION_WINDOW_MS) {
    return 'Không thể gửi: người dân đã quá 7 ngày không tương tác với Zalo OA (Zalo chỉ cho phép tin nhắn tư vấn trong 7 ngày kể từ lần tương tác gần nhất). Tin nhắn sẽ gửi được khi người dân nhắn lại.';
  }
  return undefined;
}

/** Inbound and outbound messages of one resident on one OA, oldest first (the latest 200 of each). */
export async function conversationThread(db: Db, box: SecretBox, actor: StaffActor, oaId: string, userId: string): Promise<ConversationThread> {
  const oaName = await oaInScope(db, actor, oaId);
  const [resident, inbound, outbound] = await Promise.all([
    db.selectFrom('residents').select(['display_name', 'name_enc', 'last_interaction_at']).where('oa_id', '=', oaId).where('zalo_user_id', '=', userId).executeTakeFirst(),
    db
      .selectFrom('zalo_events')
      .select(['event_name', 'raw', 'received_at'])
      .where('oa_id', '=', oaId)
      .where('zalo_user_id', '=', userId)
      .where('event_name', 'in', INBOUND_EVENTS)
      .orderBy('received_at', 'desc')
      .limit(THREAD_LIMIT)
      .execute(),
    db
      .selectFrom('messages')
      .leftJoin('staff', (j) => j.on(sql<string>`staff.id::text`, '=', sql<string>`messages.recipient->>'repliedBy'`))
      .select([
        'messages.text',
        'messages.template',
        'messages.status',
        'messages.channel',
        'messages.undeliverable_reason',
        'messages.created_at',
        'staff.full_name',
      ])
      .where(sql<string>`messages.recipient->>'kind'`, '=', 'resident')
      .where(sql<string>`messages.recipient->>'oaId'`, '=', oaId)
      .where(sql<string>`messages.recipient->>'userId'`, '=', userId)
      .orderBy('messages.created_at', 'desc')
      .limit(THREAD_LIMIT)
      .execute(),
  ]);
  if (!resident && inbound.length === 0 && outbound.length === 0) throw notFound();
  const entries = await maskEntries(db, [
    ...inbound.map((e) => ({ direction: 'in' as const, at: e.received_at, text: inboundText(e.event_name, e.raw) })),
    ...outbound.map((m) => ({
      direction: 'out' as const,
      at: m.created_at,
      text: m.text,
      template: m.template,
      status: m.status,
      channel: m.channel,
      undeliverableReason: m.undeliverable_reason,
      repliedBy: m.full_name,
    })),
  ]);
  entries.sort((a, b) => a.at.getTime() - b.at.getTime());
  const lastInteractionAt = resident?.last_interaction_at ?? null;
  return {
    oaId,
    oaName,
    userId,
    residentName: box.decryptOptional(resident?.name_enc ?? null, sealedAt('residents.name_enc', oaId, userId)) ?? resident?.display_name ?? null,
    lastInteractionAt,
    cannotReply: replyRefusal(lastInteractionAt),
    entries,
  };
}

async function maskEntries(db: Db, entries: ThreadEntry[]): Promise<ThreadEntry[]> {
  const mask = await maskTipCodes(db, entries.map((e) => e.text));
  return entries.map((e) => ({ ...e, text: mask(e.text) }));
}

// ---- replying ----

/**
 * Sends a clerk's reply: checked (scope, text, the 7-day window), kept in the outbox and handed to
 * the resident's conversation workflow, which delivers it in order with the bot's messages. The
 * clerk is recorded in the recipient (`repliedBy`): the messages table has no actor column.
 * `key` (a UUID from the form) makes a resubmitted form send nothing twice; resubmitting it after a
 * failed hand-over to Temporal hands the same row over again. Returns false when the key was already used.
 */
export async function replyToResident(
  deps: ReplyDeps,
  actor: StaffActor,
  oaId: string,
  userId: string,
  text: string,
  key: string = randomUUID(),
): Promise<boolean> {
  await oaInScope(deps.db, actor, oaId);
  const resident = await deps.db
    .selectFrom('residents')
    .select('last_interaction_at')
    .where('oa_id', '=', oaId)
    .where('zalo_user_id', '=', userId)
    .executeTakeFirst();
  if (!resident) throw notFound();
  const body = text.replace(/\r\n/g, '\n').trim();
  if (!body) throw new DomainError('VALIDATION_FAILED', 'Chưa nhập nội dung trả lời.', [{ path: 'text', message: 'Hãy nhập nội dung tin nhắn' }]);
  if (body.length > MAX_REPLY_CHARS) {
    throw new DomainError('VALIDATION_FAILED', `Tin nhắn dài ${body.length} ký tự, vượt quá ${MAX_REPLY_CHARS} ký tự Zalo cho phép.`, [
      { path: 'text', message: `Tối đa ${MAX_REPLY_CHARS} ký tự` },
    ]);
  }
  const refusal = replyRefusal(resident.last_interaction_at);
  if (refusal) throw new DomainError('INVALID_STATE', refusal);

  const recipient = { kind: 'resident', oaId, userId, repliedBy: actor.staffId };
  const inserted = await deps.db
    .insertInto('messages')
    .values({ idempotency_key: `reply:${key}`, dossier_id: null, recipient: JSON.stringify(recipient), template: REPLY_TEMPLATE, text: body })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  let id = inserted?.id;
  if (!id) {
    // The same form again: hand the first row over once more if it never left (signalling twice is harmless).
    const first = await deps.db.selectFrom('messages').select(['id', 'status', 'recipient']).where('idempotency_key', '=', `reply:${key}`).executeTakeFirstOrThrow();
    const r = first.recipient as { oaId?: string; userId?: string };
    if (r.oaId !== oaId || r.userId !== userId || first.status !== 'queued') return false;
    id = first.id;
  }
  try {
    await deps.temporal.workflow.signalWithStart<typeof conversationWorkflow, [{ messageIds: string[] }]>('conversationWorkflow', {
      workflowId: conversationIdFor(oaId, userId),
      taskQueue: deps.taskQueue,
      args: [{ oaId, userId }],
      signal: deliverSignal,
      signalArgs: [{ messageIds: [id] }],
    });
  } catch (err) {
    log.error({ messageId: id, errorType: (err as Error).name }, 'staff reply: hand-over failed');
    throw new DomainError('UNAVAILABLE', 'Tin nhắn đã được lưu nhưng hệ thống gửi tin đang gián đoạn. Vui lòng bấm "Gửi trả lời" lại sau ít phút (tin sẽ không bị gửi hai lần).');
  }
  return inserted !== undefined;
  return true;
}
