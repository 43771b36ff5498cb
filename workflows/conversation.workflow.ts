// One durable conversation per resident and OA (id `conversation:<oaId>:<userId>`). It is also the
// resident's mailbox: webhook events and outbox messages (from the chat or from dossiers) arrive
// as signals and are worked through one at a time, in arrival order, so replies and notifications
// reach the resident in order. Idle for 30 days, it ends; the next signal-with-start revives it.
import * as wf from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { deliverSignal, zaloEventSignal, type ConversationInput } from './conversation.messages.js';

const { handleZaloEvent } = wf.proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
const { deliverMessage } = wf.proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', maximumInterval: '10 minutes', maximumAttempts: 30 },
});

type Item = { eventId: string } | { messageIds: string[] };

const IDLE = '30 days';
const ITEMS_PER_RUN = 500;

export async function conversationWorkflow(input: ConversationInput, carried: Item[] = []): Promise<void> {
  const queue: Item[] = [...carried];
  wf.setHandler(zaloEventSignal, (item) => void queue.push(item));
  wf.setHandler(deliverSignal, (item) => void queue.push(item));
  for (let handled = 0; ; handled++) {
    if (queue.length === 0 && !(await wf.condition(() => queue.length > 0, IDLE))) return;
    const item = queue.shift()!;
    const messageIds = 'eventId' in item ? await handleZaloEvent(item.eventId) : item.messageIds;
    for (const id of messageIds) await deliverMessage(id);
    if (handled >= ITEMS_PER_RUN || wf.workflowInfo().continueAsNewSuggested) {
      await wf.continueAsNew<typeof conversationWorkflow>(input, queue);
    }
  }
}
