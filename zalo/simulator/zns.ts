// business.openapi.zalo.me (reference §5.2, §5.3, §5.7): template notifications by phone number,
// their status and the OA's daily quota, and the template catalogue. Plain query strings here,
// not the `data=` JSON of the OA API; an invalid or expired token is -124.
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { ok, znsError } from './errors.js';
import { hexId } from './ids.js';
import { appOf } from './outbound.js';
import type { AccessToken, SentMessage, Sim } from './state.js';
import { templateDataProblem, templateInfo } from './templates.js';
import { vnTime } from './vn.js';
import { emitInOrder } from './webhooks.js';

const DAILY_QUOTA = 500;
const PHONE = /^84\d{9,10}$/;
const TEMPLATE_PROBLEM_CODES = { empty: -111, missing: -1122, format: -1124, too_long: -1121 } as const;
const STATUS_FILTER: Record<string, string> = { '1': 'ENABLE', '2': 'PENDING_REVIEW', '3': 'REJECT', '4': 'DISABLE' };

const sendBody = z.object({
  phone: z.unknown(),
  template_id: z.unknown(),
  template_data: z.unknown(),
  tracking_id: z.string().max(48).optional(),
  mode: z.enum(['development']).optional(),
  sending_mode: z.string().optional(),
});

export function znsRoutes(sim: Sim) {
  const r = new Hono();

  r.post('/message/template', async (c) => {
    const grant = znsGrant(sim, c);
    const raw = await c.req.text();
    if (!raw.trim()) throw znsError(-121);
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      throw znsError(-122);
    }
    const parsed = sendBody.safeParse(json);
    if (!parsed.success) throw znsError(-132);
    const body = parsed.data;
    // `+84…` is accepted; `0…` is not: the sender normalises it (§5.2).
    const phone = typeof body.phone === 'string' ? body.phone.replace(/^\+/, '') : '';
    if (!PHONE.test(phone)) throw znsError(-108);
    // Mode "3" (over quota) is for whitelisted OAs only, which no simulated OA is.
    if (body.sending_mode !== undefined && body.sending_mode !== '1') throw znsError(-161);
    const template = typeof body.template_id === 'string' ? sim.store.templates.get(body.template_id) : undefined;
    if (!template) throw znsError(-109);
    if (template.status !== 'ENABLE') throw znsError(-131);
    const problem = templateDataProblem(template, body.template_data);
    if (problem) throw znsError(TEMPLATE_PROBLEM_CODES[problem]);
    const oa = sim.store.oas.get(grant.oa_id)!;
    if (body.mode === 'development' && !oa.admin_phones.includes(phone)) throw znsError(-127);
    const used = sentToday(sim, oa.oa_id).length;
    if (used >= DAILY_QUOTA) throw znsError(-144);

    const sent: SentMessage = {
      message_id: hexId(),
      oa_id: oa.oa_id,
      phone,
      type: 'zns',
      template_id: template.template_id,
      template_data: (body.template_data ?? {}) as Record<string, unknown>,
      ...(body.tracking_id ? { tracking_id: body.tracking_id } : {}),
      sent_time: String(sim.clock.now()),
    };
    sim.store.sent.push(sent);
    const app = appOf(sim, oa.oa_id);
    if (app.receipts) {
      const message = { delivery_time: sent.sent_time, msg_id: sent.message_id, ...(sent.tracking_id ? { tracking_id: sent.tracking_id } : {}) };
      emitInOrder(sim, app, [{ sender: { id: oa.oa_id }, recipient: { id: phone }, event_name: 'user_received_message', message }], { zns: true });
    }
    return c.json(
      ok({ msg_id: sent.message_id, sent_time: sent.sent_time, sending_mode: '1', quota: { dailyQuota: String(DAILY_QUOTA), remainingQuota: String(DAILY_QUOTA - used - 1) } }),
    );
  });

  r.get('/message/status', (c) => {
    const grant = znsGrant(sim, c);
    const sent = sim.store.sent.find((m) => m.type === 'zns' && m.oa_id === grant.oa_id && m.message_id === c.req.query('message_id'));
    if (!sent) return c.json(ok({ delivery_time: '', message: 'Message not found', status: -1 }));
    return c.json(ok({ delivery_time: sent.sent_time, message: 'Delivered', status: 1 }));
  });

  r.get('/message/quota', (c) => {
    const used = sentToday(sim, znsGrant(sim, c).oa_id).length;
    return c.json(
      ok({
        dailyQuota: DAILY_QUOTA,
        remainingQuota: DAILY_QUOTA - used,
        dailyQuotaPromotion: 0,
        remainingQuotaPromotion: 0,
        monthlyPromotionQuota: 0,
        remainingMonthlyPromotionQuota: 0,
        estimatedNextMonthPromotionQuota: 0,
      }),
    );
  });

  r.get('/template/info/v2', (c) => {
    znsGrant(sim, c);
    const template = sim.store.templates.get(c.req.query('template_id') ?? '');
    if (!template) throw znsError(-109);
    return c.json(ok(templateInfo(template)));
  });

  r.get('/template/all', (c) => {
    znsGrant(sim, c);
    const offset = Number(c.req.query('offset') ?? 0);
    const limit = Number(c.req.query('limit') ?? 100);
    const statusParam = c.req.query('status');
    const status = statusParam === undefined ? undefined : STATUS_FILTER[statusParam];
    if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(limit) || limit < 1 || limit > 100 || (statusParam !== undefined && !status)) throw znsError(-132);
    const all = [...sim.store.templates.values()].filter((t) => !status || t.status === status);
    const data = all.slice(offset, offset + limit).map((t) => ({ templateId: t.template_id, templateName: t.name, createdTime: t.created_at, status: t.status, templateQuality: 'UNDEFINED' }));
    return c.json({ ...ok(data), metadata: { total: all.length } });
  });
  return r;
}

function znsGrant(sim: Sim, c: Context): AccessToken {
  const token = c.req.header('access_token');
  const grant = token ? sim.store.accessTokens.get(token) : undefined;
  if (!grant || grant.expires_at <= sim.clock.now()) throw znsError(-124);
  return grant;
}

function sentToday(sim: Sim, oaId: string): SentMessage[] {
  const today = vnTime(sim.clock.now()).day;
  return sim.store.sent.filter((m) => m.type === 'zns' && m.oa_id === oaId && vnTime(Number(m.sent_time)).day === today);
}
