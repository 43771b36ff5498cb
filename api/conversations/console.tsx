// The conversation inbox of the console: residents who wrote to the clerk's OAs (list), one
// conversation with the bot's and clerks' messages, and a reply form. A reply goes out as a
// consultation message only within 7 days of the resident's last interaction; outside that window
// the page says why instead of showing the form. Post/Redirect/Get with the console's flash cookie.
import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import type { StaffActor } from '../../domain/contracts/dossier.js';
import { DomainError } from '../../domain/errors.js';
import type { AppDeps } from '../app.js';
import { requireStaff, type StaffEnv } from '../staff/auth.js';
import {
  conversationThread,
  listConversations,
  MAX_REPLY_CHARS,
  REPLY_TEMPLATE,
  replyToResident,
  type ConversationRow,
  type ConversationThread,
} from './service.js';
import { channelLabel, messageStatusLabel, undeliverableReason } from '../console/format.js';
import { dateTime } from '../../domain/wording/dates.js';
import { t } from '../console/i18n.js';
import { Cell } from '../console/table.js';
import { ConsoleLayout, Flash, ProblemBox, type Problem } from '../console/layout.js';
import { redirectWith, takeFlash, type Ctx } from '../console/page-kit.js';

const Id = z.string().regex(/^[0-9A-Za-z_-]{1,64}$/);
const ReplyForm = z.object({ text: z.string().max(10_000).default(''), key: z.uuid() });

export const threadPath = (oaId: string, userId: string) => `/console/conversations/${encodeURIComponent(oaId)}/${encodeURIComponent(userId)}`;

export function conversationConsoleRoutes(deps: AppDeps) {
  const app = new Hono<StaffEnv>();
  const staff = requireStaff(deps.db);

  const idsOf = (c: Ctx) => {
    const oaId = Id.safeParse(c.req.param('oaId'));
    const userId = Id.safeParse(c.req.param('userId'));
    if (!oaId.success || !userId.success) throw new DomainError('NOT_FOUND', t('Không tìm thấy cuộc trò chuyện.', 'Conversation not found.'));
    return { oaId: oaId.data, userId: userId.data };
  };

  app.get('/console/conversations', staff, async (c) => {
    const actor = c.get('actor');
    const rows = await listConversations(deps.db, actor);
    return c.html(<ConversationsPage actor={actor} rows={rows} flash={await takeFlash(c, deps.secret)} />);
  });

  async function showThread(c: Ctx, ids: { oaId: string; userId: string }, failure?: { status: ContentfulStatusCode; problem: Problem; text: string; key?: string }) {
    const actor = c.get('actor');
    const thread = await conversationThread(deps.db, deps.box, actor, ids.oaId, ids.userId);
    const flash = failure ? undefined : await takeFlash(c, deps.secret);
    return c.html(<ThreadPage actor={actor} thread={thread} flash={flash} problem={failure?.problem} text={failure?.text ?? ''} formKey={failure?.key} />, failure?.status ?? 200);
  }

  app.get('/console/conversations/:oaId/:userId', staff, (c) => showThread(c, idsOf(c)));

  app.post('/console/conversations/:oaId/:userId/reply', staff, async (c) => {
    const actor = c.get('actor');
    const ids = idsOf(c);
    const body = await c.req.parseBody().catch(() => {
      throw new HTTPException(400);
    });
    const parsed = ReplyForm.safeParse(body);
    const typed = typeof body.text === 'string' ? body.text : '';
    if (!parsed.success) {
      // showThread checks the scope first: 404 outside it.
      return showThread(c, ids, { status: 422, problem: { message: t('Dữ liệu gửi lên chưa hợp lệ, vui lòng tải lại trang và thử lại.', 'The submitted data is not valid; please reload the page and try again.') }, text: typed });
    }
    try {
      await replyToResident(deps, actor, ids.oaId, ids.userId, parsed.data.text, parsed.data.key);
    } catch (err) {
      if (!(err instanceof DomainError) || err.code === 'NOT_FOUND' || err.code === 'UNAUTHENTICATED') throw err;
      // The same key again after a failed hand-over: resubmitting retries that message, never a second one.
      const key = err.code === 'UNAVAILABLE' ? parsed.data.key : undefined;
      return showThread(c, ids, { status: err.status as ContentfulStatusCode, problem: { message: err.message, issues: err.issues }, text: typed, key });
    }
    return redirectWith(c, deps.secret, threadPath(ids.oaId, ids.userId), t('Đã đưa tin nhắn trả lời vào hàng gửi; tình trạng gửi hiện trong cuộc trò chuyện.', 'The reply is queued for sending; its delivery shows in the conversation.'));
  });

  return app;
}



// ---- pages ----

const residentLabel = (r: { residentName: string | null; userId: string }) => r.residentName ?? t(`Người dùng Zalo ${r.userId}`, `Zalo user ${r.userId}`);

function ConversationsPage({ actor, rows, flash }: { actor: StaffActor; rows: ConversationRow[]; flash?: string }) {
  const waiting = rows.filter((r) => r.unanswered).length;
  return (
    <ConsoleLayout title={t('Tin nhắn của người dân', 'Residents\' messages')} actor={actor} current="conversations">
      <h1>{t('Tin nhắn của người dân', 'Residents\' messages')}</h1>
      <p class="lead">{t('Người dân nhắn tới Zalo OA của đơn vị bạn; cuộc trò chuyện có tin nhắn mới nhất ở trên cùng.', 'Residents\' messages to your unit\'s Zalo OA; the conversation with the newest message is on top.')}</p>
      <Flash message={flash} />
      {rows.length === 0 ? (
        <p class="card">{t('Chưa có người dân nào nhắn tin tới Zalo OA của đơn vị bạn.', 'No resident has messaged your unit\'s Zalo OA yet.')}</p>
      ) : (
        <table class="responsive" id="conversations">
          <caption>
            {t(`${rows.length} cuộc trò chuyện, ${waiting} chưa có cán bộ trả lời`, `${rows.length} conversations, ${waiting} not yet answered by staff`)}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('Người dân', 'Resident')}</th>
              <th scope="col">Zalo OA</th>
              <th scope="col">{t('Tin nhắn gần nhất', 'Latest message')}</th>
              <th scope="col">{t('Lúc', 'At')}</th>
              <th scope="col">{t('Trả lời', 'Reply')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr data-oa={r.oaId} data-user={r.userId}>
                <Cell label={t('Người dân', 'Resident')}>
                  <a href={threadPath(r.oaId, r.userId)}>
                    <strong>{residentLabel(r)}</strong>
                  </a>
                </Cell>
                <Cell label="Zalo OA">{r.oaName}</Cell>
                <Cell label={t('Tin nhắn gần nhất', 'Latest message')}>{r.preview || <span class="muted">{t('(không có nội dung)', '(no text)')}</span>}</Cell>
                <Cell label={t('Lúc', 'At')} class="nowrap">
                  <time datetime={r.lastInboundAt.toISOString()}>{dateTime(r.lastInboundAt)}</time>
                </Cell>
                <Cell label={t('Trả lời', 'Reply')}>{r.unanswered ? <span class="badge soon">{t('Chưa trả lời', 'Not answered')}</span> : <span class="badge ok">{t('Đã trả lời', 'Answered')}</span>}</Cell>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </ConsoleLayout>
  );
}

function ThreadPage(props: { actor: StaffActor; thread: ConversationThread; flash?: string; problem?: Problem; text: string; formKey?: string }) {
  const { thread } = props;
  const name = residentLabel(thread);
  return (
    <ConsoleLayout title={t(`Trò chuyện với ${name}`, `Conversation with ${name}`)} actor={props.actor} current="conversations">
      <p class="small">
        <a href="/console/conversations">{t('← Tin nhắn của người dân', '← Residents\' messages')}</a>
      </p>
      <h1>{t(`Trò chuyện với ${name}`, `Conversation with ${name}`)}</h1>
      <p class="lead">
        {thread.oaName}
        {thread.lastInteractionAt && (
          <>
            {' '}
            · {t('tương tác gần nhất', 'last interaction')} <time datetime={thread.lastInteractionAt.toISOString()}>{dateTime(thread.lastInteractionAt)}</time>
          </>
        )}
      </p>
      <Flash message={props.flash} />
      <ProblemBox problem={props.problem} />
      <section class="card" aria-labelledby="thread-title">
        <h2 id="thread-title">{t('Tin nhắn', 'Messages')}</h2>
        {thread.entries.length === 0 ? (
          <p>{t('Chưa có tin nhắn nào.', 'No messages yet.')}</p>
        ) : (
          <table class="responsive" id="thread">
            <thead>
              <tr>
                <th scope="col">{t('Thời gian', 'Time')}</th>
                <th scope="col">{t('Người gửi', 'Sender')}</th>
                <th scope="col">{t('Nội dung', 'Text')}</th>
                <th scope="col">{t('Tình trạng gửi', 'Delivery')}</th>
              </tr>
            </thead>
            <tbody>
              {thread.entries.map((e) => {
                const reason = e.status === 'undeliverable' ? undeliverableReason(e.undeliverableReason ?? null) : undefined;
                const sender =
                  e.direction === 'in' ? name : e.template === REPLY_TEMPLATE ? t(`Cán bộ ${e.repliedBy ?? ''}`, `Officer ${e.repliedBy ?? ''}`).trim() : t('Trả lời tự động', 'Automatic reply');
                return (
                  <tr data-direction={e.direction} data-template={e.template}>
                    <Cell label={t('Thời gian', 'Time')} class="nowrap">
                      <time datetime={e.at.toISOString()}>{dateTime(e.at)}</time>
                    </Cell>
                    <Cell label={t('Người gửi', 'Sender')}>{sender}</Cell>
                    <Cell label={t('Nội dung', 'Text')}>
                      <pre class="message-text">{e.text}</pre>
                    </Cell>
                    <Cell label={t('Tình trạng gửi', 'Delivery')}>
                      {e.direction === 'in' ? (
                        <span class="muted">{t('Người dân gửi', 'Sent by the resident')}</span>
                      ) : (
                        <>
                          <span class={`badge${e.status === 'undeliverable' ? ' late' : ['sent', 'delivered', 'seen'].includes(e.status ?? '') ? ' ok' : ''}`}>
                            {messageStatusLabel(e.status ?? '')}
                          </span>
                          {reason && <div class="small">{t(`Lý do: ${reason}`, `Reason: ${reason}`)}</div>}
                          {e.channel && <div class="small muted">{t(`Kênh: ${channelLabel(e.channel)}`, `Channel: ${channelLabel(e.channel)}`)}</div>}
                        </>
                      )}
                    </Cell>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
      <section class="card" aria-labelledby="reply-title" id="reply">
        <h2 id="reply-title">{t('Trả lời', 'Reply')}</h2>
        {thread.cannotReply ? (
          <p class="problem" role="note" id="cannot-reply">
            {thread.cannotReply}
          </p>
        ) : (
          <form method="post" action={`${threadPath(thread.oaId, thread.userId)}/reply`}>
            <input type="hidden" name="key" value={props.formKey ?? randomUUID()} />
            <div class="field">
              <label for="reply-text">
                {t('Nội dung trả lời', 'Reply')} <span class="small muted">{t(`(tối đa ${MAX_REPLY_CHARS} ký tự)`, `(up to ${MAX_REPLY_CHARS} characters)`)}</span>
              </label>
              <textarea id="reply-text" name="text" rows={4} maxlength={MAX_REPLY_CHARS} required>
                {props.text}
              </textarea>
            </div>
            <div class="buttons">
              <button type="submit">{t('Gửi trả lời', 'Send reply')}</button>
            </div>
          </form>
        )}
      </section>
    </ConsoleLayout>
  );
}
