import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startSimulator } from '../../zalo/simulator/index.js';
import {
  DEFAULT_MAX_EVENT_AGE_MS,
  WebhookParseError,
  dedupeKey,
  isProbe,
  isStale,
  isZnsReceipt,
  oaIdOf,
  parseSubmitInfo,
  parseWebhookEvent,
  userIdOf,
  verifyZaloSignature,
  zaloMac,
  type VerifySignatureInput,
} from '../../zalo/webhook.js';

const json = (o: unknown) => Buffer.from(JSON.stringify(o));

// The golden vector of docs/reference/zalo-oa.md §6.6, byte for byte.
const GOLDEN_BODY = Buffer.from('{"app_id":"1234567890","event_name":"user_send_text","timestamp":"1735689600123"}');
const GOLDEN_HEADER = 'mac=5db58bdde0d280f2e4030fe124b4b2ace2c0f1df149f6a29af7529d6d5989fb3';
const golden: VerifySignatureInput = { rawBody: GOLDEN_BODY, signature: GOLDEN_HEADER, appId: '1234567890', oaSecretKey: 'oa_secret_test' };

describe('verifyZaloSignature (§6.6)', () => {
  it('accepts the golden vector with its exact header', () => {
    expect(verifyZaloSignature(golden)).toEqual({ ok: true, variant: 'app_id' });
  });

  it('accepts bare hex, uppercase hex and surrounding whitespace', () => {
    const hex = GOLDEN_HEADER.slice('mac='.length);
    expect(verifyZaloSignature({ ...golden, signature: hex }).ok).toBe(true);
    expect(verifyZaloSignature({ ...golden, signature: `MAC=${hex.toUpperCase()}` }).ok).toBe(true);
    expect(verifyZaloSignature({ ...golden, signature: `  mac = ${hex} ` }).ok).toBe(true);
  });

  it('rejects a wrong secret, a tampered body, a missing or truncated signature', () => {
    expect(verifyZaloSignature({ ...golden, oaSecretKey: 'other' })).toEqual({ ok: false, reason: 'mismatch' });
    const tampered = Buffer.from(GOLDEN_BODY.toString().replace('user_send_text', 'user_send_file'));
    expect(verifyZaloSignature({ ...golden, rawBody: tampered })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyZaloSignature({ ...golden, signature: undefined })).toEqual({ ok: false, reason: 'missing_signature' });
    expect(verifyZaloSignature({ ...golden, signature: GOLDEN_HEADER.slice(0, -2) })).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('takes the timestamp from the body, and from X-ZEvent-Timestamp only when the body has none', () => {
    const body = Buffer.from('{"app_id":"1234567890","event_name":"follow"}');
    const signature = `mac=${zaloMac('1234567890', body, '1735689600999', 'oa_secret_test')}`;
    const input = { ...golden, rawBody: body, signature };
    expect(verifyZaloSignature({ ...input, timestampHeader: '1735689600999' }).ok).toBe(true);
    expect(verifyZaloSignature(input)).toEqual({ ok: false, reason: 'missing_timestamp' });
    // A header never overrides the body's timestamp.
    expect(verifyZaloSignature({ ...golden, timestampHeader: '1' }).ok).toBe(true);
  });

  it('signs with the App Secret when configured to (§12 #1)', () => {
    const signature = `mac=${zaloMac('1234567890', GOLDEN_BODY, '1735689600123', 'app_secret_test')}`;
    const input = { ...golden, signature, appSecret: 'app_secret_test' };
    expect(verifyZaloSignature(input)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyZaloSignature({ ...input, secret: 'app_secret' })).toEqual({ ok: true, variant: 'app_id' });
    expect(verifyZaloSignature({ ...golden, secret: 'app_secret' })).toEqual({ ok: false, reason: 'missing_secret' });
  });

  it('accepts the oa_id-first variant only when flagged, and says so (§12 #2)', () => {
    const signature = zaloMac('388613280878808645', GOLDEN_BODY, '1735689600123', 'oa_secret_test');
    expect(verifyZaloSignature({ ...golden, signature })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyZaloSignature({ ...golden, signature, oaIdVariant: '388613280878808645' })).toEqual({ ok: true, variant: 'oa_id' });
  });

  it('hashes raw bytes, so Vietnamese text verifies without re-encoding', () => {
    const body = Buffer.from('{"app_id":"1","event_name":"user_send_text","message":{"text":"Cho tôi hỏi lịch tiêm chủng"},"timestamp":"5"}');
    const signature = `mac=${zaloMac('1', body, '5', 'k')}`;
    expect(verifyZaloSignature({ rawBody: body, signature, appId: '1', oaSecretKey: 'k' }).ok).toBe(true);
  });
});

// §6.5 examples.
const userText = {
  app_id: '360846524940903967',
  sender: { id: '246845883529197922' },
  user_id_by_app: '552177279717587730',
  recipient: { id: '388613280878808645' },
  event_name: 'user_send_text',
  message: { text: 'Cho tôi hỏi lịch tiêm chủng', msg_id: '96d3cdf3af150460909' },
  timestamp: '1735689600123',
};
const follow = {
  oa_id: '388613280878808645',
  follower: { id: '246845883529197922' },
  user_id_by_app: '552177279717587730',
  event_name: 'follow',
  source: 'oa_profile',
  app_id: '360846524940903967',
  timestamp: '1735689604000',
};
const received = {
  app_id: '360846524940903967',
  event_name: 'user_received_message',
  sender: { id: '388613280878808645' },
  recipient: { id: '246845883529197922' },
  message: { msg_id: '63ecf43f0df7dba892e6' },
  timestamp: '1735689607000',
};
const seen = { ...received, event_name: 'user_seen_message', message: { msg_ids: ['63ecf43f0df7dba892e6', '73ecf43f0df7dba892e7'] }, timestamp: '1735689608000' };
const echo = { ...received, event_name: 'oa_send_text', sender: { id: '388613280878808645', admin_id: '1234567890123456789' }, message: { text: 'Dạ chào anh', msg_id: '63ecf43f0df7dba892e6' } };
const znsReceipt = {
  sender: { id: '2893352839501541173' },
  recipient: { id: '84912345678' },
  event_name: 'user_received_message',
  message: { delivery_time: '1602960467432', msg_id: '15a0cc0bbb13bd4ce403', tracking_id: 'case-42-appointment' },
  app_id: '2074138120372622546',
  timestamp: '1602560967477',
};
const submitBase = { app_id: '1', event_name: 'user_submit_info', sender: { id: '246845883529697922' }, recipient: { id: '388613280879880645' }, timestamp: '1735689605000' };

describe('parseWebhookEvent', () => {
  it('validates the envelope and keeps IDs as strings', () => {
    const e = parseWebhookEvent(json(userText));
    expect(e.event_name).toBe('user_send_text');
    expect(e.sender?.id).toBe('246845883529197922');
    expect(e.message?.text).toBe('Cho tôi hỏi lịch tiêm chủng');
  });

  it('accepts a numeric timestamp as its string', () => {
    expect(parseWebhookEvent(json({ ...follow, timestamp: 1735689604000 })).timestamp).toBe('1735689604000');
  });

  it('rejects malformed JSON and bodies missing required fields, naming the field', () => {
    expect(() => parseWebhookEvent(Buffer.from('{"app_id": '))).toThrow(WebhookParseError);
    expect(() => parseWebhookEvent(Buffer.from('{"app_id": '))).toThrow('not valid JSON');
    expect(() => parseWebhookEvent(json({ ...userText, event_name: undefined }))).toThrow(/event_name/);
    expect(() => parseWebhookEvent(json([userText]))).toThrow(WebhookParseError);
  });

  it('rejects an ID that arrived as a number (precision already lost, §2.1)', () => {
    const body = Buffer.from(JSON.stringify(userText).replace('"246845883529197922"', '246845883529197922'));
    expect(() => parseWebhookEvent(body)).toThrow(/sender\.id/);
  });

  it('recognises the empty probe sent when the URL is saved (§6.7 step 1)', () => {
    expect(isProbe(Buffer.from(''))).toBe(true);
    expect(isProbe(Buffer.from(' { } '))).toBe(true);
    expect(isProbe(json(follow))).toBe(false);
  });

  it('reads a hostile 256 KiB body of whitespace in one pass (issue 11 #1: the old regex took ~27 s)', () => {
    const spaces = ' \t\r\n'.repeat(64 * 1024);
    expect(isProbe(Buffer.from(`${spaces}a`))).toBe(false);
    expect(isProbe(Buffer.from(`${spaces}{${spaces}}${spaces}`))).toBe(true);
    expect(isProbe(Buffer.from(`{${spaces}}x`))).toBe(false);
    expect(isProbe(Buffer.from('{ "a": 1 }'))).toBe(false);
    expect(isProbe(Buffer.from('{{}}'))).toBe(false);
    expect(() => parseWebhookEvent(Buffer.from(`${spaces}a`))).toThrow(WebhookParseError);
  });
});

describe('dedupeKey (§6.7 step 3)', () => {
  it('uses the message ID for messages, the joined IDs for seen receipts', () => {
    expect(dedupeKey(parseWebhookEvent(json(userText)))).toBe('user_send_text:96d3cdf3af150460909');
    expect(dedupeKey(parseWebhookEvent(json(seen)))).toBe('user_seen_message:63ecf43f0df7dba892e6,73ecf43f0df7dba892e7');
  });

  it('keeps the echo and the receipt of one OA message apart', () => {
    const keys = [echo, received].map((e) => dedupeKey(parseWebhookEvent(json(e))));
    expect(keys).toEqual(['oa_send_text:63ecf43f0df7dba892e6', 'user_received_message:63ecf43f0df7dba892e6']);
  });

  it('falls back to event, actor and timestamp for follow events', () => {
    expect(dedupeKey(parseWebhookEvent(json(follow)))).toBe('follow:246845883529197922:1735689604000');
    expect(dedupeKey(parseWebhookEvent(json({ ...follow, event_name: 'unfollow' })))).toBe('unfollow:246845883529197922:1735689604000');
  });

  it('is stable across a retry of the same body', () => {
    expect(dedupeKey(parseWebhookEvent(json(follow)))).toBe(dedupeKey(parseWebhookEvent(json(follow))));
  });
});

describe('oaIdOf / userIdOf (§6.3)', () => {
  const OA = '388613280878808645';
  const USER = '246845883529197922';
  it.each([
    ['user_send_text', userText],
    ['follow', follow],
    ['user_received_message', received],
    ['user_seen_message', seen],
    ['oa_send_text', echo],
    ['user_submit_info', { ...submitBase, sender: { id: USER }, recipient: { id: OA }, info: {} }],
    ['user_click_chatnow', { app_id: '1', event_name: 'user_click_chatnow', oa_id: OA, user_id: USER, timestamp: '1' }],
  ])('%s', (_name, body) => {
    const e = parseWebhookEvent(json(body));
    expect(oaIdOf(e)).toBe(OA);
    expect(userIdOf(e)).toBe(USER);
  });

  it('a ZNS receipt has the OA as sender and a phone, not a user, as recipient (§5.5)', () => {
    const e = parseWebhookEvent(json(znsReceipt));
    expect(isZnsReceipt(e)).toBe(true);
    expect(isZnsReceipt(parseWebhookEvent(json(received)))).toBe(false);
    expect(oaIdOf(e)).toBe('2893352839501541173');
    expect(userIdOf(e)).toBeUndefined();
  });
});

describe('isStale', () => {
  const e = parseWebhookEvent(json(userText));
  const sentAt = Number(userText.timestamp);
  it('keeps the last retry of the ladder (about 2 h) and rejects older events by default', () => {
    expect(DEFAULT_MAX_EVENT_AGE_MS).toBeGreaterThanOrEqual(3 * 3_600_000);
    expect(isStale(e, sentAt + 2 * 3_600_000 + 60_000)).toBe(false);
    expect(isStale(e, sentAt + DEFAULT_MAX_EVENT_AGE_MS + 1)).toBe(true);
    expect(isStale(e, sentAt + 10 * 60_000, 5 * 60_000)).toBe(true);
  });
});

describe('parseSubmitInfo (§12 #13)', () => {
  it('reads the 2025 shape with full_address', () => {
    const info = {
      name: 'Nguyễn Văn A',
      phone: '84912345678',
      user_dob: '30/10/1999',
      gender: 'Nam',
      full_address: { user_city: 'Thành phố Hà Nội', user_ward: 'Phường Ba Đình', user_address: 'Số 1 Phố X' },
    };
    expect(parseSubmitInfo(parseWebhookEvent(json({ ...submitBase, info })))).toEqual({
      name: 'Nguyễn Văn A',
      phone: '84912345678',
      address: 'Số 1 Phố X, Phường Ba Đình, Thành phố Hà Nội',
    });
  });

  it('reads the older flat shape, with or without ward', () => {
    const info = { name: 'Nguyễn Văn A', phone: '84912345678', address: 'Số 1 Phố X', city: 'Hà Nội', district: 'Ba Đình', ward: 'Điện Biên' };
    expect(parseSubmitInfo(parseWebhookEvent(json({ ...submitBase, info })))).toEqual({
      name: 'Nguyễn Văn A',
      phone: '84912345678',
      address: 'Số 1 Phố X, Điện Biên, Ba Đình, Hà Nội',
    });
    const noWard = { ...info, ward: undefined };
    expect(parseSubmitInfo(parseWebhookEvent(json({ ...submitBase, info: noWard })))?.address).toBe('Số 1 Phố X, Ba Đình, Hà Nội');
  });

  it('leaves out what was not shared, and answers undefined for other events', () => {
    expect(parseSubmitInfo(parseWebhookEvent(json({ ...submitBase, info: { name: ' ', phone: '84912345678' } })))).toEqual({ phone: '84912345678' });
    expect(parseSubmitInfo(parseWebhookEvent(json(userText)))).toBeUndefined();
  });
});

describe('against the simulator’s signed deliveries (§6.8)', () => {
  it('verifies, parses and routes what the simulator sends', async () => {
    const received: { headers: IncomingHttpHeaders; body: Buffer }[] = [];
    const receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks) });
        res.end();
      });
    });
    receiver.listen(0, '127.0.0.1');
    await once(receiver, 'listening');
    const sim = await startSimulator({ port: 0, autoRetry: false });
    try {
      const post = async (path: string, body: unknown) => {
        const res = await fetch(`${sim.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
        expect(res.status).toBe(200);
      };
      const app = { app_id: '1234567890', app_secret: 'app-secret', oa_secret_key: 'oa-secret' };
      const oa = '388613280878808645';
      const user = '246845883529197922';
      await post('/_sim/apps', { ...app, webhook_url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/zalo` });
      await post('/_sim/oas', { oa_id: oa, name: 'Công an phường', app_id: app.app_id });
      await post('/_sim/users', { oa_id: oa, user_id: user });
      const events = [
        { type: 'text', text: 'Cho tôi hỏi lịch tiêm chủng' },
        { type: 'follow' },
        { type: 'submit_info', shape: 'new', name: 'Nguyễn Văn A', phone: '0912345678', address: 'Số 1 Phố X', city: 'Hà Nội', ward: 'Ba Đình' },
        { type: 'submit_info', shape: 'old', name: 'Nguyễn Văn A', phone: '0912345678', address: 'Số 1 Phố X', city: 'Hà Nội', district: 'Ba Đình' },
        { type: 'click_chatnow' },
      ];
      for (const e of events) await post(`/_sim/users/${user}/events`, { oa_id: oa, ...e });

      expect(received).toHaveLength(events.length);
      const parsed = received.map(({ headers, body }) => {
        const signature = { rawBody: body, signature: headers['x-zevent-signature'] as string, appId: app.app_id, oaSecretKey: app.oa_secret_key };
        expect(verifyZaloSignature(signature)).toEqual({ ok: true, variant: 'app_id' });
        const event = parseWebhookEvent(body);
        expect([oaIdOf(event), userIdOf(event)]).toEqual([oa, user]);
        return event;
      });
      expect(parsed.map((e) => e.event_name)).toEqual(['user_send_text', 'follow', 'user_submit_info', 'user_submit_info', 'user_click_chatnow']);
      expect(new Set(parsed.map(dedupeKey)).size).toBe(events.length);
      const info = { name: 'Nguyễn Văn A', phone: '84912345678' };
      expect(parseSubmitInfo(parsed[2]!)).toEqual({ ...info, address: 'Số 1 Phố X, Ba Đình, Hà Nội' });
      expect(parseSubmitInfo(parsed[3]!)).toEqual({ ...info, address: 'Số 1 Phố X, Ba Đình, Hà Nội' });
    } finally {
      await sim.stop();
      receiver.close();
    }
  });
});
