// Retiring a procedure end to end, on the Zalo stack (simulator, API on a real port, worker): an
// admin retires the published version from the console after a confirmation page; from then on
// the API, the form page of a link sent earlier and the chat menu take no new dossiers, while a
// dossier already running on that version goes on; refusals (draft, retired, unknown, non-admin)
// on the API and the console; publishing a new version brings the procedure back; concurrent
// publish and retire never leave two published versions nor lose one.
// Copies of TAM_TRU under their own codes keep the built-in procedures published for other tests.
import { randomInt } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDraft, publish, retire } from '../../api/procedures/service.js';
import type { MessageButton } from '../../domain/contracts/dossier.js';
import { chatTitle } from '../../domain/chat-texts.js';
import { TAM_TRU } from '../../domain/procedures/tam-tru.js';
import { cells, consolePages, row, text } from '../support/console-pages.js';
import { createStaff, dossierRow, submitRequest, tamTruForm, waitFor, waitForState, type TestStaff } from '../support/fixtures.js';
import { useZaloStack } from '../support/zalo-stack.js';

const { s, userDoes } = useZaloStack();
const { request, postAndFollow } = consolePages(() => s.api);

const CODE = `RET_${randomInt(10 ** 8, 10 ** 9)}`;
const NAME = 'Thủ tục thử ngừng áp dụng';
const copy = (code: string) => ({ ...TAM_TRU, code, name: { vi: NAME, en: 'Retirement test procedure' }, shortName: undefined });
const retirePath = (version: number, code = CODE) => `/console/admin/procedures/${code}/versions/${version}/retire`;
let admin: TestStaff;
let clerk: TestStaff;

beforeAll(async () => {
  admin = await createStaff(s.db, 'Quản Trị Thủ Tục', [{ role: 'admin', unitId: 'ca-tphcm' }]);
  clerk = await createStaff(s.db, 'Nguyễn Tiếp Nhận', [{ role: 'receiver', unitId: 'ca-p-dong-hung-thuan' }]);
  await createDraft(s.db, copy(CODE), admin.actor.staffId);
  await publish(s.db, CODE, 1);
});

async function api(path: string, who?: TestStaff, body?: unknown) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (who) headers.authorization = `Bearer ${who.token}`;
  const res = await fetch(`${s.api}${path}`, { method: 'POST', headers, body: body === undefined ? undefined : JSON.stringify(body) });
  // Checked field by field below.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: res.status, body: (await res.json()) as any };
}

const retireApi = (version: number, who: TestStaff = admin) => api(`/api/admin/procedures/${CODE}/versions/${version}/retire`, who);
const submit = () => api('/api/dossiers', undefined, { ...submitRequest(tamTruForm()), procedureCode: CODE });

function expectRefusal(res: { status: number; body: { error?: { code: string; message: string } } }, status: number, code: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body.error).toMatchObject({ code, message: expect.stringMatching(/\S/) });
}

/** The buttons of the procedure menu the resident was sent after `since` (one transaction writes all its parts). */
function menuSince(since: Date): Promise<MessageButton[]> {
  return waitFor(async () => {
    const rows = await s.db
      .selectFrom('messages')
      .select('buttons')
      .where('template', '=', 'chat.menu')
      .where(sql<string>`recipient->>'userId'`, '=', s.userId)
      .where('created_at', '>', since)
      .orderBy('idempotency_key')
      .execute();
    return rows.length > 0 ? rows.flatMap((r) => r.buttons ?? []) : undefined;
  }, 'the procedure menu in the outbox');
}

const versionRow = (html: string, version: number) => row(html, `data-code="${CODE}" data-version="${version}"`)!;
const statusOf = async (code: string, version: number) =>
  (await s.db.selectFrom('procedure_definitions').select(['status', 'retired_at']).where('code', '=', code).where('version', '=', version).executeTakeFirstOrThrow());

describe('retiring the published version of a procedure', () => {
  it('asks for confirmation, then takes no new dossiers (API, form page, chat menu) while a running one goes on', async () => {
    // Before: the chat menu offers the procedure (its link opens the form) and a dossier runs on version 1.
    const beforeMenu = new Date();
    await userDoes({ type: 'text', text: 'menu' });
    const offered = (await menuSince(beforeMenu)).find((b) => b.title === NAME);
    expect(offered, 'the menu offers the procedure while it is published').toBeDefined();
    const formUrl = offered!.payload;
    expect((await fetch(formUrl)).status).toBe(200);
    const running = await submit();
    expect(running.status, JSON.stringify(running.body)).toBe(201);
    await waitForState(s.db, running.body.code, 'intake');

    // The list offers "Ngừng áp dụng" on the published version; its page says what stops and what goes on.
    const list = await request('/console/admin/procedures', admin);
    expect(versionRow(list.html, 1)).toContain(`action="${retirePath(1)}"`);
    expect(text(versionRow(list.html, 1))).toContain(`Ngừng áp dụng ${CODE} phiên bản 1`);
    const confirm = await request(retirePath(1), admin);
    expect(confirm.status, confirm.html).toBe(200);
    expect(text(confirm.html)).toContain('1 hồ sơ đang giải quyết theo phiên bản này vẫn tiếp tục đến khi xong.');
    expect(confirm.html).toContain(`<form method="post" action="${retirePath(1)}">`);
    expect((await statusOf(CODE, 1)).status).toBe('published'); // nothing happens before the confirmation

    const retired = await postAndFollow(retirePath(1), admin, {});
    expect(retired.redirectedTo).toBe('/console/admin/procedures');
    expect(text(retired.html)).toContain(`Đã ngừng áp dụng ${CODE} phiên bản 1; thủ tục không nhận hồ sơ mới`);
    expect(cells(versionRow(retired.html, 1))['Tình trạng']).toBe('Ngừng áp dụng');
    expect(versionRow(retired.html, 1)).not.toContain('/retire');
    const stored = await statusOf(CODE, 1);
    expect(stored.status).toBe('retired');
    expect(stored.retired_at).toBeInstanceOf(Date);

    // The API refuses a new dossier with a clear 409 at the field, the catalogue drops the procedure.
    const refused = await submit();
    expectRefusal(refused, 409, 'PROCEDURE_RETIRED');
    expect(refused.body.error.message).toMatch(new RegExp(`^Thủ tục “${NAME}” đã ngừng áp dụng từ ngày \\d{2}/\\d{2}/\\d{4}, không nhận hồ sơ mới\\.$`));
    expect(refused.body.error.issues).toEqual([{ path: 'procedureCode', message: `Thủ tục ${CODE} đã ngừng áp dụng` }]);
    expect((await fetch(`${s.api}/api/procedures/${CODE}`)).status).toBe(404);
    const catalogue = (await (await fetch(`${s.api}/api/procedures`)).json()) as Array<{ code: string }>;
    expect(catalogue.map((p) => p.code)).toContain('TAM_TRU');
    expect(catalogue.map((p) => p.code)).not.toContain(CODE);

    // The form link the chat sent earlier says so, when opened and when submitted.
    const page = await fetch(formUrl);
    const pageHtml = await page.text();
    expect(page.status).toBe(409);
    expect(pageHtml).toContain('Thủ tục đã ngừng áp dụng');
    expect(pageHtml).toContain(`Thủ tục “${NAME}” đã ngừng áp dụng từ ngày`);
    const form = new FormData();
    form.append('form.fullName', 'Nguyễn Thị Lan');
    expect((await fetch(formUrl, { method: 'POST', body: form })).status).toBe(409);

    // The chat menu no longer offers it (and still offers the others).
    const afterRetire = new Date();
    await userDoes({ type: 'text', text: 'menu' });
    const titles = (await menuSince(afterRetire)).map((b) => b.title);
    expect(titles.some((t) => t === chatTitle(TAM_TRU))).toBe(true);
    expect(titles).not.toContain(NAME);

    // The running dossier goes on with its snapshot: a clerk's Update succeeds on version 1.
    const dossier = await dossierRow(s.db, running.body.code);
    const accepted = await api(`/api/staff/dossiers/${dossier.code}/actions`, s.team.receiver, { action: 'accept', expectedVersion: dossier.state_version });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body).toMatchObject({ state: 'review', procedureCode: CODE, procedureVersion: 1 });
  });

  it('refuses a draft, a retired or an unknown version, and anyone but an admin, on the API and the console', async () => {
    await createDraft(s.db, copy(CODE), admin.actor.staffId); // version 2, a draft
    expectRefusal(await retireApi(2), 409, 'NOT_PUBLISHED');
    expectRefusal(await retireApi(1), 409, 'ALREADY_RETIRED');
    expectRefusal(await retireApi(9), 404, 'NOT_FOUND');
    expectRefusal(await api('/api/admin/procedures/khong-hop-le/versions/1/retire', admin), 422, 'VALIDATION_FAILED');
    expectRefusal(await retireApi(1, clerk), 403, 'FORBIDDEN');
    expectRefusal(await api(`/api/admin/procedures/${CODE}/versions/1/retire`), 401, 'UNAUTHENTICATED');
    // The service checks the role too, whoever calls it.
    await expect(retire(s.db, CODE, 2, clerk.actor)).rejects.toMatchObject({ code: 'FORBIDDEN' });

    // The console shows the refusal above the list, for the confirmation page and for the post.
    const problem = (html: string) => text(/<div class="problem"[\s\S]*?<\/div>/.exec(html)![0]);
    const draft = await request(retirePath(2), admin, { form: {} });
    expect(draft.status).toBe(409);
    expect(problem(draft.html)).toContain('Chưa ngừng áp dụng được');
    expect(problem(draft.html)).toContain(`Phiên bản 2 của thủ tục ${CODE} là bản nháp, chưa công bố`);
    const again = await request(retirePath(1), admin);
    expect(again.status).toBe(409);
    expect(problem(again.html)).toContain(`Phiên bản 1 của thủ tục ${CODE} đã ngừng áp dụng.`);
    expect((await request(retirePath(9), admin)).status).toBe(404);
    expect((await request(retirePath(1), clerk)).status).toBe(403);
    expect((await request(retirePath(1), clerk, { form: {} })).status).toBe(403);
    expect([(await statusOf(CODE, 1)).status, (await statusOf(CODE, 2)).status]).toEqual(['retired', 'draft']);
  });

  it('takes dossiers again once a new version is published', async () => {
    const published = await postAndFollow(`/console/admin/procedures/${CODE}/versions/2/publish`, admin, {});
    expect(published.html).toContain(`Đã công bố ${CODE} phiên bản 2`);
    expect(versionRow(published.html, 2)).toContain(`action="${retirePath(2)}"`);
    const revived = await submit();
    expect(revived.status, JSON.stringify(revived.body)).toBe(201);
    expect((await dossierRow(s.db, revived.body.code)).procedure_version).toBe(2);

    const since = new Date();
    await userDoes({ type: 'text', text: 'menu' });
    expect((await menuSince(since)).map((b) => b.title)).toContain(NAME);
  });

  it('never leaves two published versions nor loses one when publish and retire race', async () => {
    const code = `RETX_${randomInt(10 ** 8, 10 ** 9)}`;
    await createDraft(s.db, copy(code), admin.actor.staffId);
    await publish(s.db, code, 1);
    const published = async () =>
      (await s.db.selectFrom('procedure_definitions').select('version').where('code', '=', code).where('status', '=', 'published').execute()).map((r) => r.version);
    let current = 1;
    for (let round = 0; round < 5; round++) {
      // Publishing the next version while the current one is retired: the new one always wins.
      const next = (await createDraft(s.db, copy(code), admin.actor.staffId)).version;
      const [pub, ret] = await Promise.allSettled([publish(s.db, code, next), retire(s.db, code, current, admin.actor)]);
      expect(pub.status).toBe('fulfilled');
      if (ret.status === 'rejected') expect(ret.reason).toMatchObject({ code: 'ALREADY_RETIRED' });
      expect(await published()).toEqual([next]);
      expect((await statusOf(code, current)).status).toBe('retired');

      // Two admins retiring the same version: one does it, the other is told it is done.
      const both = await Promise.allSettled([retire(s.db, code, next, admin.actor), retire(s.db, code, next, admin.actor)]);
      expect(both.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      expect(both.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'ALREADY_RETIRED' } });
      expect(await published()).toEqual([]);

      current = (await createDraft(s.db, copy(code), admin.actor.staffId)).version;
      await publish(s.db, code, current);
    }
  });

  it('publishes one of two drafts published at once; the other retires right after it', async () => {
    const code = `RETY_${randomInt(10 ** 8, 10 ** 9)}`;
    const published = async () =>
      (await s.db.selectFrom('procedure_definitions').select('version').where('code', '=', code).where('status', '=', 'published').execute()).map((r) => r.version);
    for (let round = 0; round < 5; round++) {
      const a = (await createDraft(s.db, copy(code), admin.actor.staffId)).version;
      const b = (await createDraft(s.db, copy(code), admin.actor.staffId)).version;
      const both = await Promise.allSettled([publish(s.db, code, a), publish(s.db, code, b)]);
      expect(both.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
      // Serialised: whichever went second is the one in force, the first is retired.
      const live = await published();
      expect(live).toHaveLength(1);
      expect([a, b]).toContain(live[0]);
      expect((await statusOf(code, live[0] === a ? b : a)).status).toBe('retired');
    }
  });
});
