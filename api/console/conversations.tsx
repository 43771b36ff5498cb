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
import { requireStaff, type StaffEnv } from '../auth.js';
import {
  conversationThread,
  listConversations,
  MAX_REPLY_CHARS,
  REPLY_TEMPLATE,
  replyToResident,
  type ConversationRow,
  type ConversationThread,
} from '../services/conversations.js';
import { CHANNEL_LABELS, dateTime, messageStatusLabel, undeliverableReason } from './format.js';
import { Cell, ConsoleLayout, Flash, ProblemBox, type Problem } from './layout.js';
import { redirectWith, takeFlash, type Ctx } from './page-kit.js';

const Id = z.string().regex(/^[0-9A-Za-z_-]{1,64}$/);
const ReplyForm = z.object({ text: z.string().max(10_000).default(''), key: z.uuid() });

const threadPath = (oaId: string, userId: string) => `/console/conversations/${encodeURIComponent(oaId)}/${encodeURIComponent(userId)}`;

export function conversationRoutes(deps: AppDeps) {
  const app = new Hono<StaffEnv>();
  const staff = requireStaff(deps.db);

  const idsOf = (c: Ctx) => {
    const oaId = Id.safeParse(c.req.param('oaId'));
    const userId = Id.safeParse(c.req.param('userId'));
    if (!oaId.success || !userId.success) throw new DomainError('NOT_FOUND', 'Không tìm thấy cuộc trò chuyện.');
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
      return showThread(c, ids, { status: 422, problem: { message: 'Dữ liệu gửi lên chưa hợp lệ, vui lòng tải lại trang và thử lại.' }, text: typed });
    }
    try {
      await replyToResident(deps, actor, ids.oaId, ids.userId, parsed.data.text, parsed.data.key);
    } catch (err) {
      if (!(err instanceof DomainError) || err.code === 'NOT_FOUND' || err.code === 'UNAUTHENTICATED') throw err;
      // The same key again after a failed hand-over: resubmitting retries that message, never a second one.
      const key = err.code === 'UNAVAILABLE' ? parsed.data.key : undefined;
      return showThread(c, ids, { status: err.status as ContentfulStatusCode, problem: { message: err.message, issues: err.issues }, text: typed, key });
    }
    return redirectWith(c, deps.secret, threadPath(ids.oaId, ids.userId), 'Đã đưa tin nhắn trả lời vào hàng gửi; tình trạng gửi hiện trong cuộc trò chuyện.');
  });

  return app;
}



// ---- pages ----

const residentLabel = (r: { residentName: string | null; userId: string }) => r.residentName ?? `Người dùng Zalo ${r.userId}`;

export function ConversationsPage({ actor, rows, flash }: { actor: StaffActor; rows: ConversationRow[]; flash?: string }) {
  const waiting = rows.filter((r) => r.unanswered).length;
  return (
    <ConsoleLayout title="Tin nhắn của người dân" actor={actor} current="conversations">
      <h1>Tin nhắn của người dân</h1>
      <p class="lead">Người dân nhắn tới Zalo OA của đơn vị bạn; cuộc trò chuyện có tin nhắn mới nhất ở trên cùng.</p>
      <Flash message={flash} />
      {rows.length === 0 ? (
        <p class="card">Chưa có người dân nào nhắn tin tới Zalo OA của đơn vị bạn.</p>
      ) : (
        <table class="responsive" id="conversations">
          <caption>
            {rows.length} cuộc trò chuyện, {waiting} chưa có cán bộ trả lời
          </caption>
          <thead>
            <tr>
              <th scope="col">Người dân</th>
              <th scope="col">Zalo OA</th>
              <th scope="col">Tin nhắn gần nhất</th>
              <th scope="col">Lúc</th>
              <th scope="col">Trả lời</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr data-oa={r.oaId} data-user={r.userId}>
                <Cell label="Người dân">
                  <a href={threadPath(r.oaId, r.userId)}>
                    <strong>{residentLabel(r)}</strong>
                  </a>
                </Cell>
                <Cell label="Zalo OA">{r.oaName}</Cell>
                <Cell label="Tin nhắn gần nhất">{r.preview || <span class="muted">(không có nội dung)</span>}</Cell>
                <Cell label="Lúc" class="nowrap">
                  <time datetime={r.lastInboundAt.toISOString()}>{dateTime(r.lastInboundAt)}</time>
                </Cell>
                <Cell label="Trả lời">{r.unanswered ? <span class="badge soon">Chưa trả lời</span> : <span class="badge ok">Đã trả lời</span>}</Cell>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </ConsoleLayout>
  );
}

export function ThreadPage(props: { actor: StaffActor; thread: ConversationThread; flash?: string; problem?: Problem; text: string; formKey?: string }) {
  const { thread } = props;
  const name = residentLabel(thread);
  return (
    <ConsoleLayout title={`Trò chuyện với ${name}`} actor={props.actor} current="conversations">
      <p class="small">
        <a href="/console/conversations">← Tin nhắn của người dân</a>
      </p>
      <h1>Trò chuyện với {name}</h1>
      <p class="lead">
        {thread.oaName}
        {thread.lastInteractionAt && (
          <>
            {' '}
            · tương tác gần nhất <time datetime={thread.lastInteractionAt.toISOString()}>{dateTime(thread.lastInteractionAt)}</time>
          </>
        )}
      </p>
      <Flash message={props.flash} />
      <ProblemBox problem={props.problem} />
      <section class="card" aria-labelledby="thread-title">
        <h2 id="thread-title">Tin nhắn</h2>
        {thread.entries.length === 0 ? (
          <p>Chưa có tin nhắn nào.</p>
        ) : (
          <table class="responsive" id="thread">
            <thead>
              <tr>
                <th scope="col">Thời gian</th>
                <th scope="col">Người gửi</th>
                <th scope="col">Nội dung</th>
                <th scope="col">Tình trạng gửi</th>
              </tr>
            </thead>
            <tbody>
              {thread.entries.map((e) => {
                const reason = e.status === 'undeliverable' ? undeliverableReason(e.undeliverableReason ?? null) : undefined;
                const sender =
                  e.direction === 'in' ? name : e.template === REPLY_TEMPLATE ? `Cán bộ ${e.repliedBy ?? ''}`.trim() : 'Trả lời tự động';
                return (
                  <tr data-direction={e.direction} data-template={e.template}>
                    <Cell label="Thời gian" class="nowrap">
                      <time datetime={e.at.toISOString()}>{dateTime(e.at)}</time>
                    </Cell>
                    <Cell label="Người gửi">{sender}</Cell>
                    <Cell label="Nội dung">
                      <pre class="message-text">{e.text}</pre>
                    </Cell>
                    <Cell label="Tình trạng gửi">
                      {e.direction === 'in' ? (
                        <span class="muted">Người dân gửi</span>
                      ) : (
                        <>
                          <span class={`badge${e.status === 'undeliverable' ? ' late' : ['sent', 'delivered', 'seen'].includes(e.status ?? '') ? ' ok' : ''}`}>
                            {messageStatusLabel(e.status ?? '')}
                          </span>
                          {reason && <div class="small">Lý do: {reason}</div>}
                          {e.channel && <div class="small muted">Kênh: {CHANNEL_LABELS[e.channel] ?? e.channel}</div>}
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
        <h2 id="reply-title">Trả lời</h2>
        {thread.cannotReply ? (
          <p class="problem" role="note" id="cannot-reply">
            {thread.cannotReply}
          </p>
        ) : (
          <form method="post" action={`${threadPath(thread.oaId, thread.userId)}/reply`}>
            <input type="hidden" name="key" value={props.formKey ?? randomUUID()} />
            <div class="field">
              <label for="reply-text">
                Nội dung trả lời <span class="small muted">(tối đa {MAX_REPLY_CHARS} ký tự)</span>
              </label>
              <textarea id="reply-text" name="text" rows={4} maxlength={MAX_REPLY_CHARS} required>
                {props.text}
              </textarea>
            </div>
            <div class="buttons">
              <button type="submit">Gửi trả lời</button>
            </div>
          </form>
        )}
      </section>
    </ConsoleLayout>
  );
}
