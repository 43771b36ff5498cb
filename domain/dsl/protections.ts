// A procedure code's protections only grow: once a version is confidential (crime tips: investigators
// only) every later version is, and a form field sealed once (the reporter's identity) stays in the
// form and sealed. Otherwise an admin could publish TO_GIAC v2 with `confidential: false` and
// every new tip — reporter included — would be open to the whole unit.
import type { ProcedureDefinition } from './schema.js';
import type { DefinitionIssue } from './validate.js';

export function weakenedProtections(earlier: readonly ProcedureDefinition[], next: ProcedureDefinition): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  if (!next.confidential && earlier.some((d) => d.confidential)) {
    issues.push({ path: 'confidential', code: 'protection_weakened', message: 'Thủ tục này đã là thủ tục bảo mật; phiên bản mới không được bỏ bảo mật.' });
  }
  const sealed = new Set(earlier.flatMap((d) => d.form.filter((f) => f.sealed).map((f) => f.key)));
  for (const key of sealed) {
    const i = next.form.findIndex((f) => f.key === key);
    if (i < 0 || !next.form[i]!.sealed) {
      issues.push({
        path: i < 0 ? 'form' : `form[${i}].sealed`,
        code: 'protection_weakened',
        message: `Trường "${key}" đã được niêm phong (danh tính người báo tin); phiên bản mới phải giữ trường này và niêm phong.`,
      });
    }
  }
  return issues;
}
