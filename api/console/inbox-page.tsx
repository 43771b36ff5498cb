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

export function InboxPage({ actor, view, rows, flash }: { actor: StaffActor; view: InboxView; rows: InboxRow[]; flash?: string }) {
  const tab = INBOX_TABS.find((t) => t.view === view)!;
  return (
    <ConsoleLayout title={`Hộp việc: ${tab.label}`} actor={actor} current="inbox">
      <h1>Hộp việc</h1>
      <p class="lead">Việc đang mở theo vai trò và đơn vị của bạn; việc sắp đến hạn ở trên cùng.</p>
      <Flash message={flash} />
      <nav aria-label="Lọc hộp việc">
        <ul class="tabs">
          {INBOX_TABS.map((t) => (
            <li>
              <a href={`/console?view=${t.view}`} aria-current={t.view === view ? 'page' : undefined}>
                {t.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {rows.length === 0 ? (
        <p class="card">{tab.empty}</p>
      ) : (
        <table class="responsive" id="inbox">
          <caption>
            {tab.label}: {rows.length} việc
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
    </ConsoleLayout>
  );
}
