// Dossier reports in the console, for staff of any role: the units in their report scope (the
// units they hold a role in and, for admins, every unit below). A month range and a procedure
// filter, the figures per unit, procedure and month with totals, a bar chart per month (received
// vs late), and the CSV and XLSX downloads of the same report from the reports API.
import { Hono } from 'hono';
import type { Child } from 'hono/jsx';
import { z } from 'zod';
import { localDate } from '../../domain/calendar.js';
import type { StaffActor } from '../../domain/contracts/dossier.js';
import type { AppDeps } from '../app.js';
import { requireStaff, type StaffEnv } from '../auth.js';
import { reportScopeFor } from '../reports/scope.js';
import { dossierReport, MAX_REPORT_MONTHS, monthSpan, type DossierReport, type ReportFigures } from '../reports/service.js';
import { procedureVersions } from './data.js';
import { dateTime } from './format.js';
import { Cell, ConsoleLayout, ProblemBox, type Problem } from './layout.js';
import { issueAt, zodIssues } from './page-kit.js';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

const ReportFilter = z
  .object({
    from: z.string().regex(MONTH, { message: 'Tháng phải có dạng YYYY-MM' }),
    to: z.string().regex(MONTH, { message: 'Tháng phải có dạng YYYY-MM' }),
    procedure: z
      .string()
      .regex(/^([A-Z][A-Z0-9_]{0,49})?$/, { message: 'Mã thủ tục không hợp lệ' })
      .optional()
      .transform((v) => v || undefined),
  })
  .superRefine((q, ctx) => {
    if (!MONTH.test(q.from) || !MONTH.test(q.to)) return;
    const span = monthSpan(q.from, q.to);
    if (span < 1) ctx.addIssue({ code: 'custom', path: ['to'], message: 'Tháng kết thúc phải bằng hoặc sau tháng bắt đầu' });
    else if (span > MAX_REPORT_MONTHS) ctx.addIssue({ code: 'custom', path: ['to'], message: `Mỗi báo cáo tối đa ${MAX_REPORT_MONTHS} tháng` });
  });

export interface ReportFilterValues {
  from: string;
  to: string;
  procedure: string;
}

/** The six months up to the current one (local time). */
function defaultRange(): { from: string; to: string } {
  const [y, m] = localDate(Date.now()).split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) - 5;
  const from = `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  return { from, to: `${y}-${String(m).padStart(2, '0')}` };
}

export function reportsPageRoutes(deps: AppDeps) {
  const app = new Hono<StaffEnv>();
  app.get('/console/reports', requireStaff(deps.db), async (c) => {
    const actor = c.get('actor');
    const range = defaultRange();
    const values: ReportFilterValues = { from: c.req.query('from') ?? range.from, to: c.req.query('to') ?? range.to, procedure: c.req.query('procedure') ?? '' };
    const procedures = [...new Map((await procedureVersions(deps.db)).map((v) => [v.code, v.name] as const)).entries()].map(([code, name]) => ({ code, name }));
    const parsed = ReportFilter.safeParse(values);
    if (!parsed.success) {
      const problem = { message: 'Điều kiện lọc chưa hợp lệ.', issues: zodIssues(parsed.error) };
      return c.html(<ReportsPage actor={actor} values={values} procedures={procedures} problem={problem} />, 422);
    }
    const { from, to, procedure } = parsed.data;
    const unitIds = await reportScopeFor(deps.db, actor.grants);
    const report = await dossierReport(deps.db, { unitIds, from, to, procedureCode: procedure });
    return c.html(<ReportsPage actor={actor} values={values} procedures={procedures} report={report} />);
  });
  return app;
}

const num = (n: number | null) => (n === null ? '—' : n.toLocaleString('vi-VN', { maximumFractionDigits: 2 }));
const monthVi = (month: string) => `${month.slice(5, 7)}/${month.slice(0, 4)}`;

interface PageProps {
  actor: StaffActor;
  values: ReportFilterValues;
  procedures: Array<{ code: string; name: string }>;
  report?: DossierReport;
  problem?: Problem;
}

export function ReportsPage({ actor, values, procedures, report, problem }: PageProps) {
  const error = (name: string) => issueAt(problem?.issues, name);
  const field = (name: 'from' | 'to', label: string) => {
    const message = error(name);
    return (
      <div class="field">
        <label for={`r-${name}`}>{label}</label>
        {message && (
          <p id={`r-${name}-error`} class="error">
            {message}
          </p>
        )}
        <input
          type="text"
          id={`r-${name}`}
          name={name}
          inputmode="numeric"
          placeholder="YYYY-MM"
          pattern="[0-9]{4}-[0-9]{2}"
          required
          value={values[name]}
          aria-invalid={message ? 'true' : undefined}
          aria-describedby={['r-month-help', message ? `r-${name}-error` : undefined].filter(Boolean).join(' ')}
        />
      </div>
    );
  };
  return (
    <ConsoleLayout title="Báo cáo hồ sơ" actor={actor} current="reports">
      <h1>Báo cáo tình hình giải quyết hồ sơ</h1>
      <p class="lead">Hồ sơ tiếp nhận theo tháng nộp (giờ Việt Nam) của các đơn vị bạn phụ trách; hồ sơ tố giác tội phạm không đưa vào báo cáo.</p>
      <ProblemBox problem={problem && { message: problem.message }} title="Chưa lập được báo cáo" />
      <section class="card" aria-labelledby="filter-title">
        <h2 id="filter-title">Điều kiện lọc</h2>
        <form method="get" action="/console/reports">
          <p class="small muted" id="r-month-help">
            Tháng dạng YYYY-MM, ví dụ 2026-01; tối đa {MAX_REPORT_MONTHS} tháng.
          </p>
          <div class="grid two">
            {field('from', 'Từ tháng')}
            {field('to', 'Đến tháng')}
          </div>
          <div class="field">
            <label for="r-procedure">Thủ tục</label>
            {error('procedure') && (
              <p id="r-procedure-error" class="error">
                {error('procedure')}
              </p>
            )}
            <select id="r-procedure" name="procedure" aria-invalid={error('procedure') ? 'true' : undefined} aria-describedby={error('procedure') ? 'r-procedure-error' : undefined}>
              <option value="">Tất cả thủ tục</option>
              {procedures.map((p) => (
                <option value={p.code} selected={values.procedure === p.code}>
                  {p.name} ({p.code})
                </option>
              ))}
            </select>
          </div>
          <div class="buttons">
            <button type="submit">Xem báo cáo</button>
          </div>
        </form>
      </section>
      {report && <Report report={report} />}
    </ConsoleLayout>
  );
}

function downloadUrl(report: DossierReport, format: 'csv' | 'xlsx'): string {
  const q = new URLSearchParams({ from: report.from, to: report.to });
  if (report.procedureCode) q.set('procedure', report.procedureCode);
  q.set('format', format);
  return `/api/reports/dossiers?${q.toString()}`;
}

const FIGURE_COLUMNS: Array<{ label: string; value: (f: ReportFigures) => number | null }> = [
  { label: 'Tiếp nhận', value: (f) => f.received },
  { label: 'Trước hạn', value: (f) => f.early },
  { label: 'Đúng hạn', value: (f) => f.onTime },
  { label: 'Trễ hạn', value: (f) => f.late },
  { label: 'Từ chối', value: (f) => f.rejected },
  { label: 'Rút hồ sơ', value: (f) => f.withdrawn },
  { label: 'Đang giải quyết', value: (f) => f.pending },
  { label: 'Số lần bổ sung bình quân', value: (f) => f.avgSupplementCycles },
  { label: 'Mức hài lòng bình quân', value: (f) => f.avgRating },
];

function Report({ report }: { report: DossierReport }) {
  const range = report.from === report.to ? `tháng ${monthVi(report.from)}` : `từ tháng ${monthVi(report.from)} đến tháng ${monthVi(report.to)}`;
  return (
    <>
      <section class="card" aria-labelledby="report-title">
        <h2 id="report-title">Kết quả {range}</h2>
        <p class="small muted">
          Trễ hạn gồm cả hồ sơ chưa giải quyết đã quá hạn ({report.total.lateOpen} hồ sơ), tính đến {dateTime(report.asOf)}.
        </p>
        <div class="buttons" id="downloads">
          <a href={downloadUrl(report, 'csv')} download>
            Tải về CSV
          </a>
          <a href={downloadUrl(report, 'xlsx')} download>
            Tải về Excel (XLSX)
          </a>
        </div>
        {report.rows.length === 0 ? (
          <p>Không có hồ sơ nào trong khoảng thời gian này.</p>
        ) : (
          <table class="responsive" id="report">
            <thead>
              <tr>
                <th scope="col">Đơn vị</th>
                <th scope="col">Thủ tục</th>
                <th scope="col">Tháng</th>
                {FIGURE_COLUMNS.map((col) => (
                  <th scope="col">{col.label}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {report.rows.map((r) => (
                <tr data-unit={r.unitId} data-procedure={r.procedureCode} data-month={r.month}>
                  <Cell label="Đơn vị">{r.unitName}</Cell>
                  <Cell label="Thủ tục">{r.procedureName}</Cell>
                  <Cell label="Tháng" class="nowrap">
                    {monthVi(r.month)}
                  </Cell>
                  {FIGURE_COLUMNS.map((col) => (
                    <Cell label={col.label}>{num(col.value(r))}</Cell>
                  ))}
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr id="report-total">
                <th scope="row" colspan={3}>
                  Tổng cộng
                </th>
                {FIGURE_COLUMNS.map((col) => (
                  <Cell label={col.label}>
                    <strong>{num(col.value(report.total))}</strong>
                  </Cell>
                ))}
              </tr>
            </tfoot>
          </table>
        )}
      </section>
      {report.months.length > 0 && <MonthChart months={report.months} />}
    </>
  );
}

const BAR = { width: 22, gap: 6, group: 76, height: 160, top: 20, bottom: 36, left: 36 };

/**
 * Received vs late per month as bars; the same figures are in the table above and in the chart's
 * description. The chart keeps its height and shrinks to the page's width (no sideways scrolling).
 */
function MonthChart({ months }: { months: DossierReport['months'] }) {
  const max = Math.max(1, ...months.map((m) => m.received));
  const scale = (n: number) => (n / max) * BAR.height;
  const width = BAR.left + months.length * BAR.group + 10;
  const height = BAR.top + BAR.height + BAR.bottom;
  const base = BAR.top + BAR.height;
  const bars: Child[] = months.map((m, i) => {
    const x = BAR.left + i * BAR.group + 8;
    const received = scale(m.received);
    const late = scale(m.late);
    return (
      <g>
        <rect x={x} y={base - received} width={BAR.width} height={received} fill="#0047b3" />
        <text x={x + BAR.width / 2} y={base - received - 4} text-anchor="middle" font-size="12" fill="#1b1b1b">
          {m.received}
        </text>
        <rect x={x + BAR.width + BAR.gap} y={base - late} width={BAR.width} height={late} fill="#b3261e" />
        <text x={x + BAR.width * 1.5 + BAR.gap} y={base - late - 4} text-anchor="middle" font-size="12" fill="#1b1b1b">
          {m.late}
        </text>
        <text x={x + BAR.width + BAR.gap / 2} y={base + 18} text-anchor="middle" font-size="12" fill="#1b1b1b">
          {monthVi(m.month)}
        </text>
      </g>
    );
  });
  return (
    <section class="card" aria-labelledby="chart-title">
      <h2 id="chart-title">Tiếp nhận và trễ hạn theo tháng</h2>
      <p class="small">
        <Swatch colour="#0047b3" /> Tiếp nhận (cột xanh) · <Swatch colour="#b3261e" /> Trễ hạn (cột đỏ)
      </p>
      <svg id="month-chart" role="img" aria-labelledby="chart-svg-title chart-svg-desc" viewBox={`0 0 ${width} ${height}`} width="100%" height={height} preserveAspectRatio="xMinYMax meet" xmlns="http://www.w3.org/2000/svg">
        <title id="chart-svg-title">Biểu đồ hồ sơ tiếp nhận và trễ hạn theo tháng</title>
        <desc id="chart-svg-desc">{months.map((m) => `Tháng ${monthVi(m.month)}: tiếp nhận ${m.received}, trễ hạn ${m.late}.`).join(' ')}</desc>
        <line x1={BAR.left} y1={base} x2={width - 5} y2={base} stroke="#5c5c5c" />
        <text x={BAR.left - 6} y={BAR.top + 4} text-anchor="end" font-size="12" fill="#1b1b1b">
          {max}
        </text>
        <text x={BAR.left - 6} y={base} text-anchor="end" font-size="12" fill="#1b1b1b">
          0
        </text>
        {bars}
      </svg>
    </section>
  );
}

function Swatch({ colour }: { colour: string }) {
  return (
    <svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true" focusable="false">
      <rect width="12" height="12" fill={colour} />
    </svg>
  );
}
