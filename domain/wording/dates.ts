// How the system writes dates and times, in Vietnam time, everywhere it speaks: chat, resident pages,
// papers, the console and API messages. Pure (workflow code may import it).
import { localDate, localDateTime } from '../calendar.js';

const MINUTE = 60_000;
const pad = (n: number) => String(n).padStart(2, '0');

/** 'dd/MM/yyyy' of a 'yyyy-MM-dd' day. */
export const dayVi = (date: string): string => `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;

/** 'dd/MM/yyyy' in local time. */
export function formatDateVi(t: number): string {
  return dayVi(localDate(t));
}

/** 'HH:mm' in local time. */
export function timeVi(t: number): string {
  const minuteOfDay = Math.floor((t - localDateTime(localDate(t), '00:00')) / MINUTE);
  return `${pad(Math.floor(minuteOfDay / 60))}:${pad(minuteOfDay % 60)}`;
}

/** 'HH:mm dd/MM/yyyy' in local time (messages and papers). */
export function formatDateTimeVi(t: number): string {
  return `${timeVi(t)} ${formatDateVi(t)}`;
}

/** 'dd/MM/yyyy HH:mm' in local time (the console's tables, where the day comes first). */
export function dateTime(t: number | Date): string {
  const ms = typeof t === 'number' ? t : t.getTime();
  return `${formatDateVi(ms)} ${timeVi(ms)}`;
}

/** "ngày 03 tháng 12 năm 2026", as a paper is dated. */
export function longDate(t: number): string {
  const [y, m, d] = localDate(t).split('-');
  return `ngày ${d} tháng ${m} năm ${y}`;
}

/** "14 giờ 05 phút, ngày 03 tháng 12 năm 2026", as a paper states a time. */
export function longDateTime(t: number): string {
  const [hh, mm] = timeVi(t).split(':');
  return `${hh} giờ ${mm} phút, ${longDate(t)}`;
}
