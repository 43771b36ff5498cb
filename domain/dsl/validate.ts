// Validation of a procedure definition: the zod shape first, then the cross-references that
// the shape cannot express. Every problem is reported (never just the first), each with the
// path an admin screen can highlight and a Vietnamese explanation.
import { z } from 'zod';
import { isKnownPlaceholder, PLACEHOLDERS, FIELD_PLACEHOLDER_PREFIX, templatePlaceholders } from '../messages.js';
import { STAFF_ROLES } from '../roles.js';
import { SYSTEM_STEPS } from '../system-steps.js';
import { ProcedureDefinition, type Condition, type Duration, type FormField, type State } from './schema.js';

// Admins read the built-in zod messages too, so they must be Vietnamese.
z.config(z.locales.vi());

export interface DefinitionIssue {
  /** e.g. 'states.review.actions.approve.to', 'form[2].options'; '' for the whole definition. */
  path: string;
  /** A zod issue code, or one of SEMANTIC_ISSUE_CODES. */
  code: string;
  message: string;
}

export interface ValidationContext {
  roles: readonly string[];
  systemSteps: readonly string[];
}

/** 'admin' manages the system; it never works on a dossier. */
export const DEFAULT_CONTEXT: ValidationContext = {
  roles: STAFF_ROLES.filter((role) => role !== 'admin' && role !== 'integration'),
  systemSteps: SYSTEM_STEPS,
};

export type ValidationResult = { ok: true; definition: ProcedureDefinition } | { ok: false; issues: DefinitionIssue[] };

export const SEMANTIC_ISSUE_CODES = [
  'unknown_initial',
  'unknown_target',
  'invalid_withdraw_target',
  'invalid_deadline_start',
  'unreachable_state',
  'no_path_to_end',
  'unknown_role',
  'unknown_system_step',
  'unknown_template',
  'unknown_placeholder',
  'unknown_field',
  'field_not_date',
  'duplicate_field_key',
  'duplicate_document_key',
  'missing_options',
  'unexpected_options',
  'min_greater_than_max',
  'deadline_exceeded',
] as const;
export type SemanticIssueCode = (typeof SEMANTIC_ISSUE_CODES)[number];

export function validateDefinition(input: unknown, ctx: ValidationContext = DEFAULT_CONTEXT): ValidationResult {
  const parsed = ProcedureDefinition.safeParse(input);
  if (!parsed.success) return { ok: false, issues: parsed.error.issues.map(fromZodIssue) };
  const issues = SEMANTIC_CHECKS.flatMap((check) => check(parsed.data, ctx));
  return issues.length === 0 ? { ok: true, definition: parsed.data } : { ok: false, issues };
}

type Check = (def: ProcedureDefinition, ctx: ValidationContext) => DefinitionIssue[];

function issue(path: string, code: SemanticIssueCode, message: string): DefinitionIssue {
  return { path, code, message };
}

function fromZodIssue(zodIssue: z.core.$ZodIssue): DefinitionIssue {
  return { path: formatPath(zodIssue.path), code: zodIssue.code, message: zodIssue.message };
}

/** ['form', 2, 'options'] → 'form[2].options' */
function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === 'number') return `${text}[${key}]`;
    return text === '' ? String(key) : `${text}.${String(key)}`;
  }, '');
}

// ---------------------------------------------------------------------------------------------
// The state graph

interface Edge {
  path: string;
  to: string;
}

/** Own properties only: a state named like an Object.prototype member must not "exist". */
function stateOf(def: ProcedureDefinition, id: string): State | undefined {
  return Object.hasOwn(def.states, id) ? def.states[id] : undefined;
}

/** The transitions a state can take by itself (withdrawal is the resident's, handled apart). */
function edgesOf(id: string, state: State): Edge[] {
  const at = `states.${id}`;
  switch (state.type) {
    case 'task':
      return Object.entries(state.actions).map(([name, action]) => ({ path: `${at}.actions.${name}.to`, to: action.to }));
    case 'applicant': {
      const onSubmit = { path: `${at}.onSubmit`, to: state.onSubmit };
      return state.expires ? [onSubmit, { path: `${at}.expires.then`, to: state.expires.then }] : [onSubmit];
    }
    case 'system':
    case 'wait':
      return [{ path: `${at}.next`, to: state.next }];
    case 'choice':
      return [
        ...state.choices.map((choice, i) => ({ path: `${at}.choices[${i}].next`, to: choice.next })),
        { path: `${at}.otherwise`, to: state.otherwise },
      ];
    case 'parallel':
      return [
        { path: `${at}.onApproved`, to: state.onApproved },
        { path: `${at}.onRejected`, to: state.onRejected },
      ];
    case 'appointment':
      return [
        { path: `${at}.attended`, to: state.attended },
        { path: `${at}.noShow`, to: state.noShow },
        ...(state.bookWithin ? [{ path: `${at}.bookWithin.then`, to: state.bookWithin.then }] : []),
      ];
    case 'external':
      return [
        { path: `${at}.next`, to: state.next },
        { path: `${at}.timeout.then`, to: state.timeout.then },
      ];
    case 'end':
      return [];
  }
}

function successors(def: ProcedureDefinition, id: string): string[] {
  const state = stateOf(def, id);
  if (!state) return [];
  return edgesOf(id, state)
    .map((edge) => edge.to)
    .filter((to) => stateOf(def, to) !== undefined);
}

/** Every state reachable from `starts` by following `next`. */
function reach(starts: readonly string[], next: (id: string) => readonly string[]): Set<string> {
  const seen = new Set(starts);
  const queue = [...starts];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    for (const to of next(id)) {
      if (!seen.has(to)) {
        seen.add(to);
        queue.push(to);
      }
    }
  }
  return seen;
}

function stateEntries(def: ProcedureDefinition): Array<[string, State]> {
  return Object.entries(def.states);
}

// ---------------------------------------------------------------------------------------------
// States and transitions

const checkInitial: Check = (def) =>
  stateOf(def, def.initial)
    ? []
    : [issue('initial', 'unknown_initial', `Bước khởi đầu "${def.initial}" không có trong danh sách các bước.`)];

const checkTargets: Check = (def) => {
  const edges = stateEntries(def).flatMap(([id, state]) => edgesOf(id, state));
  const withdrawal = def.withdrawTo === undefined ? [] : [{ path: 'withdrawTo', to: def.withdrawTo }];
  return [...edges, ...withdrawal]
    .filter((edge) => !stateOf(def, edge.to))
    .map((edge) => issue(edge.path, 'unknown_target', `Không có bước "${edge.to}" để chuyển tới.`));
};

const checkWithdrawTo: Check = (def) => {
  const target = def.withdrawTo === undefined ? undefined : stateOf(def, def.withdrawTo);
  if (!target || (target.type === 'end' && target.outcome === 'withdrawn')) return [];
  return [
    issue(
      'withdrawTo',
      'invalid_withdraw_target',
      `Khi người dân rút hồ sơ, hồ sơ phải chuyển tới một bước kết thúc có kết quả "withdrawn"; bước "${def.withdrawTo}" không phải như vậy.`,
    ),
  ];
};

const checkDeadlineStart: Check = (def) =>
  stateOf(def, def.deadline.startsAt)?.type === 'task'
    ? []
    : [
        issue(
          'deadline.startsAt',
          'invalid_deadline_start',
          `Thời hạn luật định phải bắt đầu tại một bước xử lý của cán bộ (task); "${def.deadline.startsAt}" không phải bước như vậy.`,
        ),
      ];

const checkUnreachable: Check = (def) => {
  if (!stateOf(def, def.initial)) return []; // already reported; every state would look unreachable
  // The withdrawal end is reached by the resident's action, not by a transition.
  const starts = [def.initial, def.withdrawTo].filter((id): id is string => id !== undefined && stateOf(def, id) !== undefined);
  const reachable = reach(starts, (id) => successors(def, id));
  return Object.keys(def.states)
    .filter((id) => !reachable.has(id))
    .map((id) => issue(`states.${id}`, 'unreachable_state', `Không có đường nào từ bước khởi đầu "${def.initial}" dẫn tới bước "${id}".`));
};

const checkReachesEnd: Check = (def) => {
  const predecessors = new Map<string, string[]>();
  for (const id of Object.keys(def.states)) {
    for (const to of successors(def, id)) predecessors.set(to, [...(predecessors.get(to) ?? []), id]);
  }
  const ends = stateEntries(def)
    .filter(([, state]) => state.type === 'end')
    .map(([id]) => id);
  const reachesEnd = reach(ends, (id) => predecessors.get(id) ?? []);
  return Object.keys(def.states)
    .filter((id) => !reachesEnd.has(id))
    .map((id) => issue(`states.${id}`, 'no_path_to_end', `Từ bước "${id}" không có đường nào dẫn tới một bước kết thúc: hồ sơ sẽ bị kẹt.`));
};

// ---------------------------------------------------------------------------------------------
// Roles, system steps, templates, placeholders

const checkRoles: Check = (def, ctx) => {
  const refs = stateEntries(def).flatMap(([id, state]) => {
    if (state.type === 'parallel') {
      return Object.entries(state.branches).map(([branch, b]) => ({ path: `states.${id}.branches.${branch}.role`, role: b.role }));
    }
    if (state.type === 'appointment') return [{ path: `states.${id}.role`, role: state.role }];
    if (state.type !== 'task') return [];
    const role = { path: `states.${id}.role`, role: state.role };
    return state.escalate ? [role, { path: `states.${id}.escalate.toRole`, role: state.escalate.toRole }] : [role];
  });
  return refs
    .filter((ref) => !ctx.roles.includes(ref.role))
    .map((ref) =>
      issue(ref.path, 'unknown_role', `Vai trò "${ref.role}" không tồn tại; các vai trò hợp lệ: ${ctx.roles.join(', ')}.`),
    );
};

const checkSystemSteps: Check = (def, ctx) =>
  stateEntries(def).flatMap(([id, state]) =>
    state.type === 'system' && !ctx.systemSteps.includes(state.run)
      ? [
          issue(
            `states.${id}.run`,
            'unknown_system_step',
            `Bước tự động "${state.run}" không có trong hệ thống; các bước hợp lệ: ${ctx.systemSteps.join(', ')}.`,
          ),
        ]
      : [],
  );

export interface TemplateRef {
  /** Where the template is named, e.g. 'states.review.remind[0].template'. */
  path: string;
  key: string;
}

function templateRefsOf(id: string, state: State): TemplateRef[] {
  const at = `states.${id}`;
  const refs: TemplateRef[] = 'notify' in state && state.notify ? [{ path: `${at}.notify`, key: state.notify }] : [];
  if (state.type === 'task' || state.type === 'applicant') {
    refs.push(...state.remind.map((remind, i) => ({ path: `${at}.remind[${i}].template`, key: remind.template })));
  }
  if (state.type === 'task' && state.escalate) refs.push({ path: `${at}.escalate.template`, key: state.escalate.template });
  if (state.type === 'appointment') {
    refs.push({ path: `${at}.booked`, key: state.booked });
    if (state.remind) refs.push({ path: `${at}.remind.template`, key: state.remind.template });
  }
  if (state.type === 'end') {
    refs.push(...state.followUps.map((followUp, i) => ({ path: `${at}.followUps[${i}].template`, key: followUp.template })));
    if (state.survey) refs.push({ path: `${at}.survey`, key: state.survey });
  }
  return refs;
}

/** Every place the definition names a message template (the templates page shows where each is used). */
export function templateRefs(def: ProcedureDefinition): TemplateRef[] {
  const apology = def.deadline.apology;
  return [
    ...stateEntries(def).flatMap(([id, state]) => templateRefsOf(id, state)),
    ...(apology ? [{ path: 'deadline.apology.template', key: apology.template }] : []),
  ];
}

const checkTemplates: Check = (def) =>
  templateRefs(def)
    .filter((ref) => !Object.hasOwn(def.messages, ref.key))
    .map((ref) => issue(ref.path, 'unknown_template', `Mẫu tin "${ref.key}" không có trong phần "messages".`));

const checkPlaceholders: Check = (def) => {
  const formKeys = def.form.map((field) => field.key);
  const known = [...PLACEHOLDERS, `${FIELD_PLACEHOLDER_PREFIX}<mã trường>`].map((name) => `{${name}}`).join(', ');
  return Object.entries(def.messages).flatMap(([key, text]) =>
    Object.entries(text).flatMap(([language, body]) =>
      templatePlaceholders(body ?? '')
        .filter((name) => !isKnownPlaceholder(name, formKeys))
        .map((name) =>
          issue(
            `messages.${key}.${language}`,
            'unknown_placeholder',
            `Mẫu tin "${key}" dùng biến {${name}} không tồn tại; các biến hợp lệ: ${known}.`,
          ),
        ),
    ),
  );
};

// ---------------------------------------------------------------------------------------------
// Form fields and documents

interface FieldRef {
  path: string;
  field: string;
  /** Dates computed from the field (timers, follow-ups) need a date value. */
  mustBeDate: boolean;
}

function conditionFieldRefs(condition: Condition, path: string): FieldRef[] {
  if ('field' in condition) return [{ path: `${path}.field`, field: condition.field, mustBeDate: false }];
  if ('all' in condition) return condition.all.flatMap((c, i) => conditionFieldRefs(c, `${path}.all[${i}]`));
  if ('any' in condition) return condition.any.flatMap((c, i) => conditionFieldRefs(c, `${path}.any[${i}]`));
  return conditionFieldRefs(condition.not, `${path}.not`);
}

function fieldRefsOf(id: string, state: State): FieldRef[] {
  const at = `states.${id}`;
  switch (state.type) {
    case 'wait':
      return state.until ? [{ path: `${at}.until.field`, field: state.until.field, mustBeDate: true }] : [];
    case 'end':
      return state.followUps.map((followUp, i) => ({ path: `${at}.followUps[${i}].at.field`, field: followUp.at.field, mustBeDate: true }));
    case 'choice':
      return state.choices.flatMap((choice, i) => conditionFieldRefs(choice.when, `${at}.choices[${i}].when`));
    default:
      return [];
  }
}

const checkFieldRefs: Check = (def) =>
  [
    ...stateEntries(def).flatMap(([id, state]) => fieldRefsOf(id, state)),
    ...(def.fee?.table ?? []).flatMap((row, i) => conditionFieldRefs(row.when, `fee.table[${i}].when`)),
  ]
    .flatMap((ref) => {
      const field = def.form.find((f) => f.key === ref.field);
      if (!field) return [issue(ref.path, 'unknown_field', `Trường "${ref.field}" không có trong biểu mẫu.`)];
      if (ref.mustBeDate && field.type !== 'date') {
        return [issue(ref.path, 'field_not_date', `Trường "${ref.field}" có kiểu "${field.type}", nhưng ở đây cần một trường ngày (date).`)];
      }
      return [];
    });

/** Paths of every entry whose key already appeared earlier in the list. */
function duplicateKeyPaths(list: string, keys: readonly string[]): Array<{ path: string; key: string }> {
  return keys.flatMap((key, i) => (keys.indexOf(key) < i ? [{ path: `${list}[${i}].key`, key }] : []));
}

function fieldShapeIssues(field: FormField, index: number): DefinitionIssue[] {
  const at = `form[${index}]`;
  const issues: DefinitionIssue[] = [];
  if (field.type === 'select' && !field.options) {
    issues.push(issue(`${at}.options`, 'missing_options', `Trường chọn "${field.key}" phải có danh sách lựa chọn (options).`));
  }
  if (field.type !== 'select' && field.options) {
    issues.push(
      issue(`${at}.options`, 'unexpected_options', `Trường "${field.key}" không phải trường chọn nên không được có "options".`),
    );
  }
  if (field.min !== undefined && field.max !== undefined && field.min > field.max) {
    issues.push(
      issue(
        `${at}.min`,
        'min_greater_than_max',
        `Trường "${field.key}": giá trị nhỏ nhất (${field.min}) lớn hơn giá trị lớn nhất (${field.max}).`,
      ),
    );
  }
  return issues;
}

const checkFormFields: Check = (def) => [
  ...duplicateKeyPaths(
    'form',
    def.form.map((field) => field.key),
  ).map(({ path, key }) => issue(path, 'duplicate_field_key', `Mã trường "${key}" bị trùng trong biểu mẫu.`)),
  ...def.form.flatMap(fieldShapeIssues),
];

const checkDocuments: Check = (def) =>
  duplicateKeyPaths(
    'documents',
    def.documents.map((document) => document.key),
  ).map(({ path, key }) => issue(path, 'duplicate_document_key', `Mã giấy tờ "${key}" bị trùng.`));

// ---------------------------------------------------------------------------------------------
// Deadline budget

const HOURS_PER_WORKING_DAY = 8;

/** A task's own time limit in working days; calendar units do not count against working days. */
function dueInWorkingDays(state: State): number {
  const days = (due: Duration | undefined) => (due?.workingDays ?? 0) + (due?.workingHours ?? 0) / HOURS_PER_WORKING_DAY;
  if (state.type === 'task') return days(state.due);
  // Branches run side by side: the slowest one counts.
  if (state.type === 'parallel') return Math.max(0, ...Object.values(state.branches).map((b) => days(b.due)));
  return 0;
}

interface Budget {
  days: number;
  path: string[];
}

/**
 * The path from `start` to an end state whose task limits add up to the most working days.
 * Edges back to a state on the current path are skipped, which turns the graph into a DAG
 * (a loop adds no new statutory time); memoising per state keeps this linear in size.
 */
function longestBudget(def: ProcedureDefinition, start: string): Budget | null {
  const memo = new Map<string, Budget | null>();
  const onPath = new Set<string>();
  const visit = (id: string): Budget | null => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    const state = stateOf(def, id);
    if (!state) return null;
    let best: Budget | null = state.type === 'end' ? { days: 0, path: [] } : null;
    onPath.add(id);
    for (const to of successors(def, id)) {
      if (onPath.has(to)) continue;
      const rest = visit(to);
      if (rest && (!best || rest.days > best.days)) best = rest;
    }
    onPath.delete(id);
    const result = best && { days: dueInWorkingDays(state) + best.days, path: [id, ...best.path] };
    memo.set(id, result);
    return result;
  };
  return visit(start);
}

function formatDays(days: number): string {
  return String(days).replace('.', ','); // Vietnamese decimal comma
}

const checkDeadlineBudget: Check = (def) => {
  const { workingDays, startsAt } = def.deadline;
  if (workingDays === undefined || stateOf(def, startsAt)?.type !== 'task') return [];
  const longest = longestBudget(def, startsAt);
  if (!longest || longest.days <= workingDays) return [];
  return [
    issue(
      'deadline.workingDays',
      'deadline_exceeded',
      `Thời hạn các bước trên đường ${longest.path.join(' → ')} cộng lại ${formatDays(longest.days)} ngày làm việc, vượt thời hạn luật định ${workingDays} ngày làm việc.`,
    ),
  ];
};

const SEMANTIC_CHECKS: readonly Check[] = [
  checkInitial,
  checkTargets,
  checkWithdrawTo,
  checkDeadlineStart,
  checkUnreachable,
  checkReachesEnd,
  checkRoles,
  checkSystemSteps,
  checkTemplates,
  checkPlaceholders,
  checkFieldRefs,
  checkFormFields,
  checkDocuments,
  checkDeadlineBudget,
];
