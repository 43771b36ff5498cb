// Temporal worker: runs dossier workflows and their activities.
// Production points WORKFLOW_BUNDLE at a prebuilt bundle (scripts/build-bundle.ts); development bundles on start.
import { fileURLToPath } from 'node:url';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { createActivities } from './activities/index.js';
import { loadConfig } from './config.js';
import { createDb } from './db/database.js';
import { LocalFileStore } from './db/file-store.js';
import { connectClient, connectWorker, ensureSearchAttributes, temporalCodecFor } from './temporal.js';
import { dataConverterFor } from './temporal-codec.js';
import { parseMediaOrigins } from './zalo/media.js';
import { createZaloClient, secretBoxFor } from './zalo-setup.js';

export const workflowsPath = fileURLToPath(new URL('./workflows/index.ts', import.meta.url));

async function main(): Promise<void> {
  const config = loadConfig();
  Runtime.install({ logger: new DefaultLogger(config.LOG_LEVEL === 'debug' ? 'DEBUG' : 'INFO') });
  const db = createDb(config.DATABASE_URL);
  const codec = temporalCodecFor(config);
  const client = await connectClient(config, codec);
  await ensureSearchAttributes(client, config.TEMPORAL_NAMESPACE);
  const connection = await connectWorker(config);
  const bundlePath = process.env.WORKFLOW_BUNDLE;
  const box = secretBoxFor(config);
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
      shutdownGraceTime: '20s',
    });
    console.log(`worker: polling ${config.TEMPORAL_TASK_QUEUE} on ${config.TEMPORAL_ADDRESS}`);
    await worker.run();
  } finally {
    await connection.close();
    await client.connection.close();
    await db.destroy();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
