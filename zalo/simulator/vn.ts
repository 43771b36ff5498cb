// Vietnamese local time and phone numbers, as Zalo presents them.

const VN_OFFSET_MS = 7 * 3_600_000; // Asia/Ho_Chi_Minh, no daylight saving
const DAY_MS = 86_400_000;

/** Local calendar facts for `ms`: "DD/MM/YYYY" (user/detail), the hour (night rules), a day number (daily quotas). */
export function vnTime(ms: number): { date: string; hour: number; day: number } {
  const local = new Date(ms + VN_OFFSET_MS);
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    date: `${pad(local.getUTCDate())}/${pad(local.getUTCMonth() + 1)}/${local.getUTCFullYear()}`,
    hour: local.getUTCHours(),
    day: Math.floor((ms + VN_OFFSET_MS) / DAY_MS),
  };
}

/** The `84…` form Zalo reports and ZNS expects; `+84…` and spaces are accepted, `0…` becomes `84…`. */
export function toZaloPhone(input: string): string {
  const digits = input.replace(/[\s.]/g, '').replace(/^\+/, '');
  return digits.startsWith('0') ? `84${digits.slice(1)}` : digits;
}
