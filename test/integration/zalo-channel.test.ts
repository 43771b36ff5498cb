// The Zalo channel against the simulator: the webhook receiver (forged, stale, malformed, duplicate),
// chat commands, shared contact info, a worker dying right after a send (no duplicate), and the
// fallback to ZNS by phone outside the 7-day window, or to "undeliverable" without a phone.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { submitDossier } from '../../api/dossiers/submit.js';
import { createConversationActivities } from '../../activities/conversation.activities.js';
import { sealedAt } from '../../db/crypto.js';
import { TEST_BOX, TEST_FILES, TEST_SECRET, submitRequest, tamTruForm, waitFor } from '../support/fixtures.js';
import { webhookMac } from '../../zalo/simulator/index.js';
import { useZaloStack, ZNS_TEMPLATE } from '../support/zalo-stack.js';

let crashNext = false;
const { s, control, userDoes, inbox, conversation, waitForMessages } = useZaloStack({
  // The worker "dies" right after Zalo accepted a message, before recording it.
  afterSend: async () => {
    if (!crashNext) return;
    crashNext = false;
    throw new Error('worker died after the send');
  },
});

/** A webhook as Zalo would post it, signed by the simulator's own implementation of §6.6. */
function signedEvent(body: Record<string, unknown>, opts: { secret?: string; appId?: string } = {}) {
  const raw = JSON.stringify({ app_id: opts.appId ?? s.app.app_id, timestamp: String(Date.now()), ...body });
  const timestamp = (JSON.parse(raw) as { timestamp: string }).timestamp;
  const mac = webhookMac(opts.appId ?? s.app.app_id, raw, timestamp, opts.secret ?? s.app.oa_secret_key);
  return { raw, signature: `mac=${mac}` };
}

const post = (raw: string, signature?: string) =>
  fetch(`${s.api}/webhooks/zalo`, { method: 'POST', headers: { 'content-type': 'application/json', ...(signature ? { 'x-zevent-signature': signature } : {}) }, body: raw });

const textEvent = (text: string, msgId: string) => ({
  event_name: 'user_send_text',
  sender: { id: s.userId },
  recipient: { id: s.oaId },
  user_id_by_app: s.userId,
  message: { text, msg_id: msgId },
});

describe('the Zalo webhook receiver', () => {
  it('answers a probe, refuses forged, unknown, stale and malformed events, and stores a duplicate once', async () => {
    expect((await post('{}')).status).toBe(200);

    const forged = signedEvent(textEvent('menu', 'm-forged'), { secret: 'not-the-secret' });
    const r1 = await post(forged.raw, forged.signature);
    expect(r1.status).toBe(401);
    expect(await r1.json()).toMatchObject({ error: { code: 'INVALID_SIGNATURE' } });
    expect((await post(signedEvent(textEvent('menu', 'm-nosig')).raw)).status).toBe(401);

    const otherApp = signedEvent(textEvent('menu', 'm-app'), { appId: '111' });
    expect((await post(otherApp.raw, otherApp.signature)).status).toBe(401);

    const futureBody = JSON.stringify({ app_id: s.app.app_id, timestamp: String(Date.now() + 10 * 60_000), ...textEvent('menu', 'm-future') });
    const future = await post(futureBody, `mac=${webhookMac(s.app.app_id, futureBody, (JSON.parse(futureBody) as { timestamp: string }).timestamp, s.app.oa_secret_key)}`);
    expect(future.status).toBe(401);
    expect(await future.json()).toMatchObject({ error: { code: 'FUTURE_EVENT' } });

    const staleBody = JSON.stringify({ app_id: s.app.app_id, timestamp: String(Date.now() - 4 * 3_600_000), ...textEvent('menu', 'm-stale') });
    const stale = await post(staleBody, `mac=${webhookMac(s.app.app_id, staleBody, (JSON.parse(staleBody) as { timestamp: string }).timestamp, s.app.oa_secret_key)}`);
    expect(stale.status).toBe(401);
    expect(await stale.json()).toMatchObject({ error: { code: 'STALE_EVENT' } });

    const malformed = await post('{"app_id": 12', 'mac=00');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { code: 'MALFORMED_EVENT', message: expect.any(String) } });

    const before = (await conversation()).length;
    const once = signedEvent(textEvent('trợ giúp', `m-dup-${Date.now()}`));
    expect((await post(once.raw, once.signature)).status).toBe(200);
    const again = await post(once.raw, once.signature);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ ok: true, duplicate: true });
    const replies = await waitForMessages(before + 1);
    expect(replies[before]!.text).toContain('Bạn có thể gõ');
    // Nothing else comes: the duplicate had no second effect.
    await new Promise((r) => setTimeout(r, 1500));
    expect(await conversation()).toHaveLength(before + 1);
    const stored = await s.db.selectFrom('zalo_events').select('id').where('dedupe_key', 'like', `user_send_text:m-dup-%`).where('oa_id', '=', s.oaId).execute();
    expect(stored).toHaveLength(1);
  });

  it('answers a hostile body before any signature work: whitespace is malformed or a probe, oversize is refused unread', async () => {
    const spaces = ' '.repeat(256 * 1024 - 1);
    const hostile = await post(`${spaces}a`, 'mac=00');
    expect(hostile.status).toBe(400);
    expect(await hostile.json()).toMatchObject({ error: { code: 'MALFORMED_EVENT' } });
    const paddedProbe = await post(`${spaces.slice(2)}{}`);
    expect(paddedProbe.status).toBe(200);
    expect(await paddedProbe.json()).toEqual({ ok: true });
    expect((await post(`${spaces}ab`, 'mac=00')).status).toBe(413);
  });
});

describe('conversations', () => {
  it('answers commands with or without diacritics', async () => {
    await userDoes({ type: 'follow' });
    const start = (await waitForMessages(2)).length; // help (earlier test) and welcome
    await userDoes({ type: 'text', text: 'huong dan tam tru' });
    await userDoes({ type: 'text', text: 'TRA CỨU' });
    await userDoes({ type: 'text', text: 'Cho tôi hỏi giờ làm việc' });
    const all = await waitForMessages(start + 3);
    expect(all[start]!.text).toContain('Thời hạn giải quyết: 3 ngày làm việc');
    expect(JSON.stringify(all[start])).toMatch(/\/r\/[A-Za-z0-9_.-]+/);
    expect(all[start + 1]!.text).toContain('Bạn chưa có hồ sơ nào');
    expect(all[start + 2]!.text).toContain('Chúng tôi đã nhận tin nhắn');
  });

  it('sends nothing twice when the worker dies right after a send', async () => {
    // Other test files share the database: only this resident's help replies.
    const lastHelp = () =>
      s.db
        .selectFrom('messages')
        .select(['status', 'attempts', 'zalo_message_id'])
        .where('template', '=', 'chat.help')
        .where(sql<string>`recipient->>'userId'`, '=', s.userId)
        .orderBy('created_at', 'desc');
    const before = (await conversation()).length;
    crashNext = true;
    await userDoes({ type: 'text', text: 'trợ giúp' });
    const all = await waitForMessages(before + 1);
    await waitFor(async () => {
      const row = await lastHelp().executeTakeFirst();
      return row && row.status !== 'sending' ? row : undefined;
    }, 'the help message to be settled');
    expect(crashNext).toBe(false); // the crash happened
    await new Promise((r) => setTimeout(r, 1000));
    const after = await conversation();
    expect(after).toHaveLength(before + 1);
    const row = await lastHelp().executeTakeFirstOrThrow();
    // Sent once; the retry found it in Zalo's conversation history and recorded it.
    expect(['sent', 'delivered', 'seen']).toContain(row.status);
    expect(row.attempts).toBe(1);
    expect(row.zalo_message_id).toBe(all[before]!.message_id);
  });

  it('downloads a photo only from the media host, and only within the resident’s quota', async () => {
    const chatDocs = async () =>
      (await s.db.selectFrom('documents').innerJoin('residents', 'residents.id', 'documents.resident_id').select('documents.id').where('residents.zalo_user_id', '=', s.userId).where('source', '=', 'chat').execute()).length;
    const before = (await conversation()).length;
    const docs = await chatDocs();
    // A URL off the media list (here the API itself, as an SSRF would aim inside): never fetched.
    await userDoes({ type: 'image', url: `${s.api}/ready` });
    expect((await waitForMessages(before + 1))[before]!.text).toContain('không đọc được hoặc không phải ảnh/PDF');
    await userDoes({ type: 'image' }); // the simulator's own CDN stand-in
    expect((await waitForMessages(before + 2))[before + 1]!.text).toContain('Cảm ơn bạn đã gửi tệp');
    expect(await chatDocs()).toBe(docs + 1);

    // 100 MB already stored today: the next photo is refused unread.
    const resident = await s.db.selectFrom('residents').select('id').where('oa_id', '=', s.oaId).where('zalo_user_id', '=', s.userId).executeTakeFirstOrThrow();
    await s.db.insertInto('documents').values({ resident_id: resident.id, dossier_id: null, sha256: 'f'.repeat(64), mime: 'application/pdf', size: 100 * 1024 * 1024, filename: 'lon.pdf', source: 'chat' }).execute();
    await userDoes({ type: 'image' });
    expect((await waitForMessages(before + 3))[before + 2]!.text).toContain('Tệp bạn gửi quá lớn');
    expect(await chatDocs()).toBe(docs + 2);
    await s.db.deleteFrom('documents').where('resident_id', '=', resident.id).where('filename', '=', 'lon.pdf').execute();
  });

  it('keeps contact info shared with request_user_info, encrypted', async () => {
    const before = (await conversation()).length;
    await userDoes({ type: 'submit_info', shape: 'new', name: 'Nguyễn Thị Lan', phone: '84901234567', address: '12 Đường TX25' });
    const all = await waitForMessages(before + 1);
    expect(all[before]!.text).toContain('Đã lưu thông tin liên hệ');
    const resident = await s.db.selectFrom('residents').selectAll().where('oa_id', '=', s.oaId).where('zalo_user_id', '=', s.userId).executeTakeFirstOrThrow();
    expect(resident.phone_enc).not.toContain('901234567');
    expect(TEST_BOX.decrypt(resident.phone_enc!, sealedAt('residents.phone_enc', s.oaId, s.userId))).toBe('84901234567');
    // Nor in clear in the event table.
    const events = await s.db.selectFrom('zalo_events').select('raw').where('event_name', '=', 'user_submit_info').where('zalo_user_id', '=', s.userId).execute();
    expect(events.length).toBeGreaterThan(0);
    for (const value of ['901234567', 'Nguyễn Thị Lan', 'TX25']) expect(JSON.stringify(events)).not.toContain(value);
  });

  it('records a delivery receipt only from the OA the message went out through', async () => {
    const activities = createConversationActivities({ db: s.db, box: TEST_BOX, temporal: s.env.client, files: TEST_FILES, secret: TEST_SECRET, publicUrl: s.api, mediaOrigins: [] });
    const msgId = `mid-${Date.now()}`;
    const message = await s.db
      .insertInto('messages')
      .values({ idempotency_key: `receipt-test:${msgId}`, dossier_id: null, recipient: JSON.stringify({ kind: 'resident', oaId: s.oaId, userId: s.userId }), template: 't', text: 'x', status: 'sent', zalo_message_id: msgId, zalo_oa_id: s.oaId, channel: 'zalo_cs' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const seenFrom = async (oaId: string) => {
      const raw = { app_id: s.app.app_id, event_name: 'user_seen_message', timestamp: String(Date.now()), sender: { id: oaId }, recipient: { id: s.userId }, message: { msg_ids: [msgId] } };
      const { id } = await s.db.insertInto('zalo_events').values({ dedupe_key: `test:${oaId}:${msgId}`, oa_id: oaId, event_name: raw.event_name, zalo_user_id: s.userId, raw: JSON.stringify(raw) }).returning('id').executeTakeFirstOrThrow();
      await activities.handleZaloEvent(id);
      return (await s.db.selectFrom('messages').select('status').where('id', '=', message.id).executeTakeFirstOrThrow()).status;
    };
    expect(await seenFrom('4900000000000000001')).toBe('sent');
    expect(await seenFrom(s.oaId)).toBe('seen');
  });
});

describe('outside the 7-day window', () => {
  it('falls back to a ZNS template by phone, or marks the message undeliverable without one', async () => {
    await control('/clock/advance', { ms: 8 * 24 * 3_600_000 });
    const now = Date.now();
    const deps = { db: s.db, temporal: s.env.client, taskQueue: s.worker.taskQueue, secret: TEST_SECRET, box: TEST_BOX };
    const withPhone = await submitDossier(deps, { ...submitRequest(tamTruForm(now)), channel: 'zalo', applicant: { name: 'Nguyễn Thị Lan', zaloUserId: s.userId, oaId: s.oaId } }, undefined);
    // Sent by ZNS, then confirmed by the ZNS delivery receipt (matched on the tracking id).
    const delivered = await waitFor(async () => {
      const m = await s.db.selectFrom('messages').selectAll().where('dossier_id', '=', withPhone.dossier.id).executeTakeFirst();
      return m?.status === 'delivered' || m?.status === 'undeliverable' ? m : undefined;
    }, 'the receipt to be delivered');
    expect(delivered, `${delivered.undeliverable_reason}`).toMatchObject({ status: 'delivered', channel: 'zns' });
    expect(delivered.delivered_at).not.toBeNull();
    const zns = (await inbox()).filter((m) => m.phone !== undefined).at(-1)!;
    expect(zns).toMatchObject({ phone: '84901234567', template_id: ZNS_TEMPLATE.template_id });
    expect(zns.template_data).toMatchObject({ ma_ho_so: withPhone.dossier.code });

    // Another resident who never shared a phone, silent for 8 days as well.
    const stranger = `59${Date.now() % 1e9}`;
    await control('/users', { oa_id: s.oaId, user_id: stranger, display_name: 'Trần Văn B' });
    await control('/clock/advance', { ms: 8 * 24 * 3_600_000 });
    const form = { ...tamTruForm(now), phone: '0987654321' };
    const noPhone = await submitDossier(
      deps,
      { ...submitRequest(form), channel: 'zalo', applicant: { name: 'Trần Văn B', zaloUserId: stranger, oaId: s.oaId } },
      undefined,
    );
    const settled = await waitFor(async () => {
      const m = await s.db.selectFrom('messages').selectAll().where('dossier_id', '=', noPhone.dossier.id).executeTakeFirst();
      return m && m.status !== 'queued' && m.status !== 'sending' ? m : undefined;
    }, 'the second receipt to be settled');
    expect(settled).toMatchObject({ status: 'undeliverable', undeliverable_reason: 'outside_window_no_phone' });
  });
});
