// The unit tree's rules. Which unit receives a dossier: follow successor links away from dissolved
// units, then apply the procedure's authority level (ward police, or the provincial police above).
// What admins may change: a new unit's level against its parent's, and a dissolution's successor.
// A unit is in force from `validFrom` to the end of `validTo`; dissolved from the day after.
import type { Authority } from './dsl/schema.js';
import { DomainError, type FieldIssue } from './errors.js';

export type UnitLevel = 'province' | 'district' | 'ward';

export interface UnitNode {
  id: string;
  name: string;
  level: UnitLevel;
  parentId: string | null;
  validFrom: string;
  validTo: string | null;
  successorId: string | null;
}

export function resolveCompetentUnit(
  units: ReadonlyMap<string, UnitNode>,
  startId: string,
  authority: Authority,
  today: string,
): UnitNode {
  const start = units.get(startId);
  if (!start) throw new DomainError('VALIDATION_FAILED', 'Không tìm thấy đơn vị.', [{ path: 'unitId', message: 'Đơn vị không tồn tại' }]);
  // Admins may create a unit ahead of its first day; until then it receives nothing.
  if (start.validFrom > today) {
    throw new DomainError('UNIT_NOT_COMPETENT', `${start.name} bắt đầu hoạt động từ ngày ${dmy(start.validFrom)}.`, [{ path: 'unitId', message: 'Đơn vị chưa hoạt động' }]);
  }
  let unit: UnitNode = start;
  for (let hops = 0; unit.validTo !== null && unit.validTo < today; hops++) {
    const next: UnitNode | undefined = unit.successorId ? units.get(unit.successorId) : undefined;
    if (!next || hops > 10) {
      throw new DomainError('UNIT_NOT_COMPETENT', `${unit.name} đã giải thể và không có đơn vị kế thừa.`, [
        { path: 'unitId', message: 'Đơn vị đã giải thể' },
      ]);
    }
    unit = next;
  }
  if (authority === 'province') {
    while (unit.level !== 'province' && unit.parentId) unit = units.get(unit.parentId) ?? unit;
    return unit;
  }
  if (authority === 'ward' && unit.level !== 'ward') {
    throw new DomainError('UNIT_NOT_COMPETENT', 'Thủ tục này do Công an phường nơi cư trú giải quyết; vui lòng chọn phường.', [
      { path: 'unitId', message: 'Cần chọn Công an phường' },
    ]);
  }
  return unit;
}

// ---- Changing the tree ----

const LEVEL_NAMES: Record<UnitLevel, string> = { province: 'Công an cấp tỉnh', district: 'Công an cấp huyện', ward: 'Công an cấp xã' };

/** Wards sit under a district or, since the 2025 reform, directly under the province; districts under the province. */
const PARENT_LEVELS: Record<UnitLevel, readonly UnitLevel[]> = { province: [], district: ['province'], ward: ['district', 'province'] };

/**
 * Who may take over a unit's work: a ward's only a ward (ward-level procedures need a ward to
 * receive them), a district's a district or the province (as Q12's went to the city in 2025).
 */
const SUCCESSOR_LEVELS: Record<UnitLevel, readonly UnitLevel[]> = { province: ['province'], district: ['district', 'province'], ward: ['ward'] };

/** Our own readable codes; they start every dossier code of the unit (`<UNIT>-<YYMMDD>-<NNNN>`). */
const UNIT_CODE_RE = /^[A-Z][A-Z0-9]{1,11}$/;

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const isDate = (s: string) => DATE_RE.test(s) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
const dmy = (date: string) => `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;

const inForceOn = (u: Pick<UnitNode, 'validFrom' | 'validTo'>, date: string): boolean => u.validFrom <= date && (u.validTo === null || u.validTo >= date);

/** 'YYYY-MM-DD' of the day before. */
export function dayBefore(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

export interface NewUnit {
  code: string;
  name: string;
  level: string;
  parentId: string;
  validFrom: string;
  note?: string | null;
}

/** A unit's name and note as admins edit them. */
export function unitTextIssues(input: { name?: string; note?: string | null }): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (input.name !== undefined && (input.name.trim().length === 0 || input.name.trim().length > 200)) {
    issues.push({ path: 'name', code: 'invalid_length', message: 'Tên đơn vị gồm 1–200 ký tự.' });
  }
  if (input.note && input.note.trim().length > 1000) issues.push({ path: 'note', code: 'too_big', message: 'Ghi chú tối đa 1000 ký tự.' });
  return issues;
}

/** Everything wrong with a new unit as the tree stands (the code's uniqueness is the database's). */
export function newUnitIssues(units: ReadonlyMap<string, UnitNode>, input: NewUnit): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!UNIT_CODE_RE.test(input.code)) {
    issues.push({ path: 'code', code: 'invalid_format', message: 'Mã đơn vị gồm 2–12 ký tự: chữ in hoa không dấu và số, bắt đầu bằng chữ.' });
  }
  issues.push(...unitTextIssues(input));
  const validFrom = isDate(input.validFrom);
  if (!validFrom) issues.push({ path: 'validFrom', code: 'invalid_date', message: 'Hãy nhập ngày dạng YYYY-MM-DD.' });
  const level = input.level as UnitLevel;
  if (!Object.hasOwn(PARENT_LEVELS, level)) {
    issues.push({ path: 'level', code: 'invalid_value', message: 'Hãy chọn cấp tỉnh, cấp huyện hoặc cấp xã.' });
    return issues;
  }
  const parent = units.get(input.parentId);
  if (!parent) {
    issues.push({ path: 'parentId', code: 'unknown_unit', message: 'Không có đơn vị cấp trên này.' });
    return issues;
  }
  if (!PARENT_LEVELS[level].includes(parent.level)) {
    const allowed = PARENT_LEVELS[level].map((l) => LEVEL_NAMES[l].toLowerCase()).join(' hoặc ');
    issues.push({
      path: 'level',
      code: 'level_mismatch',
      message: allowed
        ? `${LEVEL_NAMES[level]} phải trực thuộc ${allowed}, không thể trực thuộc ${parent.name}.`
        : `${LEVEL_NAMES[level]} không trực thuộc đơn vị nào; không thể tạo thêm.`,
    });
  }
  if (validFrom && !inForceOn(parent, input.validFrom)) {
    issues.push({ path: 'parentId', code: 'parent_not_in_force', message: `${parent.name} không hoạt động vào ngày ${dmy(input.validFrom)}.` });
  }
  return issues;
}

/** Why `successorId` cannot take over `unit`'s work from `effectiveDate` ([] when it can). */
export function successorIssues(units: ReadonlyMap<string, UnitNode>, unit: UnitNode, successorId: string, effectiveDate: string): FieldIssue[] {
  const issue = (code: string, message: string): FieldIssue[] => [{ path: 'successorId', code, message }];
  const successor = units.get(successorId);
  if (!successor) return issue('unknown_unit', 'Không có đơn vị kế thừa này.');
  if (successor.id === unit.id) return issue('self', 'Đơn vị không thể kế thừa chính nó.');
  if (!SUCCESSOR_LEVELS[unit.level].includes(successor.level)) {
    const allowed = SUCCESSOR_LEVELS[unit.level].map((l) => LEVEL_NAMES[l].toLowerCase()).join(' hoặc ');
    return issue('level_mismatch', `Đơn vị kế thừa của ${LEVEL_NAMES[unit.level].toLowerCase()} phải là ${allowed}.`);
  }
  if (!inForceOn(successor, effectiveDate)) return issue('not_in_force', `${successor.name} không hoạt động vào ngày ${dmy(effectiveDate)}.`);
  // Successor links must end at a unit in force, or dossiers would go round in circles.
  const chain = [unit.id];
  for (let s: UnitNode | undefined = successor; s; s = s.successorId ? units.get(s.successorId) : undefined) {
    if (chain.includes(s.id)) return issue('cycle', `${successor.name} (hoặc đơn vị kế thừa của nó) lại kế thừa ${unit.name}: vòng kế thừa.`);
    chain.push(s.id);
  }
  return [];
}

/**
 * A dissolution as the tree stands: INVALID_STATE (409) when the unit already has an end date or
 * units under it would still be in force (dissolve those first: a unit keeps its parent for life, as
 * the 2025 reform created new wards under the province rather than moving the old ones);
 * VALIDATION_FAILED (422) for the date and the successor.
 */
export function checkDissolution(units: ReadonlyMap<string, UnitNode>, unit: UnitNode, input: { effectiveDate: string; successorId: string }): void {
  if (unit.validTo !== null) {
    throw new DomainError('INVALID_STATE', `${unit.name} đã có ngày giải thể (hết hiệu lực sau ${dmy(unit.validTo)}).`, [
      { path: 'effectiveDate', code: 'already_dissolved', message: 'Đơn vị đã có ngày giải thể' },
    ]);
  }
  if (!isDate(input.effectiveDate)) {
    throw new DomainError('VALIDATION_FAILED', 'Ngày giải thể chưa hợp lệ.', [{ path: 'effectiveDate', code: 'invalid_date', message: 'Hãy nhập ngày dạng YYYY-MM-DD.' }]);
  }
  const children = [...units.values()].filter((u) => u.parentId === unit.id && (u.validTo === null || u.validTo >= input.effectiveDate));
  if (children.length > 0) {
    throw new DomainError('INVALID_STATE', `Còn ${children.length} đơn vị trực thuộc hoạt động từ ngày ${dmy(input.effectiveDate)}; hãy giải thể các đơn vị đó trước.`, [
      { path: 'effectiveDate', code: 'children_in_force', message: `Đơn vị trực thuộc còn hoạt động: ${children.map((c) => c.name).join(', ')}` },
    ]);
  }
  const issues: FieldIssue[] = [];
  if (input.effectiveDate <= unit.validFrom) {
    issues.push({ path: 'effectiveDate', code: 'too_early', message: `Ngày giải thể phải sau ngày đơn vị bắt đầu hoạt động (${dmy(unit.validFrom)}).` });
  }
  issues.push(...successorIssues(units, unit, input.successorId, input.effectiveDate));
  if (issues.length > 0) throw new DomainError('VALIDATION_FAILED', 'Chưa giải thể được đơn vị.', issues);
}
