// Unit administration over real HTTP, with a real worker and PostgreSQL: admins create districts and
// wards, rename them and dissolve a ward into another; a submission addressed to the dissolved ward
// lands at its successor, the ward's open dossier stays where it is and is worked by the successor's
// staff, and its OA is served by them. Refusals (scope, level, code, cycle, dissolved successor,
// children in force) come back at their paths, in the JSON API and on the console page.
// Every unit here has this file's own codes; the seeded District 12 units are never changed.
import { randomBytes, randomInt } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { localDate } from '../../domain/calendar.js';
import { dayBefore } from '../../domain/units.js';
import { registerOa } from '../../db/zalo-oas.js';
import { useApiStack } from '../support/api-stack.js';
import { consolePages, text } from '../support/console-pages.js';
import { createStaff, submitRequest, tamTruForm, TEST_BOX, waitForState, wardTeam, WARD, type TestStaff } from '../support/fixtures.js';

const stack = useApiStack();
const { request, postAndFollow } = consolePages(() => stack.base);

const SFX = randomBytes(3).toString('hex').toUpperCase();
const code = (name: string) => `U${name}${SFX}`;
const today = () => localDate(Date.now());

interface Res {
  status: number;
  // Response JSON is checked field by field below.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  text: string;
}

async function call(method: string, path: string, who: TestStaff | undefined, json?: unknown): Promise<Res> {
  const headers: Record<string, string> = {};
  if (who) headers.authorization = `Bearer ${who.token}`;
  if (json !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${stack.base}${path}`, { method, headers, body: json === undefined ? undefined : JSON.stringify(json) });
  const body = await res.text();
  return { status: res.status, text: body, body: res.headers.get('content-type')?.startsWith('application/json') ? JSON.parse(body) : undefined };
}

/** The API's one error shape; returns `path:code` of each issue. */
function refused(res: Res, status: number, errorCode: string): string[] {
  expect(res.status, res.text).toBe(status);
  expect(res.body).toEqual({ error: { code: errorCode, message: expect.any(String), issues: expect.any(Array) } });
  return (res.body.error.issues as Array<{ path: string; code?: string }>).map((i) => (i.code ? `${i.path}:${i.code}` : i.path));
}

let cityAdmin: TestStaff;
let clerk: TestStaff;
const units: Record<string, { id: string; code: string; name: string }> = {};

async function created(who: TestStaff, key: string, body: Record<string, unknown>) {
  const res = await call('POST', '/api/admin/units', who, { code: code(key), validFrom: '2024-01-01', ...body });
  expect(res.status, res.text).toBe(201);
  units[key] = res.body;
  return res.body;
}

beforeAll(async () => {
  cityAdmin = await createStaff(stack.db, 'Quản Trị Thành Phố', [{ role: 'admin', unitId: 'ca-tphcm' }]);
  clerk = await createStaff(stack.db, 'Cán Bộ Tiếp Nhận', [{ role: 'receiver', unitId: WARD }]);
});

describe('units administration, one scenario in order', { shuffle: false }, () => {
  describe('units API', () => {
    let adminA: TestStaff;
    let adminB: TestStaff;

    it('creates districts and wards under the admin’s units, with default appointment slots and who created them', async () => {
      const da = await created(cityAdmin, 'DA', { name: `Công an quận Kiểm Thử A ${SFX}`, level: 'district', parentId: 'ca-tphcm' });
      expect(da).toEqual({
        id: expect.any(String),
        code: code('DA'),
        name: `Công an quận Kiểm Thử A ${SFX}`,
        level: 'district',
        parentId: 'ca-tphcm',
        validFrom: '2024-01-01',
        validTo: null,
        successorId: null,
        note: null,
        createdAt: expect.any(String),
        createdBy: cityAdmin.actor.staffId,
        changedAt: null,
        changedBy: null,
      });
      await created(cityAdmin, 'DB', { name: `Công an quận Kiểm Thử B ${SFX}`, level: 'district', parentId: 'ca-tphcm' });
      adminA = await createStaff(stack.db, 'Quản Trị Quận A', [{ role: 'admin', unitId: units.DA!.id }]);
      adminB = await createStaff(stack.db, 'Quản Trị Quận B', [{ role: 'admin', unitId: units.DB!.id }]);
      // A district admin creates wards under their district; the code is taken in upper case.
      const a1 = await created(adminA, 'A1', { code: code('A1').toLowerCase(), name: `Công an phường Kiểm Thử A1 ${SFX}`, level: 'ward', parentId: units.DA!.id, note: 'Phường thử' });
      expect(a1).toMatchObject({ code: code('A1'), note: 'Phường thử', createdBy: adminA.actor.staffId });
      await created(adminA, 'A2', { name: `Công an phường Kiểm Thử A2 ${SFX}`, level: 'ward', parentId: units.DA!.id });
      await created(adminB, 'B1', { name: `Công an phường Kiểm Thử B1 ${SFX}`, level: 'ward', parentId: units.DB!.id });

      const slots = await stack.db.selectFrom('appointment_capacity').select(['kind', 'capacity']).where('unit_id', '=', a1.id).orderBy('kind').execute();
      expect(slots.map((s) => s.kind)).toEqual(['biometrics', 'seal_handover', 'site_inspection']);
      const listed = await call('GET', '/api/admin/units', adminB);
      expect(listed.status).toBe(200);
      expect((listed.body as Array<{ id: string }>).map((u) => u.id)).toEqual(expect.arrayContaining([units.A1!.id, units.B1!.id, 'ca-q12-thanh-loc']));
    });

    it('renames a unit and changes its note, recording who and when', async () => {
      const before = Date.now();
      const res = await call('PATCH', `/api/admin/units/${units.A2!.id}`, adminA, { name: `  Công an phường Kiểm Thử A2 mới ${SFX} `, note: 'Ghi chú mới' });
      expect(res.status, res.text).toBe(200);
      expect(res.body).toMatchObject({ name: `Công an phường Kiểm Thử A2 mới ${SFX}`, note: 'Ghi chú mới', changedBy: adminA.actor.staffId });
      expect(Date.parse(res.body.changedAt)).toBeGreaterThanOrEqual(before - 1000);
      units.A2!.name = res.body.name;
      const cleared = await call('PATCH', `/api/admin/units/${units.A2!.id}`, adminA, { note: null });
      expect(cleared.body).toMatchObject({ name: units.A2!.name, note: null });
      expect(refused(await call('PATCH', `/api/admin/units/${units.A2!.id}`, adminA, { name: ' ' }), 422, 'VALIDATION_FAILED')).toEqual(['name:too_small']);
      expect(refused(await call('PATCH', `/api/admin/units/${units.A2!.id}`, adminA, {}), 422, 'VALIDATION_FAILED')).toEqual(['name:custom']);
      refused(await call('PATCH', `/api/admin/units/${units.A2!.id}`, adminB, { name: 'Của quận khác' }), 403, 'FORBIDDEN');
      refused(await call('PATCH', '/api/admin/units/khong-co', adminA, { name: 'Không có' }), 404, 'NOT_FOUND');
    });

    it('refuses a taken code, a level the parent cannot hold and a parent outside the admin’s units, at their paths', async () => {
      const ward = { name: 'Công an phường Thử', level: 'ward', parentId: units.DA!.id, validFrom: '2024-06-01' };
      expect(refused(await call('POST', '/api/admin/units', adminA, { ...ward, code: code('A1') }), 409, 'UNIT_CODE_TAKEN')).toEqual(['code:taken']);
      expect(refused(await call('POST', '/api/admin/units', adminA, { ...ward, code: code('X1'), parentId: units.A1!.id }), 422, 'VALIDATION_FAILED')).toEqual(['level:level_mismatch']);
      expect(refused(await call('POST', '/api/admin/units', adminA, { ...ward, code: code('X1'), level: 'district' }), 422, 'VALIDATION_FAILED')).toEqual(['level:level_mismatch']);
      expect(refused(await call('POST', '/api/admin/units', adminA, { ...ward, code: 'Q-12' }), 422, 'VALIDATION_FAILED')).toEqual(['code:invalid_format']);
      // Under District 12, which ended on 28/02/2025: not in force on the new unit's first day.
      expect(refused(await call('POST', '/api/admin/units', cityAdmin, { ...ward, code: code('X1'), parentId: 'ca-q12', validFrom: today() }), 422, 'VALIDATION_FAILED')).toEqual([
        'parentId:parent_not_in_force',
      ]);
      // Another district's ward, and a unit beside (not under) their own.
      expect(refused(await call('POST', '/api/admin/units', adminA, { ...ward, code: code('X1'), parentId: units.DB!.id }), 403, 'FORBIDDEN')).toEqual(['parentId']);
      expect(refused(await call('POST', '/api/admin/units', adminA, { ...ward, code: code('X1'), level: 'district', parentId: 'ca-tphcm' }), 403, 'FORBIDDEN')).toEqual(['parentId']);
      expect(refused(await call('POST', '/api/admin/units', adminA, { ...ward, code: code('X1'), validFrom: '01/06/2024' }), 422, 'VALIDATION_FAILED')).toEqual(['validFrom:invalid_format']);
      expect(await stack.db.selectFrom('units').select('id').where('code', '=', code('X1')).executeTakeFirst()).toBeUndefined();
    });

    it('refuses dissolutions: another district’s unit or successor, units left in force below, a successor cycle, a bad date', async () => {
      const dissolve = (who: TestStaff, key: string, body: Record<string, unknown>) => call('POST', `/api/admin/units/${units[key]!.id}/dissolve`, who, body);
      expect(refused(await dissolve(adminB, 'A2', { effectiveDate: today(), successorId: units.B1!.id }), 403, 'FORBIDDEN')).toEqual([]);
      expect(refused(await dissolve(adminA, 'A1', { effectiveDate: today(), successorId: units.B1!.id }), 403, 'FORBIDDEN')).toEqual(['successorId']);
      expect(refused(await dissolve(cityAdmin, 'DA', { effectiveDate: today(), successorId: 'ca-tphcm' }), 409, 'INVALID_STATE')).toEqual(['effectiveDate:children_in_force']);
      expect(refused(await dissolve(adminA, 'A1', { effectiveDate: today(), successorId: units.A1!.id }), 422, 'VALIDATION_FAILED')).toEqual(['successorId:self']);
      expect(refused(await dissolve(adminA, 'A1', { effectiveDate: today(), successorId: units.DA!.id }), 422, 'VALIDATION_FAILED')).toEqual(['successorId:level_mismatch']);
      expect(refused(await dissolve(adminA, 'A1', { effectiveDate: '2024-01-01', successorId: units.A2!.id }), 422, 'VALIDATION_FAILED')).toEqual(['effectiveDate:too_early']);
      expect(refused(await dissolve(adminA, 'A1', { effectiveDate: 'ngày mai', successorId: units.A2!.id }), 422, 'VALIDATION_FAILED')).toEqual(['effectiveDate:invalid_format']);
      refused(await call('POST', '/api/admin/units/khong-co/dissolve', adminA, { effectiveDate: today(), successorId: units.A2!.id }), 404, 'NOT_FOUND');

      // C1 passes to C2 from 2099; C2 cannot then pass to C1 from 2098.
      await created(adminA, 'C1', { name: `Công an phường Kiểm Thử C1 ${SFX}`, level: 'ward', parentId: units.DA!.id });
      await created(adminA, 'C2', { name: `Công an phường Kiểm Thử C2 ${SFX}`, level: 'ward', parentId: units.DA!.id });
      const scheduled = await dissolve(adminA, 'C1', { effectiveDate: '2099-01-01', successorId: units.C2!.id });
      expect(scheduled.status, scheduled.text).toBe(200);
      expect(scheduled.body).toMatchObject({ validTo: '2098-12-31', successorId: units.C2!.id, changedBy: adminA.actor.staffId });
      expect(refused(await dissolve(adminA, 'C2', { effectiveDate: '2098-01-01', successorId: units.C1!.id }), 422, 'VALIDATION_FAILED')).toEqual(['successorId:cycle']);
      // Once a unit has an end date it is not dissolved again.
      expect(refused(await dissolve(adminA, 'C1', { effectiveDate: '2098-01-01', successorId: units.C2!.id }), 409, 'INVALID_STATE')).toEqual(['effectiveDate:already_dissolved']);
    });

    it('is for admins only', async () => {
      refused(await call('GET', '/api/admin/units', clerk), 403, 'FORBIDDEN');
      refused(await call('POST', '/api/admin/units', clerk, { code: code('X2'), name: 'Không được', level: 'ward', parentId: 'ca-tphcm', validFrom: '2026-01-01' }), 403, 'FORBIDDEN');
      refused(await call('POST', `/api/admin/units/${units.A1!.id}/dissolve`, clerk, { effectiveDate: today(), successorId: units.A2!.id }), 403, 'FORBIDDEN');
      refused(await call('GET', '/api/admin/units', undefined), 401, 'UNAUTHENTICATED');
      expect(await stack.db.selectFrom('units').select('id').where('code', '=', code('X2')).executeTakeFirst()).toBeUndefined();
    });

    describe('a ward dissolved into another', () => {
      let teamA1: Awaited<ReturnType<typeof wardTeam>>;
      let teamA2: Awaited<ReturnType<typeof wardTeam>>;
      let clerkB1: TestStaff;
      let openCode: string;
      const OA_ID = `98${randomInt(10 ** 9, 10 ** 10)}`;
      const USER_ID = `u${randomInt(10 ** 9, 10 ** 10)}`;
      const thread = () => `/console/conversations/${OA_ID}/${USER_ID}`;
      const staffView = (code: string, who: TestStaff) => call('GET', `/api/staff/dossiers/${code}`, who);

      beforeAll(async () => {
        teamA1 = await wardTeam(stack.db, units.A1!.id);
        teamA2 = await wardTeam(stack.db, units.A2!.id);
        clerkB1 = await createStaff(stack.db, 'Cán Bộ Phường B1', [{ role: 'receiver', unitId: units.B1!.id }]);
        await registerOa(stack.db, TEST_BOX, { oaId: OA_ID, name: `OA Kiểm Thử A1 ${SFX}`, unitId: units.A1!.id, appId: '1234567890', appSecret: 'app-secret', oaSecretKey: 'oa-secret' });
        await stack.db.insertInto('residents').values({ oa_id: OA_ID, zalo_user_id: USER_ID, display_name: 'Người Dân Thử' }).execute();
      });

      it('before: a submission to A1 stays at A1, whose dossiers and OA the A2 staff do not see', async () => {
        const res = await call('POST', '/api/dossiers', undefined, submitRequest(tamTruForm(), units.A1!.id));
        expect(res.status, res.text).toBe(201);
        openCode = res.body.code;
        expect(openCode.startsWith(`${code('A1')}-`)).toBe(true);
        expect((await waitForState(stack.db, openCode, 'intake')).unit_id).toBe(units.A1!.id);
        expect((await staffView(openCode, teamA2.receiver)).status).toBe(404);
        expect((await request(thread(), teamA2.receiver)).status).toBe(404);
        expect((await request(thread(), teamA1.receiver)).status).toBe(200);
      });

      it('dissolves A1 into A2 from today', async () => {
        const res = await call('POST', `/api/admin/units/${units.A1!.id}/dissolve`, adminA, { effectiveDate: today(), successorId: units.A2!.id });
        expect(res.status, res.text).toBe(200);
        expect(res.body).toMatchObject({ id: units.A1!.id, validTo: dayBefore(today()), successorId: units.A2!.id, changedBy: adminA.actor.staffId });
        // A dissolved unit is no successor: C2 cannot pass to A1.
        const e = refused(await call('POST', `/api/admin/units/${units.C2!.id}/dissolve`, adminA, { effectiveDate: today(), successorId: units.A1!.id }), 422, 'VALIDATION_FAILED');
        expect(e).toEqual(['successorId:not_in_force']);
      });

      it('routes a new submission addressed to A1 to A2', async () => {
        const res = await call('POST', '/api/dossiers', undefined, submitRequest(tamTruForm(), units.A1!.id));
        expect(res.status, res.text).toBe(201);
        expect(res.body.code.startsWith(`${code('A2')}-`)).toBe(true);
        const row = await waitForState(stack.db, res.body.code, 'intake');
        expect(row.unit_id).toBe(units.A2!.id);
        expect((await call('GET', '/api/staff/inbox?view=unassigned', teamA2.receiver)).body.map((i: { code: string }) => i.code)).toContain(res.body.code);
      });

      it('leaves the open dossier at A1, worked by the A2 staff (and still by A1’s), hidden from B1', async () => {
        expect((await stack.db.selectFrom('dossiers').select('unit_id').where('code', '=', openCode).executeTakeFirstOrThrow()).unit_id).toBe(units.A1!.id);
        expect((await staffView(openCode, teamA1.receiver)).status).toBe(200);
        expect((await staffView(openCode, clerkB1)).status).toBe(404);
        const seen = await staffView(openCode, teamA2.receiver);
        expect(seen.status, seen.text).toBe(200);
        expect(seen.body).toMatchObject({ code: openCode, unitId: units.A1!.id, state: 'intake' });
        const inbox = await call('GET', '/api/staff/inbox?view=unassigned', teamA2.receiver);
        expect(inbox.body.find((i: { code: string }) => i.code === openCode)).toMatchObject({ unitId: units.A1!.id, role: 'receiver' });

        // The successor's clerks act on it: the workflow's own role and unit check accepts them.
        const claimed = await call('POST', `/api/staff/dossiers/${openCode}/claim`, teamA2.receiver);
        expect(claimed.status, claimed.text).toBe(200);
        const accepted = await call('POST', `/api/staff/dossiers/${openCode}/actions`, teamA2.receiver, { action: 'accept', expectedVersion: claimed.body.stateVersion });
        expect(accepted.status, accepted.text).toBe(200);
        expect(accepted.body).toMatchObject({ state: 'review', task: { role: 'officer' } });
        expect((await call('GET', '/api/staff/inbox?view=unassigned', teamA2.officer)).body.map((i: { code: string }) => i.code)).toContain(openCode);
        expect((await call('POST', `/api/staff/dossiers/${openCode}/claim`, clerkB1)).status).toBe(404);

        // The account still lists only the grants it holds.
        expect((await call('GET', '/auth/me', teamA2.receiver)).body.staff.grants).toEqual([{ role: 'receiver', unitId: units.A2!.id }]);
      });

      it('has A1’s OA served by the A2 clerks', async () => {
        const page = await request(thread(), teamA2.receiver);
        expect(page.status).toBe(200);
        expect(page.html).toContain(`OA Kiểm Thử A1 ${SFX}`);
        expect((await request(thread(), clerkB1)).status).toBe(404);
      });
    });
  });

  describe('units console page', () => {
    let adminA: TestStaff;
    const page = () => `/console/admin/units`;
    const item = (html: string, id: string) => /<li id="unit-[^"]+"[\s\S]*?<\/li>/g.exec(html.slice(html.indexOf(`<li id="unit-${id}"`)))![0];
    const successorChoices = (html: string, id: string) => [...(new RegExp(`<select id="ud-${id}-successorId"[\\s\\S]*?</select>`).exec(html)?.[0] ?? '').matchAll(/<option value="([^"]+)"/g)].map((m) => m[1]);

    beforeAll(async () => {
      adminA = await createStaff(stack.db, 'Quản Trị Quận A (trang)', [{ role: 'admin', unitId: units.DA!.id }]);
    });

    it('offers edit and dissolve forms on the admin’s units only, with eligible successors only', async () => {
      const res = await request(page(), adminA);
      expect(res.status).toBe(200);
      expect(res.html).toContain('<h2 id="unit-form-title">Tạo đơn vị</h2>');
      expect(res.html).toMatch(new RegExp(`<select id="uc-parentId" name="parentId"[^>]*><option value="${units.DA!.id}"`));
      // A2 may pass to C2 (and to C1, in force until 2098) — not to itself, the dissolved A1 or B1 of another district.
      expect(successorChoices(res.html, units.A2!.id).sort()).toEqual([units.C1!.id, units.C2!.id].sort());
      // Dissolved or scheduled units, other districts' units and the seeded tree: no dissolve form.
      expect(successorChoices(res.html, units.A1!.id)).toEqual([]);
      expect(item(res.html, units.A1!.id)).toContain('class="manage"');
      expect(item(res.html, units.B1!.id)).not.toContain('class="manage"');
      expect(item(res.html, 'ca-p-an-phu-dong')).not.toContain('class="manage"');
      expect(text(item(res.html, units.A1!.id))).toContain(`Đơn vị kế thừa: ${units.A2!.name}`);
    });

    it('creates a ward and renames it (Post/Redirect/Get with a flash)', async () => {
      const made = await postAndFollow(page(), adminA, { code: code('E1'), name: `Công an phường Trang ${SFX}`, level: 'ward', parentId: units.DA!.id, validFrom: today(), note: '' });
      expect(made.redirectedTo).toBe(page());
      expect(made.html).toContain(`role="status">Đã tạo Công an phường Trang ${SFX} (${code('E1')}).`);
      const id = (await stack.db.selectFrom('units').select('id').where('code', '=', code('E1')).executeTakeFirstOrThrow()).id;
      const renamed = await postAndFollow(`${page()}/${id}`, adminA, { name: `Công an phường Trang mới ${SFX}`, note: 'Đổi tên' });
      expect(renamed.html).toContain(`Đã lưu Công an phường Trang mới ${SFX}.`);
      expect(text(item(renamed.html, id))).toContain('Sửa lần cuối:');
      expect(text(item(renamed.html, id))).toContain('Quản Trị Quận A (trang)');
    });

    it('shows refusals at their fields, with what was typed', async () => {
      const taken = await request(page(), adminA, { form: { code: code('A2'), name: 'Trùng mã', level: 'ward', parentId: units.DA!.id, validFrom: today() } });
      expect(taken.status).toBe(409);
      expect(taken.html).toContain('<p id="uc-code-error" class="error">Mã đơn vị đã được dùng</p>');
      expect(taken.html).toContain('value="Trùng mã"');

      const level = await request(page(), adminA, { form: { code: code('X3'), name: 'Sai cấp', level: 'district', parentId: units.DA!.id, validFrom: today() } });
      expect(level.status).toBe(422);
      expect(level.html).toMatch(/<p id="uc-level-error" class="error">Công an cấp huyện phải trực thuộc công an cấp tỉnh/);

      const self = await request(`${page()}/${units.A2!.id}/dissolve`, adminA, { form: { effectiveDate: today(), successorId: units.A2!.id } });
      expect(self.status).toBe(422);
      expect(self.html).toContain(`<p id="ud-${units.A2!.id}-successorId-error" class="error">Đơn vị không thể kế thừa chính nó.</p>`);
      expect(item(self.html, units.A2!.id)).toContain('<details class="manage" open="">');

      const foreign = await request(`${page()}/${units.A2!.id}/dissolve`, adminA, { form: { effectiveDate: today(), successorId: units.B1!.id } });
      expect(foreign.status).toBe(403);
      expect(foreign.html).toContain(`<p id="ud-${units.A2!.id}-successorId-error" class="error">Đơn vị ngoài phạm vi bạn quản trị</p>`);
      expect((await stack.db.selectFrom('units').select('valid_to').where('id', '=', units.A2!.id).executeTakeFirstOrThrow()).valid_to).toBeNull();
    });

    it('is in English too', async () => {
      const res = await request(`${page()}?lang=en`, adminA);
      expect(res.html).toContain('<h2 id="unit-form-title">Create a unit</h2>');
      expect(res.html).toContain('Dissolve into a successor');
    });

    it('is for admins only', async () => {
      expect((await request(page(), clerk)).status).toBe(403);
      const post = await request(page(), clerk, { form: { code: code('X4'), name: 'Không được', level: 'ward', parentId: 'ca-tphcm', validFrom: today() } });
      expect(post.status).toBe(403);
      expect(await stack.db.selectFrom('units').select('id').where('code', '=', code('X4')).executeTakeFirst()).toBeUndefined();
    });
  });
});
