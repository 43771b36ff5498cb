// The PCCC, CON_DAU and CCCD definitions: valid, registered, legal facts in place, and their forms
// accept a good submission and reject bad fields with the field's path and a Vietnamese message.
import { describe, expect, it } from 'vitest';
import { calendarFrom } from '../../domain/calendar.js';
import type { DossierInput } from '../../domain/contracts/dossier.js';
import { DossierMachine } from '../../domain/dossier-machine.js';
import { applicableFee, feeText, NOT_SETTLED } from '../../domain/wording/fees-and-periods.js';
import { formDataSchema } from '../../domain/dsl/form.js';
import type { ProcedureDefinition, ProcedureDefinitionInput } from '../../domain/dsl/schema.js';
import { validateDefinition } from '../../domain/dsl/validate.js';
import { templatePlaceholders } from '../../domain/messages.js';
import { CCCD, daysToBirthday, FULL_FEES, HALVED_FEES, RENEWAL_AGES } from '../../domain/procedures/cccd.js';
import { CON_DAU, SEAL_REGISTRARS } from '../../domain/procedures/con-dau.js';
import { BUILT_IN_PROCEDURES } from '../../domain/procedures/index.js';
import { PCCC, PLACEHOLDER_WORKING_DAYS } from '../../domain/procedures/pccc.js';

const TODAY = '2026-11-28';
const VIETNAMESE = /[àáảãạăắằẳẵặâấầẩẫậèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵđ]/i;

function definition(input: ProcedureDefinitionInput): ProcedureDefinition {
  const result = validateDefinition(structuredClone(input));
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.definition;
}

const VALID: Record<string, Record<string, unknown>> = {
  PCCC: {
    requestType: 'acceptanceCheck',
    projectName: 'Nhà xưởng sản xuất bao bì Đông Hưng',
    projectAddress: 'Lô B2, đường TX25, phường Đông Hưng Thuận, TP. Hồ Chí Minh',
    investorName: 'Công ty TNHH Bao bì Đông Hưng',
    contactName: 'Trần Văn Minh',
    phone: '0912 345 678',
    floors: 3,
    floorArea: 4200,
    totalInvestment: 45_000_000_000,
    designAppraisalRef: 'Văn bản số 123/TD-PCCC ngày 10/3/2026',
  },
  CON_DAU: {
    entityType: 'localOrganization',
    registrationType: 'new',
    organizationName: 'Hội Cựu giáo chức phường Đông Hưng Thuận',
    foundingDocument: 'Quyết định số 45/QĐ-UBND ngày 2/10/2026',
    headOfficeAddress: '12 Đường TX25, phường Đông Hưng Thuận, TP. Hồ Chí Minh',
    sealCount: 1,
    representativeName: 'Lê Thị Hoa',
    representativeCccd: '079165012345',
    phone: '0987654321',
    email: 'hoicuugiaochuc@example.vn',
  },
  CCCD: {
    requestType: 'exchange',
    fullName: 'Nguyễn Văn An',
    cccd: '079201012345',
    dateOfBirth: '2001-03-15',
    phone: '+84901234567',
    changeReason: 'Thẻ bị gãy',
    receiveMethod: 'post',
    deliveryAddress: '34 Lê Văn Khương, phường Thới An, TP. Hồ Chí Minh',
  },
};

const CATALOGUE = [
  { input: PCCC, authority: 'province' },
  { input: CON_DAU, authority: 'province' },
  { input: CCCD, authority: 'ward' },
] as const;

describe.each(CATALOGUE)('$input.code definition', ({ input, authority }) => {
  const def = definition(input);

  it('is valid and registered as a built-in procedure', () => {
    expect(validateDefinition(structuredClone(input))).toMatchObject({ ok: true });
    expect(BUILT_IN_PROCEDURES.map((p) => p.code)).toContain(input.code);
  });

  it('carries its legal facts: basis, authority, deadline, fee, forms, survey, withdrawal', () => {
    expect(def.legalBasis.length).toBeGreaterThan(0);
    expect(def.authority).toBe(authority);
    expect(def.deadline.workingDays).toBeGreaterThan(0);
    expect(def.fee?.note?.vi).toMatch(VIETNAMESE);
    expect(def.forms.application).toBeDefined();
    expect(def.toBeConfirmed.length).toBeGreaterThan(0);
    expect(def.states[def.withdrawTo!]).toMatchObject({ type: 'end', outcome: 'withdrawn' });
    const approved = Object.values(def.states).find((s) => s.type === 'end' && s.outcome === 'approved');
    expect(approved).toMatchObject({ survey: 'survey' });
  });

  it('writes every message in Vietnamese, and no resident message promises a fee it does not know', () => {
    for (const [key, text] of Object.entries(def.messages)) {
      expect(text.vi, key).toMatch(VIETNAMESE);
      // PCCC (a placeholder) and CON_DAU ("không" ⚠️) have fee.vnd = 0 and no table: {fee} would say "miễn phí".
      if (def.fee?.table.length === 0) expect(templatePlaceholders(text.vi), key).not.toContain('fee');
    }
  });

  it('accepts a valid submission', () => {
    const result = formDataSchema(def, TODAY).safeParse(VALID[input.code]);
    expect(result.error?.issues).toBeUndefined();
    expect(result.success).toBe(true);
  });
});

/** [path, message] of the issues for the valid form of `code` with `changes` (undefined removes a key). */
function issuesFor(code: keyof typeof VALID, changes: Record<string, unknown>): Array<[string, string]> {
  const def = definition(CATALOGUE.find((c) => c.input.code === code)!.input);
  const data = Object.fromEntries(Object.entries({ ...VALID[code], ...changes }).filter(([, v]) => v !== undefined));
  const result = formDataSchema(def, TODAY).safeParse(data);
  return result.success ? [] : result.error.issues.map((i) => [i.path.join('.'), i.message]);
}

describe('PCCC form', () => {
  it('normalises the phone and keeps the numbers', () => {
    const parsed = formDataSchema(definition(PCCC), TODAY).parse(VALID.PCCC);
    expect(parsed).toMatchObject({ phone: '0912345678', floors: 3, floorArea: 4200 });
  });

  it.each([
    ['an unknown request type', { requestType: 'inspection' }, 'requestType', /Nội dung đề nghị phải là một trong các lựa chọn: Thẩm định thiết kế về PCCC; Kiểm tra kết quả nghiệm thu về PCCC/],
    ['no project name', { projectName: undefined }, 'projectName', /Thiếu thông tin bắt buộc: Tên dự án, công trình/],
    ['a blank investor', { investorName: '   ' }, 'investorName', /Chủ đầu tư không được để trống/],
    ['zero storeys', { floors: 0 }, 'floors', /Số tầng \(kể cả tầng hầm\) phải lớn hơn hoặc bằng 1/],
    ['storeys as text', { floors: 'ba' }, 'floors', /Số tầng \(kể cả tầng hầm\) phải là một số/],
    ['a negative investment', { totalInvestment: -1 }, 'totalInvestment', /Tổng mức đầu tư \(đồng\) phải lớn hơn hoặc bằng 0/],
    ['a landline', { phone: '0283456789' }, 'phone', /số di động Việt Nam/],
    ['a bad email', { email: 'chu-dau-tu@' }, 'email', /Thư điện tử phải là một địa chỉ email hợp lệ/],
    ['an unknown field', { height: 12 }, '', /Biểu mẫu không có trường: height/],
  ])('rejects %s', (_what, changes, path, message) => {
    const issues = issuesFor('PCCC', changes);
    expect(issues).toHaveLength(1);
    expect(issues[0]![0]).toBe(path);
    expect(issues[0]![1]).toMatch(message);
    expect(issues[0]![1]).toMatch(VIETNAMESE);
  });
});

describe('CON_DAU form', () => {
  it('offers exactly the entity types of the registrar mapping', () => {
    const field = definition(CON_DAU).form.find((f) => f.key === 'entityType')!;
    expect(field.options?.map((o) => o.value)).toEqual(SEAL_REGISTRARS.map((t) => t.value));
    expect(new Set(SEAL_REGISTRARS.map((t) => t.registrar))).toEqual(new Set(['C06', 'PC06', 'none']));
  });

  it.each([
    ['an entity type outside the mapping', { entityType: 'company' }, 'entityType', /Loại cơ quan, tổ chức phải là một trong các lựa chọn/],
    ['no registration type', { registrationType: undefined }, 'registrationType', /Thiếu thông tin bắt buộc: Nội dung đề nghị/],
    ['a representative CCCD of 11 digits', { representativeCccd: '07916501234' }, 'representativeCccd', /Số định danh cá nhân của người đại diện phải gồm đúng 12 chữ số/],
    ['a CCCD with an unknown province code', { representativeCccd: '003165012345' }, 'representativeCccd', /mã tỉnh/],
    ['eleven seals', { sealCount: 11 }, 'sealCount', /Số lượng con dấu đề nghị đăng ký phải nhỏ hơn hoặc bằng 10/],
    ['a name too long', { organizationName: 'x'.repeat(301) }, 'organizationName', /Tên cơ quan, tổ chức không được dài quá 300 ký tự/],
  ])('rejects %s', (_what, changes, path, message) => {
    const issues = issuesFor('CON_DAU', changes);
    expect(issues).toHaveLength(1);
    expect(issues[0]![0]).toBe(path);
    expect(issues[0]![1]).toMatch(message);
  });
});

describe('CCCD form', () => {
  it('accepts every request type and both ways of receiving the card', () => {
    for (const requestType of ['first', 'fromCccd', 'exchange', 'reissue', 'lost']) {
      for (const receiveMethod of ['pickup', 'post']) expect(issuesFor('CCCD', { requestType, receiveMethod })).toEqual([]);
    }
  });

  it.each([
    ['an unknown request type', { requestType: 'renew' }, 'requestType', /Nội dung đề nghị phải là một trong các lựa chọn: Cấp thẻ căn cước lần đầu; .*Cấp lại thẻ căn cước bị mất/],
    ['no date of birth', { dateOfBirth: undefined }, 'dateOfBirth', /Thiếu thông tin bắt buộc: Ngày sinh/],
    ['a date of birth today', { dateOfBirth: TODAY }, 'dateOfBirth', /Ngày sinh phải là một ngày trong quá khứ/],
    ['an impossible date of birth', { dateOfBirth: '2001-02-29' }, 'dateOfBirth', /Ngày sinh phải là một ngày có thật, viết theo dạng YYYY-MM-DD/],
    ['a date of birth in another format', { dateOfBirth: '15/03/2001' }, 'dateOfBirth', /YYYY-MM-DD/],
    ['an unknown way to receive the card', { receiveMethod: 'drone' }, 'receiveMethod', /Hình thức nhận thẻ phải là một trong các lựa chọn: Nhận trực tiếp tại nơi làm thủ tục; Chuyển phát đến địa chỉ theo yêu cầu/],
    ['a personal number with letters', { cccd: '07920101234A' }, 'cccd', /Số định danh cá nhân phải gồm đúng 12 chữ số/],
  ])('rejects %s', (_what, changes, path, message) => {
    const issues = issuesFor('CCCD', changes);
    expect(issues).toHaveLength(1);
    expect(issues[0]![0]).toBe(path);
    expect(issues[0]![1]).toMatch(message);
  });
});

describe('CCCD fees', () => {
  it('depend on the request type and the date: first issue and the Art 38 exchanges free, the others halved until 31/12/2026, full but unconfirmed after', () => {
    const fee = definition(CCCD).fee!;
    const vnd = (requestType: string, on = '2026-12-31') => applicableFee(fee, { ...VALID.CCCD, requestType }, on);
    const types = ['first', 'exchangeAge', 'exchangeReorganisation', 'exchangeAgencyError', 'fromCccd', 'exchange', 'reissue', 'lost'];
    expect(types.map((t) => vnd(t).vnd)).toEqual([0, 0, 0, 0, 15_000, 25_000, 35_000, 35_000]);
    expect(types.map((t) => vnd(t).confirmed)).toEqual(types.map(() => true));
    expect(types.map((t) => [vnd(t, '2027-01-01').vnd, vnd(t, '2027-01-01').confirmed])).toEqual([
      [0, true], [0, true], [0, true], [0, true], [30_000, false], [50_000, false], [70_000, false], [70_000, false],
    ]);
    expect(feeText(fee, { ...VALID.CCCD, requestType: 'exchange' }, '2027-01-01')).toBe(NOT_SETTLED);
    expect(HALVED_FEES).toEqual({ fromCccd: FULL_FEES.fromCccd / 2, exchange: FULL_FEES.exchange / 2, reissue: FULL_FEES.reissue / 2, lost: FULL_FEES.lost / 2 });
    expect(definition(CCCD).messages.received!.vi).toContain('Lệ phí: {fee}.');
  });
});

describe('CCCD renewal reminders', () => {
  const done = definition(CCCD).states.done!;

  it('remind 90 and 7 days before each exchange age, from the date of birth', () => {
    if (done.type !== 'end') throw new Error('done is an end state');
    expect(done.followUps.map((f) => [f.at.field, f.at.offset?.days, f.template])).toEqual(
      RENEWAL_AGES.flatMap((age) => [
        ['dateOfBirth', daysToBirthday(age) - 90, `renewal${age}Window`],
        ['dateOfBirth', daysToBirthday(age) - 7, `renewal${age}LastCall`],
      ]),
    );
    expect(RENEWAL_AGES.map(daysToBirthday)).toEqual([5113, 9131, 14610, 21915]);
  });

  it('land on the birthday or the day before it, never after, for every date of birth 1930–2039', () => {
    const DAY = 86_400_000;
    for (const age of RENEWAL_AGES) {
      const early = new Set<number>();
      for (let t = Date.UTC(1930, 0, 1); t < Date.UTC(2040, 0, 1); t += DAY) {
        const d = new Date(t);
        if (d.getUTCMonth() === 1 && d.getUTCDate() === 29) continue; // no birthday in most years
        const birthday = Date.UTC(d.getUTCFullYear() + age, d.getUTCMonth(), d.getUTCDate());
        early.add((birthday - t) / DAY - daysToBirthday(age));
      }
      // 14 and 25 years hold one leap day more or less depending on the date of birth; 40 and 60 do not.
      expect([...early].sort(), `age ${age}`).toEqual(age % 4 === 0 ? [0] : [0, 1]);
    }
  });
});

describe('CON_DAU competence (pure machine)', () => {
  const def = definition(CON_DAU);
  const input = (entityType: string): DossierInput => ({
    dossierId: '00000000-0000-4000-8000-000000000001',
    code: 'CATP-261128-0001',
    unit: { id: 'ca-tphcm', name: 'Công an Thành phố Hồ Chí Minh' },
    definition: def,
    calendar: calendarFrom([]),
    applicant: { name: 'Lê Thị Hoa' },
    channel: 'web',
    formData: { ...VALID.CON_DAU, entityType },
    submittedAt: Date.UTC(2026, 10, 30, 2),
  });

  it.each(SEAL_REGISTRARS.map((t) => [t.value, t.registrar]))('sends %s (%s) to its registrar', (entityType, registrar) => {
    const machine = new DossierMachine(input(entityType), Date.UTC(2026, 10, 30, 2));
    machine.resolveChoice(Date.UTC(2026, 10, 30, 2));
    const expected = { PC06: 'intake', C06: 'referredToC06', none: 'notRequired' }[registrar];
    expect(machine.view().state).toBe(expected);
    const texts = machine.pending.flatMap((e) => e.messages.map((m) => m.text));
    expect(texts).toHaveLength(1);
    expect(texts[0]).not.toMatch(/\{[\w.]+\}|undefined/);
    if (registrar === 'C06') expect(texts[0]).toContain('Cục Cảnh sát quản lý hành chính về trật tự xã hội (C06)');
  });
});

describe('PCCC deadline', () => {
  it('is a placeholder, flagged first for the legal officer, and never shown to residents as a due date', () => {
    const def = definition(PCCC);
    expect(def.deadline.workingDays).toBe(PLACEHOLDER_WORKING_DAYS);
    expect(def.toBeConfirmed[0]).toMatch(/GIÁ TRỊ GIỮ CHỖ/);
    expect(def.deadline.apology).toBeUndefined();
    for (const [key, text] of Object.entries(def.messages)) {
      if (key.startsWith('task')) continue; // staff reminders speak of the task's own due time
      expect(templatePlaceholders(text.vi), key).not.toContain('dueDate');
    }
  });
});
