// Folding Vietnamese text for matching: residents and clerks type with, without or with other
// diacritics ("Nguyen Thi Hong" for "Nguyễn Thị Hồng", "d" for "đ"), and keyboards send precomposed
// or combining forms. Chat commands and the inbox search compare folded text; the inbox keeps the
// folded applicant name and phone digits in `dossiers.search_text`, written at submission.

/** Lower case, no diacritics (đ → d), single spaces. Combining and precomposed forms fold alike. */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Only the digits of a phone number, a full international number (84 + 9 digits) in national form (0 + 9). */
export function phoneDigits(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.length === 11 && digits.startsWith('84') ? `0${digits.slice(2)}` : digits;
}

/**
 * What the inbox search matches a dossier's applicant on: the folded name, then the phone digits.
 * Null when there is neither (and for confidential dossiers, which the caller never passes here).
 */
export function applicantSearchText(applicant: { name?: unknown; phone?: unknown }): string | null {
  const name = typeof applicant.name === 'string' ? foldVietnamese(applicant.name) : '';
  const phone = typeof applicant.phone === 'string' ? phoneDigits(applicant.phone) : '';
  return [name, phone].filter(Boolean).join(' ') || null;
}

/** Shorter name or phone fragments match too much to be worth a substring search. */
export const MIN_SUBSTRING_SEARCH = 3;

/** A clerk's search text as the inbox matches it: the folded text, and the phone digits if it looks like a phone. */
export function searchTerms(query: string): { folded: string; phone?: string } {
  const folded = foldVietnamese(query);
  const compact = query.replace(/[\s.()+-]/g, '');
  return /^\d+$/.test(compact) ? { folded, phone: phoneDigits(compact) } : { folded };
}
