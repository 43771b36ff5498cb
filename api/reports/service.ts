// Dossier reports: received / decided / early / on time / late / rejected per unit, procedure and
// month, with supplement cycles and satisfaction (docs/reference/procedures-vn.md §5.6). One aggregate query over
// the dossiers read model; confidential dossiers (crime tips) never enter it.
//
// Definitions, for the non-confidential dossiers of the units in scope whose submitted_at falls in
// the month range (months are local Asia/Ho_Chi_Minh months, 'YYYY-MM'):
//
//   received     every dossier submitted in the month (online submission is the receipt of the
//                application; intake refusals are counted here and under `rejected`)
//   pending      not closed yet (closed_at is null)
//   withdrawn    closed with outcome 'withdrawn'
//   decided      closed with any other outcome (approved, rejected, refused);
//                so received = decided + withdrawn + pending
//   rejected     decided with outcome 'rejected' or 'refused' (part of decided)
//
// Timeliness compares local calendar dates (Asia/Ho_Chi_Minh), never instants: a due date is the end
// of office hours (17:00) of its day, so a dossier closed at 17:45 on its due date is on time and one
// closed at 00:30 the next day is late. The due date is the statutory one, `original_due_at` (set when
// the statutory clock last started; a supplement restarts it): the later date promised in an apology
// letter (`due_at`, ND 61/2018 Art 19.9) is a new appointment for a dossier that is already late, so
// counting against it would turn every apologised dossier into an on-time one. `due_at` stands in
// when `original_due_at` is missing. With closed_on and due_on those local dates and today the local
// date of `asOf`:
//
//   early        decided, has a due date, closed_on < due_on
//   onTime       decided, has a due date, closed_on = due_on
//   late         decided, has a due date, closed_on > due_on              ("late, closed")
//                or pending, has a due date, due_on < today, and not waiting for the applicant
//                (state_type 'applicant': the clock is stopped and restarts with a new due date
//                after the supplement)                                     ("late, open" = lateOpen)
//
// Dossiers without a due date (decided at intake, before the clock started) are decided but neither
// early, on time nor late; withdrawn dossiers are never timed; pending dossiers not yet past their due
// date are neither. Limit: the read model does not record when the clock stopped, so a dossier ended
// while waiting for the applicant, or handed over after its result was issued (CON_DAU, CCCD), is
// timed by closed_at, which includes the resident's time.
//
//   avgSupplementCycles  mean of supplement_cycles over the received dossiers (2 decimals)
//   surveys / avgRating  satisfaction surveys of those dossiers and their mean rating 1–5
//                        (2 decimals; null without surveys)
import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { localDate, localDateTime } from '../../domain/calendar.js';

const REPORT_TIME_ZONE = 'Asia/Ho_Chi_Minh';
export const MAX_REPORT_MONTHS = 24;

export interface ReportFigures {
  received: number;
  decided: number;
  early: number;
  onTime: number;
  /** Closed after the due date, or still open past it (`lateOpen` of them). */
  late: number;
  lateOpen: number;
  rejected: number;
  withdrawn: number;
  pending: number;
  /** Null only when nothing was received. */
  avgSupplementCycles: number | null;
  surveys: number;
  avgRating: number | null;
}

export interface ReportRow extends ReportFigures {
  unitId: string;
  unitName: string;
  procedureCode: string;
  procedureName: string;
  month: string;
}

export interface DossierReport {
  from: string;
  to: string;
  procedureCode: string | null;
  /** The instant "still open past the due date" was judged at. */
  asOf: Date;
  /** Per unit, procedure and month, ordered by unit, procedure and month. */
  rows: ReportRow[];
  /** Per month over every unit and procedure in scope (for charts); months without dossiers are absent. */
  months: Array<ReportFigures & { month: string }>;
  total: ReportFigures;
}

export interface DossierReportQuery {
  /** The units in scope; an empty list gives an empty report. */
  unitIds: readonly string[];
  /** First and last month, 'YYYY-MM', both included. */
  from: string;
  to: string;
  procedureCode?: string | undefined;
  asOf?: Date;
}

/** Months from `from` to `to` inclusive ('YYYY-MM'); 0 or less when `to` is before `from`. */
export function monthSpan(from: string, to: string): number {
  const index = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
  return index(to) - index(from) + 1;
}

function nextMonth(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** The submission instants of months `from`…`to` (local time): start included, end excluded. */
export function submittedRange(from: string, to: string): { start: Date; end: Date } {
  const monthStart = (month: string) => new Date(localDateTime(`${month}-01`, '00:00'));
  return { start: monthStart(from), end: monthStart(nextMonth(to)) };
}

const EMPTY: ReportFigures = {
  received: 0,
  decided: 0,
  early: 0,
  onTime: 0,
  late: 0,
  lateOpen: 0,
  rejected: 0,
  withdrawn: 0,
  pending: 0,
  avgSupplementCycles: null,
  surveys: 0,
  avgRating: null,
};

interface AggregateRow {
  /** grouping(): a bit per column left out: 0 = unit/procedure/month, 6 = a month (unit 4 + procedure 2), 7 = all. */
  level: number;
  unit_id: string;
  procedure_code: string;
  month: string;
  unit_name: string | null;
  procedure_name: string | null;
  received: number;
  decided: number;
  early: number;
  on_time: number;
  late_closed: number;
  late_open: number;
  rejected: number;
  withdrawn: number;
  pending: number;
  avg_supplement_cycles: number | null;
  surveys: number;
  avg_rating: number | null;
}

export async function dossierReport(db: Db, query: DossierReportQuery): Promise<DossierReport> {
  const asOf = query.asOf ?? new Date();
  const procedureCode = query.procedureCode ?? null;
  const base = { from: query.from, to: query.to, procedureCode, asOf };
  if (query.unitIds.length === 0) return { ...base, rows: [], months: [], total: { ...EMPTY } };

  const today = localDate(asOf.getTime());
  const tz = sql.lit(REPORT_TIME_ZONE);
  const { start, end } = submittedRange(query.from, query.to);
  const procedureFilter = procedureCode === null ? sql`` : sql`and d.procedure_code = ${procedureCode}`;
  // Two stages: every dossier is classified and counted once per unit, procedure and month (a hash
  // aggregate, no sort of the dossiers), then the month totals and the grand total are summed from
  // those few rows. Averages are carried as sums and counts so the totals weigh every dossier alike.
  const aggregate = sql<AggregateRow>`
    with per_group as (
      select d.unit_id, d.procedure_code, date_trunc('month', d.submitted_at at time zone ${tz}) as month_start,
        count(*) as received,
        count(*) filter (where t.status = 'decided') as decided,
        count(*) filter (where t.status = 'decided' and t.closed_on < t.due_on) as early,
        count(*) filter (where t.status = 'decided' and t.closed_on = t.due_on) as on_time,
        count(*) filter (where t.status = 'decided' and t.closed_on > t.due_on) as late_closed,
        count(*) filter (where t.status = 'pending' and d.state_type is distinct from 'applicant' and t.due_on < ${today}::date) as late_open,
        count(*) filter (where t.status = 'decided' and d.outcome in ('rejected', 'refused')) as rejected,
        count(*) filter (where t.status = 'withdrawn') as withdrawn,
        count(*) filter (where t.status = 'pending') as pending,
        sum(d.supplement_cycles) as supplement_cycles,
        count(s.rating) as surveys,
        sum(s.rating) as ratings
      from dossiers d
      left join surveys s on s.dossier_id = d.id
      cross join lateral (
        select
          case when d.closed_at is null then 'pending' when d.outcome = 'withdrawn' then 'withdrawn' else 'decided' end as status,
          (d.closed_at at time zone ${tz})::date as closed_on,
          (coalesce(d.original_due_at, d.due_at) at time zone ${tz})::date as due_on
      ) t
      where not d.confidential
        and d.unit_id = any(${[...query.unitIds]}::text[])
        and d.submitted_at >= ${start} and d.submitted_at < ${end}
        ${procedureFilter}
      group by 1, 2, 3
    )
    select grouping(unit_id, procedure_code, month_start) as level, unit_id, procedure_code, to_char(month_start, 'YYYY-MM') as month,
      (select u.name from units u where u.id = unit_id) as unit_name,
      (select pd.body -> 'name' ->> 'vi' from procedure_definitions pd
        where pd.code = procedure_code order by pd.status = 'published' desc, pd.version desc limit 1) as procedure_name,
      coalesce(sum(received), 0)::int as received, coalesce(sum(decided), 0)::int as decided, coalesce(sum(early), 0)::int as early, coalesce(sum(on_time), 0)::int as on_time,
      coalesce(sum(late_closed), 0)::int as late_closed, coalesce(sum(late_open), 0)::int as late_open, coalesce(sum(rejected), 0)::int as rejected,
      coalesce(sum(withdrawn), 0)::int as withdrawn, coalesce(sum(pending), 0)::int as pending,
      round(sum(supplement_cycles)::numeric / nullif(sum(received), 0), 2)::float8 as avg_supplement_cycles,
      coalesce(sum(surveys), 0)::int as surveys,
      round(sum(ratings)::numeric / nullif(sum(surveys), 0), 2)::float8 as avg_rating
    from per_group
    group by grouping sets ((unit_id, procedure_code, month_start), (month_start), ())
    order by level, unit_id, procedure_code, month_start`;
  // JIT off: the planner cannot tell how many months a range holds, overestimates the groups, and
  // would compile the query for longer (~0.5 s) than it runs (bench/reports.ts).
  const rows = await db.transaction().execute(async (trx) => {
    await sql`set local jit = off`.execute(trx);
    return (await aggregate.execute(trx)).rows;
  });

  const figures = (r: AggregateRow): ReportFigures => ({
    received: r.received,
    decided: r.decided,
    early: r.early,
    onTime: r.on_time,
    late: r.late_closed + r.late_open,
    lateOpen: r.late_open,
    rejected: r.rejected,
    withdrawn: r.withdrawn,
    pending: r.pending,
    avgSupplementCycles: r.avg_supplement_cycles,
    surveys: r.surveys,
    avgRating: r.avg_rating,
  });

  const report: DossierReport = { ...base, rows: [], months: [], total: { ...EMPTY } };
  for (const r of rows) {
    if (r.level === 0) {
      report.rows.push({
        unitId: r.unit_id,
        unitName: r.unit_name ?? r.unit_id,
        procedureCode: r.procedure_code,
        procedureName: r.procedure_name ?? r.procedure_code,
        month: r.month,
        ...figures(r),
      });
    } else if (r.level === 6) {
      report.months.push({ month: r.month, ...figures(r) });
    } else {
      report.total = figures(r);
    }
  }
  return report;
}
