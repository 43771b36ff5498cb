// The status of one dossier for its applicant: where it stands, when it is due, what happened
// so far (the resident-safe timeline) and which documents were received.
import { formatDateTimeVi, formatDateVi } from '../../domain/wording/dates.js';
import type { ProcedureDefinition } from '../../domain/dsl/schema.js';
import { appointmentText } from '../../domain/wording/fees-and-periods.js';
import { PAPER_KINDS, PAPER_NAMES } from '../documents/papers.js';
import { hasPaper } from '../documents/service.js';
import { fileSize } from './format.js';
import { Layout } from './layout.js';
import type { DossierStatus } from './service.js';

/** `token` is the signed link the page was opened with; the papers are served under it. */
export function StatusPage({ status, token }: { status: DossierStatus; token: string }) {
  const { row, definition, documents } = status;
  const papers = PAPER_KINDS.filter((kind) => hasPaper(row, kind));
  const steps = status.events.flatMap((e) => {
    const step = describe(e, definition);
    return step ? [{ at: e.at, ...step }] : [];
  });
  return (
    <Layout title={`Hồ sơ ${row.code}`}>
      <h1>Tình trạng hồ sơ</h1>
      <p class="lead">{definition.name.vi}</p>
      <dl class="panel">
        <dt>Mã hồ sơ</dt>
        <dd class="code">{row.code}</dd>
        <dt>Trạng thái</dt>
        <dd>{row.state_label ?? 'Đang khởi tạo hồ sơ'}</dd>
        <dt>Ngày nộp</dt>
        <dd>{formatDateTimeVi(row.submitted_at.getTime())}</dd>
        <dt>Hạn trả kết quả</dt>
        <dd>{row.due_at ? appointmentText(definition.deadline, formatDateVi(row.due_at.getTime())) : 'Được tính từ khi hồ sơ được tiếp nhận'}</dd>
        {row.closed_at && (
          <>
            <dt>Ngày kết thúc</dt>
            <dd>{formatDateVi(row.closed_at.getTime())}</dd>
          </>
        )}
      </dl>
      {papers.length > 0 && (
        <ul>
          {papers.map((kind) => (
            <li>
              <a href={`/r/${token}/${kind}.pdf`}>Tải {PAPER_NAMES[kind].toLowerCase()} (PDF)</a>
            </li>
          ))}
        </ul>
      )}

      <h2>Quá trình xử lý</h2>
      <ol class="timeline">
        {steps.map((step) => (
          <li>
            <time datetime={step.at}>{formatDateTimeVi(Date.parse(step.at))}</time>: {step.text}
            {step.details.map((d) => (
              <div class="muted">{d}</div>
            ))}
          </li>
        ))}
      </ol>

      <h2>Giấy tờ đã nhận</h2>
      {documents.length === 0 ? (
        <p>Chưa có giấy tờ nào.</p>
      ) : (
        <ul>
          {documents.map((d) => (
            <li>
              {documentLabel(definition, d.key ?? '')}: {d.filename} ({fileSize(d.size)}, nhận lúc {formatDateTimeVi(d.receivedAt.getTime())})
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

type Event = DossierStatus['events'][number];

/** What an event means to the applicant; claims, reminders and escalations are the office's business. */
function describe(e: Event, def: ProcedureDefinition): { text: string; details: string[] } | undefined {
  if (e.type === 'apology') return { text: `Thư xin lỗi, hẹn lại ngày trả kết quả: ${appointmentText(def.deadline, formatDateVi(Number(e.data.newDueAt)))}`, details: [] };
  if (e.type !== 'transition' || !e.to) return undefined;
  const details: string[] = [];
  if (typeof e.data.reason === 'string') details.push(`Lý do: ${e.data.reason}`);
  if (Array.isArray(e.data.missingDocuments)) {
    details.push(`Cần bổ sung: ${e.data.missingDocuments.map((k) => documentLabel(def, String(k))).join('; ')}`);
  }
  return { text: def.states[e.to]?.label.vi ?? e.to, details };
}

/** Supplement requests name documents by key; free text stays as written. */
const documentLabel = (def: ProcedureDefinition, key: string) => def.documents.find((d) => d.key === key)?.label.vi ?? key;
