// Outbox delivery over Zalo. A consultation message inside the interaction window; outside it a
// ZNS template by phone when the resident shared one; otherwise the message is marked
// undeliverable for clerks to see. No message is sent twice: the row is claimed ('sending') before
// the call, and an attempt that finds it still 'sending' (a crash or a lost answer) first asks
// Zalo's conversation history whether the message went out.
import { ApplicationFailure } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import type { Applicant, MessageButton, Recipient } from '../domain/contracts/dossier.js';
import { sealedAt, type SecretBox } from '../db/crypto.js';
import type { Updateable } from 'kysely';
import type { Db } from '../db/database.js';
import type { MessagesTable } from '../db/schema.js';
import type { ZaloClient } from '../zalo/client.js';
import { ZaloApiError } from '../zalo/errors.js';
import type { conversationWorkflow } from '../workflows/conversation.workflow.js';
import { conversationIdFor, deliverSignal } from '../workflows/conversation.messages.js';
import { log } from '../telemetry/log.js';
import { messagesDelivered } from '../telemetry/worker-metrics.js';
import { ApplicantColumn, RecipientColumn } from '../domain/contracts/columns.js';
import { openSealedIdentity } from '../db/sealed-identities.js';

export interface DeliveryDeps {
  db: Db;
  box: SecretBox;
  zalo: ZaloClient;
  temporal: Client;
  taskQueue: string;
  znsTemplateId: string;
  /** Test hook: runs after Zalo accepted a message and before it is recorded (a crash there). */
  afterSend?: (messageId: string) => Promise<void>;
}

export type DeliveryStatus = 'sent' | 'undeliverable' | 'for_console' | 'sending';

const FINAL = new Set(['sent', 'delivered', 'seen', 'undeliverable', 'for_console']);
/** How far back the conversation history is searched for a message an earlier attempt sent. */
const RECONCILE_SLACK_MS = 5_000;

interface Target {
  oaId: string;
  userId: string;
  phone?: string;
}

export function createDeliveryActivities(deps: DeliveryDeps) {
  const { db } = deps;

  const setStatus = (id: string, fields: Updateable<MessagesTable>) =>
    db.updateTable('messages').set({ ...fields, updated_at: new Date() }).where('id', '=', id).execute();
  const undeliverable = async (id: string, reason: string, channel: 'zalo_cs' | 'zns' | 'none' = 'zalo_cs'): Promise<DeliveryStatus> => {
    await setStatus(id, { status: 'undeliverable', undeliverable_reason: reason });
    // A web applicant without a Zalo identity is not a delivery failure: counted apart from the alert's rate.
    const outcome = reason === 'no_zalo_identity' ? 'no_zalo_identity' : 'undeliverable';
    messagesDelivered.inc({ channel, outcome });
    log.info({ messageId: id, channel, outcome, reason }, 'message settled');
    return 'undeliverable';
  };
  const markSent = async (id: string, zaloMessageId: string, channel: 'zalo_cs' | 'zns'): Promise<DeliveryStatus> => {
    await setStatus(id, { status: 'sent', zalo_message_id: zaloMessageId, channel, sent_at: new Date(), last_error: null });
    messagesDelivered.inc({ channel, outcome: 'sent' });
    log.info({ messageId: id, channel, outcome: 'sent' }, 'message settled');
    return 'sent';
  };

  async function target(recipient: Recipient, dossierId: string | null): Promise<Target | undefined> {
    if (recipient.kind === 'resident') return withPhone({ oaId: recipient.oaId, userId: recipient.userId });
    if (recipient.kind !== 'applicant' || !dossierId) return undefined;
    const row = await db.selectFrom('dossiers').select(['applicant', 'confidential']).where('id', '=', dossierId).executeTakeFirstOrThrow();
    const applicant = row.confidential ? await sealedApplicant(dossierId) : ApplicantColumn.parse(row.applicant);
    if (!applicant?.oaId || !applicant.zaloUserId) return undefined;
    return withPhone({ oaId: applicant.oaId, userId: applicant.zaloUserId }, applicant.phone);
  }

  /** A crime reporter's contact is in the sealed store only (api/dossiers/submit.ts); an anonymous tip has none. */
  async function sealedApplicant(dossierId: string): Promise<Applicant | undefined> {
    const identity = await openSealedIdentity(db, deps.box, dossierId);
    return identity?.applicant === undefined ? undefined : ApplicantColumn.parse(identity.applicant);
  }

  /** The phone the resident shared in Zalo wins over the one typed in a form. */
  async function withPhone(t: Target, formPhone?: string): Promise<Target> {
    const r = await db
      .selectFrom('residents')
      .select('phone_enc')
      .where('oa_id', '=', t.oaId)
      .where('zalo_user_id', '=', t.userId)
      .executeTakeFirst();
    return { ...t, phone: deps.box.decryptOptional(r?.phone_enc ?? null, sealedAt('residents.phone_enc', t.oaId, t.userId)) ?? formPhone };
  }

  /** Did an earlier attempt already send this text to the user? Zalo's history is the authority. */
  async function alreadySent(t: Target, text: string, since: Date): Promise<string | undefined> {
    const history = await deps.zalo.getConversation(t.oaId, t.userId, 10);
    const match = history.find((h) => h.src === 0 && h.message === text && h.time >= since.getTime() - RECONCILE_SLACK_MS);
    return match?.message_id;
  }

  async function sendByZns(id: string, t: Target, text: string, dossierCode: string | undefined): Promise<DeliveryStatus> {
    if (!t.phone) return undeliverable(id, 'outside_window_no_phone', 'none');
    await setStatus(id, { channel: 'zns', zalo_oa_id: t.oaId });
    messagesDelivered.inc({ channel: 'zns', outcome: 'zns_fallback' });
    try {
      const res = await deps.zalo.sendZns(t.oaId, {
        phone: t.phone,
        templateId: deps.znsTemplateId,
        templateData: { ma_ho_so: dossierCode ?? '', noi_dung: text.slice(0, 400) },
        trackingId: id,
      });
      return markSent(id, res.msg_id, 'zns');
    } catch (err) {
      if (err instanceof ZaloApiError && err.code !== undefined) return undeliverable(id, `zns_error_${err.code}`, 'zns');
      throw err; // no answer: left 'sending' on the ZNS channel, never sent again blindly
    }
  }

  async function deliverMessage(messageId: string): Promise<DeliveryStatus> {
    const m = await db
      .selectFrom('messages')
      .leftJoin('dossiers', 'dossiers.id', 'messages.dossier_id')
      .select(['messages.id', 'messages.status', 'messages.recipient', 'messages.text', 'messages.buttons', 'messages.dossier_id', 'messages.channel', 'messages.sending_started_at', 'dossiers.code'])
      .where('messages.id', '=', messageId)
      .executeTakeFirstOrThrow();
    if (FINAL.has(m.status)) return m.status as DeliveryStatus;
    const recipient = RecipientColumn.parse(m.recipient);
    if (recipient.kind === 'staff' || recipient.kind === 'role') {
      await setStatus(m.id, { status: 'for_console' });
      return 'for_console';
    }
    const t = await target(recipient, m.dossier_id);
    if (!t) return undeliverable(m.id, 'no_zalo_identity', 'none');

    if (m.status === 'sending') {
      if (m.channel === 'zns') return 'sending'; // an unanswered ZNS attempt: wait for its delivery webhook
      const sentId = await alreadySent(t, m.text, m.sending_started_at ?? new Date(0));
      if (sentId) return markSent(m.id, sentId, 'zalo_cs');
    }
    await db
      .updateTable('messages')
      .set((eb) => ({ status: 'sending', channel: 'zalo_cs', zalo_oa_id: t.oaId, sending_started_at: new Date(), attempts: eb('attempts', '+', 1), updated_at: new Date() }))
      .where('id', '=', m.id)
      .execute();

    try {
      const buttons = m.buttons as MessageButton[] | null;
      const res = buttons?.length
        ? await deps.zalo.sendButtons(t.oaId, t.userId, { text: m.text, buttons: buttons.map(toZaloButton) })
        : await deps.zalo.sendText(t.oaId, t.userId, m.text);
      await deps.afterSend?.(m.id);
      return await markSent(m.id, res.message_id, 'zalo_cs');
    } catch (err) {
      // A crash after the send, or no answer from Zalo: it stays 'sending'; the retry checks the history.
      if (!(err instanceof ZaloApiError)) throw err;
      if (err.code === undefined) {
        if (err.classification === 'retryable') throw err;
        return undeliverable(m.id, 'invalid_message'); // refused before sending (e.g. too long)
      }
      // Zalo answered with an error code: nothing was sent.
      await setStatus(m.id, { status: 'queued', last_error: `zalo_error_${err.code}` });
      switch (err.classification) {
        case 'outside_window':
          return sendByZns(m.id, t, m.text, m.code ?? undefined);
        case 'retryable':
          throw ApplicationFailure.retryable(err.message, 'ZALO_RETRYABLE');
        case 'reauthorize':
          return undeliverable(m.id, 'oa_needs_reauthorization');
        default:
          return undeliverable(m.id, `zalo_error_${err.code}`);
      }
    }
  }

  /**
   * Hands a dossier's new messages to each resident's conversation (their mailbox) so they are
   * delivered in order without holding up the dossier. Messages nobody can receive over Zalo are
   * settled here. Signalling twice is harmless: delivery is idempotent.
   */
  async function enqueueDelivery(messageIds: string[]): Promise<void> {
    const mailboxes = new Map<string, { oaId: string; userId: string; messageIds: string[] }>();
    for (const id of messageIds) {
      const m = await db
        .selectFrom('messages')
        .leftJoin('dossiers', 'dossiers.id', 'messages.dossier_id')
        .select(['messages.recipient', 'messages.dossier_id', 'dossiers.confidential'])
        .where('messages.id', '=', id)
        .executeTakeFirstOrThrow();
      const t = await target(RecipientColumn.parse(m.recipient), m.dossier_id);
      // A tip's messages are sent from here, never through the reporter's conversation workflow,
      // whose id (and history) would tie their Zalo id to the tip for anyone reading Temporal.
      if (!t || m.confidential) {
        await deliverMessage(id);
        continue;
      }
      const key = conversationIdFor(t.oaId, t.userId);
      const box = mailboxes.get(key) ?? { oaId: t.oaId, userId: t.userId, messageIds: [] };
      box.messageIds.push(id);
      mailboxes.set(key, box);
    }
    for (const [workflowId, box] of mailboxes) {
      await deps.temporal.workflow.signalWithStart<typeof conversationWorkflow, [{ messageIds: string[] }]>('conversationWorkflow', {
        workflowId,
        taskQueue: deps.taskQueue,
        args: [{ oaId: box.oaId, userId: box.userId }],
        signal: deliverSignal,
        signalArgs: [{ messageIds: box.messageIds }],
      });
    }
  }

  return { deliverMessage, enqueueDelivery };
}

function toZaloButton(b: MessageButton) {
  return b.type === 'oa.open.url' ? { title: b.title, type: b.type, payload: { url: b.payload } } : { title: b.title, type: b.type, payload: b.payload };
}
