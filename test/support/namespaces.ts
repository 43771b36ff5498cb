// The Temporal namespaces of a test run: global setup creates them on the dev server, and each test
// file claims one of its own (file-isolation.ts).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** One namespace per test file, plus room for files added while a run is being set up. */
export function testNamespaces(testFiles: number): string[] {
  return Array.from({ length: testFiles + 8 }, (_, i) => `test-${i + 1}`);
}

/** Claims the first namespace no other file holds: creating a folder either succeeds or fails atomically. */
export function claimNamespace(claims: string, testFiles: number): string {
  for (const namespace of testNamespaces(testFiles)) {
    try {
      mkdirSync(join(claims, namespace));
      return namespace;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  throw new Error('every test namespace is taken: more test files than global setup counted');
}
