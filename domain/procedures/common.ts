// Parts most procedures share: the wait for a supplement and the messages to staff, the survey and
// the withdrawal notice. A procedure spreads them and overrides what differs.
import type { ProcedureDefinitionInput } from '../dsl/schema.js';

type States = ProcedureDefinitionInput['states'];

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
