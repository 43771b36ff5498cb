// Vietnamese wording of numbers, file sizes and accepted file types on the resident pages (fees
// and periods: domain/wording/fees-and-periods.ts).

const number = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 });

export const decimal = (n: number) => number.format(n);

export function fileSize(bytes: number): string {
  return bytes < 1024 * 1024 ? `${decimal(Math.max(bytes / 1024, 0.1))} KB` : `${decimal(bytes / 1024 / 1024)} MB`;
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
