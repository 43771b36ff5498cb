// The text of a PDF as a reader's copy-paste would give it (PDF.js through unpdf): proves the font's
// ToUnicode map round-trips Vietnamese. Whitespace is collapsed, since lines wrap where the layout says.
import { extractText, getDocumentProxy } from 'unpdf';

export async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const { text } = await extractText(pdf, { mergePages: true });
  await pdf.destroy();
  return text.replace(/\s+/g, ' ').trim();
}

/** "17 giờ 00 phút, ngày 03 tháng 12 năm 2026" in Vietnam time, computed apart from the app's own helpers. */
export function vietnamLongDateTime(t: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(t)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.hour} giờ ${parts.minute} phút, ngày ${parts.day} tháng ${parts.month} năm ${parts.year}`;
}
