// Issue 11, finding 3: nothing a non-investigator can read links a crime reporter to the tip. The
// reporter's Zalo id lives in the sealed store only (not in dossiers.applicant), yet the tip's own
// messages still reach them; chat commands never name a confidential dossier, so the replies stored
// for the OA's conversation inbox (read by every role of the unit) hold no tip code.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { submitDossier } from '../../api/dossiers/submit.js';
import { CHAT } from '../../domain/chat-texts.js';
import { up as sealReporterContacts } from '../../migrations/2026_12_08_000001_sealed_reporter_contact.js';
import { TEST_BOX, TEST_SECRET, submitRequest, tamTruForm, waitFor, WARD } from '../support/fixtures.js';
import { sealedAt } from '../../db/crypto.js';
import { useZaloStack } from '../support/zalo-stack.js';

const { s, userDoes, conversation, waitForMessages } = useZaloStack();

async function get(path: string, token: string): Promise<string> {
  const res = await fetch(`${s.api}${path}`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status, path).toBe(200);
  return res.text();
}

const TIP_FORM = { category: 'to_giac', place: 'Bến xe An Sương', content: 'Có đường dây cho vay nặng lãi', reporterName: 'Phạm Văn Kín', reporterPhone: '0933000111' };

describe('a crime reporter on Zalo', () => {
  it('keeps the Zalo id sealed, still gets the tip receipt, and no chat reply or staff view names the tip', async () => {
    const deps = { db: s.db, temporal: s.env.client, taskQueue: s.worker.taskQueue, secret: TEST_SECRET, box: TEST_BOX };
    const zalo = { oaId: s.oaId, zaloUserId: s.userId };
    await userDoes({ type: 'follow' });
    const ordinary = await submitDossier(deps, { ...submitRequest(tamTruForm(Date.now())), channel: 'zalo', applicant: { name: 'Nguyễn Thị Lan', ...zalo } }, undefined);
    const tip = await submitDossier(deps, { procedureCode: 'TO_GIAC', unitId: WARD, channel: 'zalo', applicant: { name: 'Phạm Văn Kín', ...zalo }, formData: TIP_FORM }, undefined);
    const tipCode = tip.dossier.code;

    // The dossier row holds no Zalo identity; the sealed store does.
    const row = await s.db.selectFrom('dossiers').select('applicant').where('id', '=', tip.dossier.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(row.applicant)).not.toContain(s.userId);
    const sealed = await s.db.selectFrom('sealed_identities').select('identity_enc').where('dossier_id', '=', tip.dossier.id).executeTakeFirstOrThrow();
    expect(JSON.parse(TEST_BOX.decrypt(sealed.identity_enc, sealedAt('sealed_identities.identity_enc', tip.dossier.id)))).toMatchObject({ applicant: zalo });

    // The tip's receipt still reaches the reporter, through the sealed path.
    await waitFor(async () => ((await conversation()).some((m) => m.text?.includes(tipCode)) ? true : undefined), 'the tip receipt to reach the reporter');

    // "tra cứu" lists the ordinary dossier only; the tip's code is "not found".
    const before = (await conversation()).length;
    await userDoes({ type: 'text', text: 'tra cứu' });
    await userDoes({ type: 'text', text: 'huy' });
    const replies = await waitForMessages(before + 2);
    expect(replies.some((m) => m.text?.includes(ordinary.dossier.code)), 'the status list').toBe(true);
    expect(replies.slice(before).map((m) => m.text).join('\n')).not.toContain(tipCode);
    await userDoes({ type: 'text', text: `tra cuu ${tipCode}` });
    await userDoes({ type: 'text', text: `#danhgia ${tipCode} 5` });
    const answered = (all: Awaited<ReturnType<typeof conversation>>) =>
      all.some((m) => m.text === CHAT.dossierNotFound) && all.some((m) => m.text === CHAT.ratingUnknown) ? all : undefined;
    const more = await waitFor(async () => answered(await conversation()), 'the answers about the tip code');
    expect(more.slice(before).map((m) => m.text).join('\n')).not.toContain(tipCode);

    // What the ward's clerks read of this resident's conversation (list and thread) names no tip,
    // neither in a reply nor in what the resident typed. The thread does show the other replies.
    const list = await get('/console/conversations', s.team.receiver.token);
    const thread = await get(`/console/conversations/${s.oaId}/${s.userId}`, s.team.receiver.token);
    expect(thread).toContain(ordinary.dossier.code);
    expect(list + thread).not.toContain(tipCode);
  });

  it('migrates an older tip: the Zalo id leaves dossiers.applicant, and stored chat replies naming the tip are masked', async () => {
    const deps = { db: s.db, temporal: s.env.client, taskQueue: s.worker.taskQueue, secret: TEST_SECRET, box: TEST_BOX };
    const zalo = { oaId: s.oaId, zaloUserId: s.userId };
    const tip = await submitDossier(deps, { procedureCode: 'TO_GIAC', unitId: WARD, channel: 'zalo', applicant: { name: 'Phạm Văn Kín', ...zalo }, formData: TIP_FORM }, undefined);
    // As the code before the fix left it: the id in the row and a status reply naming the tip.
    await s.db
      .updateTable('dossiers')
      .set({ applicant: JSON.stringify({ name: 'Người báo tin (bảo mật)', ...zalo }) })
      .where('id', '=', tip.dossier.id)
      .execute();
    await s.db
      .insertInto('messages')
      .values({
        idempotency_key: `legacy:${tip.dossier.code}`,
        recipient: JSON.stringify({ kind: 'resident', oaId: s.oaId, userId: s.userId }),
        template: 'chat.status',
        text: `Hồ sơ ${tip.dossier.code} – TO_GIAC: Đang xử lý`,
        dossier_id: tip.dossier.id,
      })
      .execute();

    await sealReporterContacts(s.db);

    const row = await s.db.selectFrom('dossiers').select('applicant').where('id', '=', tip.dossier.id).executeTakeFirstOrThrow();
    expect(row.applicant).toEqual({ name: 'Người báo tin (bảo mật)' });
    const legacy = await s.db.selectFrom('messages').select(['text', 'dossier_id']).where('idempotency_key', '=', `legacy:${tip.dossier.code}`).executeTakeFirstOrThrow();
    expect(legacy.text).not.toContain(tip.dossier.code);
    expect(legacy.dossier_id).toBeNull();
    const left = await s.db.selectFrom('dossiers').select('id').where('confidential', '=', true).where(sql<boolean>`applicant ? 'zaloUserId'`).execute();
    expect(left).toEqual([]);
  });
});
