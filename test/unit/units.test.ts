// The unit tree's rules without a database: a new unit's level against its parent, a dissolution's
// date and successor (in force, not itself, no cycle, compatible level, no children left in force),
// and the grants a successor's staff hold at the units dissolved into theirs.
import { describe, expect, it } from 'vitest';
import { effectiveGrants } from '../../domain/access.js';
import { DomainError } from '../../domain/errors.js';
import { checkDissolution, dayBefore, newUnitIssues, resolveCompetentUnit, successorIssues, type UnitNode } from '../../domain/units.js';

const unit = (id: string, level: UnitNode['level'], parentId: string | null, validFrom = '2020-01-01', validTo: string | null = null, successorId: string | null = null): UnitNode => ({
  id,
  name: `Đơn vị ${id}`,
  level,
  parentId,
  validFrom,
  validTo,
  successorId,
});

// A province; a district dissolved on 1/3/2025 with a ward left in force under it until 30/6;
// wards under the province since 1/7/2025; one old ward merged into W1.
const TREE = new Map(
  [
    unit('P', 'province', null),
    unit('D', 'district', 'P', '2020-01-01', '2025-02-28', 'P'),
    unit('OLD', 'ward', 'D', '2020-01-01', '2025-06-30', 'W1'),
    unit('W1', 'ward', 'P', '2025-07-01'),
    unit('W2', 'ward', 'P', '2025-07-01'),
    unit('D2', 'district', 'P', '2024-01-01'),
    unit('W3', 'ward', 'D2', '2024-01-01'),
  ].map((u) => [u.id, u]),
);

const refusal = (fn: () => void): DomainError => {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
};

describe('a new unit', () => {
  const valid = { code: 'NEW1', name: 'Công an phường Mới', level: 'ward', parentId: 'P', validFrom: '2026-01-01' };

  it('may be a ward under the province or a district, or a district under the province', () => {
    expect(newUnitIssues(TREE, valid)).toEqual([]);
    expect(newUnitIssues(TREE, { ...valid, parentId: 'D2' })).toEqual([]);
    expect(newUnitIssues(TREE, { ...valid, level: 'district' })).toEqual([]);
  });

  it('refuses a level its parent cannot hold, at `level`', () => {
    const paths = (input: object) => newUnitIssues(TREE, { ...valid, ...input }).map((i) => `${i.path}:${i.code}`);
    expect(paths({ parentId: 'W1' })).toEqual(['level:level_mismatch']);
    expect(paths({ level: 'district', parentId: 'D2' })).toEqual(['level:level_mismatch']);
    expect(paths({ level: 'province' })).toEqual(['level:level_mismatch']);
    expect(paths({ level: 'constructor' })).toEqual(['level:invalid_value']);
  });

  it('needs its parent in force on its first day, a code fit for dossier codes, a name and a real date', () => {
    expect(newUnitIssues(TREE, { ...valid, parentId: 'D' }).map((i) => i.path)).toEqual(['parentId']);
    // Before the district ended, a ward could still be created under it (as the seed's old wards were).
    expect(newUnitIssues(TREE, { ...valid, parentId: 'D', validFrom: '2024-05-01' })).toEqual([]);
    expect(newUnitIssues(TREE, { ...valid, parentId: 'nowhere' }).map((i) => i.path)).toEqual(['parentId']);
    const issues = newUnitIssues(TREE, { ...valid, code: 'q12-x', name: ' ', validFrom: '2026-02-30' });
    expect(issues.map((i) => i.path)).toEqual(['code', 'name', 'validFrom']);
  });
});

describe('a dissolution', () => {
  it('ends the unit the day before its date', () => {
    expect(dayBefore('2025-07-01')).toBe('2025-06-30');
    expect(dayBefore('2028-03-01')).toBe('2028-02-29');
    expect(() => checkDissolution(TREE, TREE.get('W2')!, { effectiveDate: '2026-01-01', successorId: 'W1' })).not.toThrow();
  });

  it('refuses a successor that is itself, dissolved at the date, of another level or unknown, at `successorId`', () => {
    const w2 = TREE.get('W2')!;
    const at = (successorId: string, date = '2026-01-01') => successorIssues(TREE, w2, successorId, date).map((i) => i.code);
    expect(at('W2')).toEqual(['self']);
    expect(at('OLD')).toEqual(['not_in_force']);
    expect(at('W1', '2025-06-01')).toEqual(['not_in_force']); // not yet in force
    expect(at('P')).toEqual(['level_mismatch']); // a ward's work needs a ward
    expect(at('nowhere')).toEqual(['unknown_unit']);
    // A district may pass to the province.
    expect(successorIssues(TREE, TREE.get('D2')!, 'P', '2026-01-01')).toEqual([]);
  });

  it('refuses a successor whose own successors lead back (a cycle)', () => {
    // W1 is to be dissolved into W2 from 2027; W2 cannot then pass to W1 from 2026.
    const tree = new Map(TREE).set('W1', { ...TREE.get('W1')!, validTo: '2026-12-31', successorId: 'W2' });
    const e = refusal(() => checkDissolution(tree, tree.get('W2')!, { effectiveDate: '2026-06-01', successorId: 'W1' }));
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.issues).toMatchObject([{ path: 'successorId', code: 'cycle' }]);
  });

  it('refuses a unit with an end date already, or with units in force under it (409)', () => {
    expect(refusal(() => checkDissolution(TREE, TREE.get('OLD')!, { effectiveDate: '2026-01-01', successorId: 'W1' }))).toMatchObject({ code: 'INVALID_STATE' });
    const e = refusal(() => checkDissolution(TREE, TREE.get('D2')!, { effectiveDate: '2026-01-01', successorId: 'P' }));
    expect(e.code).toBe('INVALID_STATE');
    expect(e.issues).toMatchObject([{ path: 'effectiveDate', code: 'children_in_force' }]);
    // A child that ends before the date does not stand in the way.
    const tree = new Map(TREE).set('W3', { ...TREE.get('W3')!, validTo: '2025-12-31', successorId: 'W1' });
    expect(() => checkDissolution(tree, tree.get('D2')!, { effectiveDate: '2026-01-01', successorId: 'P' })).not.toThrow();
  });

  it('refuses a date on or before the unit’s first day', () => {
    const e = refusal(() => checkDissolution(TREE, TREE.get('W2')!, { effectiveDate: '2025-07-01', successorId: 'W1' }));
    expect(e.issues).toMatchObject([{ path: 'effectiveDate', code: 'too_early' }]);
  });

  it('routes a dossier sent to the dissolved unit to its successor from the date', () => {
    const tree = new Map(TREE).set('W2', { ...TREE.get('W2')!, validTo: '2026-05-31', successorId: 'W1' });
    expect(resolveCompetentUnit(tree, 'W2', 'ward', '2026-05-31').id).toBe('W2');
    expect(resolveCompetentUnit(tree, 'W2', 'ward', '2026-06-01').id).toBe('W1');
  });

  it('receives nothing at a unit before its first day', () => {
    const e = refusal(() => resolveCompetentUnit(TREE, 'W1', 'ward', '2025-06-30'));
    expect(e).toMatchObject({ code: 'UNIT_NOT_COMPETENT', issues: [{ path: 'unitId' }] });
    expect(resolveCompetentUnit(TREE, 'W1', 'ward', '2025-07-01').id).toBe('W1');
  });
});

describe('effective grants', () => {
  const units = [...TREE.values()];

  it('give the successor’s staff their roles at the units dissolved into it, along the chain', () => {
    expect(effectiveGrants([{ role: 'receiver', unitId: 'W1' }], units, '2026-01-01')).toEqual([
      { role: 'receiver', unitId: 'W1' },
      { role: 'receiver', unitId: 'OLD', via: 'W1' },
    ]);
    // The province took over the district, and nothing else.
    expect(effectiveGrants([{ role: 'admin', unitId: 'P' }], units, '2026-01-01')).toEqual([
      { role: 'admin', unitId: 'P' },
      { role: 'admin', unitId: 'D', via: 'P' },
    ]);
    // Along a chain: OLD → W1 → W2 once W1 is dissolved too.
    const chained = units.map((u) => (u.id === 'W1' ? { ...u, validTo: '2026-05-31', successorId: 'W2' } : u));
    expect(effectiveGrants([{ role: 'chief', unitId: 'W2' }], chained, '2026-06-01')).toEqual([
      { role: 'chief', unitId: 'W2' },
      { role: 'chief', unitId: 'OLD', via: 'W2' },
      { role: 'chief', unitId: 'W1', via: 'W2' },
    ]);
  });

  it('start on the dissolution date, and leave other staff and the unit’s own staff as they are', () => {
    const scheduled = units.map((u) => (u.id === 'W2' ? { ...u, validTo: '2026-05-31', successorId: 'W1' } : u));
    const w1 = [{ role: 'officer' as const, unitId: 'W1' }];
    expect(effectiveGrants(w1, scheduled, '2026-05-31')).toEqual([...w1, { role: 'officer', unitId: 'OLD', via: 'W1' }]);
    expect(effectiveGrants(w1, scheduled, '2026-06-01')).toContainEqual({ role: 'officer', unitId: 'W2', via: 'W1' });
    expect(effectiveGrants([{ role: 'officer', unitId: 'W3' }], scheduled, '2026-06-01')).toEqual([{ role: 'officer', unitId: 'W3' }]);
    expect(effectiveGrants([{ role: 'officer', unitId: 'OLD' }], scheduled, '2026-06-01')).toEqual([{ role: 'officer', unitId: 'OLD' }]);
  });
});
