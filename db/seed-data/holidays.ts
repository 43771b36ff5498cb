// Public-holiday calendar for state bodies, 2025–2027, transcribed from procedures-vn.md §6.2.
// One row per weekday off (S, C, B) and per make-up Saturday (W); weekend days inside a block need no row.
// Status follows the reference markers (✅ confirmed, ⚠️ proposed, ❓ computed), except that the fixed solar-date
// holidays (1/1, 30/4, 1/5, 2/9) and the compensatory days the labour code mandates for them are confirmed in any year.
// Only confirmed and proposed rows move deadlines (see calendarFrom in domain/calendar.ts).

export interface HolidaySeed {
  date: string;
  kind: 'off' | 'working';
  name: string;
  status: 'confirmed' | 'proposed' | 'computed';
  source: string;
}

const BLLD = 'Bộ luật Lao động 45/2019/QH14, Điều 112';
const NOTICE_2025 = 'tet-amlich.com/2024/11/cac-ngay-nghi-le-2025.html';
const VPCP_12729 = 'Công văn 12729/VPCP-KGVX ngày 25/12/2025 (hai nguồn; procedures-vn.md Phụ lục C)';
const VPCP_12729_BEFORE = 'Công văn 12729/VPCP-KGVX ngày 25/12/2025';
const QK_2026_MAKEUP = 'Phương án của Bộ Nội vụ, báo chí đưa tin ngày 2/10/2025 (một nguồn, chưa có văn bản chính thức)';
const TET_2026 = 'congan.com.vn (bài 388656); baomoi.com';
const QK_2026 = 'baomoi.com; nguồn thứ cấp (GitHub)';
const VAN_HOA_BEFORE = 'Nghị quyết 28/2026/QH16 (nguồn thứ cấp, chưa xác nhận)';
const VAN_HOA =
  'Chủ trương tại Nghị quyết 80-NQ/TW của Bộ Chính trị (1/2026); nghị quyết của Quốc hội được cho là quy định ngày nghỉ chưa kiểm chứng được (procedures-vn.md §6.1, Phụ lục C)';
const COMPUTED = 'computed';

const off = (date: string, name: string, status: HolidaySeed['status'], source: string): HolidaySeed =>
  ({ date, kind: 'off', name, status, source });

export const HOLIDAYS: HolidaySeed[] = [
  // 2025
  off('2025-01-01', 'Tết Dương lịch', 'confirmed', NOTICE_2025),
  // Block Sat 25/1 – Sun 2/2; the reference flags a swapped day (⚠️) but names no make-up Saturday.
  off('2025-01-27', 'Tết Nguyên đán', 'confirmed', NOTICE_2025),
  off('2025-01-28', 'Tết Nguyên đán', 'confirmed', NOTICE_2025),
  off('2025-01-29', 'Tết Nguyên đán', 'confirmed', NOTICE_2025),
  off('2025-01-30', 'Tết Nguyên đán', 'confirmed', NOTICE_2025),
  off('2025-01-31', 'Tết Nguyên đán', 'confirmed', NOTICE_2025),
  off('2025-04-07', 'Giỗ Tổ Hùng Vương', 'confirmed', NOTICE_2025),
  { date: '2025-04-26', kind: 'working', name: 'Làm bù cho ngày nghỉ 2/5', status: 'confirmed', source: NOTICE_2025 },
  off('2025-04-30', 'Ngày Chiến thắng', 'confirmed', NOTICE_2025),
  off('2025-05-01', 'Quốc tế Lao động', 'confirmed', NOTICE_2025),
  off('2025-05-02', 'Nghỉ hoán đổi dịp 30/4 – 1/5', 'confirmed', NOTICE_2025),
  off('2025-09-01', 'Quốc khánh', 'confirmed', NOTICE_2025),
  off('2025-09-02', 'Quốc khánh', 'confirmed', NOTICE_2025),

  // 2026
  off('2026-01-01', 'Tết Dương lịch', 'confirmed', BLLD),
  off('2026-01-02', 'Nghỉ hoán đổi dịp Tết Dương lịch', 'confirmed', VPCP_12729),
  { date: '2026-01-10', kind: 'working', name: 'Làm bù cho ngày nghỉ 2/1', status: 'confirmed', source: VPCP_12729 },
  off('2026-02-16', 'Tết Nguyên đán', 'confirmed', TET_2026),
  off('2026-02-17', 'Tết Nguyên đán', 'confirmed', TET_2026),
  off('2026-02-18', 'Tết Nguyên đán', 'confirmed', TET_2026),
  off('2026-02-19', 'Tết Nguyên đán', 'confirmed', TET_2026),
  off('2026-02-20', 'Tết Nguyên đán', 'confirmed', TET_2026),
  off('2026-04-27', 'Nghỉ bù Giỗ Tổ Hùng Vương', 'confirmed', 'thanhnien.vn (23/2/2026)'),
  off('2026-04-30', 'Ngày Chiến thắng', 'confirmed', BLLD),
  off('2026-05-01', 'Quốc tế Lao động', 'confirmed', BLLD),
  // Proposed block Sat 29/8 – Wed 2/9; Mon 31/8 made up on Sat 22/8 (Appendix C, one press source).
  { date: '2026-08-22', kind: 'working', name: 'Làm bù cho ngày nghỉ 31/8', status: 'proposed', source: QK_2026_MAKEUP },
  off('2026-08-31', 'Nghỉ hoán đổi dịp Quốc khánh', 'proposed', QK_2026),
  off('2026-09-01', 'Quốc khánh', 'proposed', QK_2026),
  off('2026-09-02', 'Quốc khánh', 'confirmed', BLLD),
  off('2026-11-24', 'Ngày Văn hóa Việt Nam', 'proposed', VAN_HOA),

  // 2027: nothing announced yet; only the fixed solar dates are certain.
  off('2027-01-01', 'Tết Dương lịch', 'confirmed', BLLD),
  // Minimal Tết block Fri 5/2 – Thu 11/2 (29 Tết – mùng 4, two of them on the weekend).
  off('2027-02-05', 'Tết Nguyên đán', 'computed', COMPUTED),
  off('2027-02-08', 'Tết Nguyên đán', 'computed', COMPUTED),
  off('2027-02-09', 'Tết Nguyên đán', 'computed', COMPUTED),
  off('2027-02-10', 'Nghỉ bù Tết Nguyên đán', 'computed', COMPUTED),
  off('2027-02-11', 'Nghỉ bù Tết Nguyên đán', 'computed', COMPUTED),
  off('2027-04-16', 'Giỗ Tổ Hùng Vương', 'computed', COMPUTED),
  off('2027-04-30', 'Ngày Chiến thắng', 'confirmed', BLLD),
  off('2027-05-03', 'Nghỉ bù Quốc tế Lao động', 'confirmed', BLLD), // 1/5 is a Saturday
  off('2027-09-02', 'Quốc khánh', 'confirmed', BLLD),
  // The Prime Minister picks 1/9 or 3/9; 3/9 is the reference's example.
  off('2027-09-03', 'Quốc khánh (ngày liền kề, chưa quyết định)', 'computed', COMPUTED),
  off('2027-11-24', 'Ngày Văn hóa Việt Nam', 'proposed', VAN_HOA),
];

/**
 * Corrections to rows seeded earlier (seeding never overwrites a row): applied only while the row
 * still holds what the seed wrote, so a row an admin has confirmed or edited is left alone.
 */
export const HOLIDAY_CORRECTIONS: Array<{ date: string; was: Pick<HolidaySeed, 'status' | 'source'> }> = [
  { date: '2026-01-02', was: { status: 'proposed', source: VPCP_12729_BEFORE } },
  { date: '2026-01-10', was: { status: 'proposed', source: VPCP_12729_BEFORE } },
  { date: '2026-11-24', was: { status: 'proposed', source: VAN_HOA_BEFORE } },
];
