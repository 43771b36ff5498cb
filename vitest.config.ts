import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Temporal's native add-on needs process isolation (docs/reference/temporal.md §1.4).
    pool: 'forks',
    maxWorkers: 2,
    globalSetup: ['./test/global-setup.ts'],
    setupFiles: ['./test/support/file-isolation.ts'],
    include: ['test/**/*.test.ts'],
    // Explicit: config.ts treats anything but development or test as production.
    env: { NODE_ENV: 'test' },
    testTimeout: 90_000,
    hookTimeout: 180_000,
    teardownTimeout: 30_000,
  },
});
