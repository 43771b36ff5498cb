// What happens when a resident does something in Zalo. One stored webhook event in, replies out
// (outbox rows keyed by event, so a retried activity adds none twice) plus its effects: residents
// upserted, documents attached and supplements sent to the dossier, contact info saved, delivery
// receipts recorded, ratings stored.
import type { Client } from '@temporalio/client';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { CHAT, chatTitle, procedureGuide } from '../domain/chat-texts.js';
import { matchProcedure, parseCommand, type Command } from '../domain/conversation.js';
import type { MessageButton } from '../domain/contracts/dossier.js';
import type { ProcedureDefinition } from '../domain/dsl/schema.js';
import { formatDateVi } from '../domain/wording/dates.js';
import { appointmentText } from '../domain/wording/fees-and-periods.js';
import { acceptsMime, sniffMime } from '../domain/sniff.js';
import { sealedAt, type SecretBox } from '../db/crypto.js';
import type { Db } from '../db/database.js';
import type { FileStore } from '../db/file-store.js';
import { createFormLink } from '../zalo/links.js';
import { fetchMedia, MediaRefused } from '../zalo/media.js';
import type { ZaloWebhookEvent } from '../zalo/types.js';
import { openStoredEvent, parseSubmitInfo } from '../zalo/webhook.js';
import { isWorkflowGone, supplementUpdate, withdrawUpdate } from '../workflows/dossier.messages.js';

export interface ConversationDeps {
  db: Db;
  box: SecretBox;
  temporal: Client;
  files: FileStore;
  /** Signs the form links sent in the chat. */
  secret: string;
  publicUrl: string;
  /** Where files residents send may be downloaded from (Zalo's CDN; the simulator in tests): zalo/media.ts. */
  mediaOrigins: readonly string[];
}

interface Reply {
  template: string;
  text: string;
  buttons?: MessageButton[];
  dossierId?: string;
}

const LINK_TTL_MS = 7 * 24 * 60 * 60 * 1000;
const MAX_BUTTONS = 4; // per message (docs/reference/zalo-oa.md §2.4)
const MAX_DOWNLOAD_BYTES = 25 * 1024 * 1024;
/** What one resident may store through the chat in 24 hours (disk fill, issue 11 #7). */
const RESIDENT_QUOTA_BYTES = 100 * 1024 * 1024;
const DAY_MS = 24 * 60 * 60 * 1000;
const USER_EVENTS = /^user_(send_|submit_info|click_chatnow)|^follow$/;

export function createConversationActivities(deps: ConversationDeps) {
  const { db } = deps;

  /** Handles one stored event; returns the ids of the replies to deliver, in order. */
  async function handleZaloEvent(eventId: string): Promise<string[]> {
    const row = await db.selectFrom('zalo_events').selectAll().where('id', '=', eventId).executeTakeFirstOrThrow();
    if (!row.processed_at) {
      const event = openStoredEvent(row.raw, row.dedupe_key, deps.box);
      const replies = await react(event, row.oa_id ?? '', row.zalo_user_id ?? '');
      await db.transaction().execute(async (trx) => {
        if (replies.length > 0) {
          await trx
            .insertInto('messages')
            .values(
              replies.map((r, i) => ({
                idempotency_key: `zalo:${eventId}:${String(i).padStart(2, '0')}`,
                dossier_id: r.dossierId ?? null,
                recipient: JSON.stringify({ kind: 'resident', oaId: row.oa_id, userId: row.zalo_user_id }),
                template: r.template,
                text: r.text,
                buttons: r.buttons ? JSON.stringify(r.buttons) : null,
              })),
            )
            .onConflict((oc) => oc.column('idempotency_key').doNothing())
            .execute();
        }
        await trx.updateTable('zalo_events').set({ processed_at: new Date() }).where('id', '=', eventId).execute();
      });
    }
    const ids = await db
      .selectFrom('messages')
      .select('id')
      .where('idempotency_key', 'like', `zalo:${eventId}:%`)
      .orderBy('idempotency_key')
      .execute();
    return ids.map((r) => r.id);
  }

  async function react(event: ZaloWebhookEvent, oaId: string, userId: string): Promise<Reply[]> {
    const name = event.event_name;
    if (USER_EVENTS.test(name)) await touchResident(oaId, userId, name === 'follow' ? true : undefined);
    switch (name) {
      case 'follow':
        return [{ template: 'chat.welcome', text: CHAT.welcome(await oaName(oaId)) }, ...(await menu(oaId, userId))];
      case 'unfollow':
        await db.updateTable('residents').set({ following: false, updated_at: new Date() }).where('oa_id', '=', oaId).where('zalo_user_id', '=', userId).execute();
        return [];
      case 'user_send_text':
        return command(parseCommand(event.message?.text ?? ''), oaId, userId);
      case 'user_send_image':
      case 'user_send_file':
        return attachments(event, oaId, userId);
      case 'user_submit_info':
        await saveContact(oaId, userId, parseSubmitInfo(event) ?? {});
        return [{ template: 'chat.infoSaved', text: CHAT.infoSaved }];
      case 'user_received_message':
        await receipt(oaId, event.message?.msg_id ? [event.message.msg_id] : [], 'delivered', event.message?.tracking_id);
        return [];
      case 'user_seen_message':
        await receipt(oaId, event.message?.msg_ids ?? [], 'seen');
        return [];
      default:
        return []; // stored in zalo_events for clerks; Zalo adds events without notice (§6.7)
    }
  }

  async function command(cmd: Command, oaId: string, userId: string): Promise<Reply[]> {
    switch (cmd.kind) {
      case 'menu':
        return menu(oaId, userId);
      case 'help':
        return [{ template: 'chat.help', text: CHAT.help }];
      case 'status':
        return status(cmd.code, oaId, userId);
      case 'withdraw':
        return withdraw(cmd.code, oaId, userId);
      case 'guide':
        return guide(cmd.query, oaId, userId);
      case 'rating':
        return rate(cmd.code, cmd.rating, oaId, userId);
      case 'unknown':
        return [{ template: 'chat.fallback', text: CHAT.fallback }];
    }
  }

  /** One button per published procedure; Zalo allows 4 buttons a message, so the menu spans messages. */
  async function menu(oaId: string, userId: string): Promise<Reply[]> {
    const procedures = await published();
    if (procedures.length === 0) return [{ template: 'chat.menu', text: CHAT.noProcedures }];
    const buttons: MessageButton[] = [];
    for (const p of procedures) buttons.push({ title: chatTitle(p), type: 'oa.open.url', payload: await formLink(oaId, userId, p.code) });
    const replies: Reply[] = [];
    for (let i = 0; i < buttons.length; i += MAX_BUTTONS) {
      replies.push({ template: 'chat.menu', text: i === 0 ? CHAT.menu : CHAT.menuMore, buttons: buttons.slice(i, i + MAX_BUTTONS) });
    }
    return replies;
  }

  async function status(code: string | undefined, oaId: string, userId: string): Promise<Reply[]> {
    const mine = ownDossiers(oaId, userId);
    if (code) {
      const d = await mine.where('dossiers.code', '=', code).executeTakeFirst();
      if (!d) return [{ template: 'chat.dossierNotFound', text: CHAT.dossierNotFound }];
      const link = await createFormLink(db, deps.secret, { oaId, userId, purpose: 'status', dossierCode: d.code, ttlMs: LINK_TTL_MS }, deps.publicUrl);
      return [
        {
          template: 'chat.status',
          text: CHAT.status({ code: d.code, procedure: d.procedure, state: d.state_label ?? '', due: dueText(d), outcome: d.outcome }),
          buttons: [{ title: CHAT.openStatus, type: 'oa.open.url', payload: link }],
          dossierId: d.id,
        },
      ];
    }
    const recent = await mine.orderBy('dossiers.submitted_at', 'desc').limit(5).execute();
    if (recent.length === 0) return [{ template: 'chat.noDossiers', text: CHAT.noDossiers }];
    const lines = recent.map((d) => CHAT.status({ code: d.code, procedure: d.procedure, state: d.state_label ?? '', due: dueText(d), outcome: d.outcome }));
    return [{ template: 'chat.status', text: [CHAT.statusList, ...lines].join('\n') }];
  }

  async function withdraw(code: string | undefined, oaId: string, userId: string): Promise<Reply[]> {
    if (!code) return [{ template: 'chat.askCode', text: CHAT.askCode }];
    const d = await ownDossiers(oaId, userId).where('dossiers.code', '=', code).executeTakeFirst();
    if (!d) return [{ template: 'chat.dossierNotFound', text: CHAT.dossierNotFound }];
    try {
      await deps.temporal.workflow.getHandle(d.workflow_id).executeUpdate(withdrawUpdate, { args: [{ reason: 'Rút qua Zalo' }] });
      return [{ template: 'chat.withdrawn', text: CHAT.withdrawn(code), dossierId: d.id }];
    } catch (err) {
      if (!(err instanceof WorkflowUpdateFailedError) && !isWorkflowGone(err)) throw err;
      const reason = err instanceof WorkflowUpdateFailedError ? (err.cause?.message ?? err.message) : 'hồ sơ đã kết thúc.';
      return [{ template: 'chat.cannotWithdraw', text: CHAT.cannotWithdraw(code, reason), dossierId: d.id }];
    }
  }

  async function guide(query: string, oaId: string, userId: string): Promise<Reply[]> {
    const procedures = await published();
    const p = matchProcedure(query, procedures.map((d) => ({ code: d.code, name: d.name.vi, def: d })))?.def;
    if (!p) return [{ template: 'chat.guideUnknown', text: CHAT.guideUnknown(procedures.map((d) => d.name.vi)) }];
    return [
      {
        template: 'chat.guide',
        text: procedureGuide(p),
        buttons: [{ title: CHAT.openForm, type: 'oa.open.url', payload: await formLink(oaId, userId, p.code) }],
      },
    ];
  }

  async function rate(code: string, rating: number, oaId: string, userId: string): Promise<Reply[]> {
    const d = await ownDossiers(oaId, userId).where('dossiers.code', '=', code).where('dossiers.outcome', 'is not', null).executeTakeFirst();
    if (!d) return [{ template: 'chat.ratingUnknown', text: CHAT.ratingUnknown }];
    await db
      .insertInto('surveys')
      .values({ dossier_id: d.id, rating })
      .onConflict((oc) => oc.column('dossier_id').doUpdateSet({ rating, created_at: new Date() }))
      .execute();
    return [{ template: 'chat.ratingThanks', text: CHAT.ratingThanks(code, rating), dossierId: d.id }];
  }

  /** Photos and files attach to the resident's dossier waiting for a supplement, which then goes back to the office. */
  async function attachments(event: ZaloWebhookEvent, oaId: string, userId: string): Promise<Reply[]> {
    const resident = await residentId(oaId, userId);
    const waiting = await ownDossiers(oaId, userId).where('dossiers.state_type', '=', 'applicant').orderBy('dossiers.submitted_at', 'desc').executeTakeFirst();
    let stored = 0;
    for (const a of event.message?.attachments ?? []) {
      const url = typeof a.payload?.url === 'string' ? a.payload.url : undefined;
      if (!url) continue;
      let bytes: Uint8Array;
      try {
        bytes = await fetchMedia(url, { origins: deps.mediaOrigins, maxBytes: Math.min(MAX_DOWNLOAD_BYTES, await quotaLeft(resident)) });
      } catch (err) {
        if (!(err instanceof MediaRefused)) throw err;
        const text = err.reason === 'too_large' ? CHAT.attachmentTooLarge : CHAT.attachmentRejected;
        return [{ template: `chat.${err.reason === 'too_large' ? 'attachmentTooLarge' : 'attachmentRejected'}`, text }];
      }
      const mime = sniffMime(bytes);
      if (!acceptsMime(['image/*', 'application/pdf'], mime)) return [{ template: 'chat.attachmentRejected', text: CHAT.attachmentRejected }];
      const sha256 = await deps.files.put(bytes);
      const filename = typeof a.payload?.name === 'string' ? a.payload.name : `zalo-${createHash('sha1').update(url).digest('hex').slice(0, 8)}`;
      const exists = await db.selectFrom('documents').select('id').where('sha256', '=', sha256).where('resident_id', '=', resident).where('source', '=', 'chat').executeTakeFirst();
      if (!exists) {
        await db.insertInto('documents').values({ dossier_id: waiting?.id ?? null, resident_id: resident, sha256, mime: mime!, size: bytes.length, filename, source: 'chat' }).execute();
      }
      stored++;
    }
    if (!waiting) return [{ template: 'chat.attachmentKept', text: CHAT.attachmentKept }];
    try {
      await deps.temporal.workflow.getHandle(waiting.workflow_id).executeUpdate(supplementUpdate, { args: [{ note: `Bổ sung ${stored} tệp qua Zalo` }] });
    } catch (err) {
      if (!(err instanceof WorkflowUpdateFailedError)) throw err; // already back with the office (a retried event)
    }
    return [{ template: 'chat.supplementReceived', text: CHAT.supplementReceived(waiting.code, stored), dossierId: waiting.id }];
  }

  async function quotaLeft(resident: string): Promise<number> {
    const { used } = await db
      .selectFrom('documents')
      .select(sql<string>`coalesce(sum(size), 0)`.as('used'))
      .where('resident_id', '=', resident)
      .where('source', '=', 'chat')
      .where('created_at', '>', new Date(Date.now() - DAY_MS))
      .executeTakeFirstOrThrow();
    return Math.max(0, RESIDENT_QUOTA_BYTES - Number(used));
  }

  async function saveContact(oaId: string, userId: string, info: { name?: string; phone?: string; address?: string }) {
    await db
      .updateTable('residents')
      .set({
        ...(info.phone ? { phone_enc: deps.box.encrypt(info.phone, sealedAt('residents.phone_enc', oaId, userId)) } : {}),
        ...(info.name ? { name_enc: deps.box.encrypt(info.name, sealedAt('residents.name_enc', oaId, userId)) } : {}),
        ...(info.address ? { address_enc: deps.box.encrypt(info.address, sealedAt('residents.address_enc', oaId, userId)) } : {}),
        updated_at: new Date(),
      })
      .where('oa_id', '=', oaId)
      .where('zalo_user_id', '=', userId)
      .execute();
  }

  /** Receipts arrive late and out of order (§6.2): a state only moves forward. Only messages sent through the receipt's OA. */
  async function receipt(oaId: string, msgIds: string[], kind: 'delivered' | 'seen', trackingId?: string) {
    const now = new Date();
    let q = db.updateTable('messages').where('zalo_oa_id', '=', oaId).set(kind === 'seen' ? { status: 'seen', seen_at: now } : { delivered_at: now, status: sql<string>`case when status = 'seen' then 'seen' else 'delivered' end` });
    if (trackingId && /^[0-9a-f-]{36}$/.test(trackingId)) q = q.where((eb) => eb.or([eb('zalo_message_id', 'in', msgIds.length ? msgIds : ['']), eb('id', '=', trackingId)]));
    else if (msgIds.length) q = q.where('zalo_message_id', 'in', msgIds);
    else return;
    await q.execute();
  }

  /** The due date as the definition lets it be stated (an unconfirmed period gives no date). */
  function dueText(d: { due_at: Date | null; period_confirmed: boolean | null }): string | undefined {
    return d.due_at ? appointmentText({ confirmed: d.period_confirmed === true }, formatDateVi(d.due_at.getTime())) : undefined;
  }

  function ownDossiers(oaId: string, userId: string) {
    return db
      .selectFrom('dossiers')
      .select(['dossiers.id', 'dossiers.code', 'dossiers.workflow_id', 'dossiers.state_label', 'dossiers.due_at', 'dossiers.outcome', sql<string>`procedure_code`.as('procedure')])
      .select(
        sql<boolean | null>`(select (p.body->'deadline'->>'confirmed')::boolean from procedure_definitions p where p.code = dossiers.procedure_code and p.version = dossiers.procedure_version)`.as('period_confirmed'),
      )
      // A crime tip never shows in the chat: the replies are stored where every role of the unit reads them.
      .where('dossiers.confidential', '=', false)
      .where(sql<string>`applicant->>'oaId'`, '=', oaId)
      .where(sql<string>`applicant->>'zaloUserId'`, '=', userId);
  }

  async function touchResident(oaId: string, userId: string, following?: boolean) {
    const now = new Date();
    await db
      .insertInto('residents')
      .values({ oa_id: oaId, zalo_user_id: userId, following: following ?? false, last_interaction_at: now })
      .onConflict((oc) => oc.columns(['oa_id', 'zalo_user_id']).doUpdateSet({ last_interaction_at: now, updated_at: now, ...(following === undefined ? {} : { following }) }))
      .execute();
  }

  async function residentId(oaId: string, userId: string): Promise<string> {
    const r = await db.selectFrom('residents').select('id').where('oa_id', '=', oaId).where('zalo_user_id', '=', userId).executeTakeFirstOrThrow();
    return r.id;
  }

  async function oaName(oaId: string): Promise<string> {
    const r = await db.selectFrom('zalo_oas').select('name').where('oa_id', '=', oaId).executeTakeFirst();
    return r?.name ?? 'Zalo An ninh';
  }

  async function published(): Promise<ProcedureDefinition[]> {
    const rows = await db.selectFrom('procedure_definitions').select('body').where('status', '=', 'published').orderBy('code').execute();
    return rows.map((r) => r.body as ProcedureDefinition);
  }

  function formLink(oaId: string, userId: string, procedureCode: string): Promise<string> {
    return createFormLink(db, deps.secret, { oaId, userId, purpose: 'submit', procedureCode, ttlMs: LINK_TTL_MS }, deps.publicUrl);
  }

  return { handleZaloEvent };
}
