// Temporal test plumbing: the time-skipping environment from the pinned binary, a worker with the
// real activities on a unique task queue, and history recording for the replay tests.
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Client, type WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import { createActivities, type ActivityDeps } from '../../activities/index.js';
import { createZaloClient } from '../../zalo-setup.js';
import { TEST_BOX, TEST_CODEC, TEST_FILES, TEST_SECRET } from './fixtures.js';
import { dataConverterFor } from '../../temporal-codec.js';
import type { Db } from '../../db/database.js';
import { addSearchAttributes, clientInterceptors } from '../../temporal.js';
import { requestIdActivityInterceptor } from '../../telemetry/request-id.js';
import { startTracing, tracingActivityInterceptor, workflowSpanSinks, type Tracing } from '../../telemetry/tracing.js';
import { temporalBinary } from './binaries.js';

let runtimeInstalled = false;
/** Once per process (test file); `prometheusPort` turns on the SDK's metrics exporter, as worker.ts does. */
export function installRuntime(opts: { prometheusPort?: number } = {}): void {
  if (runtimeInstalled) return;
  const metrics = opts.prometheusPort ? { metrics: { prometheus: { bindAddress: `127.0.0.1:${opts.prometheusPort}` } } } : {};
  Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [], telemetryOptions: metrics });
  runtimeInstalled = true;
}

export async function timeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  installRuntime();
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    client: { dataConverter: dataConverterFor(TEST_CODEC) },
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
  const namespace = process.env.TEST_FILE_TEMPORAL_NAMESPACE;
  if (!namespace) throw new Error('TEST_FILE_TEMPORAL_NAMESPACE is unset: test/support/file-isolation.ts must be in vitest setupFiles');
  return TestWorkflowEnvironment.createFromExistingServer({ address: inject('temporalAddress'), namespace, client: { dataConverter: dataConverterFor(TEST_CODEC) } });
}

export interface RunningWorker {
  taskQueue: string;
  stop(): Promise<void>;
}

/** Zalo base URLs for tests that never talk to Zalo: nothing listens there, so a stray call fails loudly. */
const NO_ZALO = { ZALO_API_BASE: 'http://127.0.0.1:9', ZALO_OAUTH_BASE: 'http://127.0.0.1:9', ZALO_ZNS_BASE: 'http://127.0.0.1:9' };
export type ZaloBases = typeof NO_ZALO;

/**
 * A worker with the real activities on a unique task queue. Pass `zalo` (e.g. the simulator's
 * bases) when the test delivers messages, `mediaOrigins` when it receives files; `afterSend`
 * simulates a crash right after a send.
 */
export async function startWorker(
  env: TestWorkflowEnvironment,
  db: Db,
  opts: { zalo?: ZaloBases; afterSend?: ActivityDeps['afterSend']; publicUrl?: string; mediaOrigins?: string[]; tracing?: Tracing } = {},
): Promise<RunningWorker> {
  const taskQueue = `test-${randomUUID()}`;
  const box = TEST_BOX;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    dataConverter: dataConverterFor(TEST_CODEC),
    workflowBundle: { codePath: inject('workflowBundlePath') },
    activities: createActivities({
      db,
      box,
      zalo: createZaloClient(db, box, opts.zalo ?? NO_ZALO),
      // As worker.ts connects it: activities' signals carry the request id and the trace context.
      temporal: new Client({ connection: env.connection, namespace: env.namespace, dataConverter: dataConverterFor(TEST_CODEC), interceptors: { workflow: clientInterceptors() } }),
      taskQueue,
      files: TEST_FILES,
      secret: TEST_SECRET,
      publicUrl: opts.publicUrl ?? 'http://127.0.0.1:3000',
      znsTemplateId: 'motcua_thong_bao',
      afterSend: opts.afterSend,
      // Tests that receive files name the simulator's origin; the others allow nothing.
      mediaOrigins: opts.mediaOrigins ?? [],
    }),
    interceptors: { activity: [requestIdActivityInterceptor, tracingActivityInterceptor] },
    // The bundle's tracing interceptors export through this sink; without an endpoint it drops them.
    sinks: workflowSpanSinks(opts.tracing ?? startTracing('test', undefined)),
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
