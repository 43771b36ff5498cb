// API process: HTTP server plus the sweep that starts workflows of stored-but-unstarted dossiers.
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { loadConfig } from '../config.js';
import { createDb } from '../db/database.js';
import { LocalFileStore } from '../db/file-store.js';
import { connectClient, temporalCodecFor } from '../temporal.js';
import { secretBoxFor } from '../zalo-setup.js';
import { createApp } from './app.js';
import { handOverPending } from './routes/zalo-webhook.routes.js';
import { startPendingDossiers } from './services/dossiers.js';

const SWEEP_EVERY_MS = 60_000;

async function main(): Promise<void> {
  const config = loadConfig();
  const db = createDb(config.DATABASE_URL);
  const codec = temporalCodecFor(config);
  const temporal = await connectClient(config, codec);
  const deps = {
    db,
    temporal,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    secret: config.APP_SECRET,
    files: new LocalFileStore(config.FILES_DIR),
    box: secretBoxFor(config),
    zaloConfig: config,
    webhookSecret: config.ZALO_WEBHOOK_SECRET,
    publicUrl: config.publicUrl,
    codec,
    temporalUiOrigin: config.TEMPORAL_UI_ORIGIN,
  };
  const app = createApp(deps);

  // Work stored but not yet handed to Temporal (it was unreachable, or the API crashed in between).
  const sweep = async () => {
    try {
      const started = await startPendingDossiers(deps);
      const handed = await handOverPending(deps);
      if (started + handed > 0) console.log(`sweep: started ${started} dossier workflow(s), handed over ${handed} Zalo event(s)`);
    } catch (err) {
      console.error(`sweep failed: ${(err as Error).name}`);
    }
  };
  void sweep();
  const timer = setInterval(sweep, SWEEP_EVERY_MS);

  const server = serve({ fetch: app.fetch, hostname: config.API_HOST, port: config.API_PORT }, (info) =>
    console.log(`api: listening on http://${info.address}:${info.port}`),
  );
  const stop = () => {
    clearInterval(timer);
    server.close(() => void Promise.all([db.destroy(), temporal.connection.close()]).then(() => process.exit(0)));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
