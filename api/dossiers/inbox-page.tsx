// The inbox: open tasks of the clerk's roles and units, by tab, soonest due first.
import type { StaffActor } from '../../domain/contracts/dossier.js';
import type { InboxView } from './inbox.js';
import type { InboxRow } from './console-data.js';
import { dateTime } from '../../domain/wording/dates.js';
import { roleLabel } from '../console/format.js';
import { t } from '../console/i18n.js';
import { Cell } from '../console/table.js';
import { ConsoleLayout, CountdownBadge, Flash } from '../console/layout.js';

export const INBOX_TABS: ReadonlyArray<{ view: InboxView; label: () => string; empty: () => string }> = [
  { view: 'unassigned', label: () => t('Chưa có người nhận', 'Unassigned'), empty: () => t('Không có việc nào đang chờ người nhận.', 'No task is waiting to be claimed.') },
  { view: 'mine', label: () => t('Việc của tôi', 'Mine'), empty: () => t('Bạn chưa nhận xử lý việc nào.', 'You have not claimed any task.') },
  { view: 'overdue', label: () => t('Quá hạn', 'Overdue'), empty: () => t('Không có việc nào quá hạn.', 'No task is overdue.') },
  { view: 'all', label: () => t('Tất cả', 'All'), empty: () => t('Không có việc nào đang mở.', 'No open tasks.') },
];

interface InboxProps {
  actor: StaffActor;
  view: InboxView;
  rows: InboxRow[];
  /** The search text ('' for none). */
  q?: string;
  /** Whether this is a later page (after a cursor). */
  paged?: boolean;
  /** The cursor of the next page, if there is one. */
  next?: string;
  flash?: string;
}

/** The inbox URL of a tab, a search and a page. */
function inboxHref(view: InboxView, q: string, after?: string): string {
  const params = new URLSearchParams({ view });
  if (q) params.set('q', q);
  if (after) params.set('after', after);
  return `/console?${params.toString()}`;
}

export function InboxPage({ actor, view, rows, q = '', paged = false, next, flash }: InboxProps) {
  const tab = INBOX_TABS.find((x) => x.view === view)!;
  const empty = q ? t(`Không có việc nào khớp với “${q}”.`, `No task matches “${q}”.`) : paged ? t('Không còn việc nào ở trang sau.', 'No more tasks on the next page.') : tab.empty();
  return (
    <ConsoleLayout title={t(`Hộp việc: ${tab.label()}`, `Inbox: ${tab.label()}`)} actor={actor} current="inbox">
      <h1>{t('Hộp việc', 'Inbox')}</h1>
      <p class="lead">{t('Việc đang mở theo vai trò và đơn vị của bạn; việc sắp đến hạn ở trên cùng.', 'Open tasks for your roles and units; the soonest due on top.')}</p>
      <Flash message={flash} />
      <nav aria-label={t("Lọc hộp việc", 'Inbox filters')}>
        <ul class="tabs">
          {INBOX_TABS.map((x) => (
            <li>
              <a href={inboxHref(x.view, q)} aria-current={x.view === view ? 'page' : undefined}>
                {x.label()}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <form method="get" action="/console" role="search" class="buttons" id="inbox-search">
        <input type="hidden" name="view" value={view} />
        <label for="inbox-q">{t('Tìm theo mã hồ sơ, tên hoặc số điện thoại người nộp', 'Search by dossier code, applicant name or phone')}</label>
        <input type="search" id="inbox-q" name="q" maxlength={100} value={q} />
        <button type="submit" class="secondary">
          {t('Tìm', 'Search')}
        </button>
        {q && <a href={inboxHref(view, '')}>{t('Bỏ tìm kiếm', 'Clear search')}</a>}
      </form>
      {rows.length === 0 ? (
        <p class="card">{empty}</p>
      ) : (
        <table class="responsive" id="inbox">
          <caption>
            {tab.label()}
            {q && t(` · tìm “${q}”`, ` · search “${q}”`)}
            {paged || next ? t(`: ${rows.length} việc trong trang này`, `: ${rows.length} tasks on this page`) : t(`: ${rows.length} việc`, `: ${rows.length} tasks`)}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('Mã hồ sơ', 'Dossier code')}</th>
              <th scope="col">{t('Thủ tục', 'Procedure')}</th>
              <th scope="col">{t('Bước', 'Step')}</th>
              <th scope="col">{t('Vai trò', 'Role')}</th>
              <th scope="col">{t('Người xử lý', 'Assignee')}</th>
              <th scope="col">{t('Hạn xử lý', 'Task due')}</th>
              <th scope="col">{t('Hạn trả kết quả', 'Result due')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr class={r.countdown?.overdue ? 'overdue' : undefined} data-code={r.code}>
                <Cell label={t("Mã hồ sơ", 'Dossier code')}>
                  <a href={`/console/dossiers/${r.code}`}>
                    <strong>{r.code}</strong>
                  </a>
                </Cell>
                <Cell label={t("Thủ tục", 'Procedure')}>{r.procedureName}</Cell>
                <Cell label={t("Bước", 'Step')}>
                  {r.label}
                  {r.escalatedAt && <div class="small muted">{t('Đã báo lãnh đạo', 'Reported to the chief')}</div>}
                </Cell>
                <Cell label={t("Vai trò", 'Role')}>{roleLabel(r.role)}</Cell>
                <Cell label={t("Người xử lý", 'Assignee')}>{r.assigneeId === actor.staffId ? t('Tôi', 'Me') : (r.assigneeName ?? <span class="muted">{t('Chưa có', 'None')}</span>)}</Cell>
                <Cell label={t("Hạn xử lý", 'Task due')}>
                  {r.dueAt ? (
                    <>
                      <time datetime={r.dueAt.toISOString()} class="nowrap">
                        {dateTime(r.dueAt)}
                      </time>{' '}
                      <CountdownBadge countdown={r.countdown} />
                    </>
                  ) : (
                    <span class="muted">{t('Không đặt hạn', 'No deadline')}</span>
                  )}
                </Cell>
                <Cell label={t("Hạn trả kết quả", 'Result due')}>
                  {r.dossierDueAt ? (
                    <time datetime={r.dossierDueAt.toISOString()} class="nowrap">
                      {dateTime(r.dossierDueAt)}
                    </time>
                  ) : (
                    <span class="muted">{t('Chưa tính', 'Not computed')}</span>
                  )}
                </Cell>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {(paged || next) && (
        <nav aria-label="Trang" class="buttons">
          {paged && <a href={inboxHref(view, q)}>{t('Trang đầu', 'First page')}</a>}
          {next && (
            <a href={inboxHref(view, q, next)} rel="next">
              {t('Trang sau', 'Next page')}
            </a>
          )}
        </nav>
      )}
    </ConsoleLayout>
  );
}
