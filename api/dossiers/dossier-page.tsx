// One dossier for a clerk: where it stands and its statutory due date, the work of the current
// step (claim / release, one form per allowed action with the inputs it requires, parallel
// branches, appointment slots), the form data, documents, timeline and messages sent.
import type { Child } from 'hono/jsx';
import { canReleaseFor, canSeeUnit, canWorkOnTask } from '../../domain/access.js';
import { formatDateVi, localDate, localDateTime } from '../../domain/calendar.js';
import type { ActionInput, DocumentSpec, FormField, LocalizedText, ProcedureDefinition } from '../../domain/dsl/schema.js';
import type { StaffActor } from '../../domain/contracts/dossier.js';
import { PAPER_KINDS, PAPER_NAMES } from '../documents/papers.js';
import { canPreview } from '../documents/preview.js';
import { hasPaper } from '../documents/service.js';
import { fileSize } from '../resident-pages/format.js';
import { threadPath } from '../conversations/console.js';
import { SLOT_DAYS, type DossierData } from './console-data.js';
import {
  channelLabel,
  countdown,
  dateTime,
  dayHeading,
  documentSourceLabel,
  messageStatusLabel,
  outcomeLabel,
  roleLabel,
  undeliverableReason,
} from '../console/format.js';
import { localized, t } from '../console/i18n.js';
import { Cell, ConsoleLayout, CountdownBadge, Flash, ProblemBox, type Problem } from '../console/layout.js';

/** A failed form: which one, and what the clerk typed, to show it again with the error. */
export interface FormProblem extends Problem {
  form?: string;
  values?: Record<string, string | string[]>;
}

interface PageProps {
  data: DossierData;
  actor: StaffActor;
  flash?: string;
  problem?: FormProblem;
}

type Live = NonNullable<DossierData['live']>;
type Task = NonNullable<Live['task']>;
type ActionView = Task['actions'][number];

export const actionFormId = (action: string, branch?: string) => `act-${branch ?? 'task'}-${action}`;

export function DossierPage({ data, actor, flash, problem }: PageProps) {
  const { row, definition } = data;
  return (
    <ConsoleLayout title={t(`Hồ sơ ${row.code}`, `Dossier ${row.code}`)} actor={actor}>
      <p class="small">
        <a href="/console">{t('← Hộp việc', '← Inbox')}</a>
      </p>
      <h1>{t('Hồ sơ', 'Dossier')} {row.code}</h1>
      <p class="lead">
        {localized(definition.name)} {t('· phiên bản', '· version')} {row.procedure_version}
      </p>
      <Flash message={flash} />
      <ProblemBox problem={problem} />
      <div class="grid two">
        <Status data={data} />
        <section class="card" aria-labelledby="work-title">
          <h2 id="work-title">{t('Việc cần làm', 'To do')}</h2>
          <Work data={data} actor={actor} problem={problem} />
        </section>
      </div>
      <div class="grid two">
        <FormData data={data} />
        <Documents data={data} />
      </div>
      <Timeline data={data} />
      <Messages data={data} />
      <Conversation data={data} />
    </ConsoleLayout>
  );
}

function Status({ data }: { data: DossierData }) {
  const { row, live, now, calendar } = data;
  const applicant = row.applicant as { name?: string; phone?: string };
  const due = row.due_at?.getTime();
  return (
    <section class="card" aria-labelledby="status-title">
      <h2 id="status-title">{t('Tình trạng', 'Status')}</h2>
      <dl class="facts">
        <dt>{t('Trạng thái', 'State')}</dt>
        <dd>
          <strong id="state-label">{row.state ? stateName(data.definition, live?.state ?? row.state) : t('Đang khởi tạo hồ sơ', 'Dossier being set up')}</strong>
          {row.outcome && (
            <>
              {' '}
              <span class="badge">{outcomeLabel(row.outcome)}</span>
            </>
          )}
        </dd>
        <dt>{t('Đơn vị giải quyết', 'Competent unit')}</dt>
        <dd>{data.unitName}</dd>
        <dt>{t('Người nộp', 'Applicant')}</dt>
        <dd>
          {applicant.name}
          {applicant.phone && <span class="muted"> · {applicant.phone}</span>}
        </dd>
        <dt>{t('Kênh nộp', 'Channel')}</dt>
        <dd>{channelLabel(row.channel)}</dd>
        <dt>{t('Ngày nộp', 'Submitted')}</dt>
        <dd>{dateTime(row.submitted_at)}</dd>
        <dt>{t('Ngày tiếp nhận', 'Received')}</dt>
        <dd>{row.received_at ? dateTime(row.received_at) : <span class="muted">{t('Chưa tiếp nhận', 'Not received yet')}</span>}</dd>
        <dt>{t('Hạn trả kết quả', 'Result due')}</dt>
        <dd id="statutory-due">
          {due ? (
            <>
              <time datetime={row.due_at!.toISOString()}>{dateTime(due)}</time>{' '}
              {row.state_type === 'applicant' ? (
                <div class="small muted">{t('Tạm dừng trong khi chờ người dân bổ sung; tính lại từ đầu khi nhận đủ hồ sơ.', 'Paused while waiting for the resident\'s supplement; restarts from zero once the dossier is complete.')}</div>
              ) : (
                !row.closed_at && <CountdownBadge countdown={countdown(due, now, calendar)} />
              )}
              {row.apology_sent_at && row.original_due_at && (
                <div class="small muted">{t('Đã gửi thư xin lỗi; hạn ban đầu', 'Apology letter sent; original due date')} {dateTime(row.original_due_at)}</div>
              )}
            </>
          ) : (
            <span class="muted">{t('Tính từ khi hồ sơ được tiếp nhận (thời hạn được tính lại từ đầu sau mỗi lần bổ sung)', 'Counted from when the dossier is received (the deadline restarts after each supplement)')}</span>
          )}
        </dd>
        {row.supplement_cycles > 0 && (
          <>
            <dt>{t('Số lần bổ sung', 'Supplement rounds')}</dt>
            <dd>{row.supplement_cycles}</dd>
          </>
        )}
        {row.closed_at && (
          <>
            <dt>{t('Ngày kết thúc', 'Closed')}</dt>
            <dd>{dateTime(row.closed_at)}</dd>
          </>
        )}
      </dl>
      <Papers data={data} />
    </section>
  );
}

/** The printable papers the dossier has now (PDF, opened in the browser's viewer). */
function Papers({ data }: { data: DossierData }) {
  const { row } = data;
  if (row.confidential) return <p class="small muted">{t('Tin báo, tố giác tội phạm không in giấy tiếp nhận hay thông báo kết quả.', 'Crime reports and tips get no printed receipt or result notice.')}</p>;
  const available = PAPER_KINDS.filter((kind) => hasPaper(row, kind));
  if (available.length === 0) return null;
  return (
    <div class="papers">
      <h3 id="papers-title">{t('Giấy tờ in', 'Printed papers')}</h3>
      <ul aria-labelledby="papers-title">
        {available.map((kind) => (
          <li>
            <a id={`paper-${kind}`} href={`/console/dossiers/${row.code}/${kind}.pdf`} target="_blank" rel="noopener">
              {PAPER_NAMES[kind]} (PDF)
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

function Work({ data, actor, problem }: { data: DossierData; actor: StaffActor; problem: FormProblem | undefined }) {
  const { live, row } = data;
  if (!live) {
    return row.closed_at ? (
      <p>{t('Hồ sơ đã kết thúc, không còn việc cần xử lý.', 'The dossier is closed; nothing is left to do.')}</p>
    ) : (
      <p>{t('Hệ thống đang xử lý hồ sơ hoặc chưa sẵn sàng; vui lòng tải lại trang sau ít phút.', 'The system is still processing the dossier or is not ready; please reload the page in a few minutes.')}</p>
    );
  }
  if (live.task) return <TaskWork data={data} live={live} task={live.task} actor={actor} problem={problem} />;
  if (live.branches) {
    return (
      <>
        <p>{t('Các bộ phận thẩm định song song; tất cả phải chấp thuận, một ý kiến không chấp thuận sẽ quyết định.', 'Sections review in parallel; all must approve, and one disapproval decides.')}</p>
        {live.branches.map((b) => {
          const mine = b.status === 'open' && canWorkOnTask(actor, { role: b.role, unitId: row.unit_id });
          const actions: ActionView[] = [
            { name: 'approve', label: t(`Chấp thuận: ${b.label}`, `Approve: ${b.label}`), requires: [] },
            { name: 'reject', label: t(`Không chấp thuận: ${b.label}`, `Disapprove: ${b.label}`), requires: ['reason'] },
          ];
          return (
            <div class="action" role="group" aria-labelledby={`branch-${b.branch}`}>
              <h3 id={`branch-${b.branch}`}>{b.label}</h3>
              <p>
                {roleLabel(b.role)} · <span class={`badge${b.status === 'rejected' ? ' late' : b.status === 'approved' ? ' ok' : ''}`}>{branchStatus(b.status)}</span>
                {b.dueAt && b.status === 'open' && <> {t('· hạn', '· due')} {dateTime(b.dueAt)}</>}
              </p>
              {mine && <Actions data={data} version={live.stateVersion} actions={actions} branch={b.branch} problem={problem} />}
            </div>
          );
        })}
      </>
    );
  }
  if (live.awaiting) {
    return (
      <p>
        {t('Đang chờ hệ thống khác báo sự kiện', 'Waiting for another system to report')} <code>{live.awaiting.event}</code>{t(', chậm nhất đến', ', at the latest by')} {dateTime(live.awaiting.timeoutAt)}.
      </p>
    );
  }
  if (live.stateType === 'applicant') return <p>{t('Đang chờ người dân bổ sung hồ sơ. Hồ sơ sẽ trở lại hộp việc khi người dân gửi bổ sung.', 'Waiting for the resident\'s supplement. The dossier returns to the inbox when the resident sends it.')}</p>;
  return <p>{t('Bước này không có việc cần cán bộ xử lý.', 'This step has no task for staff.')}</p>;
}

const branchStatus = (status: 'open' | 'approved' | 'rejected') =>
  ({ open: t('Đang chờ ý kiến', 'Awaiting opinion'), approved: t('Đã chấp thuận', 'Approved'), rejected: t('Không chấp thuận', 'Disapproved') })[status];

function TaskWork({ data, live, task, actor, problem }: { data: DossierData; live: Live; task: Task; actor: StaffActor; problem: FormProblem | undefined }) {
  const code = data.row.code;
  const mayWork = canWorkOnTask(actor, task);
  const mine = task.assigneeId === actor.staffId;
  const free = task.assigneeId === undefined;
  const mayRelease = !free && canReleaseFor(actor, { unitId: task.unitId, assigneeId: task.assigneeId });
  return (
    <>
      <dl class="facts">
        <dt>{t('Bước', 'Step')}</dt>
        <dd>{stateName(data.definition, live.state)}</dd>
        <dt>{t('Vai trò xử lý', 'Role')}</dt>
        <dd>{roleLabel(task.role)}</dd>
        <dt>{t('Người xử lý', 'Assignee')}</dt>
        <dd id="assignee">{mine ? t(`Bạn (${actor.name})`, `You (${actor.name})`) : (task.assigneeName ?? t('Chưa có người nhận', 'Unassigned'))}</dd>
        <dt>{t('Hạn xử lý', 'Task due')}</dt>
        <dd>
          {task.dueAt ? (
            <>
              {dateTime(task.dueAt)} <CountdownBadge countdown={countdown(task.dueAt, data.now, data.calendar)} />
            </>
          ) : (
            <span class="muted">{t('Không đặt hạn', 'No deadline')}</span>
          )}
          {task.escalated && <div class="small">{t('Đã quá hạn và được báo lãnh đạo đơn vị.', 'Overdue and reported to the unit chief.')}</div>}
        </dd>
      </dl>
      {(free && mayWork) || mayRelease ? (
        <div class="buttons">
          {free && mayWork && (
            <PostButton action={`/console/dossiers/${code}/claim`} id="claim" label={t('Nhận xử lý', 'Claim')} />
          )}
          {mayRelease && (
            <PostButton action={`/console/dossiers/${code}/release`} id="release" label={mine ? t('Bỏ nhận xử lý', 'Release') : t('Thu hồi việc', 'Take back')} secondary />
          )}
        </div>
      ) : null}
      {live.appointment && <Appointment data={data} live={live} actor={actor} problem={problem} />}
      {!mayWork ? (
        <p class="muted">{t('Bước này dành cho', 'This step is for the')} {roleLabel(task.role).toLowerCase()} {t('của đơn vị.', 'of the unit.')}</p>
      ) : !free && !mine ? (
        <p class="muted">{t('Hồ sơ đang do cán bộ', 'The dossier is being handled by')} {task.assigneeName} {t('xử lý.', '.')}</p>
      ) : (
        <Actions data={data} version={live.stateVersion} actions={task.actions} problem={problem} />
      )}
    </>
  );
}

function PostButton(props: { action: string; id: string; label: string; secondary?: boolean }) {
  return (
    <form method="post" action={props.action} id={props.id}>
      <button type="submit" class={props.secondary ? 'secondary' : undefined}>
        {props.label}
      </button>
    </form>
  );
}

const inputText = (input: Exclude<ActionInput, 'missingDocuments'>) => (input === 'reason' ? t('Lý do', 'Reason') : t('Ghi chú', 'Note'));
const DANGER_ACTIONS = new Set(['reject', 'noShow']);

interface ActionsProps {
  data: DossierData;
  version: number;
  actions: ActionView[];
  branch?: string;
  problem: FormProblem | undefined;
}

/** Actions without inputs are a row of buttons; those needing a reason, note or checklist get a form each. */
function Actions(props: ActionsProps) {
  const simple = props.actions.filter((a) => a.requires.length === 0);
  const withInputs = props.actions.filter((a) => a.requires.length > 0);
  return (
    <>
      {simple.length > 0 && (
        <div class="buttons">
          {simple.map((a) => (
            <ActionForm {...props} action={a} />
          ))}
        </div>
      )}
      {withInputs.length > 0 && (
        <div class="actions">
          {withInputs.map((a) => (
            <ActionForm {...props} action={a} />
          ))}
        </div>
      )}
    </>
  );
}

function ActionForm(props: Omit<ActionsProps, 'actions'> & { action: ActionView }) {
  const { data, action, branch } = props;
  const id = actionFormId(action.name, branch);
  const failed = props.problem?.form === id ? props.problem : undefined;
  const label = action.label ?? action.name;
  const errorAt = (path: string) => failed?.issues?.find((i) => i.path === path)?.message;
  const typed = (name: string) => {
    const v = failed?.values?.[name];
    return Array.isArray(v) ? v : v === undefined ? [] : [v];
  };
  const hidden = (
    <>
      <input type="hidden" name="action" value={action.name} />
      <input type="hidden" name="expectedVersion" value={String(props.version)} />
      {branch && <input type="hidden" name="branch" value={branch} />}
    </>
  );
  const button = (
    <button type="submit" class={DANGER_ACTIONS.has(action.name) ? 'danger' : undefined}>
      {label}
    </button>
  );
  const url = `/console/dossiers/${data.row.code}/actions`;
  if (action.requires.length === 0) {
    return (
      <form method="post" action={url} id={id}>
        {hidden}
        {button}
      </form>
    );
  }
  return (
    <form method="post" action={url} id={id} class={`action${failed ? ' failed' : ''}`} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{label}</h3>
      {hidden}
      {action.requires.map((need) =>
        need === 'missingDocuments' ? (
          <MissingDocuments id={id} documents={data.definition.documents} checked={typed('missingDocuments')} other={typed('otherDocuments')[0] ?? ''} error={errorAt(need)} />
        ) : (
          <TextInput id={`${id}-${need}`} name={need} label={inputText(need)} value={typed(need)[0] ?? ''} error={errorAt(need)} />
        ),
      )}
      {button}
    </form>
  );
}

function Hint({ id, error }: { id: string; error: string | undefined }) {
  return error ? (
    <p id={`${id}-error`} class="error">
      {error}
    </p>
  ) : null;
}

function TextInput(props: { id: string; name: string; label: string; value: string; error: string | undefined }) {
  return (
    <div class="field">
      <label for={props.id}>
        {props.label} <span class="small muted">{t('(bắt buộc)', '(required)')}</span>
      </label>
      <Hint id={props.id} error={props.error} />
      <textarea
        id={props.id}
        name={props.name}
        rows={3}
        maxlength={2000}
        required
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={props.error ? `${props.id}-error` : undefined}
      >
        {props.value}
      </textarea>
    </div>
  );
}

function MissingDocuments(props: { id: string; documents: DocumentSpec[]; checked: string[]; other: string; error: string | undefined }) {
  const id = `${props.id}-missingDocuments`;
  return (
    <fieldset aria-describedby={props.error ? `${id}-error` : undefined}>
      <legend>
        {t('Giấy tờ cần bổ sung', 'Documents to supplement')} <span class="small muted">{t('(chọn ít nhất một)', '(choose at least one)')}</span>
      </legend>
      <Hint id={id} error={props.error} />
      {props.documents.map((doc) => (
        <label class="choice">
          <input type="checkbox" name="missingDocuments" value={doc.key} checked={props.checked.includes(doc.key)} />
          <span>{localized(doc.label)}</span>
        </label>
      ))}
      <label for={`${id}-other`}>{t('Giấy tờ khác (mỗi dòng một giấy tờ)', 'Other documents (one per line)')}</label>
      <textarea id={`${id}-other`} name="otherDocuments" rows={2} maxlength={2000}>
        {props.other}
      </textarea>
    </fieldset>
  );
}

function Appointment({ data, live, actor, problem }: { data: DossierData; live: Live; actor: StaffActor; problem: FormProblem | undefined }) {
  const booked = live.appointment?.startsAt;
  const days = new Map<string, typeof data.slots>();
  for (const slot of data.slots) {
    const day = localDate(Date.parse(slot.startsAt));
    days.set(day, [...(days.get(day) ?? []), slot]);
  }
  const failed = problem?.form === 'book' ? problem : undefined;
  return (
    <div class="action" role="group" aria-labelledby="appointment-title">
      <h3 id="appointment-title">{t('Lịch hẹn', 'Appointment')}</h3>
      <p id="appointment-booked">{booked ? <>{t('Đã hẹn lúc', 'Booked for')} {dateTime(booked)}.</> : t('Chưa đặt lịch hẹn.', 'No appointment booked.')}</p>
      {!canSeeUnit(actor.grants, data.row.unit_id) ? null : data.slots.length === 0 ? (
        <p class="muted">{t('Không còn khung giờ trống trong', 'No free slot in the next')} {SLOT_DAYS} {t('ngày làm việc tới.', 'working days.')}</p>
      ) : (
        <form method="post" action={`/console/dossiers/${data.row.code}/appointment`} id="book">
          <div class="field">
            <label for="book-slot">{booked ? t('Đổi sang khung giờ', 'Move to slot') : t('Khung giờ còn trống', 'Free slots')}</label>
            <Hint id="book-slot" error={failed?.issues?.find((i) => i.path === 'startsAt')?.message} />
            <select id="book-slot" name="startsAt" required>
              {[...days].map(([day, slots]) => (
                <optgroup label={dayHeading(day)}>
                  {slots.map((s) => (
                    <option value={s.startsAt}>
                      {dateTime(Date.parse(s.startsAt))} {t('(còn', '(')} {s.remaining} {t('chỗ)', 'places left)')}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </div>
          <button type="submit">{booked ? t('Đổi lịch hẹn', 'Rebook') : t('Đặt lịch hẹn', 'Book')}</button>
        </form>
      )}
    </div>
  );
}

function FormData({ data }: { data: DossierData }) {
  const form = data.row.form_data;
  return (
    <section class="card" aria-labelledby="form-title">
      <h2 id="form-title">{t('Thông tin tờ khai', 'Form data')}</h2>
      <dl class="facts">
        {data.definition.form.map((field) => (
          <>
            <dt>{localized(field.label)}</dt>
            <dd>{fieldValue(field, form[field.key])}</dd>
          </>
        ))}
      </dl>
    </section>
  );
}

function fieldValue(field: FormField, value: unknown): Child {
  if (value === undefined || value === null || value === '') return <span class="muted">{t('Không khai', 'Not given')}</span>;
  if (field.type === 'date' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDateVi(localDateTime(value, '00:00'));
  if (field.type === 'select') {
    const label = field.options?.find((o) => o.value === value)?.label;
    return label ? localized(label) : String(value);
  }
  if (field.type === 'boolean') return value === true ? t('Có', 'Yes') : t('Không', 'No');
  return String(value);
}

function Documents({ data }: { data: DossierData }) {
  const { definition, documents, row } = data;
  const known = new Set(definition.documents.map((d) => d.key));
  const others = documents.filter((d) => !d.doc_key || !known.has(d.doc_key));
  const link = (d: DossierData['documents'][number]) => {
    const url = `/console/dossiers/${row.code}/documents/${d.id}`;
    return (
      <li class="document">
        <a href={url}>{d.filename}</a>{' '}
        <span class="small muted">
          {t(
            `(${fileSize(d.size)}, nhận lúc ${dateTime(d.created_at)} qua ${documentSourceLabel(d.source)})`,
            `(${fileSize(d.size)}, received at ${dateTime(d.created_at)} through ${documentSourceLabel(d.source)})`,
          )}
        </span>
        <Preview url={`${url}/preview`} mime={d.mime} filename={d.filename} />
      </li>
    );
  };
  return (
    <section class="card" aria-labelledby="documents-title">
      <h2 id="documents-title">{t('Giấy tờ', 'Documents')}</h2>
      <ul id="documents">
        {definition.documents.map((spec) => {
          const files = documents.filter((d) => d.doc_key === spec.key);
          return (
            <li>
              <strong>{localized(spec.label)}</strong>
              {spec.required ? t(' (bắt buộc)', ' (required)') : t(' (nếu có)', ' (if any)')}
              {files.length > 0 ? <ul>{files.map(link)}</ul> : <div class="muted">{t('Chưa nhận', 'Not received')}</div>}
            </li>
          );
        })}
        {others.length > 0 && (
          <li>
            <strong>{t('Giấy tờ khác', 'Other documents')}</strong>
            <ul>{others.map(link)}</ul>
          </li>
        )}
      </ul>
    </section>
  );
}

/** Images show as thumbnails, PDFs open in the browser's viewer; the preview route re-checks the bytes. */
function Preview({ url, mime, filename }: { url: string; mime: string; filename: string }) {
  if (!canPreview(mime)) return null;
  if (mime === 'application/pdf') {
    return (
      <div class="small">
        <a href={url} target="_blank" rel="noopener" class="preview-pdf">
          {t('Xem PDF trong tab mới', 'Open the PDF in a new tab')}
        </a>
      </div>
    );
  }
  return (
    <a href={url} target="_blank" rel="noopener" class="thumb">
      <img src={url} alt={t(`Ảnh ${filename}`, `Photo ${filename}`)} loading="lazy" />
    </a>
  );
}

function Timeline({ data }: { data: DossierData }) {
  return (
    <section class="card" aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t('Quá trình xử lý', 'Timeline')}</h2>
      <ol class="timeline" id="timeline">
        {data.events.map((e) => {
          const { text, details } = describeEvent(e, data.definition);
          return (
            <li>
              <time datetime={e.at.toISOString()}>{dateTime(e.at)}</time> · {actorName(e.actor)}
              <div>{text}</div>
              {details.map((d) => (
                <div class="small muted">{d}</div>
              ))}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

type Event = DossierData['events'][number];

function actorName(actor: Record<string, unknown>): string {
  if (actor.kind === 'staff') return t(`Cán bộ ${String(actor.name)}`, `Officer ${String(actor.name)}`);
  return actor.kind === 'resident' ? t('Người dân', 'Resident') : t('Hệ thống', 'System');
}

const systemActions = (): Record<string, string> => ({
  submit: t('gửi hồ sơ', 'submitted'),
  withdraw: t('rút hồ sơ', 'withdrew'),
  expired: t('quá thời hạn chờ', 'wait expired'),
  waited: t('hết thời gian chờ', 'timed out'),
  timeout: t('quá thời hạn chờ hệ thống khác', 'waited too long for the other system'),
  choice: t('tự động chọn bước tiếp theo', 'chose the next step automatically'),
  approve: t('các bộ phận đều chấp thuận', 'all sections approved'),
  reject: t('không chấp thuận', 'disapproved'),
});

function describeEvent(e: Event, def: ProcedureDefinition): { text: string; details: string[] } {
  const label = (state: string | null) => (state ? stateName(def, state) : '');
  const details: string[] = [];
  const d = e.data;
  if (typeof d.reason === 'string') details.push(t(`Lý do: ${d.reason}`, `Reason: ${d.reason}`));
  if (typeof d.note === 'string') details.push(t(`Ghi chú: ${d.note}`, `Note: ${d.note}`));
  if (Array.isArray(d.missingDocuments)) details.push(t(`Cần bổ sung: ${d.missingDocuments.map((k) => documentLabel(def, String(k))).join('; ')}`, `To supplement: ${d.missingDocuments.map((k) => documentLabel(def, String(k))).join('; ')}`));
  if (Array.isArray(d.changedFields) && d.changedFields.length > 0) {
    details.push(t(`Sửa thông tin: ${d.changedFields.map((k) => fieldLabel(def, String(k))).join(', ')}`, `Changed: ${d.changedFields.map((k) => fieldLabel(def, String(k))).join(', ')}`));
  }
  switch (e.type) {
    case 'transition': {
      const from = e.from ? def.states[e.from] : undefined;
      const actionLabel = from?.type === 'task' && e.action ? from.actions[e.action]?.label : undefined;
      const named = actionLabel && localized(actionLabel);
      const how = named ?? (from?.type === 'system' ? t('hoàn tất bước tự động', 'completed an automatic step') : e.action === 'submit' && from ? t('gửi bổ sung', 'sent a supplement') : e.action && (systemActions()[e.action] ?? e.action));
      return { text: `${how ? `${capitalise(how)} → ` : ''}${label(e.to)}`, details };
    }
    case 'branchDecided': {
      // The event names the branch only; its parallel step is the one that has it.
      const branch = String(d.branch);
      const name = Object.values(def.states).flatMap((st) => (st.type === 'parallel' && st.branches[branch] ? [localized(st.branches[branch].label)] : []))[0] ?? branch;
      return { text: `${name}: ${e.action === 'approve' ? t('chấp thuận', 'approved') : t('không chấp thuận', 'disapproved')}`, details };
    }
    case 'booked':
      return { text: t(`Đặt lịch hẹn lúc ${dateTime(Number(d.startsAt))}`, `Booked an appointment at ${dateTime(Number(d.startsAt))}`), details };
    case 'claimed':
      return { text: t('Nhận xử lý', 'Claim'), details };
    case 'released':
      return { text: t('Bỏ nhận xử lý', 'Release'), details };
    case 'reminder':
      return { text: t('Gửi tin nhắn nhắc việc', 'Sent a reminder'), details };
    case 'escalated':
      return { text: t(`Quá hạn xử lý, đã báo ${roleLabel(String(d.toRole)).toLowerCase()}`, `Overdue; reported to the ${roleLabel(String(d.toRole)).toLowerCase()}`), details };
    case 'apology':
      return { text: t(`Gửi thư xin lỗi, hẹn lại ngày trả kết quả ${dateTime(Number(d.newDueAt))}`, `Sent an apology letter with a new result date ${dateTime(Number(d.newDueAt))}`), details };
    case 'followUp':
      return { text: d.skipped ? t('Bỏ qua tin nhắn nhắc sau khi kết thúc (đã quá ngày)', 'Skipped a follow-up reminder (its day had passed)') : t('Gửi tin nhắn nhắc sau khi kết thúc', 'Sent a follow-up reminder'), details };
    default:
      return { text: e.type, details };
  }
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
/** The label of a document or form field in the page's language; the key if the definition has none. */
function labelIn(items: ReadonlyArray<{ key: string; label: LocalizedText }>, key: string): string {
  const item = items.find((i) => i.key === key);
  return item ? localized(item.label) : key;
}
const documentLabel = (def: ProcedureDefinition, key: string) => labelIn(def.documents, key);
const stateName = (def: ProcedureDefinition, state: string) => (def.states[state] ? localized(def.states[state].label) : state);
const fieldLabel = (def: ProcedureDefinition, key: string) => labelIn(def.form, key);

function recipientLabel(recipient: Record<string, unknown>): string {
  switch (recipient.kind) {
    case 'applicant':
      return t('Người nộp hồ sơ', 'Applicant');
    case 'resident':
      return t('Người dân (Zalo)', 'Resident (Zalo)');
    case 'staff':
      return t('Cán bộ', 'Staff');
    case 'role':
      return roleLabel(String(recipient.role));
    default:
      return String(recipient.kind);
  }
}

function Messages({ data }: { data: DossierData }) {
  return (
    <section class="card" aria-labelledby="messages-title">
      <h2 id="messages-title">{t('Tin nhắn đã gửi', 'Messages sent')}</h2>
      {data.messages.length === 0 ? (
        <p>{t('Chưa có tin nhắn nào.', 'No messages yet.')}</p>
      ) : (
        <table class="responsive" id="messages">
          <thead>
            <tr>
              <th scope="col">{t('Thời gian', 'Time')}</th>
              <th scope="col">{t('Người nhận', 'Recipient')}</th>
              <th scope="col">{t('Nội dung', 'Text')}</th>
              <th scope="col">{t('Tình trạng gửi', 'Delivery')}</th>
            </tr>
          </thead>
          <tbody>
            {data.messages.map((m) => {
              const reason = m.status === 'undeliverable' ? undeliverableReason(m.undeliverable_reason) : undefined;
              const at = m.seen_at ?? m.delivered_at ?? m.sent_at;
              return (
                <tr data-template={m.template}>
                  <Cell label={t('Thời gian', 'Time')} class="nowrap">
                    {dateTime(m.created_at)}
                  </Cell>
                  <Cell label={t('Người nhận', 'Recipient')}>{recipientLabel(m.recipient)}</Cell>
                  <Cell label={t('Nội dung', 'Text')}>
                    <pre class="message-text">{m.text}</pre>
                  </Cell>
                  <Cell label={t('Tình trạng gửi', 'Delivery')}>
                    <span class={`badge${m.status === 'undeliverable' ? ' late' : ['sent', 'delivered', 'seen'].includes(m.status) ? ' ok' : ''}`}>
                      {messageStatusLabel(m.status)}
                    </span>
                    {reason && <div class="small">{t('Lý do:', 'Reason:')} {reason}</div>}
                    {m.channel && <div class="small muted">{t('Kênh:', 'Channel:')} {channelLabel(m.channel)}</div>}
                    {at && <div class="small muted">{t('Lúc', 'At')} {dateTime(at)}</div>}
                  </Cell>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

const CONVERSATION_ENTRIES = 10;

/** The applicant's latest exchanges with the OA; clerks reply from the conversation's own page. */
function Conversation({ data }: { data: DossierData }) {
  const thread = data.conversation;
  if (!thread) return null;
  const latest = thread.entries.slice(-CONVERSATION_ENTRIES);
  return (
    <section class="card" aria-labelledby="conversation-title" id="conversation">
      <h2 id="conversation-title">{t(`Trò chuyện Zalo qua ${thread.oaName}`, `Zalo conversation through ${thread.oaName}`)}</h2>
      {latest.length === 0 ? (
        <p>{t('Chưa có tin nhắn nào.', 'No messages yet.')}</p>
      ) : (
        <ol class="plain">
          {latest.map((e) => (
            <li data-direction={e.direction}>
              <span class="small muted">
                {dateTime(e.at)} · {e.direction === 'in' ? t('Người dân', 'Resident') : t('Đơn vị', 'Unit')}
              </span>
              <pre class="message-text">{e.text}</pre>
            </li>
          ))}
        </ol>
      )}
      <p>
        <a href={threadPath(thread.oaId, thread.userId)}>
          {thread.cannotReply ? t('Mở cuộc trò chuyện', 'Open the conversation') : t('Mở cuộc trò chuyện để trả lời', 'Open the conversation to reply')}
        </a>
      </p>
    </section>
  );
}
