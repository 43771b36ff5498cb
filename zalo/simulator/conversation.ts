// One conversation between an OA and a user, in both directions: GET /v2.0/oa/conversation and
// /v2.0/oa/listrecentchat (reference §2.10) and the chat page's /_sim/conversation read it.
import { Hono } from 'hono';
import { z } from 'zod';
import { oaError, ok, parseOrInvalid } from './errors.js';
import { type OaEnv, oaGuard } from './guard.js';
import { dataParam, findUser } from './outbound.js';
import { type InboundMessage, PLACEHOLDER_FILE_ID, type SentMessage, type Sim, type User } from './state.js';

const PAGE_MAX = 10;

type TimelineItem = ({ direction: 'in' } & InboundMessage) | ({ direction: 'out' } & SentMessage);

/** Oldest first. `withZns` adds the template notifications sent to the phone the user shared. */
export function timeline(sim: Sim, user: User, withZns = false): (TimelineItem & { at: number })[] {
  const phone = withZns ? user.shared_info?.phone : undefined;
  const incoming = sim.store.inbound.filter((m) => m.oa_id === user.oa_id && m.user_id === user.user_id).map((m) => ({ direction: 'in' as const, ...m }));
  const outgoing = sim.store.sent
    .filter((m) => m.oa_id === user.oa_id && (m.user_id === user.user_id || (phone !== undefined && m.phone === phone)))
    .map((m) => ({ direction: 'out' as const, ...m, at: Number(m.sent_time) }));
  return [...incoming, ...outgoing].sort((a, b) => a.at - b.at);
}

const pageQuery = z.object({ offset: z.number().int().nonnegative().default(0), count: z.number().int().positive().default(5) });

export function conversationRoutes(sim: Sim) {
  const r = new Hono<OaEnv>();
  const guard = oaGuard(sim);

  r.get('/v2.0/oa/conversation', guard, (c) => {
    const query = parseOrInvalid(pageQuery.extend({ user_id: z.string().min(1) }), dataParam(c));
    if (query.count > PAGE_MAX) throw oaError(-210);
    const user = findUser(sim, c.get('grant').oa_id, query.user_id);
    const items = timeline(sim, user).reverse().slice(query.offset, query.offset + query.count);
    return c.json(ok(items.map((item) => historyItem(sim, user, item))));
  });

  // The latest message of each conversation, newest first.
  r.get('/v2.0/oa/listrecentchat', guard, (c) => {
    const query = parseOrInvalid(pageQuery, dataParam(c));
    if (query.count > PAGE_MAX) throw oaError(-210);
    const latest = [...sim.store.users.values()]
      .filter((u) => u.oa_id === c.get('grant').oa_id)
      .flatMap((u) => timeline(sim, u).slice(-1).map((item) => historyItem(sim, u, item)))
      .sort((a, b) => b.time - a.time);
    return c.json(ok(latest.slice(query.offset, query.offset + query.count)));
  });
  return r;
}

/** §2.10's item: `src` 1 from the user, 0 from the OA; `time` in epoch milliseconds. */
function historyItem(sim: Sim, user: User, item: TimelineItem & { at: number }) {
  const oa = sim.store.oas.get(user.oa_id)!;
  const avatar = sim.fileUrl(PLACEHOLDER_FILE_ID);
  const fromUser = item.direction === 'in';
  const url = fromUser ? item.url : item.media_url;
  return {
    src: fromUser ? 1 : 0,
    time: item.at,
    type: item.type === 'image' ? 'photo' : item.type,
    message: item.text ?? '',
    ...(url ? { url } : {}),
    message_id: fromUser ? item.msg_id : item.message_id,
    from_id: fromUser ? user.user_id : oa.oa_id,
    to_id: fromUser ? oa.oa_id : user.user_id,
    from_display_name: fromUser ? user.display_name : oa.name,
    from_avatar: avatar,
    to_display_name: fromUser ? oa.name : user.display_name,
    to_avatar: avatar,
  };
}
