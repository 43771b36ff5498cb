// Đăng ký tạm trú và gia hạn tạm trú — the legal facts of procedures-vn.md §4.3, as data.
// Values marked ⚠️/❓ in the reference are listed in `toBeConfirmed` for the legal officer.
import type { ProcedureDefinitionInput } from '../dsl/schema.js';
import { apologyMessage, COMMON_MESSAGES, REFUSED_AND_WITHDRAWN, RESIDENCE_MESSAGES, residenceIntake, supplementWait } from './common.js';
import { decision, issued, review } from './steps.js';

const IMAGES_AND_PDF = ['image/*', 'application/pdf'];

export const TAM_TRU: ProcedureDefinitionInput = {
  code: 'TAM_TRU',
  version: 1,
  name: { vi: 'Đăng ký tạm trú, gia hạn tạm trú', en: 'Temporary residence registration and renewal' },
  shortName: { vi: 'Đăng ký, gia hạn tạm trú' },
  description: {
    vi:
      'Công dân đến sinh sống tại chỗ ở hợp pháp ngoài xã, phường nơi thường trú từ 30 ngày trở lên phải đăng ký tạm trú. ' +
      'Mỗi lần đăng ký tạm trú tối đa 2 năm và được gia hạn nhiều lần; hồ sơ gia hạn nộp trong 15 ngày trước khi hết thời hạn tạm trú. ' +
      'Cán bộ tiếp nhận kiểm tra "Tạm trú đến ngày" không quá 2 năm kể từ "Tạm trú từ ngày" (biểu mẫu chưa tự kiểm tra được điều này).',
  },
  legalBasis: [
    'Luật Cư trú số 68/2020/QH14, Điều 27 (đối tượng, thời hạn tạm trú tối đa 2 năm); Điều 28 khoản 1 (hồ sơ), khoản 3 (thời hạn 03 ngày làm việc), khoản 4 (gia hạn trong 15 ngày trước khi hết hạn)',
    'Nghị định 154/2024/NĐ-CP, sửa đổi bởi Nghị định 58/2026/NĐ-CP, Điều 5 khoản 3 (không yêu cầu giấy tờ chứng minh chỗ ở khi đã kiểm tra được trong cơ sở dữ liệu; hợp đồng không cần công chứng, chứng thực)',
    'Thông tư 55/2021/TT-BCA, sửa đổi bởi Thông tư 53/2025/TT-BCA',
    'Thông tư 66/2023/TT-BCA (biểu mẫu CT01, CT04, CT05, CT06, CT08)',
    'Thông tư 75/2022/TT-BTC (lệ phí đăng ký cư trú)',
    'Thẩm quyền: cơ quan đăng ký cư trú là Công an cấp xã nơi tạm trú (Luật Cư trú, Điều 2 khoản 4; Điều 28)',
  ],
  toBeConfirmed: [
    'Mã thủ tục quốc gia 1.004194 lấy từ danh mục thủ tục của tỉnh Lào Cai (⚠️), cần đối chiếu Cổng Dịch vụ công quốc gia.',
    'Gia hạn tạm trú là thủ tục quốc gia riêng (mã 1.002755, procedures-vn.md Phụ lục C ✅); định nghĩa này vẫn gộp đăng ký và gia hạn trong một thủ tục với mã 1.004194 — cần tách thành hai phiên bản/thủ tục.',
    'Biểu mẫu điện tử trên Zalo chính là tờ khai CT01; định nghĩa hiện vẫn nhận tệp CT01 (bắt buộc) — cần bỏ khi cán bộ pháp chế xác nhận.',
    'Miễn lệ phí nộp trực tuyến cho "công dân số" từ 15/8/2026 đến 28/2/2027 (Thông tư 117/2026/TT-BTC, ⚠️): mức trực tuyến 7.000 đồng không được in cho người dân cho đến khi xác nhận.',
    'Thời hạn tạm trú tối đa 2 năm (Luật Cư trú, Điều 27) và thời điểm nộp gia hạn (15 ngày trước khi hết hạn, Điều 28) chưa được kiểm tra tự động.',
    'Thông tư 116/2026/TT-BCA (hiệu lực 1/7/2026) được cho là thay thế Thông tư 55/2021/TT-BCA và có thể đánh số lại các biểu mẫu (⚠️).',
    'Nghị định 58/2026: hợp đồng thuê, mượn, ở nhờ không cần công chứng, chứng thực; chủ nhà có thể đồng ý qua VNeID (⚠️).',
    'Không yêu cầu lại giấy tờ chứng minh chỗ ở hợp pháp khi thông tin đã có trong Cơ sở dữ liệu về cư trú (Nghị định 58/2026): cách áp dụng cần xác nhận.',
    'Thời gian chờ bổ sung hồ sơ 30 ngày là quy định của đơn vị, không phải của pháp luật (❓).',
    'Các trường hợp miễn lệ phí theo Thông tư 75/2022/TT-BTC chưa được liệt kê (❓).',
    'Phân bổ 3 ngày làm việc: 2 ngày thẩm định, 1 ngày phê duyệt là đề xuất, cần lãnh đạo đơn vị xác nhận.',
  ],
  nationalCode: '1.004194',
  authority: 'ward',
  deadline: {
    workingDays: 3,
    confirmed: true,
    startsAt: 'review',
    apology: { extendBy: { workingDays: 2 }, template: 'apology' },
  },
  fee: {
    vnd: 15000,
    onlineVnd: 7000,
    confirmed: true,
    // TT 117/2026/TT-BTC is reported to waive online filing 15/8/2026–28/2/2027 (⚠️): not printed as settled.
    onlineConfirmed: false,
    note: {
      vi: 'Lệ phí đăng ký, gia hạn tạm trú: 15.000 đồng khi nộp tại trụ sở, 7.000 đồng khi nộp trực tuyến; đăng ký theo danh sách: 10.000 / 5.000 đồng mỗi người.',
    },
  },
  forms: { application: 'CT01', receipt: 'CT04', supplement: 'CT05', refusal: 'CT06', result: 'CT08' },
  form: [
    {
      key: 'kind',
      type: 'select',
      required: true,
      label: { vi: 'Nội dung đề nghị', en: 'Request' },
      options: [
        { value: 'new', label: { vi: 'Đăng ký tạm trú mới', en: 'New registration' } },
        { value: 'renewal', label: { vi: 'Gia hạn tạm trú', en: 'Renewal' } },
      ],
    },
    { key: 'fullName', type: 'text', required: true, maxLength: 100, label: { vi: 'Họ, chữ đệm và tên', en: 'Full name' } },
    { key: 'cccd', type: 'cccd', required: true, label: { vi: 'Số định danh cá nhân (CCCD)', en: 'Personal identification number' } },
    { key: 'phone', type: 'phone', required: true, label: { vi: 'Số điện thoại', en: 'Phone number' } },
    { key: 'dateOfBirth', type: 'date', required: true, dateRule: 'past', label: { vi: 'Ngày sinh', en: 'Date of birth' } },
    { key: 'stayAddress', type: 'text', required: true, maxLength: 300, label: { vi: 'Địa chỉ nơi tạm trú', en: 'Address of stay' } },
    { key: 'stayFrom', type: 'date', required: true, label: { vi: 'Tạm trú từ ngày', en: 'Staying from' } },
    {
      key: 'stayUntil',
      type: 'date',
      required: true,
      dateRule: 'future',
      label: { vi: 'Tạm trú đến ngày', en: 'Staying until' },
      help: { vi: 'Tối đa 2 năm kể từ ngày bắt đầu tạm trú.', en: 'At most 2 years from the start of the stay.' },
    },
    { key: 'reason', type: 'textarea', maxLength: 1000, label: { vi: 'Lý do tạm trú (làm việc, học tập…)', en: 'Reason for the stay' } },
  ],
  documents: [
    {
      key: 'ct01',
      formCode: 'CT01',
      required: true,
      accept: IMAGES_AND_PDF,
      label: { vi: 'Tờ khai thay đổi thông tin cư trú (mẫu CT01)', en: 'Residence information change form (CT01)' },
    },
    {
      key: 'residenceProof',
      // Not asked for when the office can check it in the national databases or VNeID (ND 154/2024 Art 5.3 as amended, ⚠️).
      required: false,
      accept: IMAGES_AND_PDF,
      label: {
        vi:
          'Giấy tờ chứng minh chỗ ở hợp pháp (giấy tờ sở hữu, hợp đồng thuê, mượn, ở nhờ — không cần công chứng, chứng thực; xác nhận chỗ ở của cơ quan, trường học…), ' +
          'nếu thông tin chưa có trong cơ sở dữ liệu quốc gia hoặc VNeID',
        en: 'Proof of lawful residence, unless the national databases or VNeID already hold it (a lease needs no notarisation)',
      },
    },
    {
      key: 'guardianConsent',
      required: false,
      accept: IMAGES_AND_PDF,
      label: {
        vi: 'Ý kiến đồng ý của cha, mẹ hoặc người giám hộ (người chưa thành niên, người được giám hộ), nếu chưa ghi trong CT01',
        en: "Parent's or guardian's consent",
      },
    },
  ],
  initial: 'intake',
  withdrawTo: 'withdrawn',
  states: {
    intake: residenceIntake(8),
    supplement: supplementWait(),
    review: review({
      label: { vi: 'Thẩm định hồ sơ', en: 'Review' },
      due: { workingDays: 2 },
      remindBefore: { workingHours: 4 },
      notify: 'received',
      approve: { to: 'decision', label: 'Đề xuất phê duyệt' },
      supplement: 'Yêu cầu bổ sung (CT05)',
      back: { to: 'intake', label: 'Trả lại bộ phận tiếp nhận' },
    }),
    decision: decision({
      label: { vi: 'Lãnh đạo phê duyệt', en: 'Decision' },
      due: { workingDays: 1 },
      remindBefore: { workingHours: 4 },
      approve: { to: 'issued', label: 'Phê duyệt' },
      reject: 'Từ chối giải quyết (CT06)',
      back: { to: 'review', label: 'Trả lại để thẩm định lại' },
    }),
    issued: issued({ vi: 'Cập nhật Cơ sở dữ liệu về cư trú', en: 'Result issued' }),
    done: {
      type: 'end',
      label: { vi: 'Đã đăng ký tạm trú', en: 'Registered' },
      outcome: 'approved',
      notify: 'approved',
      survey: 'survey',
      followUps: [
        { at: { field: 'stayUntil', offset: { days: -15 } }, template: 'renewalReminder' },
        { at: { field: 'stayUntil', offset: { days: -2 } }, template: 'renewalLastCall' },
      ],
    },
    ...REFUSED_AND_WITHDRAWN,
  },
  messages: {
    ...COMMON_MESSAGES,
    ...RESIDENCE_MESSAGES,
    submitted: {
      vi: '{unitName} đã nhận hồ sơ {procedure} gửi trực tuyến của {applicantName}. Hồ sơ đang được kiểm tra; kết quả tiếp nhận sẽ được báo trong 1 ngày làm việc.',
    },
    approved: {
      vi:
        'THÔNG BÁO KẾT QUẢ GIẢI QUYẾT THỦ TỤC ĐĂNG KÝ CƯ TRÚ (CT08)\n' +
        'Hồ sơ {code}: thông tin tạm trú của {applicantName} tại {field.stayAddress} đến ngày {field.stayUntil} đã được cập nhật vào Cơ sở dữ liệu về cư trú.\n' +
        'Không cấp sổ tạm trú giấy: bạn xem kết quả trong mục Thông tin cư trú của ứng dụng VNeID. ' +
        'Khi cần giấy tờ chứng minh, bạn có thể đề nghị cấp Xác nhận thông tin về cư trú (mẫu CT07) trên VNeID, Cổng Dịch vụ công quốc gia hoặc tại {unitName}.',
    },
    apology: apologyMessage(),
    renewalReminder: {
      vi:
        'Thời hạn tạm trú của {applicantName} tại {field.stayAddress} sẽ hết vào ngày {field.stayUntil}. ' +
        'Từ nay bạn có thể làm thủ tục gia hạn tạm trú trên VNeID, Cổng Dịch vụ công quốc gia hoặc tại {unitName}.',
    },
    renewalLastCall: {
      vi:
        'Chỉ còn 2 ngày nữa thời hạn tạm trú tại {field.stayAddress} sẽ hết ({field.stayUntil}). ' +
        'Nếu vẫn ở tại đây, vui lòng gia hạn ngay; nếu đã chuyển đi, hãy báo {unitName} để xóa đăng ký tạm trú.',
    },
  },
};
