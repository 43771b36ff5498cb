// The inbox: open tasks of the clerk's roles and units, by tab, soonest due first.
import type { StaffActor } from '../../domain/contracts/dossier.js';
import type { InboxView } from '../services/dossiers.js';
import type { InboxRow } from './data.js';
import { dateTime, roleLabel } from './format.js';
import { Cell, ConsoleLayout, CountdownBadge, Flash } from './layout.js';

export const INBOX_TABS: ReadonlyArray<{ view: InboxView; label: string; empty: string }> = [
  { view: 'unassigned', label: 'Chưa có người nhận', empty: 'Không có việc nào đang chờ người nhận.' },
  { view: 'mine', label: 'Việc của tôi', empty: 'Bạn chưa nhận xử lý việc nào.' },
  { view: 'overdue', label: 'Quá hạn', empty: 'Không có việc nào quá hạn.' },
  { view: 'all', label: 'Tất cả', empty: 'Không có việc nào đang mở.' },
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
  const tab = INBOX_TABS.find((t) => t.view === view)!;
  const empty = q ? `Không có việc nào khớp với “${q}”.` : paged ? 'Không còn việc nào ở trang sau.' : tab.empty;
  return (
    <ConsoleLayout title={`Hộp việc: ${tab.label}`} actor={actor} current="inbox">
      <h1>Hộp việc</h1>
      <p class="lead">Việc đang mở theo vai trò và đơn vị của bạn; việc sắp đến hạn ở trên cùng.</p>
      <Flash message={flash} />
      <nav aria-label="Lọc hộp việc">
        <ul class="tabs">
          {INBOX_TABS.map((t) => (
            <li>
              <a href={inboxHref(t.view, q)} aria-current={t.view === view ? 'page' : undefined}>
                {t.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <form method="get" action="/console" role="search" class="buttons" id="inbox-search">
        <input type="hidden" name="view" value={view} />
        <label for="inbox-q">Tìm theo mã hồ sơ, tên hoặc số điện thoại người nộp</label>
        <input type="search" id="inbox-q" name="q" maxlength={100} value={q} />
        <button type="submit" class="secondary">
          Tìm
        </button>
        {q && <a href={inboxHref(view, '')}>Bỏ tìm kiếm</a>}
      </form>
      {rows.length === 0 ? (
        <p class="card">{empty}</p>
      ) : (
        <table class="responsive" id="inbox">
          <caption>
            {tab.label}
            {q && <> · tìm “{q}”</>}: {rows.length} việc{paged || next ? ' trong trang này' : ''}
          </caption>
          <thead>
            <tr>
              <th scope="col">Mã hồ sơ</th>
              <th scope="col">Thủ tục</th>
              <th scope="col">Bước</th>
              <th scope="col">Vai trò</th>
              <th scope="col">Người xử lý</th>
              <th scope="col">Hạn xử lý</th>
              <th scope="col">Hạn trả kết quả</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr class={r.countdown?.overdue ? 'overdue' : undefined} data-code={r.code}>
                <Cell label="Mã hồ sơ">
                  <a href={`/console/dossiers/${r.code}`}>
                    <strong>{r.code}</strong>
                  </a>
                </Cell>
                <Cell label="Thủ tục">{r.procedureName}</Cell>
                <Cell label="Bước">
                  {r.label}
                  {r.escalatedAt && <div class="small muted">Đã báo lãnh đạo</div>}
                </Cell>
                <Cell label="Vai trò">{roleLabel(r.role)}</Cell>
                <Cell label="Người xử lý">{r.assigneeId === actor.staffId ? 'Tôi' : (r.assigneeName ?? <span class="muted">Chưa có</span>)}</Cell>
                <Cell label="Hạn xử lý">
                  {r.dueAt ? (
                    <>
                      <time datetime={r.dueAt.toISOString()} class="nowrap">
                        {dateTime(r.dueAt)}
                      </time>{' '}
                      <CountdownBadge countdown={r.countdown} />
                    </>
                  ) : (
                    <span class="muted">Không đặt hạn</span>
                  )}
                </Cell>
                <Cell label="Hạn trả kết quả">
                  {r.dossierDueAt ? (
                    <time datetime={r.dossierDueAt.toISOString()} class="nowrap">
                      {dateTime(r.dossierDueAt)}
                    </time>
                  ) : (
                    <span class="muted">Chưa tính</span>
                  )}
                </Cell>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {(paged || next) && (
        <nav aria-label="Trang" class="buttons">
          {paged && <a href={inboxHref(view, q)}>Trang đầu</a>}
          {next && (
            <a href={inboxHref(view, q, next)} rel="next">
              Trang sau
            </a>
          )}
        </nav>
      )}
    </ConsoleLayout>
  );
}
