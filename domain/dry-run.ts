// A dry run of a procedure definition: DossierMachine driven through chosen actions and events the
// way the dossier workflow drives it (system steps and choices run at once, timers fire in order),
// with nothing stored and nobody notified. Pure and deterministic: the start time, the unit's
// calendar and the chosen steps are inputs; due dates come from the machine and calendar.ts alone.
import { z } from 'zod';
import { addDuration, localDate, nextWorkingDay, officeStart, type CalendarData } from './calendar.js';
import { formatDateTimeVi, formatDateVi } from './wording/dates.js';
import type { ActInput, BranchView, DossierEvent, DossierInput, Recipient, StaffActor } from './contracts/dossier.js';
import { DossierMachine, type Timer } from './dossier-machine.js';
import { sampleForm } from './dsl/sample-form.js';
import type { ActionInput, Outcome, ProcedureDefinition, StateType } from './dsl/schema.js';
import { validateDefinition } from './dsl/validate.js';
import { DomainError, type FieldIssue } from './errors.js';
import { ROLE_LABELS, STAFF_ROLES, type StaffRole } from './roles.js';
import { appointmentText } from './wording/fees-and-periods.js';

const At = z.iso.datetime({ offset: true, message: 'Thời điểm dạng ISO 8601, ví dụ 2026-11-30T09:00:00+07:00' }).optional();
const Name = z.string().min(1).max(100);
const Text = z.string().trim().min(1).max(2000).optional();

/** One thing that happens to the sample dossier. `at` (default: when the previous step ended) may only move forward. */
export const DryRunStep = z.discriminatedUnion('type', [
  z
    .object({ type: z.literal('act'), action: Name, branch: Name.optional(), reason: Text, note: Text, missingDocuments: z.array(Name).max(30).optional(), at: At })
    .strict(),
  z.object({ type: z.literal('book'), startsAt: At, at: At }).strict(),
  z.object({ type: z.literal('supplement'), at: At }).strict(),
  z.object({ type: z.literal('withdraw'), at: At }).strict(),
  z.object({ type: z.literal('external'), event: Name, at: At }).strict(),
  /** The earliest pending timer fires at its own time. */
  z.object({ type: z.literal('timer') }).strict(),
]);
export type DryRunStep = z.infer<typeof DryRunStep>;
export const MAX_DRY_RUN_STEPS = 100;

export interface DryRunInput {
  /** Any JSON: validated first, like a definition about to be saved. */
  definition: unknown;
  startAt: number;
  unit: { id: string; name: string };
  /** The unit's calendar, built as for a new dossier (`unitCalendar`). */
  calendar: CalendarData;
  steps: DryRunStep[];
  /** Form values over the sample ones (they steer choices, fee tables and follow-ups). */
  formData?: Record<string, unknown>;
}

export interface DryRunNext {
  step: DryRunStep;
  label: string;
  /** Inputs the action requires (the dry run fills sample values when a step gives none). */
  requires: ActionInput[];
}

export interface DryRunTimer {
  kind: Timer['kind'];
  at: number;
  label: string;
}

export interface DryRunMessage {
  recipient: string;
  template: string;
  text: string;
}

export interface DryRunTraceStep {
  /** What was done; the first entry is the submission. */
  did: string;
  at: number;
  state: string;
  stateLabel: string;
  stateType: StateType;
  outcome?: Outcome;
  /** Statutory clock (restarts after a supplement). */
  receivedAt?: number;
  dueAt?: number;
  /** The current task's own due time, or each parallel branch's. */
  taskDueAt?: number;
  branches?: BranchView[];
  appointmentAt?: number;
  awaiting?: { event: string; timeoutAt: number };
  /** Transitions and other events this step caused, automatic steps included. */
  events: Array<{ type: DossierEvent['type']; from?: string; to?: string; action?: string }>;
  messages: DryRunMessage[];
  /** Pending timers of the state reached, earliest first. */
  timers: DryRunTimer[];
  next: DryRunNext[];
  /** Ended and nothing left to send. */
  finished: boolean;
}

export type DryRunResult =
  | { ok: true; trace: DryRunTraceStep[] }
  /** The definition does not validate: its issues, at their paths. */
  | { ok: false; kind: 'definition'; issues: FieldIssue[] }
  /** Step `index` could not be taken: the trace up to it and why. */
  | { ok: false; kind: 'step'; trace: DryRunTraceStep[]; index: number; issues: FieldIssue[] };

const SAMPLE = {
  applicant: 'Nguyễn Văn A',
  reason: 'Lý do ví dụ (chạy thử)',
  note: 'Ghi chú ví dụ (chạy thử)',
  missingDocument: 'Giấy tờ ví dụ (chạy thử)',
};
/** More automatic steps in a row than any sane definition takes: a system/choice loop. */
const MAX_AUTOMATIC_STEPS = 50;

const TIMER_LABELS: Record<Timer['kind'], string> = {
  taskReminder: 'Nhắc việc cán bộ',
  escalation: 'Báo lãnh đạo khi bước quá hạn',
  applicantReminder: 'Nhắc người dân',
  expiry: 'Hết hạn chờ người dân',
  waitOver: 'Hết thời gian chờ',
  apology: 'Thư xin lỗi, hẹn lại ngày trả kết quả',
  appointmentReminder: 'Nhắc lịch hẹn',
  bookingExpired: 'Hết hạn đặt lịch hẹn',
  externalTimeout: 'Hết thời gian chờ hệ thống khác',
  followUp: 'Tin nhắn sau khi kết thúc',
};

export function dryRun(input: DryRunInput): DryRunResult {
  const checked = validateDefinition(input.definition);
  if (!checked.ok) return { ok: false, kind: 'definition', issues: checked.issues };
  const definition = checked.definition;
  const machine = new DossierMachine(sampleInput(definition, input), input.startAt);
  const trace: DryRunTraceStep[] = [];
  let now = input.startAt;

  const record = (did: string) => {
    runAutomaticSteps(machine, now);
    trace.push(traceStep(machine, did, now, machine.pending.splice(0)));
  };
  record('Người dân nộp hồ sơ');

  for (const [index, step] of input.steps.entries()) {
    try {
      if (step.type === 'timer') {
        const timer = machine.nextTimer();
        if (!timer) throw new DomainError('INVALID_STATE', 'Không còn hẹn giờ nào ở bước này.');
        now = Math.max(now, timer.at);
        machine.fireTimer(timer, now);
        record(`${timerLabel(timer)} (tự động)`);
        continue;
      }
      if (step.at !== undefined) {
        const at = Date.parse(step.at);
        if (at < now) throw new DomainError('VALIDATION_FAILED', 'Thời điểm của bước không được sớm hơn bước trước.', [{ path: 'at', message: `Chọn từ ${formatDateTimeVi(now)} trở đi` }]);
        now = at;
      }
      record(takeStep(machine, definition, input, step, now));
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      const at = (path: string | undefined) => `steps.${index}${path ? `.${path}` : ''}`;
      const issues = err.issues.length > 0 ? err.issues.map((i) => ({ ...i, path: at(i.path), message: `${err.message} ${i.message}` })) : [{ path: at(undefined), message: err.message }];
      return { ok: false, kind: 'step', trace, index, issues };
    }
  }
  return { ok: true, trace };
}

/**
 * A template text as the sample dossier would receive it just after submission, with sample values
 * for what only later steps supply (reason, note, documents asked for, appointment, new due date).
 */
export function previewMessage(definition: ProcedureDefinition, text: string, input: Omit<DryRunInput, 'definition' | 'steps'>): string {
  const machine = new DossierMachine(sampleInput(definition, { ...input, definition, steps: [] }), input.startAt);
  const document = definition.documents[0]?.label.vi ?? SAMPLE.missingDocument;
  const slot = firstSlot(input.startAt, input.calendar);
  return machine.renderText(text, {
    reason: SAMPLE.reason,
    note: SAMPLE.note,
    missingDocuments: `- ${document}`,
    appointment: formatDateTimeVi(slot),
    newDueDate: appointmentText(definition.deadline, formatDateVi(addDuration(slot, { workingDays: 2 }, input.calendar))),
  });
}

/** A dossier as a resident would submit it: sample form values unless given, a sample applicant. */
function sampleInput(definition: ProcedureDefinition, input: DryRunInput): DossierInput {
  return {
    dossierId: '00000000-0000-4000-8000-000000000000',
    code: `CHAYTHU-${localDate(input.startAt).slice(2).replaceAll('-', '')}-0001`,
    unit: input.unit,
    definition,
    calendar: input.calendar,
    applicant: { name: SAMPLE.applicant },
    channel: 'zalo',
    formData: { ...sampleForm(definition, input.startAt), ...input.formData },
    submittedAt: input.startAt,
  };
}

/** A clerk holding every role at the unit: the dry run explores the definition, not permissions. */
function everyRole(unitId: string): StaffActor {
  return { kind: 'staff', staffId: 'chay-thu', name: 'Cán bộ (chạy thử)', grants: STAFF_ROLES.map((role) => ({ role, unitId })) };
}

/** Applies one step through the machine's own checks; returns what was done, in words. */
function takeStep(machine: DossierMachine, definition: ProcedureDefinition, input: DryRunInput, step: Exclude<DryRunStep, { type: 'timer' }>, now: number): string {
  const actor = everyRole(input.unit.id);
  switch (step.type) {
    case 'act': {
      const act: ActInput = {
        actor,
        action: step.action,
        branch: step.branch,
        expectedVersion: machine.view().stateVersion,
        reason: step.reason,
        note: step.note,
        missingDocuments: step.missingDocuments,
      };
      const label = nextSteps(machine).find((n) => n.step.type === 'act' && n.step.action === step.action && n.step.branch === step.branch);
      for (const need of label?.requires ?? []) {
        if (need === 'missingDocuments') act.missingDocuments ??= [definition.documents[0]?.key ?? SAMPLE.missingDocument];
        else act[need] ??= SAMPLE[need];
      }
      machine.checkAct(act);
      machine.act(act, now);
      return label?.label ?? step.action;
    }
    case 'book': {
      const startsAt = step.startsAt === undefined ? firstSlot(now, input.calendar) : Date.parse(step.startsAt);
      machine.checkBook({ actor, startsAt }, now);
      machine.book({ actor, startsAt }, `chay-thu:${startsAt}`, now);
      return `Đặt lịch hẹn lúc ${formatDateTimeVi(startsAt)}`;
    }
    case 'supplement':
      machine.checkSupplement({});
      machine.supplement({ note: SAMPLE.note }, now);
      return 'Người dân gửi bổ sung';
    case 'withdraw':
      machine.checkWithdraw({});
      machine.withdraw({ reason: SAMPLE.reason }, now);
      return 'Người dân rút hồ sơ';
    case 'external':
      machine.checkExternal({ actor, event: step.event });
      machine.external({ actor, event: step.event }, now);
      return `Hệ thống khác báo "${step.event}"`;
  }
}

/** The opening of office hours on the next working day: a slot the machine accepts. */
function firstSlot(now: number, cal: CalendarData): number {
  return officeStart(nextWorkingDay(localDate(now), cal), cal);
}

/** As the workflow does after every change: system steps complete (the sample result) and choices resolve. */
function runAutomaticSteps(machine: DossierMachine, now: number): void {
  for (let i = 0; ; i++) {
    const type = machine.current().type;
    if (type !== 'system' && type !== 'choice') return;
    if (i === MAX_AUTOMATIC_STEPS) throw new DomainError('VALIDATION_FAILED', 'Các bước tự động lặp vòng, hồ sơ không dừng ở bước nào.');
    if (type === 'system') machine.completeSystemStep({ dryRun: true }, now);
    else machine.resolveChoice(now);
  }
}

/** What may happen next: each clerk action, the resident's moves, an awaited event, the next timer. */
function nextSteps(machine: DossierMachine): DryRunNext[] {
  const view = machine.view();
  const next: DryRunNext[] = [];
  if (view.branches) {
    for (const b of view.branches.filter((x) => x.status === 'open')) {
      next.push({ step: { type: 'act', action: 'approve', branch: b.branch }, label: `Chấp thuận: ${b.label}`, requires: [] });
      next.push({ step: { type: 'act', action: 'reject', branch: b.branch }, label: `Từ chối: ${b.label}`, requires: ['reason'] });
    }
  }
  for (const a of view.task?.actions ?? []) next.push({ step: { type: 'act', action: a.name }, label: a.label ?? a.name, requires: a.requires });
  if (view.stateType === 'appointment' && view.appointment?.startsAt === undefined) next.push({ step: { type: 'book' }, label: 'Đặt lịch hẹn (khung giờ đầu tiên còn trống)', requires: [] });
  if (view.stateType === 'applicant') next.push({ step: { type: 'supplement' }, label: 'Người dân gửi bổ sung', requires: [] });
  if (view.awaiting) next.push({ step: { type: 'external', event: view.awaiting.event }, label: `Hệ thống khác báo "${view.awaiting.event}"`, requires: [] });
  if (canWithdraw(machine)) next.push({ step: { type: 'withdraw' }, label: 'Người dân rút hồ sơ', requires: [] });
  const timer = machine.nextTimer();
  if (timer) next.push({ step: { type: 'timer' }, label: `Chờ đến ${formatDateTimeVi(timer.at)}: ${timerLabel(timer)}`, requires: [] });
  return next;
}

function canWithdraw(machine: DossierMachine): boolean {
  try {
    machine.checkWithdraw({});
    return true;
  } catch {
    return false;
  }
}

function timerLabel(t: Timer): string {
  return t.kind === 'followUp' && t.skipped ? `${TIMER_LABELS.followUp} (bỏ qua: ngày đã qua)` : TIMER_LABELS[t.kind];
}

function recipientLabel(r: Recipient): string {
  switch (r.kind) {
    case 'applicant':
    case 'resident':
      return 'Người nộp hồ sơ';
    case 'staff':
      return 'Cán bộ đang xử lý';
    case 'role':
      return `Cán bộ vai trò ${ROLE_LABELS[r.role as StaffRole] ?? r.role}`;
  }
}

function traceStep(machine: DossierMachine, did: string, at: number, events: DossierEvent[]): DryRunTraceStep {
  const view = machine.view();
  return {
    did,
    at,
    state: view.state,
    stateLabel: view.stateLabel,
    stateType: view.stateType,
    outcome: view.outcome,
    receivedAt: view.receivedAt,
    dueAt: view.dueAt,
    taskDueAt: view.task?.dueAt,
    branches: view.branches,
    appointmentAt: view.appointment?.startsAt,
    awaiting: view.awaiting,
    events: events.map((e) => ({ type: e.type, from: e.from, to: e.to, action: e.action })),
    messages: events.flatMap((e) => e.messages.map((m) => ({ recipient: recipientLabel(m.recipient), template: m.template, text: m.text }))),
    timers: machine
      .timers()
      .sort((a, b) => a.at - b.at)
      .map((t) => ({ kind: t.kind, at: t.at, label: timerLabel(t) })),
    next: machine.isFinished() ? [] : nextSteps(machine),
    finished: machine.isFinished(),
  };
}
