// OA consents in progress (docs/reference/zalo-oa.md §1.2): the PKCE verifier and, for a new OA, its secrets, kept
// between the console's redirect to Zalo and Zalo's redirect back. A consent is found only by the
// SHA-256 of its `state` together with the session that started it, lives 10 minutes (as long as
// Zalo's code) and is taken at most once; what it holds is encrypted with the secret box.
import { createHash } from 'node:crypto';
import { sealedAt, type SecretBox } from './crypto.js';
import type { Db } from './database.js';

/** As long as the authorization code it waits for (§1.2). */
const CONSENT_LIFETIME_MS = 10 * 60_000;

export interface OaConsent {
  /** Set when re-authorising a registered OA; a new OA is named by Zalo's callback. */
  oaId?: string;
  unitId: string;
  name: string;
  appId: string;
  /** A new OA's secrets; a re-authorisation uses the stored ones. */
  appSecret?: string;
  oaSecretKey?: string;
  codeVerifier: string;
}

export type TakenConsent = { consent: OaConsent; staffId: string; expired: boolean };

const hashOf = (state: string) => createHash('sha256').update(state).digest('hex');

/** Keeps a consent for this session; expired ones of anyone are swept on the way. */
export async function saveConsent(
  db: Db,
  box: SecretBox,
  p: { state: string; sessionHash: string; staffId: string; consent: OaConsent; now?: Date },
): Promise<void> {
  const now = p.now ?? new Date();
  const c = p.consent;
  const stateHash = hashOf(p.state);
  await db.deleteFrom('zalo_oa_consents').where('expires_at', '<=', now).execute();
  await db
    .insertInto('zalo_oa_consents')
    .values({
      state_hash: stateHash,
      session_hash: p.sessionHash,
      staff_id: p.staffId,
      oa_id: c.oaId ?? null,
      unit_id: c.unitId,
      name: c.name,
      app_id: c.appId,
      app_secret_enc: box.encryptOptional(c.appSecret, sealedAt('zalo_oa_consents.app_secret_enc', stateHash)),
      oa_secret_key_enc: box.encryptOptional(c.oaSecretKey, sealedAt('zalo_oa_consents.oa_secret_key_enc', stateHash)),
      code_verifier_enc: box.encrypt(c.codeVerifier, sealedAt('zalo_oa_consents.code_verifier_enc', stateHash)),
      created_at: now,
      expires_at: new Date(now.getTime() + CONSENT_LIFETIME_MS),
    })
    .execute();
}

/**
 * Takes the consent of this `state` started in this session, deleting it whatever comes next (single
 * use). Unknown, already taken and other sessions' states all give undefined.
 */
export async function takeConsent(db: Db, box: SecretBox, state: string, sessionHash: string, now = new Date()): Promise<TakenConsent | undefined> {
  const row = await db
    .deleteFrom('zalo_oa_consents')
    .where('state_hash', '=', hashOf(state))
    .where('session_hash', '=', sessionHash)
    .returningAll()
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    staffId: row.staff_id,
    expired: row.expires_at <= now,
    consent: {
      oaId: row.oa_id ?? undefined,
      unitId: row.unit_id,
      name: row.name,
      appId: row.app_id,
      appSecret: box.decryptOptional(row.app_secret_enc, sealedAt('zalo_oa_consents.app_secret_enc', row.state_hash)),
      oaSecretKey: box.decryptOptional(row.oa_secret_key_enc, sealedAt('zalo_oa_consents.oa_secret_key_enc', row.state_hash)),
      codeVerifier: box.decrypt(row.code_verifier_enc, sealedAt('zalo_oa_consents.code_verifier_enc', row.state_hash)),
    },
  };
}
