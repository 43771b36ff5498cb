// What a resident's chat text asks for. Residents type with or without diacritics ("tra cứu",
// "tra cuu", "TRA CUU"), so commands are matched on a folded form of the text.
import { foldVietnamese } from './text-search.js';

export type Command =
  | { kind: 'menu' }
  | { kind: 'help' }
  | { kind: 'status'; code?: string }
  | { kind: 'withdraw'; code?: string }
  | { kind: 'guide'; query: string }
  | { kind: 'rating'; code: string; rating: number }
  | { kind: 'unknown' };

/** A dossier code; the lookbehind makes a match start only at a word start, so the scan stays linear. */
const CODE = /(?<![A-Za-z0-9])([A-Za-z0-9]+-\d{6}-\d{4})/;
/** Payload of the survey buttons (see ratingPayload); matched before anything else. */
const RATING = /^#danhgia ([A-Za-z0-9]+-\d{6}-\d{4}) ([1-5])$/;

export function ratingPayload(code: string, rating: number): string {
  return `#danhgia ${code} ${rating}`;
}

export function parseCommand(text: string): Command {
  const rating = RATING.exec(text.trim());
  if (rating) return { kind: 'rating', code: rating[1]!.toUpperCase(), rating: Number(rating[2]) };
  const folded = foldVietnamese(text);
  const code = CODE.exec(text)?.[1]?.toUpperCase();
  if (/^(menu|danh muc|thu tuc|bat dau|start)$/.test(folded)) return { kind: 'menu' };
  if (/^(help|tro giup|giup|huong dan)$/.test(folded)) return { kind: 'help' };
  if (/^(tra ?cuu|tracuu|kiem tra)\b/.test(folded)) return { kind: 'status', code };
  if (/^(huy|rut)( ho so)?\b/.test(folded)) return { kind: 'withdraw', code };
  const guide = /^huong dan (.+)$/.exec(folded);
  if (guide) return { kind: 'guide', query: guide[1]! };
  return { kind: 'unknown' };
}

/** The procedure a "hướng dẫn <thủ tục>" query names: by code, or by every word of its name. */
export function matchProcedure<P extends { code: string; name: string }>(query: string, procedures: readonly P[]): P | undefined {
  const q = foldVietnamese(query).replace(/_/g, ' ');
  const words = q.split(' ').filter(Boolean);
  return (
    procedures.find((p) => foldVietnamese(p.code).replace(/_/g, ' ') === q) ??
    procedures.find((p) => {
      const name = foldVietnamese(p.name);
      return words.length > 0 && words.every((w) => name.includes(w));
    })
  );
}
