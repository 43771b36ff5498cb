// The remote codec the Temporal Web UI calls (issue 11 #4): staff only, a payload decoded only for
// whoever may see the dossier it names (investigators of the unit for a crime tip), everything else
// returned still encrypted; the UI's origin may call it with the staff session, other sites may not.
import { randomBytes } from 'node:crypto';
import type { Payload } from '@temporalio/common';
import { beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../api/staff/auth.js';
import { workflowIdFor } from '../../workflows/dossier.messages.js';
import { TEST_TEMPORAL_UI_ORIGIN, useApiStack } from '../support/api-stack.js';
import { createStaff, dossierRow, OTHER_WARD, submitRequest, tamTruForm, waitFor, WARD, type TestStaff } from '../support/fixtures.js';

const s = useApiStack();
type JsonPayload = { metadata: Record<string, string>; data: string };
let receiver: TestStaff, stranger: TestStaff, investigator: TestStaff, machine: TestStaff;

beforeAll(async () => {
  receiver = await createStaff(s.db, 'Nguyễn Văn Tiếp', [{ role: 'receiver', unitId: WARD }]);
  stranger = await createStaff(s.db, 'Cán bộ phường khác', [{ role: 'chief', unitId: OTHER_WARD }]);
  investigator = await createStaff(s.db, 'Điều tra viên Hoàng', [{ role: 'investigator', unitId: WARD }]);
  machine = await createStaff(s.db, 'Hệ thống ngoài', [{ role: 'integration', unitId: WARD }]);
});

const asJson = (p: Payload): JsonPayload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v!).toString('base64')])),
  data: Buffer.from(p.data ?? []).toString('base64'),
});
const plainText = (p: JsonPayload) => Buffer.from(p.data, 'base64').toString('utf8');
const encoding = (p: JsonPayload) => Buffer.from(p.metadata.encoding ?? '', 'base64').toString();

async function codec(op: 'encode' | 'decode', payloads: JsonPayload[], headers: Record<string, string>) {
  const res = await fetch(`${s.base}/api/temporal-codec/${op}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-namespace': 'default', ...headers },
    body: JSON.stringify({ payloads }),
  });
  return { status: res.status, res, body: (await res.json()) as { payloads: JsonPayload[]; error?: { code: string } } };
}
const bearer = (who: TestStaff) => ({ authorization: `Bearer ${who.token}` });

/** A dossier's workflow input as the Temporal server keeps it (encrypted). */
async function storedInput(procedureCode: string, formData: Record<string, unknown>, applicant = { name: 'Nguyễn Thị Lan', phone: '0901234567' }) {
  const res = await fetch(`${s.base}/api/dossiers`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...submitRequest(formData), procedureCode, applicant }),
  });
  expect(res.status).toBe(201);
  const { code } = (await res.json()) as { code: string };
  await waitFor(async () => ((await dossierRow(s.db, code)).state === 'intake' ? true : undefined), `${code} at intake`);
  const history = await s.env.client.workflow.getHandle(workflowIdFor(code)).fetchHistory();
  return history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads!.map(asJson);
}

describe('POST /api/temporal-codec', () => {
  it('decodes a dossier’s payloads for its unit’s staff only, never for other wards or machine accounts', async () => {
    const input = await storedInput('TAM_TRU', tamTruForm());
    expect(encoding(input[0]!)).toBe('binary/encrypted');
    expect(plainText(input[0]!)).not.toContain('Nguyễn Thị Lan');

    expect((await codec('decode', input, {})).status).toBe(401);
    const mine = await codec('decode', input, bearer(receiver));
    expect(mine.status).toBe(200);
    expect(encoding(mine.body.payloads[0]!)).toBe('json/plain');
    expect(plainText(mine.body.payloads[0]!)).toContain('Nguyễn Thị Lan');

    const theirs = await codec('decode', input, bearer(stranger));
    expect(theirs.status).toBe(200);
    expect(theirs.body.payloads).toEqual(input);
    expect((await codec('decode', input, bearer(machine))).body.error?.code).toBe('FORBIDDEN');
  });

  it('opens a crime tip to the unit’s investigator only', async () => {
    const tip = { category: 'to_giac', place: 'Chợ Tân Thới Nhất', content: 'Có người buôn bán hàng cấm vào ban đêm' };
    const input = await storedInput('TO_GIAC', tip, { name: 'Người báo tin', phone: '0912345678' });
    expect((await codec('decode', input, bearer(receiver))).body.payloads).toEqual(input);
    const opened = await codec('decode', input, bearer(investigator));
    expect(plainText(opened.body.payloads[0]!)).toContain(tip.content);
  });

  it('keeps encrypted what names no dossier, and what names an unknown one', async () => {
    const payload = (value: unknown) => ({ metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from(JSON.stringify(value)).toString('base64') });
    const sealed = await codec('encode', [payload({ note: 'không tên hồ sơ' }), payload({ code: 'ZZZ-261208-9999' })], bearer(receiver));
    expect(sealed.status).toBe(200);
    expect(sealed.body.payloads.map(encoding)).toEqual(['binary/encrypted', 'binary/encrypted']);
    expect((await codec('decode', sealed.body.payloads, bearer(investigator))).body.payloads).toEqual(sealed.body.payloads);
    // Unencrypted payloads come back as they are; malformed bodies are a 400.
    expect((await codec('decode', [payload({ a: 1 })], bearer(receiver))).body.payloads).toEqual([payload({ a: 1 })]);
    const bad = await fetch(`${s.base}/api/temporal-codec/decode`, { method: 'POST', headers: { ...bearer(receiver), 'content-type': 'application/json' }, body: '{"payloads":[{"data":"%%"}]}' });
    expect(bad.status).toBe(400);
  });

  it('lets the Temporal UI call with the staff session (CORS with credentials), and no other site', async () => {
    const preflight = await fetch(`${s.base}/api/temporal-codec/decode`, {
      method: 'OPTIONS',
      headers: { origin: TEST_TEMPORAL_UI_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-namespace' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBe(TEST_TEMPORAL_UI_ORIGIN);
    expect(preflight.headers.get('access-control-allow-credentials')).toBe('true');

    const token = randomBytes(32).toString('base64url');
    await s.db.insertInto('staff_sessions').values({ token_hash: hashToken(token), staff_id: receiver.actor.staffId, expires_at: new Date(Date.now() + 3_600_000), ip: null, user_agent: null }).execute();
    const cookie = { cookie: `motcua_session=${token}` };
    const input = await storedInput('TAM_TRU', tamTruForm());
    const fromUi = await codec('decode', input, { ...cookie, origin: TEST_TEMPORAL_UI_ORIGIN });
    expect(fromUi.status).toBe(200);
    expect(fromUi.res.headers.get('access-control-allow-origin')).toBe(TEST_TEMPORAL_UI_ORIGIN);
    expect(plainText(fromUi.body.payloads[0]!)).toContain('Nguyễn Thị Lan');
    const evil = await codec('decode', input, { ...cookie, origin: 'https://evil.example' });
    expect(evil.status).toBe(403);
    expect(evil.res.headers.get('access-control-allow-origin')).toBeNull();
  });
});
