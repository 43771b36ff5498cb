// POST /webhooks/zalo (docs/reference/zalo-oa.md §6.7): verify the signature on the raw bytes, reject stale
// events, then store each event once and hand it to the resident's conversation workflow
// (service.ts), answering 200 fast.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { oaCredentials } from '../../db/zalo-oas.js';
import { isFromTheFuture, isProbe, isStale, oaIdOf, parseWebhookEvent, verifyZaloSignature, WebhookParseError } from '../../zalo/webhook.js';
import { errorBody } from '../errors.js';
import { zaloWebhooks } from '../../telemetry/api-metrics.js';
import { log } from '../../telemetry/log.js';
import { receiveEvent, type WebhookDeps } from './service.js';

export function zaloWebhookRoutes(deps: WebhookDeps) {
  const app = new Hono();

  app.post('/webhooks/zalo', bodyLimit({ maxSize: 256 * 1024 }), async (c) => {
    const raw = Buffer.from(await c.req.arrayBuffer());
    if (isProbe(raw)) return (zaloWebhooks.inc({ outcome: 'probe' }), c.json({ ok: true }, 200));

    let event;
    try {
      event = parseWebhookEvent(raw);
    } catch (err) {
      if (err instanceof WebhookParseError) return (zaloWebhooks.inc({ outcome: 'malformed' }), c.json(errorBody('MALFORMED_EVENT', err.message), 400));
      throw err;
    }
    const oaId = oaIdOf(event);
    const oa = oaId ? await oaCredentials(deps.db, deps.box, oaId) : undefined;
    const forged = (outcome: 'unknown_oa' | 'signature_failed') => (zaloWebhooks.inc({ outcome }), c.json(errorBody('INVALID_SIGNATURE', 'Chữ ký webhook không hợp lệ.'), 401));
    if (!oa || oa.appId !== event.app_id) return forged('unknown_oa');
    const verdict = verifyZaloSignature({
      rawBody: raw,
      signature: c.req.header('x-zevent-signature'),
      timestampHeader: c.req.header('x-zevent-timestamp'),
      appId: oa.appId,
      oaSecretKey: oa.oaSecretKey,
      appSecret: oa.appSecret,
      secret: deps.webhookSecret,
    });
    if (!verdict.ok) {
      log.warn({ oaId: oa.oaId, reason: verdict.reason }, 'zalo webhook rejected');
      return forged('signature_failed');
    }
    const now = deps.webhookClock?.() ?? Date.now();
    if (isStale(event, now)) return (zaloWebhooks.inc({ outcome: 'stale' }), c.json(errorBody('STALE_EVENT', 'Sự kiện quá cũ, không xử lý.'), 401));
    if (isFromTheFuture(event, now)) return (zaloWebhooks.inc({ outcome: 'stale' }), c.json(errorBody('FUTURE_EVENT', 'Thời điểm của sự kiện ở tương lai, không xử lý.'), 401));

    const received = await receiveEvent(deps, oa.oaId, event);
    zaloWebhooks.inc({ outcome: received === 'stored' ? 'accepted' : 'duplicate' });
    if (received === 'duplicate') return c.json({ ok: true, duplicate: true }, 200);
    return c.json({ ok: true }, 200);
  });

  return app;
}
