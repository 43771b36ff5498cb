// Embedded start: the Temporal dev server (SQLite under .data/, Web UI on) unless TEMPORAL_ADDRESS
// points elsewhere, the database created, migrated and seeded, then the worker and the API as child
// processes. Prints the URLs and the development staff tokens.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Connection } from '@temporalio/client';
import { loadConfig } from '../config.js';
import { withDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { seedDevStaff, seedReferenceData } from '../db/seed.js';
import { secretBoxFor } from '../zalo-setup.js';
import { startDevServer, type DevServer } from './dev-server.js';
import { startDevZalo } from './dev-zalo.js';
import { log } from '../telemetry/log.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const TEMPORAL_UI_PORT = 8233;

async function reachable(address: string): Promise<boolean> {
  try {
    const conn = await Connection.connect({ address, connectTimeout: 1000 });
    await conn.workflowService.getSystemInfo({});
    await conn.close();
    return true;
  } catch {
    return false;
  }
}

function run(name: string, script: string, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = (chunk: Buffer) => chunk.toString().replace(/^(?=.)/gm, `[${name}] `);
  child.stdout?.on('data', (d: Buffer) => process.stdout.write(prefix(d)));
  child.stderr?.on('data', (d: Buffer) => process.stderr.write(prefix(d)));
  return child;
}

async function main(): Promise<void> {
  const config = loadConfig();
  let devServer: DevServer | undefined;
  let temporalUi = 'the UI of your Temporal cluster';
  if (!process.env.TEMPORAL_ADDRESS && !(await reachable(config.TEMPORAL_ADDRESS))) {
    mkdirSync(`${root}.data`, { recursive: true });
    const port = Number(config.TEMPORAL_ADDRESS.split(':')[1] ?? 7233);
    devServer = await startDevServer({
      cli: process.env.TEMPORAL_CLI ?? `${root}.tools/temporal/bin/temporal`,
      port,
      uiPort: TEMPORAL_UI_PORT,
      uiCodecEndpoint: `${config.publicUrl}/api/temporal-codec`,
      dbFile: `${root}.data/temporal.sqlite`,
    });
    temporalUi = devServer.uiUrl!;
  } else if (!process.env.TEMPORAL_ADDRESS) {
    temporalUi = `http://127.0.0.1:${TEMPORAL_UI_PORT} (dev server already running)`;
  }

  // Real Zalo when its API base is configured; otherwise the simulator with the pilot's OAs.
  const simulate = !process.env.ZALO_API_BASE;
  const { accounts, zalo } = await withDatabase(config.DATABASE_URL, async (db) => {
    await migrateToLatest(db);
    await seedReferenceData(db);
    return {
      accounts: config.NODE_ENV === 'production' ? [] : await seedDevStaff(db, config.APP_SECRET),
      zalo: simulate ? await startDevZalo(root, config, db, secretBoxFor(config)) : undefined,
    };
  });

  // The UI decodes histories through the API's codec endpoint, from the browser with the staff session.
  const env = { TEMPORAL_UI_ORIGIN: `http://127.0.0.1:${TEMPORAL_UI_PORT}`, ...process.env, ...zalo?.env };
  const children = [run('worker', 'worker.ts', env), run('api', 'api/server.ts', env)];
  const stop = async () => {
    for (const c of [...children, zalo?.process]) c?.kill('SIGTERM');
    await devServer?.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  for (const c of children) c.once('exit', (code) => code !== 0 && code !== null && void stop());

  const api = config.publicUrl;
  // The quick start's banner for the person at the terminal, not a log line.
  console.log(`
motcua is up
  Console      ${api}/console   (staff login below)
  API          ${api}   (OpenAPI: ${api}/openapi.json, readiness: ${api}/ready)
  Temporal UI  ${temporalUi}   (payloads are encrypted: log in to the console first, and in the UI's codec settings include cross-origin credentials)
  Temporal     ${config.TEMPORAL_ADDRESS}, task queue ${config.TEMPORAL_TASK_QUEUE}
  Metrics      http://${config.METRICS_HOST}:${config.API_METRICS_PORT}/metrics (API), :${config.WORKER_METRICS_PORT}/metrics (worker), :${config.TEMPORAL_METRICS_PORT}/metrics (Temporal SDK)
  Zalo         ${zalo ? `simulator ${zalo.url} (chat page: play a resident of the 15 pilot OAs)` : config.ZALO_API_BASE}
  Database     ${new URL(config.DATABASE_URL).pathname.slice(1)} on ${new URL(config.DATABASE_URL).host}
${accounts.length ? `\nDevelopment staff (Authorization: Bearer <token>; console password for all: ${accounts[0]!.password}):\n${accounts.map((a) => `  ${a.username.padEnd(28)} ${a.roles.padEnd(40)} ${a.token}`).join('\n')}\n` : ''}
Try it: docs/quick-tour.md. Find dossiers: temporal workflow list --query "MotcuaProcedure='TAM_TRU'"
Ctrl-C stops everything.`);
}

main().catch((err: unknown) => {
  log.fatal({ err }, 'start failed');
  process.exit(1);
});
