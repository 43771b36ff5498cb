// Điều chỉnh thông tin về cư trú (formerly "điều chỉnh sổ hộ khẩu") — procedures-vn.md §4.5, as data.
// Values marked ⚠️/❓ in the reference are listed in `toBeConfirmed` for the legal officer.
import type { ProcedureDefinitionInput } from '../dsl/schema.js';
import { apologyMessage, COMMON_MESSAGES, REFUSED_AND_WITHDRAWN, RESIDENCE_MESSAGES, residenceIntake, supplementWait } from './common.js';
import { decision, issued, review } from './steps.js';

const IMAGES_AND_PDF = ['image/*', 'application/pdf'];

export const CU_TRU_DIEU_CHINH: ProcedureDefinitionInput = {
  code: 'CU_TRU_DIEU_CHINH',
  version: 1,
  name: { vi: 'Điều chỉnh thông tin về cư trú', en: 'Adjustment of residence information' },
  shortName: { vi: 'Điều chỉnh thông tin cư trú' },
  description: {
    vi:
      'Điều chỉnh thông tin về cư trú trong Cơ sở dữ liệu về cư trú (thay cho "điều chỉnh sổ hộ khẩu" trước đây; sổ hộ khẩu, sổ tạm trú giấy hết giá trị từ 1/1/2023) khi: ' +
      'thay đổi chủ hộ; thay đổi thông tin về hộ tịch (họ, chữ đệm, tên, ngày sinh…) so với thông tin đã lưu; ' +
      'hoặc thay đổi địa chỉ do điều chỉnh địa giới, tên đơn vị hành chính, tên đường, số nhà. ' +
      'Khi thay đổi hộ tịch, hồ sơ nộp trong 30 ngày kể từ ngày có quyết định của cơ quan có thẩm quyền (cán bộ tiếp nhận kiểm tra; biểu mẫu chưa tự kiểm tra được điều này).',
  },
  legalBasis: [
    'Luật Cư trú số 68/2020/QH14, Điều 26',
    'Nghị định 154/2024/NĐ-CP, sửa đổi bởi Nghị định 58/2026/NĐ-CP',
    'Thông tư 55/2021/TT-BCA, sửa đổi bởi Thông tư 53/2025/TT-BCA',
    'Thông tư 66/2023/TT-BCA (biểu mẫu CT01, CT04, CT05, CT06, CT08)',
  ],
  toBeConfirmed: [
    'Thời hạn giải quyết 03 ngày làm việc lấy từ danh mục thủ tục của tỉnh Tiền Giang (⚠️), cần đối chiếu văn bản gốc.',
    'Lệ phí: danh mục thủ tục không ghi lệ phí (⚠️); định nghĩa ghi "không thu lệ phí" (0 đồng) cho tới khi được xác nhận.',
    'Thay đổi địa chỉ do sắp xếp đơn vị hành chính năm 2025: theo thực tiễn được đưa tin, Công an tự cập nhật mà người dân không phải nộp hồ sơ (⚠️/❓); lựa chọn này vẫn được giữ để người dân đề nghị khi dữ liệu chưa được cập nhật.',
    'Việc điều chỉnh có tự động thực hiện qua liên thông sau khi đăng ký hộ tịch (khai sinh, kết hôn, thay đổi họ tên) hay không chưa được xác nhận (❓).',
    'Không yêu cầu lại giấy tờ chứng minh khi thông tin đã có trong Cơ sở dữ liệu hộ tịch điện tử, dân cư (Nghị định 58/2026, Luật 118/2025/QH15 ⚠️): định nghĩa để giấy tờ chứng minh là không bắt buộc, cán bộ tiếp nhận yêu cầu bổ sung khi cần.',
    'Thông tư 116/2026/TT-BCA (hiệu lực 1/7/2026) được cho là thay thế Thông tư 55/2021/TT-BCA và có thể đánh số lại các biểu mẫu (⚠️).',
    'Thời gian chờ bổ sung hồ sơ 30 ngày là quy định của đơn vị, không phải của pháp luật (❓).',
    'Phân bổ 3 ngày làm việc: 2 ngày thẩm định, 1 ngày phê duyệt là đề xuất, cần lãnh đạo đơn vị xác nhận.',
  ],
  authority: 'ward',
  deadline: {
    workingDays: 3,
    confirmed: true,
    startsAt: 'review',
    apology: { extendBy: { workingDays: 2 }, template: 'apology' },
  },
  fee: { vnd: 0, note: { vi: 'Không thu lệ phí (danh mục thủ tục không quy định lệ phí điều chỉnh thông tin về cư trú).' } },
  forms: { application: 'CT01', receipt: 'CT04', supplement: 'CT05', refusal: 'CT06', result: 'CT08' },
  form: [
    {
      key: 'changeKind',
      type: 'select',
      required: true,
      label: { vi: 'Nội dung đề nghị điều chỉnh', en: 'What changes' },
      options: [
        { value: 'householdHead', label: { vi: 'Thay đổi chủ hộ', en: 'New head of household' } },
        {
          value: 'civilStatus',
          label: { vi: 'Thay đổi thông tin về hộ tịch (họ, chữ đệm, tên, ngày sinh…)', en: 'Changed civil-status data' },
        },
        {
          value: 'address',
          label: { vi: 'Thay đổi địa chỉ do điều chỉnh đơn vị hành chính, tên đường, số nhà', en: 'Address renamed or renumbered' },
        },
      ],
    },
    { key: 'fullName', type: 'text', required: true, maxLength: 100, label: { vi: 'Họ, chữ đệm và tên', en: 'Full name' } },
    { key: 'cccd', type: 'cccd', required: true, label: { vi: 'Số định danh cá nhân (CCCD)', en: 'Personal identification number' } },
    { key: 'phone', type: 'phone', required: true, label: { vi: 'Số điện thoại', en: 'Phone number' } },
    { key: 'dateOfBirth', type: 'date', required: true, dateRule: 'past', label: { vi: 'Ngày sinh', en: 'Date of birth' } },
    { key: 'residenceAddress', type: 'text', required: true, maxLength: 300, label: { vi: 'Địa chỉ nơi cư trú', en: 'Address of residence' } },
    {
      key: 'currentInfo',
      type: 'textarea',
      required: true,
      maxLength: 1000,
      label: { vi: 'Thông tin đang lưu trong Cơ sở dữ liệu về cư trú', en: 'Information as currently recorded' },
    },
    {
      key: 'newInfo',
      type: 'textarea',
      required: true,
      maxLength: 1000,
      label: { vi: 'Thông tin đề nghị điều chỉnh', en: 'Information after the change' },
    },
    {
      key: 'changeDecidedOn',
      type: 'date',
      label: { vi: 'Ngày có quyết định thay đổi hộ tịch', en: 'Date of the civil-status decision' },
      help: {
        vi: 'Trường hợp thay đổi thông tin về hộ tịch: hồ sơ nộp trong 30 ngày kể từ ngày này.',
        en: 'For civil-status changes: file within 30 days of this date.',
      },
    },
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
      key: 'changeProof',
      required: false,
      accept: IMAGES_AND_PDF,
      label: {
        vi: 'Giấy tờ, tài liệu chứng minh việc điều chỉnh (quyết định, trích lục thay đổi hộ tịch…), nếu thông tin chưa có trong Cơ sở dữ liệu hộ tịch điện tử',
        en: 'Proof of the change',
      },
    },
    {
      key: 'householdAgreement',
      required: false,
      accept: IMAGES_AND_PDF,
      label: {
        vi: 'Ý kiến thống nhất của các thành viên hộ gia đình về chủ hộ mới, nếu chưa ghi trong CT01',
        en: "Household members' agreement on the new head",
      },
    },
  ],
  initial: 'intake',
  withdrawTo: 'withdrawn',
  states: {
    intake: residenceIntake(8),
    supplement: supplementWait(),
    review: review({
      label: { vi: 'Thẩm định, đối chiếu thông tin', en: 'Review' },
      due: { workingDays: 2 },
      remindBefore: { workingHours: 4 },
      notify: 'received',
      approve: { to: 'decision', label: 'Đề xuất điều chỉnh' },
      supplement: 'Yêu cầu bổ sung (CT05)',
      back: { to: 'intake', label: 'Trả lại bộ phận tiếp nhận' },
    }),
    decision: decision({
      label: { vi: 'Lãnh đạo phê duyệt', en: 'Decision' },
      due: { workingDays: 1 },
      remindBefore: { workingHours: 4 },
      approve: { to: 'updated', label: 'Phê duyệt' },
      reject: 'Từ chối điều chỉnh (CT06)',
      back: { to: 'review', label: 'Trả lại để thẩm định lại' },
    }),
    updated: issued({ vi: 'Cập nhật Cơ sở dữ liệu về cư trú', en: 'Record updated' }),
    done: {
      type: 'end',
      label: { vi: 'Đã điều chỉnh thông tin', en: 'Adjusted' },
      outcome: 'approved',
      notify: 'approved',
      survey: 'survey',
    },
    ...REFUSED_AND_WITHDRAWN,
  },
  messages: {
    ...COMMON_MESSAGES,
    ...RESIDENCE_MESSAGES,
    submitted: {
      vi: '{unitName} đã nhận hồ sơ {procedure} ({field.changeKind}) gửi trực tuyến của {applicantName}. Hồ sơ đang được kiểm tra; kết quả tiếp nhận sẽ được báo trong 1 ngày làm việc.',
    },
    approved: {
      vi:
        'THÔNG BÁO KẾT QUẢ GIẢI QUYẾT THỦ TỤC ĐĂNG KÝ CƯ TRÚ (CT08)\n' +
        'Hồ sơ {code} ({field.changeKind}): thông tin về cư trú của {applicantName} đã được điều chỉnh trong Cơ sở dữ liệu về cư trú.\n' +
        'Thông tin sau điều chỉnh: {field.newInfo}\n' +
        'Bạn xem kết quả trong mục Thông tin cư trú của ứng dụng VNeID; khi cần giấy tờ chứng minh, bạn có thể đề nghị cấp Xác nhận thông tin về cư trú (mẫu CT07).',
    },
    apology: apologyMessage(),
  },
};
