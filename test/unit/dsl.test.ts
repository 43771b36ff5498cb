import { describe, it, expect } from 'vitest';
import { PLACEHOLDERS, renderTemplate, templatePlaceholders } from '../../domain/messages.js';
import type { ProcedureDefinitionInput } from '../../domain/dsl/schema.js';
import { DEFAULT_CONTEXT, validateDefinition, type ValidationContext } from '../../domain/dsl/validate.js';
import { TAM_TRU } from '../../domain/procedures/tam-tru.js';

type StateInput = ProcedureDefinitionInput['states'][string];
type StateOfType<T extends StateInput['type']> = Extract<StateInput, { type: T }>;

/** A deep copy of TAM_TRU, changed by `mutate`: each test breaks one thing. */
function broken(mutate: (def: ProcedureDefinitionInput) => void): ProcedureDefinitionInput {
  const def = structuredClone(TAM_TRU);
  mutate(def);
  return def;
}

/** The state `id` of `def`, checked to be of `type` so tests can change its fields. */
function state<T extends StateInput['type']>(def: ProcedureDefinitionInput, id: string, type: T): StateOfType<T> {
  const found = def.states[id];
  if (found?.type !== type) throw new Error(`state ${id} is not a ${type} state`);
  return found as StateOfType<T>;
}

/** [code, path] of every issue, in the order reported. */
function issuesOf(input: unknown, ctx?: ValidationContext): Array<[string, string]> {
  const result = validateDefinition(input, ctx);
  return result.ok ? [] : result.issues.map((i) => [i.code, i.path]);
}

function messageOf(input: unknown, code: string): string {
  const result = validateDefinition(input);
  const found = result.ok ? undefined : result.issues.find((i) => i.code === code);
  if (!found) throw new Error(`no ${code} issue`);
  return found.message;
}

const VIETNAMESE = /[àáảãạăắằẳẵặâấầẩẫậèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵđ]/i;

describe('TAM_TRU', () => {
  it('is a valid definition, with defaults applied', () => {
    const result = validateDefinition(TAM_TRU);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.definition.states.intake).toMatchObject({ remind: [] });
    expect(result.definition.documents[0]).toMatchObject({ maxSizeMb: 10 });
  });

  it('writes every message in Vietnamese, under 2000 characters', () => {
    for (const text of Object.values(TAM_TRU.messages)) {
      expect(text.vi.length).toBeLessThan(2000);
      expect(text.vi).toMatch(VIETNAMESE);
    }
  });

  it('fits review (2 wd) + decision (1 wd) in the statutory 3 working days', () => {
    expect(TAM_TRU.deadline).toMatchObject({ workingDays: 3, startsAt: 'review' });
    expect(state(TAM_TRU, 'review', 'task').due).toEqual({ workingDays: 2 });
    expect(state(TAM_TRU, 'decision', 'task').due).toEqual({ workingDays: 1 });
  });
});

describe('validateDefinition: shape (zod)', () => {
  it('rejects a Duration with two units', () => {
    const def = broken((d) => {
      state(d, 'review', 'task').due = { workingDays: 2, workingHours: 4 };
    });
    expect(issuesOf(def)).toEqual([['custom', 'states.review.due']]);
    expect(messageOf(def, 'custom')).toContain('đúng một đơn vị');
  });

  it('rejects a procedure code that is not upper case', () => {
    const def = broken((d) => {
      d.code = 'Tam_tru';
    });
    expect(issuesOf(def)).toEqual([['invalid_format', 'code']]);
  });

  it('rejects actions on an end state', () => {
    const def = broken((d) => {
      Object.assign(state(d, 'done', 'end'), { actions: { reopen: { to: 'review' } } });
    });
    expect(issuesOf(def)).toEqual([['unrecognized_keys', 'states.done']]);
  });

  it('reports every shape problem, with built-in zod messages in Vietnamese', () => {
    const def = broken((d) => {
      d.code = 'tam-tru';
      d.version = 0;
      d.form![2]!.type = 'passport' as 'text';
    });
    expect(issuesOf(def)).toEqual([
      ['invalid_format', 'code'],
      ['too_small', 'version'],
      ['invalid_value', 'form[2].type'],
    ]);
    expect(messageOf(def, 'too_small')).toMatch(VIETNAMESE);
  });

  it('rejects something that is not a definition at all', () => {
    expect(issuesOf(null)).toEqual([['invalid_type', '']]);
  });
});

describe('validateDefinition: states and transitions', () => {
  it.each([
    ['states.decision.actions.return.to', (d: ProcedureDefinitionInput) => (state(d, 'decision', 'task').actions.return!.to = 'reviw')],
    ['states.supplement.expires.then', (d: ProcedureDefinitionInput) => (state(d, 'supplement', 'applicant').expires!.then = 'gone')],
    ['states.supplement.onSubmit', (d: ProcedureDefinitionInput) => (state(d, 'supplement', 'applicant').onSubmit = 'intak')],
    ['withdrawTo', (d: ProcedureDefinitionInput) => (d.withdrawTo = 'cancelled')],
  ])('reports an unknown target at %s', (path, mutate) => {
    expect(issuesOf(broken(mutate))).toEqual([['unknown_target', path]]);
  });

  it('rejects names that plain objects inherit (they could pass for states)', () => {
    const def = broken((d) => (state(d, 'decision', 'task').actions.return!.to = 'constructor'));
    expect(issuesOf(def)).toEqual([['custom', 'states.decision.actions.return.to']]);
  });

  it('reports unknown targets of choice states', () => {
    const def = broken((d) => {
      state(d, 'intake', 'task').actions.accept!.to = 'route';
      d.states.route = {
        type: 'choice',
        label: { vi: 'Phân loại' },
        choices: [{ when: { field: 'kind', op: 'eq', value: 'renewal' }, next: 'fastTrack' }],
        otherwise: 'slowTrack',
      };
    });
    expect(issuesOf(def)).toEqual([
      ['unknown_target', 'states.route.choices[0].next'],
      ['unknown_target', 'states.route.otherwise'],
      ['unreachable_state', 'states.review'],
      ['unreachable_state', 'states.decision'],
      ['unreachable_state', 'states.issued'],
      ['unreachable_state', 'states.done'],
      ['no_path_to_end', 'states.route'],
    ]);
  });

  it('reports an unknown initial state once, without calling every state unreachable', () => {
    const def = broken((d) => {
      d.initial = 'start';
    });
    expect(issuesOf(def)).toEqual([['unknown_initial', 'initial']]);
  });

  it.each(['rejected', 'review'])('requires withdrawTo to be an end state with outcome withdrawn (not %s)', (target) => {
    const def = broken((d) => {
      d.withdrawTo = target;
    });
    expect(issuesOf(def)).toEqual([['invalid_withdraw_target', 'withdrawTo']]);
  });

  it('requires the statutory clock to start at a task state', () => {
    const def = broken((d) => {
      d.deadline.startsAt = 'issued';
    });
    expect(issuesOf(def)).toEqual([['invalid_deadline_start', 'deadline.startsAt']]);
  });

  it('reports a state that nothing leads to', () => {
    const def = broken((d) => {
      d.states.archived = { type: 'end', label: { vi: 'Lưu trữ' }, outcome: 'approved' };
    });
    expect(issuesOf(def)).toEqual([['unreachable_state', 'states.archived']]);
    expect(messageOf(def, 'unreachable_state')).toContain('"archived"');
  });

  it('reports each state of a cycle that has no exit to an end state', () => {
    const def = broken((d) => {
      state(d, 'decision', 'task').actions.hold = { to: 'onHold' };
      d.states.onHold = { type: 'task', label: { vi: 'Tạm dừng' }, role: 'chief', actions: { resume: { to: 'recheck' } } };
      d.states.recheck = { type: 'task', label: { vi: 'Kiểm tra lại' }, role: 'officer', actions: { hold: { to: 'onHold' } } };
    });
    expect(issuesOf(def)).toEqual([
      ['no_path_to_end', 'states.onHold'],
      ['no_path_to_end', 'states.recheck'],
    ]);
  });
});

describe('validateDefinition: roles, system steps, templates', () => {
  it('reports unknown task roles and escalation roles (admin does not work on dossiers)', () => {
    const def = broken((d) => {
      state(d, 'decision', 'task').role = 'director';
      state(d, 'review', 'task').escalate!.toRole = 'admin';
    });
    expect(issuesOf(def)).toEqual([
      ['unknown_role', 'states.review.escalate.toRole'],
      ['unknown_role', 'states.decision.role'],
    ]);
    expect(messageOf(def, 'unknown_role')).toContain('receiver, officer, chief');
  });

  it('accepts roles and system steps that the context provides', () => {
    const def = broken((d) => {
      state(d, 'decision', 'task').role = 'director';
      state(d, 'issued', 'system').run = 'sendToCardProduction';
    });
    const ctx = { roles: [...DEFAULT_CONTEXT.roles, 'director'], systemSteps: ['sendToCardProduction'] };
    expect(issuesOf(def, ctx)).toEqual([]);
  });

  it('reports an unknown system step', () => {
    const def = broken((d) => {
      state(d, 'issued', 'system').run = 'printCertificate';
    });
    expect(issuesOf(def)).toEqual([['unknown_system_step', 'states.issued.run']]);
  });

  it.each([
    ['states.review.escalate.template', (d: ProcedureDefinitionInput) => (state(d, 'review', 'task').escalate!.template = 'taskLate')],
    ['states.review.remind[0].template', (d: ProcedureDefinitionInput) => (state(d, 'review', 'task').remind![0]!.template = 'nudge')],
    ['states.supplement.remind[0].template', (d: ProcedureDefinitionInput) => (state(d, 'supplement', 'applicant').remind![0]!.template = 'nudge')],
    ['states.done.followUps[1].template', (d: ProcedureDefinitionInput) => (state(d, 'done', 'end').followUps![1]!.template = 'lastCall')],
    ['states.rejected.notify', (d: ProcedureDefinitionInput) => (state(d, 'rejected', 'end').notify = 'refused')],
    ['deadline.apology.template', (d: ProcedureDefinitionInput) => delete d.messages.apology],
  ])('reports an unknown template at %s', (path, mutate) => {
    expect(issuesOf(broken(mutate))).toEqual([['unknown_template', path]]);
  });

  it.each([
    ['messages.received.vi', '{deadline}', (d: ProcedureDefinitionInput) => (d.messages.received!.vi += ' {deadline}')],
    ['messages.approved.vi', '{field.stayTo}', (d: ProcedureDefinitionInput) => (d.messages.approved!.vi += ' {field.stayTo}')],
    ['messages.rejected.en', '{reasons}', (d: ProcedureDefinitionInput) => (d.messages.rejected!.en = 'Rejected: {reasons}')],
  ])('reports an unknown placeholder at %s', (path, placeholder, mutate) => {
    const def = broken(mutate);
    expect(issuesOf(def)).toEqual([['unknown_placeholder', path]]);
    expect(messageOf(def, 'unknown_placeholder')).toContain(placeholder);
  });
});

describe('validateDefinition: form fields and documents', () => {
  it('requires follow-up dates to come from an existing date field', () => {
    const def = broken((d) => {
      state(d, 'done', 'end').followUps![0]!.at.field = 'fullName';
      state(d, 'done', 'end').followUps![1]!.at.field = 'stayTo';
    });
    expect(issuesOf(def)).toEqual([
      ['field_not_date', 'states.done.followUps[0].at.field'],
      ['unknown_field', 'states.done.followUps[1].at.field'],
    ]);
  });

  it('requires a wait until a date field', () => {
    const def = broken((d) => {
      state(d, 'issued', 'system').next = 'cooling';
      d.states.cooling = { type: 'wait', label: { vi: 'Chờ' }, until: { field: 'kind', offset: { days: 1 } }, next: 'done' };
    });
    expect(issuesOf(def)).toEqual([['field_not_date', 'states.cooling.until.field']]);
  });

  it('reports unknown fields deep inside a condition', () => {
    const def = broken((d) => {
      state(d, 'intake', 'task').actions.accept!.to = 'route';
      d.states.route = {
        type: 'choice',
        label: { vi: 'Phân loại' },
        choices: [{ when: { all: [{ field: 'kind', op: 'eq', value: 'renewal' }, { not: { field: 'stayFor', op: 'exists' } }] }, next: 'review' }],
        otherwise: 'review',
      };
    });
    expect(issuesOf(def)).toEqual([['unknown_field', 'states.route.choices[0].when.all[1].not.field']]);
  });

  it('reports duplicate field and document keys at the later entry', () => {
    const def = broken((d) => {
      d.form!.push({ key: 'fullName', type: 'text', label: { vi: 'Tên khác' } });
      d.documents!.push({ key: 'ct01', label: { vi: 'CT01 bản 2' }, accept: ['application/pdf'] });
    });
    expect(issuesOf(def)).toEqual([
      ['duplicate_field_key', 'form[9].key'],
      ['duplicate_document_key', 'documents[3].key'],
    ]);
  });

  it('requires options on select fields and only there', () => {
    const def = broken((d) => {
      delete d.form![0]!.options;
      d.form![1]!.options = [{ value: 'x', label: { vi: 'X' } }];
    });
    expect(issuesOf(def)).toEqual([
      ['missing_options', 'form[0].options'],
      ['unexpected_options', 'form[1].options'],
    ]);
  });

  it('reports min greater than max', () => {
    const def = broken((d) => {
      d.form!.push({ key: 'people', type: 'number', min: 5, max: 1, label: { vi: 'Số người' } });
    });
    expect(issuesOf(def)).toEqual([['min_greater_than_max', 'form[9].min']]);
  });
});

describe('validateDefinition: deadline budget', () => {
  it('reports task limits that exceed the statutory working days, naming the path', () => {
    const def = broken((d) => {
      state(d, 'decision', 'task').due = { workingDays: 2 };
    });
    expect(issuesOf(def)).toEqual([['deadline_exceeded', 'deadline.workingDays']]);
    const message = messageOf(def, 'deadline_exceeded');
    expect(message).toContain('review → decision → issued → done');
    expect(message).toContain('4 ngày làm việc');
  });

  it('counts working hours as eighths of a working day', () => {
    const def = broken((d) => {
      state(d, 'decision', 'task').due = { workingHours: 12 };
    });
    expect(messageOf(def, 'deadline_exceeded')).toContain('3,5 ngày làm việc');
  });

  it('ignores calendar units and loops back to earlier states', () => {
    // review → decision → review is a loop; counting it would never end.
    const def = broken((d) => {
      state(d, 'decision', 'task').due = { hours: 48 };
    });
    expect(issuesOf(def)).toEqual([]);
  });

  it('does not add up task limits when the statutory deadline is in calendar days', () => {
    const def = broken((d) => {
      d.deadline = { days: 3, startsAt: 'review' };
      state(d, 'decision', 'task').due = { workingDays: 10 };
    });
    expect(issuesOf(def)).toEqual([]);
  });
});

describe('validateDefinition: several problems', () => {
  it('reports all of them, not just the first', () => {
    const def = broken((d) => {
      state(d, 'decision', 'task').role = 'director';
      state(d, 'review', 'task').escalate!.template = 'taskLate';
      d.states.archived = { type: 'end', label: { vi: 'Lưu trữ' }, outcome: 'approved' };
    });
    expect(issuesOf(def)).toEqual([
      ['unreachable_state', 'states.archived'],
      ['unknown_role', 'states.decision.role'],
      ['unknown_template', 'states.review.escalate.template'],
    ]);
    const result = validateDefinition(def);
    if (result.ok) throw new Error('expected issues');
    for (const issue of result.issues) expect(issue.message).toMatch(VIETNAMESE);
  });
});

describe('message templates', () => {
  it('lists distinct placeholders in order, including form fields', () => {
    expect(templatePlaceholders('{code} {field.stayUntil} {code} { not } {dueDate}')).toEqual(['code', 'field.stayUntil', 'dueDate']);
  });

  it('renders known values and leaves missing or inherited names empty', () => {
    const text = 'Hồ sơ {code}, hạn {dueDate}, {constructor}{unknown}.';
    expect(renderTemplate(text, { code: 'H1', dueDate: undefined })).toBe('Hồ sơ H1, hạn , .');
  });

  it('does not interpret replacement patterns in values', () => {
    expect(renderTemplate('{note}', { note: '$& $1' })).toBe('$& $1');
  });

  it('knows the placeholders the interpreter supplies', () => {
    expect(PLACEHOLDERS).toContain('missingDocuments');
  });
});
