// Tabular exports: CSV (RFC 4180, UTF-8 with BOM so Excel on Windows reads the diacritics) and XLSX.
// exceljs stays behind toXlsx() so it can be swapped (docs/reference/conventions.md, "Exports").
import ExcelJS from 'exceljs';

export type Cell = string | number | null | undefined;

export interface Column<T> {
  header: string;
  value: (row: T) => Cell;
  /** XLSX column width in characters; the header's length by default. */
  width?: number;
  /** XLSX number format, e.g. '0.00'. */
  numFmt?: string;
}

const BOM = '\uFEFF';
const CRLF = '\r\n';

/**
 * A text cell that spreadsheet software would run as a formula (=, +, -, @, tab, CR) gets a leading
 * apostrophe (OWASP "CSV injection"); numbers are written as they are.
 */
function csvField(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  const text = /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** CSV text: BOM, a header line, one line per row, each ended with CRLF. */
export function toCsv<T>(columns: readonly Column<T>[], rows: readonly T[]): string {
  const lines = [columns.map((c) => csvField(c.header)), ...rows.map((row) => columns.map((c) => csvField(c.value(row))))];
  return BOM + lines.map((fields) => fields.join(',') + CRLF).join('');
}

/** An .xlsx workbook with one sheet: a bold, frozen header row, then the rows; numbers stay numbers. */
export async function toXlsx<T>(columns: readonly Column<T>[], rows: readonly T[], sheetName: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.created = new Date();
  // Sheet names: at most 31 characters, none of : \ / ? * [ ].
  const sheet = workbook.addWorksheet(sheetName.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.header, width: c.width ?? Math.max(10, c.header.length + 2), style: c.numFmt ? { numFmt: c.numFmt } : {} }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(columns.map((c) => c.value(row) ?? null));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
