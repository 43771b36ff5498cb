// Staff accounts managed by admins within their units (the scope rules are in domain/access.ts):
// list, create, disable, grants and passwords. Used by the admin routes, the console page and the seed.
import { canManageStaffAccount, canSeeStaffAccount, unitAncestry } from '../../domain/access.js';
import type { RoleGrant, StaffActor } from '../../domain/contracts/dossier.js';
import { DomainError, type FieldIssue } from '../../domain/errors.js';
import { STAFF_ROLES, type StaffRole } from '../../domain/roles.js';
import type { Db } from '../../db/database.js';
import { hashPassword, normalizeUsername, passwordIssues } from './passwords.js';
import { logoutEverywhere } from './sessions.js';

const USERNAME_RE = /^[a-z0-9][a-z0-9._-]{2,63}$/;

// ---- Accounts (admins) ----

/** Who manages accounts: an admin (scoped to their units by domain/access.ts), or the system (seed, scripts). */
export type StaffManager = StaffActor | 'system';

export interface StaffAccount {
  id: string;
  username: string;
  fullName: string;
  active: boolean;
  hasPassword: boolean;
  lockedUntil: Date | null;
  disabledAt: Date | null;
  createdAt: Date;
  grants: RoleGrant[];
}

export interface NewStaff {
  username: string;
  fullName: string;
  password: string;
  grants: RoleGrant[];
}

async function unitParents(db: Db): Promise<Map<string, { parentId: string | null; current: boolean }>> {
  const today = new Date().toISOString().slice(0, 10);
  const rows = await db.selectFrom('units').select(['id', 'parent_id', 'valid_to']).execute();
  return new Map(rows.map((u) => [u.id, { parentId: u.parent_id, current: u.valid_to === null || u.valid_to >= today }]));
}

function ancestries(grants: readonly RoleGrant[], units: Awaited<ReturnType<typeof unitParents>>): string[][] {
  const parentOf = new Map([...units].map(([id, u]) => [id, u.parentId]));
  return grants.map((g) => unitAncestry(g.unitId, parentOf));
}

function grantIssues(grants: readonly RoleGrant[], units: Awaited<ReturnType<typeof unitParents>>): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (grants.length === 0) issues.push({ path: 'grants', code: 'too_small', message: 'Cần ít nhất một vai trò tại một đơn vị.' });
  grants.forEach((g, i) => {
    if (!(STAFF_ROLES as readonly string[]).includes(g.role)) issues.push({ path: `grants.${i}.role`, code: 'invalid_value', message: `Không có vai trò ${g.role}.` });
    const unit = units.get(g.unitId);
    if (!unit) issues.push({ path: `grants.${i}.unitId`, code: 'unknown_unit', message: `Không có đơn vị ${g.unitId}.` });
    else if (!unit.current) issues.push({ path: `grants.${i}.unitId`, code: 'dissolved_unit', message: `Đơn vị ${g.unitId} đã giải thể.` });
  });
  return issues;
}

const dedupe = (grants: readonly RoleGrant[]) => [...new Map(grants.map((g) => [`${g.role}@${g.unitId}`, g])).values()];

function assertManages(by: StaffManager, accountAncestries: string[][]): void {
  if (by !== 'system' && !canManageStaffAccount(by.grants, accountAncestries)) {
    throw new DomainError('FORBIDDEN', 'Chỉ quản trị viên của đơn vị (hoặc đơn vị cấp trên) được quản lý tài khoản này.');
  }
}

async function accounts(db: Db, ids?: string[]): Promise<StaffAccount[]> {
  if (ids && ids.length === 0) return [];
  let q = db
    .selectFrom('staff')
    .leftJoin('login_locks', 'login_locks.username', 'staff.username')
    .select(['staff.id', 'staff.username', 'staff.full_name', 'staff.active', 'staff.password_hash', 'login_locks.locked_until', 'staff.disabled_at', 'staff.created_at'])
    .orderBy('staff.username');
  if (ids) q = q.where('staff.id', 'in', ids);
  const rows = await q.execute();
  const roles = rows.length
    ? await db.selectFrom('staff_roles').select(['staff_id', 'role', 'unit_id']).where('staff_id', 'in', rows.map((r) => r.id)).orderBy('unit_id').orderBy('role').execute()
    : [];
  return rows.map((r) => ({
    id: r.id,
    username: r.username,
    fullName: r.full_name,
    active: r.active,
    hasPassword: r.password_hash !== null,
    lockedUntil: r.locked_until,
    disabledAt: r.disabled_at,
    createdAt: r.created_at,
    grants: roles.filter((g) => g.staff_id === r.id).map((g) => ({ role: g.role, unitId: g.unit_id })),
  }));
}

/** An account the manager may see, else NOT_FOUND (other units' accounts are not revealed). */
async function visibleAccount(db: Db, staffId: string, by: StaffManager, units: Awaited<ReturnType<typeof unitParents>>): Promise<StaffAccount> {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(staffId);
  const [account] = uuid ? await accounts(db, [staffId]) : [];
  if (!account || (by !== 'system' && !canSeeStaffAccount(by.grants, ancestries(account.grants, units)))) {
    throw new DomainError('NOT_FOUND', 'Không tìm thấy tài khoản cán bộ.');
  }
  return account;
}

/** The accounts a manager sees: those holding a grant in an admin's units (all for the system). */
export async function listStaff(db: Db, scope: StaffManager): Promise<StaffAccount[]> {
  const all = await accounts(db);
  if (scope === 'system') return all;
  const units = await unitParents(db);
  return all.filter((a) => canSeeStaffAccount(scope.grants, ancestries(a.grants, units)));
}

export async function getStaff(db: Db, staffId: string, by: StaffManager): Promise<StaffAccount> {
  return visibleAccount(db, staffId, by, await unitParents(db));
}

/**
 * A new account with a password and its grants. 422 with field paths (username, fullName, password,
 * grants.N.unitId), 403 when a grant lies outside the admin's units, 409 USERNAME_TAKEN.
 */
export async function createStaff(db: Db, input: NewStaff, by: StaffManager): Promise<StaffAccount> {
  const username = normalizeUsername(input.username);
  const fullName = input.fullName.trim();
  const grants = dedupe(input.grants);
  const units = await unitParents(db);
  const issues: FieldIssue[] = [];
  if (!USERNAME_RE.test(username)) {
    issues.push({ path: 'username', code: 'invalid_format', message: 'Tên đăng nhập gồm 3–64 ký tự: chữ thường không dấu, số, dấu chấm, gạch ngang, gạch dưới.' });
  }
  if (fullName.length === 0 || fullName.length > 200) issues.push({ path: 'fullName', code: 'invalid_length', message: 'Họ tên gồm 1–200 ký tự.' });
  issues.push(...passwordIssues(input.password, username), ...grantIssues(grants, units));
  if (issues.length) throw new DomainError('VALIDATION_FAILED', 'Dữ liệu tài khoản chưa hợp lệ.', issues);
  assertManages(by, ancestries(grants, units));

  const passwordHash = await hashPassword(input.password);
  const id = await db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('staff')
      .values({ username, full_name: fullName, password_hash: passwordHash })
      .onConflict((oc) => oc.column('username').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) throw new DomainError('USERNAME_TAKEN', `Tên đăng nhập ${username} đã có người dùng.`, [{ path: 'username', code: 'taken', message: 'Tên đăng nhập đã có người dùng.' }]);
    await tx.insertInto('staff_roles').values(grants.map((g) => ({ staff_id: row.id, role: g.role, unit_id: g.unitId }))).execute();
    return row.id;
  });
  const [account] = await accounts(db, [id]);
  return account!;
}

/** Disables the account and drops its sessions and API tokens at once. Idempotent; never one's own account. */
export async function disableStaff(db: Db, staffId: string, by: StaffManager, now = new Date()): Promise<StaffAccount> {
  const units = await unitParents(db);
  const account = await visibleAccount(db, staffId, by, units);
  assertManages(by, ancestries(account.grants, units));
  if (by !== 'system' && by.staffId === account.id) throw new DomainError('INVALID_STATE', 'Không thể tự khoá tài khoản của chính mình.');
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('staff').set({ active: false, disabled_at: now }).where('id', '=', staffId).where('active', '=', true).execute();
    await tx.deleteFrom('staff_sessions').where('staff_id', '=', staffId).execute();
    await tx.deleteFrom('staff_tokens').where('staff_id', '=', staffId).execute();
  });
  const [after] = await accounts(db, [staffId]);
  return after!;
}

/** Replaces the account's grants: the old and the new ones must all lie in the admin's units; not one's own. */
export async function setGrants(db: Db, staffId: string, grantsIn: RoleGrant[], by: StaffManager): Promise<StaffAccount> {
  const grants = dedupe(grantsIn);
  const units = await unitParents(db);
  const account = await visibleAccount(db, staffId, by, units);
  const issues = grantIssues(grants, units);
  if (issues.length) throw new DomainError('VALIDATION_FAILED', 'Vai trò chưa hợp lệ.', issues);
  assertManages(by, ancestries([...account.grants, ...grants], units));
  if (by !== 'system' && by.staffId === account.id) throw new DomainError('FORBIDDEN', 'Không thể tự thay đổi vai trò của chính mình.');
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('staff_roles').where('staff_id', '=', staffId).execute();
    await tx.insertInto('staff_roles').values(grants.map((g) => ({ staff_id: staffId, role: g.role as StaffRole, unit_id: g.unitId }))).execute();
  });
  const [after] = await accounts(db, [staffId]);
  return after!;
}

/**
 * Sets a new password (policy checked) and clears any lock: one's own, or as the account's manager.
 * A reset by someone else also ends the account's sessions. (Routes asking a user to change their own
 * password must check the current one first.)
 */
export async function setPassword(db: Db, staffId: string, password: string, by: StaffManager): Promise<void> {
  const self = by !== 'system' && by.staffId === staffId;
  let account: StaffAccount | undefined;
  if (self) {
    [account] = await accounts(db, [staffId]);
  } else {
    const units = await unitParents(db);
    account = await visibleAccount(db, staffId, by, units);
    assertManages(by, ancestries(account.grants, units));
  }
  if (!account) throw new DomainError('NOT_FOUND', 'Không tìm thấy tài khoản cán bộ.');
  const issues = passwordIssues(password, account.username);
  if (issues.length) throw new DomainError('VALIDATION_FAILED', 'Mật khẩu chưa đạt yêu cầu.', issues);
  const passwordHash = await hashPassword(password);
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('staff').set({ password_hash: passwordHash }).where('id', '=', staffId).execute();
    await tx.deleteFrom('login_locks').where('username', '=', account.username).execute();
  });
  if (!self) await logoutEverywhere(db, staffId);
}
