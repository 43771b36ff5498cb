// The inbox search text is written by the app (domain/text-search.ts) for new dossiers and was
// backfilled in SQL by the migration for older ones: both must fold alike, or an old dossier would
// not be found the way a new one is. Checked against the real PostgreSQL of the test run.
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { applicantSearchText } from '../../domain/text-search.js';
import { applicantSearchTextSql } from '../../migrations/2026_11_28_000006_inbox_search.js';
import { testDb } from '../support/fixtures.js';

const db = testDb();
afterAll(() => db.destroy());

const VIETNAMESE = 'aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ';

/** What the migration's SQL makes of each applicant, in one round trip. */
async function inSql(applicants: Array<Record<string, unknown>>): Promise<Array<string | null>> {
  const rows = await sql<{ i: number; text: string | null }>`
    select i, ${applicantSearchTextSql(sql.ref('a'))} as text
    from jsonb_array_elements(${JSON.stringify(applicants)}::jsonb) with ordinality as t(a, i) order by i`.execute(db);
  return rows.rows.map((r) => r.text);
}

describe('the search text in SQL (migration backfill) and in TypeScript (submission)', () => {
  it('agree on every letter, upper and lower case, precomposed and combining, with phones in every form', async () => {
    const letters = [...VIETNAMESE, ...VIETNAMESE.toUpperCase()];
    const applicants = [
      ...letters.map((l) => ({ name: l })),
      ...letters.map((l) => ({ name: l.normalize('NFD') })),
      { name: '  Nguyễn   Thị\tHồng\n', phone: '+84 901 234 567' },
      { name: 'Nguye\u0302\u0303n Thi\u0323 Ho\u0302\u0300ng', phone: '0901.234.567' },
      { name: 'ĐẶNG VĂN ĐỨC', phone: '84901234567' },
      { name: 'Lê Hòa / Lê Hoà', phone: '(028) 3891 2345' },
      { name: 'Trần Thị Ánh 2', phone: '8490' },
      { phone: '0901234567' },
      { name: '   ' },
      { name: 'Phạm Văn Bình' },
      {},
    ];
    expect(await inSql(applicants)).toEqual(applicants.map(applicantSearchText));
  });

  it('agree on random names and phones made of Vietnamese letters, digits, spaces and punctuation', async () => {
    const alphabet = [...VIETNAMESE, ...VIETNAMESE.toUpperCase(), ' ', '  ', '\t', '-', '.', "'", '0', '5', '9'];
    const name = fc.string({ unit: fc.constantFrom(...alphabet), maxLength: 40 }).chain((s) => fc.constantFrom(s, s.normalize('NFD')));
    const phone = fc.string({ unit: fc.constantFrom(...'0123456789 +.-()'), maxLength: 16 });
    const applicants = fc.sample(fc.record({ name, phone }, { requiredKeys: [] }), { numRuns: 500, seed: 20261128 });
    expect(await inSql(applicants)).toEqual(applicants.map(applicantSearchText));
  });
});
