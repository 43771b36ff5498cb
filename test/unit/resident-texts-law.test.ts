// Every text a resident can get from each built-in procedure — each message reached by exploring the
// definition through the dry run (every action, timer, supplement and withdrawal, for every option
// of the select fields), the receipt and the result notice, the chat guide — states a fee or a
// period only when the definition marks it confirmed (docs/reference/procedures-vn.md §1.1).
import { describe, expect, it } from 'vitest';
import { calendarFrom, localDate } from '../../domain/calendar.js';
import { formatDateVi } from '../../domain/wording/dates.js';
import { procedureGuide } from '../../domain/chat-texts.js';
import { dryRun, type DryRunStep, type DryRunTraceStep } from '../../domain/dry-run.js';
import { sampleForm } from '../../domain/dsl/sample-form.js';
import type { ProcedureDefinition } from '../../domain/dsl/schema.js';
import { validateDefinition } from '../../domain/dsl/validate.js';
import { BUILT_IN_PROCEDURES } from '../../domain/procedures/index.js';
import { applicableFee, DATE_NOT_SETTLED, feeText, formatVnd, NOT_SETTLED, periodText } from '../../domain/wording/fees-and-periods.js';
import { receiptPaper, resultPaper, type PaperFacts } from '../../api/documents/papers.js';

const START = Date.parse('2026-12-01T09:00:00+07:00');
const UNIT = { id: 'ca-p-dong-hung-thuan', name: 'Công an phường Đông Hưng Thuận' };
const CALENDAR = calendarFrom([]);
const APPLICANT = 'Người nộp hồ sơ';

const definitions = BUILT_IN_PROCEDURES.map((input) => {
  const checked = validateDefinition(structuredClone(input));
  if (!checked.ok) throw new Error(JSON.stringify(checked.issues));
  return checked.definition;
});

/** Form data variants: the sample, then each option of each select field over it. */
function variants(def: ProcedureDefinition): Array<Record<string, unknown>> {
  const base = sampleForm(def, START);
  const out = [base];
  for (const field of def.form) for (const o of field.options ?? []) out.push({ ...base, [field.key]: o.value });
  return out;
}

interface Said {
  text: string;
  dueAt?: number;
}

/** Breadth-first over the states: every state reached is expanded once, by every next step it offers. */
function explore(def: ProcedureDefinition, formData: Record<string, unknown>): Said[] {
  const said: Said[] = [];
  const seen = new Set<string>();
  const queue: DryRunStep[][] = [[]];
  while (queue.length > 0) {
    const steps = queue.shift()!;
    const result = dryRun({ definition: def, startAt: START, unit: UNIT, calendar: CALENDAR, steps, formData });
    if (!result.ok) continue; // a step the machine refuses (e.g. a supplement with nothing asked) says nothing
    const last: DryRunTraceStep = result.trace.at(-1)!;
    for (const m of last.messages) if (m.recipient === APPLICANT) said.push({ text: m.text, dueAt: last.dueAt });
    const key = `${last.state}|${last.timers.map((t) => t.kind).join(',')}`;
    if (seen.has(key) || steps.length > 14) continue;
    seen.add(key);
    for (const next of last.next) queue.push([...steps, next.step]);
    if (last.timers.length > 0) queue.push([...steps, { type: 'timer' }]);
  }
  return said;
}

/** Why a text states something unconfirmed as settled; undefined when it does not. */
function unsettledClaim(def: ProcedureDefinition, formData: Record<string, unknown>, s: Said): string | undefined {
  const fee = def.fee ? applicableFee(def.fee, formData, localDate(START)) : undefined;
  if (fee && fee.confirmed !== true) {
    if (/\d[\d.]*\s*đồng/.test(s.text)) return 'an amount of an unconfirmed fee';
    if (/miễn phí|không thu lệ phí/i.test(s.text)) return 'no fee, while the fee is unconfirmed';
  }
  if (fee && fee.confirmed === true && fee.onlineConfirmed === false && fee.onlineVnd !== undefined && fee.onlineVnd !== fee.vnd) {
    if (s.text.includes(formatVnd(fee.onlineVnd))) return 'an unconfirmed online amount';
  }
  if (def.deadline.confirmed !== true) {
    const n = def.deadline.workingDays ?? def.deadline.days;
    if (new RegExp(`(^|\\D)0?${n} ngày`).test(s.text)) return 'the unconfirmed statutory period';
    if (s.dueAt !== undefined && s.text.includes(formatDateVi(s.dueAt))) return 'a due date computed from an unconfirmed period';
  }
  return undefined;
}

function paperTexts(def: ProcedureDefinition, formData: Record<string, unknown>): Said[] {
  const facts: PaperFacts = {
    code: 'DHT-261201-0001',
    definition: def,
    confidential: def.confidential,
    channel: 'zalo',
    unit: { name: UNIT.name },
    applicant: { name: 'Nguyễn Văn A' },
    formData,
    submittedOn: localDate(START),
    documents: [],
    receivedAt: START,
    dueAt: START + 5 * 86_400_000,
    waitingForApplicant: false,
    outcome: 'approved',
    closedAt: START + 4 * 86_400_000,
  };
  const flat = (p: ReturnType<typeof receiptPaper>) => [...p.facts, ...(p.afterList ?? [])].map((f) => `${f.value} ${f.note ?? ''}`).join('\n');
  return [
    { text: flat(receiptPaper(facts)), dueAt: facts.dueAt },
    { text: flat(resultPaper(facts)) },
  ];
}

describe.each(definitions.map((d) => [d.code, d] as const))('%s: what residents read', (_code, def) => {
  it('states no unconfirmed fee or period in any message, paper or chat guide', () => {
    const problems: string[] = [];
    let texts = 0;
    for (const formData of variants(def)) {
      const said = [...explore(def, formData), ...paperTexts(def, formData), { text: procedureGuide(def) }];
      texts += said.length;
      for (const s of said) {
        const why = unsettledClaim(def, formData, s);
        if (why) problems.push(`${why}: ${s.text.slice(0, 200)}`);
      }
    }
    expect(texts).toBeGreaterThan(5);
    expect(problems).toEqual([]);
  });

  it('words what is unconfirmed as not settled', () => {
    const period = periodText(def.deadline);
    if (def.deadline.confirmed === true) expect(period).toMatch(/^\d+ ngày/);
    else expect(period).toBe(NOT_SETTLED);
    if (def.fee && def.fee.confirmed !== true) expect(feeText(def.fee, sampleForm(def, START))).toBe(NOT_SETTLED);
  });
});

describe('fee and period wording', () => {
  const deadline = { workingDays: 3, startsAt: 'review' };
  it('prints amounts as "15.000 đồng" and the online amount only when it is confirmed', () => {
    expect(feeText({ vnd: 15000, onlineVnd: 7000, confirmed: true, table: [] })).toBe('15.000 đồng (nộp trực tuyến: 7.000 đồng)');
    expect(feeText({ vnd: 15000, onlineVnd: 7000, confirmed: true, onlineConfirmed: false, table: [] })).toBe(`15.000 đồng (nộp trực tuyến: ${NOT_SETTLED})`);
    expect(feeText({ vnd: 1_250_000, confirmed: true, table: [] })).toBe('1.250.000 đồng');
    expect(feeText({ vnd: 0, confirmed: true, table: [] })).toBe('Không thu lệ phí');
    expect(feeText({ vnd: 0, table: [] })).toBe(NOT_SETTLED);
    expect(feeText(undefined)).toBe('Không thu lệ phí');
  });

  it('takes the dated fee row of the submission date, with its own status', () => {
    const fee = {
      vnd: 0,
      confirmed: true,
      table: [
        { when: { field: 'k', op: 'eq' as const, value: 'x' }, vnd: 25000, until: '2026-12-31' },
        { when: { field: 'k', op: 'eq' as const, value: 'x' }, vnd: 50000, from: '2027-01-01', confirmed: false },
      ],
    };
    expect(feeText(fee, { k: 'x' }, '2026-12-31')).toBe('25.000 đồng');
    expect(feeText(fee, { k: 'x' }, '2027-01-01')).toBe(NOT_SETTLED);
    expect(feeText(fee, { k: 'y' }, '2027-01-01')).toBe('Không thu lệ phí');
  });

  it('gives no date computed from an unconfirmed period', () => {
    expect(periodText({ ...deadline, confirmed: true }, { fromReceipt: true })).toBe('3 ngày làm việc kể từ khi nhận đủ hồ sơ hợp lệ');
    expect(periodText(deadline)).toBe(NOT_SETTLED);
    expect(DATE_NOT_SETTLED).not.toMatch(/\d/);
  });
});
