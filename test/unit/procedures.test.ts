// The built-in catalogue: every definition is valid, and the forms of TAM_VANG, CU_TRU_DIEU_CHINH
// and DANG_KY_XE accept a good submission and reject bad fields with a Vietnamese message.
import { describe, expect, it } from 'vitest';
import { chatTitle } from '../../domain/chat-texts.js';
import { evaluateCondition } from '../../domain/dsl/condition.js';
import { formDataSchema } from '../../domain/dsl/form.js';
import type { ChoiceState, ProcedureDefinition, ProcedureDefinitionInput } from '../../domain/dsl/schema.js';
import { DEFAULT_CONTEXT, validateDefinition } from '../../domain/dsl/validate.js';
import { templatePlaceholders } from '../../domain/messages.js';
import { CU_TRU_DIEU_CHINH } from '../../domain/procedures/cu-tru-dieu-chinh.js';
import { DANG_KY_XE } from '../../domain/procedures/dang-ky-xe.js';
import { BUILT_IN_PROCEDURES } from '../../domain/procedures/index.js';
import { TAM_VANG } from '../../domain/procedures/tam-vang.js';

const TODAY = '2026-11-28';
const VIETNAMESE = /[àáảãạăắằẳẵặâấầẩẫậèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵđ]/i;

function definition(input: ProcedureDefinitionInput): ProcedureDefinition {
  const result = validateDefinition(input, DEFAULT_CONTEXT);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.definition;
}

/** path and message of every issue for `valid` with `changes` applied (undefined removes a key). */
function issuesFor(def: ProcedureDefinitionInput, valid: Record<string, unknown>, changes: Record<string, unknown>) {
  const data = Object.fromEntries(Object.entries({ ...valid, ...changes }).filter(([, value]) => value !== undefined));
  const result = formDataSchema(definition(def), TODAY).safeParse(data);
  return result.success ? [] : result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

describe('the built-in catalogue', () => {
  it('registers each procedure once, these three among them', () => {
    const codes = BUILT_IN_PROCEDURES.map((d) => d.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).toEqual(expect.arrayContaining(['TAM_TRU', 'TAM_VANG', 'CU_TRU_DIEU_CHINH', 'DANG_KY_XE']));
  });

  it.each(BUILT_IN_PROCEDURES.map((d) => [d.code, d] as const))('%s is valid under the default context', (_code, def) => {
    const result = validateDefinition(def, DEFAULT_CONTEXT);
    expect(result.ok ? [] : result.issues).toEqual([]);
  });

  it.each([TAM_VANG, CU_TRU_DIEU_CHINH, DANG_KY_XE].map((d) => [d.code, d] as const))(
    '%s writes every message in Vietnamese, names its legal basis and lists what is unconfirmed',
    (_code, def) => {
      for (const text of Object.values(def.messages)) {
        expect(text.vi.length).toBeLessThan(2000);
        expect(text.vi).toMatch(VIETNAMESE);
      }
      expect(def.legalBasis.length).toBeGreaterThan(0);
      expect(def.toBeConfirmed?.length).toBeGreaterThan(0);
      expect(def.states[def.withdrawTo!]).toMatchObject({ type: 'end', outcome: 'withdrawn' });
    },
  );

  it('keeps the statutory times of the reference (TAM_VANG 1, CU_TRU_DIEU_CHINH 3, DANG_KY_XE 2 working days)', () => {
    expect(TAM_VANG.deadline).toMatchObject({ workingDays: 1, startsAt: 'review' });
    expect(CU_TRU_DIEU_CHINH.deadline).toMatchObject({ workingDays: 3, startsAt: 'review' });
    expect(DANG_KY_XE.deadline).toMatchObject({ workingDays: 2, startsAt: 'verify' });
    expect([TAM_VANG.authority, CU_TRU_DIEU_CHINH.authority, DANG_KY_XE.authority]).toEqual(['ward', 'ward', 'any']);
  });

  it('TAM_VANG has no apology: with a 1-working-day deadline its checkpoint would fall on the day of receipt', () => {
    expect(TAM_VANG.deadline.apology).toBeUndefined();
    expect(TAM_VANG.toBeConfirmed?.some((t) => t.includes('02 ngày làm việc'))).toBe(true);
  });

  it('DANG_KY_XE does not print {fee}: its amount is not known (TT 60/2023), the note says so', () => {
    const placeholders = Object.values(DANG_KY_XE.messages).flatMap((m) => templatePlaceholders(m.vi));
    expect(placeholders).not.toContain('fee');
    expect(DANG_KY_XE.fee?.note?.vi).toContain('60/2023/TT-BTC');
    expect(DANG_KY_XE.toBeConfirmed?.some((t) => t.includes('fee.vnd = 0'))).toBe(true);
  });

  it.each([
    ['motorbike', 'wardApproval'],
    ['moped', 'wardApproval'],
    ['car', 'provincialReview'],
    ['trailer', 'provincialReview'],
  ])('DANG_KY_XE routes a %s to %s', (vehicleType, next) => {
    const route = DANG_KY_XE.states.route as ChoiceState;
    const hit = route.choices.find((c) => evaluateCondition(c.when, { vehicleType }));
    expect(hit?.next ?? route.otherwise).toBe(next);
  });
});

describe('formDataSchema (TAM_VANG)', () => {
  const VALID = {
    absenceCase: 'longAbsence',
    fullName: ' Trần Văn Bình ',
    cccd: '079090001234',
    phone: '0912 345 678',
    dateOfBirth: '1985-03-02',
    residenceAddress: '45 Nguyễn Ảnh Thủ, phường Trung Mỹ Tây, TP. Hồ Chí Minh',
    absentFrom: '2026-12-01',
    absentUntil: '2027-12-31',
    destination: '10 Trần Phú, phường Lộc Thọ, tỉnh Khánh Hòa',
    reason: 'Đi làm việc dài hạn',
  };

  it('accepts a valid declaration, trimming text and normalising the phone', () => {
    expect(formDataSchema(definition(TAM_VANG), TODAY).parse(VALID)).toMatchObject({ fullName: 'Trần Văn Bình', phone: '0912345678' });
  });

  it.each(['criminalProceedings', 'administrativeMeasure', 'stateObligation', 'longAbsence'])('accepts the Art 31 case %s', (absenceCase) => {
    expect(issuesFor(TAM_VANG, VALID, { absenceCase })).toEqual([]);
  });

  it.each([
    ['an unknown case', { absenceCase: 'holiday' }, 'absenceCase', /Trường hợp khai báo tạm vắng .* phải là một trong các lựa chọn: Điểm a: .*; Điểm d: /],
    ['an absence that ended yesterday', { absentUntil: '2026-11-27' }, 'absentUntil', /^Tạm vắng đến ngày không được là ngày đã qua\.$/],
    ['a missing end date', { absentUntil: undefined }, 'absentUntil', /^Thiếu thông tin bắt buộc: Tạm vắng đến ngày\.$/],
    ['an impossible start date', { absentFrom: '2026-02-30' }, 'absentFrom', /ngày có thật/],
    ['a blank destination', { destination: '  ' }, 'destination', /^Nơi đến trong thời gian tạm vắng \(địa chỉ\) không được để trống\.$/],
    ['a reason that is too long', { reason: 'x'.repeat(1001) }, 'reason', /không được dài quá 1000 ký tự/],
    ['a missing reason', { reason: undefined }, 'reason', /^Thiếu thông tin bắt buộc: Lý do tạm vắng\.$/],
    ['a CCCD of 11 digits', { cccd: '07909000123' }, 'cccd', /đúng 12 chữ số/],
  ])('rejects %s', (_name, changes, path, message) => {
    expect(issuesFor(TAM_VANG, VALID, changes)).toEqual([{ path, message: expect.stringMatching(message) }]);
  });
});

describe('formDataSchema (CU_TRU_DIEU_CHINH)', () => {
  const VALID = {
    changeKind: 'civilStatus',
    fullName: 'Lê Thị Hồng',
    cccd: '079190012345',
    phone: '0987654321',
    dateOfBirth: '1992-07-09',
    residenceAddress: '7 Đường TMT 13, phường Trung Mỹ Tây, TP. Hồ Chí Minh',
    currentInfo: 'Họ tên: Lê Thị Hồng',
    newInfo: 'Họ tên: Lê Thị Hồng Nhung',
    changeDecidedOn: '2026-11-20',
  };

  it('accepts a valid request; the decision date is optional', () => {
    expect(issuesFor(CU_TRU_DIEU_CHINH, VALID, {})).toEqual([]);
    expect(issuesFor(CU_TRU_DIEU_CHINH, VALID, { changeKind: 'householdHead', changeDecidedOn: undefined })).toEqual([]);
  });

  it.each([
    ['an unknown change', { changeKind: 'split' }, 'changeKind', /^Nội dung đề nghị điều chỉnh phải là một trong các lựa chọn: Thay đổi chủ hộ; /],
    ['a missing new value', { newInfo: undefined }, 'newInfo', /^Thiếu thông tin bắt buộc: Thông tin đề nghị điều chỉnh\.$/],
    ['a blank current value', { currentInfo: ' ' }, 'currentInfo', /không được để trống/],
    ['a decision date in another format', { changeDecidedOn: '20/11/2026' }, 'changeDecidedOn', /YYYY-MM-DD/],
    ['a birth date that is not in the past', { dateOfBirth: TODAY }, 'dateOfBirth', /^Ngày sinh phải là một ngày trong quá khứ\.$/],
    ['a landline phone', { phone: '0283456789' }, 'phone', /số di động Việt Nam/],
    ['an unknown key', { household: 'x' }, '', /Biểu mẫu không có trường: household/],
  ])('rejects %s', (_name, changes, path, message) => {
    expect(issuesFor(CU_TRU_DIEU_CHINH, VALID, changes)).toEqual([{ path, message: expect.stringMatching(message) }]);
  });
});

describe('formDataSchema (DANG_KY_XE)', () => {
  const VALID = {
    vehicleType: 'motorbike',
    origin: 'domestic',
    ownerName: 'Phạm Minh Tuấn',
    cccd: '079088004321',
    phone: '0903123456',
    ownerAddress: '3 Đường DHT 02, phường Đông Hưng Thuận, TP. Hồ Chí Minh',
    brand: 'HONDA',
    model: 'VISION',
    engineNumber: 'JK03E-1234567',
    chassisNumber: 'RLHJK0300RY123456',
    color: 'Đỏ đen',
    manufactureYear: 2026,
  };

  it('accepts a valid vehicle of every type', () => {
    for (const vehicleType of ['motorbike', 'moped', 'car', 'trailer']) expect(issuesFor(DANG_KY_XE, VALID, { vehicleType })).toEqual([]);
  });

  it.each([
    ['an unknown vehicle type', { vehicleType: 'tractor' }, 'vehicleType', /^Loại xe phải là một trong các lựa chọn: Xe mô tô .*; Xe ô tô; Rơ moóc, sơ mi rơ moóc\.$/],
    ['a chassis number of 18 characters', { chassisNumber: 'RLHJK0300RY1234567' }, 'chassisNumber', /^Số khung \(số VIN\) phải gồm đúng 17 chữ cái hoặc chữ số \(không dùng I, O, Q\)\.$/],
    ['a chassis number with the letter O', { chassisNumber: 'RLHJK0300RYO23456' }, 'chassisNumber', /không dùng I, O, Q/],
    ['a blank engine number', { engineNumber: '   ' }, 'engineNumber', /^Số máy không được để trống\.$/],
    ['an engine number that is too long', { engineNumber: 'E'.repeat(31) }, 'engineNumber', /30 ký tự/],
    ['a missing brand', { brand: undefined }, 'brand', /^Thiếu thông tin bắt buộc: Nhãn hiệu\.$/],
    ['a model that is too long', { model: 'M'.repeat(51) }, 'model', /50 ký tự/],
    ['a year as text', { manufactureYear: '2026' }, 'manufactureYear', /^Năm sản xuất phải là một số\.$/],
    ['a year before 1900', { manufactureYear: 1899 }, 'manufactureYear', /^Năm sản xuất phải lớn hơn hoặc bằng 1900\.$/],
    ['a missing colour', { color: undefined }, 'color', /^Thiếu thông tin bắt buộc: Màu sơn\.$/],
    ['an unknown origin', { origin: 'smuggled' }, 'origin', /Sản xuất, lắp ráp trong nước; Nhập khẩu/],
  ])('rejects %s', (_name, changes, path, message) => {
    expect(issuesFor(DANG_KY_XE, VALID, changes)).toEqual([{ path, message: expect.stringMatching(message) }]);
  });
});

describe('chat titles', () => {
  it.each(BUILT_IN_PROCEDURES.map((d) => [d.code, d] as const))('%s has a short name that fits a Zalo button (35 characters)', (_code, def) => {
    expect(def.shortName?.vi.length).toBeLessThanOrEqual(35);
    expect(chatTitle(def)).toBe(def.shortName!.vi);
  });

  it('cuts a long name without a short name at a word, never mid-word', () => {
    const title = chatTitle({ name: { vi: 'Thẩm định thiết kế về phòng cháy và chữa cháy; kiểm tra kết quả nghiệm thu' } });
    expect(title).toBe('Thẩm định thiết kế về phòng cháy…');
    expect(title.length).toBeLessThanOrEqual(35);
  });
});

