// The clerk's console pages of dossiers: the inbox, a dossier's page and its actions (claim,
// release, act, book), its uploaded documents and printed papers. Every change goes through the same
// services as the JSON API (scope check, then a workflow Update) and ends in a redirect back to the
// page (Post/Redirect/Get); a business error (409 conflict, 422 missing input, …) is shown on the
// page with what the clerk typed.
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import { DomainError } from '../../domain/errors.js';
import type { AppDeps } from '../app.js';
import { dateTime } from '../../domain/wording/dates.js';
import { t } from '../console/i18n.js';
import { formBody, redirectWith, takeFlash, zodIssues, type Ctx, type FormValues } from '../console/page-kit.js';
import { PAPER_KINDS } from '../documents/papers.js';
import { IMAGE_CSP, PDF_CSP, previewType } from '../documents/preview.js';
import { dossierPaper, pdfResponse } from '../documents/service.js';
import { requireStaff, type StaffEnv } from '../staff/auth.js';
import { findDossierForStaff } from './access.js';
import { dossierData, inboxData, parseInboxCursor } from './console-data.js';
import { DossierPage } from './dossier-page.js';
import { actionFormId, type FormProblem } from './dossier-work.js';
import { InboxPage, INBOX_TABS } from './inbox-page.js';
import { ActForm, BookForm, DossierCodeParam } from './schemas.js';
import type { InboxView } from './inbox.js';
import { actOnDossier, bookAppointment, claimDossier, releaseDossier } from './updates.js';

/** The dossier code of the path; an impossible one is simply not found. */
const codeOf = (c: Ctx): string => {
  const parsed = DossierCodeParam.shape.code.safeParse(c.req.param('code'));
  if (!parsed.success) throw new DomainError('NOT_FOUND', t('Không tìm thấy hồ sơ.', 'Dossier not found.'));
  return parsed.data;
};

export function dossierConsoleRoutes(deps: AppDeps) {
  const app = new Hono<StaffEnv>();
  const staff = requireStaff(deps.db);

  app.get('/console', staff, async (c) => {
    const actor = c.get('actor');
    const asked = c.req.query('view');
    const view: InboxView = INBOX_TABS.find((x) => x.view === asked)?.view ?? 'all';
    const q = (c.req.query('q') ?? '').trim().slice(0, 100);
    const after = parseInboxCursor(c.req.query('after'));
    const { rows, next } = await inboxData(deps.db, actor, view, { q: q || undefined, after });
    return c.html(<InboxPage actor={actor} view={view} rows={rows} q={q} paged={after !== undefined} next={next} flash={await takeFlash(c, deps.secret)} />);
  });

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

  fileRoutes(app, deps);

  return app;
}

/** A dossier's uploaded documents (download, preview) and its printed papers, in the clerk's scope. */
function fileRoutes(app: Hono<StaffEnv>, deps: AppDeps) {
  const staff = requireStaff(deps.db);
  const files = deps.files;

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
}
