// The conversation inbox against the Zalo simulator: a resident's free text shows in the clerk's list
// (the OA of a former ward is served by its successor's clerks), the clerk's reply reaches the
// resident from the OA, another ward's clerk sees nothing (404), and outside the 7-day consultation
// window the console refuses to send and says why.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createStaff, insertDossierRow, OTHER_WARD, WARD, waitFor } from '../support/fixtures.js';
import { useZaloStack } from '../support/zalo-stack.js';

const { s, control, userDoes, conversation } = useZaloStack();

const DAY = 24 * 3_600_000;
const get = (path: string, token: string) => fetch(`${s.api}${path}`, { headers: { authorization: `Bearer ${token}` }, redirect: 'manual' });
const post = (path: string, token: string, form: Record<string, string>) =>
  fetch(`${s.api}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
    redirect: 'manual',
  });

const replies = () =>
  s.db
    .selectFrom('messages')
    .selectAll()
    .where('template', '=', 'staff.reply')
    .where(sql<string>`recipient->>'oaId'`, '=', s.oaId)
    .where(sql<string>`recipient->>'userId'`, '=', s.userId)
    .execute();

describe('the conversation inbox', () => {
  const question = `Cho tôi hỏi thủ tục đăng ký tạm trú cho người thân ${Date.now()}`;
  const answer = 'Chào chị Lan, chị mang căn cước và hợp đồng thuê nhà đến bộ phận một cửa nhé.';
  const thread = () => `/console/conversations/${s.oaId}/${s.userId}`;

  it('lists a resident text for the successor ward clerk, who replies from the console', async () => {
    const clerk = s.team.receiver;
    await userDoes({ type: 'text', text: question });
    // The worker handles the event (the resident's interaction time) after the webhook stored it.
    await waitFor(
      () => s.db.selectFrom('residents').select('last_interaction_at').where('oa_id', '=', s.oaId).where('zalo_user_id', '=', s.userId).where('last_interaction_at', 'is not', null).executeTakeFirst(),
      'the resident to be recorded',
    );

    const list = await waitFor(async () => {
      const res = await get('/console/conversations', clerk.token);
      expect(res.status).toBe(200);
      const html = await res.text();
      return html.includes(question) ? html : undefined;
    }, 'the question in the clerk list');
    expect(list).toContain(`href="${thread()}"`);
    expect(list).toContain('Chưa trả lời');
    expect(list).toContain('Tin nhắn người dân'); // the nav link

    const page = await get(thread(), clerk.token);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(question);
    expect(html).toContain('name="text"');

    // Validation: empty and over-long texts are refused on the page, nothing queued.
    const empty = await post(`${thread()}/reply`, clerk.token, { text: '   ', key: randomUUID() });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('Chưa nhập nội dung trả lời');
    const long = await post(`${thread()}/reply`, clerk.token, { text: 'a'.repeat(2001), key: randomUUID() });
    expect(long.status).toBe(422);
    expect(await long.text()).toContain('vượt quá 2000 ký tự');
    expect(await replies()).toHaveLength(0);

    const key = randomUUID();
    const sent = await post(`${thread()}/reply`, clerk.token, { text: answer, key });
    expect(sent.status).toBe(303);
    expect(sent.headers.get('location')).toBe(thread());
    // The same form submitted twice sends once.
    expect((await post(`${thread()}/reply`, clerk.token, { text: answer, key })).status).toBe(303);

    const delivered = await waitFor(async () => {
      const all = await conversation();
      return all.find((m) => m.text === answer);
    }, 'the reply in the simulated chat');
    expect(delivered.user_id).toBe(s.userId);
    const rows = await waitFor(async () => {
      const r = await replies();
      return r.length === 1 && r[0]!.status !== 'queued' && r[0]!.status !== 'sending' ? r : undefined;
    }, 'the reply to be recorded as sent');
    expect(rows[0]).toMatchObject({ channel: 'zalo_cs', idempotency_key: `reply:${key}`, zalo_message_id: delivered.message_id });
    expect(['sent', 'delivered', 'seen']).toContain(rows[0]!.status);
    expect(rows[0]!.recipient).toMatchObject({ kind: 'resident', oaId: s.oaId, userId: s.userId, repliedBy: clerk.actor.staffId });
    expect((await conversation()).filter((m) => m.text === answer)).toHaveLength(1);

    const after = await (await get('/console/conversations', clerk.token)).text();
    expect(after).toContain('Đã trả lời');
    const threadHtml = await (await get(thread(), clerk.token)).text();
    expect(threadHtml).toContain(answer);
    expect(threadHtml).toContain(`Cán bộ ${clerk.actor.name}`);
  });

  it("shows the applicant's conversation on the dossier page, never on a crime tip's", async () => {
    // Dossiers as submitDossier stores them from the OA's form link (no workflow needed to read them),
    // on a day no other test uses, so no report or inbox counts them.
    let made = 0;
    const stored = async (procedure: 'TAM_TRU' | 'TO_GIAC') => {
      const code = `CONV-201231-${String(++made).padStart(4, '0')}`;
      await insertDossierRow(s.db, {
        code,
        procedure_code: procedure,
        channel: 'zalo',
        applicant: JSON.stringify({ name: 'Nguyễn Thị Lan', oaId: s.oaId, zaloUserId: s.userId }),
        submitted_at: new Date('2020-12-31T03:00:00Z'),
        confidential: procedure === 'TO_GIAC',
      });
      return code;
    };
    const clerk = s.team.receiver;
    const page = await (await get(`/console/dossiers/${await stored('TAM_TRU')}`, clerk.token)).text();
    const section = /<section[^>]*id="conversation"[\s\S]*?<\/section>/.exec(page)?.[0];
    expect(section).toBeDefined();
    expect(section).toContain(question);
    expect(section).toContain(answer);
    expect(section).toContain(`href="${thread()}"`);

    const investigator = await createStaff(s.db, 'Điều tra viên', [{ role: 'investigator', unitId: WARD }]);
    const tip = await get(`/console/dossiers/${await stored('TO_GIAC')}`, investigator.token);
    expect(tip.status).toBe(200);
    const tipPage = await tip.text();
    expect(tipPage).not.toContain('id="conversation"');
    expect(tipPage).not.toContain(thread());
  });

  it('hides the conversation from another ward clerk', async () => {
    const other = await createStaff(s.db, 'Cán bộ phường khác', [{ role: 'receiver', unitId: OTHER_WARD }]);
    const list = await get('/console/conversations', other.token);
    expect(list.status).toBe(200);
    expect(await list.text()).not.toContain(question);
    expect((await get(thread(), other.token)).status).toBe(404);
    const before = (await replies()).length;
    expect((await post(`${thread()}/reply`, other.token, { text: 'Không được gửi', key: randomUUID() })).status).toBe(404);
    expect(await replies()).toHaveLength(before);
  });

  it('refuses to reply outside the 7-day window and says why', async () => {
    const clerk = s.team.receiver;
    await control('/clock/advance', { ms: 8 * DAY });
    await s.db
      .updateTable('residents')
      .set({ last_interaction_at: new Date(Date.now() - 8 * DAY) })
      .where('oa_id', '=', s.oaId)
      .where('zalo_user_id', '=', s.userId)
      .execute();

    const page = await (await get(thread(), clerk.token)).text();
    expect(page).toContain('quá 7 ngày không tương tác');
    expect(page).toContain('id="cannot-reply"');
    expect(page).not.toContain('name="text"');

    const chatBefore = (await conversation()).length;
    const before = (await replies()).length;
    const refused = await post(`${thread()}/reply`, clerk.token, { text: 'Chị còn cần hỗ trợ gì không?', key: randomUUID() });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('quá 7 ngày không tương tác');
    expect(await replies()).toHaveLength(before);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await conversation()).toHaveLength(chatBefore);
  });
});
