// The District 12 pilot as a unit tree (docs/reference/procedures-vn.md §3.3–3.4). District police stopped on
// 1/3/2025 and the 11 wards of the former Quận 12 merged into 5 on 1/7/2025 (NQ 1685/NQ-UBTVQH15);
// successor links route anything addressed to a dissolved unit to the unit competent today.
// Unit codes are our own readable codes: the national identifiers are not confirmed (§8.10).
export interface UnitSeed {
  id: string;
  code: string;
  name: string;
  level: 'province' | 'district' | 'ward';
  parentId: string | null;
  validFrom: string;
  validTo: string | null;
  successorId: string | null;
  note?: string;
}

const PROVINCE = 'ca-tphcm';
const DISTRICT = 'ca-q12';

const newWards: Array<[id: string, code: string, name: string]> = [
  ['ca-p-dong-hung-thuan', 'DHT', 'Công an phường Đông Hưng Thuận'],
  ['ca-p-trung-my-tay', 'TMT', 'Công an phường Trung Mỹ Tây'],
  ['ca-p-tan-thoi-hiep', 'TTH', 'Công an phường Tân Thới Hiệp'],
  ['ca-p-thoi-an', 'TA', 'Công an phường Thới An'],
  ['ca-p-an-phu-dong', 'APD', 'Công an phường An Phú Đông'],
];

// Former ward → the new ward it became part of.
const oldWards: Array<[id: string, code: string, name: string, successor: string]> = [
  ['ca-q12-tan-thoi-nhat', 'Q12TTN', 'Công an phường Tân Thới Nhất (cũ)', 'ca-p-dong-hung-thuan'],
  ['ca-q12-tan-hung-thuan', 'Q12THT', 'Công an phường Tân Hưng Thuận (cũ)', 'ca-p-dong-hung-thuan'],
  ['ca-q12-dong-hung-thuan', 'Q12DHT', 'Công an phường Đông Hưng Thuận (cũ)', 'ca-p-dong-hung-thuan'],
  ['ca-q12-trung-my-tay', 'Q12TMT', 'Công an phường Trung Mỹ Tây (cũ)', 'ca-p-trung-my-tay'],
  ['ca-q12-tan-chanh-hiep', 'Q12TCH', 'Công an phường Tân Chánh Hiệp (cũ)', 'ca-p-trung-my-tay'],
  ['ca-q12-hiep-thanh', 'Q12HT', 'Công an phường Hiệp Thành (cũ)', 'ca-p-tan-thoi-hiep'],
  ['ca-q12-tan-thoi-hiep', 'Q12TTH', 'Công an phường Tân Thới Hiệp (cũ)', 'ca-p-tan-thoi-hiep'],
  ['ca-q12-thoi-an', 'Q12TA', 'Công an phường Thới An (cũ)', 'ca-p-thoi-an'],
  ['ca-q12-thanh-xuan', 'Q12TX', 'Công an phường Thạnh Xuân (cũ)', 'ca-p-thoi-an'],
  ['ca-q12-an-phu-dong', 'Q12APD', 'Công an phường An Phú Đông (cũ)', 'ca-p-an-phu-dong'],
  ['ca-q12-thanh-loc', 'Q12TL', 'Công an phường Thạnh Lộc (cũ)', 'ca-p-an-phu-dong'],
];

export const UNITS: UnitSeed[] = [
  { id: PROVINCE, code: 'CATP', name: 'Công an Thành phố Hồ Chí Minh', level: 'province', parentId: null, validFrom: '2020-01-01', validTo: null, successorId: null },
  {
    id: DISTRICT,
    code: 'Q12',
    name: 'Công an quận 12',
    level: 'district',
    parentId: PROVINCE,
    validFrom: '2020-01-01',
    validTo: '2025-02-28',
    successorId: PROVINCE,
    note: 'Công an cấp huyện dừng hoạt động từ 1/3/2025; nhiệm vụ chuyển về Công an cấp xã và các phòng nghiệp vụ của Công an Thành phố.',
  },
  ...oldWards.map(([id, code, name, successor]) => ({
    id,
    code,
    name,
    level: 'ward' as const,
    parentId: DISTRICT,
    validFrom: '2020-01-01',
    validTo: '2025-06-30',
    successorId: successor,
    note: 'Sáp nhập từ 1/7/2025 theo Nghị quyết 1685/NQ-UBTVQH15.',
  })),
  ...newWards.map(([id, code, name]) => ({
    id,
    code,
    name,
    level: 'ward' as const,
    parentId: PROVINCE,
    validFrom: '2025-07-01',
    validTo: null,
    successorId: null,
  })),
];
