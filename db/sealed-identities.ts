// A crime reporter's identity (sealed form fields and the applicant's contact): encrypted, bound to
// its dossier row, written once at submission and read by the investigator's unseal and by delivery.
import { JsonObjectColumn } from '../domain/contracts/columns.js';
import { sealedAt, type SecretBox } from './crypto.js';
import type { Db } from './database.js';

const at = (dossierId: string) => sealedAt('sealed_identities.identity_enc', dossierId);

/** `db` may be the submission's transaction. */
export async function sealIdentity(db: Db, box: SecretBox, dossierId: string, identity: Record<string, unknown>): Promise<void> {
  await db.insertInto('sealed_identities').values({ dossier_id: dossierId, identity_enc: box.encrypt(JSON.stringify(identity), at(dossierId)) }).execute();
}

/** The sealed identity of a dossier; undefined for an anonymous tip. */
export async function openSealedIdentity(db: Db, box: SecretBox, dossierId: string): Promise<Record<string, unknown> | undefined> {
  const row = await db.selectFrom('sealed_identities').select('identity_enc').where('dossier_id', '=', dossierId).executeTakeFirst();
  return row ? JsonObjectColumn.parse(JSON.parse(box.decrypt(row.identity_enc, at(dossierId)))) : undefined;
}
