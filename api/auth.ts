// Staff authentication by bearer token (the console issue replaces this with password login and
// sessions). Scope rules themselves live in domain/access.ts.
import { createHash } from 'node:crypto';
import { createMiddleware } from 'hono/factory';
import type { RoleGrant, StaffActor } from '../domain/contracts/dossier.js';
import { isAdmin } from '../domain/access.js';
import { DomainError } from '../domain/errors.js';
import type { Db } from '../db/database.js';

export type StaffEnv = { Variables: { actor: StaffActor } };

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function actorForToken(db: Db, token: string, now = new Date()): Promise<StaffActor | undefined> {
  const staff = await db
    .selectFrom('staff_tokens')
    .innerJoin('staff', 'staff.id', 'staff_tokens.staff_id')
    .select(['staff.id', 'staff.full_name', 'staff_tokens.expires_at'])
    .where('staff_tokens.token_hash', '=', hashToken(token))
    .where('staff.active', '=', true)
    .executeTakeFirst();
  if (!staff || (staff.expires_at && staff.expires_at < now)) return undefined;
  const grants = await db.selectFrom('staff_roles').select(['role', 'unit_id']).where('staff_id', '=', staff.id).execute();
  return {
    kind: 'staff',
    staffId: staff.id,
    name: staff.full_name,
    grants: grants.map((g): RoleGrant => ({ role: g.role, unitId: g.unit_id })),
  };
}

export function requireStaff(db: Db) {
  return createMiddleware<StaffEnv>(async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const token = /^Bearer (\S+)$/.exec(header)?.[1];
    const actor = token ? await actorForToken(db, token) : undefined;
    if (!actor) throw new DomainError('UNAUTHENTICATED', 'Cần đăng nhập bằng tài khoản cán bộ.');
    c.set('actor', actor);
    await next();
  });
}

export const requireAdmin = createMiddleware<StaffEnv>(async (c, next) => {
  if (!isAdmin(c.get('actor').grants)) throw new DomainError('FORBIDDEN', 'Chức năng này dành cho quản trị viên.');
  await next();
});
