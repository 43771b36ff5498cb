// Messages of the conversation workflow, shared with the webhook receiver and the outbox.
import { defineSignal } from '@temporalio/workflow';

export interface ConversationInput {
  oaId: string;
  /** Absent for OA-level events (ZNS receipts, tags): they share one conversation per OA. */
  userId?: string;
}

/** A stored webhook event to handle. */
export const zaloEventSignal = defineSignal<[{ eventId: string }]>('zaloEvent');
/** Outbox messages for this resident, delivered in order after what is already queued. */
export const deliverSignal = defineSignal<[{ messageIds: string[] }]>('deliver');

export const conversationIdFor = (oaId: string, userId: string | undefined): string => `conversation:${oaId}:${userId ?? '_oa'}`;
