// The clerk console under /console: server-rendered pages behind requireStaff (the session cookie
// of a password login, CSRF-checked there, or a bearer token). Every change goes through the same services as
// the JSON API (scope check, then a workflow Update) and ends in a redirect back to the page
// (Post/Redirect/Get); a business error (409 conflict, 422 missing input, …) is shown on the page
// with what the clerk typed. Assets are served here; nothing comes from a CDN.
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import { localDate } from '../../domain/calendar.js';
import type { StaffActor } from '../../domain/contracts/dossier.js';
import { mermaidStateDiagram } from '../../domain/dsl/diagram.js';
import { validateDefinition } from '../../domain/dsl/validate.js';
import { DomainError } from '../../domain/errors.js';
import { logUnhandled } from '../errors.js';
import type { AppDeps } from '../app.js';
import { checkFormCsrf, requireAdmin, requireStaff, type StaffEnv } from '../auth.js';
import { PAPER_KINDS } from '../documents/papers.js';
import { IMAGE_CSP, PDF_CSP, previewType } from '../documents/preview.js';
import { dossierPaper, pdfResponse } from '../documents/service.js';
import { endSession, LoginBody, startSession } from '../routes/auth.routes.js';
import { DossierCodeParam } from '../routes/schemas.js';
import { createDraft, dryRunDefinition, getVersion, publish, retire } from '../services/definitions.js';
import { actOnDossier, bookAppointment, claimDossier, findDossierForStaff, releaseDossier, type InboxView } from '../services/dossiers.js';
import { listUnits } from '../services/units.js';
import { adminCalendarRoutes } from './admin-calendar.js';
import { initialDryRunFields, parseDryRunForm, wantsDryRun, type DryRunState } from './admin-dry-run.js';
import { adminOasRoutes } from './admin-oas.js';
import { adminStaffRoutes } from './admin-staff.js';
import { AdminPage, RetirePage, type EditorState } from './admin-page.js';
import { adminTemplatesRoutes } from './admin-templates.js';
import { adminUnitsRoutes } from './admin-units.js';
import { ASSETS, type AssetName } from './assets.js';
import { conversationRoutes } from './conversations.js';
import { dossierData, inboxData, parseInboxCursor, procedureVersions, retireCandidate } from './data.js';
import { actionFormId, DossierPage, type FormProblem } from './dossier-page.js';
import { dateTime } from './format.js';
import { InboxPage, INBOX_TABS } from './inbox-page.js';
import { consoleLocale, errorText, t } from './i18n.js';
import { ConsoleNotice, type Problem } from './layout.js';
import { LoginPage } from './login-page.js';
import { formBody, formValue, redirectWith, takeFlash, zodIssues, type Ctx, type FormValues } from './page-kit.js';
import { reportsPageRoutes } from './reports-page.js';

/** The largest console form body (a procedure definition is the biggest). */
const MAX_FORM_BYTES = 1024 * 1024;

/** The console's policy; `formTargets` are other origins a form may lead to (its answer may redirect there). */
const csp = (formTargets: string[] = []) =>
  [
    "default-src 'none'",
    "style-src 'self'",
    "script-src 'self'",
    "connect-src 'self'",
    "img-src 'self'",
    ["form-action 'self'", ...formTargets].join(' '),
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');


// ---- form bodies ----

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => v || undefined);
const lines = (v: string | undefined) => (v ?? '').split('\n').map((s) => s.trim()).filter(Boolean);

const ActForm = z
  .object({
    action: z.string().min(1).max(100),
    branch: optionalText(100),
    expectedVersion: z.coerce.number().int().nonnegative(),
    reason: optionalText(2000),
    note: optionalText(2000),
    // Checked documents and free lines of "other documents" make one list, as the API takes it.
    missingDocuments: z
      .union([z.string(), z.array(z.string())])
      .optional()
      .transform((v) => [v ?? []].flat().map((s) => s.trim()).filter(Boolean)),
    otherDocuments: z.string().max(2000).optional().transform(lines),
  })
  .transform(({ missingDocuments, otherDocuments, ...rest }) => ({ ...rest, missingDocuments: [...missingDocuments, ...otherDocuments] }))
  .refine((v) => v.missingDocuments.length <= 30 && v.missingDocuments.every((d) => d.length <= 300), {
    path: ['missingDocuments'],
    ...errorText('Tối đa 30 giấy tờ, mỗi giấy tờ ghi tối đa 300 ký tự', 'At most 30 documents of at most 300 characters each'),
  })
  .transform((v) => ({ ...v, missingDocuments: v.missingDocuments.length > 0 ? v.missingDocuments : undefined }));

const BookForm = z.object({ startsAt: z.iso.datetime({ offset: true }) });
const VersionParams = z.object({ code: z.string().regex(/^[A-Z][A-Z0-9_]*$/), version: z.coerce.number().int().positive() });

/** Only paths of the console itself (no open redirect). */
function safeNext(next: string | undefined): string {
  return next && /^\/console(?:[/?#]|$)/.test(next) && !next.startsWith('//') ? next : '/console';
}

export function consoleRoutes(deps: AppDeps) {
  const app = new Hono<StaffEnv>();
  const staff = requireStaff(deps.db);
  const files = deps.files;

  app.use('/console/*', consoleLocale);
  // The OA page's "Kết nối với Zalo" and "Ủy quyền lại" forms are answered with a redirect to Zalo's
  // consent page, which form-action governs too: only that page may lead to Zalo's OAuth host.
  const consoleCsp = csp();
  const oaPageCsp = csp([new URL(deps.zaloConfig.ZALO_OAUTH_BASE).origin]);
  app.use('/console/*', async (c, next) => {
    await next();
    // Responses that are not console pages (PDFs, previews of uploads) bring their own, stricter CSP.
    if (!c.res.headers.has('Content-Security-Policy')) {
      c.header('Content-Security-Policy', c.req.path.startsWith('/console/admin/oas') ? oaPageCsp : consoleCsp);
    }
    if (!c.req.path.startsWith('/console/assets/')) c.header('Cache-Control', 'no-store'); // personal data
  });
  app.post(
    '/console/*',
    bodyLimit({ maxSize: MAX_FORM_BYTES, onError: (c) => notice(c, 413, t('Dữ liệu quá lớn', 'Too much data'), t('Nội dung gửi lên vượt quá 1 MB.', 'The submitted content is over 1 MB.')) }),
  );

  app.onError((err, c) => {
    const actor = c.get('actor') as StaffEnv['Variables']['actor'] | undefined;
    if (err instanceof DomainError) {
      if (err.code === 'UNAUTHENTICATED') {
        const next = c.req.method === 'GET' ? `?next=${encodeURIComponent(c.req.path + new URL(c.req.url).search)}` : '';
        return c.redirect(`/console/login${next}`, 303);
      }
      const title = err.code === 'NOT_FOUND' ? t('Không tìm thấy', 'Not found') : err.code === 'FORBIDDEN' ? t('Không có quyền truy cập', 'Access denied') : t('Chưa thực hiện được', 'Not done');
      return notice(c, err.status as ContentfulStatusCode, title, err.message, actor);
    }
    if (err instanceof HTTPException) {
      return notice(c, err.status as ContentfulStatusCode, t('Yêu cầu không hợp lệ', 'Invalid request'), t('Vui lòng tải lại trang và thử lại.', 'Please reload the page and try again.'), actor);
    }
    logUnhandled(err, c);
    return notice(c, 500, t('Lỗi hệ thống', 'System error'), t('Hệ thống đang gặp sự cố, vui lòng thử lại sau ít phút.', 'The system has a problem; please try again in a few minutes.'), actor);
  });

  app.get('/console/assets/:name', (c) => {
    const name = c.req.param('name');
    const asset = Object.hasOwn(ASSETS, name) ? ASSETS[name as AssetName] : undefined;
    if (!asset) return c.text(t('Không có tệp này.', 'No such file.'), 404);
    return c.body(asset.body, 200, { 'Content-Type': asset.type, 'Cache-Control': 'public, max-age=31536000, immutable' });
  });

  app.get('/console/login', (c) => c.html(<LoginPage next={safeNext(c.req.query('next'))} />));

  // The login form without any script: the same checks and session as POST /auth/login.
  app.post('/console/login', async (c) => {
    await checkFormCsrf(c); // login CSRF: no other site may sign this browser in
    const values = await formBody(c);
    const next = safeNext(formValue(values, 'next'));
    const username = formValue(values, 'username');
    const parsed = LoginBody.safeParse({ username, password: formValue(values, 'password') });
    if (!parsed.success) {
      const problem = { message: t('Hãy nhập tên đăng nhập và mật khẩu.', 'Enter your username and password.'), issues: zodIssues(parsed.error) };
      return c.html(<LoginPage next={next} username={username} problem={problem} />, 422);
    }
    try {
      await startSession(c, deps.db, parsed.data.username, parsed.data.password);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      return c.html(<LoginPage next={next} username={username} problem={{ message: err.message }} />, err.status as ContentfulStatusCode);
    }
    return c.redirect(next, 303);
  });

  app.post('/console/logout', async (c) => {
    await endSession(c, deps.db);
    return c.redirect('/console/login', 303);
  });

  // ---- inbox and dossiers ----

  app.get('/console', staff, async (c) => {
    const actor = c.get('actor');
    const asked = c.req.query('view');
    const view: InboxView = INBOX_TABS.find((x) => x.view === asked)?.view ?? 'all';
    const q = (c.req.query('q') ?? '').trim().slice(0, 100);
    const after = parseInboxCursor(c.req.query('after'));
    const { rows, next } = await inboxData(deps.db, actor, view, { q: q || undefined, after });
    return c.html(<InboxPage actor={actor} view={view} rows={rows} q={q} paged={after !== undefined} next={next} flash={await takeFlash(c, deps.secret)} />);
  });

  const codeOf = (c: Ctx): string => {
    const parsed = DossierCodeParam.shape.code.safeParse(c.req.param('code'));
    if (!parsed.success) throw new DomainError('NOT_FOUND', t('Không tìm thấy hồ sơ.', 'Dossier not found.'));
    return parsed.data;
  };

  async function showDossier(c: Ctx, code: string, failure?: { status: ContentfulStatusCode; problem: FormProblem }) {
    const actor = c.get('actor');
    const data = await dossierData(deps, actor, code);
    const flash = failure ? undefined : await takeFlash(c, deps.secret);
    return c.html(<DossierPage data={data} actor={actor} flash={flash} problem={failure?.problem} />, failure?.status ?? 200);
  }

  /**
   * Runs a change and redirects back with its outcome; a business refusal is shown on the page
   * (with the fresh state) instead. Not found and not logged in go to the error handler.
   */
  async function change(c: Ctx, code: string, form: { id: string; values: FormValues }, run: () => Promise<string>) {
    let done: string;
    try {
      done = await run();
    } catch (err) {
      if (!(err instanceof DomainError) || err.code === 'NOT_FOUND' || err.code === 'UNAUTHENTICATED') throw err;
      // The page shown with the refusal already has the dossier as it is now.
      const message = err.code === 'VERSION_CONFLICT' ? t(`${err.message} Trang dưới đây đã cập nhật tình trạng mới nhất.`, `${err.message} The page below shows the latest state.`) : err.message;
      const problem = { message, issues: err.issues, form: form.id, values: form.values };
      return showDossier(c, code, { status: err.status as ContentfulStatusCode, problem });
    }
    return redirectWith(c, deps.secret, `/console/dossiers/${code}`, done);
  }

  app.get('/console/dossiers/:code', staff, (c) => showDossier(c, codeOf(c)));

  app.post('/console/dossiers/:code/claim', staff, async (c) => {
    const actor = c.get('actor');
    const code = codeOf(c);
    const row = await findDossierForStaff(deps.db, actor, code, 'claim');
    return change(c, code, { id: 'claim', values: {} }, async () => {
      await claimDossier(deps, row, actor);
      return t('Bạn đã nhận xử lý hồ sơ này.', 'You have claimed this dossier.');
    });
  });

  app.post('/console/dossiers/:code/release', staff, async (c) => {
    const actor = c.get('actor');
    const code = codeOf(c);
    const row = await findDossierForStaff(deps.db, actor, code, 'release');
    return change(c, code, { id: 'release', values: {} }, async () => {
      await releaseDossier(deps, row, actor);
      return t('Đã bỏ nhận xử lý; hồ sơ trở lại danh sách chưa có người nhận.', 'Released; the dossier is back among the unassigned.');
    });
  });

  app.post('/console/dossiers/:code/actions', staff, async (c) => {
    const actor = c.get('actor');
    const code = codeOf(c);
    const values = await formBody(c);
    const one = (name: string) => (typeof values[name] === 'string' ? values[name] : undefined);
    const form = { id: actionFormId(one('action') ?? '', one('branch') || undefined), values };
    const row = await findDossierForStaff(deps.db, actor, code, 'act');
    const parsed = ActForm.safeParse(values);
    if (!parsed.success) {
      return showDossier(c, code, { status: 422, problem: { message: t('Dữ liệu gửi lên chưa hợp lệ.', 'The submitted data is not valid.'), issues: zodIssues(parsed.error), ...form } });
    }
    return change(c, code, form, async () => {
      const view = await actOnDossier(deps, row, { actor, ...parsed.data });
      return t(`Đã thực hiện. Hồ sơ hiện ở bước: ${view.stateLabel}.`, `Done. The dossier is now at: ${view.stateLabel}.`);
    });
  });

  app.post('/console/dossiers/:code/appointment', staff, async (c) => {
    const actor = c.get('actor');
    const code = codeOf(c);
    const values = await formBody(c);
    const row = await findDossierForStaff(deps.db, actor, code, 'book');
    const parsed = BookForm.safeParse(values);
    if (!parsed.success) {
      return showDossier(c, code, { status: 422, problem: { message: t('Hãy chọn một khung giờ.', 'Choose a slot.'), issues: zodIssues(parsed.error), form: 'book', values } });
    }
    return change(c, code, { id: 'book', values }, async () => {
      const startsAt = Date.parse(parsed.data.startsAt);
      await bookAppointment(deps, row, { actor, startsAt });
      return t(`Đã đặt lịch hẹn lúc ${dateTime(startsAt)}.`, `Booked an appointment at ${dateTime(startsAt)}.`);
    });
  });

  /** A stored upload of a dossier in the clerk's scope (404 for another unit's, as the page). */
  async function storedDocument(c: Ctx, purpose: string) {
    const row = await findDossierForStaff(deps.db, c.get('actor'), codeOf(c), purpose);
    const id = z.uuid().safeParse(c.req.param('id'));
    const doc = id.success
      ? await deps.db
          .selectFrom('documents')
          .select(['sha256', 'mime', 'filename'])
          .where('id', '=', id.data)
          .where('dossier_id', '=', row.id)
          .executeTakeFirst()
      : undefined;
    const bytes = doc && (await files.get(doc.sha256));
    if (!doc || !bytes) throw new DomainError('NOT_FOUND', t('Không tìm thấy tệp giấy tờ.', 'Document file not found.'));
    return { ...doc, bytes };
  }

  app.get('/console/dossiers/:code/documents/:id', staff, async (c) => {
    const doc = await storedDocument(c, 'document');
    return c.body(new Uint8Array(doc.bytes), 200, {
      'Content-Type': doc.mime,
      // Downloaded, never rendered in the console's origin (uploads come from outside).
      'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(doc.filename)}`,
    });
  });

  app.get('/console/dossiers/:code/documents/:id/preview', staff, async (c) => {
    const doc = await storedDocument(c, 'preview');
    // The type comes from the bytes, never from what the uploader's device declared.
    const mime = previewType(doc.bytes);
    if (!mime) throw new DomainError('NOT_FOUND', t('Tệp này không xem trước được; hãy tải về để xem.', 'This file has no preview; download it to view it.'));
    return c.body(new Uint8Array(doc.bytes), 200, {
      'Content-Type': mime,
      'Content-Disposition': `inline; filename*=UTF-8''${encodeURIComponent(doc.filename)}`,
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': mime === 'application/pdf' ? PDF_CSP : IMAGE_CSP,
    });
  });

  for (const kind of PAPER_KINDS) {
    app.get(`/console/dossiers/:code/${kind}.pdf`, staff, async (c) => {
      const row = await findDossierForStaff(deps.db, c.get('actor'), codeOf(c), kind);
      return pdfResponse(c, await dossierPaper(deps.db, row, kind));
    });
  }

  // ---- procedure definitions (admins) ----

  async function showAdmin(c: Ctx, opts: { editor?: EditorState; refusal?: { title: string; problem: Problem }; status?: ContentfulStatusCode } = {}) {
    const actor = c.get('actor');
    const versions = await procedureVersions(deps.db);
    const flash = opts.refusal || opts.editor?.problem ? undefined : await takeFlash(c, deps.secret);
    return c.html(
      <AdminPage actor={actor} versions={versions} editor={opts.editor ?? { text: '' }} flash={flash} refusal={opts.refusal} />,
      opts.status ?? 200,
    );
  }

  /** The procedure list with a refused publish or retire on top. */
  const showRefusal = (c: Ctx, title: string, err: DomainError) =>
    showAdmin(c, { status: err.status as ContentfulStatusCode, refusal: { title, problem: { message: err.message, issues: err.issues } } });

  /** Units a dossier can be dry-run at: those in operation today. */
  async function dryRunUnits() {
    const today = localDate(Date.now());
    return (await listUnits(deps.db)).filter((u) => u.validFrom <= today && (u.validTo === null || u.validTo >= today)).map(({ id, name }) => ({ id, name }));
  }

  /** A definition that validates: its diagram, and the dry-run controls (fresh unless given). */
  async function validEditor(actor: StaffActor, text: string, body: unknown, dryRun?: Omit<DryRunState, 'units'>): Promise<EditorState> {
    const checked = validateDefinition(body);
    if (!checked.ok) return { text, problem: { message: t(`Định nghĩa thủ tục có ${checked.issues.length} lỗi.`, `The procedure definition has ${checked.issues.length} problem(s).`), issues: checked.issues } };
    const fields = dryRun?.fields ?? initialDryRunFields(Date.now(), actor.grants[0]?.unitId ?? '');
    return { text, diagram: mermaidStateDiagram(checked.definition), dryRun: { ...dryRun, fields, units: await dryRunUnits() } };
  }

  app.get('/console/admin/procedures', staff, requireAdmin, async (c) => {
    const from = VersionParams.safeParse({ code: c.req.query('from'), version: c.req.query('version') });
    if (!from.success) return showAdmin(c);
    const body = await getVersion(deps.db, from.data.code, from.data.version);
    if (!body) return showAdmin(c, { status: 404, editor: { text: '', problem: { message: t(`Không có phiên bản ${from.data.version} của thủ tục ${from.data.code}.`, `Procedure ${from.data.code} has no version ${from.data.version}.`) } } });
    return showAdmin(c, { editor: await validEditor(c.get('actor'), JSON.stringify(body, null, 2), body) });
  });

  app.post('/console/admin/procedures', staff, requireAdmin, async (c) => {
    const values = await formBody(c);
    const text = typeof values.definition === 'string' ? values.definition : '';
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (err) {
      return showAdmin(c, { status: 422, editor: { text, problem: { message: jsonSyntaxMessage(text, err) } } });
    }
    if (wantsDryRun(values)) {
      const form = parseDryRunForm(values);
      const dryRun: Omit<DryRunState, 'units'> = { fields: form.fields, problem: form.problem };
      if (form.request) {
        try {
          dryRun.result = await dryRunDefinition(deps.db, { definition: body, ...form.request });
        } catch (err) {
          if (!(err instanceof DomainError)) throw err;
          dryRun.problem = { message: err.message, issues: err.issues.map((i) => (i.path === 'unitId' ? { ...i, path: 'dryUnit' } : i)) };
        }
      }
      const editor = await validEditor(c.get('actor'), text, body, dryRun);
      const failed = editor.problem || dryRun.problem || (dryRun.result && !dryRun.result.ok);
      return showAdmin(c, { status: failed ? 422 : 200, editor });
    }
    if (values.intent !== 'save') {
      const editor = await validEditor(c.get('actor'), text, body);
      return showAdmin(c, { status: editor.problem ? 422 : 200, editor: { ...editor, valid: !editor.problem } });
    }
    try {
      const draft = await createDraft(deps.db, body, c.get('actor').staffId);
      return await redirectWith(c, deps.secret, '/console/admin/procedures', t(`Đã lưu bản nháp ${draft.code} phiên bản ${draft.version}. Bản nháp chỉ áp dụng sau khi công bố.`, `Saved draft ${draft.code} version ${draft.version}. A draft applies only once published.`));
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      return showAdmin(c, { status: err.status as ContentfulStatusCode, editor: { text, problem: { message: err.message, issues: err.issues } } });
    }
  });

  function versionParams(c: Ctx) {
    const params = VersionParams.safeParse(c.req.param());
    if (!params.success) throw new DomainError('NOT_FOUND', t('Không có phiên bản thủ tục này.', 'No such procedure version.'));
    return params.data;
  }

  app.post('/console/admin/procedures/:code/versions/:version/publish', staff, requireAdmin, async (c) => {
    const { code, version } = versionParams(c);
    try {
      await publish(deps.db, code, version);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      return showRefusal(c, t('Chưa công bố được', 'Not published'), err);
    }
    return redirectWith(c, deps.secret, '/console/admin/procedures', t(`Đã công bố ${code} phiên bản ${version}; hồ sơ nộp từ nay dùng phiên bản này.`, `Published ${code} version ${version}; dossiers submitted from now on use it.`));
  });

  // Retiring takes two steps without script: this page says what stops and what goes on, its form confirms.
  app.get('/console/admin/procedures/:code/versions/:version/retire', staff, requireAdmin, async (c) => {
    const { code, version } = versionParams(c);
    try {
      return c.html(<RetirePage actor={c.get('actor')} candidate={await retireCandidate(deps.db, code, version)} />);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      return showRefusal(c, t('Chưa ngừng áp dụng được', 'Not retired'), err);
    }
  });

  app.post('/console/admin/procedures/:code/versions/:version/retire', staff, requireAdmin, async (c) => {
    const { code, version } = versionParams(c);
    try {
      await retire(deps.db, code, version, c.get('actor'));
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      return showRefusal(c, t('Chưa ngừng áp dụng được', 'Not retired'), err);
    }
    return redirectWith(
      c,
      deps.secret,
      '/console/admin/procedures',
      t(`Đã ngừng áp dụng ${code} phiên bản ${version}; thủ tục không nhận hồ sơ mới, hồ sơ đang giải quyết vẫn tiếp tục.`, `Retired ${code} version ${version}; the procedure takes no new dossiers, dossiers in progress go on.`),
    );
  });

  app.route('/', conversationRoutes(deps));

  app.route('/', adminTemplatesRoutes(deps));
  app.route('/', adminUnitsRoutes(deps));
  app.route('/', adminCalendarRoutes(deps));
  app.route('/', adminOasRoutes(deps));
  app.route('/', adminStaffRoutes(deps));
  app.route('/', reportsPageRoutes(deps));

  app.all('/console/*', (c) => notice(c, 404, t('Không tìm thấy', 'Not found'), t('Không có trang này trong bảng điều khiển.', 'The console has no such page.')));

  return app;
}

function notice(c: Context, status: ContentfulStatusCode, title: string, message: string, actor?: StaffEnv['Variables']['actor']) {
  return c.html(<ConsoleNotice title={title} message={message} actor={actor} />, status);
}

/** "dòng 12, cột 5" from V8's "… at position 123", for a JSON syntax error. */
function jsonSyntaxMessage(text: string, err: unknown): string {
  if (text.trim() === '') return t('Chưa nhập định nghĩa.', 'No definition entered.');
  const position = /position (\d+)/.exec(err instanceof Error ? err.message : '')?.[1];
  if (position === undefined) return t('JSON sai cú pháp (có thể thiếu dấu đóng ngoặc ở cuối).', 'JSON syntax error (perhaps a closing bracket is missing at the end).');
  const before = text.slice(0, Number(position)).split('\n');
  return t(`JSON sai cú pháp tại dòng ${before.length}, cột ${before.at(-1)!.length + 1}.`, `JSON syntax error at line ${before.length}, column ${before.at(-1)!.length + 1}.`);
}
