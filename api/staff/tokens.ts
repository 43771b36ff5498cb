// API tokens for services and scripts: each has an owner (the account it acts as), a scope (which of
// the owner's grants it acts with), an expiry, and is listed and revoked by its owner. Only the
// SHA-256 is stored; the token itself is shown once, when it is made.
import { randomBytes } from 'node:crypto';
import type { RoleGrant, StaffActor } from '../../domain/contracts/dossier.js';
import { DomainError } from '../../domain/errors.js';
import type { Db } from '../../db/database.js';
import { hashToken, ownGrants } from './auth.js';

export const MAX_TOKEN_DAYS = 365;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface ApiToken {
  id: string;
  name: string;
  /** null: every grant of the owner (tokens made before scopes). */
  scope: RoleGrant[] | null;
  createdAt: Date;
  expiresAt: Date | null;
}

/** A new token with some of the caller's own grants (a scoped token cannot make a broader one). */
export async function createToken(db: Db, actor: StaffActor, req: { name: string; scope: RoleGrant[]; expiresInDays: number }, now = new Date()) {
  const held = ownGrants(actor);
  const foreign = req.scope.filter((s) => !held.some((g) => g.role === s.role && g.unitId === s.unitId));
  if (foreign.length) throw new DomainError('FORBIDDEN', `Mã truy cập chỉ được mang vai trò bạn đang giữ (không giữ: ${foreign.map((g) => `${g.role}@${g.unitId}`).join(', ')}).`);
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + req.expiresInDays * DAY_MS);
  const row = await db
    .insertInto('staff_tokens')
    .values({ token_hash: hashToken(token), staff_id: actor.staffId, name: req.name, scope: JSON.stringify(req.scope), created_at: now, expires_at: expiresAt })
    .returning(['id', 'name', 'scope', 'created_at', 'expires_at'])
    .executeTakeFirstOrThrow();
  return { token, ...toApiToken(row) };
}

export async function listTokens(db: Db, actor: StaffActor): Promise<ApiToken[]> {
  const rows = await db
    .selectFrom('staff_tokens')
    .select(['id', 'name', 'scope', 'created_at', 'expires_at'])
    .where('staff_id', '=', actor.staffId)
    .orderBy('created_at')
    .execute();
  return rows.map(toApiToken);
}

/** Revokes one of the caller's tokens; another account's looks absent. */
export async function revokeToken(db: Db, actor: StaffActor, id: string): Promise<void> {
  const res = await db.deleteFrom('staff_tokens').where('id', '=', id).where('staff_id', '=', actor.staffId).executeTakeFirst();
  if (res.numDeletedRows === 0n) throw new DomainError('NOT_FOUND', 'Không tìm thấy mã truy cập.');
}

function toApiToken(r: { id: string; name: string; scope: Array<{ role: string; unitId: string }> | null; created_at: Date; expires_at: Date | null }): ApiToken {
  return { id: r.id, name: r.name, scope: r.scope as RoleGrant[] | null, createdAt: r.created_at, expiresAt: r.expires_at };
}
