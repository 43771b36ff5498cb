// Timer-driven TAM_TRU paths on the time-skipping server: overdue escalation and the apology letter,
// the supplement loop with the statutory clock restarted, and a supplement that never comes.
import { describe, expect, it } from 'vitest';
import { supplementDossier } from '../../api/dossiers/updates.js';
import { addDuration, apologyCheckpoint, statutoryDueAt, subtractDuration } from '../../domain/calendar.js';
import { formatDateVi } from '../../domain/wording/dates.js';
import { workflowIdFor } from '../../workflows/dossier.messages.js';
import { eventsOf, messagesOf } from '../support/fixtures.js';
import { useTimeSkippingHarness } from '../support/harness.js';
import { recordHistory } from '../support/temporal.js';

const { h, row, submitted, act } = useTimeSkippingHarness();

async function acceptedDossier() {
  const dossier = await submitted();
  const view = await act(dossier.code, 'receiver', 'accept');
  return { ...dossier, view };
}

/** Timer events fire at their instant; the test server may overshoot by a few milliseconds. */
function expectAt(actual: Date, expected: number) {
  expect(actual.getTime() - expected).toBeGreaterThanOrEqual(0);
  expect(actual.getTime() - expected).toBeLessThan(1000);
}

describe('TAM_TRU timers on one server clock, in order', { shuffle: false }, () => {
  describe('TAM_TRU timers', () => {
    it('an overdue review reminds, escalates to the chief and sends one apology with a new date', async () => {
      const d = await acceptedDossier();
      const taskDue = d.view.task!.dueAt!;
      const statutoryDue = d.view.dueAt!;
      expect(taskDue).toBe(addDuration(d.view.receivedAt!, { workingDays: 2 }, h.cal));

      await h.env.sleep('6 days');
      await h.env.sleep('10 days'); // long past every deadline: still only one apology

      const events = (await eventsOf(h.db, d.id)).filter((e) => e.type !== 'transition');
      const byType = Object.fromEntries(events.map((e) => [e.type, e]));
      expect(events.map((e) => e.type).sort()).toEqual(['apology', 'escalated', 'reminder']);
      expectAt(byType.reminder!.at, subtractDuration(taskDue, { workingHours: 4 }, h.cal));
      expectAt(byType.escalated!.at, taskDue);
      expectAt(byType.apology!.at, apologyCheckpoint(statutoryDue, h.cal));

      const newDue = addDuration(statutoryDue, { workingDays: 2 }, h.cal);
      const after = await row(d.code);
      expect(after.due_at?.getTime()).toBe(newDue);
      expect(after.original_due_at?.getTime()).toBe(statutoryDue);
      expect(after.apology_sent_at).not.toBeNull();
      const task = await h.db.selectFrom('tasks').selectAll().where('dossier_id', '=', d.id).where('status', '=', 'open').executeTakeFirstOrThrow();
      expect(task.state).toBe('review');
      expect(task.escalated_at).not.toBeNull();

      const messages = await messagesOf(h.db, d.id);
      const of = (template: string) => messages.filter((m) => m.template === template);
      expect(of('taskReminder').map((m) => m.recipient)).toEqual([{ kind: 'role', role: 'officer', unitId: 'ca-p-dong-hung-thuan' }]);
      expect(of('taskEscalated').map((m) => m.recipient)).toEqual([{ kind: 'role', role: 'chief', unitId: 'ca-p-dong-hung-thuan' }]);
      const apology = of('apology');
      expect(apology).toHaveLength(1);
      expect(apology[0]!.recipient).toEqual({ kind: 'applicant' });
      expect(apology[0]!.text).toContain(`đúng hẹn ngày ${formatDateVi(statutoryDue)}`);
      expect(apology[0]!.text).toContain(`Ngày hẹn trả kết quả mới: ${formatDateVi(newDue)}`);

      // Late work still completes; the record keeps both due dates.
      await act(d.code, 'officer', 'approve');
      const done = await act(d.code, 'chief', 'approve');
      expect(done).toMatchObject({ state: 'done', dueAt: newDue, originalDueAt: statutoryDue });
      await recordHistory(h.env.client.workflow.getHandle(workflowIdFor(d.code)), 'tam-tru-overdue-apology');
    });

    it('a supplement restarts the statutory clock from zero', async () => {
      const d = await acceptedDossier();
      const first = { receivedAt: d.view.receivedAt!, dueAt: d.view.dueAt! };

      const waiting = await act(d.code, 'officer', 'requestSupplement', { missingDocuments: ['residenceProof'] });
      expect(waiting).toMatchObject({ state: 'supplement', stateType: 'applicant', supplementCycles: 1 });
      const request = (await messagesOf(h.db, d.id)).find((m) => m.template === 'supplementRequested')!;
      expect(request.text).toContain('Giấy tờ chứng minh chỗ ở hợp pháp');

      await h.env.sleep('3 days'); // one reminder (every 2 days) while the office waits
      const reminders = (await messagesOf(h.db, d.id)).filter((m) => m.template === 'supplementReminder');
      expect(reminders).toHaveLength(1);
      expect(reminders[0]!.text).toContain('Giấy tờ chứng minh chỗ ở hợp pháp');

      const back = await supplementDossier(h.deps, await row(d.code), { note: 'Đã gửi hợp đồng thuê nhà' });
      expect(back.state).toBe('intake');
      const again = await act(d.code, 'receiver', 'accept');
      expect(again.receivedAt!).toBeGreaterThanOrEqual(first.receivedAt + 3 * 86_400_000);
      expect(again.dueAt).toBe(statutoryDueAt(again.receivedAt!, 3, h.cal).dueAt);
      expect(again.dueAt!).toBeGreaterThan(first.dueAt);
      expect(again.originalDueAt).toBe(again.dueAt);

      const dueHistory = (await eventsOf(h.db, d.id)).filter((e) => e.to_state === 'review').map((e) => e.action);
      expect(dueHistory).toEqual(['accept', 'accept']);
      await act(d.code, 'officer', 'approve');
      const done = await act(d.code, 'chief', 'approve');
      expect(done).toMatchObject({ state: 'done', supplementCycles: 1 });
      expect((await row(d.code)).supplement_cycles).toBe(1);
      await recordHistory(h.env.client.workflow.getHandle(workflowIdFor(d.code)), 'tam-tru-supplement-restart');
    });

    it('a supplement that never comes: two reminders, then the dossier is withdrawn after 30 days', async () => {
      const d = await acceptedDossier();
      await act(d.code, 'officer', 'requestSupplement', { missingDocuments: ['ct01'] });
      const enteredAt = (await eventsOf(h.db, d.id)).at(-1)!.at.getTime();

      const handle = h.env.client.workflow.getHandle(workflowIdFor(d.code));
      const final = await handle.result();
      expect(final).toMatchObject({ state: 'withdrawn', outcome: 'withdrawn' });

      const events = await eventsOf(h.db, d.id);
      const reminders = events.filter((e) => e.type === 'reminder');
      expect(reminders).toHaveLength(2);
      expectAt(reminders[0]!.at, enteredAt + 2 * 86_400_000);
      expectAt(reminders[1]!.at, enteredAt + 4 * 86_400_000);
      const last = events.at(-1)!;
      expect(last).toMatchObject({ type: 'transition', from_state: 'supplement', to_state: 'withdrawn', action: 'expired' });
      expectAt(last.at, enteredAt + 30 * 86_400_000);

      const templates = (await messagesOf(h.db, d.id)).map((m) => m.template);
      expect(templates).toEqual(['submitted', 'received', 'supplementRequested', 'supplementReminder', 'supplementReminder', 'withdrawn']);
      await recordHistory(handle, 'tam-tru-supplement-expired');
    });
  });
});
