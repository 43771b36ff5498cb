// How the console words times, deadlines and statuses. Times are shown in Asia/Ho_Chi_Minh
// (domain/calendar.ts does the UTC+7 arithmetic); deadlines count working days of the unit.
import { formatDateTimeVi, formatDateVi, localDate, nextWorkingDay, type CalendarData } from '../../domain/calendar.js';
import { ROLE_LABELS, type StaffRole } from '../../domain/roles.js';

/** 'dd/MM/yyyy HH:mm', Vietnam time. */
export function dateTime(t: number | Date): string {
  const ms = typeof t === 'number' ? t : t.getTime();
  return `${formatDateVi(ms)} ${formatDateTimeVi(ms).slice(0, 5)}`;
}

export interface Countdown {
  overdue: boolean;
  /** Due today or on the next working day. */
  soon: boolean;
  text: string;
}

/**
 * Working days left until a due instant: the working days after today up to the due day. A due
 * time of 00:00 is the end of the day before (calendar-day deadlines end at 24:00).
 */
export function countdown(dueAt: number, now: number, cal: CalendarData): Countdown {
  if (dueAt <= now) return { overdue: true, soon: false, text: 'Quá hạn' };
  const dueDay = localDate(dueAt - 1);
  let days = 0;
  for (let d = nextWorkingDay(localDate(now), cal); d <= dueDay && days < 1000; d = nextWorkingDay(d, cal)) days++;
  if (days === 0) return { overdue: false, soon: true, text: 'Đến hạn hôm nay' };
  return { overdue: false, soon: days === 1, text: `Còn ${days} ngày làm việc` };
}

export const roleLabel = (role: string) => ROLE_LABELS[role as StaffRole] ?? role;

const MESSAGE_STATUS: Record<string, string> = {
  queued: 'Chờ gửi',
  sending: 'Đang gửi',
  sent: 'Đã gửi',
  delivered: 'Đã đến máy người nhận',
  seen: 'Người nhận đã xem',
  undeliverable: 'Không gửi được',
  for_console: 'Thông báo nội bộ (xem trên bảng điều khiển)',
};
export const messageStatusLabel = (status: string) => MESSAGE_STATUS[status] ?? status;

const UNDELIVERABLE: Record<string, string> = {
  no_zalo_identity: 'người nộp không gửi hồ sơ qua Zalo',
  outside_window_no_phone: 'quá 7 ngày người dân không tương tác với OA và chưa chia sẻ số điện thoại để gửi ZNS',
  invalid_message: 'Zalo từ chối nội dung tin nhắn',
};
export function undeliverableReason(reason: string | null): string | undefined {
  if (!reason) return undefined;
  const zalo = /^(zns|zalo)_error_(-?\d+)$/.exec(reason);
  if (zalo) return `Zalo báo lỗi ${zalo[2]}${zalo[1] === 'zns' ? ' khi gửi ZNS' : ''}`;
  return UNDELIVERABLE[reason] ?? reason;
}

export const CHANNEL_LABELS: Record<string, string> = { web: 'Cổng trực tuyến', zalo: 'Zalo', counter: 'Tại bộ phận một cửa', zalo_cs: 'Tin nhắn Zalo OA', zns: 'ZNS' };
export const OUTCOME_LABELS: Record<string, string> = { approved: 'Giải quyết', rejected: 'Từ chối', refused: 'Không tiếp nhận', withdrawn: 'Đã rút' };
export const DOCUMENT_SOURCES: Record<string, string> = { form: 'biểu mẫu trực tuyến', chat: 'tin nhắn Zalo', staff: 'cán bộ tải lên' };
export const VERSION_STATUS: Record<string, string> = { draft: 'Bản nháp', published: 'Đang áp dụng', retired: 'Ngừng áp dụng' };

const WEEKDAYS = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'];

/** 'Thứ Hai, 01/12/2026' for a local 'YYYY-MM-DD'. */
export function dayHeading(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${WEEKDAYS[new Date(Date.UTC(y!, m! - 1, d!)).getUTCDay()]}, ${date.slice(8)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;
}
