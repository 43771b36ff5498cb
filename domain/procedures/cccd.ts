// Cấp, cấp đổi, cấp lại thẻ căn cước — procedures-vn.md §4.9 and §8.7, as data.
// Values marked ⚠️/❓ in the reference are listed in `toBeConfirmed` for the legal officer.
import type { ProcedureDefinitionInput } from '../dsl/schema.js';
import { apologyMessage, COMMON_MESSAGES, REFUSED_AND_WITHDRAWN, rejectWith, requestSupplement, supplementMessages, supplementWait } from './common.js';

const IMAGES_AND_PDF = ['image/*', 'application/pdf'];

/** Ages at which the card must be exchanged (Luật Căn cước 26/2023/QH15) ✅. */
export const RENEWAL_AGES = [14, 25, 40, 60] as const;

/**
 * Days from a date of birth to the `age`-th birthday, for a follow-up offset (offsets are whole
 * days from the dateOfBirth field, the same for every resident). The true count is 365·age plus
 * the 29 Februaries in between, which depends on the date of birth: 3 or 4 for 14 years, 6 or 7
 * for 25, exactly 10 for 40 and 15 for 60 (for births before 2040; a span over 28/02/2100, which
 * is not a leap day, has one less). 365·age + ⌊age/4⌋ is the smaller count, so the computed day is
 * the birthday itself or the day before it, never after it: a reminder is at most one day early.
 */
export function daysToBirthday(age: number): number {
  return 365 * age + Math.floor(age / 4);
}

/** Reminders before each exchange age: the window (about three months ahead) and a last call. */
const RENEWAL_NOTICES = [
  { daysBefore: 90, suffix: 'Window' },
  { daysBefore: 7, suffix: 'LastCall' },
] as const;

const renewalTemplate = (age: number, suffix: string) => `renewal${age}${suffix}`;

const renewalMessages = Object.fromEntries(
  RENEWAL_AGES.flatMap((age) => [
    [
      renewalTemplate(age, 'Window'),
      {
        vi:
          `Còn khoảng 3 tháng nữa {field.fullName} đủ ${age} tuổi, mốc tuổi phải cấp đổi thẻ căn cước theo Luật Căn cước. ` +
          'Bạn có thể làm thủ tục cấp đổi ngay từ bây giờ trên ứng dụng VNeID, Cổng Dịch vụ công quốc gia hoặc tại Công an xã, phường. ' +
          `Nếu thẻ hiện tại được cấp hoặc cấp đổi trong vòng 2 năm trước khi đủ ${age} tuổi, thẻ vẫn có giá trị đến mốc tuổi tiếp theo và bạn không cần làm thủ tục.`,
      },
    ],
    [
      renewalTemplate(age, 'LastCall'),
      {
        vi:
          `Còn 7 ngày nữa {field.fullName} đủ ${age} tuổi. Nếu chưa cấp đổi thẻ căn cước, vui lòng làm thủ tục sớm trên VNeID hoặc tại Công an xã, phường ` +
          `(không cần nếu thẻ được cấp hoặc cấp đổi trong vòng 2 năm trước khi đủ ${age} tuổi).`,
      },
    ],
  ]),
);

/** Fees per request type from 1/7/2025 to 31/12/2026: half of TT 73/2024 (TT 64/2025) ✅; the same online. */
export const HALVED_FEES = { fromCccd: 15_000, exchange: 25_000, reissue: 35_000, lost: 35_000 } as const;
/** TT 73/2024/TT-BTC before the halving (docs/reference/procedures-vn.md §4.9). */
export const FULL_FEES = { fromCccd: 30_000, exchange: 50_000, reissue: 70_000, lost: 70_000 } as const;

/** One fee row per request type of `fees`, within the given dates and status. */
function feeRows(fees: Record<keyof typeof HALVED_FEES, number>, extra: { from?: string; until?: string; confirmed?: boolean }) {
  return (Object.keys(fees) as Array<keyof typeof fees>).map((requestType) => ({
    when: { field: 'requestType', op: 'eq' as const, value: requestType },
    vnd: fees[requestType],
    ...extra,
  }));
}

export const CCCD: ProcedureDefinitionInput = {
  code: 'CCCD',
  version: 1,
  name: { vi: 'Cấp, cấp đổi, cấp lại thẻ căn cước', en: 'Identity card: first issue, exchange, re-issue' },
  shortName: { vi: 'Cấp, đổi, cấp lại thẻ căn cước' },
  description: {
    vi:
      'Công dân đề nghị cấp thẻ căn cước lần đầu, đổi thẻ Căn cước công dân sang thẻ căn cước, cấp đổi (đủ 14, 25, 40, 60 tuổi; thẻ hư hỏng; thay đổi thông tin…) ' +
      'hoặc cấp lại (bị mất, được trở lại quốc tịch Việt Nam). Sau khi hồ sơ được kiểm tra, công dân đặt lịch đến Công an xã, phường để thu nhận ảnh chân dung, vân tay, mống mắt; ' +
      'người dưới 14 tuổi đi cùng cha, mẹ hoặc người giám hộ. Thẻ được trả trong 07 ngày làm việc kể từ khi tiếp nhận đủ hồ sơ, nhận trực tiếp hoặc qua bưu chính; ' +
      'căn cước điện tử có trên ứng dụng VNeID.',
  },
  legalBasis: [
    'Luật Căn cước số 26/2023/QH15 (hiệu lực 1/7/2024), Điều 26 (thời hạn 07 ngày làm việc); tuổi cấp đổi 14, 25, 40, 60; Điều 38 khoản 2–3 (không thu lệ phí khi cấp đổi ở các mốc tuổi, do sắp xếp đơn vị hành chính, do sai sót của cơ quan quản lý)',
    'Nghị định 70/2024/NĐ-CP, sửa đổi bởi Nghị định 58/2026/NĐ-CP',
    'Thông tư 17/2024/TT-BCA, sửa đổi bởi Thông tư 53/2025/TT-BCA',
    'Thông tư 73/2024/TT-BTC (lệ phí); Thông tư 64/2025/TT-BTC (giảm 50% từ 1/7/2025 đến 31/12/2026); Thông tư 71/2025/TT-BTC (miễn lệ phí)',
    'Quyết định 5230/QĐ-BCA-C06 ngày 18/8/2026 (hợp nhất thủ tục cấp, cấp đổi, cấp lại thẻ căn cước)',
  ],
  toBeConfirmed: [
    'Quyết định 5230/QĐ-BCA-C06 (⚠️): thủ tục hợp nhất, nộp tại bất kỳ Công an cấp xã nào không phụ thuộc nơi cư trú. Định nghĩa giao hồ sơ cho Công an xã, phường nơi nộp, không kiểm tra nơi cư trú.',
    'Thông tư 118/2026/TT-BCA sửa đổi Thông tư 17/2024/TT-BCA (⚠️): nội dung chưa rõ.',
    'Biểu mẫu theo Thông tư 17/2024/TT-BCA (⚠️, procedures-vn.md Phụ lục C): DC02 là tờ khai đề nghị, CC02 là phiếu tiếp nhận, CC03 là phiếu từ chối, CC01 là phiếu thu nhận thông tin do cán bộ lập; Quyết định 5230 có thể đánh số khác.',
    'Lệ phí giảm 50% hết hiệu lực sau 31/12/2026 (Thông tư 64/2025/TT-BTC, ngày kết thúc ⚠️): từ 1/1/2027 bảng lệ phí ghi mức đủ của Thông tư 73/2024/TT-BTC nhưng chưa xác nhận, nên không được in cho người dân.',
    'Thời hạn 05 ngày làm việc cho cấp lại toàn trình trực tuyến (thẻ mất, hư hỏng) (⚠️) chưa được mô hình hóa: định nghĩa dùng 07 ngày làm việc cho mọi trường hợp.',
    'Miễn lệ phí theo Thông tư 71/2025/TT-BTC (trẻ em, người cao tuổi, người khuyết tật, hộ nghèo…) chưa được liệt kê (❓).',
    'Miễn phí khi nộp trực tuyến qua VNeID mức 2 từ 15/8/2026 đến 28/2/2027 (Thông tư 117/2026/TT-BTC, ⚠️) chưa được mô hình hóa.',
    'Người dưới 6 tuổi nộp trực tuyến qua người đại diện, không thu nhận sinh trắc học; định nghĩa luôn đặt lịch thu nhận sinh trắc học. Thông tin sinh trắc học thu nhận theo độ tuổi (⚠️).',
    'Nhắc cấp đổi ở các mốc 14, 25, 40, 60 tuổi: 90 ngày và 7 ngày trước ngày sinh nhật, tính bằng số ngày cố định từ ngày sinh (365 × tuổi + số năm nhuận tối thiểu), ' +
      'nên có thể sớm hơn 1 ngày với mốc 14 và 25 tuổi. Người sinh ngày 29/02: ngày sinh nhật năm không nhuận được tính là 28/02 hoặc 01/03 (❓).',
    'Thẻ được cấp, cấp đổi trong vòng 2 năm trước một mốc tuổi có giá trị đến mốc tiếp theo ✅, nhưng lời nhắc không có điều kiện: lời nhắc cho mốc đó vẫn được gửi (nội dung tin có nói rõ trường hợp này). ' +
      'Mỗi hồ sơ nhắc mọi mốc tuổi còn lại, nên người làm thẻ nhiều lần có thể nhận lời nhắc trùng.',
    'Hình thức nhận "chuyển phát" chưa bắt buộc nhập địa chỉ nhận thẻ (biểu mẫu chưa có điều kiện giữa các trường); cước bưu chính không thuộc lệ phí.',
    'Đặt lịch thu nhận sinh trắc học trong 30 ngày, quá hạn coi như rút hồ sơ: quy định của đơn vị, không phải của pháp luật (❓).',
    'Phân bổ 07 ngày làm việc: 1 ngày thẩm định, tối đa 5 ngày làm việc chờ sản xuất thẻ (quá hạn chuyển lãnh đạo đôn đốc), 1 ngày trả thẻ: đề xuất, cần lãnh đạo đơn vị xác nhận.',
    'Thời gian chờ bổ sung hồ sơ 30 ngày là quy định của đơn vị, không phải của pháp luật (❓).',
  ],
  authority: 'ward',
  deadline: {
    workingDays: 7,
    confirmed: true,
    startsAt: 'review',
    apology: { extendBy: { workingDays: 2 }, template: 'apology' },
  },
  fee: {
    vnd: 0,
    confirmed: true,
    // TT 117/2026/TT-BTC is reported to waive online filing 15/8/2026–28/2/2027 (⚠️): not printed as settled.
    onlineConfirmed: false,
    table: [
      // Luật Căn cước Art 38: no fee at the exchange ages, after a reorganisation, for the agency's errors.
      { when: { field: 'requestType', op: 'in', value: ['exchangeAge', 'exchangeReorganisation', 'exchangeAgencyError'] }, vnd: 0 },
      ...feeRows(HALVED_FEES, { until: '2026-12-31' }),
      // The halving's end date is ⚠️: the full amounts from 1/1/2027 stay unconfirmed (not printed).
      ...feeRows(FULL_FEES, { from: '2027-01-01', confirmed: false }),
    ],
    note: {
      vi:
        'Cấp thẻ lần đầu (kể cả khi đủ 14 tuổi): miễn phí. Đổi thẻ Căn cước công dân sang thẻ căn cước: 30.000 đồng; cấp đổi: 50.000 đồng; cấp lại: 70.000 đồng (Thông tư 73/2024/TT-BTC). ' +
        'Từ 1/7/2025 đến 31/12/2026 thu 50%: 15.000 / 25.000 / 35.000 đồng (Thông tư 64/2025/TT-BTC). Nộp trực tuyến cùng mức. Các trường hợp miễn theo Thông tư 71/2025/TT-BTC.',
    },
  },
  forms: { application: 'DC02', receipt: 'CC02', supplement: 'Mẫu 02', refusal: 'CC03', apology: 'Mẫu 04' },
  form: [
    {
      key: 'requestType',
      type: 'select',
      required: true,
      label: { vi: 'Nội dung đề nghị', en: 'Request' },
      options: [
        { value: 'first', label: { vi: 'Cấp thẻ căn cước lần đầu', en: 'First issue' } },
        { value: 'fromCccd', label: { vi: 'Đổi thẻ Căn cước công dân sang thẻ căn cước', en: 'Exchange of a citizen identity card' } },
        { value: 'exchangeAge', label: { vi: 'Cấp đổi thẻ khi đủ 14, 25, 40, 60 tuổi (miễn lệ phí)', en: 'Exchange at 14, 25, 40 or 60 (no fee)' } },
        {
          value: 'exchangeReorganisation',
          label: { vi: 'Cấp đổi do thay đổi địa giới, tên đơn vị hành chính (miễn lệ phí)', en: 'Exchange after an administrative reorganisation (no fee)' },
        },
        { value: 'exchangeAgencyError', label: { vi: 'Cấp đổi do sai sót của cơ quan quản lý (miễn lệ phí)', en: 'Exchange for an error of the managing agency (no fee)' } },
        {
          value: 'exchange',
          label: { vi: 'Cấp đổi thẻ căn cước (thẻ hư hỏng, thay đổi thông tin, theo nhu cầu)', en: 'Exchange (damage, changed data, on request)' },
        },
        { value: 'reissue', label: { vi: 'Cấp lại thẻ căn cước (được trở lại quốc tịch Việt Nam)', en: 'Re-issue (nationality regained)' } },
        { value: 'lost', label: { vi: 'Cấp lại thẻ căn cước bị mất', en: 'Re-issue of a lost card' } },
      ],
    },
    { key: 'fullName', type: 'text', required: true, maxLength: 100, label: { vi: 'Họ, chữ đệm và tên người được cấp thẻ', en: 'Full name of the card holder' } },
    { key: 'cccd', type: 'cccd', required: true, label: { vi: 'Số định danh cá nhân', en: 'Personal identification number' } },
    { key: 'dateOfBirth', type: 'date', required: true, dateRule: 'past', label: { vi: 'Ngày sinh', en: 'Date of birth' } },
    { key: 'phone', type: 'phone', required: true, label: { vi: 'Số điện thoại', en: 'Phone number' } },
    {
      key: 'changeReason',
      type: 'textarea',
      maxLength: 500,
      label: { vi: 'Lý do cấp đổi, cấp lại hoặc thông tin thay đổi', en: 'Reason for the exchange or re-issue' },
    },
    {
      key: 'receiveMethod',
      type: 'select',
      required: true,
      label: { vi: 'Hình thức nhận thẻ', en: 'How to receive the card' },
      options: [
        { value: 'pickup', label: { vi: 'Nhận trực tiếp tại nơi làm thủ tục', en: 'Collect in person' } },
        { value: 'post', label: { vi: 'Chuyển phát đến địa chỉ theo yêu cầu', en: 'Delivery by post' } },
      ],
    },
    {
      key: 'deliveryAddress',
      type: 'text',
      maxLength: 300,
      label: { vi: 'Địa chỉ nhận thẻ', en: 'Delivery address' },
      help: { vi: 'Ghi khi chọn nhận thẻ qua bưu chính.', en: 'When the card is sent by post.' },
    },
  ],
  documents: [
    {
      key: 'application',
      formCode: 'DC02',
      required: false,
      accept: IMAGES_AND_PDF,
      label: { vi: 'Tờ khai căn cước (mẫu DC02), nếu không khai trực tuyến', en: 'Application form (DC02), unless filed online' },
    },
    {
      key: 'changeProof',
      required: false,
      accept: IMAGES_AND_PDF,
      label: {
        vi: 'Giấy tờ chứng minh thông tin thay đổi (khi cấp đổi do thay đổi thông tin), nếu chưa có trong Cơ sở dữ liệu quốc gia về dân cư',
        en: 'Proof of changed personal data, if not in the national population database',
      },
    },
    {
      key: 'guardianDocument',
      required: false,
      accept: IMAGES_AND_PDF,
      label: { vi: 'Giấy tờ của cha, mẹ hoặc người giám hộ (người dưới 14 tuổi)', en: "Guardian's documents (under 14)" },
    },
  ],
  initial: 'intake',
  withdrawTo: 'withdrawn',
  states: {
    intake: {
      type: 'task',
      label: { vi: 'Kiểm tra hồ sơ, đối chiếu dữ liệu dân cư', en: 'Intake check' },
      role: 'receiver',
      due: { workingHours: 8 },
      notify: 'submitted',
      remind: [{ before: { workingHours: 2 }, template: 'taskReminder' }],
      escalate: { toRole: 'chief', template: 'taskEscalated' },
      actions: {
        accept: { to: 'biometrics', label: { vi: 'Hồ sơ hợp lệ, mời đặt lịch thu nhận sinh trắc học' } },
        requestSupplement: requestSupplement('Yêu cầu bổ sung (Mẫu 02)'),
        reject: rejectWith('Từ chối tiếp nhận (CC03)'),
      },
    },
    supplement: supplementWait(),
    biometrics: {
      type: 'appointment',
      label: { vi: 'Thu nhận ảnh chân dung, vân tay, mống mắt', en: 'Biometric capture' },
      kind: 'biometrics',
      role: 'officer',
      notify: 'bookBiometrics',
      booked: 'biometricsBooked',
      remind: { before: { days: 1 }, template: 'biometricsReminder' },
      bookWithin: { after: { days: 30 }, then: 'withdrawn' },
      attended: 'review',
      noShow: 'biometrics',
    },
    review: {
      type: 'task',
      label: { vi: 'Thẩm định, phê duyệt hồ sơ', en: 'Review' },
      role: 'officer',
      due: { workingDays: 1 },
      notify: 'received',
      remind: [{ before: { workingHours: 4 }, template: 'taskReminder' }],
      escalate: { toRole: 'chief', template: 'taskEscalated' },
      actions: {
        approve: { to: 'produce', label: { vi: 'Phê duyệt, chuyển sản xuất thẻ' } },
        requestSupplement: requestSupplement('Yêu cầu bổ sung (Mẫu 02)', 'reviewSupplement'),
        reject: rejectWith('Từ chối cấp thẻ, nêu rõ lý do'),
      },
    },
    reviewSupplement: {
      type: 'applicant',
      label: { vi: 'Chờ người dân bổ sung hồ sơ sau thẩm định', en: 'Waiting for the supplement (review)' },
      notify: 'supplementRequested',
      expires: { after: { days: 30 }, then: 'withdrawn' },
      remind: [{ every: { days: 2 }, template: 'supplementReminder', max: 2 }],
      onSubmit: 'review',
    },
    produce: {
      type: 'system',
      label: { vi: 'Gửi yêu cầu sản xuất thẻ', en: 'Card ordered' },
      run: 'sendToCardProduction',
      next: 'awaitCard',
    },
    awaitCard: {
      type: 'external',
      label: { vi: 'Chờ sản xuất thẻ', en: 'Card in production' },
      event: 'cardProduced',
      next: 'cardReceived',
      timeout: { after: { workingDays: 5 }, then: 'cardDelayed' },
    },
    cardDelayed: {
      type: 'task',
      label: { vi: 'Thẻ chưa sản xuất xong: lãnh đạo đôn đốc', en: 'Card production late' },
      role: 'chief',
      due: { workingDays: 1 },
      remind: [{ before: { workingHours: 4 }, template: 'taskReminder' }],
      actions: {
        keepWaiting: { to: 'awaitCard', label: { vi: 'Đã đôn đốc, tiếp tục chờ sản xuất thẻ' }, requires: ['note'] },
        cardArrived: { to: 'cardReceived', label: { vi: 'Thẻ đã về đơn vị (xác nhận thủ công)' }, requires: ['note'] },
      },
    },
    cardReceived: {
      type: 'system',
      label: { vi: 'Ghi nhận thẻ đã sản xuất', en: 'Card produced' },
      run: 'recordCardProduced',
      next: 'handover',
    },
    handover: {
      type: 'task',
      label: { vi: 'Trả thẻ căn cước', en: 'Card handover' },
      role: 'receiver',
      notify: 'cardReady',
      actions: {
        handedOver: { to: 'done', label: { vi: 'Đã trao thẻ tận tay' } },
        posted: { to: 'done', label: { vi: 'Đã gửi thẻ qua bưu chính' } },
      },
    },
    done: {
      type: 'end',
      label: { vi: 'Đã trả thẻ căn cước', en: 'Card delivered' },
      outcome: 'approved',
      notify: 'approved',
      survey: 'survey',
      followUps: RENEWAL_AGES.flatMap((age) =>
        RENEWAL_NOTICES.map((n) => ({
          at: { field: 'dateOfBirth', offset: { days: daysToBirthday(age) - n.daysBefore } },
          template: renewalTemplate(age, n.suffix),
        })),
      ),
    },
    ...REFUSED_AND_WITHDRAWN,
  },
  messages: {
    ...COMMON_MESSAGES,
    submitted: {
      vi:
        '{unitName} đã nhận hồ sơ đề nghị "{field.requestType}" của {field.fullName}. ' +
        'Hồ sơ đang được đối chiếu với Cơ sở dữ liệu quốc gia về dân cư; trong 1 ngày làm việc bạn sẽ được mời đặt lịch thu nhận sinh trắc học.',
    },
    ...supplementMessages('PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ (Mẫu 02)'),
    bookBiometrics: {
      vi:
        'Hồ sơ {code}: vui lòng chọn lịch đến {unitName} để thu nhận ảnh chân dung, vân tay, mống mắt trong vòng 30 ngày; quá thời hạn này hồ sơ sẽ dừng xử lý. ' +
        'Nếu đã lỡ lịch hẹn trước đó, hãy chọn lịch mới. Mang theo thẻ đang sử dụng (nếu có); người dưới 14 tuổi đi cùng cha, mẹ hoặc người giám hộ.',
    },
    biometricsBooked: {
      vi: 'Lịch thu nhận sinh trắc học cho hồ sơ {code}: {appointment} tại {unitName}. Nếu cần đổi lịch, vui lòng chọn lại trước giờ hẹn.',
    },
    biometricsReminder: {
      vi: 'Nhắc lịch: {appointment} mời {field.fullName} đến {unitName} thu nhận ảnh chân dung, vân tay, mống mắt (hồ sơ {code}).',
    },
    received: {
      vi:
        'PHIẾU TIẾP NHẬN HỒ SƠ CĂN CƯỚC (CC02)\n' +
        '{unitName} đã thu nhận thông tin sinh trắc học và tiếp nhận hồ sơ "{field.requestType}" của {field.fullName}.\n' +
        'Mã hồ sơ: {code}\n' +
        'Hạn trả kết quả: {dueDate}\n' +
        'Hình thức nhận thẻ: {field.receiveMethod}\n' +
        'Lệ phí: {fee}. Mức thu đã giảm 50% đến hết ngày 31/12/2026; người thuộc diện miễn lệ phí theo Thông tư 71/2025/TT-BTC không phải nộp.',
    },
    cardReady: {
      vi:
        'Thẻ căn cước của {field.fullName} (hồ sơ {code}) đã sản xuất xong. Hình thức nhận thẻ bạn đã chọn: {field.receiveMethod}. ' +
        'Nếu nhận trực tiếp, vui lòng đến {unitName} trong giờ làm việc và mang theo giấy hẹn; nếu chọn bưu chính, thẻ sẽ được gửi đến địa chỉ bạn đã đăng ký.',
    },
    approved: {
      vi:
        'THÔNG BÁO KẾT QUẢ\n' +
        'Hồ sơ {code}: thẻ căn cước của {field.fullName} đã được trả. Căn cước điện tử được cập nhật trên ứng dụng VNeID. ' +
        'Thẻ phải cấp đổi khi đủ 14, 25, 40 và 60 tuổi; chúng tôi sẽ nhắc bạn trước các mốc này.',
    },
    rejected: {
      vi:
        'PHIẾU TỪ CHỐI TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ (CC03)\n' +
        'Hồ sơ {code} ({procedure}) không được giải quyết.\n' +
        'Lý do: {reason}\n' +
        'Nếu cần hướng dẫn thêm, bạn có thể nhắn tin cho Zalo OA này hoặc liên hệ {unitName}.',
    },
    withdrawn: {
      vi: 'Hồ sơ {code} ({procedure}) đã dừng xử lý do được rút, không được bổ sung hoặc không đặt lịch thu nhận sinh trắc học đúng hạn. Nếu vẫn có nhu cầu, bạn có thể nộp hồ sơ mới.',
    },
    apology: apologyMessage('Mẫu 04'),
    ...renewalMessages,
  },
};
