// What goes on the printed papers of a dossier, as plain data: the receipt with the appointment
// date (Giấy tiếp nhận hồ sơ và hẹn trả kết quả, TT 01/2018 Mẫu 01 / police form CT04) and the
// result notice. Pure: the facts come in read, the drawing (pdf.ts) knows nothing of dossiers.
import { formatDateVi, longDate, longDateTime } from '../../domain/wording/dates.js';
import type { Outcome, ProcedureDefinition } from '../../domain/dsl/schema.js';
import { appointmentText, feeText, periodText } from '../../domain/wording/fees-and-periods.js';

export const PAPER_KINDS = ['receipt', 'result'] as const;
export type PaperKind = (typeof PAPER_KINDS)[number];

/** How pages and the API name each paper. */
export const PAPER_NAMES: Record<PaperKind, string> = {
  receipt: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả',
  result: 'Thông báo kết quả giải quyết hồ sơ',
};

/** A printed paper: the issuing unit's header, a title, facts in order, a list, signatures. */
export interface Paper {
  kind: PaperKind;
  /** The form's code in the procedure's regime (e.g. CT04), when the definition names one. */
  formCode?: string;
  issuer: { parent?: string; unit: string };
  /** "ngày … tháng … năm …" under the motto. */
  dated: string;
  title: string;
  code: string;
  facts: Fact[];
  list?: { heading: string; items: string[]; empty: string };
  afterList?: Fact[];
  signatures: Array<{ role: string; name?: string }>;
  /** For the PDF's document information. */
  subject: string;
}

export interface Fact {
  label: string;
  value: string;
  /** A smaller line under the value. */
  note?: string;
}

/** What the papers are made from: the dossier's read model, its definition, its unit and its history. */
export interface PaperFacts {
  code: string;
  definition: ProcedureDefinition;
  confidential: boolean;
  channel: string;
  unit: { name: string; parentName?: string };
  applicant: { name?: string; phone?: string };
  formData: Record<string, unknown>;
  /** The submission date (ISO), which selects dated fee rows as the dossier's messages do. */
  submittedOn: string;
  /** Received documents: the definition's document key (null for extra files). */
  documents: Array<{ docKey: string | null }>;
  receivedAt?: number;
  dueAt?: number;
  originalDueAt?: number;
  apologySentAt?: number;
  /** The dossier waits for the applicant (a supplement): the clock is stopped. */
  waitingForApplicant: boolean;
  outcome?: Outcome;
  endLabel?: string;
  closedAt?: number;
  /** The staff member who took the dossier in (the last staff action up to the receipt). */
  receivedBy?: string;
  /** The staff member whose action ended the dossier. */
  decidedBy?: string;
  /** The reason given with a rejection. */
  reason?: string;
}

/**
 * Why a paper cannot be printed for this dossier, or undefined when it can. Crime tips get neither
 * paper: a tip is not a one-stop administrative procedure (no appointment, criminal-procedure time
 * limits) and a printed slip naming a tip and its unit could expose the reporter, whose identity
 * stays sealed in any case. A receipt needs the dossier to have been received (accepted as complete);
 * a result notice needs a decision: the dossier ended approved or rejected (not withdrawn or refused).
 */
export function paperRefusal(kind: PaperKind, f: Pick<PaperFacts, 'confidential' | 'receivedAt' | 'outcome' | 'closedAt'>): string | undefined {
  if (f.confidential) return 'Tin báo, tố giác tội phạm không in giấy tiếp nhận hay thông báo kết quả (bảo vệ người báo tin).';
  if (kind === 'receipt') return f.receivedAt === undefined ? 'Hồ sơ chưa được tiếp nhận nên chưa có giấy tiếp nhận và hẹn trả kết quả.' : undefined;
  const decided = f.closedAt !== undefined && (f.outcome === 'approved' || f.outcome === 'rejected');
  return decided ? undefined : 'Hồ sơ chưa có kết quả giải quyết nên chưa có thông báo kết quả.';
}

const CHANNELS: Record<string, string> = { web: 'Cổng dịch vụ công trực tuyến', zalo: 'Zalo OA của đơn vị', counter: 'trực tiếp tại bộ phận một cửa' };

export function receiptPaper(f: PaperFacts): Paper {
  const def = f.definition;
  const receivedAt = f.receivedAt!;
  const facts: Fact[] = [
    { label: 'Người nộp hồ sơ', value: f.applicant.name ?? 'Không ghi' },
    { label: 'Số điện thoại', value: f.applicant.phone ?? 'Không ghi' },
    { label: 'Nội dung yêu cầu giải quyết', value: def.name.vi },
    { label: 'Hình thức nộp', value: CHANNELS[f.channel] ?? f.channel },
  ];
  return {
    kind: 'receipt',
    formCode: def.forms.receipt,
    issuer: issuer(f),
    dated: longDate(receivedAt),
    title: 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
    code: f.code,
    facts,
    list: { heading: 'Thành phần hồ sơ đã nhận', items: receivedDocuments(f), empty: 'Không có giấy tờ điện tử kèm theo (giấy tờ nộp trực tiếp được kiểm tra tại bộ phận một cửa).' },
    afterList: [
      { label: 'Thời gian giải quyết theo quy định', value: periodText(def.deadline) },
      { label: 'Thời gian nhận hồ sơ', value: longDateTime(receivedAt) },
      appointment(f),
      { label: 'Lệ phí', value: feeText(def.fee, f.formData, f.submittedOn) },
      { label: 'Nơi nhận kết quả', value: `Bộ phận tiếp nhận và trả kết quả, ${f.unit.name}`, note: resultChannelNote(f.channel) },
    ],
    signatures: [{ role: 'NGƯỜI NỘP HỒ SƠ' }, { role: 'NGƯỜI TIẾP NHẬN HỒ SƠ', name: f.receivedBy }],
    subject: `${def.name.vi}: giấy tiếp nhận hồ sơ ${f.code}`,
  };
}

/** The due date the engine computed; after the apology letter it is the new date (ND 61/2018 Art 19.9). */
function appointment(f: PaperFacts): Fact {
  const label = 'Thời gian trả kết quả';
  if (f.dueAt === undefined) return { label, value: 'Sẽ thông báo sau' };
  const fact: Fact = { label, value: appointmentText(f.definition.deadline, longDateTime(f.dueAt)) };
  if (f.apologySentAt !== undefined && f.originalDueAt !== undefined) {
    fact.note = `Hẹn lại theo thư xin lỗi ngày ${formatDateVi(f.apologySentAt)}; ngày hẹn ban đầu: ${appointmentText(f.definition.deadline, longDateTime(f.originalDueAt))}.`;
  } else if (f.waitingForApplicant) {
    fact.note = 'Hồ sơ đang chờ bổ sung: thời hạn giải quyết được tính lại từ đầu khi nhận đủ hồ sơ.';
  }
  return fact;
}

function resultChannelNote(channel: string): string | undefined {
  return channel === 'zalo' ? 'Kết quả cũng được thông báo qua tin nhắn Zalo OA của đơn vị.' : undefined;
}

/** One line per document of the definition that arrived (with the number of files), then the others. */
function receivedDocuments(f: PaperFacts): string[] {
  const count = (key: string | null) => f.documents.filter((d) => d.docKey === key).length;
  const files = (n: number) => (n === 1 ? '1 tệp' : `${n} tệp`);
  const known = f.definition.documents.filter((spec) => count(spec.key) > 0).map((spec) => `${spec.label.vi} (${files(count(spec.key))})`);
  const keys = new Set(f.definition.documents.map((d) => d.key));
  const others = f.documents.filter((d) => d.docKey === null || !keys.has(d.docKey)).length;
  return others > 0 ? [...known, `Giấy tờ khác (${files(others)})`] : known;
}

export function resultPaper(f: PaperFacts): Paper {
  const def = f.definition;
  const approved = f.outcome === 'approved';
  const facts: Fact[] = [
    { label: 'Người nộp hồ sơ', value: f.applicant.name ?? 'Không ghi' },
    { label: 'Thủ tục', value: def.name.vi },
    ...(f.receivedAt !== undefined ? [{ label: 'Ngày tiếp nhận', value: longDateTime(f.receivedAt) }] : []),
    { label: 'Kết quả', value: approved ? `Giải quyết: ${f.endLabel ?? 'đã giải quyết'}` : `Không giải quyết: ${f.endLabel ?? 'từ chối'}` },
    ...(!approved ? [{ label: 'Lý do', value: f.reason ?? 'Không ghi lý do' }] : []),
    { label: 'Ngày có kết quả', value: longDateTime(f.closedAt!) },
    { label: 'Đơn vị giải quyết', value: f.unit.name },
  ];
  return {
    kind: 'result',
    formCode: approved ? def.forms.result : def.forms.refusal,
    issuer: issuer(f),
    dated: longDate(f.closedAt!),
    title: 'THÔNG BÁO KẾT QUẢ GIẢI QUYẾT HỒ SƠ',
    code: f.code,
    facts,
    signatures: [{ role: 'CÁN BỘ GIẢI QUYẾT', name: f.decidedBy }],
    subject: `${def.name.vi}: thông báo kết quả hồ sơ ${f.code}`,
  };
}

const issuer = (f: PaperFacts) => ({ parent: f.unit.parentName?.toUpperCase(), unit: f.unit.name.toUpperCase() });
