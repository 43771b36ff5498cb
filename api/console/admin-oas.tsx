// Zalo Official Accounts for admins: each OA of the units they administer, with its status (one
// needing re-authorisation is highlighted with the last error Zalo gave). Connecting a new OA and
// re-authorising one both go through Zalo's consent page (OAuth v4 with PKCE, zalo-oa.md §1.2): the
// app keeps the verifier and a random `state` for this session only, redirects the browser to Zalo,
// and the callback exchanges the code before anything is stored, so a refusal changes nothing.
// An OA authorised elsewhere can still be given by its refresh token, checked with Zalo first.
// Secrets never reach the page: the list holds none, and what an admin types is never shown back.
import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import type { StaffActor } from '../../domain/contracts/dossier.js';
import { DomainError } from '../../domain/errors.js';
import { saveConsent, takeConsent, type OaConsent } from '../../db/oa-consents.js';
import { oaCredentials } from '../../db/zalo-oas.js';
import { buildPermissionUrl, createPkcePair } from '../../zalo/oauth.js';
import type { AppDeps } from '../app.js';
import { requireAdmin, requireStaff, sessionTokenHash, type StaffEnv } from '../auth.js';
import { oasAdministeredBy, registerOaWithGrant } from '../services/oas.js';
import { FieldError } from './admin-calendar.js';
import { adminUnits, type UnitOption } from './admin-staff.js';
import { dateTime } from './format.js';
import { Cell, ConsoleLayout, Flash, ProblemBox, type Problem } from './layout.js';
import { formBody, formValue, issueAt, redirectWith, takeFlash, zodIssues, type Ctx, type FormValues } from './page-kit.js';

type Oa = Awaited<ReturnType<typeof oasAdministeredBy>>[number];

const PAGE = '/console/admin/oas';
export const OA_CALLBACK_PATH = `${PAGE}/callback`;

const secret = (what: string) => z.string().trim().min(1, `Hãy nhập ${what}`).max(200, 'Quá dài (tối đa 200 ký tự)');
const ConnectForm = z.object({
  unitId: z.string().min(1, 'Hãy chọn đơn vị'),
  name: z.string().trim().min(1, 'Hãy nhập tên OA').max(200, 'Quá dài (tối đa 200 ký tự)'),
  appId: z.string().trim().regex(/^\d{1,30}$/, 'App ID là dãy chữ số (tối đa 30 chữ số)'),
  appSecret: secret('App Secret Key'),
  oaSecretKey: secret('OA Secret Key'),
});
const RefreshTokenForm = z.object({
  oaId: z.string().min(1, 'Hãy chọn OA'),
  refreshToken: z.string().trim().min(1, 'Hãy nhập refresh token').max(2000, 'Quá dài (tối đa 2000 ký tự)'),
});

/** Where a problem is shown: at the new-OA form, at the refresh-token form, or above the list. */
interface PageProblem extends Problem {
  at: 'connect' | 'refreshToken' | 'top';
}

interface FormState {
  values: FormValues;
  problem?: PageProblem;
}

export function adminOasRoutes(deps: AppDeps) {
  const app = new Hono<StaffEnv>();
  const guard = [requireStaff(deps.db), requireAdmin] as const;

  const oasFor = (actor: StaffActor): Promise<Oa[]> => oasAdministeredBy(deps.db, actor);

  /** The address Zalo sends the admin back to; it must be the app's Callback URL on Zalo, byte for byte (§1.1). */
  const callbackUrl = (c: Ctx) => `${deps.publicUrl ?? new URL(c.req.url).origin}${OA_CALLBACK_PATH}`;

  async function show(c: Ctx, form: FormState = { values: {} }, status: ContentfulStatusCode = 200) {
    const actor = c.get('actor');
    const [oas, units] = await Promise.all([oasFor(actor), adminUnits(deps.db, actor)]);
    const flash = form.problem ? undefined : await takeFlash(c, deps.secret);
    return c.html(<OasPage actor={actor} oas={oas} units={units.options} callbackUrl={callbackUrl(c)} form={form} flash={flash} />, status);
  }

  /** Keeps the consent for this session and sends the browser to Zalo's consent page. */
  async function redirectToZalo(c: Ctx, consent: Omit<OaConsent, 'codeVerifier'>) {
    const sessionHash = sessionTokenHash(c);
    // Zalo sends the browser back with the session cookie; an API token has no browser to come back.
    if (!sessionHash) throw new DomainError('FORBIDDEN', 'Kết nối OA với Zalo cần đăng nhập bằng mật khẩu trên trình duyệt.');
    const { verifier, challenge } = createPkcePair();
    const state = randomBytes(32).toString('base64url');
    await saveConsent(deps.db, deps.box, { state, sessionHash, staffId: c.get('actor').staffId, consent: { ...consent, codeVerifier: verifier } });
    const url = buildPermissionUrl({ appId: consent.appId, redirectUri: callbackUrl(c), codeChallenge: challenge, state, oauthBase: deps.zaloConfig.ZALO_OAUTH_BASE });
    return c.redirect(url, 303);
  }

  app.get(PAGE, ...guard, (c) => show(c));

  app.post(`${PAGE}/connect`, ...guard, async (c) => {
    const values = await formBody(c);
    const shown = { ...values, appSecret: '', oaSecretKey: '' }; // secrets are never shown back
    const parsed = ConnectForm.safeParse(values);
    if (!parsed.success) return show(c, { values: shown, problem: { at: 'connect', message: 'Thông tin OA chưa hợp lệ.', issues: zodIssues(parsed.error) } }, 422);
    const { options } = await adminUnits(deps.db, c.get('actor'));
    if (!options.some((u) => u.id === parsed.data.unitId)) {
      const issues = [{ path: 'unitId', message: 'Bạn không quản trị đơn vị này' }];
      return show(c, { values: shown, problem: { at: 'connect', message: 'Thông tin OA chưa hợp lệ.', issues } }, 422);
    }
    return redirectToZalo(c, parsed.data);
  });

  app.post(`${PAGE}/:oaId/connect`, ...guard, async (c) => {
    const oa = (await oasFor(c.get('actor'))).find((o) => o.oaId === c.req.param('oaId'));
    if (!oa) throw new DomainError('NOT_FOUND', 'Không có OA này trong các đơn vị bạn quản trị.');
    // The stored app secret and OA secret key stay; only the grant is renewed.
    return redirectToZalo(c, { oaId: oa.oaId, unitId: oa.unitId, name: oa.name, appId: oa.appId });
  });

  // Zalo's redirect after the OA admin's "Cho phép": ?code=…&oa_id=…&state=… (§1.2).
  app.get(OA_CALLBACK_PATH, ...guard, async (c) => {
    const actor = c.get('actor');
    const refuse = (message: string, status: ContentfulStatusCode = 400) => show(c, { values: {}, problem: { at: 'top', message } }, status);
    const { state, code, oa_id: oaId } = c.req.query();
    const sessionHash = sessionTokenHash(c);
    const taken = state && sessionHash ? await takeConsent(deps.db, deps.box, state, sessionHash) : undefined;
    if (!taken || taken.staffId !== actor.staffId) {
      return refuse('Liên kết trở về từ Zalo không hợp lệ: không có yêu cầu kết nối nào như vậy trong phiên đăng nhập này, hoặc yêu cầu đã được dùng. Không có gì thay đổi; hãy bấm kết nối lại.');
    }
    if (taken.expired) return refuse('Yêu cầu kết nối đã quá 10 phút nên hết hiệu lực. Không có gì thay đổi; hãy bấm kết nối lại.');
    const { consent } = taken;
    if (!code) return refuse('Zalo không gửi mã ủy quyền: quản trị viên OA chưa bấm "Cho phép". Không có gì thay đổi.');
    if (!oaId || !/^\d{1,30}$/.test(oaId)) return refuse('Zalo không cho biết OA nào đã cấp quyền. Không có gì thay đổi.', 502);
    // Grants may have changed while the admin was at Zalo: the scope is checked again.
    const inScope = consent.oaId
      ? (await oasFor(actor)).some((o) => o.oaId === consent.oaId)
      : (await adminUnits(deps.db, actor)).options.some((u) => u.id === consent.unitId);
    if (!inScope) return refuse('Bạn không còn quản trị đơn vị của OA này.', 403);

    const registered = await oaCredentials(deps.db, deps.box, oaId);
    let credentials: { unitId: string; appSecret: string; oaSecretKey: string };
    if (consent.oaId) {
      // Re-authorising: the grant must be that OA's, or we would store another OA's tokens under its name.
      if (oaId !== consent.oaId || !registered) {
        return refuse(`Zalo trả về quyền của OA ${oaId}, không phải của OA ${consent.name} (${consent.oaId}) đang được ủy quyền lại. Không có gì thay đổi; hãy chọn đúng OA trên trang của Zalo.`, 422);
      }
      credentials = registered;
    } else {
      // A new OA is the one Zalo names; one already registered is re-authorised from its own row instead.
      if (registered) return refuse(`OA ${oaId} đã có trong danh sách. Không có gì thay đổi; hãy dùng nút "Ủy quyền lại" của OA đó.`, 409);
      credentials = { unitId: consent.unitId, appSecret: consent.appSecret!, oaSecretKey: consent.oaSecretKey! };
    }
    try {
      await registerOaWithGrant(deps.db, deps.box, deps.zaloConfig, {
        ...credentials,
        oaId,
        name: consent.name,
        appId: consent.appId,
        grant: { code, codeVerifier: consent.codeVerifier },
      });
    } catch (err) {
      if (!(err instanceof DomainError) || (err.code !== 'VALIDATION_FAILED' && err.code !== 'UNAVAILABLE')) throw err;
      return refuse(err.message, err.status as ContentfulStatusCode);
    }
    const done = consent.oaId ? `Đã ủy quyền lại cho OA ${consent.name}.` : `Đã kết nối OA ${consent.name} (OA ID ${oaId}).`;
    return redirectWith(c, deps.secret, PAGE, done);
  });

  // An OA authorised elsewhere (another system, Zalo's API Explorer): its refresh token, checked with Zalo first.
  app.post(`${PAGE}/refresh-token`, ...guard, async (c) => {
    const values = await formBody(c);
    const shown = { ...values, refreshToken: '' };
    const parsed = RefreshTokenForm.safeParse(values);
    if (!parsed.success) return show(c, { values: shown, problem: { at: 'refreshToken', message: 'Thông tin ủy quyền chưa hợp lệ.', issues: zodIssues(parsed.error) } }, 422);
    const oa = (await oasFor(c.get('actor'))).find((o) => o.oaId === parsed.data.oaId);
    if (!oa) throw new DomainError('NOT_FOUND', 'Không có OA này trong các đơn vị bạn quản trị.');
    const credentials = await oaCredentials(deps.db, deps.box, oa.oaId);
    if (!credentials) throw new DomainError('NOT_FOUND', 'Không có OA này.');
    try {
      await registerOaWithGrant(deps.db, deps.box, deps.zaloConfig, { ...credentials, name: oa.name, grant: { refreshToken: parsed.data.refreshToken } });
    } catch (err) {
      if (!(err instanceof DomainError) || (err.code !== 'VALIDATION_FAILED' && err.code !== 'UNAVAILABLE')) throw err;
      const issues = err.issues.map((i) => ({ ...i, path: i.path === 'grant.refreshToken' ? 'refreshToken' : i.path }));
      return show(c, { values: shown, problem: { at: 'refreshToken', message: err.message, issues } }, err.status as ContentfulStatusCode);
    }
    return redirectWith(c, deps.secret, PAGE, `Đã cấp quyền lại cho OA ${oa.name} bằng refresh token.`);
  });

  return app;
}

const STATUS_LABELS = { active: 'Đang hoạt động', needs_reauth: 'Cần cấp quyền lại' } as const;

interface PageProps {
  actor: StaffActor;
  oas: Oa[];
  units: UnitOption[];
  callbackUrl: string;
  form: FormState;
  flash?: string;
}

export function OasPage({ actor, oas, units, callbackUrl, form, flash }: PageProps) {
  const waiting = oas.filter((o) => o.status === 'needs_reauth').length;
  const problemAt = (at: PageProblem['at']) => (form.problem?.at === at ? form.problem : undefined);
  return (
    <ConsoleLayout title="Zalo OA" actor={actor} current="oas">
      <h1>Tài khoản Zalo OA</h1>
      <p class="lead">
        OA của các đơn vị bạn quản trị. Khóa bí mật và token được mã hoá khi lưu và không bao giờ hiển thị; khi Zalo thu hồi quyền, OA cần được ủy quyền lại.
      </p>
      <Flash message={flash} />
      <ProblemBox problem={problemAt('top')} title="Chưa kết nối được với Zalo" />
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
                <th scope="col">Thao tác</th>
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
                  <Cell label="Thao tác">
                    <form method="post" action={`${PAGE}/${encodeURIComponent(o.oaId)}/connect`}>
                      <button type="submit">
                        Ủy quyền lại<span class="vh"> cho {o.name}</span>
                      </button>
                    </form>
                  </Cell>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <ConnectCard units={units} callbackUrl={callbackUrl} values={form.values} problem={problemAt('connect')} />
      {oas.length > 0 && <RefreshTokenCard oas={oas} values={form.values} problem={problemAt('refreshToken')} />}
    </ConsoleLayout>
  );
}

/** One labelled input with its help and error, described for screen readers. */
function Field(p: { form: string; name: string; label: string; help?: string; problem: Problem | undefined; value?: string; secret?: boolean; inputmode?: 'numeric' }) {
  const id = `${p.form}-${p.name}`;
  const message = issueAt(p.problem?.issues, p.name);
  const describedBy = [p.help ? `${id}-help` : undefined, message ? `${id}-error` : undefined].filter(Boolean).join(' ') || undefined;
  return (
    <div class="field">
      <label for={id}>{p.label}</label>
      {p.help && (
        <p class="help" id={`${id}-help`}>
          {p.help}
        </p>
      )}
      <FieldError id={id} message={message} />
      {/* A secret is a password field: not shown on screen, and never sent back in a page. */}
      <input
        type={p.secret ? 'password' : 'text'}
        id={id}
        name={p.name}
        value={p.secret ? undefined : p.value}
        inputmode={p.inputmode}
        required
        autocomplete="off"
        spellcheck={false}
        autocapitalize="none"
        aria-invalid={message ? 'true' : undefined}
        aria-describedby={describedBy}
      />
    </div>
  );
}

function ConnectCard({ units, callbackUrl, values, problem }: { units: UnitOption[]; callbackUrl: string; values: FormValues; problem: Problem | undefined }) {
  const unitError = issueAt(problem?.issues, 'unitId');
  const unitId = formValue(values, 'unitId');
  return (
    <section class={`card${problem ? ' action failed' : ''}`} aria-labelledby="oa-connect-title" id="oa-connect">
      <h2 id="oa-connect-title">Kết nối OA mới</h2>
      <p class="help">
        Khai báo Callback URL của ứng dụng trên Zalo for Developers (Official Account → Thiết lập chung) đúng là <code>{callbackUrl}</code>. Sau khi bấm nút, quản
        trị viên OA chọn OA trên trang của Zalo và bấm "Cho phép"; OA được lưu khi Zalo trả về quyền.
      </p>
      <ProblemBox problem={problem && { message: problem.message }} title="Chưa kết nối được" />
      <form method="post" action={`${PAGE}/connect`}>
        <div class="field">
          <label for="oa-connect-unitId">Đơn vị</label>
          <FieldError id="oa-connect-unitId" message={unitError} />
          <select id="oa-connect-unitId" name="unitId" aria-invalid={unitError ? 'true' : undefined} aria-describedby={unitError ? 'oa-connect-unitId-error' : undefined}>
            {units.map((u) => (
              <option value={u.id} selected={unitId === u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </div>
        <Field form="oa-connect" name="name" label="Tên hiển thị của OA" problem={problem} value={formValue(values, 'name')} />
        <Field form="oa-connect" name="appId" label="App ID" help="Mã ứng dụng trên Zalo for Developers (dãy chữ số)." problem={problem} value={formValue(values, 'appId')} inputmode="numeric" />
        <Field form="oa-connect" name="appSecret" label="App Secret Key" help="Khóa bí mật của ứng dụng (Cài đặt ứng dụng)." problem={problem} secret />
        <Field form="oa-connect" name="oaSecretKey" label="OA Secret Key" help="Khóa ký webhook (trang Webhook của ứng dụng)." problem={problem} secret />
        <div class="buttons">
          <button type="submit">Kết nối với Zalo</button>
        </div>
      </form>
    </section>
  );
}

function RefreshTokenCard({ oas, values, problem }: { oas: Oa[]; values: FormValues; problem: Problem | undefined }) {
  const oaError = issueAt(problem?.issues, 'oaId');
  const oaId = formValue(values, 'oaId');
  return (
    <section class={`card${problem ? ' action failed' : ''}`} aria-labelledby="oa-refresh-title" id="oa-refresh">
      <h2 id="oa-refresh-title">Cấp quyền bằng refresh token</h2>
      <p class="help">Cho OA đã được cấp quyền ở nơi khác (hệ thống khác, API Explorer của Zalo). Token được kiểm tra với Zalo trước khi lưu.</p>
      <ProblemBox problem={problem && { message: problem.message }} title="Chưa cấp quyền lại được" />
      <form method="post" action={`${PAGE}/refresh-token`}>
        <div class="field">
          <label for="oa-refresh-oaId">OA</label>
          <FieldError id="oa-refresh-oaId" message={oaError} />
          <select id="oa-refresh-oaId" name="oaId" aria-invalid={oaError ? 'true' : undefined} aria-describedby={oaError ? 'oa-refresh-oaId-error' : undefined}>
            {oas.map((o) => (
              <option value={o.oaId} selected={oaId === o.oaId}>
                {o.name} ({o.oaId})
              </option>
            ))}
          </select>
        </div>
        <Field form="oa-refresh" name="refreshToken" label="Refresh token" problem={problem} secret />
        <div class="buttons">
          <button type="submit">Cấp quyền lại</button>
        </div>
      </form>
    </section>
  );
}
