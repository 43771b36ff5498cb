// Temporal worker: runs dossier workflows and their activities.
// Production points WORKFLOW_BUNDLE at a prebuilt bundle (scripts/build-bundle.ts); development bundles on start.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Runtime, Worker } from '@temporalio/worker';
import { createActivities } from './activities/index.js';
import { loadConfig } from './config.js';
import { createDb } from './db/database.js';
import { LocalFileStore } from './db/file-store.js';
import { log, setService, temporalLogger } from './telemetry/log.js';
import { serveMetrics, type MetricsListener } from './telemetry/metrics-server.js';
import { requestIdActivityInterceptor } from './telemetry/request-id.js';
import { startTracing, tracingActivityInterceptor, workflowSpanSinks } from './telemetry/tracing.js';
import { workerRegistry } from './telemetry/worker-metrics.js';
import { connectClient, connectWorker, ensureSearchAttributes, temporalCodecFor } from './temporal.js';
import { dataConverterFor } from './temporal-codec.js';
import { parseMediaOrigins } from './zalo/media.js';
import { createZaloClient, secretBoxFor } from './zalo-setup.js';

export const workflowsPath = fileURLToPath(new URL('./workflows/index.ts', import.meta.url));
/** Bundled with the workflows: here in development, by scripts/build-bundle.ts and the test setup otherwise. */
export const workflowInterceptorModules = [
  fileURLToPath(new URL('./workflows/request-id.ts', import.meta.url)),
  createRequire(import.meta.url).resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors'),
];

async function main(): Promise<void> {
  const config = loadConfig();
  const tracing = startTracing('motcua-worker', config.OTEL_EXPORTER_OTLP_ENDPOINT);
  Runtime.install({
    logger: temporalLogger(setService('worker')),
    telemetryOptions: { metrics: { prometheus: { bindAddress: `${config.METRICS_HOST}:${config.TEMPORAL_METRICS_PORT}` } } },
  });
  const db = createDb(config.DATABASE_URL);
  const codec = temporalCodecFor(config);
  const client = await connectClient(config, codec);
  await ensureSearchAttributes(client, config.TEMPORAL_NAMESPACE);
  const connection = await connectWorker(config);
  const bundlePath = process.env.WORKFLOW_BUNDLE;
  const box = secretBoxFor(config);
  let metrics: MetricsListener | undefined;
  try {
    const worker = await Worker.create({
      connection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      dataConverter: dataConverterFor(codec),
      activities: createActivities({
        db,
        box,
        zalo: createZaloClient(db, box, config),
        temporal: client,
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        files: new LocalFileStore(config.FILES_DIR),
        secret: config.APP_SECRET,
        publicUrl: config.publicUrl,
        znsTemplateId: config.ZALO_ZNS_TEMPLATE_ID,
        mediaOrigins: parseMediaOrigins(config.ZALO_MEDIA_ORIGINS),
      }),
      ...(bundlePath ? { workflowBundle: { codePath: bundlePath } } : { workflowsPath }),
      interceptors: { activity: [requestIdActivityInterceptor, tracingActivityInterceptor], ...(bundlePath ? {} : { workflowModules: workflowInterceptorModules }) },
      sinks: workflowSpanSinks(tracing),
      shutdownGraceTime: '20s',
    });
    metrics = await serveMetrics(workerRegistry(db), { host: config.METRICS_HOST, port: config.WORKER_METRICS_PORT, token: config.METRICS_TOKEN });
    log.info({ taskQueue: config.TEMPORAL_TASK_QUEUE, temporal: config.TEMPORAL_ADDRESS, metrics: metrics.url }, 'worker polling');
    await worker.run();
  } finally {
    await metrics?.close();
    await connection.close();
    await client.connection.close();
    await db.destroy();
    await tracing.shutdown();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    log.fatal({ err }, 'worker failed');
    process.exit(1);
  });
}
