// Who may read a dossier: a resident with its token, staff within their scope, and a designated
// investigator for a crime reporter's sealed identity.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { StaffActor } from '../../domain/contracts/dossier.js';
import { canSeeDossier, canSeeUnit, canUnseal } from '../../domain/access.js';
import { DomainError } from '../../domain/errors.js';
import type { SecretBox } from '../../db/crypto.js';
import { openSealedIdentity } from '../../db/sealed-identities.js';
import type { Db } from '../../db/database.js';
import type { DossierRow } from '../../db/schema.js';


/** A resident proves ownership of a dossier with the token returned at submission (HMAC, no storage). */
export function residentToken(secret: string, dossierId: string): string {
  return createHmac('sha256', secret).update(`dossier:${dossierId}`).digest('base64url');
}

export async function findDossierForResident(db: Db, secret: string, code: string, token: string | undefined): Promise<DossierRow> {
  const row = await db.selectFrom('dossiers').selectAll().where('code', '=', code).executeTakeFirst();
  const expected = row ? Buffer.from(residentToken(secret, row.id)) : undefined;
  const given = Buffer.from(token ?? '');
  if (!row || !expected || expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw new DomainError('NOT_FOUND', 'Không tìm thấy hồ sơ hoặc mã truy cập không đúng.');
  }
  return row;
}

// ---- staff ----

/** Staff see only their units' dossiers; others look absent (no existence leak). Every read is logged. */
export async function findDossierForStaff(db: Db, actor: StaffActor, code: string, purpose: string): Promise<DossierRow> {
  const row = await db.selectFrom('dossiers').selectAll().where('code', '=', code).executeTakeFirst();
  if (!row || !canSeeDossier(actor.grants, { unitId: row.unit_id, confidential: row.confidential })) {
    throw new DomainError('NOT_FOUND', 'Không tìm thấy hồ sơ.');
  }
  await db.insertInto('dossier_access_log').values({ dossier_id: row.id, staff_id: actor.staffId, purpose }).execute();
  return row;
}

/**
 * A crime reporter's identity, for a designated investigator of the unit only. Every attempt is
 * logged, granted or not; a refusal looks like any other (no hint whether a reporter exists).
 */
export async function readSealedIdentity(db: Db, box: SecretBox, actor: StaffActor, code: string): Promise<Record<string, unknown>> {
  const row = await db.selectFrom('dossiers').select(['id', 'unit_id', 'confidential']).where('code', '=', code).executeTakeFirst();
  if (!row || !row.confidential) throw new DomainError('NOT_FOUND', 'Không tìm thấy hồ sơ.');
  const granted = canUnseal(actor.grants, row.unit_id);
  await db.insertInto('sealed_identity_access_log').values({ dossier_id: row.id, staff_id: actor.staffId, granted }).execute();
  // Outside the caller's units a tip looks absent (404), as every other dossier does.
  if (!canSeeUnit(actor.grants, row.unit_id)) throw new DomainError('NOT_FOUND', 'Không tìm thấy hồ sơ.');
  if (!granted) throw new DomainError('FORBIDDEN', 'Chỉ điều tra viên được chỉ định của đơn vị được xem danh tính người báo tin.');
  return (await openSealedIdentity(db, box, row.id)) ?? { anonymous: true };
}
