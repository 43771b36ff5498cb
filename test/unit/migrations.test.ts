import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../db/migrate.js';

describe('migrations', () => {
  it('lists every file of migrations/ in order', () => {
    const dir = fileURLToPath(new URL('../../migrations', import.meta.url));
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => f.replace(/\.ts$/, '')).sort();
    expect(Object.keys(MIGRATIONS)).toEqual(files);
  });
});
