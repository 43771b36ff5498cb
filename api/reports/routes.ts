// Report endpoints for staff: JSON for the console's tables and charts, CSV and XLSX downloads.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppDeps } from '../app.js';
import { requireStaff, type StaffEnv } from '../staff/auth.js';
import { validationHook } from '../errors.js';
import { errorResponses } from '../openapi.js';
import { toCsv, toXlsx, type Column } from './export.js';
import { reportScopeFor } from './scope.js';
import { dossierReport, MAX_REPORT_MONTHS, monthSpan, type ReportFigures, type ReportRow } from './service.js';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const Month = z
  .string()
  .regex(MONTH, { message: 'Tháng phải có dạng YYYY-MM' })
  .openapi({ example: '2026-01', description: 'Month in Vietnam time, YYYY-MM' });

const ReportQuery = z
  .object({
    from: Month,
    to: Month,
    procedure: z
      .string()
      .regex(/^([A-Z][A-Z0-9_]{0,49})?$/, { message: 'Mã thủ tục gồm chữ in hoa, số và dấu gạch dưới' })
      .optional()
      .openapi({ example: 'TAM_TRU', description: 'One procedure only; empty or absent for all' }),
    format: z.enum(['json', 'csv', 'xlsx']).default('json'),
  })
  .superRefine((q, ctx) => {
    if (!MONTH.test(String(q.from)) || !MONTH.test(String(q.to))) return; // already reported on the field
    const span = monthSpan(q.from, q.to);
    if (span < 1) ctx.addIssue({ code: 'custom', path: ['to'], message: 'Tháng kết thúc phải bằng hoặc sau tháng bắt đầu' });
    else if (span > MAX_REPORT_MONTHS) ctx.addIssue({ code: 'custom', path: ['to'], message: `Mỗi báo cáo tối đa ${MAX_REPORT_MONTHS} tháng` });
  });

const Figures = {
  received: z.number().openapi({ description: 'Submitted in the month' }),
  decided: z.number().openapi({ description: 'Closed with a decision (approved, rejected, refused)' }),
  early: z.number().openapi({ description: 'Decided before the local due date' }),
  onTime: z.number().openapi({ description: 'Decided on the local due date' }),
  late: z.number().openapi({ description: 'Decided after the local due date, or still open past it' }),
  lateOpen: z.number().openapi({ description: 'Of late: still open' }),
  rejected: z.number().openapi({ description: 'Of decided: rejected or refused' }),
  withdrawn: z.number(),
  pending: z.number().openapi({ description: 'Not closed yet' }),
  avgSupplementCycles: z.number().nullable(),
  surveys: z.number(),
  avgRating: z.number().nullable().openapi({ description: 'Mean satisfaction rating 1–5; null without surveys' }),
};

const DossierReportSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    procedureCode: z.string().nullable(),
    asOf: z.string().openapi({ format: 'date-time', description: 'When "still open past the due date" was judged' }),
    rows: z.array(z.object({ unitId: z.string(), unitName: z.string(), procedureCode: z.string(), procedureName: z.string(), month: z.string(), ...Figures })),
    months: z.array(z.object({ month: z.string(), ...Figures })).openapi({ description: 'Per month over the whole scope, for charts' }),
    total: z.object(Figures),
  })
  .openapi('DossierReport');

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type ExportRow = ReportFigures & Partial<Pick<ReportRow, 'unitName' | 'procedureCode' | 'procedureName' | 'month'>>;

const figure = (header: string, value: (r: ExportRow) => number | null, numFmt?: string): Column<ExportRow> => ({ header, value, numFmt });

/** The export's columns, with the Vietnamese headers of one-stop reports. */
export const REPORT_COLUMNS: Column<ExportRow>[] = [
  { header: 'Đơn vị', value: (r) => r.unitName, width: 34 },
  { header: 'Mã thủ tục', value: (r) => r.procedureCode, width: 20 },
  { header: 'Thủ tục', value: (r) => r.procedureName, width: 40 },
  { header: 'Tháng', value: (r) => r.month, width: 10 },
  figure('Tiếp nhận', (r) => r.received),
  figure('Đã giải quyết', (r) => r.decided),
  figure('Trước hạn', (r) => r.early),
  figure('Đúng hạn', (r) => r.onTime),
  figure('Trễ hạn', (r) => r.late),
  figure('Trễ hạn chưa giải quyết', (r) => r.lateOpen),
  figure('Từ chối', (r) => r.rejected),
  figure('Rút hồ sơ', (r) => r.withdrawn),
  figure('Đang giải quyết', (r) => r.pending),
  figure('Số lần bổ sung bình quân', (r) => r.avgSupplementCycles, '0.00'),
  figure('Phiếu đánh giá', (r) => r.surveys),
  figure('Mức hài lòng bình quân', (r) => r.avgRating, '0.00'),
];

export function reportRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<StaffEnv>({ defaultHook: validationHook });
  app.use('/api/reports/*', requireStaff(deps.db));

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/reports/dossiers',
      security: [{ bearer: [] }],
      description:
        'Dossiers received, decided early / on time / late, rejected, withdrawn and pending per unit, procedure and month ' +
        '(month of submission, Vietnam time), with supplement cycles and satisfaction. Scope: the units the caller holds a role in, ' +
        'and every unit below the units they administer. Confidential dossiers are never counted.',
      request: { query: ReportQuery },
      responses: {
        200: {
          description: 'The report; `format=csv` gives UTF-8 CSV with a BOM, `format=xlsx` an Excel workbook, both as attachments',
          content: {
            'application/json': { schema: DossierReportSchema },
            'text/csv': { schema: z.string() },
            [XLSX_TYPE]: { schema: z.string().openapi({ format: 'binary' }) },
          },
        },
        401: errorResponses[401],
        422: errorResponses[422],
      },
    }),
    async (c) => {
      const { from, to, procedure, format } = c.req.valid('query');
      const unitIds = await reportScopeFor(deps.db, c.get('actor').grants);
      const report = await dossierReport(deps.db, { unitIds, from, to, procedureCode: procedure || undefined });
      if (format === 'json') return c.json({ ...report, asOf: report.asOf.toISOString() }, 200);

      const rows: ExportRow[] = [...report.rows, { ...report.total, unitName: 'Tổng cộng' }];
      const filename = `bao-cao-ho-so-${from}-${to}.${format}`;
      c.header('Content-Disposition', `attachment; filename="${filename}"`);
      if (format === 'csv') {
        c.header('Content-Type', 'text/csv; charset=utf-8');
        return c.body(toCsv(REPORT_COLUMNS, rows), 200);
      }
      c.header('Content-Type', XLSX_TYPE);
      return c.body(new Uint8Array(await toXlsx(REPORT_COLUMNS, rows, `Hồ sơ ${from} – ${to}`)), 200);
    },
  );

  return app;
}
