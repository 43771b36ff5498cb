// "Chạy thử" in the procedure editor: the dry run of the text being edited, without JavaScript.
// Every control belongs to the editor's form (form="editor-form"), so each click posts the
// definition text with the start time, the unit, the steps taken so far (a hidden JSON list) and
// the next step (the button's value); the page answers with the trace up to there.
import { z } from 'zod';
import { localDate } from '../../domain/calendar.js';
import { DryRunStep, MAX_DRY_RUN_STEPS, type DryRunResult, type DryRunTraceStep } from '../../domain/dry-run.js';
import type { ActionInput } from '../../domain/dsl/schema.js';
import { FieldError, type Problem, ProblemBox } from '../console/layout.js';
import { dateTime } from '../../domain/wording/dates.js';
import { errorText, t } from '../console/i18n.js';
import { Cell } from '../console/table.js';
import { formValue, issueAt, zodIssues, type FormValues } from '../console/page-kit.js';

/** What the dry-run controls hold, as typed (shown again with the trace or next to a problem). */
export interface DryRunFields {
  start: string;
  unitId: string;
  at: string;
  /** The steps of the trace shown (what the next click continues from). */
  steps: DryRunStep[];
}

export interface DryRunState {
  fields: DryRunFields;
  units: Array<{ id: string; name: string }>;
  result?: DryRunResult;
  problem?: Problem;
}

const LOCAL_MINUTE = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/;
const localMinute = (error: ReturnType<typeof errorText>) => z.string().regex(LOCAL_MINUTE, error);
/** 'YYYY-MM-DDTHH:MM' of a datetime-local field, Vietnam time, as ISO 8601. */
const toIso = (value: string) => `${value}:00+07:00`;

const json = <T extends z.ZodType>(schema: T) =>
  z.string().transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: t('Dữ liệu chạy thử bị hỏng; hãy chạy lại từ đầu', 'The dry-run data is damaged; start again') });
      return z.NEVER;
    }
  }).pipe(schema);

const DryRunForm = z.object({
  dryStart: localMinute(errorText('Hãy chọn ngày giờ nộp hồ sơ', 'Choose the submission date and time')),
  dryUnit: z.string().min(1, errorText('Hãy chọn đơn vị', 'Choose a unit')).max(100),
  dryAt: z.union([z.literal(''), localMinute(errorText('Thời điểm dạng ngày giờ', 'A date and time'))]).default(''),
  drySteps: json(z.array(DryRunStep).max(MAX_DRY_RUN_STEPS, errorText(`Tối đa ${MAX_DRY_RUN_STEPS} bước`, `At most ${MAX_DRY_RUN_STEPS} steps`))).optional(),
  dryNext: json(DryRunStep).optional(),
  dryBack: z.string().optional(),
});

/** Whether the editor's post asks for a dry run (start, next step or one step back). */
export const wantsDryRun = (values: FormValues) => values.intent === 'dryrun' || values.dryNext !== undefined || values.dryBack !== undefined;

/** The controls as first shown: today 09:00 (Vietnam time) at the admin's first unit. */
export function initialDryRunFields(now: number, unitId: string): DryRunFields {
  return { start: `${localDate(now)}T09:00`, unitId, at: '', steps: [] };
}

/** The dry-run request of a post: "start" runs no step, "next" adds one, "back" drops the last. */
export function parseDryRunForm(values: FormValues): { fields: DryRunFields; request?: { startAt: number; unitId: string; steps: DryRunStep[] }; problem?: Problem } {
  const fields: DryRunFields = { start: formValue(values, 'dryStart'), unitId: formValue(values, 'dryUnit'), at: formValue(values, 'dryAt'), steps: [] };
  const parsed = DryRunForm.safeParse(values);
  if (!parsed.success) return { fields, problem: { message: t('Thông tin chạy thử chưa hợp lệ.', 'The dry-run details are not valid.'), issues: zodIssues(parsed.error) } };
  const { dryStart, dryUnit, dryAt, drySteps, dryNext, dryBack } = parsed.data;
  let steps = values.intent === 'dryrun' ? [] : (drySteps ?? []);
  if (dryBack !== undefined) steps = steps.slice(0, -1);
  else if (dryNext) steps = [...steps, dryNext.type === 'timer' || dryAt === '' ? dryNext : { ...dryNext, at: toIso(dryAt) }];
  // A next click continues from the steps that were taken (a failing one is not kept).
  return { fields: { ...fields, at: '', steps }, request: { startAt: Date.parse(toIso(dryStart)), unitId: dryUnit, steps } };
}

const requires = (): Record<ActionInput, string> => ({ reason: t('lý do', 'reason'), note: t('ghi chú', 'note'), missingDocuments: t('giấy tờ cần bổ sung', 'documents to supplement') });

export function DryRunSection({ state }: { state: DryRunState }) {
  const { fields, result, problem } = state;
  const trace = result && 'trace' in result ? result.trace : [];
  const failed = result && !result.ok && result.kind === 'step' ? result : undefined;
  // After a failed step, continue from the steps that worked.
  const kept = failed ? fields.steps.slice(0, failed.index) : fields.steps;
  const last = trace.at(-1);
  const error = (name: string) => issueAt(problem?.issues, name);
  return (
    <section class="card" aria-labelledby="dry-run-title" id="dry-run">
      <h2 id="dry-run-title">{t('Chạy thử', 'Dry run')}</h2>
      <p class="help" id="dry-run-help">
        {t('Chạy thử định nghĩa đang soạn trên một hồ sơ mẫu, với lịch làm việc và ngày nghỉ của đơn vị: bấm từng thao tác để xem hồ sơ chuyển bước, hạn giải quyết, hẹn giờ và tin nhắn sẽ gửi. Không lưu gì, không gửi tin nhắn thật. Thao tác cần lý do, ghi chú hay danh sách giấy tờ dùng nội dung mẫu.', 'Run the definition being edited on a sample dossier with the unit\'s office hours and days off: click each action to see the steps, due dates, timers and messages it would send. Nothing is saved and no real message is sent. Actions that need a reason, a note or a document list use sample text.')}
      </p>
      <ProblemBox problem={problem && { message: problem.message, issues: problem.issues?.filter((i) => !['dryStart', 'dryUnit', 'dryAt'].includes(i.path)) }} title={t('Chưa chạy thử được', 'Dry run not done')} />
      <div class="grid two">
        <div class="field">
          <label for="dry-start">{t('Thời điểm nộp hồ sơ (giờ Việt Nam)', 'Submitted at (Vietnam time)')}</label>
          <FieldError id="dry-start" message={error('dryStart')} />
          <input type="datetime-local" id="dry-start" name="dryStart" form="editor-form" required value={fields.start} aria-invalid={error('dryStart') ? 'true' : undefined} aria-describedby={error('dryStart') ? 'dry-start-error' : undefined} />
        </div>
        <div class="field">
          <label for="dry-unit">{t('Đơn vị giải quyết (lịch, giờ làm việc)', 'Competent unit (calendar, office hours)')}</label>
          <FieldError id="dry-unit" message={error('dryUnit')} />
          <select id="dry-unit" name="dryUnit" form="editor-form" aria-invalid={error('dryUnit') ? 'true' : undefined}>
            {state.units.map((u) => (
              <option value={u.id} selected={u.id === fields.unitId}>
                {u.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      <input type="hidden" name="drySteps" form="editor-form" value={JSON.stringify(kept)} />
      <div class="buttons">
        <button type="submit" name="intent" value="dryrun" form="editor-form" class="secondary" aria-describedby="dry-run-help">
          {trace.length > 0 ? t('Chạy thử lại từ đầu', 'Dry-run again from the start') : t('Chạy thử', 'Dry run')}
        </button>
        {kept.length > 0 && (
          <button type="submit" name="dryBack" value="1" form="editor-form" class="secondary">
            {t('Quay lại một bước', 'One step back')}
          </button>
        )}
      </div>
      {trace.length > 0 && <TraceTable trace={trace} />}
      {failed && <ProblemBox problem={{ message: t(`Không thực hiện được bước ${failed.index + 1}.`, `Step ${failed.index + 1} could not be taken.`), issues: failed.issues }} title={t('Bước chạy thử bị từ chối', 'Dry-run step refused')} />}
      {last && last.next.length > 0 && (
        <fieldset aria-describedby="dry-next-help">
          <legend>{t('Bước tiếp theo (từ bước “', 'Next step (from “')}{last.stateLabel}”)</legend>
          <div class="field">
            <label for="dry-at">{t('Thời điểm thao tác (để trống: ngay sau bước trước)', 'Time of the action (empty: right after the previous step)')}</label>
            <FieldError id="dry-at" message={error('dryAt')} />
            <input type="datetime-local" id="dry-at" name="dryAt" form="editor-form" value={fields.at} aria-invalid={error('dryAt') ? 'true' : undefined} />
          </div>
          <p id="dry-next-help" class="help small">
            {t('Chờ hẹn giờ thì thời gian nhảy tới lúc hẹn giờ đến.', 'Waiting for a timer moves the time to when it fires.')}
          </p>
          <div class="steps">
            {last.next.map((n) => (
              <button type="submit" name="dryNext" value={JSON.stringify(n.step)} form="editor-form" class="secondary">
                {n.label}
                {n.requires.length > 0 && <span class="small"> {t('(cần', '(needs')} {n.requires.map((r) => requires()[r]).join(', ')})</span>}
              </button>
            ))}
          </div>
        </fieldset>
      )}
      {last?.finished && (
        <p class="notice" role="status">
          {t('Hồ sơ đã kết thúc ở bước “', 'The dossier ended at “')}{last.stateLabel}{t('” và không còn tin nhắn nào chờ gửi.', '” with no message left to send.')}
        </p>
      )}
    </section>
  );
}

function TraceTable({ trace }: { trace: DryRunTraceStep[] }) {
  return (
    <table class="responsive trace" id="dry-run-trace">
      <caption>{t('Diễn biến hồ sơ mẫu', 'The sample dossier\'s course')}</caption>
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">{t('Thời điểm', 'Time')}</th>
          <th scope="col">{t('Việc đã xảy ra', 'What happened')}</th>
          <th scope="col">{t('Bước hiện tại', 'Current step')}</th>
          <th scope="col">{t('Hạn giải quyết', 'Result due')}</th>
          <th scope="col">{t('Hạn xử lý bước', 'Step due')}</th>
          <th scope="col">{t('Hẹn giờ', 'Timers')}</th>
          <th scope="col">{t('Tin nhắn gửi đi', 'Messages sent')}</th>
        </tr>
      </thead>
      <tbody>
        {trace.map((s, i) => (
          <tr data-step={String(i)} data-state={s.state}>
            <Cell label="#">{i}</Cell>
            <Cell label={t('Thời điểm', 'Time')} class="nowrap">
              {dateTime(s.at)}
            </Cell>
            <Cell label={t('Việc đã xảy ra', 'What happened')}>{s.did}</Cell>
            <Cell label={t('Bước hiện tại', 'Current step')}>
              {s.stateLabel} <code>{s.state}</code>
            </Cell>
            <Cell label={t('Hạn giải quyết', 'Result due')} class="nowrap">
              {s.dueAt === undefined ? '—' : dateTime(s.dueAt)}
              {s.receivedAt !== undefined && <span class="small muted"> {t('(nhận', '(received')} {dateTime(s.receivedAt)})</span>}
            </Cell>
            <Cell label={t('Hạn xử lý bước', 'Step due')}>
              {s.taskDueAt !== undefined && dateTime(s.taskDueAt)}
              {s.branches?.map((b) => (
                <div>
                  {b.label}: {b.dueAt === undefined ? '—' : dateTime(b.dueAt)}
                </div>
              ))}
              {s.appointmentAt !== undefined && <div>{t('Lịch hẹn:', 'Appointment:')} {dateTime(s.appointmentAt)}</div>}
              {s.awaiting && <div>{t('Chờ “', 'Waiting for “')}{s.awaiting.event}{t('” đến', '” until')} {dateTime(s.awaiting.timeoutAt)}</div>}
              {s.taskDueAt === undefined && !s.branches && s.appointmentAt === undefined && !s.awaiting && '—'}
            </Cell>
            <Cell label={t('Hẹn giờ', 'Timers')}>
              {s.timers.length === 0 ? (
                '—'
              ) : (
                <ul class="small">
                  {s.timers.map((t) => (
                    <li>
                      {dateTime(t.at)}: {t.label}
                    </li>
                  ))}
                </ul>
              )}
            </Cell>
            <Cell label={t('Tin nhắn gửi đi', 'Messages sent')}>
              {s.messages.length === 0
                ? '—'
                : s.messages.map((m) => (
                    <details>
                      <summary>
                        {m.recipient}: <code>{m.template}</code>
                      </summary>
                      <pre class="message-text">{m.text}</pre>
                    </details>
                  ))}
            </Cell>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
