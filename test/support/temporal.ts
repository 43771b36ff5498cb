// Temporal test plumbing: the time-skipping environment from the pinned binary, a worker with the
// real activities on a unique task queue, and history recording for the replay tests.
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, type NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import { createActivities } from '../../activities/index.js';
import type { Db } from '../../db/database.js';
import { addSearchAttributes } from '../../temporal.js';
import { temporalBinary } from './binaries.js';

let runtimeInstalled = false;
export function installRuntime(): void {
  if (runtimeInstalled) return;
  Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });
  runtimeInstalled = true;
}

export async function timeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  installRuntime();
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: temporalBinary('test-server') } },
  });
  try {
    // The Java test server cannot list search attributes, only add them.
    await addSearchAttributes(env.client, env.namespace ?? 'default');
  } catch (err) {
    await env.teardown();
    throw err;
  }
  return env;
}

export async function devServerEnv(): Promise<TestWorkflowEnvironment> {
  installRuntime();
  return TestWorkflowEnvironment.createFromExistingServer({ address: inject('temporalAddress') });
}

export interface RunningWorker {
  taskQueue: string;
  stop(): Promise<void>;
}

export async function startWorker(connection: NativeConnection, db: Db, namespace = 'default'): Promise<RunningWorker> {
  const taskQueue = `test-${randomUUID()}`;
  const worker = await Worker.create({
    connection,
    namespace,
    taskQueue,
    workflowBundle: { codePath: inject('workflowBundlePath') },
    activities: createActivities({ db }),
  });
  const running = worker.run();
  return {
    taskQueue,
    async stop() {
      worker.shutdown();
      await running;
    },
  };
}

const historiesDir = fileURLToPath(new URL('../histories/', import.meta.url));

/** With RECORD_HISTORIES=1, saves the workflow's history (protobuf) as a replay fixture (test/workflows/replay.test.ts). */
export async function recordHistory(handle: WorkflowHandle, name: string): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const history = await handle.fetchHistory();
  await writeFile(`${historiesDir}${name}.bin`, temporal.api.history.v1.History.encode(history).finish());
}
