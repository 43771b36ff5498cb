// Message templates: `{placeholder}` substitution for the texts a definition carries in
// `messages`. Pure and deterministic (runs inside workflows): no eval, no Node built-ins.

/** Values the interpreter supplies when it renders a message. */
export const PLACEHOLDERS = [
  'code',
  'procedure',
  'state',
  'dueDate',
  'newDueDate',
  'reason',
  'missingDocuments',
  'note',
  'unitName',
  'fee',
  'applicantName',
  'appointment',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

/** Form values are addressed as `{field.<formKey>}`. */
export const FIELD_PLACEHOLDER_PREFIX = 'field.';

// Only identifier-like names count, so ordinary braces in a text (e.g. "{ }") stay literal.
const PLACEHOLDER_PATTERN = /\{([A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)?)\}/g;

/** The distinct placeholder names used in `text`, in order of first appearance. */
export function templatePlaceholders(text: string): string[] {
  const names = Array.from(text.matchAll(PLACEHOLDER_PATTERN), (match) => match[1] ?? '');
  return [...new Set(names)];
}

/** Whether a definition with these form keys can fill the placeholder `name`. */
export function isKnownPlaceholder(name: string, formKeys: readonly string[]): boolean {
  if ((PLACEHOLDERS as readonly string[]).includes(name)) return true;
  return name.startsWith(FIELD_PLACEHOLDER_PREFIX) && formKeys.includes(name.slice(FIELD_PLACEHOLDER_PREFIX.length));
}

/** Replaces every placeholder by its value; unknown or missing values render as ''. */
export function renderTemplate(text: string, vars: Record<string, string | undefined>): string {
  // Object.hasOwn keeps inherited names such as {constructor} from leaking into the text.
  return text.replace(PLACEHOLDER_PATTERN, (_match, name: string) => (Object.hasOwn(vars, name) ? (vars[name] ?? '') : ''));
}
