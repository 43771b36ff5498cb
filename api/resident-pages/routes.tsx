// Pages residents open from links in a Zalo chat (`/r/<token>`): submit a procedure's dossier
// with its documents, or follow a dossier. Server-rendered HTML without scripts; every failure
// is a page in Vietnamese with a 4xx status, never a stack trace or JSON.
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { localDate } from '../../domain/calendar.js';
import { DomainError } from '../../domain/errors.js';
import { logUnhandled } from '../errors.js';
import { createFormLink, FormLinkError, LINK_FAILURES, verifyFormLink } from '../../zalo/links.js';
import type { AppDeps } from '../app.js';
import { PAPER_KINDS } from '../documents/papers.js';
import { dossierPaper, pdfResponse } from '../documents/service.js';
import { hasProblems, readSubmission } from './form-input.js';
import { Notice } from './layout.js';
import { dossierCodeOf, dossierStatus, followedDossier, prefill, submitContext, submitFromLink } from './service.js';
import { StatusPage } from './status-page.js';
import { ConfirmationPage, SubmitPage } from './submit-page.js';

const MAX_BODY_MB = 26;
const STATUS_LINK_TTL_MS = 30 * 24 * 60 * 60 * 1000;
/** Where uploads go when the app is given no store (relative to the working directory). */

export function residentPages(deps: AppDeps) {
  const files = deps.files;
  const app = new Hono();

  app.use('/r/*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store'); // personal data
    // The pages need nothing but their own inline styles and forms (PDFs bring their own CSP).
    if (!c.res.headers.has('Content-Security-Policy')) {
      c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
    }
  });

  app.onError(async (err, c) => {
    if (err instanceof FormLinkError) {
      if (err.reason === 'used') return usedPage(c, err.link?.dossierId && (await dossierCodeOf(deps.db, err.link.dossierId)));
      return notice(c, err.status, err.reason === 'expired' ? 'Đường dẫn đã hết hạn' : 'Đường dẫn không hợp lệ', err.message);
    }
    // Two submissions of one link with different content: the first one made the dossier.
    if (err instanceof DomainError && err.code === 'IDEMPOTENCY_MISMATCH') return usedPage(c, undefined);
    if (err instanceof DomainError) {
      const title = err.code === 'PROCEDURE_RETIRED' ? 'Thủ tục đã ngừng áp dụng' : 'Chưa thực hiện được';
      return notice(c, err.status as ContentfulStatusCode, title, err.message);
    }
    logUnhandled(err, c);
    return notice(c, 500, 'Lỗi hệ thống', 'Hệ thống đang gặp sự cố, vui lòng thử lại sau ít phút.');
  });

  app.get('/r/:token', async (c) => {
    const link = await verifyFormLink(deps.db, deps.secret, c.req.param('token'));
    // Status and supplement links both follow a dossier.
    if (link.purpose !== 'submit') return c.html(<StatusPage status={await dossierStatus(deps.db, link)} token={c.req.param('token')} />);
    const ctx = await submitContext(deps.db, deps.box, link);
    return c.html(<SubmitPage ctx={ctx} state={{ values: prefill(ctx), errors: {}, general: [] }} />);
  });

  // The applicant's own papers, through the signed link that follows their dossier.
  for (const kind of PAPER_KINDS) {
    app.get(`/r/:token/${kind}.pdf`, async (c) => {
      const link = await verifyFormLink(deps.db, deps.secret, c.req.param('token'));
      return pdfResponse(c, await dossierPaper(deps.db, await followedDossier(deps.db, link), kind));
    });
  }

  app.post(
    '/r/:token',
    bodyLimit({
      maxSize: MAX_BODY_MB * 1024 * 1024,
      onError: (c) => notice(c, 413, 'Tệp quá lớn', `Tổng dung lượng gửi lên vượt quá ${MAX_BODY_MB} MB. Vui lòng chụp lại ảnh nhỏ hơn rồi gửi lại.`),
    }),
    async (c) => {
      const link = await verifyFormLink(deps.db, deps.secret, c.req.param('token'));
      if (link.purpose !== 'submit') return notice(c, 405, 'Không gửi được', 'Đường dẫn này chỉ dùng để xem tình trạng hồ sơ.');
      const ctx = await submitContext(deps.db, deps.box, link);
      const body = await c.req.formData().catch(() => undefined);
      if (!body) return notice(c, 400, 'Dữ liệu gửi lên bị lỗi', 'Vui lòng mở lại đường dẫn trong tin nhắn Zalo và gửi lại hồ sơ.');

      const submission = await readSubmission(ctx.definition, body, localDate(Date.now()));
      if (hasProblems(submission)) return c.html(<SubmitPage ctx={ctx} state={submission} />, 422);

      const { code, claimed } = await submitFromLink({ ...deps, files }, link, ctx, submission);
      if (!claimed) return usedPage(c, code);
      const statusUrl = await createFormLink(
        deps.db,
        deps.secret,
        { oaId: link.oaId, userId: link.userId, purpose: 'status', dossierCode: code, ttlMs: STATUS_LINK_TTL_MS },
        '',
      );
      return c.html(<ConfirmationPage ctx={ctx} code={code} statusUrl={statusUrl} />);
    },
  );

  return app;
}

function notice(c: Context, status: ContentfulStatusCode, title: string, message: string, children?: Child) {
  return c.html(
    <Notice title={title} message={message}>
      {children}
    </Notice>,
    status,
  );
}

/** A submission link opened or sent again: say so, with the dossier it made when known. */
function usedPage(c: Context, code: string | undefined) {
  return notice(
    c,
    409,
    'Hồ sơ đã được gửi',
    LINK_FAILURES.used.message,
    code && (
      <p>
        Mã hồ sơ: <span class="code">{code}</span>. Tình trạng hồ sơ sẽ được báo qua tin nhắn Zalo.
      </p>
    ),
  );
}
