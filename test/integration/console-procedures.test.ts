// The procedure tools for admins over real HTTP against real PostgreSQL: the dry-run API (due dates
// on the unit's calendar from the database, errors at their paths, admins only), the editor's dry
// run and diagram as plain forms, and the message-templates page (an edit becomes a new draft,
// a bad placeholder or an empty text is refused at its field, published through the usual flow).
// A copy of TAM_TRU under its own code keeps the drafts of this file away from other tests.
import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDraft, getVersion, publish } from '../../api/procedures/service.js';
import { localDateTime } from '../../domain/calendar.js';
import { TAM_TRU } from '../../domain/procedures/tam-tru.js';
import { useApiStack } from '../support/api-stack.js';
import { consolePages, text } from '../support/console-pages.js';
import { createStaff, WARD, type TestStaff } from '../support/fixtures.js';

const stack = useApiStack();
const CODE = `TPL_${randomInt(10 ** 8, 10 ** 9)}`;
// Monday 1/3/2032 is a day off only in this test's database rows.
const HOLIDAY = '2032-03-01';
const at = (date: string, time: string) => new Date(localDateTime(date, time)).toISOString();
let admin: TestStaff;
let clerk: TestStaff;

beforeAll(async () => {
  admin = await createStaff(stack.db, 'Quản Trị Thủ Tục', [{ role: 'admin', unitId: 'ca-tphcm' }]);
  clerk = await createStaff(stack.db, 'Nguyễn Tiếp Nhận', [{ role: 'receiver', unitId: WARD }]);
  await stack.db.insertInto('holidays').values({ date: HOLIDAY, kind: 'off', name: 'Ngày nghỉ kiểm thử', status: 'confirmed', source: 'kiểm thử' }).execute();
  await createDraft(stack.db, { ...TAM_TRU, code: CODE }, admin.actor.staffId);
  await publish(stack.db, CODE, 1);
});

afterAll(async () => {
  await stack.db?.deleteFrom('holidays').where('date', '=', HOLIDAY).execute();
  await stack.db?.deleteFrom('procedure_definitions').where('code', '=', CODE).execute();
});

async function api(path: string, who: TestStaff | undefined, body: unknown) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (who) headers.authorization = `Bearer ${who.token}`;
  const res = await fetch(`${stack.base}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  // Checked field by field below.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: res.status, body: (await res.json()) as any };
}

const dryRun = (body: Record<string, unknown>, who: TestStaff | undefined = admin) =>
  api('/api/admin/procedures/dry-run', who, { code: CODE, version: 1, unitId: WARD, startAt: at('2032-02-27', '16:00'), ...body });

describe('POST /api/admin/procedures/dry-run', () => {
  it("counts the statutory clock on the unit's calendar from the database", async () => {
    const res = await dryRun({ steps: [{ type: 'act', action: 'accept' }] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const [submitted, accepted] = res.body.trace;
    expect(submitted).toMatchObject({ state: 'intake', stateLabel: 'Tiếp nhận, kiểm tra hồ sơ', at: at('2032-02-27', '16:00') });
    expect(submitted.next.map((n: { step: unknown }) => n.step)).toContainEqual({ type: 'act', action: 'accept' });
    // Friday after 15:00, Monday off → receipt Tuesday 2/3 → Wed, Thu, Fri → Friday 5/3, 17:00.
    expect(accepted).toMatchObject({ state: 'review', receivedAt: at('2032-02-27', '16:00'), dueAt: at('2032-03-05', '17:00'), taskDueAt: at('2032-03-03', '17:00') });
    expect(accepted.messages[0].text).toContain('Hạn trả kết quả: 05/03/2032');
    expect(accepted.timers.map((t: { kind: string }) => t.kind)).toEqual(['taskReminder', 'escalation', 'apology']);
  });

  it('answers a definition that does not validate with its issues under "definition"', async () => {
    const res = await api('/api/admin/procedures/dry-run', admin, {
      definition: { ...TAM_TRU, initial: 'nowhere' },
      unitId: WARD,
      startAt: at('2032-02-27', '16:00'),
    });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('INVALID_DEFINITION');
    expect(res.body.error.issues.map((i: { path: string }) => i.path)).toContain('definition.initial');
  });

  it('refuses bad requests and impossible steps with the path of the problem', async () => {
    const badType = await dryRun({ steps: [{ type: 'fly' }] });
    expect(badType.status).toBe(422);
    expect(badType.body.error.issues[0].path).toMatch(/^steps\.0/);

    const noSource = await api('/api/admin/procedures/dry-run', admin, { unitId: WARD, startAt: at('2032-02-27', '16:00') });
    expect(noSource.status).toBe(422);
    expect(noSource.body.error.issues[0].path).toBe('definition');

    const impossible = await dryRun({ steps: [{ type: 'act', action: 'accept' }, { type: 'act', action: 'accept' }] });
    expect(impossible.status).toBe(422);
    expect(impossible.body.error).toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ path: 'steps.1.action' }] });

    const unit = await dryRun({ unitId: 'khong-co' });
    expect(unit.status).toBe(422);
    expect(unit.body.error.issues).toEqual([expect.objectContaining({ path: 'unitId' })]);

    const version = await dryRun({ version: 99 });
    expect(version.status).toBe(404);
  });

  it('is for admins only', async () => {
    expect((await dryRun({}, clerk)).status).toBe(403);
    expect((await api('/api/admin/procedures/dry-run', undefined, { code: CODE, version: 1, unitId: WARD, startAt: at('2032-02-27', '16:00') })).status).toBe(401);
  });
});

const { request, postAndFollow } = consolePages(() => stack.base);

describe('procedure editor: diagram and dry run without JavaScript', () => {
  it('shows the Mermaid text of a stored version and steps the dry run by plain form posts', async () => {
    const page = await request(`/console/admin/procedures?from=${CODE}&version=1`, admin);
    expect(page.status).toBe(200);
    const source = /<pre id="diagram-source"[^>]*>([\s\S]*?)<\/pre>/.exec(page.html)![1]!;
    expect(source).toContain('stateDiagram-v2');
    expect(source).toContain('state &quot;Thẩm định hồ sơ&quot; as review');
    expect(page.html).toMatch(/<script src="\/console\/assets\/mermaid\.js\?v=[0-9a-f]{12}" defer="">/);

    const definition = JSON.stringify({ ...TAM_TRU, code: CODE });
    const started = await request('/console/admin/procedures', admin, { form: { definition, intent: 'dryrun', dryStart: '2032-02-27T16:00', dryUnit: WARD } });
    expect(started.status).toBe(200);
    const steps = /name="drySteps" form="editor-form" value="([^"]*)"/.exec(started.html)![1]!;
    expect(steps).toBe('[]');
    const accept = /<button type="submit" name="dryNext" value="([^"]*)"[^>]*>Tiếp nhận hồ sơ \(CT04\)/.exec(started.html)![1]!;

    const next = await request('/console/admin/procedures', admin, {
      form: { definition, dryStart: '2032-02-27T16:00', dryUnit: WARD, drySteps: '[]', dryNext: accept.replaceAll('&quot;', '"'), dryAt: '' },
    });
    expect(next.status, next.html).toBe(200);
    const row = /<tr data-step="1" data-state="review">([\s\S]*?)<\/tr>/.exec(next.html)![1]!;
    expect(text(row)).toContain('05/03/2032 17:00');
    expect(next.html).toContain('name="drySteps" form="editor-form" value="[{&quot;type&quot;:&quot;act&quot;,&quot;action&quot;:&quot;accept&quot;}]"');

    const badStart = await request('/console/admin/procedures', admin, { form: { definition, intent: 'dryrun', dryStart: 'hôm qua', dryUnit: WARD } });
    expect(badStart.status).toBe(422);
    expect(text(/<p id="dry-start-error"[^>]*>[\s\S]*?<\/p>/.exec(badStart.html)![0])).toBe('Hãy chọn ngày giờ nộp hồ sơ');
  });
});

describe('message templates page', () => {
  it('lists the templates of the published version with uses, placeholders and a preview', async () => {
    const page = await request(`/console/admin/templates?code=${CODE}`, admin);
    expect(page.status).toBe(200);
    const received = /<section[^>]*data-template="received"[^>]*>[\s\S]*?<\/section>/.exec(page.html)![0];
    expect(text(received)).toContain('Bước “Thẩm định hồ sơ”: báo người nộp khi hồ sơ vào bước');
    expect(text(received)).toContain('{unitName} {procedure} {applicantName} {code} {dueDate} {fee}');
    const preview = text(/<pre class="message-text" data-preview[^>]*>([\s\S]*?)<\/pre>/.exec(received)![1]!);
    expect(preview).toContain('Công an phường (đơn vị mẫu) đã tiếp nhận hồ sơ Đăng ký tạm trú, gia hạn tạm trú của Nguyễn Văn A');
    expect(preview).toContain('Lệ phí: 15.000 đồng (nộp trực tuyến: theo quy định hiện hành — cán bộ sẽ báo)');
    expect(preview).not.toMatch(/\{\w+\}/);
  });

  it('saves an edited text as a new draft, published through the procedure flow', async () => {
    const newText = 'Hồ sơ {code} đã được tiếp nhận; hạn trả kết quả {dueDate}.';
    const saved = await postAndFollow(`/console/admin/templates/${CODE}`, admin, { base: '1', 'vi.received': newText, 'en.received': 'Dossier {code} received.' });
    expect(saved.redirectedTo).toBe(`/console/admin/templates?code=${CODE}&version=2`);
    expect(saved.html).toContain(`Đã lưu các mẫu tin thành bản nháp ${CODE} phiên bản 2`);
    const draft = (await getVersion(stack.db, CODE, 2))!;
    expect(draft.messages.received).toEqual({ vi: newText, en: 'Dossier {code} received.' });
    expect(draft.messages.submitted).toEqual(TAM_TRU.messages.submitted);
    const published = await postAndFollow(`/console/admin/procedures/${CODE}/versions/2/publish`, admin, {});
    expect(published.html).toContain(`Đã công bố ${CODE} phiên bản 2`);
    const row = await stack.db.selectFrom('procedure_definitions').select('status').where('code', '=', CODE).where('version', '=', 2).executeTakeFirstOrThrow();
    expect(row.status).toBe('published');
  });

  it('refuses an unknown placeholder and an empty text at their fields, and an unchanged form', async () => {
    const bad = await request(`/console/admin/templates/${CODE}`, admin, { form: { base: '1', 'vi.received': 'Hồ sơ {maHoSo} đã nhận.' } });
    expect(bad.status).toBe(422);
    expect(text(/<p id="tpl-received-vi-error"[^>]*>[\s\S]*?<\/p>/.exec(bad.html)![0])).toContain('dùng biến {maHoSo} không tồn tại');
    expect(text(/<div class="problem"[\s\S]*?<\/div>/.exec(bad.html)![0])).toContain('messages.received.vi :');
    // What the admin typed stays in the field.
    expect(bad.html).toContain('Hồ sơ {maHoSo} đã nhận.</textarea>');

    const empty = await request(`/console/admin/templates/${CODE}`, admin, { form: { base: '1', 'vi.rejected': '  ' } });
    expect(empty.status).toBe(422);
    expect(/<p id="tpl-rejected-vi-error" class="error">[^<]+<\/p>/.test(empty.html)).toBe(true);
    expect(text(/<div class="problem"[\s\S]*?<\/div>/.exec(empty.html)![0])).toContain('messages.rejected.vi :');

    const unchanged = await request(`/console/admin/templates/${CODE}`, admin, { form: { base: '1' } });
    expect(unchanged.status).toBe(422);
    expect(unchanged.html).toContain('Chưa có mẫu tin nào được sửa.');
    const versions = await stack.db.selectFrom('procedure_definitions').select('version').where('code', '=', CODE).execute();
    expect(versions.map((v) => v.version).sort()).toEqual([1, 2]);
  });

  it('is for admins only', async () => {
    expect((await request(`/console/admin/templates?code=${CODE}`, clerk)).status).toBe(403);
    expect((await request(`/console/admin/templates/${CODE}`, clerk, { form: { base: '1', 'vi.received': 'x' } })).status).toBe(403);
    const anonymous = await fetch(`${stack.base}/console/admin/templates`, { redirect: 'manual' });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/console/login?next=%2Fconsole%2Fadmin%2Ftemplates');
  });
});
