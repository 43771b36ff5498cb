import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, expect } from 'vitest';
import { escapeMermaid, formatCondition, mermaidStateDiagram, procedureTransitions } from '../../domain/dsl/diagram.js';
import { ProcedureDefinition } from '../../domain/dsl/schema.js';
import { BUILT_IN_PROCEDURES } from '../../domain/procedures/index.js';
import { TAM_TRU } from '../../domain/procedures/tam-tru.js';
import {
  DOCS_DIR,
  GENERATED_MARKER,
  INDEX_FILE,
  diffDocs,
  renderIndex,
  renderProcedureDoc,
  renderProcedureDocs,
} from '../../scripts/generate-procedure-docs.js';

const REGENERATE = 'docs/procedures is out of date: run `npx tsx scripts/generate-procedure-docs.ts` and commit the result';

const tamTru = () => ProcedureDefinition.parse(structuredClone(TAM_TRU));

/** A parsed TAM_TRU with extra or changed states, as a newer schema or an admin draft might have. */
function withStates(states: Record<string, unknown>): ProcedureDefinition {
  const def = tamTru();
  return { ...def, states: { ...def.states, ...states } } as ProcedureDefinition;
}

describe('committed procedure docs', () => {
  const files = renderProcedureDocs();

  it('has one page per built-in procedure, plus the index', () => {
    const codes = BUILT_IN_PROCEDURES.map((p) => `${p.code}.md`).sort();
    expect([...files.keys()].sort()).toEqual([...codes, INDEX_FILE].sort());
  });

  it('are up to date with the definitions (no page missing, changed or stale)', () => {
    expect(diffDocs(files), REGENERATE).toEqual({ changed: [], stale: [] });
  });

  it.each([...files.keys()])('%s matches the generator output', (name) => {
    expect(readFileSync(join(DOCS_DIR, name), 'utf8'), REGENERATE).toBe(files.get(name));
  });

  it('renders the same text twice (no dates, stable order)', () => {
    expect(renderProcedureDocs()).toEqual(files);
  });
});

describe('renderProcedureDoc', () => {
  const doc = renderProcedureDoc(tamTru());

  it('carries the facts, the lists and the diagram', () => {
    expect(doc.startsWith(`${GENERATED_MARKER}\n\n# Đăng ký tạm trú, gia hạn tạm trú\n`)).toBe(true);
    expect(doc).toContain('- **Mã thủ tục (code):** `TAM_TRU`');
    expect(doc).toContain('- **Mã thủ tục quốc gia (national code):** 1.004194');
    expect(doc).toContain('| Thời hạn giải quyết (statutory deadline) | 3 ngày làm việc (đã xác nhận) |');
    expect(doc).toContain('Khi hồ sơ chuyển vào bước `review` (Thẩm định hồ sơ)');
    expect(doc).toContain('15.000 đồng (đã xác nhận); trực tuyến: 7.000 đồng (chưa xác nhận, không in cho người dân)');
    expect(doc).toContain('| Người dân đọc thấy (what residents read) | Thời hạn: 3 ngày làm việc; lệ phí: 15.000 đồng (nộp trực tuyến: theo quy định hiện hành — cán bộ sẽ báo) |');
    expect(doc).toContain('Tờ khai (application): CT01');
    expect(doc).toContain('- Luật Cư trú số 68/2020/QH14, Điều 27 (đối tượng, thời hạn tạm trú tối đa 2 năm)');
    expect(doc).toContain('| `stayUntil` | `date` | Có | Tạm trú đến ngày |');
    expect(doc).toContain('| `ct01` | Tờ khai thay đổi thông tin cư trú (mẫu CT01) | Có | `image/*`, `application/pdf` | 10 MB | CT01 |');
    expect(doc).toContain('| `review` | `task` | Thẩm định hồ sơ | `officer` (Cán bộ xử lý) | 2 ngày làm việc');
    expect(doc).toContain('```mermaid\nstateDiagram-v2\n');
    expect(doc).toContain('| `received` | PHIẾU TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ (CT04)<br>');
  });

  it('lists every value still to be confirmed under its own heading', () => {
    const section = doc.split('## Cần cán bộ pháp chế xác nhận')[1]?.split('\n## ')[0] ?? '';
    expect(section).not.toBe('');
    for (const item of tamTru().toBeConfirmed) expect(section).toContain(`- ${item}`);
  });

  it('says so when nothing is to be confirmed', () => {
    const none = renderProcedureDoc({ ...tamTru(), toBeConfirmed: [] });
    expect(none).toContain('## Cần cán bộ pháp chế xác nhận (To be confirmed by the legal officer)\n\nKhông có điểm nào cần xác nhận.');
  });

  it('marks confidential procedures and sealed fields', () => {
    const def = { ...tamTru(), confidential: true };
    def.form = def.form.map((f) => (f.key === 'fullName' ? { ...f, sealed: true } : f));
    const out = renderProcedureDoc(def);
    expect(out).toContain('| Hồ sơ mật (confidential) | Có:');
    expect(out).toMatch(/\| `fullName` \|[^\n]*\*\*Bảo mật \(sealed\):\*\*/);
    expect(doc).not.toContain('Hồ sơ mật (confidential)');
  });

  it('escapes Markdown table syntax in texts', () => {
    const def = tamTru();
    def.messages.submitted = { vi: 'a | b <i>x</i> *y*' };
    expect(renderProcedureDoc(def)).toContain('| `submitted` | a \\| b &lt;i&gt;x&lt;/i&gt; \\*y\\* |');
  });
});

describe('renderIndex', () => {
  it('links every procedure, sorted by code', () => {
    const a = { ...tamTru(), code: 'B_SECOND' };
    const b = { ...tamTru(), code: 'A_FIRST' };
    const index = renderIndex([a, b]);
    expect(index.indexOf('[A_FIRST](A_FIRST.md)')).toBeGreaterThan(0);
    expect(index.indexOf('[A_FIRST](A_FIRST.md)')).toBeLessThan(index.indexOf('[B_SECOND](B_SECOND.md)'));
    expect(index).toContain('| Công an cấp xã (phường, xã, đặc khu) | 3 ngày làm việc (đã xác nhận) | 1.004194 | 11 |');
  });
});

describe('mermaidStateDiagram', () => {
  const diagram = mermaidStateDiagram(tamTru());
  const lines = diagram.split('\n').map((line) => line.trim());

  it('is a stateDiagram-v2 with every state and its Vietnamese label', () => {
    expect(lines[0]).toBe('stateDiagram-v2');
    for (const [id, state] of Object.entries(tamTru().states)) {
      expect(lines).toContain(`state "${state.label.vi}" as ${id}`);
    }
  });

  it('starts at the initial state and labels every transition', () => {
    expect(lines).toContain('[*] --> intake');
    expect(lines).toContain('review --> decision : Đề xuất phê duyệt');
    expect(lines).toContain('intake --> supplement : Yêu cầu bổ sung (CT05)');
    expect(lines).toContain('supplement --> intake : Người dân gửi bổ sung');
    expect(lines).toContain('supplement --> withdrawn : Hết hạn sau 30 ngày');
    expect(lines).toContain('issued --> done : Hệ thống thực hiện issueResult');
    for (const end of ['done', 'rejected', 'withdrawn']) expect(lines.some((l) => l.startsWith(`${end} --> [*]`))).toBe(true);
    const arrows = lines.filter((l) => l.includes('-->'));
    expect(arrows.every((l) => / : \S/.test(l) || l === '[*] --> intake')).toBe(true);
  });

  it('notes the withdrawal once, on the withdrawal end', () => {
    expect(lines.filter((l) => l.startsWith('note '))).toEqual([
      'note left of withdrawn : Người dân rút hồ sơ chưa có kết quả thì hồ sơ chuyển tới bước này',
    ]);
  });

  it('escapes quotes and Mermaid syntax in labels', () => {
    const def = tamTru();
    const intake = def.states.intake;
    if (intake?.type !== 'task') throw new Error('intake is a task');
    intake.label = { vi: 'Kiểm tra "CT01": đủ; 100%' };
    intake.actions.accept = { to: 'review', label: { vi: 'Nhận "đủ" <<choice>>' }, requires: [] };
    const out = mermaidStateDiagram(def);
    expect(out).toContain('state "Kiểm tra #quot;CT01#quot;#58; đủ#59; 100#37;" as intake');
    expect(out).toContain('intake --> review : Nhận #quot;đủ#quot; #lt;#lt;choice#gt;#gt;');
    for (const line of out.split('\n').filter((l) => l.trim().startsWith('state '))) {
      expect(line.match(/"/g)).toHaveLength(2);
    }
    expect(escapeMermaid('a\n  b # c')).toBe('a b #35; c');
  });

  it('draws states of an unknown type from the fields that name states', () => {
    const def = withStates({
      future: { type: 'future', label: { vi: 'Bước kiểu mới' }, next: 'done', notify: 'rejected' },
      later: { type: 'somethingElse', timeout: { after: { days: 30 }, then: 'withdrawn' }, onApproved: 'decision', branches: [{ to: 'review' }] },
      empty: null,
    });
    let out = '';
    expect(() => (out = mermaidStateDiagram(def))).not.toThrow();
    const outLines = out.split('\n').map((l) => l.trim());
    expect(outLines).toContain('state "Bước kiểu mới" as future');
    expect(outLines).toContain('future --> done : next');
    expect(outLines).toContain('later --> withdrawn : timeout (sau 30 ngày)');
    expect(outLines).toContain('later --> decision : onApproved');
    expect(outLines).toContain('later --> review : branches#91;0#93;');
    expect(outLines).toContain('state "empty" as empty');
    // `notify` names a template, not a transition, even when a state has the same name.
    expect(outLines).not.toContain('future --> rejected : notify');
  });

  it('renders choice conditions in words', () => {
    const def = withStates({
      route: {
        type: 'choice',
        label: { vi: 'Phân loại' },
        choices: [
          { when: { all: [{ field: 'kind', op: 'eq', value: 'renewal' }, { any: [{ field: 'age', op: 'gte', value: 14 }, { not: { field: 'guardian', op: 'exists' } }] }] }, next: 'review' },
          { when: { field: 'kind', op: 'in', value: ['a', 'b'] }, next: 'rejected' },
        ],
        otherwise: 'intake',
      },
    });
    expect(procedureTransitions(def).filter((t) => t.from === 'route')).toEqual([
      { from: 'route', to: 'review', label: 'kind = "renewal" và (age ≥ 14 hoặc không (có guardian))', path: 'choices[0].next' },
      { from: 'route', to: 'rejected', label: 'kind thuộc ("a", "b")', path: 'choices[1].next' },
      { from: 'route', to: 'intake', label: 'Trường hợp khác', path: 'otherwise' },
    ]);
    expect(formatCondition({ field: 'n', op: 'lt', value: 3 })).toBe('n < 3');
  });

  it('gives states named like Mermaid keywords another Mermaid id', () => {
    const def = withStates({ note: { type: 'system', label: { vi: 'Ghi chú' }, run: 'issueResult', next: 'done' } });
    const out = mermaidStateDiagram(def);
    expect(out).toContain('state "Ghi chú" as S_note');
    expect(out).toContain('S_note --> done');
  });
});
