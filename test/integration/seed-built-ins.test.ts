// Corrections to seeded holiday rows reach a database seeded before, unless an admin changed the row.
// A changed built-in definition reaches a database seeded before: as a new version, published when
// the live version is the previous built-in, left a draft when an admin published their own since;
// an unchanged built-in adds nothing. Copies of TAM_TRU under their own codes leave the catalogue alone.
import { randomInt } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createDraft, listVersions, publish } from '../../api/procedures/service.js';
import { seedBuiltIn, seedReferenceData } from '../../db/seed.js';
import { TAM_TRU } from '../../domain/procedures/tam-tru.js';
import { testDb } from '../support/fixtures.js';

const db = testDb();
afterAll(() => db.destroy());

const builtIn = (code: string, days: number) => ({ ...TAM_TRU, code, deadline: { ...TAM_TRU.deadline, workingDays: days } });
const statuses = async (code: string) => (await listVersions(db, code)).map((v) => [v.version, v.status]);

describe('seeding built-in definitions', () => {
  it('publishes a changed built-in as the next version, and adds nothing when unchanged', async () => {
    const code = `SEED_${randomInt(10 ** 8, 10 ** 9)}`;
    await seedBuiltIn(db, builtIn(code, 3));
    await seedBuiltIn(db, builtIn(code, 3));
    expect(await statuses(code)).toEqual([[1, 'published']]);
    await seedBuiltIn(db, builtIn(code, 4));
    expect(await statuses(code)).toEqual([[2, 'published'], [1, 'retired']]);
  });

  it("leaves the new built-in a draft when an admin's own version is live", async () => {
    const code = `SEED_${randomInt(10 ** 8, 10 ** 9)}`;
    await seedBuiltIn(db, builtIn(code, 3));
    const admin = await db.insertInto('staff').values({ username: `seed-${code}`, full_name: 'Quản trị' }).returning('id').executeTakeFirstOrThrow();
    const own = await createDraft(db, builtIn(code, 5), admin.id);
    await publish(db, code, own.version);
    await seedBuiltIn(db, builtIn(code, 4));
    expect(await statuses(code)).toEqual([[3, 'draft'], [2, 'published'], [1, 'retired']]);
  });
});

describe('seeding holiday corrections', () => {
  it('relabels the January 2026 swap as confirmed, and leaves a row an admin edited', async () => {
    const before = 'Công văn 12729/VPCP-KGVX ngày 25/12/2025';
    await db.updateTable('holidays').set({ status: 'proposed', source: before }).where('date', '=', '2026-01-02').execute();
    await db.updateTable('holidays').set({ status: 'proposed', source: 'Sửa bởi quản trị viên' }).where('date', '=', '2026-01-10').execute();
    await seedReferenceData(db);
    const rows = await db.selectFrom('holidays').select(['date', 'status', 'source']).where('date', 'in', ['2026-01-02', '2026-01-10', '2026-08-22']).orderBy('date').execute();
    expect(rows.map((r) => [r.date, r.status])).toEqual([['2026-01-02', 'confirmed'], ['2026-01-10', 'proposed'], ['2026-08-22', 'proposed']]);
    expect(rows[0]!.source).toContain('12729/VPCP-KGVX');
    await db.updateTable('holidays').set({ status: 'confirmed', source: rows[0]!.source }).where('date', '=', '2026-01-10').execute();
  });
});
