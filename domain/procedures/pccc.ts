// Thẩm định thiết kế về PCCC; kiểm tra kết quả nghiệm thu về PCCC — procedures-vn.md §4.6 and §8.4, as data.
// Values marked ⚠️/❓ in the reference are listed in `toBeConfirmed` for the legal officer.
//
// The statutory time under ND 105/2025 is NOT established (❓). The reference says the definition
// has no default SLA and stays in draft until the figure is supplied; the catalogue still needs a
// runnable definition, so `deadline.workingDays` holds a PLACEHOLDER (see PLACEHOLDER_WORKING_DAYS),
// flagged first in `toBeConfirmed`. Because of it, no resident message states a due date and no
// apology letter is configured: both would rest on an invented figure.
import type { ProcedureDefinitionInput } from '../dsl/schema.js';
import { COMMON_MESSAGES, REFUSED_AND_WITHDRAWN, rejectWith, requestSupplement, supplementWait } from './common.js';
import { decision, issued } from './steps.js';

const IMAGES_AND_PDF = ['image/*', 'application/pdf'];
const PDF = ['application/pdf'];

/** NOT a legal figure: a stand-in so the definition runs until the legal officer supplies the ND 105/2025 time limit. */
export const PLACEHOLDER_WORKING_DAYS = 15;

/** Request types; only the acceptance check includes an on-site inspection. */
const PCCC_REQUEST_TYPES = { designAppraisal: 'designAppraisal', acceptanceCheck: 'acceptanceCheck' } as const;

export const PCCC: ProcedureDefinitionInput = {
  code: 'PCCC',
  version: 1,
  name: {
    vi: 'Thẩm định thiết kế về phòng cháy và chữa cháy; kiểm tra kết quả nghiệm thu về phòng cháy và chữa cháy',
    en: 'Fire safety design appraisal; fire safety acceptance check',
  },
  shortName: { vi: 'Thẩm định, nghiệm thu PCCC' },
  description: {
    vi:
      'Chủ đầu tư dự án, công trình thuộc diện quản lý về phòng cháy, chữa cháy đề nghị Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ Công an cấp tỉnh ' +
      'thẩm định thiết kế về PCCC hoặc kiểm tra kết quả nghiệm thu về PCCC trước khi đưa công trình vào sử dụng. ' +
      'Hồ sơ được thẩm định song song theo từng chuyên ngành (kiến trúc – giao thông, hệ thống báo cháy và chữa cháy, điện – chống sét); ' +
      'hồ sơ kiểm tra nghiệm thu có thêm buổi kiểm tra thực tế tại công trình theo lịch hẹn. ' +
      'Thời hạn giải quyết theo Nghị định 105/2025/NĐ-CP chưa được xác định: thời hạn trong định nghĩa này chỉ là giá trị giữ chỗ.',
  },
  legalBasis: [
    'Luật Phòng cháy, chữa cháy và cứu nạn, cứu hộ số 55/2024/QH15 (hiệu lực 1/7/2025)',
    'Nghị định 105/2025/NĐ-CP ngày 15/5/2025 (thay thế Nghị định 136/2020/NĐ-CP và Nghị định 50/2024/NĐ-CP)',
    'Thông tư 258/2016/TT-BTC (phí thẩm định phê duyệt thiết kế về PCCC), được cho là thay thế bởi Thông tư 70/2025/TT-BTC (⚠️ mức thu chưa có): phí phải nộp, không miễn',
  ],
  toBeConfirmed: [
    `THỜI HẠN GIẢI QUYẾT CHƯA ĐƯỢC XÁC ĐỊNH (❓): ${PLACEHOLDER_WORKING_DAYS} ngày làm việc trong "deadline" là GIÁ TRỊ GIỮ CHỖ, không có căn cứ pháp lý, chỉ để định nghĩa chạy được trong danh mục. ` +
      'Theo tài liệu tham chiếu §8.4, thủ tục không được công bố cho người dân trước khi cán bộ pháp chế xác định thời hạn theo Nghị định 105/2025/NĐ-CP ' +
      '(có thể khác nhau giữa thẩm định thiết kế và kiểm tra nghiệm thu, và theo nhóm dự án). Khi có thời hạn: thêm ngày hẹn {dueDate} vào phiếu tiếp nhận và cấu hình thư xin lỗi (deadline.apology).',
    'Phân bổ thời gian giữ chỗ: 1 ngày tiếp nhận, 5 ngày làm việc cho mỗi nhánh thẩm định chuyên ngành, 2 ngày làm việc phê duyệt; cần lãnh đạo đơn vị xác định lại cùng với thời hạn luật định.',
    'Phí thẩm định thiết kế theo Thông tư 258/2016/TT-BTC tính theo tỷ lệ % tổng mức đầu tư (có mức tối thiểu, tối đa) (⚠️); chưa rõ đã được thay thế sau 1/7/2025 hay chưa (❓). ' +
      'Schema chưa có bảng phí theo tỷ lệ: fee.vnd = 0 chỉ là giá trị giữ chỗ, KHÔNG có nghĩa là miễn phí; tin nhắn không dùng biến {fee}.',
    'Thẩm quyền: định nghĩa giao cho Công an cấp tỉnh (Cảnh sát PCCC&CNCH). Dự án quan trọng quốc gia thuộc Cục C07; phân định với Công an cấp xã (cơ sở nhỏ, hộ gia đình) chưa rõ (❓).',
    'Mẫu PC11 (⚠️) là văn bản đề nghị thẩm định thiết kế; mẫu văn bản đề nghị kiểm tra kết quả nghiệm thu theo Nghị định 105/2025/NĐ-CP chưa xác định (❓).',
    'Mẫu phiếu tiếp nhận, yêu cầu bổ sung, từ chối ghi theo Thông tư 01/2018/TT-VPCP (Mẫu 01–03); Thông tư 03/2025/TT-VPCP được cho là giữ số hiệu này (⚠️).',
    'Ba nhánh thẩm định chuyên ngành (kiến trúc – giao thông; hệ thống báo cháy, chữa cháy; điện – chống sét) là đề xuất tổ chức công việc, không phải quy định pháp luật.',
    'Chỉ hồ sơ kiểm tra nghiệm thu có bước kiểm tra thực tế tại công trình; thẩm định thiết kế chỉ xét hồ sơ. Cần xác nhận theo Nghị định 105/2025/NĐ-CP.',
    'Một nhánh thẩm định không đạt thì hồ sơ bị từ chối (kèm lý do); thực tế có thể yêu cầu chỉnh sửa thiết kế thay vì từ chối — bước song song của engine hiện chỉ có hai thao tác đạt / không đạt.',
    'Đồng hồ thời hạn bắt đầu từ bước tiếp nhận (engine chỉ cho phép bắt đầu ở một bước xử lý của cán bộ, không ở bước thẩm định song song), nên thời gian kiểm tra tính đầy đủ cũng được tính.',
    'Thời gian chờ bổ sung hồ sơ 30 ngày là quy định của đơn vị, không phải của pháp luật (❓).',
    'Tên văn bản kết quả (văn bản thẩm định thiết kế về PCCC; văn bản chấp thuận kết quả nghiệm thu) lấy từ nguồn thứ cấp (⚠️).',
    'Luật 118/2025/QH15 sửa đổi Luật PCCC&CNCH từ 1/7/2026 (⚠️); ảnh hưởng tới thủ tục này chưa rõ.',
  ],
  authority: 'province',
  deadline: {
    workingDays: PLACEHOLDER_WORKING_DAYS,
    startsAt: 'intake',
  },
  fee: {
    vnd: 0,
    note: {
      vi:
        'Phí thẩm định thiết kế về PCCC tính theo tỷ lệ phần trăm tổng mức đầu tư, có mức tối thiểu và tối đa (Thông tư 258/2016/TT-BTC, cần xác nhận còn hiệu lực); ' +
        'cán bộ tiếp nhận thông báo mức thu cụ thể. Giá trị 0 là giá trị giữ chỗ, không có nghĩa là miễn phí.',
    },
  },
  forms: { application: 'PC11', receipt: 'Mẫu 01', supplement: 'Mẫu 02', refusal: 'Mẫu 03' },
  form: [
    {
      key: 'requestType',
      type: 'select',
      required: true,
      label: { vi: 'Nội dung đề nghị', en: 'Request' },
      options: [
        { value: PCCC_REQUEST_TYPES.designAppraisal, label: { vi: 'Thẩm định thiết kế về PCCC', en: 'Design appraisal' } },
        { value: PCCC_REQUEST_TYPES.acceptanceCheck, label: { vi: 'Kiểm tra kết quả nghiệm thu về PCCC', en: 'Acceptance check' } },
      ],
    },
    { key: 'projectName', type: 'text', required: true, maxLength: 300, label: { vi: 'Tên dự án, công trình', en: 'Project name' } },
    { key: 'projectAddress', type: 'text', required: true, maxLength: 300, label: { vi: 'Địa điểm xây dựng', en: 'Project address' } },
    { key: 'investorName', type: 'text', required: true, maxLength: 200, label: { vi: 'Chủ đầu tư', en: 'Investor' } },
    { key: 'contactName', type: 'text', required: true, maxLength: 100, label: { vi: 'Người liên hệ', en: 'Contact person' } },
    { key: 'phone', type: 'phone', required: true, label: { vi: 'Số điện thoại liên hệ', en: 'Phone number' } },
    { key: 'email', type: 'email', label: { vi: 'Thư điện tử', en: 'Email' } },
    { key: 'floors', type: 'number', required: true, min: 1, max: 200, label: { vi: 'Số tầng (kể cả tầng hầm)', en: 'Number of storeys (incl. basements)' } },
    { key: 'floorArea', type: 'number', required: true, min: 1, label: { vi: 'Tổng diện tích sàn (m²)', en: 'Total floor area (m²)' } },
    {
      key: 'totalInvestment',
      type: 'number',
      min: 0,
      label: { vi: 'Tổng mức đầu tư (đồng)', en: 'Total investment (VND)' },
      help: { vi: 'Dùng để tính phí thẩm định thiết kế.', en: 'Used to compute the appraisal fee.' },
    },
    {
      key: 'designAppraisalRef',
      type: 'text',
      maxLength: 200,
      label: { vi: 'Số, ngày văn bản thẩm định thiết kế về PCCC đã được cấp', en: 'Reference of the design appraisal document' },
      help: { vi: 'Ghi khi đề nghị kiểm tra kết quả nghiệm thu.', en: 'For an acceptance check.' },
    },
  ],
  documents: [
    {
      key: 'application',
      formCode: 'PC11',
      required: true,
      accept: IMAGES_AND_PDF,
      label: {
        vi: 'Văn bản đề nghị thẩm định thiết kế về PCCC (mẫu PC11) hoặc văn bản đề nghị kiểm tra kết quả nghiệm thu về PCCC',
        en: 'Request for design appraisal (PC11) or for an acceptance check',
      },
    },
    {
      key: 'designDrawings',
      required: true,
      accept: PDF,
      maxSizeMb: 25,
      label: {
        vi: 'Hồ sơ thiết kế thể hiện các nội dung về PCCC (bản vẽ, thuyết minh) hoặc hồ sơ hoàn công',
        en: 'Fire safety design drawings and specifications, or as-built drawings',
      },
    },
    {
      key: 'legalDocuments',
      required: false,
      accept: IMAGES_AND_PDF,
      label: { vi: 'Văn bản pháp lý của dự án (quyết định chủ trương đầu tư, giấy phép…), nếu chưa có trong cơ sở dữ liệu', en: 'Project approvals' },
    },
    {
      key: 'acceptanceRecords',
      required: false,
      accept: IMAGES_AND_PDF,
      maxSizeMb: 25,
      label: {
        vi: 'Biên bản thử nghiệm, nghiệm thu các hệ thống PCCC và báo cáo kết quả nghiệm thu của chủ đầu tư (khi đề nghị kiểm tra nghiệm thu)',
        en: 'Test and acceptance records (acceptance check)',
      },
    },
  ],
  initial: 'intake',
  withdrawTo: 'withdrawn',
  states: {
    intake: {
      type: 'task',
      label: { vi: 'Tiếp nhận, kiểm tra hồ sơ', en: 'Intake check' },
      role: 'receiver',
      due: { workingHours: 8 },
      notify: 'submitted',
      remind: [{ before: { workingHours: 2 }, template: 'taskReminder' }],
      escalate: { toRole: 'chief', template: 'taskEscalated' },
      actions: {
        accept: { to: 'reviews', label: { vi: 'Tiếp nhận hồ sơ (Mẫu 01), chuyển thẩm định' } },
        requestSupplement: requestSupplement('Yêu cầu bổ sung (Mẫu 02)'),
        reject: rejectWith('Từ chối tiếp nhận (Mẫu 03)'),
      },
    },
    supplement: supplementWait('Chờ chủ đầu tư bổ sung hồ sơ', 5),
    reviews: {
      type: 'parallel',
      label: { vi: 'Thẩm định chuyên ngành', en: 'Specialist reviews' },
      notify: 'received',
      branches: {
        architecture: {
          label: { vi: 'Kiến trúc, giao thông, ngăn cháy và thoát nạn', en: 'Architecture, access, compartments and escape' },
          role: 'officer',
          due: { workingDays: 5 },
        },
        fireSystems: {
          label: { vi: 'Hệ thống báo cháy, chữa cháy, hút khói', en: 'Fire alarm, suppression and smoke control' },
          role: 'officer',
          due: { workingDays: 5 },
        },
        electrical: {
          label: { vi: 'Hệ thống điện, chống sét, chống tĩnh điện', en: 'Electrical, lightning and static protection' },
          role: 'officer',
          due: { workingDays: 5 },
        },
      },
      onApproved: 'route',
      onRejected: 'rejected',
    },
    route: {
      type: 'choice',
      label: { vi: 'Phân luồng theo nội dung đề nghị', en: 'Routing by request' },
      choices: [{ when: { field: 'requestType', op: 'eq', value: PCCC_REQUEST_TYPES.acceptanceCheck }, next: 'siteInspection' }],
      otherwise: 'decision',
    },
    siteInspection: {
      type: 'appointment',
      label: { vi: 'Kiểm tra thực tế tại công trình', en: 'On-site inspection' },
      kind: 'site_inspection',
      role: 'officer',
      notify: 'inspectionToBook',
      booked: 'inspectionBooked',
      remind: { before: { days: 1 }, template: 'inspectionReminder' },
      attended: 'decision',
      noShow: 'siteInspection',
    },
    decision: decision({
      label: { vi: 'Lãnh đạo phê duyệt kết quả', en: 'Decision' },
      due: { workingDays: 2 },
      remindBefore: { workingHours: 4 },
      approve: { to: 'issued', label: 'Phê duyệt, ký văn bản kết quả' },
      reject: 'Từ chối, nêu rõ lý do',
      back: { to: 'reviews', label: 'Trả lại để thẩm định lại' },
    }),
    issued: issued({ vi: 'Ban hành văn bản kết quả', en: 'Result issued' }),
    done: {
      type: 'end',
      label: { vi: 'Đã có kết quả thẩm định, kiểm tra', en: 'Approved' },
      outcome: 'approved',
      notify: 'approved',
      survey: 'survey',
    },
    ...REFUSED_AND_WITHDRAWN,
  },
  messages: {
    ...COMMON_MESSAGES,
    submitted: {
      vi:
        '{unitName} đã nhận hồ sơ "{field.requestType}" của {applicantName} cho công trình {field.projectName}. ' +
        'Hồ sơ đang được kiểm tra tính đầy đủ; kết quả tiếp nhận sẽ được báo trong 1 ngày làm việc.',
    },
    received: {
      vi:
        'GIẤY TIẾP NHẬN HỒ SƠ (Mẫu 01)\n' +
        '{unitName} đã tiếp nhận hồ sơ "{field.requestType}" đối với công trình {field.projectName} ({field.projectAddress}) của chủ đầu tư {field.investorName}.\n' +
        'Mã hồ sơ: {code}\n' +
        'Hồ sơ được thẩm định song song theo chuyên ngành: kiến trúc – giao thông, hệ thống báo cháy và chữa cháy, điện – chống sét. ' +
        'Ngày hẹn trả kết quả và mức phí thẩm định sẽ được cán bộ thông báo.\n' +
        'Bạn có thể tra cứu tình trạng hồ sơ bằng mã hồ sơ hoặc nhắn mã hồ sơ cho Zalo OA này.',
    },
    supplementRequested: {
      vi:
        'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ (Mẫu 02)\n' +
        'Hồ sơ {code} (công trình {field.projectName}) cần bổ sung:\n' +
        '{missingDocuments}\n' +
        'Vui lòng gửi bổ sung trong 30 ngày; quá thời hạn này hồ sơ được coi như đã rút. ' +
        'Thời hạn giải quyết được tính lại từ đầu khi hồ sơ đầy đủ.',
    },
    supplementReminder: {
      vi: 'Nhắc nhở: hồ sơ {code} (công trình {field.projectName}) vẫn đang chờ bổ sung: {missingDocuments}. Hồ sơ chỉ được giải quyết sau khi nhận đủ giấy tờ.',
    },
    inspectionToBook: {
      vi:
        'Hồ sơ {code}: các nội dung thẩm định chuyên ngành đã đạt. ' +
        'Vui lòng chọn lịch để đoàn kiểm tra của {unitName} kiểm tra thực tế tại công trình {field.projectName} ({field.projectAddress}); ' +
        'nếu đã lỡ lịch trước đó, hãy chọn lại lịch mới. Chủ đầu tư, đơn vị thi công và đơn vị tư vấn giám sát cần có mặt và chuẩn bị vận hành thử các hệ thống PCCC.',
    },
    inspectionBooked: {
      vi: 'Lịch kiểm tra thực tế công trình {field.projectName} (hồ sơ {code}): {appointment}. Nếu cần đổi lịch, vui lòng chọn lại trước giờ hẹn.',
    },
    inspectionReminder: {
      vi: 'Nhắc lịch: đoàn kiểm tra của {unitName} sẽ kiểm tra thực tế công trình {field.projectName} lúc {appointment}. Vui lòng bố trí người có trách nhiệm có mặt.',
    },
    approved: {
      vi:
        'THÔNG BÁO KẾT QUẢ\n' +
        'Hồ sơ {code}: {unitName} đã hoàn thành "{field.requestType}" đối với công trình {field.projectName}. ' +
        'Văn bản kết quả (văn bản thẩm định thiết kế về PCCC hoặc văn bản chấp thuận kết quả nghiệm thu về PCCC) được trả theo hình thức bạn đã đăng ký.',
    },
    rejected: {
      vi:
        'PHIẾU TỪ CHỐI TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ (Mẫu 03)\n' +
        'Hồ sơ {code} ("{field.requestType}", công trình {field.projectName}) không được giải quyết.\n' +
        'Lý do: {reason}\n' +
        'Chủ đầu tư có thể hoàn chỉnh thiết kế, hồ sơ và nộp lại; nếu cần hướng dẫn, vui lòng liên hệ {unitName}.',
    },
  },
};
