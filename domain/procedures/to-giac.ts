// Tiếp nhận tố giác, tin báo về tội phạm — procedures-vn.md §4.10. Kept apart from administrative
// dossiers: `confidential` (investigators only), the reporter's identity in `sealed` fields that go
// to the sealed store, calendar-day deadlines (BLTTHS Art 147), and messages to the reporter that
// never repeat the content of the tip.
import type { ProcedureDefinitionInput } from '../dsl/schema.js';

const EVIDENCE = ['image/*', 'application/pdf', 'video/mp4'];

export const TO_GIAC: ProcedureDefinitionInput = {
  code: 'TO_GIAC',
  version: 1,
  name: { vi: 'Tố giác, tin báo về tội phạm', en: 'Crime report or tip' },
  description: {
    vi: 'Người dân tố giác, báo tin về tội phạm. Danh tính người báo tin được giữ bí mật; có thể báo tin ẩn danh.',
  },
  legalBasis: [
    'Bộ luật Tố tụng hình sự 2015, Điều 56, 144–147',
    'Thông tư liên tịch 01/2017/TTLT-BCA-BQP-BTC-BNN&PTNT-VKSNDTC',
    'Thông tư 28/2020/TT-BCA',
  ],
  toBeConfirmed: [
    'Tin báo ẩn danh không phải là tố giác theo Điều 144 nhưng có thể dùng làm nguồn tin; cách xử lý theo TTLT 01/2017 cần xác nhận (⚠️).',
    'Cách tính thời hạn theo ngày (Điều 147, quy định về cách tính thời hạn của BLTTHS) cần cán bộ pháp chế xác nhận; hệ thống đang tính 20 ngày theo lịch, hết hạn vào ngày nghỉ thì lùi sang ngày làm việc kế tiếp.',
    'Gia hạn: giải quyết đến 2 tháng với vụ việc phức tạp; Viện kiểm sát có thể gia hạn một lần đến 2 tháng — hệ thống ghi nhận việc gia hạn bằng thao tác "extend" nhưng thời hạn theo dõi chính vẫn là 20 ngày.',
  ],
  confidential: true,
  authority: 'ward',
  deadline: { days: 20, confirmed: true, startsAt: 'verification' },
  fee: { vnd: 0, confirmed: true },
  form: [
    {
      key: 'category',
      type: 'select',
      required: true,
      label: { vi: 'Loại tin', en: 'Kind of report' },
      options: [
        { value: 'to_giac', label: { vi: 'Tố giác tội phạm (cá nhân báo)' } },
        { value: 'tin_bao', label: { vi: 'Tin báo về tội phạm' } },
      ],
    },
    { key: 'occurredAt', type: 'date', required: false, dateRule: 'past', label: { vi: 'Ngày xảy ra (nếu biết)' } },
    { key: 'place', type: 'text', required: true, maxLength: 300, label: { vi: 'Nơi xảy ra' } },
    { key: 'content', type: 'textarea', required: true, maxLength: 5000, label: { vi: 'Nội dung sự việc' } },
    { key: 'reporterName', type: 'text', required: false, sealed: true, maxLength: 100, label: { vi: 'Họ tên người báo tin (để trống nếu muốn ẩn danh)' } },
    { key: 'reporterPhone', type: 'phone', required: false, sealed: true, label: { vi: 'Số điện thoại liên hệ (được giữ bí mật)' } },
    { key: 'reporterAddress', type: 'text', required: false, sealed: true, maxLength: 300, label: { vi: 'Địa chỉ người báo tin (được giữ bí mật)' } },
  ],
  documents: [
    { key: 'evidence', required: false, accept: EVIDENCE, maxSizeMb: 25, label: { vi: 'Hình ảnh, tài liệu kèm theo (nếu có)' } },
  ],
  initial: 'intake',
  withdrawTo: 'withdrawn',
  states: {
    intake: {
      type: 'task',
      label: { vi: 'Tiếp nhận, lập biên bản tin báo', en: 'Receive and record' },
      role: 'investigator',
      due: { hours: 24 },
      notify: 'received',
      actions: {
        accept: { to: 'verification', label: { vi: 'Tiếp nhận, kiểm tra xác minh' } },
        transfer: { to: 'transferred', label: { vi: 'Chuyển cơ quan có thẩm quyền' }, requires: ['note'] },
      },
    },
    verification: {
      type: 'task',
      label: { vi: 'Kiểm tra, xác minh (20 ngày)', en: 'Preliminary verification' },
      role: 'investigator',
      due: { days: 20 },
      actions: {
        conclude: { to: 'concluded', label: { vi: 'Ra quyết định giải quyết' }, requires: ['note'] },
        extend: { to: 'extended', label: { vi: 'Vụ việc phức tạp: gia hạn' }, requires: ['reason'] },
        transfer: { to: 'transferred', label: { vi: 'Chuyển cơ quan điều tra' }, requires: ['note'] },
      },
    },
    extended: {
      type: 'task',
      label: { vi: 'Kiểm tra, xác minh (đã gia hạn)', en: 'Verification, extended' },
      role: 'investigator',
      due: { days: 60 },
      actions: {
        conclude: { to: 'concluded', label: { vi: 'Ra quyết định giải quyết' }, requires: ['note'] },
        transfer: { to: 'transferred', label: { vi: 'Chuyển cơ quan điều tra' }, requires: ['note'] },
      },
    },
    concluded: { type: 'end', label: { vi: 'Đã giải quyết tin báo' }, outcome: 'approved', notify: 'concluded' },
    transferred: { type: 'end', label: { vi: 'Đã chuyển cơ quan có thẩm quyền' }, outcome: 'approved', notify: 'transferred' },
    withdrawn: { type: 'end', label: { vi: 'Người báo tin rút tin báo' }, outcome: 'withdrawn', notify: 'withdrawn' },
  },
  // The reporter hears that the tip arrived and that it was dealt with — never its content.
  messages: {
    received: { vi: '{unitName} đã tiếp nhận tin báo của bạn (mã {code}). Danh tính của bạn được giữ bí mật theo quy định.' },
    concluded: { vi: 'Tin báo mã {code} đã được giải quyết theo quy định. Cảm ơn bạn đã phối hợp với cơ quan công an.' },
    transferred: { vi: 'Tin báo mã {code} đã được chuyển đến cơ quan có thẩm quyền để giải quyết theo quy định.' },
    withdrawn: { vi: 'Tin báo mã {code} đã được rút theo đề nghị của bạn.' },
  },
};
