// Runs once per test run: a fresh PostgreSQL template database (migrated and seeded), one Temporal
// dev server with a namespace for every test file, and one workflow bundle shared by every test file
// (docs/reference/temporal.md §1.4). Each file works on its own clone of the database and its own namespace
// (support/file-isolation.ts).
import { readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { createDb } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { seedReferenceData } from '../db/seed.js';
import { workflowInterceptorModules, workflowsPath } from '../worker.js';
import { temporalBinary } from './support/binaries.js';
import { testNamespaces } from './support/namespaces.js';
import { startDevServer } from '../scripts/dev-server.js';

const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const TEST_DB = process.env.TEST_DATABASE_NAME ?? 'motcua_test';

async function withAdmin<T>(work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

/** Drops the clones of the template (support/file-isolation.ts names them <template>_<12 hex>). */
async function dropClones(admin: pg.Client): Promise<void> {
  const clones = await admin.query<{ datname: string }>('select datname from pg_database where datname ~ $1', [`^${TEST_DB}_[0-9a-f]{12}$`]);
  for (const { datname } of clones.rows) await admin.query(`drop database if exists "${datname}" with (force)`);
}

async function recreateDatabase(): Promise<string> {
  await withAdmin(async (admin) => {
    await dropClones(admin); // left behind by an interrupted run
    await admin.query(`drop database if exists "${TEST_DB}" with (force)`);
    await admin.query(`create database "${TEST_DB}"`);
  });
  const url = new URL(ADMIN_URL);
  url.pathname = `/${TEST_DB}`;
  return url.toString();
}

export default async function setup(project: TestProject) {
  const databaseUrl = await recreateDatabase();
  const db = createDb(databaseUrl, 2);
  try {
    await migrateToLatest(db);
    await seedReferenceData(db);
  } finally {
    await db.destroy();
  }

  const namespaceClaims = await mkdtemp(join(tmpdir(), 'motcua-namespaces-'));
  const testFileCount = countTestFiles();
  const [server, bundle] = await Promise.all([
    startDevServer({ cli: temporalBinary('cli'), namespaces: testNamespaces(testFileCount) }),
    bundleWorkflowCode({ workflowsPath, workflowInterceptorModules, logger: quietLogger }),
  ]);
  const bundlePath = join(tmpdir(), `motcua-workflows-${process.pid}.js`);
  await writeFile(bundlePath, bundle.code);

  project.provide('databaseUrl', databaseUrl);
  project.provide('adminDatabaseUrl', ADMIN_URL);
  project.provide('namespaceClaims', namespaceClaims);
  project.provide('testFileCount', testFileCount);
  project.provide('temporalAddress', server.address);
  project.provide('workflowBundlePath', bundlePath);
  return async () => {
    await server.stop();
    await withAdmin(dropClones);
    await rm(bundlePath, { force: true });
    await rm(namespaceClaims, { recursive: true, force: true });
  };
}

function countTestFiles(): number {
  const testDir = fileURLToPath(new URL('.', import.meta.url));
  return readdirSync(testDir, { recursive: true }).filter((f) => String(f).endsWith('.test.ts')).length;
}

const quietLogger = {
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: (m: string) => console.warn(m),
  error: (m: string) => console.error(m),
  log: () => {},
};

declare module 'vitest' {
  interface ProvidedContext {
    /** The template every test file clones its own database from. */
    databaseUrl: string;
    adminDatabaseUrl: string;
    /** A folder where each test file claims its namespace (one empty folder per claim). */
    namespaceClaims: string;
    testFileCount: number;
    temporalAddress: string;
    workflowBundlePath: string;
  }
}
