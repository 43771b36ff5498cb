// Valid form data for any definition, built from its field types: the dry run and the template
// preview fill a sample dossier with it, and end-to-end tests submit every procedure of the
// catalogue (including ones added later) without hand-written fixtures. Pure code.
import { localDate } from '../calendar.js';
import type { FormField, ProcedureDefinition } from './schema.js';

const DAY = 86_400_000;

function sampleValue(f: FormField, now: number): unknown {
  switch (f.type) {
    case 'text':
    case 'textarea':
      return `Nội dung mẫu ${f.key}`.slice(0, f.maxLength ?? 100);
    case 'number':
      return f.min ?? 1;
    case 'date':
      if (f.dateRule === 'past') return '1990-05-17';
      return localDate(now + (f.dateRule === 'future' ? 200 : 0) * DAY);
    case 'select':
      return f.options![0]!.value;
    case 'phone':
      return '0901234567';
    case 'cccd':
      return '079190012345';
    case 'email':
      return 'nguoidan@example.vn';
    case 'boolean':
      return true;
    case 'vin':
      return 'RLHJF1810KY123456';
    default:
      return `mẫu ${f.key}`;
  }
}

/** Every field filled (required or not) with a value its type accepts. */
export function sampleForm(def: ProcedureDefinition, now: number): Record<string, unknown> {
  return Object.fromEntries(def.form.map((f) => [f.key, sampleValue(f, now)]));
}
