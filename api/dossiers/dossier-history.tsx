// The history part of a clerk's dossier page: the timeline, the messages sent and the applicant's
// Zalo conversation.
import type { LocalizedText, ProcedureDefinition } from '../../domain/dsl/schema.js';
import { threadPath } from '../conversations/console.js';
import { type DossierData } from './console-data.js';
import { channelLabel, messageStatusLabel, roleLabel, undeliverableReason } from '../console/format.js';
import { dateTime } from '../../domain/wording/dates.js';
import { localized, t } from '../console/i18n.js';
import { Cell } from '../console/table.js';

export function Timeline({ data }: { data: DossierData }) {
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
export const stateName = (def: ProcedureDefinition, state: string) => (def.states[state] ? localized(def.states[state].label) : state);
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

export function Messages({ data }: { data: DossierData }) {
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
export function Conversation({ data }: { data: DossierData }) {
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

