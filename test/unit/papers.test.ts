// What goes on the printed papers, without a server: when each paper exists, the appointment after
// an apology letter or during a supplement, the document list, and Vietnam-time dates; one paper is
// drawn and read back to check the italic notes survive extraction too.
import { describe, expect, it } from 'vitest';
import { longDateTime } from '../../domain/wording/dates.js';
import { paperRefusal, receiptPaper, resultPaper, type PaperFacts } from '../../api/documents/papers.js';
import { renderPaper } from '../../api/documents/pdf.js';
import { ProcedureDefinition } from '../../domain/dsl/schema.js';
import { TAM_TRU } from '../../domain/procedures/tam-tru.js';
import { pdfText } from '../support/pdf-text.js';

const at = (iso: string) => Date.parse(iso);
const facts: PaperFacts = {
  code: 'DHT-261201-0007',
  definition: ProcedureDefinition.parse(TAM_TRU),
  confidential: false,
  channel: 'zalo',
  unit: { name: 'Công an phường Đông Hưng Thuận', parentName: 'Công an Thành phố Hồ Chí Minh' },
  applicant: { name: 'Nguyễn Thị Hồng', phone: '0912345678' },
  formData: { kind: 'new' },
  submittedOn: '2026-12-01',
  documents: [{ docKey: 'ct01' }, { docKey: 'ct01' }, { docKey: 'residenceProof' }, { docKey: null }],
  receivedAt: at('2026-12-01T02:30:00Z'), // 09:30 in Vietnam
  dueAt: at('2026-12-04T10:00:00Z'),
  waitingForApplicant: false,
  receivedBy: 'Nguyễn Văn Tiếp',
};
const fact = (paper: ReturnType<typeof receiptPaper>, label: string) => [...paper.facts, ...(paper.afterList ?? [])].find((f) => f.label === label);

describe('paperRefusal', () => {
  it('gives a receipt once received and a result notice only after approval or rejection; never for a crime tip', () => {
    expect(paperRefusal('receipt', { confidential: false })).toMatch(/chưa được tiếp nhận/);
    expect(paperRefusal('receipt', { confidential: false, receivedAt: 1 })).toBeUndefined();
    expect(paperRefusal('result', { confidential: false, receivedAt: 1 })).toMatch(/chưa có kết quả/);
    expect(paperRefusal('result', { confidential: false, outcome: 'approved', closedAt: 2 })).toBeUndefined();
    expect(paperRefusal('result', { confidential: false, outcome: 'rejected', closedAt: 2 })).toBeUndefined();
    expect(paperRefusal('result', { confidential: false, outcome: 'withdrawn', closedAt: 2 })).toMatch(/chưa có kết quả/);
    expect(paperRefusal('receipt', { confidential: true, receivedAt: 1 })).toMatch(/tố giác/);
    expect(paperRefusal('result', { confidential: true, outcome: 'approved', closedAt: 2 })).toMatch(/tố giác/);
  });
});

describe('receiptPaper', () => {
  it('says times in Vietnam time and counts the files of each document', () => {
    expect(longDateTime(at('2026-12-04T10:00:00Z'))).toBe('17 giờ 00 phút, ngày 04 tháng 12 năm 2026');
    expect(longDateTime(at('2026-12-31T17:05:00Z'))).toBe('00 giờ 05 phút, ngày 01 tháng 01 năm 2027');
    const paper = receiptPaper(facts);
    expect(paper.dated).toBe('ngày 01 tháng 12 năm 2026');
    expect(paper.list!.items).toEqual([
      'Tờ khai thay đổi thông tin cư trú (mẫu CT01) (2 tệp)',
      `${TAM_TRU.documents![1]!.label.vi} (1 tệp)`,
      'Giấy tờ khác (1 tệp)',
    ]);
    expect(fact(paper, 'Thời gian trả kết quả')).toEqual({ label: 'Thời gian trả kết quả', value: '17 giờ 00 phút, ngày 04 tháng 12 năm 2026' });
    expect(fact(paper, 'Nơi nhận kết quả')?.note).toContain('Zalo OA');
    expect(paper.signatures).toEqual([{ role: 'NGƯỜI NỘP HỒ SƠ' }, { role: 'NGƯỜI TIẾP NHẬN HỒ SƠ', name: 'Nguyễn Văn Tiếp' }]);
  });

  it('after the apology letter gives the new date and names the original one', () => {
    const paper = receiptPaper({ ...facts, originalDueAt: facts.dueAt, dueAt: at('2026-12-08T10:00:00Z'), apologySentAt: at('2026-12-03T01:00:00Z') });
    expect(fact(paper, 'Thời gian trả kết quả')).toEqual({
      label: 'Thời gian trả kết quả',
      value: '17 giờ 00 phút, ngày 08 tháng 12 năm 2026',
      note: 'Hẹn lại theo thư xin lỗi ngày 03/12/2026; ngày hẹn ban đầu: 17 giờ 00 phút, ngày 04 tháng 12 năm 2026.',
    });
  });

  it('while the applicant supplements, says the time restarts when the dossier is complete', () => {
    expect(fact(receiptPaper({ ...facts, waitingForApplicant: true }), 'Thời gian trả kết quả')?.note).toMatch(/tính lại từ đầu/);
  });

  it('draws the notes in the embedded italic face, extractable as typed', async () => {
    const paper = receiptPaper({ ...facts, originalDueAt: facts.dueAt, dueAt: at('2026-12-08T10:00:00Z'), apologySentAt: at('2026-12-03T01:00:00Z') });
    const text = await pdfText(await renderPaper(paper));
    expect(text).toContain('Hẹn lại theo thư xin lỗi ngày 03/12/2026; ngày hẹn ban đầu: 17 giờ 00 phút, ngày 04 tháng 12 năm 2026.');
    expect(text).toContain('Ngày 01 tháng 12 năm 2026');
  });
});

describe('resultPaper', () => {
  it('states an approval with the end label and its form, without a reason', () => {
    const paper = resultPaper({ ...facts, outcome: 'approved', endLabel: 'Đã đăng ký tạm trú', closedAt: at('2026-12-03T08:00:00Z'), decidedBy: 'Phạm Trưởng Phường' });
    expect(paper.formCode).toBe('CT08');
    expect(paper.facts.find((f) => f.label === 'Kết quả')?.value).toBe('Giải quyết: Đã đăng ký tạm trú');
    expect(paper.facts.some((f) => f.label === 'Lý do')).toBe(false);
    expect(paper.dated).toBe('ngày 03 tháng 12 năm 2026');
  });
});
