// One dossier for a clerk: where it stands and its statutory due date, the work of the current
// step (claim / release, one form per allowed action with the inputs it requires, parallel
// branches, appointment slots), the form data, documents, timeline and messages sent.
import type { Child } from 'hono/jsx';
import { dateTime, formatDateVi } from '../../domain/wording/dates.js';
import { localDateTime } from '../../domain/calendar.js';
import type { FormField } from '../../domain/dsl/schema.js';
import type { StaffActor } from '../../domain/contracts/dossier.js';
import { PAPER_KINDS, PAPER_NAMES } from '../documents/papers.js';
import { canPreview } from '../documents/preview.js';
import { hasPaper } from '../documents/service.js';
import { fileSize } from '../resident-pages/format.js';
import { type DossierData } from './console-data.js';
import { channelLabel, countdown, documentSourceLabel, outcomeLabel } from '../console/format.js';
import { localized, t } from '../console/i18n.js';
import { ConsoleLayout, CountdownBadge, Flash, ProblemBox } from '../console/layout.js';
import { Work, type FormProblem } from './dossier-work.js';
import { Conversation, Messages, stateName, Timeline } from './dossier-history.js';

interface PageProps {
  data: DossierData;
  actor: StaffActor;
  flash?: string;
  problem?: FormProblem;
}


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

