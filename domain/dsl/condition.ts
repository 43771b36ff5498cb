// Evaluates a choice condition on form data: structured operators only, no expressions, no eval.
import type { Condition } from './schema.js';

export function evaluateCondition(c: Condition, data: Record<string, unknown>): boolean {
  if ('all' in c) return c.all.every((x) => evaluateCondition(x, data));
  if ('any' in c) return c.any.some((x) => evaluateCondition(x, data));
  if ('not' in c) return !evaluateCondition(c.not, data);
  const v = data[c.field];
  switch (c.op) {
    case 'exists':
      return v !== undefined && v !== null && v !== '';
    case 'in':
      return (c.value as unknown[]).includes(v);
    case 'eq':
      return v === c.value;
    case 'ne':
      return v !== c.value;
    default:
      return compare(v, c.value, c.op);
  }
}

/** Ordering compares numbers with numbers and strings with strings (ISO dates order as strings). */
function compare(v: unknown, target: unknown, op: 'gt' | 'gte' | 'lt' | 'lte'): boolean {
  if (typeof v !== typeof target || (typeof v !== 'number' && typeof v !== 'string')) return false;
  const a = v as number | string;
  const b = target as number | string;
  if (op === 'gt') return a > b;
  if (op === 'gte') return a >= b;
  if (op === 'lt') return a < b;
  return a <= b;
}
