// The dry run drives TAM_TRU through the real DossierMachine and calendar: due dates across a
// weekend and a holiday (and the 15:00 cut-off), the supplement loop restarting the statutory
// clock, timers firing in order, the end state, and clear errors for bad definitions and steps.
// Expected instants are worked out by hand from the calendar rules, not by calling calendar.ts.
import { describe, expect, it } from 'vitest';
import { calendarFrom, localDateTime } from '../../domain/calendar.js';
import { formatDateVi } from '../../domain/wording/dates.js';
import { dryRun, type DryRunInput, type DryRunStep, type DryRunTraceStep } from '../../domain/dry-run.js';
import { TAM_TRU } from '../../domain/procedures/tam-tru.js';

// Friday 27/11/2026; Monday 30/11 is declared a day off for the test (a holiday after a weekend).
const CALENDAR = calendarFrom([{ date: '2026-11-30', kind: 'off', status: 'confirmed' }]);
const at = (date: string, time: string) => localDateTime(date, time);
const iso = (date: string, time: string) => new Date(at(date, time)).toISOString();

function run(steps: DryRunStep[], over: Partial<DryRunInput> = {}) {
  return dryRun({
    definition: TAM_TRU,
    startAt: at('2026-11-27', '16:00'), // after the 15:00 cut-off
    unit: { id: 'ca-p-dong-hung-thuan', name: 'Công an phường Đông Hưng Thuận' },
    calendar: CALENDAR,
    steps,
    ...over,
  });
}

function trace(steps: DryRunStep[]): DryRunTraceStep[] {
  const result = run(steps);
  if (!result.ok) throw new Error(JSON.stringify(result));
  return result.trace;
}

const act = (action: string, when?: [string, string]): DryRunStep => ({ type: 'act', action, ...(when ? { at: iso(...when) } : {}) });

describe('dry run of TAM_TRU', () => {
  it('counts working days past the weekend and the holiday, from the next working day after 15:00', () => {
    const [submitted, accepted] = trace([act('accept')]);

    expect(submitted).toMatchObject({ state: 'intake', stateLabel: 'Tiếp nhận, kiểm tra hồ sơ', stateType: 'task', dueAt: undefined });
    // 8 working hours from Fri 16:00: 1 h on Friday, none on Sat–Mon, 4 h + 3 h on Tuesday.
    expect(submitted!.taskDueAt).toBe(at('2026-12-01', '16:30'));
    expect(submitted!.messages).toEqual([expect.objectContaining({ recipient: 'Người nộp hồ sơ', template: 'submitted' })]);
    expect(submitted!.messages[0]!.text).toContain('Công an phường Đông Hưng Thuận đã nhận hồ sơ Đăng ký tạm trú, gia hạn tạm trú gửi trực tuyến của Nguyễn Văn A');
    expect(submitted!.next.map((n) => n.label)).toEqual(['Tiếp nhận hồ sơ (CT04)', 'Yêu cầu bổ sung (CT05)', 'Từ chối tiếp nhận (CT06)', 'Người dân rút hồ sơ']);
    expect(submitted!.next.find((n) => n.label === 'Từ chối tiếp nhận (CT06)')!.requires).toEqual(['reason']);

    // Received Friday after 15:00 → receipt day Tuesday 1/12 (Monday is off) → 3 working days → Friday 4/12, 17:00.
    expect(accepted).toMatchObject({ did: 'Tiếp nhận hồ sơ (CT04)', state: 'review', receivedAt: at('2026-11-27', '16:00'), dueAt: at('2026-12-04', '17:00') });
    // The review task: 2 working days after Friday → Wednesday 2/12, 17:00; its reminder 4 working hours before.
    expect(accepted!.taskDueAt).toBe(at('2026-12-02', '17:00'));
    // Earliest first: the reminder (3.5 h of Wednesday afternoon + 0.5 h of its morning), the
    // escalation at the task's due time, the apology checkpoint (the working day before the due date).
    expect(accepted!.timers.map((t) => [t.kind, t.at])).toEqual([
      ['taskReminder', at('2026-12-02', '11:00')],
      ['escalation', at('2026-12-02', '17:00')],
      ['apology', at('2026-12-03', '07:30')],
    ]);
    expect(accepted!.messages[0]!.text).toContain('Hạn trả kết quả: 04/12/2026');
  });

  it('restarts the statutory clock from zero after a supplement, and asks for the documents by name', () => {
    const steps = trace([
      act('accept'),
      { type: 'act', action: 'requestSupplement', at: iso('2026-12-02', '09:00') },
      { type: 'supplement', at: iso('2026-12-07', '10:00') },
      act('accept', ['2026-12-07', '10:30']),
    ]);
    const [, accepted, asked, supplemented, again] = steps;
    expect(accepted!.dueAt).toBe(at('2026-12-04', '17:00'));
    expect(asked).toMatchObject({ state: 'supplement', stateType: 'applicant' });
    expect(asked!.messages[0]!.text).toContain('- Tờ khai thay đổi thông tin cư trú (mẫu CT01)');
    expect(asked!.next.map((n) => n.step.type)).toEqual(['supplement', 'withdraw', 'timer']);
    expect(supplemented).toMatchObject({ state: 'intake' });
    // Monday 7/12 10:30, before the cut-off: receipt that day → Tue, Wed, Thu → Thursday 10/12, 17:00.
    expect(again).toMatchObject({ state: 'review', receivedAt: at('2026-12-07', '10:30'), dueAt: at('2026-12-10', '17:00') });
    expect(again!.messages[0]!.text).toContain(`Hạn trả kết quả: ${formatDateVi(at('2026-12-10', '17:00'))}`);
  });

  it('fires the supplement timers in order: two reminders, then the dossier counts as withdrawn', () => {
    const steps = trace([act('requestSupplement'), { type: 'timer' }, { type: 'timer' }, { type: 'timer' }]);
    const [, asked, first, second, expired] = steps;
    expect(asked!.timers.map((t) => [t.kind, t.at])).toEqual([
      ['applicantReminder', at('2026-11-29', '16:00')],
      ['expiry', at('2026-12-27', '16:00')],
    ]);
    expect(first).toMatchObject({ at: at('2026-11-29', '16:00'), state: 'supplement' });
    expect(first!.messages[0]!.template).toBe('supplementReminder');
    expect(second!.at).toBe(at('2026-12-01', '16:00'));
    expect(expired).toMatchObject({ at: at('2026-12-27', '16:00'), state: 'withdrawn', outcome: 'withdrawn' });
  });

  it('reaches the end through the automatic result step, then sends the follow-ups and finishes', () => {
    const steps = trace([act('accept'), act('approve'), act('approve')]);
    const done = steps.at(-1)!;
    expect(done).toMatchObject({ state: 'done', stateType: 'end', outcome: 'approved', finished: false });
    expect(done.events.map((e) => [e.from, e.to])).toEqual([
      ['decision', 'issued'],
      ['issued', 'done'],
    ]);
    expect(done.messages.map((m) => m.template)).toEqual(['approved', 'survey', 'survey']);
    expect(done.next).toEqual([expect.objectContaining({ step: { type: 'timer' } })]);
    // Sample stay ends 200 days after the start: reminders 15 and 2 days before, at 08:00.
    const stayUntil = '2027-06-15';
    expect(done.timers.map((t) => t.at)).toEqual([at('2027-05-31', '08:00'), at('2027-06-13', '08:00')]);

    const finished = trace([act('accept'), act('approve'), act('approve'), { type: 'timer' }, { type: 'timer' }]).at(-1)!;
    expect(finished).toMatchObject({ finished: true, next: [], timers: [] });
    expect(finished.messages[0]!.text).toContain(formatDateVi(at(stayUntil, '00:00')));
  });

  it('is deterministic', () => {
    const steps: DryRunStep[] = [act('accept'), act('approve')];
    expect(run(steps)).toEqual(run(steps));
  });

  it('returns the validation issues of a definition that does not validate', () => {
    const broken = { ...TAM_TRU, initial: 'nowhere', messages: { ...TAM_TRU.messages, survey: { vi: 'Hồ sơ {ma}' } } };
    const result = run([], { definition: broken });
    expect(result.ok).toBe(false);
    expect(result.ok === false && result.kind === 'definition' && result.issues.map((i) => i.path)).toEqual(['initial', 'messages.survey.vi']);
  });

  it('stops at a step the dossier cannot take, with the trace so far and the path of the problem', () => {
    const unknown = run([act('accept'), act('accept')]);
    expect(unknown).toMatchObject({ ok: false, kind: 'step', index: 1, issues: [{ path: 'steps.1.action' }] });
    expect(unknown.ok === false && unknown.kind === 'step' && unknown.trace.map((t) => t.state)).toEqual(['intake', 'review']);

    const backwards = run([act('accept', ['2026-12-01', '09:00']), act('approve', ['2026-11-30', '09:00'])]);
    expect(backwards).toMatchObject({ ok: false, kind: 'step', index: 1, issues: [{ path: 'steps.1.at' }] });

    const noTimer = run([act('accept'), act('approve'), act('approve'), { type: 'timer' }, { type: 'timer' }, { type: 'timer' }]);
    expect(noTimer).toMatchObject({ ok: false, index: 5, issues: [{ path: 'steps.5', message: 'Không còn hẹn giờ nào ở bước này.' }] });
  });
});
