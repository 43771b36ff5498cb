// Issue 11, finding 5: each power only where it is granted. An integration account reports events
// for its own unit's dossiers and reads nothing; the catalogue, its templates and the holidays are
// province-level powers; a new version never weakens a code's confidentiality or sealed fields; a
// crime tip outside the caller's units is absent (404), not forbidden.
import { beforeAll, describe, expect, it } from 'vitest';
import { TO_GIAC } from '../../domain/procedures/to-giac.js';
import { useApiStack } from '../support/api-stack.js';
import { createStaff, OTHER_WARD, submitRequest, tamTruForm, WARD, type TestStaff } from '../support/fixtures.js';

const s = useApiStack();
let integration: TestStaff;
let wardAdmin: TestStaff;
let provinceAdmin: TestStaff;
let otherInvestigator: TestStaff;

beforeAll(async () => {
  integration = await createStaff(s.db, 'Hệ thống sản xuất thẻ', [{ role: 'integration', unitId: WARD }]);
  wardAdmin = await createStaff(s.db, 'Quản Trị Phường', [{ role: 'admin', unitId: WARD }]);
  provinceAdmin = await createStaff(s.db, 'Quản Trị Thành Phố', [{ role: 'admin', unitId: 'ca-tphcm' }]);
  otherInvestigator = await createStaff(s.db, 'Điều Tra Viên Phường Khác', [{ role: 'investigator', unitId: OTHER_WARD }]);
});

async function call(method: string, path: string, token?: string, body?: unknown) {
  const res = await fetch(`${s.base}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  const isJson = res.headers.get('content-type')?.startsWith('application/json');
  return { status: res.status, text, body: (isJson ? JSON.parse(text) : {}) as { error?: { code: string; issues: Array<{ path: string }> } } };
}

const submit = async (unitId: string) => {
  const r = await call('POST', '/api/dossiers', undefined, submitRequest(tamTruForm(Date.now()), unitId));
  expect(r.status, r.text).toBe(201);
  return (r.body as unknown as { code: string }).code;
};

describe('scope', () => {
  it('lets an integration account report only for its unit, and read nothing', async () => {
    const mine = await submit(WARD);
    const theirs = await submit(OTHER_WARD);
    expect((await call('GET', `/api/staff/dossiers/${mine}`, integration.token)).status).toBe(404);
    const inbox = await call('GET', '/api/staff/inbox?q=' + mine.slice(0, 8), integration.token);
    expect(inbox.text).not.toContain(mine);
    const elsewhere = await call('POST', '/api/integrations/events', integration.token, { dossierCode: theirs, event: 'cardProduced' });
    expect(elsewhere.status, elsewhere.text).toBe(404);
    // At its own unit it is heard (this dossier awaits no such event: refused by the workflow, not by scope).
    const own = await call('POST', '/api/integrations/events', integration.token, { dossierCode: mine, event: 'cardProduced' });
    expect(own.status, own.text).not.toBe(404);
  });

  it('keeps the catalogue, its templates and the holidays for province admins', async () => {
    const draft = { ...TO_GIAC, name: { vi: 'Tiếp nhận tin báo, tố giác tội phạm (sửa đổi)' } };
    expect((await call('POST', '/api/admin/procedures', wardAdmin.token, draft)).status).toBe(403);
    expect((await call('POST', '/api/admin/procedures/TO_GIAC/versions/1/retire', wardAdmin.token)).status).toBe(403);
    expect((await call('PUT', '/api/admin/holidays/2026-12-24', wardAdmin.token, { kind: 'off', name: 'Nghỉ thử', source: 'kiểm thử' })).status).toBe(403);
    expect((await call('GET', '/console/admin/templates', wardAdmin.token)).status).toBe(403);
    const created = await call('POST', '/api/admin/procedures', provinceAdmin.token, draft);
    expect(created.status, created.text).toBe(201);
  });

  it('never lets a new version weaken a code’s confidentiality or sealed fields', async () => {
    const open = await call('POST', '/api/admin/procedures', provinceAdmin.token, { ...TO_GIAC, confidential: false });
    expect(open.status, open.text).toBe(422);
    expect(open.body.error?.issues.map((i) => i.path)).toContain('confidential');
    const form = TO_GIAC.form!.map((f) => (f.key === 'reporterPhone' ? { ...f, sealed: false } : f));
    const unsealed = await call('POST', '/api/admin/procedures', provinceAdmin.token, { ...TO_GIAC, form });
    expect(unsealed.status, unsealed.text).toBe(422);
    expect(unsealed.body.error?.issues.map((i) => i.path)).toContain(`form[${form.findIndex((f) => f.key === 'reporterPhone')}].sealed`);
    const dropped = await call('POST', '/api/admin/procedures', provinceAdmin.token, { ...TO_GIAC, form: TO_GIAC.form!.filter((f) => f.key !== 'reporterName') });
    expect(dropped.status, dropped.text).toBe(422);
  });

  it('answers 404 for a crime tip outside the caller’s units', async () => {
    const tip = await call('POST', '/api/dossiers', undefined, {
      procedureCode: 'TO_GIAC',
      unitId: WARD,
      channel: 'web',
      applicant: { name: 'Ẩn danh' },
      formData: { category: 'to_giac', place: 'Chợ đêm', content: 'Có người mua bán trái phép' },
    });
    expect(tip.status, tip.text).toBe(201);
    const code = (tip.body as unknown as { code: string }).code;
    expect((await call('GET', `/api/staff/dossiers/${code}`, otherInvestigator.token)).status).toBe(404);
    expect((await call('GET', `/api/staff/dossiers/${code}/reporter`, otherInvestigator.token)).status).toBe(404);
  });
});
