// Registering an OA: the grant (an authorization code from the consent redirect, or a refresh token
// of an OA authorised elsewhere) is checked with Zalo first, and only a pair Zalo issued is stored
// with the OA's secrets (encrypted). A refused or failed exchange leaves a registered OA exactly as it
// was: its grant, status and last error (re-authorising must never break a working OA).
import type { Config } from '../../config.js';
import type { StaffActor } from '../../domain/contracts/dossier.js';
import { DomainError } from '../../domain/errors.js';
import type { SecretBox } from '../../db/crypto.js';
import type { Db } from '../../db/database.js';
import { listOas, registerOa, type OaRegistration } from '../../db/zalo-oas.js';
import { ZaloApiError } from '../../zalo/errors.js';
import { exchangeCode, refreshTokens, toStored } from '../../zalo/oauth.js';
import { administeredBy, unitTree } from '../units/service.js';

/** Whether the admin administers each unit (the unit or one above it). */
async function unitScope(db: Db, actor: StaffActor): Promise<(unitId: string) => boolean> {
  return administeredBy(actor, await unitTree(db));
}

/** The OAs of the units the admin administers. */
export async function oasAdministeredBy(db: Db, actor: StaffActor) {
  const [oas, administers] = await Promise.all([listOas(db), unitScope(db, actor)]);
  return oas.filter((o) => administers(o.unitId));
}

/** Registering an OA touches its unit and, when it exists, the unit it had: both must be the admin's (403). */
export async function assertMayRegisterOa(db: Db, actor: StaffActor, oaId: string, unitId: string): Promise<void> {
  const [administers, existing] = await Promise.all([
    unitScope(db, actor),
    db.selectFrom('zalo_oas').select('unit_id').where('oa_id', '=', oaId).executeTakeFirst(),
  ]);
  if (!administers(unitId)) throw new DomainError('FORBIDDEN', 'Bạn không quản trị đơn vị này.', [{ path: 'unitId', message: 'Bạn không quản trị đơn vị này' }]);
  if (existing && !administers(existing.unit_id)) throw new DomainError('FORBIDDEN', 'OA này thuộc một đơn vị bạn không quản trị.', [{ path: 'oaId', message: 'OA của đơn vị khác' }]);
}

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
  const http = { oauthBase: config.ZALO_OAUTH_BASE, appId: r.appId, appSecret: r.appSecret };
  const issuedAt = Date.now();
  // A refresh token is spent by the check (single use, §1.5): the new pair it yields is what we keep.
  const request = 'refreshToken' in grant ? refreshTokens({ ...http, refreshToken: grant.refreshToken }) : exchangeCode({ ...http, ...grant });
  const tokens = await request.catch((err: unknown) => {
    throw err instanceof ZaloApiError ? grantRefused(err, 'refreshToken' in grant ? 'grant.refreshToken' : 'grant.code') : err;
  });
  await registerOa(db, box, { ...oa, tokens: toStored(tokens, issuedAt) });
}

/** Zalo's OAuth codes (docs/reference/zalo-oa.md §1.1, §1.6) in words an admin can act on; the field to fix, where one is to blame. */
const OAUTH_REFUSALS: Readonly<Record<number, { reason: string; field?: string }>> = {
  [-118]: { reason: 'mã ủy quyền hoặc refresh token không hợp lệ, đã được dùng hoặc đã hết hạn; hãy ủy quyền lại từ đầu' },
  [-14014]: { reason: 'Zalo không chấp nhận refresh token này nữa; hãy ủy quyền lại từ đầu' },
  [-14002]: { reason: 'App ID không đúng hoặc ứng dụng Zalo chưa được kích hoạt', field: 'appId' },
  [-14003]: { reason: 'địa chỉ callback không khớp với địa chỉ đã khai báo cho ứng dụng trên Zalo for Developers' },
  // Zalo does not document the code of a wrong secret; -14004 is what the simulator answers.
  [-14004]: { reason: 'App Secret Key không đúng với ứng dụng', field: 'appSecret' },
  [-209]: { reason: 'ứng dụng Zalo chưa được kích hoạt', field: 'appId' },
  [-212]: { reason: 'ứng dụng chưa đăng ký sản phẩm "Official Account API"', field: 'appId' },
  [-223]: { reason: 'quản trị viên OA chưa cấp quyền cho ứng dụng' },
};

/** A failed exchange as the admin should read it: Zalo's code and its meaning, never a token or secret. */
function grantRefused(err: ZaloApiError, grantPath: string): DomainError {
  if (err.classification === 'retryable') {
    const why = err.code === -32 ? 'ứng dụng đã gọi Zalo quá nhiều lần trong thời gian ngắn' : 'máy chủ Zalo không phản hồi hoặc báo lỗi';
    return new DomainError('UNAVAILABLE', `Chưa đổi được mã với Zalo: ${why}. Thông tin OA chưa thay đổi; hãy thử lại sau ít phút.`);
  }
  const known = err.code === undefined ? undefined : OAUTH_REFUSALS[err.code];
  const what = err.code === undefined ? 'Zalo từ chối nhưng không cho biết mã lỗi' : `Zalo từ chối (mã lỗi ${err.code})`;
  const message = `${what}: ${known?.reason ?? 'lỗi chưa được mô tả trong tài liệu của Zalo'}. Thông tin OA chưa thay đổi.`;
  return new DomainError('VALIDATION_FAILED', message, [{ path: known?.field ?? grantPath, message: known?.reason ?? what }]);
}
