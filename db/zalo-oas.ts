// The OA registry: each Official Account belongs to a unit; its app secret, OA secret key and
// tokens are encrypted at rest. Also the database side of the token store the OAuth code uses.
import type { StoredTokens, TokenStore } from '../zalo/oauth.js';
import { sealedAt, type SecretBox } from './crypto.js';
import type { Db } from './database.js';

export interface OaRegistration {
  oaId: string;
  name: string;
  unitId: string;
  appId: string;
  appSecret: string;
  oaSecretKey: string;
  tokens?: OaTokens;
}

export interface OaTokens {
  accessToken?: string;
  accessTokenExpiresAt?: number;
  refreshToken: string;
  refreshTokenExpiresAt?: number;
}

export interface OaCredentials {
  oaId: string;
  unitId: string;
  appId: string;
  appSecret: string;
  oaSecretKey: string;
  status: 'active' | 'needs_reauth';
}

const date = (ms: number | undefined) => (ms === undefined ? null : new Date(ms));

/** Adds or replaces an OA (re-registration is how an admin re-authorises one). */
export async function registerOa(db: Db, box: SecretBox, r: OaRegistration): Promise<void> {
  const row = {
    oa_id: r.oaId,
    name: r.name,
    unit_id: r.unitId,
    app_id: r.appId,
    app_secret_enc: box.encrypt(r.appSecret, sealedAt('zalo_oas.app_secret_enc', r.oaId)),
    oa_secret_key_enc: box.encrypt(r.oaSecretKey, sealedAt('zalo_oas.oa_secret_key_enc', r.oaId)),
    access_token_enc: box.encryptOptional(r.tokens?.accessToken, sealedAt('zalo_oas.access_token_enc', r.oaId)),
    access_token_expires_at: date(r.tokens?.accessTokenExpiresAt),
    refresh_token_enc: box.encryptOptional(r.tokens?.refreshToken, sealedAt('zalo_oas.refresh_token_enc', r.oaId)),
    refresh_token_expires_at: date(r.tokens?.refreshTokenExpiresAt),
    status: r.tokens ? ('active' as const) : ('needs_reauth' as const),
    last_error: null,
    updated_at: new Date(),
  };
  await db
    .insertInto('zalo_oas')
    .values(row)
    .onConflict((oc) => oc.column('oa_id').doUpdateSet(row))
    .execute();
}

/** What admins see: never a secret. */
export function listOas(db: Db) {
  return db
    .selectFrom('zalo_oas')
    .innerJoin('units', 'units.id', 'zalo_oas.unit_id')
    .select([
      'zalo_oas.oa_id as oaId',
      'zalo_oas.name',
      'zalo_oas.unit_id as unitId',
      'units.name as unitName',
      'zalo_oas.app_id as appId',
      'zalo_oas.status',
      'zalo_oas.last_error as lastError',
      'zalo_oas.access_token_expires_at as accessTokenExpiresAt',
      'zalo_oas.updated_at as updatedAt',
    ])
    .orderBy('zalo_oas.oa_id')
    .execute();
}

export async function oaCredentials(db: Db, box: SecretBox, oaId: string): Promise<OaCredentials | undefined> {
  const row = await db.selectFrom('zalo_oas').selectAll().where('oa_id', '=', oaId).executeTakeFirst();
  if (!row) return undefined;
  return {
    oaId: row.oa_id,
    unitId: row.unit_id,
    appId: row.app_id,
    appSecret: box.decrypt(row.app_secret_enc, sealedAt('zalo_oas.app_secret_enc', row.oa_id)),
    oaSecretKey: box.decrypt(row.oa_secret_key_enc, sealedAt('zalo_oas.oa_secret_key_enc', row.oa_id)),
    status: row.status,
  };
}

async function loadTokens(db: Db, box: SecretBox, oaId: string): Promise<OaTokens | undefined> {
  const row = await db
    .selectFrom('zalo_oas')
    .select(['access_token_enc', 'access_token_expires_at', 'refresh_token_enc', 'refresh_token_expires_at'])
    .where('oa_id', '=', oaId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (!row?.refresh_token_enc) return undefined;
  return {
    accessToken: box.decryptOptional(row.access_token_enc, sealedAt('zalo_oas.access_token_enc', oaId)),
    accessTokenExpiresAt: row.access_token_expires_at?.getTime(),
    refreshToken: box.decrypt(row.refresh_token_enc, sealedAt('zalo_oas.refresh_token_enc', oaId)),
    refreshTokenExpiresAt: row.refresh_token_expires_at?.getTime(),
  };
}

async function saveTokens(db: Db, box: SecretBox, oaId: string, t: OaTokens): Promise<void> {
  await db
    .updateTable('zalo_oas')
    .set({
      access_token_enc: box.encryptOptional(t.accessToken, sealedAt('zalo_oas.access_token_enc', oaId)),
      access_token_expires_at: date(t.accessTokenExpiresAt),
      refresh_token_enc: box.encrypt(t.refreshToken, sealedAt('zalo_oas.refresh_token_enc', oaId)),
      refresh_token_expires_at: date(t.refreshTokenExpiresAt),
      status: 'active',
      last_error: null,
      updated_at: new Date(),
    })
    .where('oa_id', '=', oaId)
    .execute();
}

/** A dead refresh token: the OA needs an admin to consent again; admins see it in the OA list. */
export async function markNeedsReauth(db: Db, oaId: string, reason: string): Promise<void> {
  await db
    .updateTable('zalo_oas')
    .set({ status: 'needs_reauth', last_error: reason, access_token_enc: null, access_token_expires_at: null, updated_at: new Date() })
    .where('oa_id', '=', oaId)
    .execute();
}

/** The TokenManager's persistence. An OA registered with only a refresh token refreshes on first use. */
export function createTokenStore(db: Db, box: SecretBox): TokenStore {
  return {
    async load(oaId): Promise<StoredTokens | undefined> {
      const t = await loadTokens(db, box, oaId);
      if (!t) return undefined;
      return {
        accessToken: t.accessToken ?? '',
        accessTokenExpiresAt: t.accessToken ? (t.accessTokenExpiresAt ?? 0) : 0,
        refreshToken: t.refreshToken,
        refreshTokenExpiresAt: t.refreshTokenExpiresAt ?? Number.MAX_SAFE_INTEGER,
      };
    },
    save: (oaId, t) => saveTokens(db, box, oaId, t),
    markNeedsReauth: (oaId, reason) => markNeedsReauth(db, oaId, reason),
  };
}
