// Vietnamese wording of numbers, fees, deadlines and accepted file types on the resident pages.
import type { ProcedureDefinition } from '../../domain/dsl/schema.js';

const number = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 });

export const decimal = (n: number) => number.format(n);
const vnd = (amount: number) => `${decimal(amount)} đồng`;

export function fileSize(bytes: number): string {
  return bytes < 1024 * 1024 ? `${decimal(Math.max(bytes / 1024, 0.1))} KB` : `${decimal(bytes / 1024 / 1024)} MB`;
}

/** The statutory time; the clock starts when the dossier is complete and valid. */
export function deadlineText(deadline: ProcedureDefinition['deadline']): string {
  const span = deadline.workingDays !== undefined ? `${deadline.workingDays} ngày làm việc` : `${deadline.days} ngày`;
  return `${span} kể từ khi nhận đủ hồ sơ hợp lệ`;
}

/** Fee lines: at the counter, then online when it differs. */
export function feeLines(fee: ProcedureDefinition['fee']): string[] {
  if (!fee || (fee.vnd === 0 && !fee.onlineVnd)) return ['Không thu lệ phí'];
  if (fee.onlineVnd === undefined) return [vnd(fee.vnd)];
  return [`Nộp tại trụ sở: ${vnd(fee.vnd)}`, `Nộp trực tuyến: ${vnd(fee.onlineVnd)}`];
}

const TYPE_NAMES: Record<string, string> = {
  'image/*': 'ảnh (JPEG, PNG, GIF, WebP, HEIC)',
  'image/jpeg': 'ảnh JPEG',
  'image/png': 'ảnh PNG',
  'image/gif': 'ảnh GIF',
  'image/webp': 'ảnh WebP',
  'image/heic': 'ảnh HEIC',
  'image/heif': 'ảnh HEIF',
  'application/pdf': 'PDF',
};

/** "ảnh (JPEG, …) hoặc PDF" for a document's `accept` list. */
export function acceptText(accept: readonly string[]): string {
  return accept.map((type) => TYPE_NAMES[type] ?? type).join(' hoặc ');
}
