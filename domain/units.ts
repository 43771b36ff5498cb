// Which unit receives a dossier: follow successor links away from dissolved units, then apply the
// procedure's authority level (ward police, or the provincial police above).
import type { Authority } from './dsl/schema.js';
import { DomainError } from './errors.js';

export interface UnitNode {
  id: string;
  name: string;
  level: 'province' | 'district' | 'ward';
  parentId: string | null;
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
