// The console's page shell: Vietnamese or English, one served stylesheet, a skip link, the clerk's
// name and roles, the places a clerk goes (inbox, reports; procedures, calendar, units and OAs for
// admins) and the language switch.
import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import { isAdmin } from '../../domain/access.js';
import type { StaffActor } from '../../domain/contracts/dossier.js';
import type { FieldIssue } from '../../domain/errors.js';
import { assetUrl, type AssetName } from './assets.js';
import { roleLabel, type Countdown } from './format.js';
import { locale, otherLanguage, t } from './i18n.js';

/** A business error to show on the page (409 conflict, 422 missing input, …). */
export interface Problem {
  message: string;
  issues?: FieldIssue[];
}

interface LayoutProps {
  title: string;
  actor?: StaffActor;
  current?: 'inbox' | 'conversations' | 'admin' | 'templates' | 'reports' | 'calendar' | 'units' | 'oas' | 'staff';
  /** Scripts this page needs, in order (all deferred); the console has none otherwise. */
  scripts?: AssetName[];
  children?: Child;
}

export function ConsoleLayout(props: LayoutProps) {
  const { actor } = props;
  const roles = actor ? [...new Set(actor.grants.map((g) => roleLabel(g.role)))].join(', ') : '';
  const here = (page: LayoutProps['current']) => (props.current === page ? ('page' as const) : undefined);
  const other = otherLanguage();
  return (
    <>
      {raw('<!doctype html>')}
      <html lang={locale()}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="robots" content="noindex" />
          <title>{`${props.title} · ${t('Bảng điều khiển cán bộ', 'Staff console')}`}</title>
          <link rel="stylesheet" href={assetUrl('console.css')} />
          {props.scripts?.map((name) => <script src={assetUrl(name)} defer />)}
        </head>
        <body>
          <a class="skip" href="#main">
            {t('Bỏ qua, đến nội dung chính', 'Skip to main content')}
          </a>
          <header class="site">
            <div class="site-inner">
              <a class="brand" href="/console">
                {t('Một cửa · Bảng điều khiển cán bộ', 'One-stop · Staff console')}
              </a>
              {actor && (
                <nav aria-label={t('Chức năng', 'Sections')}>
                  <ul>
                    <li>
                      <a href="/console" aria-current={here('inbox')}>
                        {t('Hộp việc', 'Inbox')}
                      </a>
                    </li>
                    <li>
                      <a href="/console/conversations" aria-current={here('conversations')}>
                        {t('Tin nhắn người dân', 'Residents’ messages')}
                      </a>
                    </li>
                    <li>
                      <a href="/console/reports" aria-current={here('reports')}>
                        {t('Báo cáo', 'Reports')}
                      </a>
                    </li>
                    {isAdmin(actor.grants) && (
                      <>
                        <li>
                          <a href="/console/admin/procedures" aria-current={here('admin')}>
                            {t('Quản trị thủ tục', 'Procedures')}
                          </a>
                        </li>
                        <li>
                          <a href="/console/admin/templates" aria-current={here('templates')}>
                            {t('Mẫu tin nhắn', 'Message templates')}
                          </a>
                        </li>
                        <li>
                          <a href="/console/admin/calendar" aria-current={here('calendar')}>
                            {t('Lịch nghỉ', 'Holiday calendar')}
                          </a>
                        </li>
                        <li>
                          <a href="/console/admin/units" aria-current={here('units')}>
                            {t('Đơn vị', 'Units')}
                          </a>
                        </li>
                        <li>
                          <a href="/console/admin/staff" aria-current={here('staff')}>
                            {t('Cán bộ', 'Staff')}
                          </a>
                        </li>
                        <li>
                          <a href="/console/admin/oas" aria-current={here('oas')}>
                            Zalo OA
                          </a>
                        </li>
                      </>
                    )}
                  </ul>
                </nav>
              )}
              <div class="who">
                {actor && (
                  <>
                    <span>
                      {actor.name}
                      {roles && <span class="small"> ({roles})</span>}
                    </span>
                    <form method="post" action="/console/logout">
                      <button type="submit" class="link">
                        {t('Đăng xuất', 'Log out')}
                      </button>
                    </form>
                  </>
                )}
                <a href={other.href} lang={other.lang} hreflang={other.lang}>
                  {other.label}
                </a>
              </div>
            </div>
          </header>
          <main id="main" tabindex={-1}>
            {props.children}
          </main>
        </body>
      </html>
    </>
  );
}

/** The outcome of the last change, after the redirect (Post/Redirect/Get). */
export function Flash({ message }: { message: string | undefined }) {
  return message ? (
    <div class="notice" role="status">
      {message}
    </div>
  ) : null;
}

/** The error summary; `paths` shows where each issue is (definitions), else fields show their own. */
export function ProblemBox({ problem, title, paths = false }: { problem: Problem | undefined; title?: string; paths?: boolean }) {
  if (!problem) return null;
  return (
    <div class="problem" role="alert" aria-labelledby="problem-title" id="problem">
      <h2 id="problem-title">{title ?? t('Chưa thực hiện được', 'Not done')}</h2>
      <p>{problem.message}</p>
      {problem.issues && problem.issues.length > 0 && (
        <ul>
          {problem.issues.map((i) => (
            <li>
              {paths && i.path && (
                <>
                  <code>{i.path}</code>:{' '}
                </>
              )}
              {i.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A table cell that becomes a labelled line on narrow screens (its content stays in one piece). */
export function CountdownBadge({ countdown }: { countdown: Countdown | undefined }) {
  if (!countdown) return null;
  const kind = countdown.overdue ? 'late' : countdown.soon ? 'soon' : 'ok';
  return <span class={`badge ${kind}`}>{countdown.text}</span>;
}

/** A page with a title and a message: not found, forbidden, errors. */
export function ConsoleNotice(props: { title: string; message: string; actor?: StaffActor; children?: Child }) {
  return (
    <ConsoleLayout title={props.title} actor={props.actor}>
      <h1>{props.title}</h1>
      <p>{props.message}</p>
      {props.children}
    </ConsoleLayout>
  );
}

/** A field's error, referenced by the field's aria-describedby (`<id>-error`). */
export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <p id={`${id}-error`} class="error">
      {message}
    </p>
  ) : null;
}
