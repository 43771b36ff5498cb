// A procedure definition as a Mermaid state diagram (stateDiagram-v2), and the readable
// transition list it is drawn from. Pure code (no Node built-ins): the generated procedure docs
// use it today, an admin page may use it tomorrow.
//
// State types this file does not know are drawn generically: every string field (at any depth)
// whose value names a state is an edge, unless the field is known to hold something else
// (a template, a role, a label…). New state types therefore appear without code changes.
import type { Condition, ProcedureDefinition } from './schema.js';

/** One arrow of the diagram. `to` is a state id; end states lead to the pseudo-state '[*]'. */
export interface Transition {
  from: string;
  to: string;
  /** Readable Vietnamese label: action label, condition, duration… */
  label: string;
  /** Where the transition is defined inside the state, e.g. 'actions.approve.to', 'expires.then'. */
  path: string;
}

/** The pseudo-state of Mermaid for the start and the end of the diagram. */
export const TERMINAL = '[*]';

// ---------------------------------------------------------------------------------------------
// Readable renderings

const DURATION_UNITS: ReadonlyArray<readonly [string, string]> = [
  ['minutes', 'phút'],
  ['hours', 'giờ'],
  ['days', 'ngày'],
  ['workingHours', 'giờ làm việc'],
  ['workingDays', 'ngày làm việc'],
];

/** `{ workingDays: 2 }` → '2 ngày làm việc'; undefined when `d` is not a duration. */
export function formatDuration(d: unknown): string | undefined {
  if (!isRecord(d)) return undefined;
  const parts = DURATION_UNITS.flatMap(([unit, word]) => (typeof d[unit] === 'number' ? [`${String(d[unit])} ${word}`] : []));
  return parts.length > 0 ? parts.join(' ') : undefined;
}

/** `{ field: 'stayUntil', offset: { days: -15 } }` → 'ngày stayUntil − 15 ngày'. */
export function formatFieldDate(at: unknown): string {
  if (!isRecord(at) || typeof at.field !== 'string') return '?';
  const days = isRecord(at.offset) && typeof at.offset.days === 'number' ? at.offset.days : 0;
  if (days === 0) return `ngày ${at.field}`;
  return `ngày ${at.field} ${days < 0 ? '−' : '+'} ${String(Math.abs(days))} ngày`;
}

const COMPARISONS: Record<string, string> = { eq: '=', ne: '≠', gt: '>', gte: '≥', lt: '<', lte: '≤' };

/**
 * A choice condition in words: `kind = "renewal"`, `age ≥ 14 và có guardian`,
 * `kind thuộc ("a", "b")`, `không (…)`. Unknown shapes fall back to their JSON.
 */
export function formatCondition(c: Condition): string {
  return conditionText(c, false);
}

function conditionText(c: unknown, nested: boolean): string {
  if (!isRecord(c)) return JSON.stringify(c) ?? String(c);
  const group = (items: unknown, word: string): string => {
    if (!Array.isArray(items)) return JSON.stringify(c);
    const text = items.map((x) => conditionText(x, true)).join(` ${word} `);
    return nested && items.length > 1 ? `(${text})` : text;
  };
  if ('all' in c) return group(c.all, 'và');
  if ('any' in c) return group(c.any, 'hoặc');
  if ('not' in c) return `không (${conditionText(c.not, false)})`;
  const field = typeof c.field === 'string' ? c.field : '?';
  if (c.op === 'exists') return `có ${field}`;
  if (c.op === 'in' && Array.isArray(c.value)) return `${field} thuộc (${c.value.map(valueText).join(', ')})`;
  const op = typeof c.op === 'string' ? COMPARISONS[c.op] : undefined;
  if (op !== undefined) return `${field} ${op} ${valueText(c.value)}`;
  return JSON.stringify(c);
}

function valueText(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

// ---------------------------------------------------------------------------------------------
// Transitions

/** Every transition of the definition, state by state in definition order (withdrawal excluded). */
export function procedureTransitions(def: ProcedureDefinition): Transition[] {
  return Object.keys(def.states).flatMap((id) => stateTransitions(def, id));
}

/** The transitions leaving state `id` (an end state leads to '[*]'); [] for an unknown id. */
export function stateTransitions(def: ProcedureDefinition, id: string): Transition[] {
  if (!Object.hasOwn(def.states, id)) return [];
  const state = def.states[id];
  if (!isRecord(state)) return [];
  const edge = (to: unknown, label: string, path: string): Transition[] =>
    typeof to === 'string' && to !== '' ? [{ from: id, to, label, path }] : [];
  switch (state.type) {
    case 'task':
      return Object.entries(state.actions).flatMap(([name, action]) => edge(action.to, action.label?.vi ?? name, `actions.${name}.to`));
    case 'applicant':
      return [
        ...edge(state.onSubmit, 'Người dân gửi bổ sung', 'onSubmit'),
        ...(state.expires
          ? edge(state.expires.then, `Hết hạn sau ${formatDuration(state.expires.after) ?? '?'}`, 'expires.then')
          : []),
      ];
    case 'system':
      return edge(state.next, `Hệ thống thực hiện ${state.run}`, 'next');
    case 'wait': {
      const label = state.for ? `Sau ${formatDuration(state.for) ?? '?'}` : `Đến ${formatFieldDate(state.until)}`;
      return edge(state.next, label, 'next');
    }
    case 'choice':
      return [
        ...state.choices.flatMap((choice, i) => edge(choice.next, formatCondition(choice.when), `choices[${i}].next`)),
        ...edge(state.otherwise, 'Trường hợp khác', 'otherwise'),
      ];
    case 'end':
      return [{ from: id, to: TERMINAL, label: state.outcome, path: 'outcome' }];
    default:
      return genericTransitions(def, id, state);
  }
}

/** Fields that hold a template, a role, a form field, a label… never a transition. */
const NOT_TRANSITIONS = new Set([
  'type',
  'label',
  'vi',
  'en',
  'help',
  'notify',
  'template',
  'survey',
  'booked',
  'role',
  'toRole',
  'run',
  'kind',
  'event',
  'field',
  'key',
  'formCode',
  'outcome',
  'requires',
  'when',
  'value',
  'options',
  'accept',
]);

/**
 * A state of a type this file does not know: every string value, at any depth, that names a state
 * of the definition, found under a field that is not known to mean something else. Labelled with
 * the label (or condition) of the nested object holding it, else its path ('onApproved', 'timeout'),
 * with the duration (`after`) of that object when it has one.
 */
function genericTransitions(def: ProcedureDefinition, id: string, state: Record<string, unknown>): Transition[] {
  const found: Transition[] = [];
  const visit = (value: unknown, path: string[], depth: number): void => {
    if (depth > 8) return;
    if (Array.isArray(value)) {
      value.forEach((item, i) => visit(item, [...path.slice(0, -1), `${path.at(-1) ?? ''}[${i}]`], depth + 1));
      return;
    }
    if (!isRecord(value)) return;
    for (const [key, child] of Object.entries(value)) {
      if (NOT_TRANSITIONS.has(key)) continue;
      if (typeof child === 'string') {
        if (Object.hasOwn(def.states, child)) found.push({ from: id, to: child, label: genericLabel(value, path, key), path: [...path, key].join('.') });
      } else {
        visit(child, [...path, key], depth + 1);
      }
    }
  };
  visit(state, [], 0);
  return found;
}

function genericLabel(holder: Record<string, unknown>, path: string[], key: string): string {
  // A nested object's own label (the state's label names the state, not the transition).
  if (path.length > 0 && isRecord(holder.label) && typeof holder.label.vi === 'string') return holder.label.vi;
  if (isRecord(holder.when)) return conditionText(holder.when, false);
  // 'timeout.then' reads as 'timeout'; a top-level 'next' stays 'next'.
  const name = ['then', 'to', 'next'].includes(key) && path.length > 0 ? path.join('.') : [...path, key].join('.');
  const after = formatDuration(holder.after);
  return after === undefined ? name : `${name} (sau ${after})`;
}

// ---------------------------------------------------------------------------------------------
// Mermaid

/**
 * Mermaid entity codes for the characters its state-diagram lexer would take as syntax: quotes end
 * a state name, ':' ';' end a label, '#' starts a comment or an entity, '%%' a comment,
 * '<<choice>>' / '[[fork]]' mark special states, and 'direction LR' anywhere on a line changes the
 * layout. Whitespace (newlines) becomes one space. Mermaid turns the entities back into text.
 */
export function escapeMermaid(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[#":;%<>[\]]/g, (ch) => MERMAID_ENTITIES[ch] ?? ch)
    .replace(/(directio)n(?=\s+(?:tb|bt|rl|lr))/gi, '$1#110;');
}

const MERMAID_ENTITIES: Record<string, string> = {
  '#': '#35;',
  '"': '#quot;',
  ':': '#58;',
  ';': '#59;',
  '%': '#37;',
  '<': '#lt;',
  '>': '#gt;',
  '[': '#91;',
  ']': '#93;',
};

// Words the lexer reads as keywords at the start of a statement (case-insensitively).
const KEYWORD_IDS = /^(note|state|class|classdef|scale|statediagram|statediagram-v2|direction|acctitle|accdescr|hide|end|default.*)$/i;

/** The Mermaid id of a state: its own id, unless Mermaid would read it as a keyword. */
function mermaidId(id: string): string {
  if (id === TERMINAL) return id;
  // Definition ids start with a lowercase letter, so 'S_…' never collides with one.
  return KEYWORD_IDS.test(id) || !/^[A-Za-z0-9_]+$/.test(id) ? `S_${id.replace(/[^A-Za-z0-9_]/g, '_')}` : id;
}

/** The Vietnamese label of a state, or its id when it has none. */
export function stateLabel(def: ProcedureDefinition, id: string): string {
  const state: unknown = Object.hasOwn(def.states, id) ? def.states[id] : undefined;
  if (isRecord(state) && isRecord(state.label) && typeof state.label.vi === 'string' && state.label.vi.trim() !== '') return state.label.vi;
  return id;
}

/**
 * The definition as a Mermaid `stateDiagram-v2`: every state with its Vietnamese label, the start,
 * every transition with a readable label, end states to `[*]`, and one note for the resident's
 * withdrawal (possible from many states, so drawn once instead of as an arrow from each).
 */
export function mermaidStateDiagram(def: ProcedureDefinition): string {
  const ids = Object.keys(def.states);
  const lines = ['stateDiagram-v2'];
  for (const id of ids) lines.push(`    state "${escapeMermaid(stateLabel(def, id))}" as ${mermaidId(id)}`);
  lines.push('');
  lines.push(`    ${TERMINAL} --> ${mermaidId(def.initial)}`);
  for (const t of procedureTransitions(def)) {
    const label = escapeMermaid(t.label);
    lines.push(`    ${mermaidId(t.from)} --> ${mermaidId(t.to)}${label === '' ? '' : ` : ${label}`}`);
  }
  if (def.withdrawTo !== undefined && Object.hasOwn(def.states, def.withdrawTo)) {
    lines.push('');
    lines.push(`    note left of ${mermaidId(def.withdrawTo)} : ${escapeMermaid(WITHDRAW_NOTE)}`);
  }
  return lines.join('\n') + '\n';
}

/** The withdrawal is the resident's action, possible in any undecided state: noted, not drawn. */
const WITHDRAW_NOTE = 'Người dân rút hồ sơ chưa có kết quả thì hồ sơ chuyển tới bước này';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
