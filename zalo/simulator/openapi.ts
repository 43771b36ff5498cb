// openapi.zalo.me (reference §2–§4): messaging, uploads, conversations, user profiles, the OA
// profile and the quota check.
import { Hono } from 'hono';
import { z } from 'zod';
import { conversationRoutes } from './conversation.js';
import { csRoutes } from './cs.js';
import { oaError, ok, parseOrInvalid } from './errors.js';
import { type OaEnv, oaGuard } from './guard.js';
import { otherMessageRoutes } from './other-messages.js';
import { dataParam, findUser, jsonBody } from './outbound.js';
import { PLACEHOLDER_FILE_ID, type Sim, type User } from './state.js';
import { uploadRoutes } from './uploads.js';
import { vnTime } from './vn.js';

const getListQuery = z.object({
  offset: z.number().int().nonnegative().default(0),
  count: z.number().int().positive().default(15),
  is_follower: z.boolean().optional(),
});

export function openapiRoutes(sim: Sim): Hono {
  const r = new Hono();
  for (const routes of [csRoutes, otherMessageRoutes, uploadRoutes, conversationRoutes, profileRoutes]) r.route('/', routes(sim));
  return r;
}

/** Who the users and the OA are, and the user's interaction window. */
function profileRoutes(sim: Sim) {
  const r = new Hono<OaEnv>();
  const guard = oaGuard(sim);

  r.get('/v3.0/oa/user/detail', guard, (c) => {
    const { user_id } = parseOrInvalid(z.object({ user_id: z.string().min(1) }), dataParam(c));
    return c.json(ok(userDetail(sim, findUser(sim, c.get('grant').oa_id, user_id))));
  });

  r.get('/v3.0/oa/user/getlist', guard, (c) => {
    const query = parseOrInvalid(getListQuery, dataParam(c));
    if (query.offset > 9951 || query.count > 50) throw oaError(-210);
    const users = oaUsers(sim, c.get('grant').oa_id).filter((u) => query.is_follower === undefined || u.is_follower === query.is_follower);
    const page = users.slice(query.offset, query.offset + query.count).map((u) => ({ user_id: u.user_id }));
    return c.json(ok({ total: users.length, count: query.count, offset: query.offset, users: page }));
  });

  r.get('/v2.0/oa/getoa', guard, (c) => {
    const oa = sim.store.oas.get(c.get('grant').oa_id)!;
    return c.json(
      ok({
        oaid: oa.oa_id,
        name: oa.name,
        description: '',
        oa_alias: '',
        is_verified: true,
        oa_type: 2,
        cate_name: 'Cơ quan nhà nước',
        num_follower: oaUsers(sim, oa.oa_id).filter((u) => u.is_follower).length,
        avatar: sim.fileUrl(PLACEHOLDER_FILE_ID),
        cover: sim.fileUrl(PLACEHOLDER_FILE_ID),
        package_name: 'Gói Nâng cao',
      }),
    );
  });

  // §2.7: the epoch-millisecond last interaction that window arithmetic should use.
  r.post('/v3.0/oa/quota/message', guard, async (c) => {
    const body = await jsonBody(c);
    if (typeof body === 'object' && body !== null && 'quota_owner' in body) return c.json(ok([]));
    const { user_id } = parseOrInvalid(z.object({ user_id: z.string().min(1) }), body);
    const user = findUser(sim, c.get('grant').oa_id, user_id);
    return c.json(
      ok({
        ...(user.last_interaction === undefined ? {} : { last_interaction: String(user.last_interaction) }),
        cs_reply: { remain: 8, total: 8 },
        promotion: { daily_remain: 0, daily_total: 0, monthly_remain: 0, monthly_total: 0 },
      }),
    );
  });
  return r;
}

const oaUsers = (sim: Sim, oaId: string): User[] => [...sim.store.users.values()].filter((u) => u.oa_id === oaId);

/** The §4.1 shape; `shared_info` only once the user has submitted the request-user-info form. */
function userDetail(sim: Sim, user: User) {
  const avatar = sim.fileUrl(PLACEHOLDER_FILE_ID);
  const info = user.shared_info;
  return {
    user_id: user.user_id,
    user_id_by_app: user.user_id_by_app,
    user_external_id: '',
    display_name: user.display_name,
    user_alias: '',
    is_sensitive: false,
    user_last_interaction_date: user.last_interaction === undefined ? '' : vnTime(user.last_interaction).date,
    user_is_follower: user.is_follower,
    avatar,
    avatars: { '120': avatar, '240': avatar },
    dynamic_param: '',
    tags_and_notes_info: { notes: [], tag_names: [] },
    ...(info ? { shared_info: { name: info.name, phone: info.phone, address: info.address, city: info.city ?? '', district: info.district ?? '' } } : {}),
  };
}
