// One interpreter workflow for every procedure definition. The definition snapshot arrives in the
// input, so publishing a new version never changes a running dossier. State lives in DossierMachine
// (pure); this file wires it to Temporal: Update handlers, durable timers and activities.
import type { UpdateDefinition } from '@temporalio/common';
import * as wf from '@temporalio/workflow';
import type { DossierEvent, DossierInput, DossierView } from '../domain/contracts/dossier.js';
import { DossierMachine, type MachineState } from '../domain/dossier-machine.js';
import { DomainError } from '../domain/errors.js';
import type { Activities } from '../activities/index.js';
import {
  actUpdate,
  bookUpdate,
  claimUpdate,
  externalEventUpdate,
  DueAtAttr,
  releaseUpdate,
  stateQuery,
  StateAttr,
  supplementUpdate,
  withdrawUpdate,
} from './dossier.messages.js';

const { recordEvent } = wf.proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
const { enqueueDelivery } = wf.proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
const { reserveSlot } = wf.proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 5, nonRetryableErrorTypes: ['SLOT_FULL', 'INVALID_SLOT', 'NO_CAPACITY'] },
});
const { runSystemStep } = wf.proxyActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '2 seconds', maximumInterval: '5 minutes', nonRetryableErrorTypes: ['UNKNOWN_SYSTEM_STEP'] },
});

export async function dossierWorkflow(input: DossierInput, carried?: MachineState): Promise<DossierView> {
  // Histories from before the BLTTHS Art 134 correction keep ending day periods on a working day.
  const machine = new DossierMachine(input, Date.now(), carried, { dayPeriodsRollOver: !wf.patched('bltths-art134-day-periods') });
  const firstSeq = carried?.seq ?? 0;
  let recordedSeq = firstSeq;
  const waitForChangeOrTimer = changeOrTimerWaiter();
  /**
   * A fresh history starts when the server suggests it (or after maxEventsPerRun events), and only
   * between changes: every event recorded and no Update handler still waiting.
   */
  const readyForNewRun = () =>
    (wf.workflowInfo().continueAsNewSuggested ||
      (input.maxEventsPerRun !== undefined && machine.seq - firstSeq >= input.maxEventsPerRun)) &&
    machine.pending.length === 0 &&
    wf.allHandlersFinished();

  /** Applies a clerk's or resident's change, then answers once it is recorded in PostgreSQL. */
  function register<I>(
    def: UpdateDefinition<DossierView, [I]>,
    check: (i: I) => void,
    apply: (i: I, now: number) => DossierEvent | undefined,
  ): void {
    wf.setHandler(
      def,
      async (i: I) => {
        rejectAsFailure(() => check(i)); // an earlier update in the same activation may have changed the state
        apply(i, Date.now());
        // Answer after the change and any automatic steps it triggers are recorded.
        await wf.condition(() => recordedSeq >= machine.seq && machine.isResting());
        return machine.view();
      },
      { validator: (i: I) => rejectAsFailure(() => check(i)) },
    );
  }
  register(actUpdate, (i) => machine.checkAct(i), (i, now) => machine.act(i, now));
  register(claimUpdate, (i) => machine.checkClaim(i), (i, now) => machine.claim(i, now));
  register(releaseUpdate, (i) => machine.checkRelease(i), (i, now) => machine.release(i, now));
  register(supplementUpdate, (i) => machine.checkSupplement(i), (i, now) => machine.supplement(i, now));
  register(withdrawUpdate, (i) => machine.checkWithdraw(i), (i, now) => machine.withdraw(i, now));
  register(externalEventUpdate, (i) => machine.checkExternal(i), (i, now) => machine.external(i, now));

  // Booking reserves the slot (capacity lives in PostgreSQL) before the dossier records it.
  wf.setHandler(
    bookUpdate,
    async (i) => {
      rejectAsFailure(() => machine.checkBook(i, Date.now()));
      const view = machine.view();
      const bookingKey = `${input.dossierId}:${wf.currentUpdateInfo()!.id}`;
      try {
        await reserveSlot({ dossierId: input.dossierId, unitId: input.unit.id, kind: view.appointment!.kind, startsAt: i.startsAt, bookingKey, replaces: machine.currentBookingKey() });
      } catch (err) {
        const reason = err instanceof wf.ActivityFailure ? err.cause : undefined;
        if (reason instanceof wf.ApplicationFailure) throw wf.ApplicationFailure.create({ type: reason.type ?? undefined, message: reason.message, nonRetryable: true });
        throw err;
      }
      rejectAsFailure(() => machine.checkBook(i, Date.now())); // the dossier may have moved on meanwhile
      machine.book(i, bookingKey, Date.now());
      await wf.condition(() => recordedSeq >= machine.seq && machine.isResting());
      return machine.view();
    },
    { validator: (i) => rejectAsFailure(() => machine.checkBook(i, Date.now())) },
  );
  wf.setHandler(stateQuery, () => machine.view());

  for (;;) {
    while (machine.pending.length > 0) {
      const event = machine.pending[0]!;
      // Recorded before delivery existed, recordEvent returned nothing.
      const messageIds = (await recordEvent(event)) ?? [];
      machine.pending.shift();
      recordedSeq = event.seq;
      // Delivery runs in each resident's conversation (their mailbox), never blocking the dossier.
      // Histories recorded before Zalo delivery existed have no such activity to replay.
      if (messageIds.length > 0 && wf.patched('zalo-delivery')) await enqueueDelivery(messageIds);
      wf.upsertSearchAttributes([
        { key: StateAttr, value: event.view.state },
        { key: DueAtAttr, value: event.view.dueAt === undefined ? null : new Date(event.view.dueAt) },
      ]);
    }
    const st = machine.current();
    if (st.type === 'system') {
      const result = await runSystemStep({
        dossierId: input.dossierId,
        code: input.code,
        step: st.run,
        seq: machine.seq,
        resultFormCode: input.definition.forms.result,
      });
      machine.completeSystemStep(result, Date.now());
      continue;
    }
    if (st.type === 'choice') {
      machine.resolveChoice(Date.now());
      continue;
    }
    if (machine.isFinished()) break;
    if (readyForNewRun()) await wf.continueAsNew<typeof dossierWorkflow>(input, machine.snapshot);
    const wake = () => machine.pending.length > 0 || readyForNewRun();
    const timer = machine.nextTimer();
    if (wf.patched(TIMERS_KEPT_UNTIL_FIRED)) {
      await waitForChangeOrTimer(timer, wake, () => machine.fireTimer(timer!, Date.now()));
      continue;
    }
    if (timer === undefined) {
      await wf.condition(wake);
      continue;
    }
    const woken = await wf.condition(wake, Math.max(1, timer.at - Date.now()));
    if (!woken) machine.fireTimer(timer, Date.now());
  }
  await wf.condition(wf.allHandlersFinished);
  return machine.view();
}

/**
 * Histories recorded before this patch wait with `condition(wake, timeout)`, which starts a timer of
 * at least 1 ms for a moment already past and cancels the timer whenever a change comes first.
 */
const TIMERS_KEPT_UNTIL_FIRED = 'timers-kept-until-fired';

/**
 * Returns a waiter that sleeps until a change arrives (`wake`) or `timer` is due, then fires it with `fire`. A moment
 * already past fires at once, without a timer. A started timer is kept until it fires, even when a
 * change makes it stale: a stale one wakes the loop once and finds nothing due, while cancelling
 * a timer that fires meanwhile strands the run on Temporal's time-skipping test server
 * (temporalio/sdk-java#3088), and a timer still wanted (the deadline did not move) is reused, not
 * restarted.
 */
function changeOrTimerWaiter() {
  const armed = new Set<number>(); // deadlines (epoch ms) whose timer is running in this run
  return async (timer: { at: number } | undefined, wake: () => boolean, fire: () => void): Promise<void> => {
    if (timer === undefined) {
      await wf.condition(wake);
      return;
    }
    if (timer.at > Date.now()) {
      if (!armed.has(timer.at)) {
        armed.add(timer.at);
        void wf.sleep(timer.at - Date.now()).then(() => armed.delete(timer.at));
      }
      await wf.condition(() => wake() || !armed.has(timer.at));
      if (wake()) return;
    }
    fire();
  };
}

/** Business rejections reach the caller as ApplicationFailures whose type is the error code. */
function rejectAsFailure(check: () => void): void {
  try {
    check();
  } catch (err) {
    if (err instanceof DomainError) {
      throw wf.ApplicationFailure.create({ type: err.code, message: err.message, nonRetryable: true, details: [err.issues] });
    }
    throw err;
  }
}
