// TAM_VANG, CU_TRU_DIEU_CHINH and DANG_KY_XE on the time-skipping server, with the real activities
// writing to PostgreSQL: the main paths of each, then what is special to one of them (routing by
// vehicle type, the follow-up when a declared absence ends). Tests share one server clock and run
// in order; the long skip to the end of an absence comes last.
import { describe, expect, it } from 'vitest';
import { supplementDossier, withdrawDossier } from '../../api/dossiers/updates.js';
import { formatDateVi } from '../../domain/wording/dates.js';
import { localDate, localDateTime, statutoryDueAt } from '../../domain/calendar.js';
import { workflowIdFor } from '../../workflows/dossier.messages.js';
import { BUILT_IN_PROCEDURES } from '../../domain/procedures/index.js';
import { DATE_NOT_SETTLED } from '../../domain/wording/fees-and-periods.js';
import { eventsOf, messagesOf } from '../support/fixtures.js';
import { useTimeSkippingHarness, type Harness } from '../support/harness.js';

const { h, row, submitProcedure, act } = useTimeSkippingHarness();

const DAY = 86_400_000;
type Clerk = keyof Harness['team'];
type Step = [who: Clerk, action: string];

const person = { cccd: '079190012345', phone: '0901234567', dateOfBirth: '1990-05-17' };

function tamVangForm(now: number, days = 60): Record<string, unknown> {
  return {
    ...person,
    absenceCase: 'longAbsence',
    fullName: 'Nguyễn Thị Lan',
    residenceAddress: '12 Đường TX25, phường Đông Hưng Thuận, TP. Hồ Chí Minh',
    absentFrom: localDate(now),
    absentUntil: localDate(now + days * DAY),
    destination: '25 Lý Thường Kiệt, phường Hải Châu, TP. Đà Nẵng',
    reason: 'Đi làm việc theo hợp đồng',
  };
}

function cuTruForm(now: number): Record<string, unknown> {
  return {
    ...person,
    changeKind: 'civilStatus',
    fullName: 'Nguyễn Thị Lan',
    residenceAddress: '12 Đường TX25, phường Đông Hưng Thuận, TP. Hồ Chí Minh',
    currentInfo: 'Họ, chữ đệm và tên: Nguyễn Thị Lan',
    newInfo: 'Họ, chữ đệm và tên: Nguyễn Thị Ngọc Lan',
    changeDecidedOn: localDate(now - 5 * DAY),
  };
}

function dangKyXeForm(vehicleType: string): Record<string, unknown> {
  const car = vehicleType === 'car';
  return {
    cccd: person.cccd,
    phone: person.phone,
    vehicleType,
    origin: car ? 'imported' : 'domestic',
    ownerName: 'Nguyễn Thị Lan',
    ownerAddress: '12 Đường TX25, phường Đông Hưng Thuận, TP. Hồ Chí Minh',
    brand: car ? 'TOYOTA' : 'HONDA',
    model: car ? 'VIOS' : 'VISION',
    engineNumber: car ? '2NR-F123456' : 'JK03E-1234567',
    chassisNumber: car ? 'MR2B29F30R1234567' : 'RLHJK0300RY123456',
    color: car ? 'Trắng' : 'Đỏ đen',
    manufactureYear: 2026,
  };
}

interface Case {
  code: string;
  form: (now: number) => Record<string, unknown>;
  /** The clerk steps from intake to the end, the first being the receiver's accept. */
  approve: Step[];
  statutoryDays: number;
  /** The state the clock starts in. */
  clockState: string;
  missingDocument: { key: string; label: string };
  result: { document: string };
  templates: string[];
}

const CASES: Case[] = [
  {
    code: 'TAM_VANG',
    form: (now) => tamVangForm(now),
    approve: [['receiver', 'accept'], ['officer', 'approve'], ['chief', 'approve']],
    statutoryDays: 1,
    clockState: 'review',
    missingDocument: { key: 'supervisorConsent', label: 'Văn bản đồng ý của cơ quan có thẩm quyền giám sát' },
    result: { document: 'CT03' },
    templates: ['submitted', 'received', 'approved', 'survey', 'survey'],
  },
  {
    code: 'CU_TRU_DIEU_CHINH',
    form: cuTruForm,
    approve: [['receiver', 'accept'], ['officer', 'approve'], ['chief', 'approve']],
    statutoryDays: 3,
    clockState: 'review',
    missingDocument: { key: 'changeProof', label: 'Giấy tờ, tài liệu chứng minh việc điều chỉnh' },
    result: { document: 'CT08' },
    templates: ['submitted', 'received', 'approved', 'survey', 'survey'],
  },
  {
    code: 'DANG_KY_XE',
    form: () => dangKyXeForm('motorbike'),
    approve: [['receiver', 'accept'], ['officer', 'approve'], ['chief', 'approve']],
    statutoryDays: 2,
    clockState: 'verify',
    missingDocument: { key: 'registrationTaxReceipt', label: 'Chứng từ nộp lệ phí trước bạ' },
    result: { document: 'KQ' },
    templates: ['submitted', 'received', 'approved', 'survey', 'survey'],
  },
];

async function submit(c: Pick<Case, 'code' | 'form'>) {
  return submitProcedure(c.code, c.form(await h.env.currentTimeMs()));
}

async function steps(code: string, list: Step[], extra: Record<string, unknown> = {}) {
  let view;
  for (const [who, action] of list) view = await act(code, who, action, extra);
  return view!;
}

/** The states a dossier went through, from its timeline. */
async function visited(dossierId: string) {
  return (await eventsOf(h.db, dossierId)).filter((e) => e.type === 'transition').map((e) => e.to_state);
}

/** Every message rendered completely: no placeholder left, nothing undefined. */
async function expectRendered(dossierId: string) {
  const messages = await messagesOf(h.db, dossierId);
  expect(messages.length).toBeGreaterThan(0);
  for (const m of messages) {
    expect(m.text).not.toMatch(/\{[A-Za-z][\w.]*\}/);
    expect(m.text).not.toContain('undefined');
    expect(m.text).not.toContain('NaN');
  }
  return messages;
}

describe.each(CASES)('$code on the time-skipping server', (c) => {
  it('approve: every step to done, the result recorded, the resident told', async () => {
    const d = await submit(c);
    const [first, ...rest] = c.approve;
    const received = await act(d.code, ...first!);
    expect(received.state).toBe(c.clockState);
    expect(received.dueAt).toBe(statutoryDueAt(received.receivedAt!, c.statutoryDays, h.cal).dueAt);

    const done = await steps(d.code, rest);
    expect(done).toMatchObject({ state: 'done', outcome: 'approved', supplementCycles: 0 });
    const final = await row(d.code);
    expect(final.result).toMatchObject({ document: c.result.document, number: `${c.result.document}-${d.code}` });

    const tasks = await h.db.selectFrom('tasks').selectAll().where('dossier_id', '=', d.id).orderBy('seq').execute();
    expect(tasks.map((t) => [t.role, t.status, t.completed_action])).toEqual(c.approve.map(([who, action]) => [who, 'done', action]));

    const messages = await expectRendered(d.id);
    expect(messages.map((m) => m.template)).toEqual(c.templates);
    // A date computed from an unconfirmed period is not stated (domain/wording/fees-and-periods.ts).
    const def = BUILT_IN_PROCEDURES.find((p) => p.code === c.code)!;
    expect(messages[1]!.text).toContain(`Hạn trả kết quả: ${def.deadline.confirmed ? formatDateVi(received.dueAt!) : DATE_NOT_SETTLED}`);
  });

  it('supplement: the clock stops while the resident completes the dossier and restarts from zero', async () => {
    const d = await submit(c);
    const first = await act(d.code, 'receiver', 'accept');
    const waiting = await act(d.code, 'officer', 'requestSupplement', { missingDocuments: [c.missingDocument.key] });
    expect(waiting).toMatchObject({ state: 'supplement', stateType: 'applicant', supplementCycles: 1 });

    await h.env.sleep('3 days'); // one reminder (every 2 days) while the office waits
    const reminders = (await messagesOf(h.db, d.id)).filter((m) => m.template === 'supplementReminder');
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.text).toContain(c.missingDocument.label);

    const back = await supplementDossier(h.deps, await row(d.code), { note: 'Đã gửi bổ sung giấy tờ' });
    expect(back.state).toBe('intake');
    const again = await act(d.code, 'receiver', 'accept');
    expect(again.receivedAt!).toBeGreaterThanOrEqual(first.receivedAt! + 3 * DAY);
    expect(again.dueAt).toBe(statutoryDueAt(again.receivedAt!, c.statutoryDays, h.cal).dueAt);
    expect(again.dueAt!).toBeGreaterThan(first.dueAt!);
    expect(again.originalDueAt).toBe(again.dueAt);

    const done = await steps(d.code, c.approve.slice(1));
    expect(done).toMatchObject({ state: 'done', supplementCycles: 1 });
    expect((await visited(d.id)).slice(0, 5)).toEqual(['intake', c.clockState, 'supplement', 'intake', c.clockState]);
    const messages = await expectRendered(d.id);
    const request = messages.find((m) => m.template === 'supplementRequested')!;
    expect(request.text).toContain(c.missingDocument.label);
  });

  it('reject: the last approver refuses with a reason and the resident is told why', async () => {
    const d = await submit(c);
    await steps(d.code, c.approve.slice(0, -1));
    const [who] = c.approve.at(-1)!;
    const view = await act(d.code, who, 'reject', { reason: 'Thông tin kê khai không khớp với Cơ sở dữ liệu' });
    expect(view).toMatchObject({ state: 'rejected', outcome: 'rejected' });

    const final = await h.env.client.workflow.getHandle(workflowIdFor(d.code)).result();
    expect(final).toMatchObject({ state: 'rejected', outcome: 'rejected' });
    expect((await row(d.code)).result).toBeNull();
    const messages = await expectRendered(d.id);
    const rejected = messages.find((m) => m.template === 'rejected')!;
    expect(rejected.text).toContain('Lý do: Thông tin kê khai không khớp với Cơ sở dữ liệu');
    expect(rejected.text).toContain(d.code);
    expect(messages.map((m) => m.template).slice(-3)).toEqual(['rejected', 'survey', 'survey']);
  });

  it('withdraw: the resident withdraws while the dossier is being processed', async () => {
    const d = await submit(c);
    await act(d.code, 'receiver', 'accept');
    const view = await withdrawDossier(h.deps, await row(d.code), { reason: 'Không còn nhu cầu' });
    expect(view).toMatchObject({ state: 'withdrawn', outcome: 'withdrawn' });
    await h.env.client.workflow.getHandle(workflowIdFor(d.code)).result();

    const events = await eventsOf(h.db, d.id);
    expect(events.at(-1)).toMatchObject({ type: 'transition', from_state: c.clockState, to_state: 'withdrawn', action: 'withdraw' });
    expect(events.at(-1)!.actor).toEqual({ kind: 'resident' });
    await expect(act(d.code, 'officer', 'approve')).rejects.toMatchObject({ code: 'INVALID_STATE' });
    const messages = await expectRendered(d.id);
    expect(messages.at(-1)!.template).toBe('withdrawn');
  });
});

describe('TAM_VANG, CU_TRU_DIEU_CHINH and DANG_KY_XE on one server clock, in order', { shuffle: false }, () => {
  describe('DANG_KY_XE routing by vehicle type', () => {
    it('a motorbike is approved by the ward chief; a car goes through the traffic police (PC08) steps', async () => {
      const motorbike = await submitProcedure('DANG_KY_XE', dangKyXeForm('motorbike'));
      const car = await submitProcedure('DANG_KY_XE', dangKyXeForm('car'));
      for (const d of [motorbike, car]) await act(d.code, 'receiver', 'accept');

      // The officer's approval of the vehicle check answers after the choice has been taken.
      expect(await act(motorbike.code, 'officer', 'approve')).toMatchObject({ state: 'wardApproval', task: { role: 'chief' } });
      expect(await act(car.code, 'officer', 'approve')).toMatchObject({ state: 'provincialReview', task: { role: 'officer' } });
      await act(car.code, 'officer', 'approve');
      for (const d of [motorbike, car]) expect(await act(d.code, 'chief', 'approve')).toMatchObject({ state: 'done', outcome: 'approved' });

      expect(await visited(motorbike.id)).toEqual(['intake', 'verify', 'route', 'wardApproval', 'issued', 'done']);
      expect(await visited(car.id)).toEqual(['intake', 'verify', 'route', 'provincialReview', 'provincialApproval', 'issued', 'done']);
      const choice = async (id: string) => (await eventsOf(h.db, id)).find((e) => e.to_state !== 'route' && e.from_state === 'route')!;
      expect(await choice(motorbike.id)).toMatchObject({ actor: { kind: 'system' }, action: 'choice', data: { matched: 0 } });
      expect(await choice(car.id)).toMatchObject({ actor: { kind: 'system' }, action: 'choice', data: { matched: -1 } });

      const roles = async (id: string) =>
        (await h.db.selectFrom('tasks').select(['state', 'role']).where('dossier_id', '=', id).orderBy('seq').execute()).map((t) => `${t.state}:${t.role}`);
      expect(await roles(motorbike.id)).toEqual(['intake:receiver', 'verify:officer', 'wardApproval:chief']);
      expect(await roles(car.id)).toEqual(['intake:receiver', 'verify:officer', 'provincialReview:officer', 'provincialApproval:chief']);

      const carMessages = await expectRendered(car.id);
      expect(carMessages.map((m) => m.template)).toEqual(['submitted', 'received', 'forwardedToProvince', 'approved', 'survey', 'survey']);
      expect(carMessages[2]!.text).toContain('Xe ô tô thuộc thẩm quyền đăng ký của Phòng Cảnh sát giao thông');
      const approved = carMessages[3]!.text;
      expect(approved).toContain('Xe ô tô nhãn hiệu TOYOTA VIOS, màu sơn Trắng, số máy 2NR-F123456, số khung MR2B29F30R1234567');
      expect(approved).toContain('chủ xe Nguyễn Thị Lan');
      const motorbikeMessages = await expectRendered(motorbike.id);
      expect(motorbikeMessages.map((m) => m.template)).not.toContain('forwardedToProvince');
      expect(motorbikeMessages[0]!.text).toContain('đăng ký Xe mô tô (kể cả xe mô tô điện) nhãn hiệu HONDA VISION');
    });
  });

  describe('TAM_VANG follow-up', () => {
    it('tells the resident on the morning the declared absence ends, then the workflow closes', async () => {
      const d = await submitProcedure('TAM_VANG', tamVangForm(await h.env.currentTimeMs(), 45));
      const done = await steps(d.code, [['receiver', 'accept'], ['officer', 'approve'], ['chief', 'approve']]);
      expect(done).toMatchObject({ state: 'done', outcome: 'approved' });

      // The workflow stays open for the follow-up; result() lets the server skip ahead to it.
      const final = await h.env.client.workflow.getHandle(workflowIdFor(d.code)).result();
      expect(final).toMatchObject({ state: 'done', outcome: 'approved' });

      const absentUntil = ((await row(d.code)).form_data as { absentUntil: string }).absentUntil;
      const followUps = (await eventsOf(h.db, d.id)).filter((e) => e.type === 'followUp');
      expect(followUps).toHaveLength(1);
      expect(followUps[0]!.data).toMatchObject({ template: 'absenceEnds', skipped: false });
      // Timers fire at their instant; the server may overshoot it by a few milliseconds.
      const due = localDateTime(absentUntil, '08:00');
      expect(followUps[0]!.at.getTime() - due).toBeGreaterThanOrEqual(0);
      expect(followUps[0]!.at.getTime() - due).toBeLessThan(1000);

      const messages = await expectRendered(d.id);
      expect(messages.map((m) => m.template)).toEqual(['submitted', 'received', 'approved', 'survey', 'survey', 'absenceEnds']);
      const [yyyy, mm, dd] = absentUntil.split('-');
      expect(messages[5]!.text).toContain(`Hôm nay (${dd}/${mm}/${yyyy}) là ngày kết thúc thời gian tạm vắng`);
      expect(messages[5]!.recipient).toEqual({ kind: 'applicant' });
      expect(messages[2]!.text).toContain(`đến ngày ${dd}/${mm}/${yyyy}, nơi đến: 25 Lý Thường Kiệt`);
    });
  });
});
