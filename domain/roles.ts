// Staff roles. A staff member holds roles per unit; definitions name the role each task needs.
// `investigator` is the designated role that may read a crime reporter's sealed identity;
// `integration` is a service account of another system (e.g. card production) reporting events.
export const STAFF_ROLES = ['receiver', 'officer', 'chief', 'investigator', 'admin', 'integration'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const ROLE_LABELS: Record<StaffRole, string> = {
  receiver: 'Cán bộ tiếp nhận',
  officer: 'Cán bộ xử lý',
  chief: 'Lãnh đạo đơn vị',
  investigator: 'Điều tra viên được chỉ định',
  admin: 'Quản trị',
  integration: 'Hệ thống liên thông',
};
