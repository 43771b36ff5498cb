// Privacy of Temporal history (issue 11 #4): after a procedure's happy path, the whole history as the
// Temporal server keeps it (what `temporal workflow show` or the Web UI print without our codec) holds
// none of the applicant's personal values; through the codec the same history still reads.
import { temporal } from '@temporalio/proto';
import { DefaultPayloadConverter } from '@temporalio/common';
import { beforeAll, describe, expect, it } from 'vitest';
import { actOnDossier } from '../../api/dossiers/updates.js';
import { workflowIdFor } from '../../workflows/dossier.messages.js';
import { createStaff, TEST_CODEC, WARD, type TestStaff } from '../support/fixtures.js';
import { useTimeSkippingHarness } from '../support/harness.js';

const { h, row, submitProcedure, act } = useTimeSkippingHarness();
let investigator: TestStaff;
beforeAll(async () => {
  investigator = await createStaff(h.db, 'Điều tra viên Hoàng', [{ role: 'investigator', unitId: WARD }]);
});

const resident = {
  fullName: 'Trương Thị Bảo Ngọc',
  cccd: '079190054321',
  phone: '0987654321',
  dateOfBirth: '1991-03-27',
  stayAddress: '45/7 Đường Lê Văn Khương, phường Thới An, TP. Hồ Chí Minh',
};
/** Every personal value, also as the papers and messages print them. */
const personal = [...Object.values(resident), '27/03/1991'];

/** The raw history bytes as the server stores and serves them, without any codec. */
async function rawHistory(code: string): Promise<{ bytes: string; history: temporal.api.history.v1.IHistory }> {
  const history = await h.env.client.workflow.getHandle(workflowIdFor(code)).fetchHistory();
  const bytes = Buffer.from(temporal.api.history.v1.History.encode(history).finish()).toString('utf8');
  return { bytes, history };
}

async function startInput(history: temporal.api.history.v1.IHistory): Promise<string> {
  const payloads = history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads!;
  const decoded = await TEST_CODEC.decode(payloads);
  return JSON.stringify(decoded.map((p) => new DefaultPayloadConverter().fromPayload(p)));
}

describe('personal data in Temporal history', () => {
  it('TAM_TRU: none of the applicant’s values after the happy path, yet the codec reads them', async () => {
    const form = { kind: 'new', ...resident, stayFrom: '2026-12-10', stayUntil: '2027-12-10', reason: 'Thuê nhà để đi làm' };
    const d = await submitProcedure('TAM_TRU', form);
    await act(d.code, 'receiver', 'accept');
    await act(d.code, 'officer', 'approve');
    const done = await act(d.code, 'chief', 'approve');
    expect(done.state).toBe('done');
    await h.env.client.workflow.getHandle(workflowIdFor(d.code)).result();

    const { bytes, history } = await rawHistory(d.code);
    expect(history.events!.length).toBeGreaterThan(20);
    for (const value of personal) expect(bytes).not.toContain(value);
    // The same values are there behind the codec: the test looks at the right history.
    const input = await startInput(history);
    for (const value of Object.values(resident)) expect(input).toContain(value);
  });

  it('TO_GIAC: neither the tip nor the place after the ward transfers it to the investigation body', async () => {
    const tip = { category: 'to_giac', place: 'Hẻm 88 Tô Ký, Trung Mỹ Tây', content: 'Nhóm người tụ tập đánh bạc mỗi tối thứ Bảy' };
    const d = await submitProcedure('TO_GIAC', tip);
    const investigate = async (action: string, extra: Record<string, unknown> = {}) => {
      const current = await row(d.code);
      return actOnDossier(h.deps, current, { actor: investigator.actor, action, expectedVersion: current.state_version, ...extra });
    };
    await investigate('accept');
    const done = await investigate('transfer', { note: 'Đã kiểm tra ban đầu, chuyển Cơ quan điều tra xử lý việc đánh bạc' });
    expect(done.state).toBe('transferred');

    const { bytes, history } = await rawHistory(d.code);
    for (const value of [tip.place, tip.content, 'đánh bạc']) expect(bytes).not.toContain(value);
    expect(await startInput(history)).toContain(tip.content);
  });
});
