// Đăng ký mẫu con dấu — procedures-vn.md §4.8 and §8.6, as data.
// Values marked ⚠️/❓ in the reference are listed in `toBeConfirmed` for the legal officer.
//
// From 15/3/2026 only C06 (Bộ Công an) or the provincial PC06 register seal specimens (ND 58/2026),
// each for its own entity types. Which types go where is ⚠️, so it is data (SEAL_REGISTRARS): the
// `competence` choice sends PC06 types to intake, tells C06 types where to file, and tells
// enterprises and co-operatives that they manage their own seals (✅, ND 99/2016 scope).
import type { ProcedureDefinitionInput } from '../dsl/schema.js';
import { apologyMessage, COMMON_MESSAGES, REFUSED_AND_WITHDRAWN, rejectWith, requestSupplement, supplementWait } from './common.js';
import { decision, issued, review } from './steps.js';

const IMAGES_AND_PDF = ['image/*', 'application/pdf'];

export type SealRegistrar = 'C06' | 'PC06' | 'none';

/**
 * Entity type → body that registers its seal specimen. PROVISIONAL (⚠️): grouped by the level of
 * the body that founded or licensed the entity; the legal officer confirms it against ND 99/2016
 * as amended by ND 56/2023 and ND 58/2026.
 */
export const SEAL_REGISTRARS: ReadonlyArray<{ value: string; registrar: SealRegistrar; label: string }> = [
  { value: 'centralStateBody', registrar: 'C06', label: 'Cơ quan, tổ chức, chức danh nhà nước ở trung ương' },
  { value: 'foreignMission', registrar: 'C06', label: 'Cơ quan đại diện nước ngoài, tổ chức quốc tế, tổ chức nước ngoài hoạt động tại Việt Nam' },
  { value: 'centralOrganization', registrar: 'C06', label: 'Tổ chức chính trị – xã hội, hội, tổ chức tôn giáo do cơ quan trung ương thành lập, cho phép thành lập hoặc công nhận' },
  { value: 'localStateBody', registrar: 'PC06', label: 'Cơ quan, tổ chức nhà nước ở địa phương (cấp tỉnh, cấp xã)' },
  { value: 'localOrganization', registrar: 'PC06', label: 'Hội, quỹ, tổ chức xã hội, tổ chức tôn giáo do cơ quan cấp tỉnh, cấp xã thành lập, cho phép thành lập hoặc công nhận' },
  { value: 'professionalPractice', registrar: 'PC06', label: 'Văn phòng công chứng, văn phòng thừa phát lại, tổ chức hành nghề được cấp phép hoạt động tại địa phương' },
  { value: 'enterprise', registrar: 'none', label: 'Doanh nghiệp, hợp tác xã' },
];

const typesFor = (registrar: SealRegistrar) => SEAL_REGISTRARS.filter((t) => t.registrar === registrar).map((t) => t.value);

export const CON_DAU: ProcedureDefinitionInput = {
  code: 'CON_DAU',
  version: 1,
  name: { vi: 'Đăng ký mẫu con dấu', en: 'Seal specimen registration' },
  shortName: { vi: 'Đăng ký mẫu con dấu' },
  description: {
    vi:
      'Cơ quan, tổ chức thuộc phạm vi Nghị định 99/2016/NĐ-CP đăng ký mẫu con dấu trước khi sử dụng con dấu. ' +
      'Từ 15/3/2026 chỉ Cục Cảnh sát quản lý hành chính về trật tự xã hội (C06) hoặc Phòng Cảnh sát quản lý hành chính về trật tự xã hội Công an cấp tỉnh (PC06) đăng ký mẫu con dấu. ' +
      'Doanh nghiệp, hợp tác xã tự quản lý con dấu theo pháp luật chuyên ngành và không đăng ký mẫu con dấu tại cơ quan công an. ' +
      'Con dấu do cơ sở sản xuất con dấu được cấp phép khắc; sau khi đăng ký, cơ quan công an trả Giấy chứng nhận đăng ký mẫu con dấu và con dấu theo lịch hẹn. ' +
      'Khi mất con dấu, cơ quan, tổ chức phải thông báo cho cơ quan đã cấp và Công an xã, phường nơi mất trong 02 ngày.',
  },
  legalBasis: [
    'Nghị định 99/2016/NĐ-CP về quản lý và sử dụng con dấu',
    'Nghị định 56/2023/NĐ-CP sửa đổi Nghị định 99/2016/NĐ-CP',
    'Nghị định 58/2026/NĐ-CP (hiệu lực 15/3/2026): chỉ C06 hoặc PC06 đăng ký mẫu con dấu; nộp trực tuyến, qua bưu chính',
  ],
  toBeConfirmed: [
    'Thời hạn 03 ngày làm việc lấy từ danh mục thủ tục của các tỉnh (⚠️).',
    'Lệ phí: danh mục thủ tục của các tỉnh ghi "Không" (⚠️). fee.vnd = 0 theo nguồn này; tin nhắn gửi người dân chưa nêu lệ phí cho đến khi được xác nhận.',
    'Phân định loại tổ chức đăng ký tại C06 hay PC06 (SEAL_REGISTRARS, các lựa chọn của trường "entityType") là phân loại TẠM THỜI theo cấp của cơ quan thành lập, cho phép thành lập (⚠️); ' +
      'cần đối chiếu Nghị định 99/2016/NĐ-CP sửa đổi bởi Nghị định 56/2023/NĐ-CP và Nghị định 58/2026/NĐ-CP. Hồ sơ của loại thuộc C06 được tự động hướng dẫn nộp tại C06.',
    'Mã thủ tục 2.001403 lấy từ Cổng dịch vụ công Bộ Công an (⚠️); cần đối chiếu Cổng Dịch vụ công quốc gia.',
    'Văn bản đề nghị đăng ký mẫu con dấu (Mẫu số 03) và danh sách giấy tờ theo từng loại tổ chức (⚠️).',
    'Mẫu phiếu tiếp nhận, yêu cầu bổ sung, từ chối ghi theo Thông tư 01/2018/TT-VPCP (Mẫu 01–03); Thông tư 03/2025/TT-VPCP được cho là giữ số hiệu này (⚠️).',
    'Các trường hợp đăng ký (mới, đăng ký thêm, đăng ký lại) và thủ tục cấp đổi, cấp lại giấy chứng nhận có thể là các thủ tục riêng (❓).',
    'Phân bổ 3 ngày làm việc: 2 ngày thẩm định, 1 ngày phê duyệt là đề xuất, cần lãnh đạo đơn vị xác nhận.',
    'Thời gian chờ bổ sung hồ sơ 30 ngày là quy định của đơn vị, không phải của pháp luật (❓).',
  ],
  nationalCode: '2.001403',
  authority: 'province',
  deadline: {
    workingDays: 3,
    startsAt: 'review',
    apology: { extendBy: { workingDays: 2 }, template: 'apology' },
  },
  fee: {
    vnd: 0,
    note: { vi: 'Danh mục thủ tục hành chính của Công an các tỉnh ghi "không thu lệ phí" (cần xác nhận). Chi phí khắc con dấu trả cho cơ sở sản xuất con dấu, không phải lệ phí.' },
  },
  forms: { application: 'Mẫu số 03', receipt: 'Mẫu 01', supplement: 'Mẫu 02', refusal: 'Mẫu 03', apology: 'Mẫu 04' },
  form: [
    {
      key: 'entityType',
      type: 'select',
      required: true,
      label: { vi: 'Loại cơ quan, tổ chức', en: 'Type of body' },
      options: SEAL_REGISTRARS.map((t) => ({ value: t.value, label: { vi: t.label } })),
    },
    {
      key: 'registrationType',
      type: 'select',
      required: true,
      label: { vi: 'Nội dung đề nghị', en: 'Request' },
      options: [
        { value: 'new', label: { vi: 'Đăng ký mẫu con dấu mới', en: 'New seal' } },
        { value: 'additional', label: { vi: 'Đăng ký thêm con dấu', en: 'Additional seal' } },
        { value: 'again', label: { vi: 'Đăng ký lại mẫu con dấu (con dấu mòn, hỏng, bị mất; đổi tên, tổ chức lại)', en: 'Re-registration' } },
      ],
    },
    { key: 'organizationName', type: 'text', required: true, maxLength: 300, label: { vi: 'Tên cơ quan, tổ chức', en: 'Name of the body' } },
    {
      key: 'foundingDocument',
      type: 'text',
      required: true,
      maxLength: 200,
      label: { vi: 'Số, ngày quyết định thành lập hoặc giấy phép hoạt động', en: 'Founding decision or licence' },
    },
    { key: 'headOfficeAddress', type: 'text', required: true, maxLength: 300, label: { vi: 'Địa chỉ trụ sở', en: 'Head office address' } },
    { key: 'sealCount', type: 'number', required: true, min: 1, max: 10, label: { vi: 'Số lượng con dấu đề nghị đăng ký', en: 'Number of seals' } },
    { key: 'representativeName', type: 'text', required: true, maxLength: 100, label: { vi: 'Người đại diện theo pháp luật', en: 'Legal representative' } },
    { key: 'representativeCccd', type: 'cccd', required: true, label: { vi: 'Số định danh cá nhân của người đại diện', en: "Representative's personal identification number" } },
    { key: 'phone', type: 'phone', required: true, label: { vi: 'Số điện thoại liên hệ', en: 'Phone number' } },
    { key: 'email', type: 'email', label: { vi: 'Thư điện tử', en: 'Email' } },
  ],
  documents: [
    {
      key: 'application',
      formCode: 'Mẫu số 03',
      required: true,
      accept: IMAGES_AND_PDF,
      label: { vi: 'Văn bản đề nghị đăng ký mẫu con dấu (Mẫu số 03), ký số nếu nộp trực tuyến', en: 'Application letter (form 03)' },
    },
    {
      key: 'foundingDecision',
      required: true,
      accept: IMAGES_AND_PDF,
      label: { vi: 'Quyết định thành lập, giấy phép hoạt động hoặc văn bản công nhận của cơ quan có thẩm quyền', en: 'Founding decision or licence' },
    },
    {
      key: 'previousCertificate',
      required: false,
      accept: IMAGES_AND_PDF,
      label: { vi: 'Giấy chứng nhận đăng ký mẫu con dấu đã cấp (khi đăng ký thêm, đăng ký lại)', en: 'Earlier registration certificate' },
    },
    {
      key: 'lossNotice',
      required: false,
      accept: IMAGES_AND_PDF,
      label: { vi: 'Văn bản thông báo mất con dấu (khi đăng ký lại do mất con dấu)', en: 'Notice of the lost seal' },
    },
  ],
  initial: 'competence',
  withdrawTo: 'withdrawn',
  states: {
    competence: {
      type: 'choice',
      label: { vi: 'Xác định cơ quan đăng ký theo loại tổ chức', en: 'Competent registrar' },
      choices: [
        { when: { field: 'entityType', op: 'in', value: typesFor('none') }, next: 'notRequired' },
        { when: { field: 'entityType', op: 'in', value: typesFor('C06') }, next: 'referredToC06' },
      ],
      otherwise: 'intake',
    },
    intake: {
      type: 'task',
      label: { vi: 'Tiếp nhận, kiểm tra hồ sơ', en: 'Intake check' },
      role: 'receiver',
      due: { workingHours: 8 },
      notify: 'submitted',
      remind: [{ before: { workingHours: 2 }, template: 'taskReminder' }],
      escalate: { toRole: 'chief', template: 'taskEscalated' },
      actions: {
        accept: { to: 'review', label: { vi: 'Tiếp nhận hồ sơ (Mẫu 01)' } },
        requestSupplement: requestSupplement('Yêu cầu bổ sung (Mẫu 02)'),
        reject: rejectWith('Từ chối tiếp nhận (Mẫu 03)'),
      },
    },
    supplement: supplementWait('Chờ bổ sung hồ sơ'),
    review: review({
      label: { vi: 'Thẩm định hồ sơ, đối chiếu mẫu con dấu', en: 'Review' },
      due: { workingDays: 2 },
      remindBefore: { workingHours: 4 },
      notify: 'received',
      approve: { to: 'decision', label: 'Đề xuất cấp giấy chứng nhận' },
      supplement: 'Yêu cầu bổ sung (Mẫu 02)',
      back: { to: 'intake', label: 'Trả lại bộ phận tiếp nhận' },
    }),
    decision: decision({
      label: { vi: 'Lãnh đạo phê duyệt', en: 'Decision' },
      due: { workingDays: 1 },
      remindBefore: { workingHours: 4 },
      approve: { to: 'issued', label: 'Phê duyệt, ký giấy chứng nhận' },
      reject: 'Từ chối, nêu rõ lý do',
      back: { to: 'review', label: 'Trả lại để thẩm định lại' },
    }),
    issued: issued({ vi: 'Cấp Giấy chứng nhận đăng ký mẫu con dấu', en: 'Certificate issued' }, 'handover'),
    handover: {
      type: 'appointment',
      label: { vi: 'Trả giấy chứng nhận và con dấu', en: 'Seal and certificate handover' },
      kind: 'seal_handover',
      role: 'receiver',
      notify: 'handoverToBook',
      booked: 'handoverBooked',
      remind: { before: { days: 1 }, template: 'handoverReminder' },
      attended: 'done',
      noShow: 'handover',
    },
    done: {
      type: 'end',
      label: { vi: 'Đã trả giấy chứng nhận và con dấu', en: 'Handed over' },
      outcome: 'approved',
      notify: 'approved',
      survey: 'survey',
    },
    referredToC06: {
      type: 'end',
      label: { vi: 'Thuộc thẩm quyền của C06', en: 'Referred to C06' },
      outcome: 'refused',
      notify: 'referredToC06',
    },
    notRequired: {
      type: 'end',
      label: { vi: 'Không thuộc diện đăng ký mẫu con dấu tại cơ quan công an', en: 'No registration required' },
      outcome: 'refused',
      notify: 'notRequired',
    },
    ...REFUSED_AND_WITHDRAWN,
  },
  messages: {
    ...COMMON_MESSAGES,
    submitted: {
      vi:
        '{unitName} đã nhận hồ sơ {procedure} của {field.organizationName} do {applicantName} gửi. ' +
        'Hồ sơ đang được kiểm tra; kết quả tiếp nhận sẽ được báo trong 1 ngày làm việc.',
    },
    received: {
      vi:
        'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ (Mẫu 01)\n' +
        '{unitName} đã tiếp nhận hồ sơ {procedure} của {field.organizationName}.\n' +
        'Mã hồ sơ: {code}\n' +
        'Hạn trả kết quả: {dueDate}\n' +
        'Khi có kết quả, bạn sẽ được mời chọn lịch nhận Giấy chứng nhận đăng ký mẫu con dấu và con dấu.',
    },
    supplementRequested: {
      vi:
        'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ (Mẫu 02)\n' +
        'Hồ sơ {code} ({procedure}) cần bổ sung:\n' +
        '{missingDocuments}\n' +
        'Vui lòng gửi bổ sung trong 30 ngày; quá thời hạn này hồ sơ được coi như đã rút. ' +
        'Thời hạn giải quyết được tính lại từ đầu khi hồ sơ đầy đủ.',
    },
    supplementReminder: {
      vi: 'Nhắc nhở: hồ sơ {code} ({procedure}) vẫn đang chờ bổ sung: {missingDocuments}. Hồ sơ chỉ được giải quyết sau khi nhận đủ giấy tờ.',
    },
    handoverToBook: {
      vi:
        'Hồ sơ {code}: mẫu con dấu của {field.organizationName} đã được đăng ký. ' +
        'Vui lòng chọn lịch đến {unitName} nhận Giấy chứng nhận đăng ký mẫu con dấu và con dấu (nếu đã lỡ lịch trước đó, hãy chọn lại). ' +
        'Người đến nhận mang theo giấy giới thiệu và giấy tờ tùy thân.',
    },
    handoverBooked: {
      vi: 'Lịch nhận Giấy chứng nhận đăng ký mẫu con dấu và con dấu (hồ sơ {code}): {appointment} tại {unitName}.',
    },
    handoverReminder: {
      vi: 'Nhắc lịch: {appointment} mời đại diện {field.organizationName} đến {unitName} nhận Giấy chứng nhận đăng ký mẫu con dấu và con dấu (hồ sơ {code}).',
    },
    approved: {
      vi:
        'THÔNG BÁO KẾT QUẢ\n' +
        'Hồ sơ {code}: {field.organizationName} đã nhận Giấy chứng nhận đăng ký mẫu con dấu và con dấu. ' +
        'Khi con dấu bị mất, vui lòng thông báo cho {unitName} và Công an xã, phường nơi mất trong 02 ngày.',
    },
    referredToC06: {
      vi:
        'Hồ sơ {code}: theo loại tổ chức đã chọn ({field.entityType}), việc đăng ký mẫu con dấu thuộc thẩm quyền của Cục Cảnh sát quản lý hành chính về trật tự xã hội (C06), Bộ Công an, không thuộc {unitName}. ' +
        'Vui lòng nộp hồ sơ tới C06 qua Cổng Dịch vụ công quốc gia, ứng dụng VNeID, qua bưu chính hoặc trực tiếp. Nếu đã chọn nhầm loại tổ chức, bạn có thể nộp hồ sơ mới.',
    },
    notRequired: {
      vi:
        'Hồ sơ {code}: doanh nghiệp, hợp tác xã tự quản lý con dấu theo pháp luật chuyên ngành và không đăng ký mẫu con dấu tại cơ quan công an, nên {unitName} không giải quyết hồ sơ này. ' +
        'Nếu đã chọn nhầm loại tổ chức, bạn có thể nộp hồ sơ mới.',
    },
    rejected: {
      vi:
        'PHIẾU TỪ CHỐI TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ (Mẫu 03)\n' +
        'Hồ sơ {code} ({procedure}) không được giải quyết.\n' +
        'Lý do: {reason}\n' +
        'Nếu cần hướng dẫn thêm, bạn có thể nhắn tin cho Zalo OA này hoặc liên hệ {unitName}.',
    },
    apology: apologyMessage('Mẫu 04'),
  },
};
