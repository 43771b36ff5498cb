// API process: HTTP server plus the sweep that starts workflows of stored-but-unstarted dossiers.
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { loadConfig } from '../config.js';
import { createDb } from '../db/database.js';
import { LocalFileStore } from '../db/file-store.js';
import { apiRegistry } from '../telemetry/api-metrics.js';
import { log, setService } from '../telemetry/log.js';
import { serveMetrics } from '../telemetry/metrics-server.js';
import { startTracing } from '../telemetry/tracing.js';
import { connectClient, temporalCodecFor } from '../temporal.js';
import { secretBoxFor } from '../zalo-setup.js';
import { createApp } from './app.js';
import { handOverPending } from './zalo-webhook/service.js';
import { startPendingDossiers } from './dossiers/start.js';

const SWEEP_EVERY_MS = 60_000;

async function main(): Promise<void> {
  const config = loadConfig();
  setService('api');
  const tracing = startTracing('motcua-api', config.OTEL_EXPORTER_OTLP_ENDPOINT);
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
    trustedProxies: config.TRUSTED_PROXIES,
    codec,
    temporalUiOrigin: config.TEMPORAL_UI_ORIGIN,
  };
  const app = createApp(deps);

  // Work stored but not yet handed to Temporal (it was unreachable, or the API crashed in between).
  const sweep = async () => {
    try {
      const started = await startPendingDossiers(deps);
      const handed = await handOverPending(deps);
      if (started + handed > 0) log.info({ started, handed }, 'sweep: started dossier workflows, handed over Zalo events');
    } catch (err) {
      log.error({ errorType: (err as Error).name }, 'sweep failed');
    }
  };
  void sweep();
  const timer = setInterval(sweep, SWEEP_EVERY_MS);

  const server = serve({ fetch: app.fetch, hostname: config.API_HOST, port: config.API_PORT }, (info) =>
    log.info({ url: `http://${info.address}:${info.port}` }, 'api listening'),
  );
  const metrics = await serveMetrics(apiRegistry, { host: config.METRICS_HOST, port: config.API_METRICS_PORT, token: config.METRICS_TOKEN });
  log.info({ url: metrics.url }, 'api metrics listening');
  const stop = () => {
    clearInterval(timer);
    void metrics.close();
    server.close(() => void Promise.all([db.destroy(), temporal.connection.close(), tracing.shutdown()]).then(() => process.exit(0)));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    log.fatal({ err }, 'api failed');
    process.exit(1);
  });
}
