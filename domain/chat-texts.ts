// What the OA says in the chat, in Vietnamese. Kept short: Zalo caps a consultation text at 2,000
// characters (docs/reference/zalo-oa.md §2.3) and residents read on phones.
import type { ProcedureDefinition } from './dsl/schema.js';
import { feeText, periodText } from './wording/fees-and-periods.js';

export const CHAT = {
  welcome: (oaName: string) =>
    `Chào mừng bạn đến với ${oaName}! Tại đây bạn có thể nộp hồ sơ thủ tục hành chính, tra cứu tình trạng hồ sơ và nhận kết quả ngay trên Zalo. ` +
    'Chọn thủ tục bên dưới để mở tờ khai, hoặc gõ "trợ giúp" để xem các lệnh.',
  menu: 'Các thủ tục bạn có thể nộp trực tuyến (bấm để mở tờ khai):',
  menuMore: 'Các thủ tục khác:',
  noProcedures: 'Hiện chưa có thủ tục nào nhận hồ sơ trực tuyến qua Zalo. Vui lòng liên hệ trực tiếp cơ quan công an.',
  help:
    'Bạn có thể gõ (có dấu hoặc không dấu):\n' +
    '• "menu" – danh sách thủ tục nộp trực tuyến\n' +
    '• "tra cứu <mã hồ sơ>" – tình trạng hồ sơ, ví dụ: tra cứu DHT-261128-0001\n' +
    '• "hủy <mã hồ sơ>" – rút hồ sơ chưa có kết quả\n' +
    '• "hướng dẫn <tên thủ tục>" – giấy tờ, lệ phí, thời hạn, ví dụ: hướng dẫn tạm trú\n' +
    'Khi được yêu cầu bổ sung giấy tờ, bạn chỉ cần gửi ảnh hoặc tệp vào cuộc trò chuyện này.',
  /** `due`: the due date as domain/wording/fees-and-periods.ts lets it be stated. */
  status: (d: { code: string; procedure: string; state: string; due?: string; outcome?: string | null }) =>
    `Hồ sơ ${d.code} (${d.procedure}): ${d.state}.` + (d.due && !d.outcome ? ` Hạn trả kết quả: ${d.due}.` : ''),
  statusList: 'Các hồ sơ gần đây của bạn:',
  noDossiers: 'Bạn chưa có hồ sơ nào nộp qua Zalo. Gõ "menu" để xem các thủ tục.',
  // Does not repeat the code: clerks read the replies, and a code asked about may be a crime tip's.
  dossierNotFound: 'Không tìm thấy hồ sơ có mã này của bạn. Vui lòng kiểm tra lại mã hồ sơ (dạng DHT-261128-0001).',
  askCode: 'Vui lòng gõ kèm mã hồ sơ, ví dụ: "hủy DHT-261128-0001".',
  withdrawn: (code: string) => `Hồ sơ ${code} đã được rút theo đề nghị của bạn.`,
  cannotWithdraw: (code: string, reason: string) => `Không thể rút hồ sơ ${code}: ${reason}`,
  guide: (p: { name: string; deadline: string; fee: string; documents: string[] }) =>
    `${p.name}\n• Thời hạn giải quyết: ${p.deadline}\n• Lệ phí: ${p.fee}\n• Giấy tờ cần có:\n${p.documents.map((d) => `  - ${d}`).join('\n')}`,
  guideUnknown: (names: string[]) => `Chưa tìm thấy thủ tục này. Các thủ tục hiện có: ${names.join('; ')}.`,
  openForm: 'Mở tờ khai',
  openStatus: 'Xem hồ sơ',
  supplementReceived: (code: string, files: number) =>
    `Đã nhận ${files} tệp bổ sung cho hồ sơ ${code}. Hồ sơ đã được chuyển lại cán bộ tiếp nhận để kiểm tra; thời hạn giải quyết được tính lại từ khi hồ sơ đầy đủ.`,
  attachmentKept: 'Cảm ơn bạn đã gửi tệp. Hiện không có hồ sơ nào của bạn đang chờ bổ sung; tệp đã được lưu để cán bộ xem xét.',
  attachmentRejected: 'Tệp bạn gửi không đọc được hoặc không phải ảnh/PDF. Vui lòng gửi lại ảnh chụp rõ nét hoặc tệp PDF.',
  attachmentTooLarge: 'Tệp bạn gửi quá lớn (tối đa 25 MB một tệp, 100 MB trong 24 giờ). Vui lòng gửi tệp nhỏ hơn hoặc thử lại sau.',
  infoSaved: 'Đã lưu thông tin liên hệ của bạn. Khi bạn không nhắn tin với OA trong thời gian dài, thông báo về hồ sơ sẽ được gửi qua số điện thoại này.',
  ratingThanks: (code: string, rating: number) => `Cảm ơn bạn đã đánh giá ${rating}/5 cho hồ sơ ${code}. Ý kiến của bạn giúp chúng tôi phục vụ tốt hơn.`,
  ratingUnknown: 'Không tìm thấy hồ sơ cần đánh giá.',
  fallback:
    'Chúng tôi đã nhận tin nhắn và sẽ chuyển tới cán bộ phụ trách. Gõ "menu" để xem các thủ tục hoặc "tra cứu <mã hồ sơ>" để xem tình trạng hồ sơ.',
} as const;

/** Zalo cuts a button title at 35 characters: the short name, else the name cut at a word with "…". */
export function chatTitle(p: Pick<ProcedureDefinition, 'name' | 'shortName'>): string {
  if (p.shortName) return p.shortName.vi;
  if (p.name.vi.length <= 35) return p.name.vi;
  const cut = p.name.vi.slice(0, 34);
  const word = cut.slice(0, cut.lastIndexOf(' ') > 0 ? cut.lastIndexOf(' ') : 34);
  // Drops trailing spaces and punctuation with a loop (a /[…]+$/ regex is quadratic on a long run).
  let end = word.length;
  while (end > 0 && /[\s,;:–-]/.test(word[end - 1]!)) end--;
  return `${word.slice(0, end)}…`;
}

/** The "hướng dẫn <thủ tục>" answer: period and fee as domain/wording lets them be stated. */
export function procedureGuide(p: ProcedureDefinition): string {
  const documents = p.documents.map((d) => `${d.label.vi}${d.required ? '' : ' (nếu có)'}`);
  return CHAT.guide({ name: p.name.vi, deadline: periodText(p.deadline), fee: feeText(p.fee), documents });
}
