// Đăng ký xe lần đầu (chứng nhận đăng ký xe + biển số định danh) — procedures-vn.md §4.7, as data.
// Values marked ⚠️/❓ in the reference are listed in `toBeConfirmed` for the legal officer.
//
// Motorbikes and mopeds are registered by the commune/ward police, cars and trailers by the
// provincial traffic police (PC08). A definition has one `authority` today, so this one is `any`
// (the dossier stays with the unit it was filed at) and the `route` choice sends each vehicle type
// down its own steps; moving the dossier to PC08 needs per-branch authority in the engine.
import type { ProcedureDefinitionInput } from '../dsl/schema.js';
import { apologyMessage, COMMON_MESSAGES, REFUSED_AND_WITHDRAWN, rejectWith, requestSupplement, supplementMessages, supplementWait } from './common.js';
import { decision, issued, review } from './steps.js';

const IMAGES_AND_PDF = ['image/*', 'application/pdf'];

/** Vehicle types the commune/ward police register; every other type goes to PC08. */
const WARD_VEHICLE_TYPES = ['motorbike', 'moped'];

export const DANG_KY_XE: ProcedureDefinitionInput = {
  code: 'DANG_KY_XE',
  version: 1,
  name: { vi: 'Đăng ký xe lần đầu, cấp chứng nhận đăng ký và biển số xe', en: 'First vehicle registration (certificate and plate)' },
  shortName: { vi: 'Đăng ký xe lần đầu' },
  description: {
    vi:
      'Chủ xe đăng ký xe mới (xe sản xuất, lắp ráp trong nước hoặc nhập khẩu) để được cấp chứng nhận đăng ký xe và biển số định danh. ' +
      'Xe mô tô, xe gắn máy do Công an xã, phường đăng ký; xe ô tô, rơ moóc, sơ mi rơ moóc do Phòng Cảnh sát giao thông Công an tỉnh, thành phố (PC08) đăng ký. ' +
      'Chủ xe nộp lệ phí trước bạ trước khi đăng ký; dữ liệu nguồn gốc xe, lệ phí trước bạ, hóa đơn điện tử đã có trong cơ sở dữ liệu thì không phải nộp lại giấy tờ. ' +
      'Biển số định danh thuộc về chủ xe và được giữ lại khi bán xe.',
  },
  legalBasis: [
    'Luật Trật tự, an toàn giao thông đường bộ số 36/2024/QH15',
    'Thông tư 79/2024/TT-BCA (hiệu lực 1/1/2025), sửa đổi bởi Thông tư 13/2025/TT-BCA, Thông tư 51/2025/TT-BCA và Thông tư 37/2026/TT-BCA',
    'Thông tư 60/2023/TT-BTC (lệ phí cấp chứng nhận đăng ký, biển số xe), được thay thế bởi Thông tư 155/2025/TT-BTC (⚠️ mức thu chưa có): lệ phí phải nộp, không miễn',
    'Quyết định 1383/QĐ-BCA ngày 28/2/2025 (danh mục thủ tục hành chính)',
  ],
  toBeConfirmed: [
    'Thời hạn không quá 02 ngày làm việc cho cấp mới chứng nhận đăng ký kèm biển số mới lấy từ nguồn thứ cấp (⚠️); định nghĩa chỉ dành cho đăng ký lần đầu, thời hạn các trường hợp khác (sang tên, đổi, cấp lại) chưa nắm được (❓).',
    'Lệ phí theo Thông tư 60/2023/TT-BTC thay đổi theo khu vực và loại xe; mức thu chưa có trong tài liệu tham chiếu (❓). Schema chưa có bảng lệ phí theo loại xe, khu vực: fee.vnd = 0 chỉ là giá trị giữ chỗ, KHÔNG có nghĩa là miễn lệ phí; thông tin lệ phí ghi trong fee.note và tin nhắn không dùng biến {fee}.',
    'Thẩm quyền: xe mô tô, xe gắn máy tại Công an xã, phường; xe ô tô, rơ moóc tại PC08; một số trường hợp ô tô được phân cấp cho Công an xã (⚠️, chưa mô hình hóa). Định nghĩa dùng authority "any": hồ sơ ở lại đơn vị nơi nộp, bước "route" chỉ đổi các bước xử lý theo loại xe; chuyển hồ sơ ô tô sang đơn vị PC08 cần engine hỗ trợ thẩm quyền theo nhánh.',
    'Danh sách loại xe do Công an xã, phường đăng ký (mô tô, xe gắn máy) là dữ liệu của bước "route", cần đối chiếu Thông tư 79/2024/TT-BCA sau các lần sửa đổi.',
    'Luật Trật tự, an toàn giao thông đường bộ 36/2024/QH15 được trích dẫn làm căn cứ chung, không có trong tài liệu tham chiếu; cần xác nhận điều khoản.',
    'Quyết định 1383/QĐ-BCA và mã thủ tục 1.012575 (đăng ký xe lần đầu toàn trình trực tuyến) lấy từ nguồn thứ cấp (⚠️); mã thủ tục quốc gia cho hồ sơ nộp theo luồng này chưa được ghi.',
    'Mẫu giấy khai đăng ký xe và mã biểu mẫu theo Thông tư 79/2024/TT-BCA chưa có trong tài liệu tham chiếu (❓); kết quả được ghi với mã chung "KQ".',
    'Bước hệ thống issueResult chỉ ghi số kết quả; chưa cấp, chưa ghi số biển số định danh (cần bước hệ thống kết nối hệ thống đăng ký, quản lý xe).',
    'Năm sản xuất chưa được kiểm tra là số nguyên và không sau năm hiện tại.',
    'Thông tư 37/2026/TT-BCA: giấy tờ nào vẫn phải nộp khi dữ liệu đã có trong cơ sở dữ liệu quốc gia cần xác nhận; định nghĩa chỉ bắt buộc giấy khai đăng ký xe.',
    'Thời gian chờ bổ sung hồ sơ 30 ngày và thư xin lỗi hẹn lại thêm 2 ngày làm việc là quy định của đơn vị, không phải của pháp luật (❓).',
    'Phân bổ 2 ngày làm việc: 4 giờ kiểm tra xe; xe mô tô 1 ngày phê duyệt; ô tô 4 giờ thẩm định tại PC08 và 1 ngày phê duyệt là đề xuất, cần lãnh đạo đơn vị xác nhận.',
  ],
  nationalCode: '1.012575',
  authority: 'any',
  deadline: {
    workingDays: 2,
    startsAt: 'verify',
    apology: { extendBy: { workingDays: 2 }, template: 'apology' },
  },
  fee: {
    vnd: 0,
    note: {
      vi: 'Lệ phí cấp chứng nhận đăng ký và biển số xe theo Thông tư 60/2023/TT-BTC, tùy loại xe và khu vực; cán bộ tiếp nhận thông báo mức thu. Lệ phí trước bạ nộp riêng trước khi đăng ký.',
    },
  },
  forms: {},
  form: [
    {
      key: 'vehicleType',
      type: 'select',
      required: true,
      label: { vi: 'Loại xe', en: 'Vehicle type' },
      options: [
        { value: 'motorbike', label: { vi: 'Xe mô tô (kể cả xe mô tô điện)', en: 'Motorcycle' } },
        { value: 'moped', label: { vi: 'Xe gắn máy (kể cả xe máy điện)', en: 'Moped' } },
        { value: 'car', label: { vi: 'Xe ô tô', en: 'Car' } },
        { value: 'trailer', label: { vi: 'Rơ moóc, sơ mi rơ moóc', en: 'Trailer or semi-trailer' } },
      ],
    },
    {
      key: 'origin',
      type: 'select',
      required: true,
      label: { vi: 'Nguồn gốc xe', en: 'Origin' },
      options: [
        { value: 'domestic', label: { vi: 'Sản xuất, lắp ráp trong nước', en: 'Made or assembled in Viet Nam' } },
        { value: 'imported', label: { vi: 'Nhập khẩu', en: 'Imported' } },
      ],
    },
    { key: 'ownerName', type: 'text', required: true, maxLength: 100, label: { vi: 'Họ, chữ đệm và tên chủ xe', en: "Owner's full name" } },
    { key: 'cccd', type: 'cccd', required: true, label: { vi: 'Số định danh cá nhân của chủ xe (CCCD)', en: "Owner's personal identification number" } },
    { key: 'phone', type: 'phone', required: true, label: { vi: 'Số điện thoại', en: 'Phone number' } },
    { key: 'ownerAddress', type: 'text', required: true, maxLength: 300, label: { vi: 'Địa chỉ nơi cư trú của chủ xe', en: "Owner's address" } },
    { key: 'brand', type: 'text', required: true, maxLength: 50, label: { vi: 'Nhãn hiệu', en: 'Make' } },
    { key: 'model', type: 'text', required: true, maxLength: 50, label: { vi: 'Số loại (tên thương mại)', en: 'Model' } },
    {
      key: 'engineNumber',
      type: 'text',
      required: true,
      maxLength: 30,
      label: { vi: 'Số máy', en: 'Engine number' },
      help: { vi: 'Ghi đúng như trên phiếu kiểm tra chất lượng xuất xưởng hoặc tờ khai nhập khẩu.', en: 'As on the factory or customs papers.' },
    },
    {
      key: 'chassisNumber',
      type: 'vin',
      required: true,
      label: { vi: 'Số khung (số VIN)', en: 'Chassis number (VIN)' },
      help: { vi: 'Số nhận dạng xe gồm 17 ký tự, không có chữ I, O, Q.', en: '17 characters, without the letters I, O and Q.' },
    },
    { key: 'color', type: 'text', required: true, maxLength: 30, label: { vi: 'Màu sơn', en: 'Colour' } },
    { key: 'manufactureYear', type: 'number', required: true, min: 1900, label: { vi: 'Năm sản xuất', en: 'Year of manufacture' } },
  ],
  documents: [
    {
      key: 'declaration',
      required: true,
      accept: IMAGES_AND_PDF,
      label: { vi: 'Giấy khai đăng ký xe (có chữ ký của chủ xe)', en: 'Vehicle registration declaration, signed' },
    },
    {
      key: 'originDocument',
      required: false,
      accept: IMAGES_AND_PDF,
      label: {
        vi: 'Chứng từ nguồn gốc xe: phiếu kiểm tra chất lượng xuất xưởng (xe trong nước) hoặc tờ khai hàng hóa nhập khẩu (xe nhập khẩu), nếu chưa có dữ liệu điện tử',
        en: 'Origin papers (factory quality certificate or customs declaration), if not held electronically',
      },
    },
    {
      key: 'ownershipTransfer',
      required: false,
      accept: IMAGES_AND_PDF,
      label: { vi: 'Chứng từ chuyển quyền sở hữu xe (hóa đơn bán hàng…), nếu không phải hóa đơn điện tử', en: 'Proof of purchase, if not an e-invoice' },
    },
    {
      key: 'registrationTaxReceipt',
      required: false,
      accept: IMAGES_AND_PDF,
      label: { vi: 'Chứng từ nộp lệ phí trước bạ, nếu chưa có dữ liệu điện tử', en: 'Registration tax receipt, if not held electronically' },
    },
    {
      key: 'numberRubbing',
      required: false,
      accept: IMAGES_AND_PDF,
      label: { vi: 'Bản chà số máy, số khung xe', en: 'Rubbing of the engine and chassis numbers' },
    },
  ],
  initial: 'intake',
  withdrawTo: 'withdrawn',
  states: {
    intake: {
      type: 'task',
      label: { vi: 'Tiếp nhận, kiểm tra hồ sơ', en: 'Intake check' },
      role: 'receiver',
      due: { workingHours: 4 },
      notify: 'submitted',
      actions: {
        accept: { to: 'verify', label: { vi: 'Tiếp nhận hồ sơ, hẹn kiểm tra xe' } },
        requestSupplement: requestSupplement('Yêu cầu bổ sung'),
        reject: rejectWith('Từ chối tiếp nhận'),
      },
    },
    supplement: supplementWait('Chờ chủ xe bổ sung hồ sơ'),
    verify: review({
      label: { vi: 'Đối chiếu dữ liệu, kiểm tra thực tế xe (số máy, số khung)', en: 'Data and vehicle check' },
      due: { workingHours: 4 },
      remindBefore: { workingHours: 2 },
      notify: 'received',
      approve: { to: 'route', label: 'Hồ sơ và xe hợp lệ' },
      supplement: 'Yêu cầu bổ sung',
      back: { to: 'intake', label: 'Trả lại bộ phận tiếp nhận' },
    }),
    route: {
      type: 'choice',
      label: { vi: 'Phân luồng theo loại xe', en: 'Routing by vehicle type' },
      choices: [{ when: { field: 'vehicleType', op: 'in', value: WARD_VEHICLE_TYPES }, next: 'wardApproval' }],
      otherwise: 'provincialReview',
    },
    wardApproval: decision({
      label: { vi: 'Trưởng Công an xã, phường duyệt đăng ký xe mô tô, xe gắn máy', en: 'Ward police approval (motorbikes)' },
      due: { workingDays: 1 },
      remindBefore: { workingHours: 4 },
      approve: { to: 'issued', label: 'Phê duyệt, cấp biển số' },
      reject: 'Từ chối đăng ký',
      back: { to: 'verify', label: 'Trả lại để kiểm tra lại' },
    }),
    provincialReview: review({
      label: { vi: 'Phòng Cảnh sát giao thông (PC08) thẩm định hồ sơ đăng ký ô tô, rơ moóc', en: 'Traffic police (PC08) review' },
      due: { workingHours: 4 },
      remindBefore: { workingHours: 2 },
      notify: 'forwardedToProvince',
      approve: { to: 'provincialApproval', label: 'Đề xuất phê duyệt' },
      supplement: 'Yêu cầu bổ sung',
      back: { to: 'verify', label: 'Trả lại để kiểm tra xe lại' },
    }),
    provincialApproval: decision({
      label: { vi: 'Lãnh đạo Phòng Cảnh sát giao thông (PC08) phê duyệt, cấp biển số', en: 'Traffic police (PC08) approval' },
      due: { workingDays: 1 },
      remindBefore: { workingHours: 4 },
      approve: { to: 'issued', label: 'Phê duyệt, cấp biển số' },
      reject: 'Từ chối đăng ký',
      back: { to: 'provincialReview', label: 'Trả lại để thẩm định lại' },
    }),
    issued: issued({ vi: 'Cấp chứng nhận đăng ký xe và biển số định danh', en: 'Certificate and plate issued' }),
    done: {
      type: 'end',
      label: { vi: 'Đã đăng ký xe', en: 'Registered' },
      outcome: 'approved',
      notify: 'approved',
      survey: 'survey',
    },
    ...REFUSED_AND_WITHDRAWN,
  },
  messages: {
    ...COMMON_MESSAGES,
    submitted: {
      vi: '{unitName} đã nhận hồ sơ đăng ký {field.vehicleType} nhãn hiệu {field.brand} {field.model} của {applicantName}. Hồ sơ đang được kiểm tra; kết quả tiếp nhận sẽ được báo trong ngày làm việc.',
    },
    received: {
      vi:
        'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ\n' +
        '{unitName} đã tiếp nhận hồ sơ {procedure} của {applicantName}.\n' +
        'Mã hồ sơ: {code}\n' +
        'Hạn trả kết quả: {dueDate}\n' +
        'Lệ phí: theo Thông tư 60/2023/TT-BTC, tùy loại xe và khu vực; cán bộ thông báo mức thu cụ thể.\n' +
        'Vui lòng đưa xe đến để kiểm tra số máy, số khung theo hướng dẫn của cán bộ. Bạn có thể tra cứu tình trạng hồ sơ bằng mã hồ sơ hoặc nhắn mã hồ sơ cho Zalo OA này.',
    },
    ...supplementMessages('PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ'),
    forwardedToProvince: {
      vi:
        'Hồ sơ {code}: {field.vehicleType} thuộc thẩm quyền đăng ký của Phòng Cảnh sát giao thông Công an tỉnh, thành phố (PC08). ' +
        'Hồ sơ đã được chuyển PC08 thẩm định và cấp biển số; hạn trả kết quả vẫn là {dueDate}.',
    },
    approved: {
      vi:
        'THÔNG BÁO KẾT QUẢ ĐĂNG KÝ XE\n' +
        'Hồ sơ {code}: {field.vehicleType} nhãn hiệu {field.brand} {field.model}, màu sơn {field.color}, số máy {field.engineNumber}, số khung {field.chassisNumber} đã được đăng ký cho chủ xe {field.ownerName}.\n' +
        'Chứng nhận đăng ký xe và biển số định danh đã được cấp: chứng nhận điện tử có trên ứng dụng VNeID, VNeTraffic; ' +
        'bạn nhận chứng nhận và biển số tại nơi đã hẹn hoặc qua dịch vụ bưu chính nếu đã đăng ký nhận qua bưu chính.',
    },
    rejected: {
      vi:
        'PHIẾU TỪ CHỐI TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ\n' +
        'Hồ sơ {code} ({procedure}) không được giải quyết.\n' +
        'Lý do: {reason}\n' +
        'Nếu cần hướng dẫn thêm, bạn có thể nhắn tin cho Zalo OA này hoặc liên hệ {unitName}.',
    },
    apology: apologyMessage(),
  },
};
