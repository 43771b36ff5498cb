// Tiếp nhận tố giác, tin báo về tội phạm tại Công an xã, phường — docs/reference/procedures-vn.md
// §4.10 and Appendix C. The ward police receive, record, classify, make a preliminary check and
// transfer the tip to the competent investigation body (within 24 hours when urgent, otherwise within
// 7 days); they do not decide the case, and the reporter withdrawing does not end it. Kept apart from
// administrative dossiers: `confidential` (investigators only), the reporter's identity in `sealed`
// fields that go to the sealed store, calendar-day deadlines (BLTTHS Art 134.1), and messages to the
// reporter that never repeat the content of the tip.
import type { ProcedureDefinitionInput } from '../dsl/schema.js';

const EVIDENCE = ['image/*', 'application/pdf', 'video/mp4'];

export const TO_GIAC: ProcedureDefinitionInput = {
  code: 'TO_GIAC',
  version: 1,
  name: { vi: 'Tố giác, tin báo về tội phạm', en: 'Crime report or tip' },
  shortName: { vi: 'Tố giác, tin báo tội phạm' },
  description: {
    vi:
      'Người dân tố giác, báo tin về tội phạm. Công an xã, phường tiếp nhận, lập biên bản, phân loại, kiểm tra ban đầu và chuyển tin báo ' +
      'đến Cơ quan điều tra có thẩm quyền: trong 24 giờ với vụ việc khẩn cấp, trong 7 ngày với vụ việc khác. Danh tính người báo tin được giữ bí mật; có thể báo tin ẩn danh. ' +
      'Người báo tin rút tin báo không làm chấm dứt việc giải quyết.',
  },
  legalBasis: [
    'Bộ luật Tố tụng hình sự 2015, Điều 144 (tố giác, tin báo về tội phạm); Điều 145 khoản 1 (mọi tố giác, tin báo phải được tiếp nhận, giải quyết) và khoản 3 (Công an xã, phường tiếp nhận, chuyển Cơ quan điều tra); Điều 146 khoản 3 (thời hạn chuyển)',
    'Bộ luật Tố tụng hình sự 2015, Điều 134 khoản 1 (thời hạn theo ngày hết vào 24 giờ ngày cuối cùng; chỉ thời hạn theo tháng mới lùi sang ngày làm việc tiếp theo)',
    'Bộ luật Tố tụng hình sự 2015, Điều 56 (quyền của người tố giác: giữ bí mật danh tính, được thông báo kết quả); Điều 155 (khởi tố theo yêu cầu của bị hại — trường hợp duy nhất việc rút yêu cầu chấm dứt vụ việc, không thuộc Công an phường)',
    'Thông tư liên tịch 01/2017/TTLT-BCA-BQP-BTC-BNN&PTNT-VKSNDTC (sửa đổi, bổ sung năm 2021), Điều 8 khoản 5 (Công an xã, phường chuyển trong 24 giờ với vụ việc khẩn cấp, 07 ngày với vụ việc khác); Điều 14 khoản 1 (thông báo tiếp nhận cho người tố giác trong 03 ngày làm việc)',
    'Thông tư 28/2020/TT-BCA (quy trình tiếp nhận trong Công an nhân dân)',
    'Lệ phí: không thu (Bộ luật Tố tụng hình sự không quy định lệ phí tố giác, tin báo)',
  ],
  toBeConfirmed: [
    'Tin báo ẩn danh không phải là tố giác theo Điều 144 nhưng có thể dùng làm nguồn tin; cách xử lý theo TTLT 01/2017 cần xác nhận (⚠️).',
    'Tin nhắn Zalo "thông báo tiếp nhận" có thay được văn bản thông báo theo TTLT 01/2017 Điều 14 khoản 1 hay không cần cán bộ pháp chế xác nhận; hệ thống gửi ngay khi cán bộ tiếp nhận, trước hạn 03 ngày làm việc.',
    'Số, ngày của văn bản sửa đổi TTLT 01/2017 năm 2021 chưa được ghi (tài liệu tham chiếu chỉ ghi "as amended 2021").',
    'Tin không liên quan đến tội phạm (vi phạm hành chính, tranh chấp dân sự…) sau khi phân loại: định nghĩa chưa có nhánh riêng; cán bộ vẫn chuyển kèm ghi chú.',
    'Thời hạn giải quyết của Cơ quan điều tra (20 ngày, gia hạn đến 2 tháng với Viện kiểm sát, Điều 147) không do Công an phường theo dõi nên không được mô hình hóa.',
    'Thời hạn xử lý bước tiếp nhận 24 giờ là quy định của đơn vị cho việc lập biên bản, phân loại; với vụ việc khẩn cấp, đó cũng là hạn chuyển tin báo (24 giờ kể từ khi tiếp nhận).',
  ],
  confidential: true,
  authority: 'ward',
  // 7 days from receipt to the transfer; a day period ends at 24:00 of its last day (Art 134.1).
  deadline: { days: 7, confirmed: true, startsAt: 'intake' },
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
  // No withdrawTo: a withdrawal does not end a crime report (Art 145.1); the reporter is told so.
  states: {
    intake: {
      type: 'task',
      label: { vi: 'Tiếp nhận, lập biên bản, phân loại tin báo', en: 'Receive, record and classify' },
      role: 'investigator',
      due: { hours: 24 },
      notify: 'submitted',
      actions: {
        accept: { to: 'preliminaryCheck', label: { vi: 'Tiếp nhận, kiểm tra ban đầu (chuyển trong 7 ngày)' } },
        transferUrgent: { to: 'transferred', label: { vi: 'Khẩn cấp: chuyển ngay Cơ quan điều tra (trong 24 giờ)' }, requires: ['note'] },
      },
    },
    preliminaryCheck: {
      type: 'task',
      label: { vi: 'Kiểm tra ban đầu, chuẩn bị hồ sơ chuyển', en: 'Preliminary check' },
      role: 'investigator',
      notify: 'received',
      actions: {
        transfer: { to: 'transferred', label: { vi: 'Chuyển Cơ quan điều tra có thẩm quyền' }, requires: ['note'] },
      },
    },
    transferred: { type: 'end', label: { vi: 'Đã chuyển Cơ quan điều tra có thẩm quyền', en: 'Transferred to the investigation body' }, outcome: 'approved', notify: 'transferred' },
  },
  // The reporter hears that the tip arrived and where it went — never its content.
  messages: {
    submitted: { vi: '{unitName} đã nhận tin báo của bạn (mã {code}) và đang lập biên bản tiếp nhận. Danh tính của bạn được giữ bí mật.' },
    received: {
      vi:
        'THÔNG BÁO TIẾP NHẬN TỐ GIÁC, TIN BÁO VỀ TỘI PHẠM\n' +
        '{unitName} đã tiếp nhận tin báo mã {code}. Tin báo được kiểm tra ban đầu và chuyển đến Cơ quan điều tra có thẩm quyền để giải quyết; ' +
        'bạn sẽ được thông báo khi tin báo được chuyển. Danh tính của bạn được giữ bí mật.',
    },
    transferred: {
      vi:
        'Tin báo mã {code} đã được {unitName} tiếp nhận và chuyển đến Cơ quan điều tra có thẩm quyền để giải quyết theo Bộ luật Tố tụng hình sự. ' +
        'Cơ quan điều tra sẽ thông báo kết quả giải quyết cho bạn. Cảm ơn bạn đã phối hợp với cơ quan công an.',
    },
  },
};
