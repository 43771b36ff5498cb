// The whole resident journey on the Zalo simulator: follow a ward OA, open the form link from the
// menu, submit TAM_TRU with documents, get a supplement request, send a photo in the chat, get the
// approval, and rate the service — every message arriving in order in the simulated Zalo.
import { describe, expect, it } from 'vitest';
import { dossierRow, waitFor } from '../support/fixtures.js';
import { isMenu, useZaloStack } from '../support/zalo-stack.js';

const { s, userDoes, inbox, waitForMessages } = useZaloStack();

async function staffAct(code: string, who: keyof typeof s.team, action: string, extra: Record<string, unknown> = {}) {
  const row = await dossierRow(s.db, code);
  const res = await fetch(`${s.api}/api/staff/dossiers/${code}/actions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${s.team[who].token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ action, expectedVersion: row.state_version, ...extra }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as { state: string };
}

// Real file bytes, recognised by their magic numbers.
const PNG = Uint8Array.from(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64'));
const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

describe('a resident on Zalo, end to end', () => {
  it('follows, submits with documents, supplements by photo, is approved and rates the service', async () => {
    // Follow → welcome and the procedure menu, whose button opens a signed form link.
    await userDoes({ type: 'follow' });
    const [welcome] = await waitForMessages(1);
    expect(welcome!.text).toContain('Chào mừng bạn đến với');
    // The menu has one button per published procedure (over several messages); take TAM_TRU's.
    const buttonUrl = /"title":"Đăng ký, gia hạn tạm trú","type":"oa\.open\.url","payload":\{"url":"([^"]+)"/;
    const formUrl = await waitFor(async () => {
      const menus = (await inbox()).filter(isMenu);
      return buttonUrl.exec(JSON.stringify(menus))?.[1];
    }, 'the TAM_TRU button in the procedure menu');

    // The form page, then a submission with a PDF and a photo.
    const page = await fetch(formUrl);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Đăng ký tạm trú');
    const form = new FormData();
    const fields: Record<string, string> = {
      kind: 'new',
      fullName: 'Nguyễn Thị Lan',
      cccd: '079190012345',
      phone: '0901234567',
      dateOfBirth: '1990-05-17',
      stayAddress: '12 Đường TX25, phường Đông Hưng Thuận',
      stayFrom: new Date().toISOString().slice(0, 10),
      stayUntil: new Date(Date.now() + 300 * 86_400_000).toISOString().slice(0, 10),
    };
    for (const [k, v] of Object.entries(fields)) form.append(`form.${k}`, v);
    form.append('file.ct01', new Blob([PDF], { type: 'application/pdf' }), 'ct01.pdf');
    form.append('file.residenceProof', new Blob([PNG], { type: 'image/png' }), 'hop-dong.png');
    const submitted = await fetch(formUrl, { method: 'POST', body: form });
    const confirmation = await submitted.text();
    expect(submitted.status, confirmation).toBe(200);
    const code = /DHT-\d{6}-\d{4}/.exec(confirmation)?.[0];
    expect(code).toBeDefined();
    const dossier = await dossierRow(s.db, code!);
    expect(dossier).toMatchObject({ channel: 'zalo', unit_id: 'ca-p-dong-hung-thuan' });
    expect(dossier.applicant).toMatchObject({ oaId: s.oaId, zaloUserId: s.userId });

    // The office accepts and asks for a better proof of residence.
    await waitForMessages(2);
    await staffAct(code!, 'receiver', 'accept');
    await staffAct(code!, 'officer', 'requestSupplement', { missingDocuments: ['residenceProof'] });
    const afterRequest = await waitForMessages(4);
    expect(afterRequest[3]!.text).toContain('Giấy tờ chứng minh chỗ ở hợp pháp');

    // The resident answers with a photo in the chat: it is attached and the dossier goes back.
    await userDoes({ type: 'image', caption: 'Hợp đồng thuê nhà' });
    const afterPhoto = await waitForMessages(5);
    expect(afterPhoto[4]!.text).toContain(`Đã nhận 1 tệp bổ sung cho hồ sơ ${code}`);
    expect((await dossierRow(s.db, code!)).state).toBe('intake');
    const chatDocs = await s.db.selectFrom('documents').select(['source', 'mime']).where('dossier_id', '=', dossier.id).where('source', '=', 'chat').execute();
    expect(chatDocs).toHaveLength(1);

    // Accepted again and approved: the result and the survey arrive.
    await staffAct(code!, 'receiver', 'accept');
    await staffAct(code!, 'officer', 'approve');
    expect((await staffAct(code!, 'chief', 'approve')).state).toBe('done');
    // Back at intake, the resident heard again that the office is checking the dossier.
    const afterApproval = await waitForMessages(10);
    const ratingPayload = `#danhgia ${code} 5`;
    expect(JSON.stringify(afterApproval[8])).toContain(ratingPayload);
    expect(JSON.stringify(afterApproval[9])).toContain(`#danhgia ${code} 1`);

    // Tapping "5" sends the button's payload as the user.
    await userDoes({ type: 'text', text: ratingPayload });
    const all = await waitForMessages(11);
    expect(all[10]!.text).toContain(`Cảm ơn bạn đã đánh giá 5/5 cho hồ sơ ${code}`);
    expect((await s.db.selectFrom('surveys').select('rating').where('dossier_id', '=', dossier.id).executeTakeFirstOrThrow()).rating).toBe(5);

    // Every message, in order, exactly once.
    const expected = [
      'Chào mừng bạn đến với',
      'đã nhận hồ sơ',
      `Mã hồ sơ: ${code}`,
      'cần bổ sung',
      'Đã nhận 1 tệp bổ sung',
      'đã nhận hồ sơ',
      `Mã hồ sơ: ${code}`,
      'THÔNG BÁO KẾT QUẢ',
      'Mời bạn đánh giá',
      'Chưa hài lòng?',
      'Cảm ơn bạn đã đánh giá 5/5',
    ];
    expect(all).toHaveLength(expected.length);
    all.forEach((m, i) => expect(m.text, `message ${i}`).toContain(expected[i]));

    // The outbox agrees: every dossier message sent once over the chat, with Zalo's id.
    const outbox = await s.db.selectFrom('messages').selectAll().where('dossier_id', '=', dossier.id).where('template', 'not like', 'chat.%').orderBy('created_at').orderBy('idempotency_key').execute();
    expect(outbox.map((m) => m.template)).toEqual(['submitted', 'received', 'supplementRequested', 'submitted', 'received', 'approved', 'survey', 'survey']);
    for (const m of outbox) {
      expect(['sent', 'delivered', 'seen']).toContain(m.status);
      expect(m.channel).toBe('zalo_cs');
      expect(all.map((s) => s.message_id)).toContain(m.zalo_message_id);
    }
  });
});
