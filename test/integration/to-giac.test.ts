// Crime tips over the HTTP API: the reporter's identity is sealed (not in the dossier, not in the
// workflow history), only the unit's investigator can unseal it, every attempt is logged, other
// roles cannot even open the tip, and the reporter hears only that the tip arrived and was transferred;
// the ward police transfer within 7 days and never decide the case; a withdrawal does not end it.
import { beforeAll, describe, expect, it } from 'vitest';
import { localDate } from '../../domain/calendar.js';
import { formatDateTimeVi } from '../../domain/wording/dates.js';
import { workflowIdFor } from '../../workflows/dossier.messages.js';
import { useApiStack } from '../support/api-stack.js';
import { createStaff, dossierRow, messagesOf, waitFor, wardTeam, WARD, type TestStaff } from '../support/fixtures.js';

const s = useApiStack();
let team: Awaited<ReturnType<typeof wardTeam>>;
let investigator: TestStaff;

beforeAll(async () => {
  team = await wardTeam(s.db);
  investigator = await createStaff(s.db, 'Điều tra viên Hoàng', [{ role: 'investigator', unitId: WARD }]);
});

async function call(method: string, path: string, token?: string, body?: unknown, dossierToken?: string) {
  const res = await fetch(`${s.base}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(dossierToken ? { 'x-dossier-token': dossierToken } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { error?: { code: string } } };
}

const REPORTER = { reporterName: 'Lê Thị Kín Đáo', reporterPhone: '0912345678', reporterAddress: '99 Đường Bí Mật' };

describe('crime tips (TO_GIAC)', () => {
  it('seals the reporter, lets only the investigator unseal, logs every attempt, and tells the reporter little', async () => {
    const submitted = await call('POST', '/api/dossiers', undefined, {
      procedureCode: 'TO_GIAC',
      unitId: WARD,
      channel: 'web',
      applicant: { name: REPORTER.reporterName, phone: REPORTER.reporterPhone },
      formData: { category: 'to_giac', place: 'Chợ Tân Thới Nhất', content: 'Có người buôn bán hàng cấm vào ban đêm', ...REPORTER },
    });
    expect(submitted.status).toBe(201);
    const code = submitted.body.code as string;
    const row = await waitFor(async () => {
      const r = await dossierRow(s.db, code);
      return r.state === 'intake' ? r : undefined;
    }, 'the tip to reach intake');

    // Nothing identifying in the dossier, its timeline or the workflow's history.
    const stored = JSON.stringify([row.applicant, row.form_data, row.search_text]);
    for (const secret of Object.values(REPORTER)) expect(stored).not.toContain(secret);
    expect(row.form_data).toMatchObject({ place: 'Chợ Tân Thới Nhất' });
    expect(row.confidential).toBe(true);
    expect(row.search_text).toBeNull(); // found by code only
    const history = JSON.stringify(await s.env.client.workflow.getHandle(workflowIdFor(code)).fetchHistory(), (_k, v: unknown) =>
      v instanceof Uint8Array ? Buffer.from(v).toString('utf8') : v,
    );
    for (const secret of Object.values(REPORTER)) expect(history).not.toContain(secret);

    // Ordinary clerks of the same ward neither see the tip in their inbox nor open it.
    for (const clerk of [team.receiver, team.officer, team.chief]) {
      const inbox = await call('GET', '/api/staff/inbox', clerk.token);
      expect(JSON.stringify(inbox.body)).not.toContain(code);
      expect((await call('GET', `/api/staff/dossiers/${code}`, clerk.token)).status).toBe(404);
    }
    // The investigator works the tip…
    const mine = await call('GET', '/api/staff/inbox', investigator.token);
    expect(JSON.stringify(mine.body)).toContain(code);
    const detail = await call('GET', `/api/staff/dossiers/${code}`, investigator.token);
    expect(detail.status).toBe(200);
    expect(JSON.stringify(detail.body)).not.toContain(REPORTER.reporterPhone);

    // …and alone can unseal the reporter; every attempt is logged.
    const refused = await call('GET', `/api/staff/dossiers/${code}/reporter`, team.chief.token);
    expect(refused.status).toBe(403);
    const unsealed = await call('GET', `/api/staff/dossiers/${code}/reporter`, investigator.token);
    expect(unsealed.status).toBe(200);
    expect(unsealed.body).toMatchObject({ ...REPORTER, applicant: { name: REPORTER.reporterName, phone: REPORTER.reporterPhone } });
    const log = await s.db.selectFrom('sealed_identity_access_log').select(['staff_id', 'granted']).where('dossier_id', '=', row.id).orderBy('id').execute();
    expect(log).toEqual([
      { staff_id: team.chief.actor.staffId, granted: false },
      { staff_id: investigator.actor.staffId, granted: true },
    ]);

    // Transfer within 7 calendar days of receipt, ending at 24:00 of the 7th day (BLTTHS Art 134.1).
    const submittedAt = new Date(row.submitted_at).getTime();
    const due = new Date(row.due_at!).getTime();
    expect(localDate(due - 1)).toBe(localDate(submittedAt + 7 * 86_400_000));
    expect(formatDateTimeVi(due)).toMatch(/^00:00/);

    // Withdrawing does not end a crime report (Art 145.1): refused with the reason, the tip goes on.
    const withdrawn = await call('POST', `/api/dossiers/${code}/withdraw`, undefined, { reason: 'Tôi muốn rút tin báo' }, submitted.body.accessToken as string);
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(409);
    expect(withdrawn.body.error).toMatchObject({ code: 'WITHDRAWAL_NOT_ENDING' });
    expect(JSON.stringify(withdrawn.body.error)).toContain('Điều 145 khoản 1');

    // The ward police accept, check and transfer; they do not decide the case.
    const accepted = await call('POST', `/api/staff/dossiers/${code}/actions`, investigator.token, { action: 'accept', expectedVersion: row.state_version });
    expect(accepted.body).toMatchObject({ state: 'preliminaryCheck' });
    expect((accepted.body.task as { actions: Array<{ name: string }> }).actions.map((a) => a.name)).toEqual(['transfer']);
    const transferred = await call('POST', `/api/staff/dossiers/${code}/actions`, investigator.token, {
      action: 'transfer',
      expectedVersion: accepted.body.stateVersion,
      note: 'Chuyển Cơ quan Cảnh sát điều tra Công an TP.HCM',
    });
    expect(transferred.body).toMatchObject({ state: 'transferred', outcome: 'approved' });
    const texts = (await messagesOf(s.db, row.id)).map((m) => m.text).join('\n');
    expect(texts).toContain(`mã ${code}`);
    expect(texts).toContain('THÔNG BÁO TIẾP NHẬN TỐ GIÁC, TIN BÁO VỀ TỘI PHẠM');
    expect(texts).not.toMatch(/buôn bán|Chợ Tân Thới Nhất|Cảnh sát điều tra Công an TP.HCM/);
  });
});
