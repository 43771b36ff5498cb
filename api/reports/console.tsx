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
import { requireStaff, type StaffEnv } from '../staff/auth.js';
import { reportScopeFor } from './scope.js';
import { dossierReport, MAX_REPORT_MONTHS, monthSpan, type DossierReport, type ReportFigures } from './service.js';
import { procedureVersions } from '../procedures/console-data.js';
import { dateTime } from '../../domain/wording/dates.js';
import { errorText, t } from '../console/i18n.js';
import { Cell } from '../console/table.js';
import { ConsoleLayout, ProblemBox, type Problem } from '../console/layout.js';
import { issueAt, zodIssues } from '../console/page-kit.js';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

const ReportFilter = z
  .object({
    from: z.string().regex(MONTH, errorText('Tháng phải có dạng YYYY-MM', 'The month must be YYYY-MM')),
    to: z.string().regex(MONTH, errorText('Tháng phải có dạng YYYY-MM', 'The month must be YYYY-MM')),
    procedure: z
      .string()
      .regex(/^([A-Z][A-Z0-9_]{0,49})?$/, errorText('Mã thủ tục không hợp lệ', 'Invalid procedure code'))
      .optional()
      .transform((v) => v || undefined),
  })
  .superRefine((q, ctx) => {
    if (!MONTH.test(q.from) || !MONTH.test(q.to)) return;
    const span = monthSpan(q.from, q.to);
    if (span < 1) ctx.addIssue({ code: 'custom', path: ['to'], message: t('Tháng kết thúc phải bằng hoặc sau tháng bắt đầu', 'The last month must be the first month or later') });
    else if (span > MAX_REPORT_MONTHS) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: t(`Mỗi báo cáo tối đa ${MAX_REPORT_MONTHS} tháng`, `A report covers at most ${MAX_REPORT_MONTHS} months`) });
    }
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

export function reportConsoleRoutes(deps: AppDeps) {
  const app = new Hono<StaffEnv>();
  app.get('/console/reports', requireStaff(deps.db), async (c) => {
    const actor = c.get('actor');
    const range = defaultRange();
    const values: ReportFilterValues = { from: c.req.query('from') ?? range.from, to: c.req.query('to') ?? range.to, procedure: c.req.query('procedure') ?? '' };
    const procedures = [...new Map((await procedureVersions(deps.db)).map((v) => [v.code, v.name] as const)).entries()].map(([code, name]) => ({ code, name }));
    const parsed = ReportFilter.safeParse(values);
    if (!parsed.success) {
      const problem = { message: t('Điều kiện lọc chưa hợp lệ.', 'The filter is not valid.'), issues: zodIssues(parsed.error) };
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

function ReportsPage({ actor, values, procedures, report, problem }: PageProps) {
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
    <ConsoleLayout title={t('Báo cáo hồ sơ', 'Dossier report')} actor={actor} current="reports">
      <h1>{t('Báo cáo tình hình giải quyết hồ sơ', 'Dossier processing report')}</h1>
      <p class="lead">{t('Hồ sơ tiếp nhận theo tháng nộp (giờ Việt Nam) của các đơn vị bạn phụ trách; hồ sơ tố giác tội phạm không đưa vào báo cáo.', 'Dossiers received by the units you are responsible for, by month of submission (Vietnam time); crime tips are not included.')}</p>
      <ProblemBox problem={problem && { message: problem.message }} title={t('Chưa lập được báo cáo', 'The report could not be made')} />
      <section class="card" aria-labelledby="filter-title">
        <h2 id="filter-title">{t('Điều kiện lọc', 'Filter')}</h2>
        <form method="get" action="/console/reports">
          <p class="small muted" id="r-month-help">
            {t(`Tháng dạng YYYY-MM, ví dụ 2026-01; tối đa ${MAX_REPORT_MONTHS} tháng.`, `Months as YYYY-MM, e.g. 2026-01; at most ${MAX_REPORT_MONTHS} months.`)}
          </p>
          <div class="grid two">
            {field('from', t('Từ tháng', 'From month'))}
            {field('to', t('Đến tháng', 'To month'))}
          </div>
          <div class="field">
            <label for="r-procedure">{t('Thủ tục', 'Procedure')}</label>
            {error('procedure') && (
              <p id="r-procedure-error" class="error">
                {error('procedure')}
              </p>
            )}
            <select id="r-procedure" name="procedure" aria-invalid={error('procedure') ? 'true' : undefined} aria-describedby={error('procedure') ? 'r-procedure-error' : undefined}>
              <option value="">{t('Tất cả thủ tục', 'All procedures')}</option>
              {procedures.map((p) => (
                <option value={p.code} selected={values.procedure === p.code}>
                  {p.name} ({p.code})
                </option>
              ))}
            </select>
          </div>
          <div class="buttons">
            <button type="submit">{t('Xem báo cáo', 'Show report')}</button>
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

const FIGURE_COLUMNS: Array<{ label: () => string; value: (f: ReportFigures) => number | null }> = [
  { label: () => t('Tiếp nhận', 'Received'), value: (f) => f.received },
  { label: () => t('Trước hạn', 'Early'), value: (f) => f.early },
  { label: () => t('Đúng hạn', 'On time'), value: (f) => f.onTime },
  { label: () => t('Trễ hạn', 'Late'), value: (f) => f.late },
  { label: () => t('Từ chối', 'Rejected'), value: (f) => f.rejected },
  { label: () => t('Rút hồ sơ', 'Withdrawn'), value: (f) => f.withdrawn },
  { label: () => t('Đang giải quyết', 'In progress'), value: (f) => f.pending },
  { label: () => t('Số lần bổ sung bình quân', 'Average supplement rounds'), value: (f) => f.avgSupplementCycles },
  { label: () => t('Mức hài lòng bình quân', 'Average satisfaction'), value: (f) => f.avgRating },
];

function Report({ report }: { report: DossierReport }) {
  const range =
    report.from === report.to
      ? t(`tháng ${monthVi(report.from)}`, `for ${monthVi(report.from)}`)
      : t(`từ tháng ${monthVi(report.from)} đến tháng ${monthVi(report.to)}`, `from ${monthVi(report.from)} to ${monthVi(report.to)}`);
  return (
    <>
      <section class="card" aria-labelledby="report-title">
        <h2 id="report-title">{t(`Kết quả ${range}`, `Results ${range}`)}</h2>
        <p class="small muted">
          {t(
            `Trễ hạn gồm cả hồ sơ chưa giải quyết đã quá hạn (${report.total.lateOpen} hồ sơ), tính đến ${dateTime(report.asOf)}.`,
            `Late includes open dossiers already past their due date (${report.total.lateOpen}), as of ${dateTime(report.asOf)}.`,
          )}
        </p>
        <div class="buttons" id="downloads">
          <a href={downloadUrl(report, 'csv')} download>
            {t('Tải về CSV', 'Download CSV')}
          </a>
          <a href={downloadUrl(report, 'xlsx')} download>
            {t('Tải về Excel (XLSX)', 'Download Excel (XLSX)')}
          </a>
        </div>
        {report.rows.length === 0 ? (
          <p>{t('Không có hồ sơ nào trong khoảng thời gian này.', 'No dossiers in this period.')}</p>
        ) : (
          <table class="responsive" id="report">
            <thead>
              <tr>
                <th scope="col">{t('Đơn vị', 'Unit')}</th>
                <th scope="col">{t('Thủ tục', 'Procedure')}</th>
                <th scope="col">{t('Tháng', 'Month')}</th>
                {FIGURE_COLUMNS.map((col) => (
                  <th scope="col">{col.label()}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {report.rows.map((r) => (
                <tr data-unit={r.unitId} data-procedure={r.procedureCode} data-month={r.month}>
                  <Cell label={t('Đơn vị', 'Unit')}>{r.unitName}</Cell>
                  <Cell label={t('Thủ tục', 'Procedure')}>{r.procedureName}</Cell>
                  <Cell label={t('Tháng', 'Month')} class="nowrap">
                    {monthVi(r.month)}
                  </Cell>
                  {FIGURE_COLUMNS.map((col) => (
                    <Cell label={col.label()}>{num(col.value(r))}</Cell>
                  ))}
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr id="report-total">
                <th scope="row" colspan={3}>
                  {t('Tổng cộng', 'Total')}
                </th>
                {FIGURE_COLUMNS.map((col) => (
                  <Cell label={col.label()}>
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
      <h2 id="chart-title">{t('Tiếp nhận và trễ hạn theo tháng', 'Received and late per month')}</h2>
      <p class="small">
        <Swatch colour="#0047b3" /> {t('Tiếp nhận (cột xanh)', 'Received (blue bars)')} · <Swatch colour="#b3261e" /> {t('Trễ hạn (cột đỏ)', 'Late (red bars)')}
      </p>
      <svg id="month-chart" role="img" aria-labelledby="chart-svg-title chart-svg-desc" viewBox={`0 0 ${width} ${height}`} width="100%" height={height} preserveAspectRatio="xMinYMax meet" xmlns="http://www.w3.org/2000/svg">
        <title id="chart-svg-title">{t('Biểu đồ hồ sơ tiếp nhận và trễ hạn theo tháng', 'Chart of dossiers received and late per month')}</title>
        <desc id="chart-svg-desc">{months.map((m) => t(`Tháng ${monthVi(m.month)}: tiếp nhận ${m.received}, trễ hạn ${m.late}.`, `${monthVi(m.month)}: ${m.received} received, ${m.late} late.`)).join(' ')}</desc>
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
