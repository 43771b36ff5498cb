// Parts most procedures share: the wait for a supplement, the clerk actions that need an input (a
// supplement request, a refusal, a return), the two closing ends, and the messages to staff, the
// survey and the withdrawal notice. A procedure spreads them and overrides what differs.
import type { ProcedureDefinitionInput } from '../dsl/schema.js';

type States = ProcedureDefinitionInput['states'];
type Action = Extract<States[string], { type: 'task' }>['actions'][string];

/** Waiting for the resident's supplement: 30 days (unit policy, ❓ in law), reminders, back to intake. */
export function supplementWait(label = 'Chờ người dân bổ sung hồ sơ', remindEveryDays = 2): States[string] {
  return {
    type: 'applicant',
    label: { vi: label, en: 'Waiting for the supplement' },
    notify: 'supplementRequested',
    expires: { after: { days: 30 }, then: 'withdrawn' },
    remind: [{ every: { days: remindEveryDays }, template: 'supplementReminder', max: 2 }],
    onSubmit: 'intake',
  };
}

/** Asks the resident for the missing documents the clerk ticks. */
export const requestSupplement = (label: string, to = 'supplement'): Action => ({ to, label: { vi: label }, requires: ['missingDocuments'] });

/** Refuses the dossier; the reason goes to the resident. */
export const rejectWith = (label: string): Action => ({ to: 'rejected', label: { vi: label }, requires: ['reason'] });

/** Sends the dossier back a step with a note for the colleague who gets it. */
export const sendBack = (to: string, label: string): Action => ({ to, label: { vi: label }, requires: ['note'] });

/** The counter check of the residence procedures: accept (CT04), ask for a supplement (CT05), refuse (CT06). */
export function residenceIntake(dueWorkingHours: number): States[string] {
  return {
    type: 'task',
    label: { vi: 'Tiếp nhận, kiểm tra hồ sơ', en: 'Intake check' },
    role: 'receiver',
    due: { workingHours: dueWorkingHours },
    notify: 'submitted',
    actions: {
      accept: { to: 'review', label: { vi: 'Tiếp nhận hồ sơ (CT04)' } },
      requestSupplement: requestSupplement('Yêu cầu bổ sung (CT05)'),
      reject: rejectWith('Từ chối tiếp nhận (CT06)'),
    },
  };
}

/** The ends every one-stop procedure has besides its own result: refused (with a survey) and withdrawn. */
export const REFUSED_AND_WITHDRAWN = {
  rejected: { type: 'end', label: { vi: 'Từ chối', en: 'Rejected' }, outcome: 'rejected', notify: 'rejected', survey: 'survey' },
  withdrawn: { type: 'end', label: { vi: 'Đã rút hồ sơ', en: 'Withdrawn' }, outcome: 'withdrawn', notify: 'withdrawn' },
} satisfies States;

export const COMMON_MESSAGES = {
  taskReminder: { vi: 'Nhắc việc: hồ sơ {code} ({procedure}) đang ở bước "{state}", hạn xử lý {dueDate}.' },
  taskEscalated: {
    vi: 'Quá hạn: hồ sơ {code} ({procedure}) ở bước "{state}" đã quá hạn xử lý {dueDate}. Đề nghị lãnh đạo đơn vị chỉ đạo giải quyết.',
  },
  survey: {
    vi: 'Mời bạn đánh giá mức độ hài lòng với việc giải quyết hồ sơ {code} tại {unitName} (5 sao là rất hài lòng). Ý kiến của bạn được giữ kín và giúp chúng tôi phục vụ tốt hơn.',
  },
  withdrawn: {
    vi: 'Hồ sơ {code} ({procedure}) đã dừng xử lý do được rút hoặc không được bổ sung đúng hạn. Nếu vẫn có nhu cầu, bạn có thể nộp hồ sơ mới.',
  },
} satisfies ProcedureDefinitionInput['messages'];

/**
 * The supplement request under its form's heading (CT05, Mẫu 02…) and its reminder: 30 days to
 * answer (unit policy), the clock restarts from zero once complete (ND 61/2018 Art 19.4).
 */
export function supplementMessages(heading: string, extra?: string): { supplementRequested: { vi: string }; supplementReminder: { vi: string } } {
  return {
    supplementRequested: {
      vi:
        `${heading}\n` +
        'Hồ sơ {code} ({procedure}) cần bổ sung:\n' +
        '{missingDocuments}\n' +
        'Vui lòng gửi bổ sung trong 30 ngày; quá thời hạn này hồ sơ được coi như đã rút. ' +
        'Thời hạn giải quyết được tính lại từ đầu khi hồ sơ đầy đủ.' +
        (extra ? ` ${extra}` : ''),
    },
    supplementReminder: {
      vi: 'Nhắc nhở: hồ sơ {code} ({procedure}) vẫn đang chờ bạn bổ sung: {missingDocuments}. Hồ sơ chỉ được giải quyết sau khi nhận đủ giấy tờ.',
    },
  };
}

/** The apology letter with a new date (ND 61/2018 Art 19.9), under the procedure's form code when it has one. */
export function apologyMessage(formCode?: string): { vi: string } {
  return {
    vi:
      `THƯ XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ${formCode ? ` (${formCode})` : ''}\n` +
      '{unitName} xin lỗi vì hồ sơ {code} ({procedure}) chưa thể trả kết quả đúng hẹn ngày {dueDate}.\n' +
      'Ngày hẹn trả kết quả mới: {newDueDate}. Mong bạn thông cảm.',
  };
}

/** The residence procedures' receipt (CT04), supplement request (CT05) and its reminder, and refusal (CT06). */
export const RESIDENCE_MESSAGES = {
  received: {
    vi:
      'PHIẾU TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ (CT04)\n' +
      '{unitName} đã tiếp nhận hồ sơ {procedure} của {applicantName}.\n' +
      'Mã hồ sơ: {code}\n' +
      'Hạn trả kết quả: {dueDate}\n' +
      'Lệ phí: {fee}\n' +
      'Bạn có thể tra cứu tình trạng hồ sơ bằng mã hồ sơ trên Cổng Dịch vụ công quốc gia hoặc nhắn mã hồ sơ cho Zalo OA này.',
  },
  ...supplementMessages('PHIẾU HƯỚNG DẪN BỔ SUNG, HOÀN THIỆN HỒ SƠ (CT05)'),
  rejected: {
    vi:
      'PHIẾU TỪ CHỐI TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ (CT06)\n' +
      'Hồ sơ {code} ({procedure}) không được giải quyết.\n' +
      'Lý do: {reason}\n' +
      'Nếu cần hướng dẫn thêm, bạn có thể nhắn tin cho Zalo OA này hoặc liên hệ {unitName}.',
  },
} satisfies ProcedureDefinitionInput['messages'];
