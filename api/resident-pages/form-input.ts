// Reads the multipart body of a submission page: the form as typed (to show it again after an
// error), the form data checked by the definition's schema, and each document checked by its
// content (never by its declared type or name). Errors are keyed by input name.
import { formDataSchema } from '../../domain/dsl/form.js';
import type { DocumentSpec, FormField, ProcedureDefinition } from '../../domain/dsl/schema.js';
import { acceptsMime, sniffMime } from '../../domain/sniff.js';
import { acceptText, decimal } from './format.js';

const MAX_FILES = 20;

/** Input names: form fields and documents live in separate namespaces, as their keys may clash. */
export const fieldInput = (key: string) => `form.${key}`;
export const documentInput = (key: string) => `file.${key}`;
/** Element ids derived from input names (no dots: they would need escaping in CSS selectors). */
export const inputId = (name: string) => name.replace('.', '-');

export interface UploadedDocument {
  key: string;
  bytes: Uint8Array;
  mime: string;
  filename: string;
}

export interface Submission {
  /** What the resident typed, by field key. */
  values: Record<string, string>;
  formData: Record<string, unknown>;
  documents: UploadedDocument[];
  /** One message per input name. */
  errors: Record<string, string>;
  /** Problems of the submission as a whole. */
  general: string[];
}

export async function readSubmission(def: ProcedureDefinition, body: FormData, today: string): Promise<Submission> {
  const { values, formData, errors } = readForm(def, body, today);
  const fileCount = [...body.values()].filter((v) => typeof v !== 'string').length;
  if (fileCount > MAX_FILES) {
    return { values, formData, documents: [], errors, general: [`Chỉ được gửi tối đa ${MAX_FILES} tệp.`] };
  }
  const documents: UploadedDocument[] = [];
  for (const spec of def.documents) {
    const result = await readDocument(spec, body.getAll(documentInput(spec.key)));
    if (typeof result === 'string') errors[documentInput(spec.key)] = result;
    else if (result) documents.push(result);
  }
  return { values, formData, documents, errors, general: [] };
}

export function hasProblems(s: Pick<Submission, 'errors' | 'general'>): boolean {
  return s.general.length > 0 || Object.keys(s.errors).length > 0;
}

function readForm(def: ProcedureDefinition, body: FormData, today: string) {
  const values: Record<string, string> = {};
  const data: Record<string, unknown> = {};
  for (const field of def.form) {
    const raw = body.get(fieldInput(field.key));
    values[field.key] = typeof raw === 'string' ? raw : '';
    const value = typed(field, values[field.key]!);
    if (value !== undefined) data[field.key] = value;
  }
  const parsed = formDataSchema(def, today).safeParse(data);
  const errors: Record<string, string> = {};
  for (const issue of parsed.error?.issues ?? []) errors[fieldInput(String(issue.path[0]))] ??= issue.message;
  return { values, formData: parsed.data ?? data, errors };
}

/** HTML forms send text; the schema wants numbers and booleans. An empty input is an absent value. */
function typed(field: FormField, text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  switch (field.type) {
    case 'number': {
      const n = Number(trimmed.replace(',', '.')); // Vietnamese decimal comma
      return Number.isFinite(n) ? n : trimmed; // the schema explains what is wrong
    }
    case 'boolean':
      return trimmed === 'true' ? true : trimmed === 'false' ? false : trimmed;
    default:
      return text;
  }
}

/** The document, an error message, or undefined when an optional document was left out. */
async function readDocument(spec: DocumentSpec, entries: Array<string | File>): Promise<UploadedDocument | string | undefined> {
  // An empty file input still sends a part: a nameless, empty file.
  const files = entries.filter((e): e is File => typeof e !== 'string' && e.size > 0);
  if (files.length === 0) return spec.required ? `Thiếu giấy tờ bắt buộc: ${spec.label.vi}.` : undefined;
  if (files.length > 1) return 'Chỉ chọn một tệp cho giấy tờ này.';
  const file = files[0]!;
  if (file.size > spec.maxSizeMb * 1024 * 1024) return `Tệp quá lớn: tối đa ${decimal(spec.maxSizeMb)} MB.`;
  const bytes = new Uint8Array(await file.arrayBuffer());
  const mime = sniffMime(bytes);
  if (!mime || !acceptsMime(spec.accept, mime)) {
    return `Tệp không đúng định dạng hoặc bị hỏng: chỉ nhận ${acceptText(spec.accept)}.`;
  }
  return { key: spec.key, bytes, mime, filename: safeFilename(file.name, spec.key) };
}

/** The base name without control characters, at most 200 characters (keeping the extension). */
function safeFilename(name: string, fallback: string): string {
  const base = [...(name.split(/[\\/]/).pop() ?? '')].filter((ch) => ch >= ' ' && ch !== '\u007f').join('');
  return base.trim().slice(-200) || fallback;
}
