// The procedure definition language: one zod schema for the shape of a definition.
// Cross-references (targets, roles, templates, reachability, deadline budgets) are checked
// by validate.ts. Pure code: imported by workflows, activities and the API alike.
import { z } from 'zod';

const idPattern = /^[a-z][a-zA-Z0-9_]*$/;
// Names that plain objects inherit could be mistaken for states or templates by a lookup.
const RESERVED_IDS = new Set(['constructor', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', 'toLocaleString', 'propertyIsEnumerable']);
export const Id = z
  .string()
  .regex(idPattern, { message: 'Tên phải bắt đầu bằng chữ thường và chỉ gồm chữ, số, dấu gạch dưới' })
  .refine((id) => !RESERVED_IDS.has(id), { message: 'Tên này được dành riêng, hãy chọn tên khác' });

export const LocalizedText = z.object({ vi: z.string().min(1), en: z.string().min(1).optional() }).strict();
export type LocalizedText = z.infer<typeof LocalizedText>;

const positiveInt = z.number().int().positive();

/** A duration with exactly one unit. Working units follow the unit's calendar and office hours. */
export const Duration = z
  .object({
    minutes: positiveInt,
    hours: positiveInt,
    days: positiveInt,
    workingHours: positiveInt,
    workingDays: positiveInt,
  })
  .partial()
  .strict()
  .refine((d) => Object.values(d).filter((v) => v !== undefined).length === 1, {
    message: 'Thời hạn phải có đúng một đơn vị: minutes, hours, days, workingHours hoặc workingDays',
  });
export type Duration = z.infer<typeof Duration>;

/** A calendar offset (may be negative), used for dates derived from form fields. */
export const Offset = z
  .object({ days: z.number().int() })
  .strict();
export type Offset = z.infer<typeof Offset>;

export const FieldType = z.enum(['text', 'textarea', 'number', 'date', 'select', 'phone', 'cccd', 'email', 'boolean', 'vin']);
export type FieldType = z.infer<typeof FieldType>;

export const FormField = z
  .object({
    key: Id,
    type: FieldType,
    label: LocalizedText,
    required: z.boolean().default(false),
    help: LocalizedText.optional(),
    options: z.array(z.object({ value: z.string().min(1), label: LocalizedText }).strict()).min(1).optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    maxLength: positiveInt.optional(),
    /** For date fields: the date must not be in the past / must be in the past. */
    dateRule: z.enum(['future', 'past']).optional(),
    /** Identifies a confidential source (crime reporter): kept in the sealed store, never in the dossier. */
    sealed: z.boolean().default(false),
  })
  .strict();
export type FormField = z.infer<typeof FormField>;

export const DocumentSpec = z
  .object({
    key: Id,
    label: LocalizedText,
    required: z.boolean().default(false),
    /** Official form code where the document is a police form, e.g. CT01. */
    formCode: z.string().min(1).optional(),
    accept: z.array(z.string().regex(/^[a-z]+\/([a-z0-9.+-]+|\*)$/, { message: 'Kiểu MIME không hợp lệ' })).min(1),
    maxSizeMb: z.number().positive().max(25).default(10),
  })
  .strict();
export type DocumentSpec = z.infer<typeof DocumentSpec>;

/** Inputs a clerk action can demand; the Update validator enforces them. */
export const ActionInput = z.enum(['reason', 'missingDocuments', 'note']);
export type ActionInput = z.infer<typeof ActionInput>;

export const TaskAction = z
  .object({
    to: Id,
    label: LocalizedText.optional(),
    requires: z.array(ActionInput).default([]),
  })
  .strict();
export type TaskAction = z.infer<typeof TaskAction>;

const notify = Id.optional(); // template sent to the applicant when the state is entered

export const TaskState = z
  .object({
    type: z.literal('task'),
    label: LocalizedText,
    role: z.string().min(1),
    due: Duration.optional(),
    remind: z.array(z.object({ before: Duration, template: Id }).strict()).default([]),
    escalate: z.object({ toRole: z.string().min(1), template: Id }).strict().optional(),
    actions: z.record(Id, TaskAction).refine((a) => Object.keys(a).length > 0, {
      message: 'Bước xử lý phải có ít nhất một thao tác',
    }),
    notify,
  })
  .strict()
  .refine((s) => s.due !== undefined || (s.remind.length === 0 && s.escalate === undefined), {
    message: 'Nhắc việc và chuyển cấp cần thời hạn "due" của bước để tính mốc',
    path: ['due'],
  });
export type TaskState = z.infer<typeof TaskState>;

export const ApplicantState = z
  .object({
    type: z.literal('applicant'),
    label: LocalizedText,
    expires: z.object({ after: Duration, then: Id }).strict().optional(),
    remind: z.array(z.object({ every: Duration, template: Id, max: positiveInt.default(3) }).strict()).default([]),
    /** What the resident's "submit" (supplement sent) leads to. */
    onSubmit: Id,
    notify,
  })
  .strict();
export type ApplicantState = z.infer<typeof ApplicantState>;

export const SystemState = z
  .object({ type: z.literal('system'), label: LocalizedText, run: z.string().min(1), next: Id, notify })
  .strict();
export type SystemState = z.infer<typeof SystemState>;

export const WaitState = z
  .object({
    type: z.literal('wait'),
    label: LocalizedText,
    for: Duration.optional(),
    until: z.object({ field: Id, offset: Offset.optional() }).strict().optional(),
    next: Id,
    notify,
  })
  .strict()
  .refine((s) => (s.for === undefined) !== (s.until === undefined), {
    message: 'Bước chờ cần đúng một trong hai: "for" hoặc "until"',
  });
export type WaitState = z.infer<typeof WaitState>;

export type Condition =
  | { field: string; op: 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte'; value: string | number | boolean }
  | { field: string; op: 'in'; value: Array<string | number> }
  | { field: string; op: 'exists' }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

const scalar = z.union([z.string(), z.number(), z.boolean()]);
export const Condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.object({ field: Id, op: z.enum(['eq', 'ne', 'gt', 'gte', 'lt', 'lte']), value: scalar }).strict(),
    z.object({ field: Id, op: z.literal('in'), value: z.array(z.union([z.string(), z.number()])).min(1) }).strict(),
    z.object({ field: Id, op: z.literal('exists') }).strict(),
    z.object({ all: z.array(Condition).min(1) }).strict(),
    z.object({ any: z.array(Condition).min(1) }).strict(),
    z.object({ not: Condition }).strict(),
  ]),
);

export const ChoiceState = z
  .object({
    type: z.literal('choice'),
    label: LocalizedText,
    choices: z.array(z.object({ when: Condition, next: Id }).strict()).min(1),
    otherwise: Id,
  })
  .strict();
export type ChoiceState = z.infer<typeof ChoiceState>;

/**
 * Specialist reviews running side by side (e.g. PCCC). Each branch is a task for one role with the
 * fixed actions approve / reject (reject requires a reason): all must approve, any rejection decides.
 */
export const ParallelState = z
  .object({
    type: z.literal('parallel'),
    label: LocalizedText,
    branches: z
      .record(Id, z.object({ label: LocalizedText, role: z.string().min(1), due: Duration.optional() }).strict())
      .refine((b) => Object.keys(b).length >= 2, { message: 'Bước song song cần ít nhất hai nhánh' }),
    onApproved: Id,
    onRejected: Id,
    notify,
  })
  .strict();
export type ParallelState = z.infer<typeof ParallelState>;

/**
 * An appointment (biometrics, site inspection, seal handover): a slot of `kind` at the dossier's
 * unit is booked (by the resident or a clerk; rebooking moves it), reminded, and then a clerk of
 * `role` records whether the resident came.
 */
export const AppointmentState = z
  .object({
    type: z.literal('appointment'),
    label: LocalizedText,
    kind: Id,
    role: z.string().min(1),
    /** Sent to the applicant when a slot is booked or moved: use {appointment} for the time. */
    booked: Id,
    remind: z.object({ before: Duration, template: Id }).strict().optional(),
    /** Not booked within this time: give up. */
    bookWithin: z.object({ after: Duration, then: Id }).strict().optional(),
    attended: Id,
    noShow: Id,
    notify,
  })
  .strict();
export type AppointmentState = z.infer<typeof AppointmentState>;

/**
 * Waiting for another system (card production, …): an authenticated API call delivers `event`
 * and the dossier goes to `next`; without it after `timeout.after` it goes to `timeout.then`.
 */
export const ExternalState = z
  .object({
    type: z.literal('external'),
    label: LocalizedText,
    event: Id,
    next: Id,
    timeout: z.object({ after: Duration, then: Id }).strict(),
    notify,
  })
  .strict();
export type ExternalState = z.infer<typeof ExternalState>;

export const Outcome = z.enum(['approved', 'rejected', 'refused', 'withdrawn']);
export type Outcome = z.infer<typeof Outcome>;

export const EndState = z
  .object({
    type: z.literal('end'),
    label: LocalizedText,
    outcome: Outcome,
    notify,
    /** Satisfaction survey sent after the result, answered with 1–5 buttons (ND 61/2018 Art 27–32). */
    survey: Id.optional(),
    /** Messages sent after the end, at a date taken from a form field (e.g. stay expiry − 15 days). */
    followUps: z.array(z.object({ at: z.object({ field: Id, offset: Offset.optional() }).strict(), template: Id }).strict()).default([]),
  })
  .strict();
export type EndState = z.infer<typeof EndState>;

export const State = z.discriminatedUnion('type', [
  TaskState,
  ApplicantState,
  SystemState,
  WaitState,
  ChoiceState,
  ParallelState,
  AppointmentState,
  ExternalState,
  EndState,
]);
export type State = z.infer<typeof State>;
export type StateType = State['type'];

export const Deadline = z
  .object({
    workingDays: positiveInt.optional(),
    days: positiveInt.optional(),
    /** The statutory clock starts (and after a supplement, restarts from zero) on entering this state. */
    startsAt: Id,
    /** One apology letter with a new date, sent one working day before the due date if still open. */
    apology: z.object({ extendBy: Duration, template: Id }).strict().optional(),
    /**
     * The legal officer confirmed the period (procedures-vn.md ✅). Absent or false: the clock runs
     * for staff, but residents read "theo quy định hiện hành — cán bộ sẽ báo", never the number.
     */
    confirmed: z.boolean().optional(),
  })
  .strict()
  .refine((d) => (d.workingDays === undefined) !== (d.days === undefined), {
    message: 'Thời hạn luật định cần đúng một trong hai: workingDays hoặc days',
  });
export type Deadline = z.infer<typeof Deadline>;

const FeeRow = z
  .object({
    when: Condition,
    vnd: z.number().int().nonnegative(),
    onlineVnd: z.number().int().nonnegative().optional(),
    confirmed: z.boolean().optional(),
    onlineConfirmed: z.boolean().optional(),
    from: z.iso.date().optional(),
    until: z.iso.date().optional(),
  })
  .strict()
  .refine((r) => r.from === undefined || r.until === undefined || r.from <= r.until, { message: 'Ngày bắt đầu phải trước ngày kết thúc', path: ['until'] });

export const Authority = z.enum(['ward', 'province', 'any']);
export type Authority = z.infer<typeof Authority>;

export const ProcedureDefinition = z
  .object({
    code: z.string().regex(/^[A-Z][A-Z0-9_]*$/, { message: 'Mã thủ tục gồm chữ in hoa, số và dấu gạch dưới' }),
    version: positiveInt,
    name: LocalizedText,
    /** The title on a Zalo button, which Zalo cuts at 35 characters (zalo-oa.md §2.3). */
    shortName: z.object({ vi: z.string().min(1).max(35), en: z.string().min(1).max(35).optional() }).strict().optional(),
    description: LocalizedText.optional(),
    legalBasis: z.array(z.string().min(1)).min(1),
    /** Dossiers only investigators may open (crime reports); their sealed fields never leave the sealed store. */
    confidential: z.boolean().default(false),
    /** Values that the unit's legal officer still has to confirm (procedures-vn.md markers ⚠️/❓). */
    toBeConfirmed: z.array(z.string().min(1)).default([]),
    nationalCode: z.string().min(1).optional(),
    effectiveFrom: z.iso.date().optional(),
    authority: Authority,
    deadline: Deadline,
    fee: z
      .object({
        vnd: z.number().int().nonnegative(),
        onlineVnd: z.number().int().nonnegative().optional(),
        /** The amounts are confirmed (absent: not printed to residents, see domain/wording/fees-and-periods.ts). */
        confirmed: z.boolean().optional(),
        /** The online amount's own status, when it differs (e.g. a waiver reported but not verified). */
        onlineConfirmed: z.boolean().optional(),
        /** Printed to residents only when the fee is confirmed. */
        note: LocalizedText.optional(),
        /**
         * Fees that depend on the form (vehicle type, request type…) or on the date (a temporary
         * reduction): the first row whose condition holds and whose `from`–`until` (inclusive,
         * submission date) include the dossier wins over `vnd`.
         */
        table: z.array(FeeRow).default([]),
      })
      .strict()
      .optional(),
    forms: z.partialRecord(z.enum(['application', 'receipt', 'supplement', 'refusal', 'result', 'apology']), z.string().min(1)).default({}),
    form: z.array(FormField).default([]),
    documents: z.array(DocumentSpec).default([]),
    initial: Id,
    /**
     * End state reached when the resident withdraws an undecided dossier. Absent: a withdrawal does
     * not end the matter (a crime report is handled whatever the reporter wants, BLTTHS Art 145.1),
     * and the resident is told so.
     */
    withdrawTo: Id.optional(),
    states: z.record(Id, State),
    messages: z.record(Id, LocalizedText),
  })
  .strict();
export type ProcedureDefinition = z.infer<typeof ProcedureDefinition>;
/** What authors write: defaults may be omitted. */
export type ProcedureDefinitionInput = z.input<typeof ProcedureDefinition>;
