// TAM_TRU dossier paths on the time-skipping server, with the real activities writing to PostgreSQL.
// Tests in this file share one server clock, so they run in order and the two-year skip comes last.
import { describe, expect, it } from 'vitest';
import { actOnDossier, claimDossier, supplementDossier, withdrawDossier } from '../../api/dossiers/updates.js';
import { submitDossier } from '../../api/dossiers/submit.js';
import { type DossierDeps } from '../../api/dossiers/deps.js';
import { localDateTime, statutoryDueAt } from '../../domain/calendar.js';
import { DomainError } from '../../domain/errors.js';
import { workflowIdFor } from '../../workflows/dossier.messages.js';
import { createStaff, eventsOf, messagesOf, OTHER_WARD, submitRequest, tamTruForm, waitFor } from '../support/fixtures.js';
import { useTimeSkippingHarness } from '../support/harness.js';
import { recordHistory } from '../support/temporal.js';

const { h, row, submitted, act } = useTimeSkippingHarness();

describe('TAM_TRU paths on one server clock, in order', { shuffle: false }, () => {
  describe('TAM_TRU on the time-skipping server', () => {
    it('rejects actions from the wrong role, without inputs the action requires, and from another ward', async () => {
      const d = await submitted();
      const stale = await row(d.code);
      const wrongRole = actOnDossier(h.deps, stale, { actor: h.team.officer.actor, action: 'accept', expectedVersion: stale.state_version });
      await expect(wrongRole).rejects.toMatchObject({ code: 'FORBIDDEN' });

      const noMissingList = act(d.code, 'receiver', 'requestSupplement');
      await expect(noMissingList).rejects.toMatchObject({ code: 'MISSING_INPUT', issues: [{ path: 'missingDocuments' }] });

      const unknown = act(d.code, 'receiver', 'approve');
      await expect(unknown).rejects.toMatchObject({ code: 'UNKNOWN_ACTION' });

      const stranger = await createStaff(h.db, 'Cán bộ phường khác', [{ role: 'receiver', unitId: OTHER_WARD }]);
      const foreign = actOnDossier(h.deps, stale, { actor: stranger.actor, action: 'accept', expectedVersion: stale.state_version });
      await expect(foreign).rejects.toBeInstanceOf(DomainError);
      await expect(foreign).rejects.toMatchObject({ code: 'FORBIDDEN' });

      // Nothing of the above changed the dossier.
      expect((await row(d.code)).state_version).toBe(stale.state_version);
      await withdrawDossier(h.deps, stale, {});
    });

    it('rejects the second of two concurrent approvals with a clear reason', async () => {
      const d = await submitted();
      await act(d.code, 'receiver', 'accept');
      const inReview = await row(d.code);
      const attempt = (who: 'officer' | 'officer2') =>
        actOnDossier(h.deps, inReview, { actor: h.team[who].actor, action: 'approve', expectedVersion: inReview.state_version });
      const results = await Promise.allSettled([attempt('officer'), attempt('officer2')]);
      const ok = results.filter((r) => r.status === 'fulfilled');
      const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(ok).toHaveLength(1);
      expect(failed).toHaveLength(1);
      expect(failed[0]!.reason).toMatchObject({ code: 'VERSION_CONFLICT' });
      expect((failed[0]!.reason as Error).message).toMatch(/đã thay đổi/);

      const after = await row(d.code);
      expect(after.state).toBe('decision');
      const approvals = (await eventsOf(h.db, d.id)).filter((e) => e.action === 'approve');
      expect(approvals).toHaveLength(1);
      await recordHistory(h.env.client.workflow.getHandle(workflowIdFor(d.code)), 'tam-tru-double-approval');
      await act(d.code, 'chief', 'reject', { reason: 'Trùng hồ sơ đã nộp trước' });
    });

    it('reject: the chief refuses with a reason and the resident is told why', async () => {
      const d = await submitted();
      await act(d.code, 'receiver', 'accept');
      await act(d.code, 'officer', 'approve');
      const view = await act(d.code, 'chief', 'reject', { reason: 'Chỗ ở không hợp pháp' });
      expect(view).toMatchObject({ state: 'rejected', outcome: 'rejected' });

      const handle = h.env.client.workflow.getHandle(workflowIdFor(d.code));
      await handle.result();
      const final = await row(d.code);
      expect(final).toMatchObject({ state: 'rejected', outcome: 'rejected' });
      expect(final.closed_at).not.toBeNull();
      const texts = (await messagesOf(h.db, d.id)).map((m) => m.template);
      expect(texts).toEqual(['submitted', 'received', 'rejected', 'survey', 'survey']);
      const rejected = (await messagesOf(h.db, d.id)).find((m) => m.template === 'rejected')!;
      expect(rejected.text).toContain('Lý do: Chỗ ở không hợp pháp');
      expect(rejected.text).toContain(d.code);
      const openTasks = await h.db.selectFrom('tasks').select('id').where('dossier_id', '=', d.id).where('status', '=', 'open').execute();
      expect(openTasks).toHaveLength(0);
      await recordHistory(handle, 'tam-tru-reject');
    });

    it('withdraw: the resident withdraws while the officer reviews', async () => {
      const d = await submitted();
      await act(d.code, 'receiver', 'accept');
      const view = await withdrawDossier(h.deps, await row(d.code), { reason: 'Không còn nhu cầu' });
      expect(view).toMatchObject({ state: 'withdrawn', outcome: 'withdrawn' });
      const handle = h.env.client.workflow.getHandle(workflowIdFor(d.code));
      await handle.result();
      const events = await eventsOf(h.db, d.id);
      expect(events.at(-1)).toMatchObject({ type: 'transition', from_state: 'review', to_state: 'withdrawn', action: 'withdraw' });
      expect(events.at(-1)!.actor).toEqual({ kind: 'resident' });
      // A decided dossier cannot be acted on any more.
      await expect(act(d.code, 'officer', 'approve')).rejects.toMatchObject({ code: 'INVALID_STATE' });
      await recordHistory(handle, 'tam-tru-withdraw');
    });

    it('accept → approve → done, then the renewal reminders before the stay ends', async () => {
      const stayDays = 400;
      const d = await submitted(h.deps, stayDays);
      const claimed = await claimDossier(h.deps, await row(d.code), h.team.receiver.actor);
      expect(claimed.task).toMatchObject({ assigneeId: h.team.receiver.actor.staffId });

      const acceptedAt = await h.env.currentTimeMs();
      const inReview = await act(d.code, 'receiver', 'accept');
      expect(inReview.state).toBe('review');
      const expectedDue = statutoryDueAt(inReview.receivedAt!, 3, h.cal).dueAt;
      expect(inReview.receivedAt).toBeGreaterThanOrEqual(acceptedAt);
      expect(inReview.dueAt).toBe(expectedDue);
      expect((await row(d.code)).due_at?.getTime()).toBe(expectedDue);

      await act(d.code, 'officer', 'approve');
      const done = await act(d.code, 'chief', 'approve');
      // The Update answers after the automatic issueResult step has run.
      expect(done).toMatchObject({ state: 'done', outcome: 'approved' });
      const final = await row(d.code);
      expect(final.result).toMatchObject({ document: 'CT08', number: `CT08-${d.code}` });

      const tasks = await h.db.selectFrom('tasks').selectAll().where('dossier_id', '=', d.id).orderBy('seq').execute();
      expect(tasks.map((t) => [t.state, t.role, t.status, t.completed_action])).toEqual([
        ['intake', 'receiver', 'done', 'accept'],
        ['review', 'officer', 'done', 'approve'],
        ['decision', 'chief', 'done', 'approve'],
      ]);
      expect(tasks[0]!.completed_by).toBe(h.team.receiver.actor.staffId);

      // The workflow stays open for the follow-ups; result() lets the server skip ahead to them.
      const handle = h.env.client.workflow.getHandle(workflowIdFor(d.code));
      await handle.result();
      const stayUntil = (final.form_data as { stayUntil: string }).stayUntil;
      const followUps = (await eventsOf(h.db, d.id)).filter((e) => e.type === 'followUp');
      const due = [15, 2].map((days) => localDateTime(stayUntil, '08:00') - days * 86_400_000);
      expect(followUps).toHaveLength(2);
      followUps.forEach((e, i) => {
        // Timers fire at their instant; the server may overshoot it by a few milliseconds.
        expect(e.at.getTime() - due[i]!).toBeGreaterThanOrEqual(0);
        expect(e.at.getTime() - due[i]!).toBeLessThan(1000);
      });
      const messages = await messagesOf(h.db, d.id);
      expect(messages.map((m) => m.template)).toEqual(['submitted', 'received', 'approved', 'survey', 'survey', 'renewalReminder', 'renewalLastCall']);
      // The survey offers five ratings (over two messages: Zalo allows 4 buttons) whose payloads come back as chat commands.
      expect([...messages[3]!.buttons!, ...messages[4]!.buttons!].map((b) => b.payload)).toEqual([5, 4, 3, 2, 1].map((n) => `#danhgia ${d.code} ${n}`));
      const [dd, mm, yyyy] = [stayUntil.slice(8, 10), stayUntil.slice(5, 7), stayUntil.slice(0, 4)];
      expect(messages[5]!.text).toContain(`${dd}/${mm}/${yyyy}`);
      expect(messages.every((m) => !m.text.includes('undefined') && !/\{\w+\}/.test(m.text))).toBe(true);
      await recordHistory(handle, 'tam-tru-approve-renewal');
    });
  });

  describe('submission', () => {
    it('is idempotent per Idempotency-Key and refuses the key with another payload', async () => {
      const now = await h.env.currentTimeMs();
      const req = submitRequest(tamTruForm(now));
      const first = await submitDossier(h.deps, req, 'key-0123456789', new Date(now));
      const again = await submitDossier(h.deps, req, 'key-0123456789', new Date(now));
      expect(first.created).toBe(true);
      expect(again).toMatchObject({ created: false, dossier: { code: first.dossier.code, accessToken: first.dossier.accessToken } });
      const other = submitDossier(h.deps, { ...req, applicant: { name: 'Người khác' } }, 'key-0123456789', new Date(now));
      await expect(other).rejects.toMatchObject({ code: 'IDEMPOTENCY_MISMATCH' });
      const count = await h.db.selectFrom('dossiers').select((eb) => eb.fn.countAll().as('n')).where('idempotency_key', '=', 'key-0123456789').executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(1);
      await waitFor(async () => ((await row(first.dossier.code)).state === 'intake' ? true : undefined), 'intake');
    });
  });

  describe('long-lived dossiers', () => {
    it('continue as new between changes and carry their whole state across runs', async () => {
      const shortRuns: DossierDeps = { ...h.deps, maxEventsPerRun: 2 };
      const dossier = await submitted(shortRuns);
      await act(dossier.code, 'receiver', 'accept');
      await act(dossier.code, 'officer', 'requestSupplement', { missingDocuments: ['ct01'] });
      await supplementDossier(h.deps, await row(dossier.code), {});
      await act(dossier.code, 'receiver', 'accept');
      await act(dossier.code, 'officer', 'approve');
      const done = await act(dossier.code, 'chief', 'approve');
      expect(done).toMatchObject({ state: 'done', supplementCycles: 1, stateVersion: 8 });

      // The current run was started by continue-as-new from an earlier one.
      const history = await h.env.client.workflow.getHandle(workflowIdFor(dossier.code)).fetchHistory();
      const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
      expect(started?.continuedExecutionRunId).toBeTruthy();
      // Across runs, the timeline has every event exactly once, in order.
      const events = await eventsOf(h.db, dossier.id);
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      expect(events.filter((e) => e.type === 'transition').map((e) => e.to_state)).toEqual([
        'intake', 'review', 'supplement', 'intake', 'review', 'decision', 'issued', 'done',
      ]);
    });
  });
});
