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
import { requireAdmin, requireStaff, type StaffEnv } from '../auth.js';
import { deleteHoliday, listHolidays, putHoliday } from '../services/holidays.js';
import { dateTime, dayHeading } from './format.js';
import { Cell, ConsoleLayout, Flash, ProblemBox, type Problem } from './layout.js';
import { formBody, formValue, issueAt, redirectWith, takeFlash, zodIssues, type Ctx, type FormValues } from './page-kit.js';

type Holiday = Awaited<ReturnType<typeof listHolidays>>[number];

const KIND_LABELS = { off: 'Ngày nghỉ', working: 'Ngày làm bù' } as const;
const STATUS_LABELS = { confirmed: 'Chính thức', proposed: 'Dự kiến', computed: 'Tự tính (tạm thời)' } as const;
const STATUS_BADGE = { confirmed: 'badge ok', proposed: 'badge soon', computed: 'badge' } as const;

const FORM_FIELDS = ['date', 'kind', 'name', 'status', 'source'];
const Year = z.coerce.number().int().min(2000).max(2100);
const DateParam = z.iso.date();

const HolidayForm = z.object({
  date: z.iso.date({ message: 'Hãy nhập ngày dạng YYYY-MM-DD' }),
  kind: z.enum(['off', 'working'], { message: 'Hãy chọn loại ngày' }),
  name: z.string().trim().min(1, { message: 'Hãy nhập tên ngày' }).max(200, { message: 'Tên tối đa 200 ký tự' }),
  status: z.enum(['confirmed', 'proposed', 'computed'], { message: 'Hãy chọn tình trạng' }),
  source: z.string().trim().min(1, { message: 'Hãy ghi nguồn (văn bản, thông báo)' }).max(300, { message: 'Nguồn tối đa 300 ký tự' }),
});

export function adminCalendarRoutes(deps: AppDeps) {
  const app = new Hono<StaffEnv>();
  const guard = [requireStaff(deps.db), requireAdmin] as const;
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
      return show(c, shownYear, { values, problem: { message: 'Thông tin ngày chưa hợp lệ.', issues: zodIssues(parsed.error) } }, 422);
    }
    const { date, ...input } = parsed.data;
    try {
      await putHoliday(deps.db, date, input);
    } catch (err) {
      if (!(err instanceof DomainError) || err.code === 'UNAUTHENTICATED') throw err;
      return show(c, shownYear, { values, problem: { message: err.message, issues: err.issues } }, err.status as ContentfulStatusCode);
    }
    return redirectWith(c, deps.secret, `/console/admin/calendar?year=${date.slice(0, 4)}`, `Đã lưu ${KIND_LABELS[input.kind].toLowerCase()} ${dayHeading(date)}: ${input.name}.`);
  });

  app.post('/console/admin/calendar/:date/delete', ...guard, async (c) => {
    const date = DateParam.safeParse(c.req.param('date'));
    if (!date.success) throw new DomainError('NOT_FOUND', 'Không có ngày này trong lịch.');
    await deleteHoliday(deps.db, date.data);
    return redirectWith(c, deps.secret, `/console/admin/calendar?year=${date.data.slice(0, 4)}`, `Đã xoá ngày ${dayHeading(date.data)} khỏi lịch.`);
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

export function CalendarPage({ actor, year, holidays, form, flash }: PageProps) {
  const off = holidays.filter((h) => h.kind === 'off');
  const working = holidays.filter((h) => h.kind === 'working');
  const provisional = holidays.filter((h) => h.status === 'computed').length;
  return (
    <ConsoleLayout title={`Lịch nghỉ năm ${year}`} actor={actor} current="calendar">
      <h1>Lịch ngày nghỉ, ngày làm bù năm {year}</h1>
      <p class="lead">
        Ngày nghỉ lễ, nghỉ bù trong tuần và ngày làm bù vào cuối tuần; hạn giải quyết hồ sơ tính theo lịch này. Hồ sơ đã nộp giữ lịch tại thời điểm nộp.
      </p>
      <nav aria-label="Chọn năm" class="buttons">
        <a href={`/console/admin/calendar?year=${year - 1}`}>← Năm {year - 1}</a>
        <a href={`/console/admin/calendar?year=${year + 1}`}>Năm {year + 1} →</a>
        <form method="get" action="/console/admin/calendar" class="buttons">
          <label for="year" class="vh">
            Năm
          </label>
          <input type="text" id="year" name="year" inputmode="numeric" pattern="[0-9]{4}" size={6} value={String(year)} />
          <button type="submit" class="secondary">
            Xem năm
          </button>
        </form>
      </nav>
      <Flash message={flash} />
      {provisional > 0 && (
        <p class="notice" role="note">
          Có {provisional} ngày tự tính (theo âm lịch hoặc quy tắc nghỉ bù), chỉ là tạm thời cho đến khi có thông báo chính thức.
        </p>
      )}
      <HolidayTable id="days-off" title="Ngày nghỉ" rows={off} year={year} empty="Chưa có ngày nghỉ nào trong năm này." />
      <HolidayTable id="working-days" title="Ngày làm bù" rows={working} year={year} empty="Không có ngày làm bù nào trong năm này." />
      <HolidayFormCard year={year} values={form.values} problem={form.problem} />
    </ConsoleLayout>
  );
}

function HolidayTable({ id, title, rows, year, empty }: { id: string; title: string; rows: Holiday[]; year: number; empty: string }) {
  return (
    <section class="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>
        {title} ({rows.length})
      </h2>
      {rows.length === 0 ? (
        <p>{empty}</p>
      ) : (
        <table class="responsive" id={id}>
          <thead>
            <tr>
              <th scope="col">Ngày</th>
              <th scope="col">Tên</th>
              <th scope="col">Tình trạng</th>
              <th scope="col">Nguồn</th>
              <th scope="col">Cập nhật</th>
              <th scope="col">Thao tác</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((h) => (
              <tr data-date={h.date} data-status={h.status}>
                <Cell label="Ngày" class="nowrap">
                  <time datetime={h.date}>{dayHeading(h.date)}</time>
                </Cell>
                <Cell label="Tên">{h.name}</Cell>
                <Cell label="Tình trạng">
                  <span class={STATUS_BADGE[h.status]}>{STATUS_LABELS[h.status]}</span>
                </Cell>
                <Cell label="Nguồn">{h.source}</Cell>
                <Cell label="Cập nhật">{dateTime(h.updated_at)}</Cell>
                <Cell label="Thao tác">
                  <div class="buttons">
                    <a href={`/console/admin/calendar?year=${year}&edit=${h.date}#holiday-form`}>
                      Sửa<span class="vh"> ngày {dayHeading(h.date)}</span>
                    </a>
                    <form method="post" action={`/console/admin/calendar/${h.date}/delete`}>
                      <button type="submit" class="danger">
                        Xoá<span class="vh"> ngày {dayHeading(h.date)}</span>
                      </button>
                    </form>
                  </div>
                </Cell>
              </tr>
            ))}
          </tbody>
        </table>
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
      <h2 id="holiday-form-title">Thêm hoặc sửa một ngày</h2>
      <p class="help" id="hf-help">
        Nhập một ngày đã có trong lịch để ghi đè. Ngày nghỉ phải là ngày trong tuần; ngày làm bù phải là thứ Bảy hoặc Chủ nhật.
      </p>
      {/* Issues of the form's fields are shown at the fields; the box has the rest. */}
      <ProblemBox problem={problem && { message: problem.message, issues: problem.issues?.filter((i) => !FORM_FIELDS.includes(i.path.split('.')[0]!)) }} title="Chưa lưu được" />
      <form method="post" action={`/console/admin/calendar?year=${year}`} aria-describedby="hf-help">
        <div class="field">
          <label for="hf-date">Ngày (YYYY-MM-DD)</label>
          <FieldError id="hf-date" message={error('date')} />
          <input type="date" id="hf-date" name="date" required value={v('date')} aria-invalid={invalid('date')} aria-describedby={described('date')} />
        </div>
        <fieldset aria-describedby={described('kind')}>
          <legend>Loại ngày</legend>
          <FieldError id="hf-kind" message={error('kind')} />
          <label class="choice">
            <input type="radio" name="kind" value="off" checked={kind === 'off'} aria-invalid={invalid('kind')} /> Ngày nghỉ (lễ, tết, nghỉ bù)
          </label>
          <label class="choice">
            <input type="radio" name="kind" value="working" checked={kind === 'working'} aria-invalid={invalid('kind')} /> Ngày làm bù (cuối tuần đi làm)
          </label>
        </fieldset>
        <div class="field">
          <label for="hf-name">Tên ngày</label>
          <FieldError id="hf-name" message={error('name')} />
          <input type="text" id="hf-name" name="name" maxlength={200} required value={v('name')} aria-invalid={invalid('name')} aria-describedby={described('name')} />
        </div>
        <div class="field">
          <label for="hf-status">Tình trạng</label>
          <FieldError id="hf-status" message={error('status')} />
          <select id="hf-status" name="status" aria-invalid={invalid('status')} aria-describedby={described('status')}>
            {(['confirmed', 'proposed', 'computed'] as const).map((s) => (
              <option value={s} selected={status === s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="hf-source">Nguồn (văn bản, thông báo)</label>
          <FieldError id="hf-source" message={error('source')} />
          <input type="text" id="hf-source" name="source" maxlength={300} required value={v('source')} aria-invalid={invalid('source')} aria-describedby={described('source')} />
        </div>
        <div class="buttons">
          <button type="submit">Lưu ngày</button>
        </div>
      </form>
    </section>
  );
}

export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <p id={`${id}-error`} class="error">
      {message}
    </p>
  ) : null;
}
