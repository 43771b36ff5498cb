// Appointment slots of a day: consecutive slots from the opening of each office period, each ending
// by the period's close (no slot across the lunch break or after hours). Pure: shared by the slot
// listing, the booking check and the reservation.
import { isWorkingDay, localDateTime, type CalendarData } from './calendar.js';

export function slotsOfDay(day: string, cal: CalendarData, slotMinutes: number): number[] {
  if (!isWorkingDay(day, cal)) return [];
  const step = slotMinutes * 60_000;
  const starts: number[] = [];
  for (const [open, close] of cal.officeHours) {
    const end = localDateTime(day, close);
    for (let t = localDateTime(day, open); t + step <= end; t += step) starts.push(t);
  }
  return starts;
}

/** Inside one of the office periods of a working day (not in the lunch break, not after hours). */
export function withinOfficeHours(t: number, day: string, cal: CalendarData): boolean {
  return isWorkingDay(day, cal) && cal.officeHours.some(([open, close]) => t >= localDateTime(day, open) && t < localDateTime(day, close));
}
