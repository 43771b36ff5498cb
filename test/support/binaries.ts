// Where the pinned Temporal binaries are: env vars win, else the project-local install.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const local = (name: string) => fileURLToPath(new URL(`../../.tools/temporal/bin/${name}`, import.meta.url));

export function temporalBinary(kind: 'cli' | 'test-server'): string {
  const path =
    kind === 'cli' ? (process.env.TEMPORAL_CLI ?? local('temporal')) : (process.env.TEMPORAL_TEST_SERVER ?? local('temporal-test-server'));
  if (!existsSync(path)) {
    throw new Error(`Temporal ${kind} binary not found at ${path}: run \`npm run temporal:install\` or set TEMPORAL_CLI / TEMPORAL_TEST_SERVER`);
  }
  return path;
}
