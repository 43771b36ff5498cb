// The work part of a clerk's dossier page: claim / release, one form per allowed action with the
// inputs it requires, parallel branches, appointment slots.
import { canReleaseFor, canSeeUnit, canWorkOnTask } from '../../domain/access.js';
import { localDate } from '../../domain/calendar.js';
import type { ActionInput, DocumentSpec } from '../../domain/dsl/schema.js';
import type { StaffActor } from '../../domain/contracts/dossier.js';
import { SLOT_DAYS, type DossierData } from './console-data.js';
import { countdown, dayHeading, roleLabel } from '../console/format.js';
import { dateTime } from '../../domain/wording/dates.js';
import { localized, t } from '../console/i18n.js';
import { CountdownBadge, type Problem } from '../console/layout.js';
import { stateName } from './dossier-history.js';

/** A failed form: which one, and what the clerk typed, to show it again with the error. */
export interface FormProblem extends Problem {
  form?: string;
  values?: Record<string, string | string[]>;
}

export const actionFormId = (action: string, branch?: string) => `act-${branch ?? 'task'}-${action}`;

type Live = NonNullable<DossierData['live']>;
type Task = NonNullable<Live['task']>;
type ActionView = Task['actions'][number];

export function Work({ data, actor, problem }: { data: DossierData; actor: StaffActor; problem: FormProblem | undefined }) {
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

