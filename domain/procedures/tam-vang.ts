// Khai báo tạm vắng — the legal facts of procedures-vn.md §4.4, as data.
// Values marked ⚠️/❓ in the reference are listed in `toBeConfirmed` for the legal officer.
import type { ProcedureDefinitionInput } from '../dsl/schema.js';
import { COMMON_MESSAGES, REFUSED_AND_WITHDRAWN, RESIDENCE_MESSAGES, residenceIntake, supplementMessages, supplementWait } from './common.js';
import { decision, issued, review } from './steps.js';

const IMAGES_AND_PDF = ['image/*', 'application/pdf'];

export const TAM_VANG: ProcedureDefinitionInput = {
  code: 'TAM_VANG',
  version: 1,
  name: { vi: 'Khai báo tạm vắng', en: 'Declaration of temporary absence' },
  shortName: { vi: 'Khai báo tạm vắng' },
  description: {
    vi:
      'Người thuộc các trường hợp tại khoản 1 Điều 31 Luật Cư trú khai báo tạm vắng với Công an xã, phường nơi cư trú. ' +
      'Trường hợp tại điểm a, b, c phải khai báo trước khi đi; người thuộc điểm a, b nộp kèm văn bản đồng ý của cơ quan có thẩm quyền giám sát, quản lý, giáo dục. ' +
      'Trường hợp tại điểm d có thể khai báo trực tiếp, qua điện thoại hoặc trực tuyến. ' +
      'Cán bộ tiếp nhận kiểm tra "Tạm vắng đến ngày" sau "Tạm vắng từ ngày" và thời gian vắng đủ điều kiện của trường hợp đã chọn (biểu mẫu chưa tự kiểm tra được điều này).',
  },
  legalBasis: [
    'Luật Cư trú số 68/2020/QH14, Điều 31',
    'Nghị định 154/2024/NĐ-CP, sửa đổi bởi Nghị định 58/2026/NĐ-CP',
    'Thông tư 55/2021/TT-BCA, sửa đổi bởi Thông tư 53/2025/TT-BCA',
    'Thông tư 66/2023/TT-BCA (biểu mẫu CT03, CT04, CT05, CT06)',
  ],
  toBeConfirmed: [
    'Trường hợp phức tạp được giải quyết trong không quá 02 ngày làm việc (Điều 31): định nghĩa giữ thời hạn luật định 01 ngày làm việc; engine chưa có thao tác để cán bộ xác định "phức tạp" và chuyển hồ sơ sang thời hạn 02 ngày.',
    'Không gửi thư xin lỗi, hẹn lại (deadline.apology): với thời hạn 01 ngày làm việc, mốc "01 ngày làm việc trước hạn" rơi vào chính ngày tiếp nhận, nên thư sẽ được gửi ngay khi tiếp nhận hồ sơ.',
    'Lệ phí: khai báo tạm vắng không có trong danh mục lệ phí của Thông tư 75/2022/TT-BTC (⚠️); định nghĩa ghi "không thu lệ phí" (0 đồng) cho tới khi được xác nhận.',
    'Điểm c khoản 1 Điều 31 tính phạm vi "đi khỏi phạm vi huyện", cấp huyện không còn từ 1/7/2025; Luật 118/2025/QH15 có sửa lại câu chữ hay không chưa rõ (❓). Phạm vi áp dụng của điểm c cần cán bộ pháp chế xác định.',
    'Thời hạn tạm vắng ở trường hợp điểm d là thời gian người dân tự khai (theo quy định trước năm 2021, ⚠️), cần xác nhận.',
    'Kết quả: phiếu khai báo tạm vắng (CT03) có xác nhận, hay thông báo kết quả (CT08) (✅/⚠️); định nghĩa ghi CT03.',
    'Khai báo trực tuyến thay cho phiếu CT03 có chữ ký hay không cần xác nhận; định nghĩa để tệp phiếu CT03 là không bắt buộc.',
    'Văn bản đồng ý của cơ quan giám sát, quản lý chỉ bắt buộc với điểm a, b: engine chưa có giấy tờ bắt buộc theo điều kiện, nên cán bộ tiếp nhận kiểm tra.',
    'Thông tư 116/2026/TT-BCA (hiệu lực 1/7/2026) được cho là thay thế Thông tư 55/2021/TT-BCA và có thể đánh số lại các biểu mẫu (⚠️).',
    'Thời gian chờ bổ sung hồ sơ 30 ngày là quy định của đơn vị, không phải của pháp luật (❓).',
    'Phân bổ 01 ngày làm việc: 4 giờ làm việc thẩm định, 4 giờ làm việc phê duyệt là đề xuất, cần lãnh đạo đơn vị xác nhận.',
  ],
  authority: 'ward',
  deadline: { workingDays: 1, confirmed: true, startsAt: 'review' },
  fee: { vnd: 0, note: { vi: 'Không thu lệ phí (khai báo tạm vắng không có trong danh mục lệ phí đăng ký cư trú của Thông tư 75/2022/TT-BTC).' } },
  forms: { application: 'CT03', receipt: 'CT04', supplement: 'CT05', refusal: 'CT06', result: 'CT03' },
  form: [
    {
      key: 'absenceCase',
      type: 'select',
      required: true,
      label: { vi: 'Trường hợp khai báo tạm vắng (khoản 1 Điều 31 Luật Cư trú)', en: 'Case (Residence Law Art 31.1)' },
      help: {
        vi:
          'a) Bị can, bị cáo đang tại ngoại; người bị kết án phạt tù chưa có quyết định thi hành án hoặc được hoãn, tạm đình chỉ chấp hành án; người được hưởng án treo đang trong thời gian thử thách; người chấp hành án quản chế, cải tạo không giam giữ; người được tha tù trước thời hạn có điều kiện đang trong thời gian thử thách. ' +
          'b) Người đang chấp hành biện pháp giáo dục tại xã, phường; người phải chấp hành biện pháp đưa vào trường giáo dưỡng, cơ sở giáo dục bắt buộc, cơ sở cai nghiện bắt buộc nhưng đang được hoãn hoặc tạm đình chỉ; người đang bị quản lý trong thời gian làm thủ tục áp dụng biện pháp xử lý hành chính. ' +
          'c) Người trong độ tuổi thực hiện nghĩa vụ quân sự hoặc đang phải thực hiện nghĩa vụ khác đối với Nhà nước theo quyết định của cơ quan có thẩm quyền. ' +
          'd) Người không thuộc các trường hợp trên đi khỏi xã, phường nơi thường trú, trừ khi đã đăng ký tạm trú ở nơi ở mới hoặc đã xuất cảnh ra nước ngoài.',
      },
      options: [
        {
          value: 'criminalProceedings',
          label: { vi: 'Điểm a: bị can, bị cáo tại ngoại; người chấp hành án ngoài trại giam (đi khỏi xã, phường từ 01 ngày trở lên)' },
        },
        {
          value: 'administrativeMeasure',
          label: { vi: 'Điểm b: người chấp hành, được hoãn hoặc đang bị xem xét biện pháp xử lý hành chính (đi khỏi xã, phường từ 01 ngày trở lên)' },
        },
        {
          value: 'stateObligation',
          label: { vi: 'Điểm c: người trong độ tuổi nghĩa vụ quân sự hoặc có nghĩa vụ khác với Nhà nước (đi khỏi nơi cư trú từ 03 tháng liên tục trở lên)' },
        },
        {
          value: 'longAbsence',
          label: { vi: 'Điểm d: người khác đi khỏi xã, phường nơi thường trú từ 12 tháng liên tục trở lên' },
        },
      ],
    },
    { key: 'fullName', type: 'text', required: true, maxLength: 100, label: { vi: 'Họ, chữ đệm và tên', en: 'Full name' } },
    { key: 'cccd', type: 'cccd', required: true, label: { vi: 'Số định danh cá nhân (CCCD)', en: 'Personal identification number' } },
    { key: 'phone', type: 'phone', required: true, label: { vi: 'Số điện thoại', en: 'Phone number' } },
    { key: 'dateOfBirth', type: 'date', required: true, dateRule: 'past', label: { vi: 'Ngày sinh', en: 'Date of birth' } },
    { key: 'residenceAddress', type: 'text', required: true, maxLength: 300, label: { vi: 'Địa chỉ nơi cư trú', en: 'Address of residence' } },
    { key: 'absentFrom', type: 'date', required: true, label: { vi: 'Tạm vắng từ ngày', en: 'Absent from' } },
    {
      key: 'absentUntil',
      type: 'date',
      required: true,
      dateRule: 'future',
      label: { vi: 'Tạm vắng đến ngày', en: 'Absent until' },
      help: { vi: 'Ngày dự kiến trở về nơi cư trú.', en: 'Expected date of return.' },
    },
    {
      key: 'destination',
      type: 'text',
      required: true,
      maxLength: 300,
      label: { vi: 'Nơi đến trong thời gian tạm vắng (địa chỉ)', en: 'Destination address during the absence' },
    },
    { key: 'reason', type: 'textarea', required: true, maxLength: 1000, label: { vi: 'Lý do tạm vắng', en: 'Reason for the absence' } },
  ],
  documents: [
    {
      key: 'ct03',
      formCode: 'CT03',
      required: false,
      accept: IMAGES_AND_PDF,
      label: {
        vi: 'Phiếu khai báo tạm vắng (mẫu CT03) đã kê khai, nếu có; nội dung tờ khai trực tuyến được dùng để lập phiếu',
        en: 'Absence declaration form (CT03), if already filled in',
      },
    },
    {
      key: 'supervisorConsent',
      required: false,
      accept: IMAGES_AND_PDF,
      label: {
        vi: 'Văn bản đồng ý của cơ quan có thẩm quyền giám sát, quản lý, giáo dục (bắt buộc với trường hợp điểm a, b)',
        en: 'Written consent of the supervising authority (cases a and b)',
      },
    },
  ],
  initial: 'intake',
  withdrawTo: 'withdrawn',
  states: {
    intake: residenceIntake(4),
    supplement: supplementWait(),
    review: review({
      label: { vi: 'Kiểm tra thông tin, lập phiếu khai báo tạm vắng', en: 'Review' },
      due: { workingHours: 4 },
      remindBefore: { workingHours: 2 },
      notify: 'received',
      approve: { to: 'decision', label: 'Đề xuất xác nhận khai báo' },
      supplement: 'Yêu cầu bổ sung (CT05)',
    }),
    decision: decision({
      label: { vi: 'Lãnh đạo xác nhận', en: 'Decision' },
      due: { workingHours: 4 },
      remindBefore: { workingHours: 2 },
      approve: { to: 'recorded', label: 'Xác nhận khai báo tạm vắng' },
      reject: 'Từ chối giải quyết (CT06)',
      back: { to: 'review', label: 'Trả lại để kiểm tra lại' },
    }),
    recorded: issued({ vi: 'Cập nhật Cơ sở dữ liệu về cư trú', en: 'Recorded' }),
    done: {
      type: 'end',
      label: { vi: 'Đã khai báo tạm vắng', en: 'Declared' },
      outcome: 'approved',
      notify: 'approved',
      survey: 'survey',
      followUps: [{ at: { field: 'absentUntil' }, template: 'absenceEnds' }],
    },
    ...REFUSED_AND_WITHDRAWN,
  },
  messages: {
    ...COMMON_MESSAGES,
    ...RESIDENCE_MESSAGES,
    submitted: {
      vi: '{unitName} đã nhận khai báo tạm vắng của {applicantName} (từ ngày {field.absentFrom} đến ngày {field.absentUntil}). Hồ sơ đang được kiểm tra; kết quả tiếp nhận sẽ được báo trong ngày làm việc.',
    },
    ...supplementMessages('PHIẾU HƯỚNG DẪN BỔ SUNG, HOÀN THIỆN HỒ SƠ (CT05)', 'Người thuộc trường hợp điểm a, b, c phải hoàn tất khai báo trước khi đi khỏi nơi cư trú.'),
    approved: {
      vi:
        'THÔNG BÁO KẾT QUẢ KHAI BÁO TẠM VẮNG\n' +
        'Hồ sơ {code}: khai báo tạm vắng của {applicantName} từ ngày {field.absentFrom} đến ngày {field.absentUntil}, nơi đến: {field.destination}, đã được xác nhận và cập nhật vào Cơ sở dữ liệu về cư trú. ' +
        'Bạn xem thông tin trong mục Thông tin cư trú của ứng dụng VNeID.\n' +
        'Nếu trở về sớm hơn, thay đổi nơi đến hoặc cần vắng lâu hơn, vui lòng báo {unitName}.',
    },
    withdrawn: {
      vi: 'Hồ sơ {code} ({procedure}) đã dừng xử lý do được rút hoặc không được bổ sung đúng hạn. Nếu vẫn có nhu cầu, bạn có thể khai báo lại.',
    },
    absenceEnds: {
      vi:
        'Hôm nay ({field.absentUntil}) là ngày kết thúc thời gian tạm vắng bạn đã khai báo với {unitName} (hồ sơ {code}). ' +
        'Nếu đã trở về, vui lòng báo {unitName} để cập nhật thông tin; nếu còn tiếp tục vắng mặt, vui lòng khai báo tạm vắng mới trên VNeID, Cổng Dịch vụ công quốc gia hoặc tại {unitName}.',
    },
    taskReminder: {
      vi: 'Nhắc việc: hồ sơ {code} ({procedure}) đang ở bước "{state}", hạn xử lý {dueDate}. Thời hạn khai báo tạm vắng chỉ 01 ngày làm việc.',
    },
  },
};
