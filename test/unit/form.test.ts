import { describe, it, expect } from 'vitest';
import { formDataSchema } from '../../domain/dsl/form.js';
import type { ProcedureDefinition, ProcedureDefinitionInput } from '../../domain/dsl/schema.js';
import { validateDefinition } from '../../domain/dsl/validate.js';
import { TAM_TRU } from '../../domain/procedures/tam-tru.js';

const TODAY = '2026-11-28';

function definition(input: ProcedureDefinitionInput): ProcedureDefinition {
  const result = validateDefinition(input);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.definition;
}

const tamTru = formDataSchema(definition(TAM_TRU), TODAY);

const VALID = {
  kind: 'new',
  fullName: '  Nguyễn Văn An ',
  cccd: '079090001234',
  phone: '0912345678',
  dateOfBirth: '1990-05-17',
  stayAddress: '12 Lê Văn Khương, phường Thới An, TP. Hồ Chí Minh',
  stayFrom: '2026-11-20',
  stayUntil: '2028-11-19',
};

/** path and message of every issue for VALID with `changes` applied (undefined removes a key). */
function issuesFor(changes: Record<string, unknown>): Array<{ path: string; message: string }> {
  const data = Object.fromEntries(Object.entries({ ...VALID, ...changes }).filter(([, value]) => value !== undefined));
  const result = tamTru.safeParse(data);
  return result.success ? [] : result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

describe('formDataSchema (TAM_TRU)', () => {
  it('accepts a valid submission, trimming text; optional fields may be absent', () => {
    const result = tamTru.safeParse(VALID);
    expect(result.success).toBe(true);
    expect(result.data).toMatchObject({ fullName: 'Nguyễn Văn An', phone: '0912345678' });
    expect(result.data).not.toHaveProperty('reason');
  });

  it.each(['+84912345678', '+84 912 345 678', '0912.345.678'])('normalises the phone %s to 0912345678', (phone) => {
    expect(tamTru.parse({ ...VALID, phone })).toMatchObject({ phone: '0912345678' });
  });

  it('accepts today as a stay end date ("future" means not in the past)', () => {
    expect(issuesFor({ stayUntil: TODAY })).toEqual([]);
  });

  it.each([
    ['a CCCD with an unused province code', { cccd: '003090001234' }, 'cccd', /mã tỉnh/],
    ['an 11-digit CCCD', { cccd: '07909000123' }, 'cccd', /đúng 12 chữ số/],
    ['a CCCD with letters', { cccd: '07909000123A' }, 'cccd', /đúng 12 chữ số/],
    ['a landline-style phone', { phone: '0283456789' }, 'phone', /số di động Việt Nam/],
    ['a phone with 9 digits', { phone: '091234567' }, 'phone', /số di động Việt Nam/],
    ['+84 followed by 10 digits', { phone: '+840912345678' }, 'phone', /số di động Việt Nam/],
    ['a non-existent date', { stayFrom: '2026-02-30' }, 'stayFrom', /ngày có thật/],
    ['a date in another format', { stayFrom: '20/11/2026' }, 'stayFrom', /YYYY-MM-DD/],
    ['a stay end in the past', { stayUntil: '2026-11-27' }, 'stayUntil', /Tạm trú đến ngày không được là ngày đã qua/],
    ['a birth date that is not in the past', { dateOfBirth: TODAY }, 'dateOfBirth', /quá khứ/],
    ['an unknown option', { kind: 'transfer' }, 'kind', /Đăng ký tạm trú mới; Gia hạn tạm trú/],
    ['a blank required text', { fullName: '   ' }, 'fullName', /không được để trống/],
    ['a text of the wrong type', { fullName: 42 }, 'fullName', /phải là một đoạn văn bản/],
    ['a text that is too long', { stayAddress: 'x'.repeat(301) }, 'stayAddress', /300 ký tự/],
    ['a missing required field', { fullName: undefined }, 'fullName', /Thiếu thông tin bắt buộc: Họ, chữ đệm và tên/],
    ['an unknown key', { nickname: 'An' }, '', /Biểu mẫu không có trường: nickname/],
  ])('rejects %s', (_name, changes, path, message) => {
    expect(issuesFor(changes)).toEqual([{ path, message: expect.stringMatching(message) }]);
  });
});

describe('formDataSchema (other field types)', () => {
  const schema = formDataSchema(
    definition({
      ...structuredClone(TAM_TRU),
      form: [
        { key: 'people', type: 'number', required: true, min: 1, max: 10, label: { vi: 'Số người' } },
        { key: 'email', type: 'email', label: { vi: 'Thư điện tử' } },
        { key: 'agreed', type: 'boolean', required: true, label: { vi: 'Đồng ý' } },
      ],
      // Follow-ups and messages of TAM_TRU refer to its own fields.
      states: { ...structuredClone(TAM_TRU.states), done: { type: 'end', label: { vi: 'Xong' }, outcome: 'approved' } },
      messages: { ...TAM_TRU.messages, approved: { vi: 'Xong.' }, renewalReminder: { vi: '-' }, renewalLastCall: { vi: '-' } },
    }),
    TODAY,
  );
  const messagesFor = (data: unknown) => (schema.safeParse(data).error?.issues ?? []).map((i) => [i.path.join('.'), i.message]);

  it('accepts valid values', () => {
    expect(schema.parse({ people: 2, email: 'an@example.vn', agreed: false })).toEqual({ people: 2, email: 'an@example.vn', agreed: false });
  });

  it('rejects numbers out of range, bad e-mail addresses and non-boolean answers', () => {
    expect(messagesFor({ people: 11, email: 'an@', agreed: 'yes' })).toEqual([
      ['people', 'Số người phải nhỏ hơn hoặc bằng 10.'],
      ['email', 'Thư điện tử phải là một địa chỉ email hợp lệ.'],
      ['agreed', 'Đồng ý phải là có hoặc không.'],
    ]);
  });

  it('rejects a value that is not an object', () => {
    expect(messagesFor('people=2')).toEqual([['', 'Dữ liệu biểu mẫu phải là một đối tượng gồm các trường.']]);
  });
});
