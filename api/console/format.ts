// How the console words times, deadlines and statuses. Times are shown in Asia/Ho_Chi_Minh
// (domain/calendar.ts does the UTC+7 arithmetic); deadlines count working days of the unit.
import { localDate, nextWorkingDay, type CalendarData } from '../../domain/calendar.js';
import { ROLE_LABELS, type StaffRole } from '../../domain/roles.js';
import { t } from './i18n.js';

/** 'dd/MM/yyyy HH:mm', Vietnam time. */

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
  if (dueAt <= now) return { overdue: true, soon: false, text: t('Quá hạn', 'Overdue') };
  const dueDay = localDate(dueAt - 1);
  let days = 0;
  for (let d = nextWorkingDay(localDate(now), cal); d <= dueDay && days < 1000; d = nextWorkingDay(d, cal)) days++;
  if (days === 0) return { overdue: false, soon: true, text: t('Đến hạn hôm nay', 'Due today') };
  return { overdue: false, soon: days === 1, text: t(`Còn ${days} ngày làm việc`, `${days} working day${days === 1 ? '' : 's'} left`) };
}

const ROLE_LABELS_EN: Record<StaffRole, string> = {
  receiver: 'Receiving officer',
  officer: 'Processing officer',
  chief: 'Unit chief',
  investigator: 'Designated investigator',
  admin: 'Administrator',
  integration: 'Integrated system',
};
export const roleLabel = (role: string) => {
  const known = Object.hasOwn(ROLE_LABELS, role) ? (role as StaffRole) : undefined;
  return known ? t(ROLE_LABELS[known], ROLE_LABELS_EN[known]) : role;
};

export function messageStatusLabel(status: string): string {
  switch (status) {
    case 'queued': return t('Chờ gửi', 'Queued');
    case 'sending': return t('Đang gửi', 'Sending');
    case 'sent': return t('Đã gửi', 'Sent');
    case 'delivered': return t('Đã đến máy người nhận', 'Delivered to the recipient');
    case 'seen': return t('Người nhận đã xem', 'Seen by the recipient');
    case 'undeliverable': return t('Không gửi được', 'Could not be delivered');
    case 'for_console': return t('Thông báo nội bộ (xem trên bảng điều khiển)', 'Internal notice (shown in the console)');
    default: return status;
  }
}

export function undeliverableReason(reason: string | null): string | undefined {
  if (!reason) return undefined;
  const zalo = /^(zns|zalo)_error_(-?\d+)$/.exec(reason);
  if (zalo) return zalo[1] === 'zns' ? t(`Zalo báo lỗi ${zalo[2]} khi gửi ZNS`, `Zalo returned error ${zalo[2]} for the ZNS message`) : t(`Zalo báo lỗi ${zalo[2]}`, `Zalo returned error ${zalo[2]}`);
  switch (reason) {
    case 'no_zalo_identity': return t('người nộp không gửi hồ sơ qua Zalo', 'the applicant did not apply through Zalo');
    case 'outside_window_no_phone':
      return t(
        'quá 7 ngày người dân không tương tác với OA và chưa chia sẻ số điện thoại để gửi ZNS',
        'the resident has not interacted with the OA for over 7 days and has not shared a phone number for ZNS',
      );
    case 'invalid_message': return t('Zalo từ chối nội dung tin nhắn', 'Zalo refused the message content');
    default: return reason;
  }
}

const labelOf = (labels: Record<string, string>, key: string) => (Object.hasOwn(labels, key) ? labels[key]! : key);

export const channelLabel = (channel: string) =>
  labelOf({ web: t('Cổng trực tuyến', 'Online portal'), zalo: 'Zalo', counter: t('Tại bộ phận một cửa', 'At the one-stop desk'), zalo_cs: t('Tin nhắn Zalo OA', 'Zalo OA message'), zns: 'ZNS' }, channel);
export const outcomeLabel = (outcome: string) =>
  labelOf({ approved: t('Giải quyết', 'Approved'), rejected: t('Từ chối', 'Rejected'), refused: t('Không tiếp nhận', 'Not accepted'), withdrawn: t('Đã rút', 'Withdrawn') }, outcome);
export const documentSourceLabel = (source: string) =>
  labelOf({ form: t('biểu mẫu trực tuyến', 'the online form'), chat: t('tin nhắn Zalo', 'a Zalo message'), staff: t('cán bộ tải lên', 'a staff upload') }, source);
export const versionStatusLabel = (status: string) =>
  labelOf({ draft: t('Bản nháp', 'Draft'), published: t('Đang áp dụng', 'In force'), retired: t('Ngừng áp dụng', 'Retired') }, status);

const weekdays = () =>
  t('Chủ nhật|Thứ Hai|Thứ Ba|Thứ Tư|Thứ Năm|Thứ Sáu|Thứ Bảy', 'Sunday|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday').split('|');

/** 'Thứ Hai, 01/12/2026' for a local 'YYYY-MM-DD' (the date stays day-first in English too). */
export function dayHeading(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${weekdays()[new Date(Date.UTC(y!, m! - 1, d!)).getUTCDay()]}, ${date.slice(8)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;
}
