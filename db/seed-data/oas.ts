// The District 12 pilot's 15 "Zalo An ninh" pages: 4 district-level and 11 ward-level (brief §1).
// Each page stays attached to the unit it was created for; successor links (units.ts) route its
// dossiers to the unit competent today. The district pages' real names are not public
// (docs/reference/procedures-vn.md §3.4): these names are descriptive. OA ids here are the simulator's.
export interface OaSeed {
  oaId: string;
  name: string;
  unitId: string;
}

const district: Array<[string, string]> = [
  ['1000000000000000001', 'Công an quận 12 – Zalo An ninh (trang chung)'],
  ['1000000000000000002', 'Công an quận 12 – Hành chính, căn cước (tên mô tả)'],
  ['1000000000000000003', 'Công an quận 12 – Phòng cháy chữa cháy (tên mô tả)'],
  ['1000000000000000004', 'Công an quận 12 – Tin báo, tố giác (tên mô tả)'],
];

const wards: Array<[string, string]> = [
  ['ca-q12-tan-thoi-nhat', 'Tân Thới Nhất'],
  ['ca-q12-tan-hung-thuan', 'Tân Hưng Thuận'],
  ['ca-q12-dong-hung-thuan', 'Đông Hưng Thuận'],
  ['ca-q12-trung-my-tay', 'Trung Mỹ Tây'],
  ['ca-q12-tan-chanh-hiep', 'Tân Chánh Hiệp'],
  ['ca-q12-hiep-thanh', 'Hiệp Thành'],
  ['ca-q12-tan-thoi-hiep', 'Tân Thới Hiệp'],
  ['ca-q12-thoi-an', 'Thới An'],
  ['ca-q12-thanh-xuan', 'Thạnh Xuân'],
  ['ca-q12-an-phu-dong', 'An Phú Đông'],
  ['ca-q12-thanh-loc', 'Thạnh Lộc'],
];

export const PILOT_OAS: OaSeed[] = [
  ...district.map(([oaId, name]) => ({ oaId, name, unitId: 'ca-q12' })),
  ...wards.map(([unitId, ward], i) => ({
    oaId: `20000000000000000${String(i + 1).padStart(2, '0')}`,
    name: `Zalo An ninh – Công an phường ${ward}`,
    unitId,
  })),
];

/** The development app every pilot OA authorises in the simulator. */
export const DEV_ZALO_APP = {
  appId: '3000000000000000001',
  appSecret: 'dev-app-secret-simulator-only',
  oaSecretKey: 'dev-oa-secret-key-simulator-only',
};
