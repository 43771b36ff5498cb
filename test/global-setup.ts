// Runs once per test run: a fresh PostgreSQL template database (migrated and seeded; each test file
// works on its own clone, see support/file-database.ts), one Temporal dev server, and one workflow
// bundle shared by every test file (temporal.md §1.4).
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { createDb } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { seedReferenceData } from '../db/seed.js';
import { workflowsPath } from '../worker.js';
import { temporalBinary } from './support/binaries.js';
import { startDevServer } from '../scripts/dev-server.js';

const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const TEST_DB = process.env.TEST_DATABASE_NAME ?? 'motcua_test';

async function recreateDatabase(): Promise<string> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    // Clones left behind by an interrupted run (support/file-database.ts names them <template>_<12 hex>).
    const stale = await admin.query<{ datname: string }>('select datname from pg_database where datname ~ $1', [`^${TEST_DB}_[0-9a-f]{12}$`]);
    for (const { datname } of stale.rows) await admin.query(`drop database if exists "${datname}" with (force)`);
    await admin.query(`drop database if exists "${TEST_DB}" with (force)`);
    await admin.query(`create database "${TEST_DB}"`);
  } finally {
    await admin.end();
  }
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

  const [server, bundle] = await Promise.all([
    startDevServer({ cli: temporalBinary('cli') }),
    bundleWorkflowCode({ workflowsPath, logger: quietLogger }),
  ]);
  const bundlePath = join(tmpdir(), `motcua-workflows-${process.pid}.js`);
  await writeFile(bundlePath, bundle.code);

  project.provide('databaseUrl', databaseUrl);
  project.provide('adminDatabaseUrl', ADMIN_URL);
  project.provide('temporalAddress', server.address);
  project.provide('workflowBundlePath', bundlePath);
  return async () => {
    await server.stop();
    await rm(bundlePath, { force: true });
  };
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
    temporalAddress: string;
    workflowBundlePath: string;
  }
}
