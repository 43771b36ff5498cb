// The one wording of fees and statutory periods, for chat, resident pages, printed papers, the
// console and the generated docs. What a paper or a message states is the police speaking
// (docs/reference/procedures-vn.md §1.1, Appendix C): a fee or a period the legal officer has not confirmed
// (`confirmed` not true in the definition) is never printed as a number, only as NOT_SETTLED.
// Pure code: the dossier machine renders {fee} with it inside the workflow.
import type { Condition, ProcedureDefinition } from '../dsl/schema.js';
import { evaluateCondition } from '../dsl/condition.js';
import { groupThousands } from '../vnd.js';

type Fee = NonNullable<ProcedureDefinition['fee']>;
type Deadline = ProcedureDefinition['deadline'];
type FeeRow = Fee['table'][number];

/** Printed instead of a fee or a period that is not confirmed. */
export const NOT_SETTLED = 'theo quy định hiện hành — cán bộ sẽ báo';
/** Printed instead of an appointment date computed from a period that is not confirmed. */
export const DATE_NOT_SETTLED = 'cán bộ sẽ báo ngày hẹn trả kết quả';

/** "15.000 đồng": Vietnamese thousands separator, whole đồng. */
export function formatVnd(amount: number): string {
  return `${groupThousands(amount)} đồng`;
}

/**
 * The fee that applies: the first table row whose condition the form data meets and whose dates
 * include `on` (ISO date; rows without dates always apply), else the flat fee. A row's own
 * `confirmed` overrides the fee's.
 */
export function applicableFee(fee: Fee, formData: Record<string, unknown>, on?: string): Omit<FeeRow, 'when'> & { confirmed?: boolean } {
  // Snapshots taken before fee tables existed have none (schema defaults apply only when parsing).
  const rows = (fee.table as Fee['table'] | undefined) ?? [];
  const row = rows.find((r) => inWindow(r, on) && evaluateCondition(r.when as Condition, formData));
  if (!row) return fee;
  return { ...row, confirmed: row.confirmed ?? fee.confirmed, onlineConfirmed: row.onlineConfirmed ?? row.confirmed ?? fee.onlineConfirmed };
}

function inWindow(row: { from?: string; until?: string }, on: string | undefined): boolean {
  if (on === undefined) return row.from === undefined && row.until === undefined;
  return (row.from === undefined || row.from <= on) && (row.until === undefined || on <= row.until);
}

/**
 * The fee as a resident reads it, on one line: "15.000 đồng (nộp trực tuyến: 7.000 đồng)",
 * "Không thu lệ phí", or NOT_SETTLED. Without form data (guides, pages) a confirmed note stands
 * for a fee table.
 */
export function feeText(fee: Fee | undefined, formData?: Record<string, unknown>, on?: string): string {
  if (!fee) return 'Không thu lệ phí';
  if (formData === undefined && (fee.table as Fee['table'] | undefined)?.length) return feeNote(fee) ?? NOT_SETTLED;
  const f = formData === undefined ? fee : applicableFee(fee, formData, on);
  if (f.confirmed !== true) return NOT_SETTLED;
  const counter = f.vnd === 0 ? 'Không thu lệ phí' : formatVnd(f.vnd);
  if (f.onlineVnd === undefined && f.onlineConfirmed !== false) return counter;
  const online = f.onlineConfirmed === false ? NOT_SETTLED : f.onlineVnd === 0 ? 'không thu lệ phí' : formatVnd(f.onlineVnd!);
  return `${counter} (nộp trực tuyến: ${online})`;
}

/** The fee's note, which may quote any of its amounts: stated only when every amount is confirmed. */
export function feeNote(fee: Fee | undefined): string | undefined {
  if (!fee?.note || fee.confirmed !== true || fee.onlineConfirmed === false) return undefined;
  const rows = (fee.table as Fee['table'] | undefined) ?? [];
  return rows.every((r) => r.confirmed !== false && r.onlineConfirmed !== false) ? fee.note.vi : undefined;
}

/** The fee on separate lines (resident pages): at the counter, then online when it differs. */
export function feeLines(fee: Fee | undefined): string[] {
  if (!fee || fee.confirmed !== true || (fee.table as Fee['table'] | undefined)?.length) return [feeText(fee)];
  const counter = fee.vnd === 0 ? 'Không thu lệ phí' : formatVnd(fee.vnd);
  if (fee.onlineVnd === undefined && fee.onlineConfirmed !== false) return [counter];
  const online = fee.onlineConfirmed === false ? NOT_SETTLED : fee.onlineVnd === 0 ? 'không thu lệ phí' : formatVnd(fee.onlineVnd!);
  return [`Nộp tại trụ sở: ${counter}`, `Nộp trực tuyến: ${online}`];
}

/**
 * The statutory period as a resident reads it: "3 ngày làm việc", "20 ngày (ngày lịch)" (with
 * `fromReceipt`: "… kể từ khi nhận đủ hồ sơ hợp lệ"), or NOT_SETTLED.
 */
export function periodText(deadline: Deadline, opts: { fromReceipt?: boolean } = {}): string {
  if (deadline.confirmed !== true) return NOT_SETTLED;
  return opts.fromReceipt ? `${periodSpan(deadline)} kể từ khi nhận đủ hồ sơ hợp lệ` : periodSpan(deadline);
}

/** The appointment date to print: the computed date only when the period behind it is confirmed. */
export function appointmentText(deadline: Pick<Deadline, 'confirmed'>, formattedDate: string): string {
  return deadline.confirmed === true ? formattedDate : DATE_NOT_SETTLED;
}

// ---------------------------------------------------------------------------------------------
// For staff and the generated docs: the values as written, each with its confirmation status.

const UNCONFIRMED_MARK = ' (chưa xác nhận, không in cho người dân)';
const CONFIRMED_MARK = ' (đã xác nhận)';
const mark = (confirmed: boolean | undefined) => (confirmed === true ? CONFIRMED_MARK : UNCONFIRMED_MARK);

/** "3 ngày làm việc" / "20 ngày (ngày lịch)", whatever its status. */
export function periodSpan(deadline: Deadline): string {
  return deadline.workingDays !== undefined ? `${deadline.workingDays} ngày làm việc` : `${String(deadline.days)} ngày (ngày lịch)`;
}

export function periodForStaff(deadline: Deadline): string {
  return periodSpan(deadline) + mark(deadline.confirmed);
}

/** Every amount of a fee with its status and dates, one entry per line. */
export function feeForStaff(fee: Fee | undefined): string[] {
  if (!fee) return ['Không thu lệ phí'];
  const amounts = (f: { vnd: number; onlineVnd?: number; confirmed?: boolean; onlineConfirmed?: boolean }) => {
    const counter = `${f.vnd === 0 ? 'không thu' : formatVnd(f.vnd)}${mark(f.confirmed)}`;
    if (f.onlineVnd === undefined && f.onlineConfirmed === undefined) return counter;
    const online = f.onlineVnd === undefined ? 'như tại trụ sở' : f.onlineVnd === 0 ? 'không thu' : formatVnd(f.onlineVnd);
    return `${counter}; trực tuyến: ${online}${mark(f.onlineConfirmed ?? f.confirmed)}`;
  };
  const rows = ((fee.table as Fee['table'] | undefined) ?? []).map((r) => {
    const dates = r.from || r.until ? ` [${r.from ?? '…'} → ${r.until ?? '…'}]` : '';
    return `Khi điều kiện ${JSON.stringify(r.when)}${dates}: ${amounts({ ...r, confirmed: r.confirmed ?? fee.confirmed, onlineConfirmed: r.onlineConfirmed ?? r.confirmed ?? fee.onlineConfirmed })}`;
  });
  return rows.length ? [...rows, `Các trường hợp khác: ${amounts(fee)}`] : [amounts(fee)];
}
