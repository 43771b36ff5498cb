// Zalo Official Accounts for admins: each OA of the units they administer, with its status (one
// needing re-authorisation is highlighted with the last error Zalo gave), and a form per OA to
// re-authorise it with a new authorization code (and its PKCE code verifier) or a refresh token.
// Secrets never reach the page: the list holds none, and what an admin types is never shown back.
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import { canAdministerUnit, unitAncestry } from '../../domain/access.js';
import type { StaffActor } from '../../domain/contracts/dossier.js';
import { DomainError, type FieldIssue } from '../../domain/errors.js';
import { listOas, markNeedsReauth, oaCredentials } from '../../db/zalo-oas.js';
import { ZaloApiError } from '../../zalo/errors.js';
import type { AppDeps } from '../app.js';
import { requireAdmin, requireStaff, type StaffEnv } from '../auth.js';
import { registerOaWithGrant, type OaGrant } from '../services/oas.js';
import { FieldError } from './admin-calendar.js';
import { dateTime } from './format.js';
import { Cell, ConsoleLayout, Flash, ProblemBox, type Problem } from './layout.js';
import { formBody, issueAt, redirectWith, takeFlash, zodIssues, type Ctx } from './page-kit.js';

type Oa = Awaited<ReturnType<typeof listOas>>[number];

const blank = z
  .string()
  .trim()
  .optional()
  .transform((v) => v || undefined);

const ReauthForm = z
  .object({ code: blank, codeVerifier: blank, refreshToken: blank })
  .superRefine((v, ctx) => {
    if (v.refreshToken && (v.code || v.codeVerifier)) {
      ctx.addIssue({ code: 'custom', path: ['refreshToken'], message: 'Chỉ nhập mã ủy quyền hoặc refresh token, không nhập cả hai' });
    } else if (!v.refreshToken && !v.code && !v.codeVerifier) {
      ctx.addIssue({ code: 'custom', path: ['code'], message: 'Hãy nhập mã ủy quyền và code verifier, hoặc một refresh token' });
    } else if (!v.refreshToken) {
      if (!v.code) ctx.addIssue({ code: 'custom', path: ['code'], message: 'Hãy nhập mã ủy quyền (code) Zalo trả về' });
      if (!v.codeVerifier || v.codeVerifier.length < 43 || v.codeVerifier.length > 128) {
        ctx.addIssue({ code: 'custom', path: ['codeVerifier'], message: 'Code verifier dài từ 43 đến 128 ký tự' });
      }
    }
    for (const key of ['code', 'codeVerifier', 'refreshToken'] as const) {
      if ((v[key]?.length ?? 0) > 2000) ctx.addIssue({ code: 'custom', path: [key], message: 'Quá dài (tối đa 2000 ký tự)' });
    }
  })
  .transform((v): OaGrant => (v.refreshToken ? { refreshToken: v.refreshToken } : { code: v.code!, codeVerifier: v.codeVerifier! }));

/** A failed re-authorisation, shown at that OA's form. */
interface OaProblem extends Problem {
  oaId: string;
}

export function adminOasRoutes(deps: AppDeps) {
  const app = new Hono<StaffEnv>();
  const guard = [requireStaff(deps.db), requireAdmin] as const;

  /** The OAs of units the admin administers (the unit or one above it). */
  async function oasFor(actor: StaffActor): Promise<Oa[]> {
    const [oas, units] = await Promise.all([listOas(deps.db), deps.db.selectFrom('units').select(['id', 'parent_id']).execute()]);
    const parentOf = new Map(units.map((u) => [u.id, u.parent_id]));
    return oas.filter((o) => canAdministerUnit(actor.grants, unitAncestry(o.unitId, parentOf)));
  }

  async function show(c: Ctx, problem?: OaProblem, status: ContentfulStatusCode = 200) {
    const actor = c.get('actor');
    const flash = problem ? undefined : await takeFlash(c, deps.secret);
    return c.html(<OasPage actor={actor} oas={await oasFor(actor)} flash={flash} problem={problem} />, status);
  }

  app.get('/console/admin/oas', ...guard, (c) => show(c));

  app.post('/console/admin/oas/:oaId/reauthorize', ...guard, async (c) => {
    const oaId = c.req.param('oaId');
    const oa = (await oasFor(c.get('actor'))).find((o) => o.oaId === oaId);
    if (!oa) throw new DomainError('NOT_FOUND', 'Không có OA này trong các đơn vị bạn quản trị.');
    const parsed = ReauthForm.safeParse(await formBody(c));
    if (!parsed.success) return show(c, { oaId, message: 'Thông tin ủy quyền chưa hợp lệ.', issues: zodIssues(parsed.error) }, 422);
    const grant = parsed.data;
    const credentials = await oaCredentials(deps.db, deps.box, oaId);
    if (!credentials) throw new DomainError('NOT_FOUND', 'Không có OA này.');
    try {
      // Re-registration with the stored app secret and OA secret key: only the grant changes.
      await registerOaWithGrant(deps.db, deps.box, deps.zaloConfig, { ...credentials, name: oa.name, grant });
    } catch (err) {
      const refusal = failureOf(err);
      if (!refusal) throw err;
      // The registration cleared the tokens: the OA waits for a new consent, with the reason shown.
      await markNeedsReauth(deps.db, oaId, refusal.message);
      return show(c, { oaId, ...refusal }, refusal.status);
    }
    const how = 'refreshToken' in grant ? 'refresh token mới (được dùng ở lần gửi tin kế tiếp)' : 'mã ủy quyền mới';
    return redirectWith(c, deps.secret, '/console/admin/oas', `Đã cấp quyền lại cho OA ${oa.name} bằng ${how}.`);
  });

  return app;
}

/** Zalo's refusal of a code, or Zalo out of reach; anything else is a fault. */
function failureOf(err: unknown): { message: string; issues?: FieldIssue[]; status: ContentfulStatusCode } | undefined {
  if (err instanceof DomainError && err.code === 'VALIDATION_FAILED') {
    const issues = err.issues.map((i) => ({ ...i, path: i.path === 'grant.code' ? 'code' : i.path }));
    return { message: err.message, issues, status: 422 };
  }
  if (err instanceof ZaloApiError) return { message: 'Không đổi được mã ủy quyền: máy chủ Zalo không phản hồi hoặc báo lỗi. Hãy thử lại sau ít phút.', status: 502 };
  return undefined;
}

const STATUS_LABELS = { active: 'Đang hoạt động', needs_reauth: 'Cần cấp quyền lại' } as const;

export function OasPage({ actor, oas, flash, problem }: { actor: StaffActor; oas: Oa[]; flash?: string; problem?: OaProblem }) {
  const waiting = oas.filter((o) => o.status === 'needs_reauth').length;
  return (
    <ConsoleLayout title="Zalo OA" actor={actor} current="oas">
      <h1>Tài khoản Zalo OA</h1>
      <p class="lead">
        OA của các đơn vị bạn quản trị. Khóa bí mật và token được mã hoá khi lưu và không bao giờ hiển thị; khi Zalo thu hồi quyền, OA cần được cấp quyền lại.
      </p>
      <Flash message={flash} />
      {waiting > 0 && (
        <p class="problem" role="note">
          <strong>{waiting} OA cần cấp quyền lại</strong>: tin nhắn gửi qua các OA này đang dừng.
        </p>
      )}
      {oas.length === 0 ? (
        <p class="card">Chưa có OA nào được đăng ký cho các đơn vị bạn quản trị.</p>
      ) : (
        <section class="card" aria-labelledby="oas-title">
          <h2 id="oas-title">Danh sách OA ({oas.length})</h2>
          <table class="responsive" id="oas">
            <thead>
              <tr>
                <th scope="col">OA</th>
                <th scope="col">Đơn vị</th>
                <th scope="col">Tình trạng</th>
                <th scope="col">Cập nhật</th>
              </tr>
            </thead>
            <tbody>
              {oas.map((o) => (
                <tr class={o.status === 'needs_reauth' ? 'overdue' : undefined} data-oa={o.oaId} data-status={o.status}>
                  <Cell label="OA">
                    <strong>{o.name}</strong>
                    <div class="small muted">
                      OA ID <code>{o.oaId}</code> · App ID <code>{o.appId}</code>
                    </div>
                  </Cell>
                  <Cell label="Đơn vị">{o.unitName}</Cell>
                  <Cell label="Tình trạng">
                    <span class={o.status === 'active' ? 'badge ok' : 'badge late'}>{STATUS_LABELS[o.status]}</span>
                    {o.status === 'needs_reauth' && o.lastError && <div class="small">Lỗi gần nhất: {o.lastError}</div>}
                    {o.status === 'active' && o.accessTokenExpiresAt && <div class="small muted">Access token hết hạn lúc {dateTime(o.accessTokenExpiresAt)}</div>}
                  </Cell>
                  <Cell label="Cập nhật">{dateTime(o.updatedAt)}</Cell>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {oas.map((o) => (
        <ReauthCard oa={o} problem={problem?.oaId === o.oaId ? problem : undefined} />
      ))}
    </ConsoleLayout>
  );
}

function ReauthCard({ oa, problem }: { oa: Oa; problem: OaProblem | undefined }) {
  const id = `oa-${oa.oaId}`;
  const error = (name: string) => issueAt(problem?.issues, name);
  const input = (name: 'code' | 'codeVerifier' | 'refreshToken', label: string, help?: string) => {
    const message = error(name);
    const describedBy = [help ? `${id}-${name}-help` : undefined, message ? `${id}-${name}-error` : undefined].filter(Boolean).join(' ') || undefined;
    return (
      <div class="field">
        <label for={`${id}-${name}`}>{label}</label>
        {help && (
          <p class="small muted" id={`${id}-${name}-help`}>
            {help}
          </p>
        )}
        <FieldError id={`${id}-${name}`} message={message} />
        {/* A password field: what is typed is not shown on screen, and never sent back in a page. */}
        <input
          type="password"
          id={`${id}-${name}`}
          name={name}
          autocomplete="off"
          spellcheck={false}
          autocapitalize="none"
          aria-invalid={message ? 'true' : undefined}
          aria-describedby={describedBy}
        />
      </div>
    );
  };
  return (
    <section class={`card${problem ? ' action failed' : ''}`} aria-labelledby={`${id}-title`} id={`${id}-reauth`}>
      <h2 id={`${id}-title`}>Cấp quyền lại: {oa.name}</h2>
      <ProblemBox problem={problem && { message: problem.message }} title="Chưa cấp quyền lại được" />
      <form method="post" action={`/console/admin/oas/${encodeURIComponent(oa.oaId)}/reauthorize`}>
        <fieldset>
          <legend>Cách 1: mã ủy quyền từ trang đồng ý của Zalo</legend>
          {input('code', 'Mã ủy quyền (code)')}
          {input('codeVerifier', 'Code verifier (PKCE)', 'Chuỗi 43–128 ký tự đã dùng để tạo code challenge khi mở trang đồng ý.')}
        </fieldset>
        <fieldset>
          <legend>Cách 2: refresh token của OA đã cấp quyền ở nơi khác</legend>
          {input('refreshToken', 'Refresh token')}
        </fieldset>
        <div class="buttons">
          <button type="submit">
            Cấp quyền lại<span class="vh"> cho {oa.name}</span>
          </button>
        </div>
      </form>
    </section>
  );
}
