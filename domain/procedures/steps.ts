// The review → decision → issued steps most procedures share, as small named builders: a definition
// still reads step by step (who, within what time, which choices), and the shapes stay one.
import type { ProcedureDefinitionInput } from '../dsl/schema.js';
import { rejectWith, requestSupplement, sendBack } from './common.js';

type State = ProcedureDefinitionInput['states'][string];
type Text = { vi: string; en?: string };
type Duration = { workingDays: number } | { workingHours: number };
type Step = { to: string; label: string };

/**
 * The officer's review: reminded before its due time, escalated to the chief when late; proposes
 * the result (`approve`), asks for a supplement, or sends the dossier `back` with a note.
 */
export function review(o: { label: Text; due: Duration; remindBefore: Duration; notify: string; approve: Step; supplement: string; back?: Step }): State {
  return {
    type: 'task',
    label: o.label,
    role: 'officer',
    due: o.due,
    notify: o.notify,
    remind: [{ before: o.remindBefore, template: 'taskReminder' }],
    escalate: { toRole: 'chief', template: 'taskEscalated' },
    actions: {
      approve: { to: o.approve.to, label: { vi: o.approve.label } },
      requestSupplement: requestSupplement(o.supplement),
      ...(o.back ? { return: sendBack(o.back.to, o.back.label) } : {}),
    },
  };
}

/** The chief's decision: approves (`approve`), refuses with a reason, or sends back for another review. */
export function decision(o: { label: Text; due: Duration; remindBefore: Duration; approve: Step; reject: string; back: Step }): State {
  return {
    type: 'task',
    label: o.label,
    role: 'chief',
    due: o.due,
    remind: [{ before: o.remindBefore, template: 'taskReminder' }],
    actions: {
      approve: { to: o.approve.to, label: { vi: o.approve.label } },
      reject: rejectWith(o.reject),
      return: sendBack(o.back.to, o.back.label),
    },
  };
}

/** The system step that records the result (issueResult) before `next`. */
export function issued(label: Text, next = 'done'): State {
  return { type: 'system', label, run: 'issueResult', next };
}
