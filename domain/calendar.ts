// Working-day arithmetic for statutory deadlines (reference procedures-vn.md §6).
// Pure and deterministic: imported by workflow code, so no I/O, no Intl and no local-timezone Date.
// Vietnam is UTC+7 all year (no DST), so every local date/time is plain arithmetic on epoch milliseconds.
import type { Duration } from './dsl/schema.js';

export interface CalendarData {
  /** Mon–Fri local dates that are not working days (statutory S, compensatory C, bridging B). */
  daysOff: string[];
  /** Saturdays/Sundays that are working days (make-up W). */
  workingWeekends: string[];
  /** Local 'HH:MM' ranges, ascending and non-overlapping. */
  officeHours: Array<[string, string]>;
  /** Local 'HH:MM' receipt cut-off (ND 61 Art 18). */
  cutoff: string;
}

export const DEFAULT_OFFICE_HOURS: Array<[string, string]> = [
  ['07:30', '11:30'],
  ['13:30', '17:00'],
];
const DEFAULT_CUTOFF = '15:00';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const OFFSET = 7 * HOUR; // Asia/Ho_Chi_Minh
const SEARCH_DAYS = 366; // a year without a working day means the calendar data is broken
const MAX_WORKING_DAYS = 2500; // ~10 years: far beyond any TTHC period, keeps a bad input from spinning a workflow

// Epoch day number of an ISO local date; rejects anything that does not round-trip (e.g. 2025-02-30).
function toDay(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const day = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY : NaN;
  if (!Number.isInteger(day) || fromDay(day) !== date) {
    throw new RangeError(`Invalid date '${date}', expected YYYY-MM-DD`);
  }
  return day;
}

function fromDay(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

function toMinutes(hhmm: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!m) throw new RangeError(`Invalid time '${hhmm}', expected HH:MM`);
  return Number(m[1]) * 60 + Number(m[2]);
}

function checkInstant(t: number): number {
  if (!Number.isFinite(t)) throw new RangeError(`Invalid instant ${t}`);
  return t;
}

function checkCount(n: number, what: string, max?: number): number {
  if (!Number.isInteger(n) || n < 1 || (max !== undefined && n > max)) {
    throw new RangeError(`${what} must be a positive integer${max === undefined ? '' : ` ≤ ${max}`}, got ${n}`);
  }
  return n;
}

// Office periods in minutes of the day, validated so the working-hours walk can trust them.
function officeMinutes(cal: CalendarData): Array<[number, number]> {
  if (cal.officeHours.length === 0) throw new RangeError('officeHours must not be empty');
  let previousEnd = 0;
  return cal.officeHours.map(([s, e]) => {
    const start = toMinutes(s);
    const end = toMinutes(e);
    if (start >= end || start < previousEnd) {
      throw new RangeError(`Invalid office hours ${s}–${e}: ranges must be ascending and non-overlapping`);
    }
    previousEnd = end;
    return [start, end];
  });
}

/** The local (UTC+7) date of an instant, 'YYYY-MM-DD'. */
export function localDate(t: number): string {
  return fromDay(Math.floor((checkInstant(t) + OFFSET) / DAY));
}

/** The instant of a local date and 'HH:MM' time. */
export function localDateTime(date: string, hhmm: string): number {
  return toDay(date) * DAY + toMinutes(hhmm) * MINUTE - OFFSET;
}

/** Mon–Fri unless declared off; Sat/Sun only when declared a make-up day. Each list is consulted only for its kind. */
export function isWorkingDay(date: string, cal: CalendarData): boolean {
  const weekday = (((toDay(date) + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
  return weekday === 0 || weekday === 6 ? cal.workingWeekends.includes(date) : !cal.daysOff.includes(date);
}

function stepToWorkingDay(date: string, step: 1 | -1, cal: CalendarData): string {
  const start = toDay(date);
  for (let i = 1; i <= SEARCH_DAYS; i++) {
    const candidate = fromDay(start + step * i);
    if (isWorkingDay(candidate, cal)) return candidate;
  }
  throw new RangeError(`No working day within ${SEARCH_DAYS} days ${step > 0 ? 'after' : 'before'} ${date}`);
}

/** The first working day strictly after `date`. */
export function nextWorkingDay(date: string, cal: CalendarData): string {
  return stepToWorkingDay(date, 1, cal);
}

/** The last working day strictly before `date`. */
export function previousWorkingDay(date: string, cal: CalendarData): string {
  return stepToWorkingDay(date, -1, cal);
}

function shiftWorkingDays(date: string, n: number, step: 1 | -1, cal: CalendarData): string {
  checkCount(n, 'Working days', MAX_WORKING_DAYS);
  let d = date;
  for (let i = 0; i < n; i++) d = stepToWorkingDay(d, step, cal);
  return d;
}

/** The n-th working day strictly after `date` (n in 1..2500). */
export function addWorkingDaysToDate(date: string, n: number, cal: CalendarData): string {
  return shiftWorkingDays(date, n, 1, cal);
}

/** The instant office hours open on `date`. */
export function officeStart(date: string, cal: CalendarData): number {
  const first = officeMinutes(cal)[0]!;
  return toDay(date) * DAY + first[0] * MINUTE - OFFSET;
}

/** The instant office hours close on `date`. */
export function officeEnd(date: string, cal: CalendarData): number {
  const periods = officeMinutes(cal);
  return toDay(date) * DAY + periods[periods.length - 1]![1] * MINUTE - OFFSET;
}

/** Statutory due for a TTHC deadline in working days (ND 61/2018, BLDS Art 147-148):
 *  the receipt day is the local date of receivedAt if it is a working day and the local time is not after the cut-off;
 *  otherwise the next working day. The period starts the day after the receipt day; the due instant is the end of
 *  office hours of the n-th working day after the receipt day. */
export function statutoryDueAt(
  receivedAt: number,
  workingDays: number,
  cal: CalendarData,
): { receiptDate: string; dueAt: number } {
  const day = localDate(receivedAt);
  // "Not after" is exact to the millisecond: 15:00:00.000 is still on time, 15:00:00.001 is not.
  const onTime = isWorkingDay(day, cal) && receivedAt <= localDateTime(day, cal.cutoff);
  const receiptDate = onTime ? day : nextWorkingDay(day, cal);
  return { receiptDate, dueAt: officeEnd(addWorkingDaysToDate(receiptDate, workingDays, cal), cal) };
}

/**
 * Day periods of the criminal procedure code (BLTTHS 2015 Art 134.1; docs/reference/procedures-vn.md
 * Appendix C): counted from the day after the event, ending at 24:00 local of its last day even when
 * that day is a rest day — only month periods roll over onto the next working day. `rollOver` keeps
 * the rule dossiers started before this was corrected were given (the end moved to the next working day).
 */
export function calendarDaysDueAt(eventAt: number, days: number, cal: CalendarData, opts: { rollOver?: boolean } = {}): { dueAt: number } {
  checkCount(days, 'Days');
  const last = fromDay(toDay(localDate(eventAt)) + days);
  const end = !opts.rollOver || isWorkingDay(last, cal) ? last : nextWorkingDay(last, cal);
  return { dueAt: (toDay(end) + 1) * DAY - OFFSET }; // 24:00 of `end` is 00:00 of the day after
}

// Walks office periods forwards (step 1) or backwards (step -1). A walk that exhausts a period exactly stops at
// its far edge (11:30 forwards, 13:30 backwards) rather than jumping the gap, so consecutive walks compose.
function walkWorkingHours(from: number, hours: number, step: 1 | -1, cal: CalendarData): number {
  if (!(hours > 0) || !Number.isFinite(hours)) {
    throw new RangeError(`Working hours must be a positive number, got ${hours}`);
  }
  const periods = step > 0 ? officeMinutes(cal) : officeMinutes(cal).reverse();
  let left = Math.round(hours * HOUR);
  let date = localDate(from);
  for (let i = 0; i < MAX_WORKING_DAYS; i++) {
    if (isWorkingDay(date, cal)) {
      const base = toDay(date) * DAY - OFFSET;
      for (const [s, e] of periods) {
        const [near, far] = step > 0 ? [base + s * MINUTE, base + e * MINUTE] : [base + e * MINUTE, base + s * MINUTE];
        if ((far - from) * step <= 0) continue; // period already behind us
        const begin = (near - from) * step > 0 ? near : from;
        const available = (far - begin) * step;
        if (left <= available) return begin + step * left;
        left -= available;
      }
    }
    date = stepToWorkingDay(date, step, cal);
  }
  throw new RangeError(`${hours} working hours span more than ${MAX_WORKING_DAYS} working days`);
}

/** Adds working hours counted only inside office hours on working days. A start outside office hours begins at the
 *  next office period. Fractions are allowed, e.g. 3.75 for a "½ ngày làm việc" (§6.3) with the default office day. */
export function addWorkingHours(from: number, hours: number, cal: CalendarData): number {
  return walkWorkingHours(from, hours, 1, cal);
}

function shiftDuration(from: number, d: Duration, step: 1 | -1, cal: CalendarData): number {
  checkInstant(from);
  const units = Object.entries(d).filter(([, v]) => v !== undefined);
  const [unit, value] = units[0] ?? [];
  if (units.length !== 1 || value === undefined) {
    throw new RangeError(`Duration needs exactly one unit: ${JSON.stringify(d)}`);
  }
  checkCount(value, `Duration ${unit}`);
  switch (unit) {
    case 'minutes':
      return from + step * value * MINUTE;
    case 'hours':
      return from + step * value * HOUR;
    case 'days':
      return from + step * value * DAY;
    case 'workingHours':
      return walkWorkingHours(from, value, step, cal);
    case 'workingDays':
      return officeEnd(shiftWorkingDays(localDate(from), value, step, cal), cal);
    default:
      throw new RangeError(`Unknown duration unit '${unit}'`);
  }
}

/** minutes/hours/days = plain elapsed time; workingHours = addWorkingHours;
 *  workingDays = officeEnd of addWorkingDaysToDate(localDate(from), n). */
export function addDuration(from: number, d: Duration, cal: CalendarData): number {
  return shiftDuration(from, d, 1, cal);
}

/** The mirror of addDuration, for reminders "before" a due instant: working hours are counted backwards inside
 *  office hours; workingDays = officeEnd of the n-th working day strictly before localDate(from). */
export function subtractDuration(from: number, d: Duration, cal: CalendarData): number {
  return shiftDuration(from, d, -1, cal);
}

/** The last moment an apology letter can be sent for a due date: officeStart of the working day before
 *  localDate(dueAt) (ND 61 Art 19.9: at least 1 day before). */
export function apologyCheckpoint(dueAt: number, cal: CalendarData): number {
  return officeStart(previousWorkingDay(localDate(dueAt), cal), cal);
}

/** Builds the calendar from holiday rows (db `holidays` or seed data). Only 'confirmed' and 'proposed' rows count:
 *  'computed' rows (lunar dates or swaps nobody has announced yet) stay provisional until an admin confirms them,
 *  so a guess never moves a legal deadline (reference §6.2 operating rule). */
export function calendarFrom(
  rows: Array<{ date: string; kind: 'off' | 'working'; status: string }>,
  opts: { officeHours?: Array<[string, string]>; cutoff?: string } = {},
): CalendarData {
  const counted = rows.filter((r) => r.status === 'confirmed' || r.status === 'proposed');
  for (const r of counted) toDay(r.date); // a malformed date would otherwise be silently ignored
  const cal: CalendarData = {
    daysOff: counted.filter((r) => r.kind === 'off').map((r) => r.date),
    workingWeekends: counted.filter((r) => r.kind === 'working').map((r) => r.date),
    officeHours: opts.officeHours ?? DEFAULT_OFFICE_HOURS,
    cutoff: opts.cutoff ?? DEFAULT_CUTOFF,
  };
  officeMinutes(cal); // fail when the calendar is built, not when the first deadline is due
  toMinutes(cal.cutoff);
  return cal;
}
