// Every Vietnamese text of the console is half of a `t(vi, en)` pair, so the English console has no
// forgotten Vietnamese label. Read from the source with the TypeScript parser: string literals,
// template literals and JSX text that contain Vietnamese letters must be the first argument of `t`.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { t, withLang } from '../../api/console/i18n.js';

const API_DIR = join(import.meta.dirname, '../../api');
const CONSOLE_DIR = join(API_DIR, 'console');
// Text between tags is always a page's own wording, so beyond Vietnamese letters any word there is
// reported too ("Trang sau" has no diacritics), except names that read the same in both languages.
const SAME_IN_BOTH = /^(?:Zalo OA|OA|OA ID|App ID|PDF|domain\/chat-texts\.ts)$/;
const bareWords = (text: string) => text.replace(/\s+/g, ' ').replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
const VIETNAMESE = /[àáảãạăắằẳẵặâấầẩẫậèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵđ]/iu;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

const TRANSLATORS = new Set(['t', 'errorText']);
const isTranslatorCall = (node: ts.Node): node is ts.CallExpression =>
  ts.isCallExpression(node) && ts.isIdentifier(node.expression) && TRANSLATORS.has(node.expression.text);

/** Whether `node` is the Vietnamese (first) argument of `t(vi, en)` or `errorText(vi, en)`. */
const isFirstArgumentOfT = (node: ts.Node): boolean => isTranslatorCall(node.parent) && node.parent.arguments[0] === node;

/** `t` picks the language of the request, so a call outside any function would be Vietnamese forever. */
function insideFunction(node: ts.Node): boolean {
  for (let n = node.parent; n; n = n.parent) if (ts.isFunctionLike(n)) return true;
  return false;
}

/** A literal's own text: a template's literal parts, not the expressions embedded in it. */
const ownText = (node: ts.Node, source: ts.SourceFile): string =>
  ts.isTemplateExpression(node) ? [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join('') : node.getText(source);

/** 'file:line  text' for each Vietnamese text outside `t`. */
function untranslated(file: string, text = readFileSync(file, 'utf8')): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    const where = () => `${relative(CONSOLE_DIR, file)}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`;
    if (ts.isJsxText(node) && /[a-z]{2,}/i.test(node.text) && !SAME_IN_BOTH.test(bareWords(node.text))) {
      found.push(`${where()}  ${node.text.trim().slice(0, 80)}`);
      return;
    }
    const literal = ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node) || ts.isJsxText(node);
    if (literal && VIETNAMESE.test(ownText(node, source)) && !isFirstArgumentOfT(node)) {
      found.push(`${where()}  ${node.getText(source).trim().slice(0, 80)}`);
      return; // one report per literal, not per template span
    }
    if (isTranslatorCall(node) && node.expression.getText(source) === 't' && !insideFunction(node)) found.push(`${where()}  t(…) evaluated at load`);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('console language', () => {
  it('writes every Vietnamese text of the console as t(vi, en)', () => {
    // i18n.ts itself names each language in that language ("Tiếng Việt").
    // The console's kit and shell, and every feature's console page (each imports the kit).
    const usesKit = (f: string) => /from '\.\.\/console\//.test(readFileSync(f, 'utf8'));
    const files = sourceFiles(API_DIR).filter((f) => !f.endsWith('i18n.ts') && (f.startsWith(CONSOLE_DIR) || usesKit(f)));
    expect(files.length).toBeGreaterThan(10);
    expect(files.flatMap((f) => untranslated(f))).toEqual([]);
  });

  it('the check reports untranslated text, words without diacritics between tags, and t evaluated at load', () => {
    const probe = [
      "const a = () => <p title=\"Tìm kiếm\">{t('Hộp việc', 'Inbox')} · OA</p>;",
      'const b = <a>Trang sau</a>;',
      "const c = `Còn ${n} ngày`;",
      "const d = t('Quá hạn', 'Overdue');",
      "const e = () => t('Quá hạn', 'Overdue');",
    ].join('\n');
    expect(untranslated(join(CONSOLE_DIR, 'probe.tsx'), probe)).toEqual([
      'probe.tsx:1  "Tìm kiếm"',
      'probe.tsx:2  Trang sau',
      'probe.tsx:3  `Còn ${n} ngày`',
      'probe.tsx:4  t(…) evaluated at load',
    ]);
  });

  it('is Vietnamese outside a request; the switch keeps the page’s filters and nothing else', () => {
    expect(t('Hộp việc', 'Inbox')).toBe('Hộp việc');
    expect(withLang('http://x/console?view=mine&lang=vi', 'en')).toBe('/console?view=mine&lang=en');
    // Never a one-time secret of a page reached from outside (Zalo's consent callback).
    expect(withLang('http://x/console/admin/oas/callback?code=secret&state=s2&oa_id=1', 'en')).toBe('/console/admin/oas/callback?lang=en');
  });
});
