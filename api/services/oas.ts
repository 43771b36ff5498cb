// Registering an OA: store it with its secrets encrypted, then take its grant either as a refresh
// token (an OA authorised elsewhere) or as an authorization code from the consent redirect.
import type { Config } from '../../config.js';
import { DomainError } from '../../domain/errors.js';
import type { SecretBox } from '../../db/crypto.js';
import type { Db } from '../../db/database.js';
import { registerOa, type OaRegistration } from '../../db/zalo-oas.js';
import { ZaloApiError } from '../../zalo/errors.js';
import { createTokenManager } from '../../zalo-setup.js';

export type OaGrant = { refreshToken: string } | { code: string; codeVerifier: string };

export async function registerOaWithGrant(
  db: Db,
  box: SecretBox,
  config: Pick<Config, 'ZALO_OAUTH_BASE'>,
  r: Omit<OaRegistration, 'tokens'> & { grant: OaGrant },
): Promise<void> {
  const unit = await db.selectFrom('units').select('id').where('id', '=', r.unitId).executeTakeFirst();
  if (!unit) throw new DomainError('VALIDATION_FAILED', 'Đơn vị không tồn tại.', [{ path: 'unitId', message: 'Không có đơn vị này' }]);
  const { grant, ...oa } = r;
  if ('refreshToken' in grant) {
    await registerOa(db, box, { ...oa, tokens: { refreshToken: grant.refreshToken } });
    return;
  }
  await registerOa(db, box, oa); // needs_reauth until the code is exchanged
  try {
    await createTokenManager(db, box, config).connect(r.oaId, grant.code, grant.codeVerifier);
  } catch (err) {
    if (!(err instanceof ZaloApiError) || err.classification !== 'reauthorize') throw err;
    throw new DomainError('VALIDATION_FAILED', 'Zalo từ chối mã ủy quyền (mã sai, đã dùng hoặc hết hạn).', [
      { path: 'grant.code', message: 'Mã ủy quyền không hợp lệ; hãy cấp quyền lại cho OA' },
    ]);
  }
}
