// The API as residents and clerks reach it: the real app on a real port, with a real worker on the
// shared dev server and the test database. Call at the top level of a test file.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll } from 'vitest';
import { createApp } from '../../api/app.js';
import type { Db } from '../../db/database.js';
import { appZaloDeps, TEST_CODEC, TEST_FILES, TEST_SECRET, testDb } from './fixtures.js';

/** The Temporal Web UI's origin the API trusts for the codec endpoint in the tests. */
export const TEST_TEMPORAL_UI_ORIGIN = 'http://127.0.0.1:8233';
import { listen, type Listening } from './http.js';
import { devServerEnv, startWorker, type RunningWorker } from './temporal.js';

export interface ApiStack {
  env: TestWorkflowEnvironment;
  db: Db;
  worker: RunningWorker;
  /** e.g. http://127.0.0.1:41234 */
  base: string;
}

export function useApiStack(): ApiStack {
  const s = {} as ApiStack;
  let http: Listening | undefined;

  beforeAll(async () => {
    s.env = await devServerEnv();
    s.db = testDb();
    s.worker = await startWorker(s.env, s.db);
    const app = createApp({ db: s.db, temporal: s.env.client, taskQueue: s.worker.taskQueue, secret: TEST_SECRET, files: TEST_FILES, ...appZaloDeps(), codec: TEST_CODEC, temporalUiOrigin: TEST_TEMPORAL_UI_ORIGIN });
    http = await listen(app.fetch);
    s.base = http.base;
  });

  afterAll(async () => {
    await http?.close();
    await s.worker?.stop();
    await s.env?.teardown();
    await s.db?.destroy();
  });

  return s;
}
