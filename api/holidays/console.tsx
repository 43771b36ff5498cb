// The holiday calendar for admins: a year's days off (on weekdays) and make-up working days (on
// weekends) with their status, a form to add or override one date, and deleting a date. Dates
// computed from the lunar calendar are provisional until the government's notice confirms them.
// New dossiers snapshot the calendar when they start, so a change applies to dossiers from then on.
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import { localDate } from '../../domain/calendar.js';
import type { StaffActor } from '../../domain/contracts/dossier.js';
import { DomainError } from '../../domain/errors.js';
import type { AppDeps } from '../app.js';
import { requireProvinceAdmin, requireStaff, type StaffEnv } from '../staff/auth.js';
import { deleteHoliday, listHolidays, putHoliday } from './service.js';
import { dateTime } from '../../domain/wording/dates.js';
import { dayHeading } from '../console/format.js';
import { errorText, t } from '../console/i18n.js';
import { Table, type Column } from '../console/table.js';
import { ConsoleLayout, FieldError, Flash, ProblemBox, type Problem } from '../console/layout.js';
import { formBody, formValue, issueAt, redirectWith, takeFlash, zodIssues, type Ctx, type FormValues } from '../console/page-kit.js';

type Holiday = Awaited<ReturnType<typeof listHolidays>>[number];

const kindLabel = (kind: Holiday['kind']) => (kind === 'off' ? t('Ngày nghỉ', 'Day off') : t('Ngày làm bù', 'Make-up working day'));
const statusLabel = (status: Holiday['status']) =>
  ({ confirmed: t('Chính thức', 'Confirmed'), proposed: t('Dự kiến', 'Proposed'), computed: t('Tự tính (tạm thời)', 'Computed (provisional)') })[status];
const STATUS_BADGE = { confirmed: 'badge ok', proposed: 'badge soon', computed: 'badge' } as const;

const FORM_FIELDS = ['date', 'kind', 'name', 'status', 'source'];
const Year = z.coerce.number().int().min(2000).max(2100);
const DateParam = z.iso.date();

const HolidayForm = z.object({
  date: z.iso.date(errorText('Hãy nhập ngày dạng YYYY-MM-DD', 'Enter the date as YYYY-MM-DD')),
  kind: z.enum(['off', 'working'], errorText('Hãy chọn loại ngày', 'Choose the kind of day')),
  name: z.string().trim().min(1, errorText('Hãy nhập tên ngày', 'Enter the name of the day')).max(200, errorText('Tên tối đa 200 ký tự', 'Name: at most 200 characters')),
  status: z.enum(['confirmed', 'proposed', 'computed'], errorText('Hãy chọn tình trạng', 'Choose a status')),
  source: z.string().trim().min(1, errorText('Hãy ghi nguồn (văn bản, thông báo)', 'Enter the source (document, notice)')).max(300, errorText('Nguồn tối đa 300 ký tự', 'Source: at most 300 characters')),
});

export function holidayConsoleRoutes(deps: AppDeps) {
  const app = new Hono<StaffEnv>();
  const guard = [requireStaff(deps.db), requireProvinceAdmin(deps.db)] as const;
  const thisYear = () => Number(localDate(Date.now()).slice(0, 4));

  async function show(c: Ctx, year: number, form: { values: FormValues; problem?: Problem } = { values: {} }, status: ContentfulStatusCode = 200) {
    const holidays = await listHolidays(deps.db, year);
    const flash = form.problem ? undefined : await takeFlash(c, deps.secret);
    return c.html(<CalendarPage actor={c.get('actor')} year={year} holidays={holidays} form={form} flash={flash} />, status);
  }

  app.get('/console/admin/calendar', ...guard, async (c) => {
    const parsed = Year.safeParse(c.req.query('year') ?? thisYear());
    const year = parsed.success ? parsed.data : thisYear();
    const editing = DateParam.safeParse(c.req.query('edit'));
    if (editing.success) {
      const h = (await listHolidays(deps.db, Number(editing.data.slice(0, 4)))).find((x) => x.date === editing.data);
      if (h) return show(c, year, { values: { date: h.date, kind: h.kind, name: h.name, status: h.status, source: h.source } });
    }
    return show(c, year);
  });

  app.post('/console/admin/calendar', ...guard, async (c) => {
    const values = await formBody(c);
    const year = Year.safeParse(formValue(values, 'date').slice(0, 4) || c.req.query('year'));
    const shownYear = year.success ? year.data : thisYear();
    const parsed = HolidayForm.safeParse(values);
    if (!parsed.success) {
      return show(c, shownYear, { values, problem: { message: t('Thông tin ngày chưa hợp lệ.', 'The date’s details are not valid.'), issues: zodIssues(parsed.error) } }, 422);
    }
    const { date, ...input } = parsed.data;
    try {
      await putHoliday(deps.db, date, input);
    } catch (err) {
      if (!(err instanceof DomainError) || err.code === 'UNAUTHENTICATED') throw err;
      return show(c, shownYear, { values, problem: { message: err.message, issues: err.issues } }, err.status as ContentfulStatusCode);
    }
    return redirectWith(c, deps.secret, `/console/admin/calendar?year=${date.slice(0, 4)}`, t(`Đã lưu ${kindLabel(input.kind).toLowerCase()} ${dayHeading(date)}: ${input.name}.`, `Saved ${kindLabel(input.kind).toLowerCase()} ${dayHeading(date)}: ${input.name}.`));
  });

  app.post('/console/admin/calendar/:date/delete', ...guard, async (c) => {
    const date = DateParam.safeParse(c.req.param('date'));
    if (!date.success) throw new DomainError('NOT_FOUND', t('Không có ngày này trong lịch.', 'This date is not in the calendar.'));
    await deleteHoliday(deps.db, date.data);
    return redirectWith(c, deps.secret, `/console/admin/calendar?year=${date.data.slice(0, 4)}`, t(`Đã xoá ngày ${dayHeading(date.data)} khỏi lịch.`, `Removed ${dayHeading(date.data)} from the calendar.`));
  });

  return app;
}

interface PageProps {
  actor: StaffActor;
  year: number;
  holidays: Holiday[];
  form: { values: FormValues; problem?: Problem };
  flash?: string;
}

function CalendarPage({ actor, year, holidays, form, flash }: PageProps) {
  const off = holidays.filter((h) => h.kind === 'off');
  const working = holidays.filter((h) => h.kind === 'working');
  const provisional = holidays.filter((h) => h.status === 'computed').length;
  const proposed = holidays.filter((h) => h.status === 'proposed').length;
  return (
    <ConsoleLayout title={t(`Lịch nghỉ năm ${year}`, `Holiday calendar ${year}`)} actor={actor} current="calendar">
      <h1>{t(`Lịch ngày nghỉ, ngày làm bù năm ${year}`, `Days off and make-up working days in ${year}`)}</h1>
      <p class="lead">
        {t('Ngày nghỉ lễ, nghỉ bù trong tuần và ngày làm bù vào cuối tuần; hạn giải quyết hồ sơ tính theo lịch này. Hồ sơ đã nộp giữ lịch tại thời điểm nộp.', 'Holidays and compensatory days off on weekdays, and make-up working days on weekends; dossier deadlines are counted with this calendar. Dossiers already submitted keep the calendar of their submission.')}
      </p>
      <nav aria-label={t('Chọn năm', 'Choose a year')} class="buttons">
        <a href={`/console/admin/calendar?year=${year - 1}`}>← {t(`Năm ${year - 1}`, `${year - 1}`)}</a>
        <a href={`/console/admin/calendar?year=${year + 1}`}>{t(`Năm ${year + 1}`, `${year + 1}`)} →</a>
        <form method="get" action="/console/admin/calendar" class="buttons">
          <label for="year" class="vh">
            {t('Năm', 'Year')}
          </label>
          <input type="text" id="year" name="year" inputmode="numeric" pattern="[0-9]{4}" size={6} value={String(year)} />
          <button type="submit" class="secondary">
            {t('Xem năm', 'Show year')}
          </button>
        </form>
      </nav>
      <Flash message={flash} />
      {(proposed > 0 || provisional > 0) && (
        <p class="notice" role="note" id="unconfirmed">
          {t('Chưa chính thức (được đánh dấu trong bảng; hãy xác nhận theo văn bản chính thức):', 'Not confirmed (marked in the tables; confirm them from the official notice):')}
          {proposed > 0 && t(` ${proposed} ngày dự kiến, vẫn được tính vào hạn giải quyết cho đến khi có văn bản.`, ` ${proposed} proposed date(s), counted in deadlines until the official notice.`)}
          {provisional > 0 && t(` ${provisional} ngày tự tính (theo âm lịch hoặc quy tắc nghỉ bù), chưa được tính vào hạn giải quyết.`, ` ${provisional} computed date(s) (from the lunar calendar or the make-up rules), not counted in deadlines yet.`)}
        </p>
      )}
      <HolidayTable id="days-off" title={t('Ngày nghỉ', 'Days off')} rows={off} year={year} empty={t('Chưa có ngày nghỉ nào trong năm này.', 'No days off in this year yet.')} />
      <HolidayTable id="working-days" title={t('Ngày làm bù', 'Make-up working days')} rows={working} year={year} empty={t('Không có ngày làm bù nào trong năm này.', 'No make-up working days in this year.')} />
      <HolidayFormCard year={year} values={form.values} problem={form.problem} />
    </ConsoleLayout>
  );
}

/** The columns of a holiday table of `year`. */
const holidayColumns = (year: number): Column<Holiday>[] => [
  { label: t('Ngày', 'Date'), class: 'nowrap', cell: (h) => <time datetime={h.date}>{dayHeading(h.date)}</time> },
  { label: t('Tên', 'Name'), cell: (h) => h.name },
  { label: t('Tình trạng', 'Status'), cell: (h) => <span class={STATUS_BADGE[h.status]}>{statusLabel(h.status)}</span> },
  { label: t('Nguồn', 'Source'), cell: (h) => h.source },
  { label: t('Cập nhật', 'Updated'), cell: (h) => dateTime(h.updated_at) },
  {
    label: t('Thao tác', 'Actions'),
    cell: (h) => (
      <div class="buttons">
        <a href={`/console/admin/calendar?year=${year}&edit=${h.date}#holiday-form`}>
          {t('Sửa', 'Edit')}
          <span class="vh"> {dayHeading(h.date)}</span>
        </a>
        <form method="post" action={`/console/admin/calendar/${h.date}/delete`}>
          <button type="submit" class="danger">
            {t('Xoá', 'Delete')}
            <span class="vh"> {dayHeading(h.date)}</span>
          </button>
        </form>
      </div>
    ),
  },
];

function HolidayTable({ id, title, rows, year, empty }: { id: string; title: string; rows: Holiday[]; year: number; empty: string }) {
  return (
    <section class="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>
        {title} ({rows.length})
      </h2>
      {rows.length === 0 ? (
        <p>{empty}</p>
      ) : (
        <Table id={id} columns={holidayColumns(year)} rows={rows} rowProps={(h) => ({ 'data-date': h.date, 'data-status': h.status })} />
      )}
    </section>
  );
}

function HolidayFormCard({ year, values, problem }: { year: number; values: FormValues; problem: Problem | undefined }) {
  const v = (name: string) => formValue(values, name);
  const error = (name: string) => issueAt(problem?.issues, name);
  const described = (name: string, help?: string) => [help, error(name) ? `hf-${name}-error` : undefined].filter(Boolean).join(' ') || undefined;
  const invalid = (name: string) => (error(name) ? 'true' : undefined);
  const kind = v('kind') || 'off';
  const status = v('status') || 'proposed';
  return (
    <section class="card" aria-labelledby="holiday-form-title" id="holiday-form">
      <h2 id="holiday-form-title">{t('Thêm hoặc sửa một ngày', 'Add or change a date')}</h2>
      <p class="help" id="hf-help">
        {t('Nhập một ngày đã có trong lịch để ghi đè. Ngày nghỉ phải là ngày trong tuần; ngày làm bù phải là thứ Bảy hoặc Chủ nhật.', 'Enter a date already in the calendar to overwrite it. A day off must be a weekday; a make-up working day must be a Saturday or Sunday.')}
      </p>
      {/* Issues of the form's fields are shown at the fields; the box has the rest. */}
      <ProblemBox problem={problem && { message: problem.message, issues: problem.issues?.filter((i) => !FORM_FIELDS.includes(i.path.split('.')[0]!)) }} title={t('Chưa lưu được', 'Not saved')} />
      <form method="post" action={`/console/admin/calendar?year=${year}`} aria-describedby="hf-help">
        <div class="field">
          <label for="hf-date">{t('Ngày (YYYY-MM-DD)', 'Date (YYYY-MM-DD)')}</label>
          <FieldError id="hf-date" message={error('date')} />
          <input type="date" id="hf-date" name="date" required value={v('date')} aria-invalid={invalid('date')} aria-describedby={described('date')} />
        </div>
        <fieldset aria-describedby={described('kind')}>
          <legend>{t('Loại ngày', 'Kind of day')}</legend>
          <FieldError id="hf-kind" message={error('kind')} />
          <label class="choice">
            <input type="radio" name="kind" value="off" checked={kind === 'off'} aria-invalid={invalid('kind')} /> {t('Ngày nghỉ (lễ, tết, nghỉ bù)', 'Day off (public holiday, Lunar New Year, compensatory day)')}
          </label>
          <label class="choice">
            <input type="radio" name="kind" value="working" checked={kind === 'working'} aria-invalid={invalid('kind')} /> {t('Ngày làm bù (cuối tuần đi làm)', 'Make-up working day (a weekend worked)')}
          </label>
        </fieldset>
        <div class="field">
          <label for="hf-name">{t('Tên ngày', 'Name of the day')}</label>
          <FieldError id="hf-name" message={error('name')} />
          <input type="text" id="hf-name" name="name" maxlength={200} required value={v('name')} aria-invalid={invalid('name')} aria-describedby={described('name')} />
        </div>
        <div class="field">
          <label for="hf-status">{t('Tình trạng', 'Status')}</label>
          <FieldError id="hf-status" message={error('status')} />
          <select id="hf-status" name="status" aria-invalid={invalid('status')} aria-describedby={described('status')}>
            {(['confirmed', 'proposed', 'computed'] as const).map((s) => (
              <option value={s} selected={status === s}>
                {statusLabel(s)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="hf-source">{t('Nguồn (văn bản, thông báo)', 'Source (document, notice)')}</label>
          <FieldError id="hf-source" message={error('source')} />
          <input type="text" id="hf-source" name="source" maxlength={300} required value={v('source')} aria-invalid={invalid('source')} aria-describedby={described('source')} />
        </div>
        <div class="buttons">
          <button type="submit">{t('Lưu ngày', 'Save the day')}</button>
        </div>
      </form>
    </section>
  );
}
