// Staff roles. A staff member holds roles per unit; definitions name the role each task needs.
export const STAFF_ROLES = ['receiver', 'officer', 'chief', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const ROLE_LABELS: Record<StaffRole, string> = {
  receiver: 'Cán bộ tiếp nhận',
  officer: 'Cán bộ xử lý',
  chief: 'Lãnh đạo đơn vị',
  admin: 'Quản trị',
};
