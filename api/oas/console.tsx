// Zalo Official Accounts for admins: each OA of the units they administer, with its status (one
// needing re-authorisation is highlighted with the last error Zalo gave). Connecting a new OA and
// re-authorising one both go through Zalo's consent page (OAuth v4 with PKCE, docs/reference/zalo-oa.md §1.2): the
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
import { requireAdmin, requireStaff, sessionTokenHash, type StaffEnv } from '../staff/auth.js';
import { oasAdministeredBy, registerOaWithGrant } from './service.js';
import { ConsoleLayout, FieldError, Flash, type Problem, ProblemBox } from '../console/layout.js';
import { adminUnits, type UnitOption } from '../staff/accounts-console.js';
import { dateTime } from '../../domain/wording/dates.js';
import { errorText, t } from '../console/i18n.js';
import { Cell } from '../console/table.js';
import { formBody, formValue, issueAt, redirectWith, takeFlash, zodIssues, type Ctx, type FormValues } from '../console/page-kit.js';

type Oa = Awaited<ReturnType<typeof oasAdministeredBy>>[number];

const PAGE = '/console/admin/oas';
export const OA_CALLBACK_PATH = `${PAGE}/callback`;

const secret = (what: string) => z.string().trim().min(1, errorText(`Hãy nhập ${what}`, `Enter the ${what}`)).max(200, errorText('Quá dài (tối đa 200 ký tự)', 'Too long (at most 200 characters)'));
const ConnectForm = z.object({
  unitId: z.string().min(1, errorText('Hãy chọn đơn vị', 'Choose a unit')),
  name: z.string().trim().min(1, errorText('Hãy nhập tên OA', 'Enter the OA name')).max(200, errorText('Quá dài (tối đa 200 ký tự)', 'Too long (at most 200 characters)')),
  appId: z.string().trim().regex(/^\d{1,30}$/, errorText('App ID là dãy chữ số (tối đa 30 chữ số)', 'The App ID is digits (at most 30)')),
  appSecret: secret('App Secret Key'),
  oaSecretKey: secret('OA Secret Key'),
});
const RefreshTokenForm = z.object({
  oaId: z.string().min(1, errorText('Hãy chọn OA', 'Choose an OA')),
  refreshToken: z.string().trim().min(1, errorText('Hãy nhập refresh token', 'Enter the refresh token')).max(2000, errorText('Quá dài (tối đa 2000 ký tự)', 'Too long (at most 2000 characters)')),
});

/** Where a problem is shown: at the new-OA form, at the refresh-token form, or above the list. */
interface PageProblem extends Problem {
  at: 'connect' | 'refreshToken' | 'top';
}

interface FormState {
  values: FormValues;
  problem?: PageProblem;
}

/** The address Zalo sends the admin back to; it must be the app's Callback URL on Zalo, byte for byte (§1.1). */
const callbackUrl = (deps: AppDeps, c: Ctx) => `${deps.publicUrl ?? new URL(c.req.url).origin}${OA_CALLBACK_PATH}`;

/** Keeps the consent for this session and sends the browser to Zalo's consent page. */
async function redirectToZalo(deps: AppDeps, c: Ctx, consent: Omit<OaConsent, 'codeVerifier'>) {
  const sessionHash = sessionTokenHash(c);
  // Zalo sends the browser back with the session cookie; an API token has no browser to come back.
  if (!sessionHash) throw new DomainError('FORBIDDEN', t('Kết nối OA với Zalo cần đăng nhập bằng mật khẩu trên trình duyệt.', 'Connecting an OA to Zalo needs a password login in the browser.'));
  const { verifier, challenge } = createPkcePair();
  const state = randomBytes(32).toString('base64url');
  await saveConsent(deps.db, deps.box, { state, sessionHash, staffId: c.get('actor').staffId, consent: { ...consent, codeVerifier: verifier } });
  const url = buildPermissionUrl({ appId: consent.appId, redirectUri: callbackUrl(deps, c), codeChallenge: challenge, state, oauthBase: deps.zaloConfig.ZALO_OAUTH_BASE });
  return c.redirect(url, 303);
}

export function oaConsoleRoutes(deps: AppDeps) {
  const app = new Hono<StaffEnv>();
  const guard = [requireStaff(deps.db), requireAdmin] as const;

  const oasFor = (actor: StaffActor): Promise<Oa[]> => oasAdministeredBy(deps.db, actor);

  async function show(c: Ctx, form: FormState = { values: {} }, status: ContentfulStatusCode = 200) {
    const actor = c.get('actor');
    const [oas, units] = await Promise.all([oasFor(actor), adminUnits(deps.db, actor)]);
    const flash = form.problem ? undefined : await takeFlash(c, deps.secret);
    return c.html(<OasPage actor={actor} oas={oas} units={units.options} callbackUrl={callbackUrl(deps, c)} form={form} flash={flash} />, status);
  }

  app.get(PAGE, ...guard, (c) => show(c));

  app.post(`${PAGE}/connect`, ...guard, async (c) => {
    const values = await formBody(c);
    const shown = { ...values, appSecret: '', oaSecretKey: '' }; // secrets are never shown back
    const parsed = ConnectForm.safeParse(values);
    if (!parsed.success) return show(c, { values: shown, problem: { at: 'connect', message: t('Thông tin OA chưa hợp lệ.', 'The OA details are not valid.'), issues: zodIssues(parsed.error) } }, 422);
    const { options } = await adminUnits(deps.db, c.get('actor'));
    if (!options.some((u) => u.id === parsed.data.unitId)) {
      const issues = [{ path: 'unitId', message: t('Bạn không quản trị đơn vị này', 'You do not administer this unit') }];
      return show(c, { values: shown, problem: { at: 'connect', message: t('Thông tin OA chưa hợp lệ.', 'The OA details are not valid.'), issues } }, 422);
    }
    return redirectToZalo(deps, c, parsed.data);
  });

  app.post(`${PAGE}/:oaId/connect`, ...guard, async (c) => {
    const oa = (await oasFor(c.get('actor'))).find((o) => o.oaId === c.req.param('oaId'));
    if (!oa) throw new DomainError('NOT_FOUND', t('Không có OA này trong các đơn vị bạn quản trị.', 'No such OA in the units you administer.'));
    // The stored app secret and OA secret key stay; only the grant is renewed.
    return redirectToZalo(deps, c, { oaId: oa.oaId, unitId: oa.unitId, name: oa.name, appId: oa.appId });
  });

  // Zalo's redirect after the OA admin's "Cho phép": ?code=…&oa_id=…&state=… (§1.2).
  app.get(OA_CALLBACK_PATH, ...guard, async (c) => {
    const actor = c.get('actor');
    const refuse = (message: string, status: ContentfulStatusCode = 400) => show(c, { values: {}, problem: { at: 'top', message } }, status);
    const { state, code, oa_id: oaId } = c.req.query();
    const sessionHash = sessionTokenHash(c);
    const taken = state && sessionHash ? await takeConsent(deps.db, deps.box, state, sessionHash) : undefined;
    if (!taken || taken.staffId !== actor.staffId) {
      return refuse(t('Liên kết trở về từ Zalo không hợp lệ: không có yêu cầu kết nối nào như vậy trong phiên đăng nhập này, hoặc yêu cầu đã được dùng. Không có gì thay đổi; hãy bấm kết nối lại.', 'The link back from Zalo is not valid: this login session has no such connection request, or it was already used. Nothing changed; start the connection again.'));
    }
    if (taken.expired) return refuse(t('Yêu cầu kết nối đã quá 10 phút nên hết hiệu lực. Không có gì thay đổi; hãy bấm kết nối lại.', 'The connection request is over 10 minutes old and has expired. Nothing changed; start the connection again.'));
    const { consent } = taken;
    if (!code) return refuse(t('Zalo không gửi mã ủy quyền: quản trị viên OA chưa bấm "Cho phép". Không có gì thay đổi.', 'Zalo sent no authorization code: the OA admin did not click "Allow". Nothing changed.'));
    if (!oaId || !/^\d{1,30}$/.test(oaId)) return refuse(t('Zalo không cho biết OA nào đã cấp quyền. Không có gì thay đổi.', 'Zalo did not say which OA granted access. Nothing changed.'), 502);
    // Grants may have changed while the admin was at Zalo: the scope is checked again.
    const inScope = consent.oaId
      ? (await oasFor(actor)).some((o) => o.oaId === consent.oaId)
      : (await adminUnits(deps.db, actor)).options.some((u) => u.id === consent.unitId);
    if (!inScope) return refuse(t('Bạn không còn quản trị đơn vị của OA này.', 'You no longer administer this OA\'s unit.'), 403);

    const registered = await oaCredentials(deps.db, deps.box, oaId);
    let credentials: { unitId: string; appSecret: string; oaSecretKey: string };
    if (consent.oaId) {
      // Re-authorising: the grant must be that OA's, or we would store another OA's tokens under its name.
      if (oaId !== consent.oaId || !registered) {
        return refuse(t(`Zalo trả về quyền của OA ${oaId}, không phải của OA ${consent.name} (${consent.oaId}) đang được ủy quyền lại. Không có gì thay đổi; hãy chọn đúng OA trên trang của Zalo.`, `Zalo returned access for OA ${oaId}, not for OA ${consent.name} (${consent.oaId}) being re-authorised. Nothing changed; choose the right OA on Zalo's page.`), 422);
      }
      credentials = registered;
    } else {
      // A new OA is the one Zalo names; one already registered is re-authorised from its own row instead.
      if (registered) return refuse(t(`OA ${oaId} đã có trong danh sách. Không có gì thay đổi; hãy dùng nút "Ủy quyền lại" của OA đó.`, `OA ${oaId} is already listed. Nothing changed; use that OA's "Re-authorise" button.`), 409);
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
    const done = consent.oaId ? t(`Đã ủy quyền lại cho OA ${consent.name}.`, `Re-authorised OA ${consent.name}.`) : t(`Đã kết nối OA ${consent.name} (OA ID ${oaId}).`, `Connected OA ${consent.name} (OA ID ${oaId}).`);
    return redirectWith(c, deps.secret, PAGE, done);
  });

  // An OA authorised elsewhere (another system, Zalo's API Explorer): its refresh token, checked with Zalo first.
  app.post(`${PAGE}/refresh-token`, ...guard, async (c) => {
    const values = await formBody(c);
    const shown = { ...values, refreshToken: '' };
    const parsed = RefreshTokenForm.safeParse(values);
    if (!parsed.success) return show(c, { values: shown, problem: { at: 'refreshToken', message: t('Thông tin ủy quyền chưa hợp lệ.', 'The authorisation details are not valid.'), issues: zodIssues(parsed.error) } }, 422);
    const oa = (await oasFor(c.get('actor'))).find((o) => o.oaId === parsed.data.oaId);
    if (!oa) throw new DomainError('NOT_FOUND', t('Không có OA này trong các đơn vị bạn quản trị.', 'No such OA in the units you administer.'));
    const credentials = await oaCredentials(deps.db, deps.box, oa.oaId);
    if (!credentials) throw new DomainError('NOT_FOUND', t('Không có OA này.', 'No such OA.'));
    try {
      await registerOaWithGrant(deps.db, deps.box, deps.zaloConfig, { ...credentials, name: oa.name, grant: { refreshToken: parsed.data.refreshToken } });
    } catch (err) {
      if (!(err instanceof DomainError) || (err.code !== 'VALIDATION_FAILED' && err.code !== 'UNAVAILABLE')) throw err;
      const issues = err.issues.map((i) => ({ ...i, path: i.path === 'grant.refreshToken' ? 'refreshToken' : i.path }));
      return show(c, { values: shown, problem: { at: 'refreshToken', message: err.message, issues } }, err.status as ContentfulStatusCode);
    }
    return redirectWith(c, deps.secret, PAGE, t(`Đã cấp quyền lại cho OA ${oa.name} bằng refresh token.`, `Re-authorised OA ${oa.name} with a refresh token.`));
  });

  return app;
}

const statusLabel = (status: Oa['status']) => (status === 'active' ? t('Đang hoạt động', 'Active') : t('Cần cấp quyền lại', 'Needs re-authorisation'));

interface PageProps {
  actor: StaffActor;
  oas: Oa[];
  units: UnitOption[];
  callbackUrl: string;
  form: FormState;
  flash?: string;
}

function OasPage({ actor, oas, units, callbackUrl, form, flash }: PageProps) {
  const waiting = oas.filter((o) => o.status === 'needs_reauth').length;
  const problemAt = (at: PageProblem['at']) => (form.problem?.at === at ? form.problem : undefined);
  return (
    <ConsoleLayout title="Zalo OA" actor={actor} current="oas">
      <h1>{t('Tài khoản Zalo OA', 'Zalo Official Accounts')}</h1>
      <p class="lead">
        {t('OA của các đơn vị bạn quản trị. Khóa bí mật và token được mã hoá khi lưu và không bao giờ hiển thị; khi Zalo thu hồi quyền, OA cần được ủy quyền lại.', 'OAs of the units you administer. Secret keys and tokens are encrypted at rest and never shown; when Zalo revokes access, the OA must be re-authorised.')}
      </p>
      <Flash message={flash} />
      <ProblemBox problem={problemAt('top')} title={t('Chưa kết nối được với Zalo', 'Not connected to Zalo')} />
      {waiting > 0 && (
        <p class="problem" role="note">
          <strong>{waiting} {t('OA cần cấp quyền lại', 'OA(s) need re-authorisation')}</strong>{t(': tin nhắn gửi qua các OA này đang dừng.', ': messages through these OAs are on hold.')}
        </p>
      )}
      {oas.length === 0 ? (
        <p class="card">{t('Chưa có OA nào được đăng ký cho các đơn vị bạn quản trị.', 'No OA is registered for the units you administer.')}</p>
      ) : (
        <section class="card" aria-labelledby="oas-title">
          <h2 id="oas-title">{t('Danh sách OA (', 'OAs (')}{oas.length})</h2>
          <table class="responsive" id="oas">
            <thead>
              <tr>
                <th scope="col">OA</th>
                <th scope="col">{t('Đơn vị', 'Unit')}</th>
                <th scope="col">{t('Tình trạng', 'Status')}</th>
                <th scope="col">{t('Cập nhật', 'Updated')}</th>
                <th scope="col">{t('Thao tác', 'Actions')}</th>
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
                  <Cell label={t('Đơn vị', 'Unit')}>{o.unitName}</Cell>
                  <Cell label={t('Tình trạng', 'Status')}>
                    <span class={o.status === 'active' ? 'badge ok' : 'badge late'}>{statusLabel(o.status)}</span>
                    {o.status === 'needs_reauth' && o.lastError && <div class="small">{t('Lỗi gần nhất:', 'Last error:')} {o.lastError}</div>}
                    {o.status === 'active' && o.accessTokenExpiresAt && <div class="small muted">{t('Access token hết hạn lúc', 'Access token expires at')} {dateTime(o.accessTokenExpiresAt)}</div>}
                  </Cell>
                  <Cell label={t('Cập nhật', 'Updated')}>{dateTime(o.updatedAt)}</Cell>
                  <Cell label={t('Thao tác', 'Actions')}>
                    <form method="post" action={`${PAGE}/${encodeURIComponent(o.oaId)}/connect`}>
                      <button type="submit">
                        {t('Ủy quyền lại', 'Re-authorise')}
                        <span class="vh">{t(` cho ${o.name}`, ` ${o.name}`)}</span>
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
      <h2 id="oa-connect-title">{t('Kết nối OA mới', 'Connect a new OA')}</h2>
      <p class="help">
        {t('Khai báo Callback URL của ứng dụng trên Zalo for Developers (Official Account → Thiết lập chung) đúng là', 'Declare the app\'s Callback URL on Zalo for Developers (Official Account → General settings) exactly as')} <code>{callbackUrl}</code>{t('. Sau khi bấm nút, quản trị viên OA chọn OA trên trang của Zalo và bấm "Cho phép"; OA được lưu khi Zalo trả về quyền.', '. After the click, the OA admin chooses the OA on Zalo\'s page and clicks "Allow"; the OA is saved when Zalo grants access.')}
      </p>
      <ProblemBox problem={problem && { message: problem.message }} title={t('Chưa kết nối được', 'Not connected')} />
      <form method="post" action={`${PAGE}/connect`}>
        <div class="field">
          <label for="oa-connect-unitId">{t('Đơn vị', 'Unit')}</label>
          <FieldError id="oa-connect-unitId" message={unitError} />
          <select id="oa-connect-unitId" name="unitId" aria-invalid={unitError ? 'true' : undefined} aria-describedby={unitError ? 'oa-connect-unitId-error' : undefined}>
            {units.map((u) => (
              <option value={u.id} selected={unitId === u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </div>
        <Field form="oa-connect" name="name" label={t('Tên hiển thị của OA', 'The OA\'s display name')} problem={problem} value={formValue(values, 'name')} />
        <Field form="oa-connect" name="appId" label="App ID" help={t('Mã ứng dụng trên Zalo for Developers (dãy chữ số).', 'The app\'s ID on Zalo for Developers (digits).')} problem={problem} value={formValue(values, 'appId')} inputmode="numeric" />
        <Field form="oa-connect" name="appSecret" label="App Secret Key" help={t('Khóa bí mật của ứng dụng (Cài đặt ứng dụng).', 'The app\'s secret key (app settings).')} problem={problem} secret />
        <Field form="oa-connect" name="oaSecretKey" label="OA Secret Key" help={t('Khóa ký webhook (trang Webhook của ứng dụng).', 'The webhook signing key (the app\'s Webhook page).')} problem={problem} secret />
        <div class="buttons">
          <button type="submit">{t('Kết nối với Zalo', 'Connect with Zalo')}</button>
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
      <h2 id="oa-refresh-title">{t('Cấp quyền bằng refresh token', 'Authorise with a refresh token')}</h2>
      <p class="help">{t('Cho OA đã được cấp quyền ở nơi khác (hệ thống khác, API Explorer của Zalo). Token được kiểm tra với Zalo trước khi lưu.', 'For an OA authorised elsewhere (another system, Zalo\'s API Explorer). The token is checked with Zalo before it is saved.')}</p>
      <ProblemBox problem={problem && { message: problem.message }} title={t('Chưa cấp quyền lại được', 'Not re-authorised')} />
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
          <button type="submit">{t('Cấp quyền lại', 'Re-authorise')}</button>
        </div>
      </form>
    </section>
  );
}
