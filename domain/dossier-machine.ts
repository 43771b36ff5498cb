// The interpreter's state machine for one dossier: pure and deterministic (time is passed in),
// so the workflow only wires it to Temporal (handlers, timers, activities) and tests can drive it directly.
import { canReleaseFor, canSeeUnit, canWorkOnTask } from './access.js';
import {
  addDuration,
  apologyCheckpoint,
  calendarDaysDueAt,
  localDate,
  formatDateTimeVi,
  formatDateVi,
  localDateTime,
  statutoryDueAt,
  subtractDuration,
} from './calendar.js';
import type {
  ActInput,
  Actor,
  BookInput,
  BranchView,
  ClaimInput,
  DossierEvent,
  DossierEventType,
  DossierInput,
  DossierView,
  ExternalEventInput,
  OutboxMessage,
  Recipient,
  SupplementInput,
  WithdrawInput,
} from './contracts/dossier.js';
import { ratingPayload } from './conversation.js';
import { withinOfficeHours } from './slots.js';
import { evaluateCondition } from './dsl/condition.js';
import type {
  ApplicantState,
  AppointmentState,
  Condition,
  EndState,
  ExternalState,
  ParallelState,
  ProcedureDefinition,
  State,
  TaskAction,
  TaskState,
} from './dsl/schema.js';
import { DomainError } from './errors.js';
import { renderTemplate } from './messages.js';
import { groupThousands } from './vnd.js';

/** Everything the machine needs to resume: plain JSON, carried across continue-as-new. */
export interface MachineState {
  state: string;
  enteredAt: number;
  stateVersion: number;
  seq: number;
  formData: Record<string, unknown>;
  assignee?: { staffId: string; name: string };
  taskDueAt?: number;
  escalated: boolean;
  /** Per reminder rule of the current state: how many were sent. */
  remindersSent: number[];
  clock?: { receivedAt: number; dueAt: number; originalDueAt: number; running: boolean };
  apologySentAt?: number;
  supplementCycles: number;
  /** What the last supplement request asked for; reminders repeat it. */
  missingDocuments?: string[];
  /** Parallel reviews of the current state. */
  branches?: Record<string, 'open' | 'approved' | 'rejected'>;
  /** The booking of the current appointment state. */
  booking?: { startsAt: number; key: string; reminded: boolean };
  followUpsDone: number[];
  closedAt?: number;
}

export type Timer =
  | { at: number; kind: 'taskReminder'; index: number }
  | { at: number; kind: 'escalation' }
  | { at: number; kind: 'applicantReminder'; index: number }
  | { at: number; kind: 'expiry' }
  | { at: number; kind: 'waitOver' }
  | { at: number; kind: 'apology' }
  | { at: number; kind: 'appointmentReminder' }
  | { at: number; kind: 'bookingExpired' }
  | { at: number; kind: 'externalTimeout' }
  | { at: number; kind: 'followUp'; index: number; skipped: boolean };

const SYSTEM: Actor = { kind: 'system' };
const RESIDENT: Actor = { kind: 'resident' };

export class DossierMachine {
  readonly pending: DossierEvent[] = [];
  private s: MachineState;

  /** Starts a new dossier (entering the initial state) or resumes from carried state. */
  constructor(
    private readonly input: DossierInput,
    now: number,
    carried?: MachineState,
  ) {
    if (carried) {
      this.s = carried;
      return;
    }
    this.s = {
      state: '',
      enteredAt: now,
      stateVersion: 0,
      seq: 0,
      formData: { ...input.formData },
      escalated: false,
      remindersSent: [],
      supplementCycles: 0,
      followUpsDone: [],
    };
    this.transition(input.definition.initial, { actor: RESIDENT, action: 'submit', data: { channel: input.channel } }, now);
  }

  get snapshot(): MachineState {
    return this.s;
  }

  get seq(): number {
    return this.s.seq;
  }

  current(): State {
    return this.stateDef(this.s.state);
  }

  /** Waiting for a person or a timer, not in the middle of automatic steps. */
  isResting(): boolean {
    const type = this.current().type;
    return type !== 'system' && type !== 'choice';
  }

  /** Ended and nothing left to send. */
  isFinished(): boolean {
    const st = this.current();
    return st.type === 'end' && this.s.followUpsDone.length === st.followUps.length;
  }

  view(): DossierView {
    const st = this.current();
    const def = this.input.definition;
    const clock = this.s.clock;
    return {
      dossierId: this.input.dossierId,
      code: this.input.code,
      procedureCode: def.code,
      procedureVersion: def.version,
      unitId: this.input.unit.id,
      state: this.s.state,
      stateType: st.type,
      stateLabel: st.label.vi,
      stateVersion: this.s.stateVersion,
      ...(st.type === 'end' ? { outcome: st.outcome } : {}),
      ...this.workView(st),
      receivedAt: clock?.receivedAt,
      dueAt: clock?.dueAt,
      originalDueAt: clock?.originalDueAt,
      apologySentAt: this.s.apologySentAt,
      supplementCycles: this.s.supplementCycles,
      closedAt: this.s.closedAt,
    };
  }

  /** What clerks see to do: a task (task and appointment states), branches, or an awaited event. */
  private workView(st: State): Partial<DossierView> {
    if (st.type === 'parallel') {
      const branches: BranchView[] = Object.entries(st.branches).map(([branch, b]) => ({
        branch,
        label: b.label.vi,
        role: b.role,
        status: this.s.branches?.[branch] ?? 'open',
        dueAt: b.due ? addDuration(this.s.enteredAt, b.due, this.input.calendar) : undefined,
      }));
      return { branches };
    }
    if (st.type === 'external') {
      return { awaiting: { event: st.event, timeoutAt: addDuration(this.s.enteredAt, st.timeout.after, this.input.calendar) } };
    }
    if (st.type !== 'task' && st.type !== 'appointment') return {};
    const work = st.type === 'task' ? st : this.appointmentWork(st);
    return {
      task: {
        state: this.s.state,
        role: st.role,
        unitId: this.input.unit.id,
        assigneeId: this.s.assignee?.staffId,
        assigneeName: this.s.assignee?.name,
        dueAt: this.s.taskDueAt,
        escalated: this.s.escalated,
        actions: Object.entries(work.actions).map(([name, a]) => ({ name, label: a.label?.vi, requires: a.requires })),
      },
      ...(st.type === 'appointment' ? { appointment: { kind: st.kind, startsAt: this.s.booking?.startsAt, bookingKey: this.s.booking?.key } } : {}),
    };
  }

  /** An appointment is a task whose actions (came / did not come) open once a slot is booked. */
  private appointmentWork(st: AppointmentState): { label: TaskState['label']; role: string; actions: Record<string, TaskAction> } {
    const actions: Record<string, TaskAction> = this.s.booking
      ? { attended: { to: st.attended, requires: [], label: { vi: 'Đã đến' } }, noShow: { to: st.noShow, requires: [], label: { vi: 'Không đến' } } }
      : {};
    return { label: st.label, role: st.role, actions };
  }

  // ---- clerk actions (Updates): check* throw DomainError, the mutators assume a passed check ----

  checkAct(input: ActInput): void {
    // A stale view is the most useful reason to give first: whatever else failed, reload.
    this.requireVersion(input.expectedVersion);
    const task = this.requireWork(input.branch);
    const action = task.actions[input.action];
    if (!action) {
      throw new DomainError('UNKNOWN_ACTION', `Bước "${task.label.vi}" không có thao tác "${input.action}".`, [
        { path: 'action', message: `Thao tác hợp lệ: ${Object.keys(task.actions).join(', ')}` },
      ]);
    }
    this.requireWorker(input.actor, task);
    for (const need of action.requires) {
      const value = input[need];
      const missing = Array.isArray(value) ? value.length === 0 : !value?.trim();
      if (missing) {
        throw new DomainError('MISSING_INPUT', `Thao tác "${input.action}" cần có ${INPUT_LABELS[need]}.`, [
          { path: need, message: `Bắt buộc nhập ${INPUT_LABELS[need]}` },
        ]);
      }
    }
  }

  act(input: ActInput, now: number): DossierEvent {
    const data: Record<string, unknown> = {};
    if (input.reason) data.reason = input.reason;
    if (input.note) data.note = input.note;
    if (input.missingDocuments?.length) data.missingDocuments = input.missingDocuments;
    const st = this.current();
    if (st.type === 'parallel') return this.decideBranch(st, input, data, now);
    if (st.type === 'appointment' && this.s.booking) {
      data.booking = { key: this.s.booking.key, outcome: input.action === 'attended' ? 'attended' : 'no_show' };
    }
    const action = this.requireWork(input.branch).actions[input.action]!;
    return this.transition(action.to, { actor: input.actor, action: input.action, data }, now);
  }

  /** All branches must approve; the first rejection decides for the whole step. */
  private decideBranch(st: ParallelState, input: ActInput, data: Record<string, unknown>, now: number): DossierEvent {
    const branch = input.branch!;
    const outcome = input.action === 'approve' ? 'approved' : 'rejected';
    this.s.branches = { ...this.s.branches, [branch]: outcome };
    this.s.stateVersion++;
    const decided = this.emit('branchDecided', now, { actor: input.actor, action: input.action, data: { ...data, branch } });
    if (outcome === 'rejected') return this.transition(st.onRejected, { actor: input.actor, action: 'reject', data: { ...data, branch } }, now);
    const open = Object.keys(st.branches).filter((b) => this.s.branches?.[b] !== 'approved');
    return open.length === 0 ? this.transition(st.onApproved, { actor: input.actor, action: 'approve', data: {} }, now) : decided;
  }

  // ---- appointments ----

  /** A slot must be in the future, on a working day, inside office hours. */
  checkBook(input: BookInput, now: number): void {
    const st = this.current();
    if (st.type !== 'appointment') throw new DomainError('INVALID_STATE', 'Hồ sơ hiện không chờ đặt lịch hẹn.');
    if (input.actor.kind === 'staff' && !canSeeUnit(input.actor.grants, this.input.unit.id)) {
      throw new DomainError('FORBIDDEN', 'Bạn không thuộc đơn vị giải quyết hồ sơ này.');
    }
    if (input.startsAt <= now || !withinOfficeHours(input.startsAt, localDate(input.startsAt), this.input.calendar)) {
      throw new DomainError('INVALID_SLOT', 'Giờ hẹn phải là một thời điểm sắp tới, trong giờ làm việc của ngày làm việc.', [
        { path: 'startsAt', message: 'Chọn một khung giờ còn trống trong giờ hành chính' },
      ]);
    }
  }

  book(input: BookInput, key: string, now: number): DossierEvent {
    const st = this.current() as AppointmentState;
    const previous = this.s.booking;
    this.s.booking = { startsAt: input.startsAt, key, reminded: false };
    this.s.taskDueAt = input.startsAt;
    this.s.stateVersion++;
    const appointment = formatDateTimeVi(input.startsAt);
    return this.emit('booked', now, {
      actor: input.actor,
      data: { kind: st.kind, startsAt: input.startsAt, bookingKey: key, replaces: previous?.key },
      messages: [this.applicantMessage(st.booked, { appointment })],
    });
  }

  /** A booking held by the current appointment state (rebooking replaces it). */
  currentBookingKey(): string | undefined {
    return this.s.booking?.key;
  }

  // ---- events from other systems ----

  checkExternal(input: ExternalEventInput): void {
    const st = this.current();
    if (!input.actor.grants.some((g) => g.role === 'integration')) {
      throw new DomainError('FORBIDDEN', 'Chỉ tài khoản liên thông được gửi sự kiện.');
    }
    if (st.type !== 'external' || st.event !== input.event) {
      throw new DomainError('INVALID_STATE', `Hồ sơ không chờ sự kiện "${input.event}".`);
    }
  }

  external(input: ExternalEventInput, now: number): DossierEvent {
    const st = this.current() as ExternalState;
    return this.transition(st.next, { actor: input.actor, action: input.event, data: input.data ?? {} }, now);
  }

  checkClaim({ actor }: ClaimInput): void {
    const task = this.requireWork();
    if (!canWorkOnTask(actor, { role: task.role, unitId: this.input.unit.id })) {
      throw forbidden(task);
    }
    if (this.s.assignee && this.s.assignee.staffId !== actor.staffId) {
      throw new DomainError('ASSIGNED_TO_OTHER', `Hồ sơ đang do cán bộ ${this.s.assignee.name} xử lý.`);
    }
  }

  /** Claiming a task one already holds changes nothing and records nothing. */
  claim({ actor }: ClaimInput, now: number): DossierEvent | undefined {
    if (this.s.assignee?.staffId === actor.staffId) return undefined;
    this.s.assignee = { staffId: actor.staffId, name: actor.name };
    this.s.stateVersion++;
    return this.emit('claimed', now, { actor, data: { assigneeId: actor.staffId } });
  }

  checkRelease({ actor }: ClaimInput): void {
    this.requireWork();
    if (!this.s.assignee) throw new DomainError('INVALID_STATE', 'Hồ sơ chưa có người nhận xử lý.');
    if (!canReleaseFor(actor, { unitId: this.input.unit.id, assigneeId: this.s.assignee.staffId })) {
      throw new DomainError('FORBIDDEN', 'Chỉ người đang xử lý hoặc lãnh đạo đơn vị được trả lại hồ sơ.');
    }
  }

  release({ actor }: ClaimInput, now: number): DossierEvent {
    const previous = this.s.assignee!;
    this.s.assignee = undefined;
    this.s.stateVersion++;
    return this.emit('released', now, { actor, data: { previousAssigneeId: previous.staffId } });
  }

  // ---- resident events ----

  checkSupplement(_: SupplementInput): void {
    if (this.current().type !== 'applicant') {
      throw new DomainError('INVALID_STATE', 'Hồ sơ hiện không chờ bổ sung giấy tờ.');
    }
  }

  supplement(input: SupplementInput, now: number): DossierEvent {
    const st = this.current() as ApplicantState;
    if (input.formData) Object.assign(this.s.formData, input.formData);
    const data: Record<string, unknown> = {};
    if (input.formData) data.changedFields = Object.keys(input.formData);
    if (input.note) data.note = input.note;
    return this.transition(st.onSubmit, { actor: RESIDENT, action: 'submit', data }, now);
  }

  checkWithdraw(_: WithdrawInput): void {
    const type = this.current().type;
    if (type !== 'task' && type !== 'applicant' && type !== 'parallel' && type !== 'appointment') {
      throw new DomainError('INVALID_STATE', 'Hồ sơ đã có kết quả hoặc đang được xử lý tự động, không thể rút.');
    }
  }

  withdraw(input: WithdrawInput, now: number): DossierEvent {
    const data = input.reason ? { reason: input.reason } : {};
    return this.transition(this.input.definition.withdrawTo, { actor: RESIDENT, action: 'withdraw', data }, now);
  }

  // ---- automatic steps ----

  completeSystemStep(result: Record<string, unknown>, now: number): DossierEvent {
    const st = this.current();
    if (st.type !== 'system') throw new Error(`completeSystemStep in ${st.type} state`);
    return this.transition(st.next, { actor: SYSTEM, action: st.run, data: { result } }, now);
  }

  resolveChoice(now: number): DossierEvent {
    const st = this.current();
    if (st.type !== 'choice') throw new Error(`resolveChoice in ${st.type} state`);
    const hit = st.choices.findIndex((c) => evaluateCondition(c.when as Condition, this.s.formData));
    const to = hit >= 0 ? st.choices[hit]!.next : st.otherwise;
    return this.transition(to, { actor: SYSTEM, action: 'choice', data: { matched: hit } }, now);
  }

  /** The earliest pending timer of the current state, if any. */
  nextTimer(): Timer | undefined {
    const timers = this.timers();
    return timers.reduce<Timer | undefined>((min, t) => (min === undefined || t.at < min.at ? t : min), undefined);
  }

  fireTimer(t: Timer, now: number): DossierEvent | undefined {
    const st = this.current();
    switch (t.kind) {
      case 'taskReminder': {
        const rule = (st as TaskState).remind[t.index]!;
        this.s.remindersSent[t.index] = 1;
        return this.emit('reminder', now, { messages: [this.staffMessage(rule.template, 'reminder')] });
      }
      case 'escalation': {
        const esc = (st as TaskState).escalate!;
        this.s.escalated = true;
        const recipient: Recipient = { kind: 'role', role: esc.toRole, unitId: this.input.unit.id };
        return this.emit('escalated', now, {
          data: { toRole: esc.toRole },
          messages: [{ key: 'escalation', recipient, template: esc.template, text: this.render(esc.template, this.taskDueVars()) }],
        });
      }
      case 'applicantReminder': {
        const rule = (st as ApplicantState).remind[t.index]!;
        this.s.remindersSent[t.index] = (this.s.remindersSent[t.index] ?? 0) + 1;
        return this.emit('reminder', now, { messages: [this.applicantMessage(rule.template)] });
      }
      case 'expiry':
        return this.transition((st as ApplicantState).expires!.then, { actor: SYSTEM, action: 'expired', data: {} }, now);
      case 'waitOver':
        return this.transition((st as Extract<State, { type: 'wait' }>).next, { actor: SYSTEM, action: 'waited', data: {} }, now);
      case 'apology':
        return this.sendApology(now);
      case 'appointmentReminder': {
        const st2 = st as AppointmentState;
        this.s.booking!.reminded = true;
        return this.emit('reminder', now, {
          messages: [this.applicantMessage(st2.remind!.template, { appointment: formatDateTimeVi(this.s.booking!.startsAt) })],
        });
      }
      case 'bookingExpired':
        return this.transition((st as AppointmentState).bookWithin!.then, { actor: SYSTEM, action: 'expired', data: {} }, now);
      case 'externalTimeout':
        return this.transition((st as ExternalState).timeout.then, { actor: SYSTEM, action: 'timeout', data: {} }, now);
      case 'followUp': {
        const rule = (st as EndState).followUps[t.index]!;
        this.s.followUpsDone.push(t.index);
        return this.emit('followUp', now, {
          data: { template: rule.template, skipped: t.skipped },
          messages: t.skipped ? [] : [this.applicantMessage(rule.template)],
        });
      }
    }
  }

  /** Every pending timer of the current state; the workflow sleeps until the earliest (the dry run lists them all). */
  timers(): Timer[] {
    const st = this.current();
    const cal = this.input.calendar;
    const timers: Timer[] = [];
    const clock = this.s.clock;
    const apology = this.input.definition.deadline.apology;
    if (clock?.running && apology && this.s.apologySentAt === undefined) {
      // With a deadline of a day or so the checkpoint precedes the receipt: no apology then.
      const at = apologyCheckpoint(clock.dueAt, cal);
      if (at > clock.receivedAt) timers.push({ at, kind: 'apology' });
    }
    switch (st.type) {
      case 'task':
        if (this.s.taskDueAt !== undefined) {
          st.remind.forEach((r, index) => {
            if (!this.s.remindersSent[index]) {
              const at = Math.max(this.s.enteredAt, subtractDuration(this.s.taskDueAt!, r.before, cal));
              timers.push({ at, kind: 'taskReminder', index });
            }
          });
          if (st.escalate && !this.s.escalated) timers.push({ at: this.s.taskDueAt, kind: 'escalation' });
        }
        break;
      case 'applicant':
        st.remind.forEach((r, index) => {
          const sent = this.s.remindersSent[index] ?? 0;
          if (sent < r.max) {
            let at = this.s.enteredAt;
            for (let i = 0; i <= sent; i++) at = addDuration(at, r.every, cal);
            timers.push({ at, kind: 'applicantReminder', index });
          }
        });
        if (st.expires) timers.push({ at: addDuration(this.s.enteredAt, st.expires.after, cal), kind: 'expiry' });
        break;
      case 'wait':
        timers.push({ at: this.waitUntil(st), kind: 'waitOver' });
        break;
      case 'appointment':
        if (!this.s.booking && st.bookWithin) timers.push({ at: addDuration(this.s.enteredAt, st.bookWithin.after, cal), kind: 'bookingExpired' });
        if (this.s.booking && st.remind && !this.s.booking.reminded) {
          const at = Math.max(this.s.enteredAt, subtractDuration(this.s.booking.startsAt, st.remind.before, cal));
          timers.push({ at, kind: 'appointmentReminder' });
        }
        break;
      case 'external':
        timers.push({ at: addDuration(this.s.enteredAt, st.timeout.after, cal), kind: 'externalTimeout' });
        break;
      case 'end':
        st.followUps.forEach((f, index) => {
          if (!this.s.followUpsDone.includes(index)) timers.push(this.followUpTimer(f.at, index));
        });
        break;
      default:
        break;
    }
    return timers;
  }

  // ---- internals ----

  /**
   * Follow-ups are sent at 08:00 on the field's date + offset (at once if that moment has passed).
   * One about a date that was already over when the dossier ended is recorded as skipped.
   */
  private followUpTimer(at: { field: string; offset?: { days: number } }, index: number): Timer {
    const date = this.dateField(at.field);
    const closedAt = this.s.closedAt ?? 0;
    const when = date === undefined ? undefined : localDateTime(date, '08:00') + (at.offset?.days ?? 0) * DAY_MS;
    // Over only when both the date and the reminder moment passed (a date of birth + 25 years is ahead).
    if (date === undefined || Math.max(localDateTime(date, '23:59'), when!) < closedAt) {
      return { at: closedAt, kind: 'followUp', index, skipped: true };
    }
    return { at: when!, kind: 'followUp', index, skipped: false };
  }

  private waitUntil(st: Extract<State, { type: 'wait' }>): number {
    if (st.for) return addDuration(this.s.enteredAt, st.for, this.input.calendar);
    const date = this.dateField(st.until!.field);
    if (date === undefined) return this.s.enteredAt;
    return localDateTime(date, '08:00') + (st.until!.offset?.days ?? 0) * DAY_MS;
  }

  private dateField(field: string): string | undefined {
    const v = this.s.formData[field];
    return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined;
  }

  private sendApology(now: number): DossierEvent {
    const clock = this.s.clock!;
    const apology = this.input.definition.deadline.apology!;
    const previousDueAt = clock.dueAt;
    const newDueAt = addDuration(previousDueAt, apology.extendBy, this.input.calendar);
    const message = this.applicantMessage(apology.template, { dueDate: formatDateVi(previousDueAt), newDueDate: formatDateVi(newDueAt) });
    clock.dueAt = newDueAt;
    this.s.apologySentAt = now;
    return this.emit('apology', now, { data: { previousDueAt, newDueAt }, messages: [message] });
  }

  private transition(
    to: string,
    cause: { actor: Actor; action: string; data: Record<string, unknown> },
    now: number,
  ): DossierEvent {
    const from = this.s.state;
    const target = this.stateDef(to);
    const cal = this.input.calendar;
    // Leaving an appointment by any other way (withdrawal, expiry…) frees the booked slot.
    if (this.s.booking && !cause.data.booking) cause.data.booking = { key: this.s.booking.key, outcome: 'cancelled' };
    this.s.state = to;
    this.s.enteredAt = now;
    this.s.stateVersion++;
    this.s.assignee = undefined;
    this.s.escalated = false;
    this.s.remindersSent = [];
    this.s.taskDueAt = target.type === 'task' && target.due ? addDuration(now, target.due, cal) : undefined;
    this.s.branches = target.type === 'parallel' ? Object.fromEntries(Object.keys(target.branches).map((b) => [b, 'open' as const])) : undefined;
    this.s.booking = undefined;
    this.updateClock(to, target, now);
    if (target.type === 'applicant') {
      this.s.supplementCycles++;
      const missing = cause.data.missingDocuments;
      this.s.missingDocuments = Array.isArray(missing) ? missing.map(String) : undefined;
    }
    if (target.type === 'end') this.s.closedAt = now;

    const vars = { reason: str(cause.data.reason), note: str(cause.data.note) };
    const notify = 'notify' in target ? target.notify : undefined;
    const messages = notify ? [this.applicantMessage(notify, vars)] : [];
    if (target.type === 'end' && target.survey) messages.push(...this.surveyMessages(target.survey));
    return this.emit('transition', now, { actor: cause.actor, from: from || undefined, to, action: cause.action, data: cause.data, messages });
  }

  /**
   * The statutory clock starts on entering deadline.startsAt and stops while the office waits for
   * the resident: after a supplement it restarts from zero (ND 61/2018 Art 19.4). It stops at the end.
   */
  private updateClock(to: string, target: State, now: number): void {
    const deadline = this.input.definition.deadline;
    const clock = this.s.clock;
    // The clock stops while the office waits for the resident, once the result is issued (one-stop
    // status "đã xử lý xong": later handovers and collections are the resident's time), and at the end.
    if (target.type === 'applicant' || target.type === 'end' || (target.type === 'system' && target.run === 'issueResult')) {
      if (clock) clock.running = false;
      return;
    }
    if (to === deadline.startsAt && !clock?.running) {
      const dueAt =
        deadline.workingDays !== undefined
          ? statutoryDueAt(now, deadline.workingDays, this.input.calendar).dueAt
          : calendarDaysDueAt(now, deadline.days!, this.input.calendar).dueAt;
      this.s.clock = { receivedAt: now, dueAt, originalDueAt: dueAt, running: true };
    }
  }

  private emit(
    type: DossierEventType,
    now: number,
    parts: Partial<Pick<DossierEvent, 'actor' | 'from' | 'to' | 'action' | 'data' | 'messages'>>,
  ): DossierEvent {
    this.s.seq++;
    const event: DossierEvent = {
      dossierId: this.input.dossierId,
      seq: this.s.seq,
      type,
      at: now,
      actor: parts.actor ?? SYSTEM,
      from: parts.from,
      to: parts.to,
      action: parts.action,
      data: parts.data ?? {},
      view: this.view(),
      messages: parts.messages ?? [],
    };
    this.pending.push(event);
    return event;
  }

  private applicantMessage(template: string, extra: Record<string, string | undefined> = {}): OutboxMessage {
    return { key: `applicant:${template}`, recipient: { kind: 'applicant' }, template, text: this.render(template, extra) };
  }

  /**
   * Rated 1–5 with buttons whose payloads come back as chat text (domain/conversation.ts). Zalo
   * allows at most 4 buttons per message (zalo-oa.md §2.4), so the two lowest ratings follow apart.
   */
  private surveyMessages(template: string): OutboxMessage[] {
    const button = (n: number) => ({ title: `${'★'.repeat(n)} ${n}`, type: 'oa.query.show' as const, payload: ratingPayload(this.input.code, n) });
    const first = this.applicantMessage(template);
    return [
      { ...first, buttons: [5, 4, 3].map(button) },
      { key: `${first.key}:more`, recipient: first.recipient, template, text: 'Chưa hài lòng? Chọn mức đánh giá:', buttons: [2, 1].map(button) },
    ];
  }

  /** Staff reminders go to the assignee, or to everyone holding the task's role when nobody claimed it. */
  private staffMessage(template: string, key: string): OutboxMessage {
    const task = this.current() as TaskState;
    const recipient: Recipient = this.s.assignee
      ? { kind: 'staff', staffId: this.s.assignee.staffId }
      : { kind: 'role', role: task.role, unitId: this.input.unit.id };
    return { key, recipient, template, text: this.render(template, this.taskDueVars()) };
  }

  /** Staff messages speak of the task's own due time, not the statutory one. */
  private taskDueVars(): Record<string, string | undefined> {
    return { dueDate: this.s.taskDueAt === undefined ? undefined : formatDateTimeVi(this.s.taskDueAt) };
  }

  private render(template: string, extra: Record<string, string | undefined> = {}): string {
    return this.renderText(this.input.definition.messages[template]?.vi ?? '', extra);
  }

  /** A template text filled as this dossier's messages are now (the templates page previews with it). */
  renderText(text: string, extra: Record<string, string | undefined> = {}): string {
    const def = this.input.definition;
    const clock = this.s.clock;
    const vars: Record<string, string | undefined> = {
      code: this.input.code,
      procedure: def.name.vi,
      state: this.current().label.vi,
      dueDate: clock ? formatDateVi(clock.dueAt) : this.s.taskDueAt ? formatDateVi(this.s.taskDueAt) : undefined,
      unitName: this.input.unit.name,
      applicantName: this.input.applicant.name,
      fee: def.fee ? formatFee(feeFor(def.fee, this.s.formData)) : undefined,
      missingDocuments: this.documentList(this.s.missingDocuments),
      ...this.fieldVars(),
      ...extra,
    };
    return renderTemplate(text, vars);
  }

  private fieldVars(): Record<string, string> {
    const vars: Record<string, string> = {};
    for (const field of this.input.definition.form) {
      const v = this.s.formData[field.key];
      if (v === undefined || v === null) continue;
      if (field.type === 'date' && typeof v === 'string') vars[`field.${field.key}`] = formatDateVi(localDateTime(v, '00:00'));
      else if (field.type === 'select') vars[`field.${field.key}`] = field.options?.find((o) => o.value === v)?.label.vi ?? String(v);
      else vars[`field.${field.key}`] = String(v);
    }
    return vars;
  }

  private documentList(keys: string[] | undefined): string | undefined {
    if (!keys) return undefined;
    const labels = keys.map((k) => this.input.definition.documents.find((d) => d.key === k)?.label.vi ?? String(k));
    return labels.map((l) => `- ${l}`).join('\n');
  }

  private stateDef(name: string): State {
    const st = this.input.definition.states[name];
    if (!st) throw new Error(`Definition ${this.input.definition.code} has no state "${name}"`);
    return st;
  }

  /** The clerk work of the current state: a task, a booked appointment, or one branch of a parallel step. */
  private requireWork(branch?: string): { label: TaskState['label']; role: string; actions: Record<string, TaskAction> } {
    const st = this.current();
    if (st.type === 'task') return st;
    if (st.type === 'appointment') return this.appointmentWork(st);
    if (st.type === 'parallel') {
      const b = branch !== undefined && Object.hasOwn(st.branches, branch) ? st.branches[branch] : undefined;
      if (!b) {
        throw new DomainError('MISSING_INPUT', 'Bước thẩm định song song: hãy chọn nhánh thẩm định.', [
          { path: 'branch', message: `Nhánh hợp lệ: ${Object.keys(st.branches).join(', ')}` },
        ]);
      }
      if (this.s.branches?.[branch!] !== 'open') throw new DomainError('INVALID_STATE', `Nhánh "${b.label.vi}" đã có kết luận.`);
      return {
        label: b.label,
        role: b.role,
        actions: { approve: { to: this.s.state, requires: [] }, reject: { to: st.onRejected, requires: ['reason'] } },
      };
    }
    throw new DomainError('INVALID_STATE', `Hồ sơ đang ở bước "${st.label.vi}", không có việc cần cán bộ xử lý.`);
  }

  private requireWorker(actor: ActInput['actor'], task: { role: string }): void {
    if (!canWorkOnTask(actor, { role: task.role, unitId: this.input.unit.id })) throw forbidden(task);
    if (this.s.assignee && this.s.assignee.staffId !== actor.staffId) {
      throw new DomainError('ASSIGNED_TO_OTHER', `Hồ sơ đang do cán bộ ${this.s.assignee.name} xử lý.`);
    }
  }

  private requireVersion(expected: number): void {
    if (expected !== this.s.stateVersion) {
      throw new DomainError(
        'VERSION_CONFLICT',
        `Hồ sơ đã thay đổi (phiên bản hiện tại ${this.s.stateVersion}, bạn gửi ${expected}); vui lòng tải lại trước khi thao tác.`,
      );
    }
  }
}

const DAY_MS = 24 * 60 * 60 * 1000;

const INPUT_LABELS = { reason: 'lý do', note: 'ghi chú', missingDocuments: 'danh sách giấy tờ cần bổ sung' } as const;

function forbidden(task: { role: string }): DomainError {
  return new DomainError('FORBIDDEN', `Bạn không có vai trò "${task.role}" tại đơn vị tiếp nhận hồ sơ này.`);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function formatVnd(n: number): string {
  return `${groupThousands(n)} đồng`;
}

/** The fee row the form data selects (fee tables), else the flat fee. */
export function feeFor(fee: NonNullable<ProcedureDefinition['fee']>, formData: Record<string, unknown>): { vnd: number; onlineVnd?: number } {
  // Snapshots taken before fee tables existed have none (schema defaults apply only when parsing).
  return (fee.table as typeof fee.table | undefined)?.find((row) => evaluateCondition(row.when as Condition, formData)) ?? fee;
}

export function formatFee({ vnd, onlineVnd }: { vnd: number; onlineVnd?: number }): string {
  if (vnd === 0) return 'miễn phí';
  return onlineVnd === undefined ? formatVnd(vnd) : `${formatVnd(vnd)} (nộp trực tuyến: ${formatVnd(onlineVnd)})`;
}
