// Builds the Zalo OA client over the database: credentials and tokens come from the OA registry
// (encrypted at rest), so the API and the worker share one way of talking to Zalo.
import { mayDeriveKeys, type Config } from './config.js';
import { SecretBox } from './db/crypto.js';
import type { Db } from './db/database.js';
import { createTokenStore, oaCredentials } from './db/zalo-oas.js';
import { ZaloClient } from './zalo/client.js';
import { TokenManager } from './zalo/oauth.js';

export function secretBoxFor(config: Pick<Config, 'SECRETS_KEY' | 'APP_SECRET' | 'NODE_ENV'>): SecretBox {
  if (config.SECRETS_KEY) return SecretBox.fromBase64(config.SECRETS_KEY);
  if (!mayDeriveKeys(config)) throw new Error('SECRETS_KEY is required unless NODE_ENV is development or test');
  return SecretBox.derivedFrom(config.APP_SECRET);
}

function createTokenManager(db: Db, box: SecretBox, config: Pick<Config, 'ZALO_OAUTH_BASE'>): TokenManager {
  return new TokenManager({
    store: createTokenStore(db, box),
    oauthBase: config.ZALO_OAUTH_BASE,
    credentials: async (oaId) => {
      const oa = await oaCredentials(db, box, oaId);
      if (!oa) throw new Error(`unknown OA ${oaId}`);
      return { appId: oa.appId, appSecret: oa.appSecret };
    },
  });
}

export function createZaloClient(db: Db, box: SecretBox, config: Pick<Config, 'ZALO_OAUTH_BASE' | 'ZALO_API_BASE' | 'ZALO_ZNS_BASE'>): ZaloClient {
  return new ZaloClient({ tokens: createTokenManager(db, box, config), apiBase: config.ZALO_API_BASE, znsBase: config.ZALO_ZNS_BASE });
}
