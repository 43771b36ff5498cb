import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_OFFICE_HOURS, addDuration, addWorkingDaysToDate, addWorkingHours, apologyCheckpoint, calendarDaysDueAt, calendarFrom, isWorkingDay, localDate, localDateTime, nextWorkingDay, officeEnd, officeStart, previousWorkingDay, statutoryDueAt, subtractDuration, type CalendarData } from '../../domain/calendar.js';
import { formatDateTimeVi, formatDateVi } from '../../domain/wording/dates.js';
import { HOLIDAYS } from '../../db/seed-data/holidays.js';

const cal = calendarFrom(HOLIDAYS);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** 'YYYY-MM-DD HH:MM' in Vietnam local time → epoch ms. */
const at = (s: string): number => localDateTime(s.slice(0, 10), s.slice(11));
const nextDay = (d: string): string => localDate(localDateTime(d, '00:00') + DAY);
const weekday = (d: string): number => new Date(`${d}T00:00:00Z`).getUTCDay();

// Random local dates in 2025–2027 and instants in the same span.
const FIRST = localDateTime('2025-01-01', '00:00');
const LAST = localDateTime('2027-12-31', '23:59');
const dateArb = fc.integer({ min: 0, max: 1094 }).map((k) => localDate(FIRST + k * DAY));
const instantArb = fc.integer({ min: FIRST, max: LAST });
const nArb = fc.integer({ min: 1, max: 30 });

describe('localDate / localDateTime', () => {
  it('uses UTC+7: 17:00Z is midnight of the next local day', () => {
    expect(localDateTime('2025-01-01', '00:00')).toBe(Date.UTC(2024, 11, 31, 17, 0));
    expect(localDate(Date.UTC(2024, 11, 31, 16, 59))).toBe('2024-12-31');
    expect(localDate(Date.UTC(2024, 11, 31, 17, 0))).toBe('2025-01-01');
  });

  it('formats in Vietnamese order and local time', () => {
    expect(formatDateVi(Date.UTC(2024, 11, 31, 17, 5))).toBe('01/01/2025');
    expect(formatDateTimeVi(Date.UTC(2024, 11, 31, 17, 5))).toBe('00:05 01/01/2025');
    expect(formatDateTimeVi(at('2026-02-13 15:30'))).toBe('15:30 13/02/2026');
  });
});

describe('isWorkingDay with the official 2025–2026 calendar', () => {
  it.each([
    ['2025-01-01', false, 'Tết Dương lịch'],
    ['2025-01-27', false, 'Tết 2025 block'],
    ['2025-02-03', true, 'first day after Tết 2025'],
    ['2025-04-26', true, 'make-up Saturday'],
    ['2025-04-27', false, 'ordinary Sunday'],
    ['2025-05-02', false, 'bridging day'],
    ['2026-01-10', true, 'make-up Saturday (VPCP 12729/VPCP-KGVX)'],
    ['2026-08-22', true, 'proposed make-up Saturday for 31/8'],
    ['2026-08-31', false, 'proposed bridging Monday'],
    ['2026-04-26', false, 'Giỗ Tổ on a Sunday'],
    ['2026-04-27', false, 'compensatory Monday'],
    ['2026-04-28', true, 'ordinary Tuesday'],
    ['2027-02-05', true, 'computed Tết 2027 does not count yet'],
    ['2027-05-03', false, 'confirmed compensatory day for 1/5/2027'],
  ])('%s → %s (%s)', (date, expected) => {
    expect(isWorkingDay(date, cal)).toBe(expected);
  });

  it('counts a computed row once an admin confirms it', () => {
    const confirmed = HOLIDAYS.map((h) => (h.date === '2027-02-05' ? { ...h, status: 'confirmed' } : h));
    expect(isWorkingDay('2027-02-05', calendarFrom(confirmed))).toBe(false);
  });
});

describe('statutoryDueAt', () => {
  // [case, received (local), working days, receipt date, due date (ends 17:00 local)]
  it.each([
    ['received inside Tết 2025', '2025-01-28 10:00', 1, '2025-02-03', '2025-02-04'],
    ['Friday before Tết 2026, 3 wd', '2026-02-13 10:00', 3, '2026-02-13', '2026-02-25'],
    ['Friday before Tết 2026 after cut-off', '2026-02-13 15:30', 3, '2026-02-23', '2026-02-26'],
    ['due lands on the make-up Saturday', '2025-04-25 10:00', 1, '2025-04-25', '2025-04-26'],
    ['received on the make-up Saturday', '2025-04-26 09:00', 1, '2025-04-26', '2025-04-28'],
    ['compensatory Monday 27/4/2026 skipped', '2026-04-24 10:00', 1, '2026-04-24', '2026-04-28'],
    ['received on Giỗ Tổ Sunday 2026', '2026-04-26 10:00', 1, '2026-04-28', '2026-04-29'],
    ['received on the compensatory day, 30/4–1/5 next', '2026-04-27 10:00', 2, '2026-04-28', '2026-05-04'],
    ['30/4–4/5/2025 block', '2025-04-29 10:00', 2, '2025-04-29', '2025-05-06'],
    ['2/9/2025 block', '2025-08-29 14:59', 1, '2025-08-29', '2025-09-03'],
    ['2/9/2026 proposed block', '2026-08-28 10:00', 1, '2026-08-28', '2026-09-03'],
    ['exactly at the 15:00 cut-off', '2025-01-15 15:00', 1, '2025-01-15', '2025-01-16'],
    ['one minute after the cut-off', '2025-01-15 15:01', 1, '2025-01-16', '2025-01-17'],
    ['received on a Saturday', '2025-01-11 09:00', 1, '2025-01-13', '2025-01-14'],
    ['after cut-off on the eve of Tết 2025', '2025-01-24 16:00', 1, '2025-02-03', '2025-02-04'],
    ['5 wd across Tết 2025', '2025-01-24 09:00', 5, '2025-01-24', '2025-02-07'],
    ['due would land on 1/1/2025', '2024-12-31 10:00', 1, '2024-12-31', '2025-01-02'],
    ['due would land on 1/1–2/1/2026', '2025-12-31 10:00', 1, '2025-12-31', '2026-01-05'],
    ['due lands on make-up Saturday 10/1/2026', '2026-01-09 10:00', 1, '2026-01-09', '2026-01-10'],
    ['Giỗ Tổ 2025', '2025-04-04 10:00', 1, '2025-04-04', '2025-04-08'],
    ['Ngày Văn hóa 2026 (proposed)', '2026-11-23 10:00', 1, '2026-11-23', '2026-11-25'],
    ['30/4/2027 and compensatory 3/5/2027', '2027-04-29 10:00', 1, '2027-04-29', '2027-05-04'],
    ['before office opens counts as on time', '2025-01-13 06:00', 1, '2025-01-13', '2025-01-14'],
    ['00:30 local Monday is Sunday in UTC', '2025-01-13 00:30', 1, '2025-01-13', '2025-01-14'],
    ['23:30 local is after the cut-off', '2025-01-13 23:30', 1, '2025-01-14', '2025-01-15'],
  ])('%s', (_case, received, n, receiptDate, dueDate) => {
    expect(statutoryDueAt(at(received), n, cal)).toEqual({ receiptDate, dueAt: at(`${dueDate} 17:00`) });
  });

  it('honours a unit-specific cut-off', () => {
    const early = calendarFrom(HOLIDAYS, { cutoff: '11:00' });
    expect(statutoryDueAt(at('2025-01-15 11:30'), 1, early).receiptDate).toBe('2025-01-16');
  });
});

describe('addWorkingHours', () => {
  it.each([
    ['8 h from Monday 09:00 (7.5 h office day)', '2025-01-13 09:00', 8, '2025-01-14 09:30'],
    ['from 11:00 spanning lunch', '2025-01-13 11:00', 2, '2025-01-13 15:00'],
    ['from 16:30 on the Friday before Quốc khánh', '2025-08-29 16:30', 1, '2025-09-03 08:00'],
    ['from 16:30 on the Friday before Tết', '2025-01-24 16:30', 4, '2025-02-03 11:00'],
    ['into the make-up Saturday', '2025-04-25 16:00', 2, '2025-04-26 08:30'],
    ['start on a Saturday begins Monday', '2025-01-11 06:00', 1, '2025-01-13 08:30'],
    ['start at lunch begins 13:30', '2025-01-13 12:00', 1, '2025-01-13 14:30'],
    ['exhausting the morning ends at 11:30', '2025-01-13 07:30', 4, '2025-01-13 11:30'],
    ['half an hour', '2025-01-13 16:45', 0.5, '2025-01-14 07:45'],
  ])('%s', (_case, from, hours, expected) => {
    expect(addWorkingHours(at(from), hours, cal)).toBe(at(expected));
  });

  it('8 h from Monday 09:00 is Tuesday 09:00 with an 8-hour office day', () => {
    const eightHours = calendarFrom(HOLIDAYS, { officeHours: [['07:30', '11:30'], ['13:00', '17:00']] });
    expect(addWorkingHours(at('2025-01-13 09:00'), 8, eightHours)).toBe(at('2025-01-14 09:00'));
  });
});

describe('calendarDaysDueAt', () => {
  it.each([
    ['20 days ending on a Tuesday', '2025-03-05 10:00', 20, '2025-03-26 00:00'],
    ['last day a Sunday: ends that Sunday at 24:00 (Art 134.1, no roll-over for days)', '2025-03-03 10:00', 20, '2025-03-24 00:00'],
    ['last day in Tết 2026: ends that day', '2026-01-28 10:00', 20, '2026-02-18 00:00'],
    ['the event date is local: 23:50 on 5/3', '2025-03-05 23:50', 20, '2025-03-26 00:00'],
    ['the event date is local: 00:30 on 6/3', '2025-03-06 00:30', 20, '2025-03-27 00:00'],
  ])('%s', (_case, event, days, expected) => {
    expect(calendarDaysDueAt(at(event), days, cal)).toEqual({ dueAt: at(expected) });
  });

  it.each([
    ['2025-03-03 10:00', '2025-03-25 00:00'],
    ['2026-01-28 10:00', '2026-02-24 00:00'],
  ])('keeps the roll-over onto the next working day for dossiers started before the correction (%s)', (event, expected) => {
    expect(calendarDaysDueAt(at(event), 20, cal, { rollOver: true })).toEqual({ dueAt: at(expected) });
  });
});

describe('addDuration', () => {
  const from = at('2025-01-24 10:00'); // Friday before Tết 2025
  it.each([
    [{ minutes: 90 }, from + 90 * MINUTE],
    [{ hours: 2 }, from + 2 * HOUR],
    [{ days: 3 }, from + 3 * DAY], // plain elapsed time, holidays ignored
    [{ workingHours: 8 }, at('2025-02-03 10:30')], // 1.5 h + 3.5 h on Friday, 3 h on Monday
    [{ workingDays: 1 }, at('2025-02-03 17:00')],
  ])('%j', (d, expected) => {
    expect(addDuration(from, d, cal)).toBe(expected);
  });

  it('counts working days from the local date even on a weekend', () => {
    expect(addDuration(at('2025-01-11 09:00'), { workingDays: 1 }, cal)).toBe(at('2025-01-13 17:00'));
  });
});

describe('subtractDuration (reminders before a due instant)', () => {
  it.each([
    ['4 working hours before 17:00', '2025-01-14 17:00', { workingHours: 4 }, '2025-01-14 11:00'],
    ['back across a weekend', '2025-01-13 08:00', { workingHours: 1 }, '2025-01-10 16:30'],
    ['from a Saturday starts at Friday close', '2025-01-11 10:00', { workingHours: 1 }, '2025-01-10 16:00'],
    ['exhausting the morning stops at 07:30', '2025-01-14 11:30', { workingHours: 4 }, '2025-01-14 07:30'],
    ['1 working day before the first day after Tết', '2025-02-03 17:00', { workingDays: 1 }, '2025-01-24 17:00'],
    ['back over the make-up Saturday', '2025-04-28 17:00', { workingDays: 1 }, '2025-04-26 17:00'],
    ['plain days ignore holidays', '2025-02-03 17:00', { days: 3 }, '2025-01-31 17:00'],
    ['plain minutes', '2025-01-13 08:00', { minutes: 45 }, '2025-01-13 07:15'],
  ])('%s', (_case, from, d, expected) => {
    expect(subtractDuration(at(from), d, cal)).toBe(at(expected));
  });
});

describe('apologyCheckpoint and office hours', () => {
  it('is the start of office hours on the working day before the due date', () => {
    expect(apologyCheckpoint(at('2025-02-04 17:00'), cal)).toBe(at('2025-02-03 07:30'));
    expect(apologyCheckpoint(at('2025-02-03 17:00'), cal)).toBe(at('2025-01-24 07:30'));
  });

  it('officeStart / officeEnd follow the configured hours', () => {
    expect(officeStart('2025-01-13', cal)).toBe(at('2025-01-13 07:30'));
    expect(officeEnd('2025-01-13', cal)).toBe(at('2025-01-13 17:00'));
  });
});

describe('properties', () => {
  const countWorkingDays = (after: string, upTo: string): number => {
    let count = 0;
    for (let d = nextDay(after); d <= upTo; d = nextDay(d)) if (isWorkingDay(d, cal)) count++;
    return count;
  };

  it('addWorkingDaysToDate lands on the n-th working day strictly after the start', () => {
    fc.assert(
      fc.property(dateArb, nArb, (start, n) => {
        const result = addWorkingDaysToDate(start, n, cal);
        expect(isWorkingDay(result, cal)).toBe(true);
        expect(result > start).toBe(true);
        expect(countWorkingDays(start, result)).toBe(n);
      }),
    );
  });

  it('statutoryDueAt is monotonic in receivedAt', () => {
    fc.assert(
      fc.property(instantArb, instantArb, nArb, (a, b, n) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        const x = statutoryDueAt(early, n, cal);
        const y = statutoryDueAt(late, n, cal);
        expect(x.receiptDate <= y.receiptDate).toBe(true);
        expect(x.dueAt).toBeLessThanOrEqual(y.dueAt);
      }),
    );
  });

  // An instant inside office hours of a working day.
  const officeInstantArb = fc
    .tuple(dateArb, fc.constantFrom(...DEFAULT_OFFICE_HOURS), fc.nat())
    .map(([d, [s, e], offset]) => {
      const day = isWorkingDay(d, cal) ? d : nextWorkingDay(d, cal);
      const start = localDateTime(day, s);
      return start + (offset % (localDateTime(day, e) - start));
    });
  const quarterHours = fc.integer({ min: 1, max: 160 }).map((q) => q / 4);

  it('addWorkingHours composes for a start inside office hours', () => {
    fc.assert(
      fc.property(officeInstantArb, quarterHours, quarterHours, (t, a, b) => {
        expect(addWorkingHours(t, a + b, cal)).toBe(addWorkingHours(addWorkingHours(t, a, cal), b, cal));
      }),
    );
  });

  it('subtractDuration undoes addDuration in working hours for a start inside office hours', () => {
    fc.assert(
      fc.property(officeInstantArb, fc.integer({ min: 1, max: 60 }), (t, workingHours) => {
        expect(subtractDuration(addDuration(t, { workingHours }, cal), { workingHours }, cal)).toBe(t);
      }),
    );
  });

  it('previousWorkingDay(nextWorkingDay(d)) <= d', () => {
    fc.assert(
      fc.property(dateArb, (d) => {
        expect(previousWorkingDay(nextWorkingDay(d, cal), cal) <= d).toBe(true);
      }),
    );
  });

  it('formatDateVi / formatDateTimeVi round-trip to the local date and minute', () => {
    fc.assert(
      fc.property(instantArb, (t) => {
        const [dd, mm, yyyy] = formatDateVi(t).split('/');
        const date = `${yyyy}-${mm}-${dd}`;
        expect(date).toBe(localDate(t));
        const [hhmm, day] = formatDateTimeVi(t).split(' ');
        expect(day).toBe(formatDateVi(t));
        const minute = localDateTime(date, hhmm!);
        expect(t - minute).toBeGreaterThanOrEqual(0);
        expect(t - minute).toBeLessThan(MINUTE);
      }),
    );
  });
});

describe('input validation', () => {
  const badDates = ['2025-02-29', '2025-13-01', '2025-01-32', '2025-1-1', '25-01-01', '2025/01/01', ' 2025-01-01', ''];

  it.each(badDates)('rejects the date %j', (date) => {
    expect(() => isWorkingDay(date, cal)).toThrow(RangeError);
    expect(() => localDateTime(date, '10:00')).toThrow(RangeError);
    expect(() => nextWorkingDay(date, cal)).toThrow(RangeError);
    expect(() => addWorkingDaysToDate(date, 1, cal)).toThrow(/Invalid date/);
  });

  it('accepts a real leap day', () => {
    expect(isWorkingDay('2028-02-29', cal)).toBe(true);
  });

  it.each(['24:00', '7:30', '12:60', '12:00:00', 'noon'])('rejects the time %j', (hhmm) => {
    expect(() => localDateTime('2025-01-13', hhmm)).toThrow(RangeError);
    expect(() => calendarFrom([], { cutoff: hhmm })).toThrow(RangeError);
  });

  it.each([0, -1, 1.5, Number.NaN, 2501])('rejects %d working days', (n) => {
    expect(() => addWorkingDaysToDate('2025-01-13', n, cal)).toThrow(RangeError);
    expect(() => statutoryDueAt(at('2025-01-13 10:00'), n, cal)).toThrow(RangeError);
  });

  it('rejects bad instants, hours and durations', () => {
    expect(() => localDate(Number.NaN)).toThrow(RangeError);
    expect(() => statutoryDueAt(Number.POSITIVE_INFINITY, 1, cal)).toThrow(RangeError);
    expect(() => calendarDaysDueAt(at('2025-01-13 10:00'), 0, cal)).toThrow(RangeError);
    for (const h of [0, -1, Number.POSITIVE_INFINITY]) {
      expect(() => addWorkingHours(at('2025-01-13 10:00'), h, cal)).toThrow(RangeError);
    }
    expect(() => addDuration(0, {}, cal)).toThrow(RangeError);
    expect(() => addDuration(0, { hours: 1, minutes: 5 }, cal)).toThrow(RangeError);
    expect(() => addDuration(0, { days: 0 }, cal)).toThrow(RangeError);
    expect(() => subtractDuration(0, { workingDays: 0 }, cal)).toThrow(RangeError);
  });

  it.each([
    [[]],
    [[['11:30', '07:30']]],
    [[['07:30', '11:30'], ['11:00', '17:00']]],
  ] as Array<[Array<[string, string]>]>)('rejects office hours %j', (officeHours) => {
    expect(() => calendarFrom([], { officeHours })).toThrow(RangeError);
  });

  it('rejects malformed holiday rows', () => {
    expect(() => calendarFrom([{ date: '2025-1-1', kind: 'off', status: 'confirmed' }])).toThrow(RangeError);
  });

  it('gives up when no working day exists within a year', () => {
    const daysOff = Array.from({ length: 400 }, (_, i) => localDate(FIRST + i * DAY));
    const allOff: CalendarData = { ...cal, daysOff, workingWeekends: [] };
    expect(() => nextWorkingDay('2024-12-31', allOff)).toThrow(/No working day within 366 days/);
  });
});

describe('HOLIDAYS seed data', () => {
  it('has one row per date, days off on weekdays and make-up days on weekends', () => {
    expect(new Set(HOLIDAYS.map((h) => h.date)).size).toBe(HOLIDAYS.length);
    for (const h of HOLIDAYS) {
      const weekend = [0, 6].includes(weekday(h.date));
      expect(weekend, h.date).toBe(h.kind === 'working');
    }
  });
});
