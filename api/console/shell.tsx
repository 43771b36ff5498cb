// The console's shell under /console: its middleware (language, CSP, no caching, body limit), the
// error page, its assets (nothing comes from a CDN), login and logout. Each feature's console pages
// (api/<feature>/console.tsx) are mounted inside it, so they share that middleware and error page;
// they sit behind requireStaff (the session cookie of a password login, CSRF-checked there, or a
// bearer token).
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { DomainError } from '../../domain/errors.js';
import { logUnhandled } from '../errors.js';
import type { AppDeps } from '../app.js';
import { checkFormCsrf, type StaffEnv } from '../staff/auth.js';
import { endSession, LoginBody, startSession } from '../staff/sessions.js';
import { ASSETS, type AssetName } from './assets.js';
import { consoleLocale, t } from './i18n.js';
import { ConsoleNotice } from './layout.js';
import { LoginPage } from './login-page.js';
import { formBody, formValue, zodIssues } from './page-kit.js';
import { trustedProxies } from '../staff/client-address.js';

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

/** Only paths of the console itself (no open redirect). */
function safeNext(next: string | undefined): string {
  return next && /^\/console(?:[/?#]|$)/.test(next) && !next.startsWith('//') ? next : '/console';
}

/** The console: its own routes, then each feature's pages (`pages`, in order), then the 404 page. */
export function consoleShell(deps: AppDeps, pages: Hono<StaffEnv>[]) {
  const app = new Hono<StaffEnv>();
  const proxies = trustedProxies(deps.trustedProxies);

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
      await startSession(c, deps.db, proxies, parsed.data.username, parsed.data.password);
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

  for (const page of pages) app.route('/', page);

  app.all('/console/*', (c) => notice(c, 404, t('Không tìm thấy', 'Not found'), t('Không có trang này trong bảng điều khiển.', 'The console has no such page.')));

  return app;
}

function notice(c: Context, status: ContentfulStatusCode, title: string, message: string, actor?: StaffEnv['Variables']['actor']) {
  return c.html(<ConsoleNotice title={title} message={message} actor={actor} />, status);
}

