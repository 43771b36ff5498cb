// The API as residents and clerks reach it: the real app on a real port, with a real worker on the
// shared dev server and the test database. Call at the top level of a test file.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll } from 'vitest';
import { createApp } from '../../api/app.js';
import type { Db } from '../../db/database.js';
import { appZaloDeps, TEST_FILES, TEST_SECRET, testDb } from './fixtures.js';
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
  let server: Server | undefined;

  beforeAll(async () => {
    s.env = await devServerEnv();
    s.db = testDb();
    s.worker = await startWorker(s.env, s.db);
    const app = createApp({ db: s.db, temporal: s.env.client, taskQueue: s.worker.taskQueue, secret: TEST_SECRET, files: TEST_FILES, ...appZaloDeps() });
    const port = await new Promise<number>((resolve) => {
      server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => resolve(info.port)) as Server;
    });
    s.base = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await s.worker?.stop();
    await s.env?.teardown();
    await s.db?.destroy();
  });

  return s;
}
