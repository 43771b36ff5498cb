// The zod schema of a resident's form data, built from a definition's `form` fields.
// Messages are written for residents, in Vietnamese, and name the field by its label.
import { z } from 'zod';
import type { FormField, ProcedureDefinition } from './schema.js';

/**
 * Province codes that open a 12-digit CCCD / personal identification number (Phụ lục,
 * Thông tư 07/2016/TT-BCA, kept by TT 59/2021/TT-BCA). They are the 63 provinces before the
 * 2025 merger: numbers issued before the merger keep these codes, hence the list stays valid.
 */
const CCCD_PROVINCE_CODES: Readonly<Record<string, string>> = {
  '001': 'Hà Nội', '002': 'Hà Giang', '004': 'Cao Bằng', '006': 'Bắc Kạn', '008': 'Tuyên Quang',
  '010': 'Lào Cai', '011': 'Điện Biên', '012': 'Lai Châu', '014': 'Sơn La', '015': 'Yên Bái',
  '017': 'Hòa Bình', '019': 'Thái Nguyên', '020': 'Lạng Sơn', '022': 'Quảng Ninh', '024': 'Bắc Giang',
  '025': 'Phú Thọ', '026': 'Vĩnh Phúc', '027': 'Bắc Ninh', '030': 'Hải Dương', '031': 'Hải Phòng',
  '033': 'Hưng Yên', '034': 'Thái Bình', '035': 'Hà Nam', '036': 'Nam Định', '037': 'Ninh Bình',
  '038': 'Thanh Hóa', '040': 'Nghệ An', '042': 'Hà Tĩnh', '044': 'Quảng Bình', '045': 'Quảng Trị',
  '046': 'Thừa Thiên Huế', '048': 'Đà Nẵng', '049': 'Quảng Nam', '051': 'Quảng Ngãi', '052': 'Bình Định',
  '054': 'Phú Yên', '056': 'Khánh Hòa', '058': 'Ninh Thuận', '060': 'Bình Thuận', '062': 'Kon Tum',
  '064': 'Gia Lai', '066': 'Đắk Lắk', '067': 'Đắk Nông', '068': 'Lâm Đồng', '070': 'Bình Phước',
  '072': 'Tây Ninh', '074': 'Bình Dương', '075': 'Đồng Nai', '077': 'Bà Rịa - Vũng Tàu', '079': 'TP. Hồ Chí Minh',
  '080': 'Long An', '082': 'Tiền Giang', '083': 'Bến Tre', '084': 'Trà Vinh', '086': 'Vĩnh Long',
  '087': 'Đồng Tháp', '089': 'An Giang', '091': 'Kiên Giang', '092': 'Cần Thơ', '093': 'Hậu Giang',
  '094': 'Sóc Trăng', '095': 'Bạc Liêu', '096': 'Cà Mau',
};

/** Mobile prefixes 03/05/07/08/09, written 0xxxxxxxxx or +84xxxxxxxxx. */
const MOBILE_PATTERN = /^(?:0|\+84)[35789]\d{8}$/;

/**
 * A strict object schema for `def.form`: unknown keys are rejected, optional fields may be
 * absent, text is trimmed and phone numbers come out as 0xxxxxxxxx.
 * `today` (YYYY-MM-DD, in the unit's time zone) anchors the future/past date rules.
 */
export function formDataSchema(def: ProcedureDefinition, today: string): z.ZodType<Record<string, unknown>> {
  const shape = Object.fromEntries(
    def.form.map((field) => {
      const schema = fieldSchema(field, today);
      return [field.key, field.required ? schema : schema.optional()];
    }),
  );
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `Biểu mẫu không có trường: ${issue.keys.join(', ')}.`
        : 'Dữ liệu biểu mẫu phải là một đối tượng gồm các trường.',
  });
}

function fieldSchema(field: FormField, today: string): z.ZodType {
  const label = field.label.vi;
  switch (field.type) {
    case 'text':
    case 'textarea':
      return textSchema(field, label);
    case 'number':
      return numberSchema(field, label);
    case 'date':
      return dateSchema(field, label, today);
    case 'select':
      return selectSchema(field, label);
    case 'phone':
      return phoneSchema(label);
    case 'cccd':
      return cccdSchema(label);
    case 'email':
      return z.email(expecting(label, 'một địa chỉ email hợp lệ'));
    case 'boolean':
      return z.boolean(expecting(label, 'có hoặc không'));
    case 'vin':
      return vinSchema(label);
  }
}

/** Vehicle identification (chassis) number, ISO 3779: 17 characters, no I, O or Q. */
function vinSchema(label: string) {
  return z
    .string(expecting(label, 'một số khung gồm 17 ký tự'))
    .trim()
    .toUpperCase()
    .regex(/^[A-HJ-NPR-Z0-9]{17}$/, { error: `${label} phải gồm đúng 17 chữ cái hoặc chữ số (không dùng I, O, Q).` });
}

/** Error for a missing value or a value of the wrong kind; `abort` skips the later checks. */
function expecting(label: string, what: string) {
  return {
    abort: true,
    error: (issue: { input?: unknown }) =>
      issue.input === undefined ? `Thiếu thông tin bắt buộc: ${label}.` : `${label} phải là ${what}.`,
  };
}

function textSchema(field: FormField, label: string) {
  let schema = z.string(expecting(label, 'một đoạn văn bản')).trim();
  if (field.required) schema = schema.min(1, { error: `${label} không được để trống.` });
  if (field.maxLength !== undefined) {
    schema = schema.max(field.maxLength, { error: `${label} không được dài quá ${field.maxLength} ký tự.` });
  }
  return schema;
}

function numberSchema(field: FormField, label: string) {
  let schema = z.number(expecting(label, 'một số'));
  if (field.min !== undefined) schema = schema.min(field.min, { error: `${label} phải lớn hơn hoặc bằng ${field.min}.` });
  if (field.max !== undefined) schema = schema.max(field.max, { error: `${label} phải nhỏ hơn hoặc bằng ${field.max}.` });
  return schema;
}

function dateSchema(field: FormField, label: string, today: string) {
  // The ISO check rejects impossible dates such as 2026-02-30; ISO strings compare in date order.
  const schema = z.iso.date(expecting(label, 'một ngày có thật, viết theo dạng YYYY-MM-DD'));
  switch (field.dateRule) {
    case 'future':
      return schema.refine((date) => date >= today, { error: `${label} không được là ngày đã qua.` });
    case 'past':
      return schema.refine((date) => date < today, { error: `${label} phải là một ngày trong quá khứ.` });
    case undefined:
      return schema;
  }
}

function selectSchema(field: FormField, label: string) {
  const options = field.options ?? [];
  const values = options.map((option) => option.value);
  const choices = options.map((option) => option.label.vi).join('; ');
  return z
    .string(expecting(label, 'một lựa chọn trong danh sách'))
    .refine((value) => values.includes(value), { error: `${label} phải là một trong các lựa chọn: ${choices}.` });
}

function phoneSchema(label: string) {
  return z
    .string(expecting(label, 'một số điện thoại'))
    .overwrite((phone) => phone.replace(/[\s.-]/g, '')) // residents type "090 123 4567"
    .regex(MOBILE_PATTERN, {
      abort: true,
      error: `${label} phải là số di động Việt Nam: 10 chữ số bắt đầu bằng 03, 05, 07, 08 hoặc 09 (hoặc +84 và 9 chữ số).`,
    })
    .overwrite((phone) => phone.replace(/^\+84/, '0'));
}

function cccdSchema(label: string) {
  return z
    .string(expecting(label, 'một dãy 12 chữ số'))
    .trim()
    .regex(/^\d{12}$/, { abort: true, error: `${label} phải gồm đúng 12 chữ số.` })
    .refine((cccd) => Object.hasOwn(CCCD_PROVINCE_CODES, cccd.slice(0, 3)), {
      error: `${label} không hợp lệ: 3 chữ số đầu phải là mã tỉnh, thành phố nơi đăng ký khai sinh.`,
    });
}
