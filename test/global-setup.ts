// Runs once per test run: a fresh PostgreSQL test database (migrated and seeded), one Temporal
// dev server, and one workflow bundle shared by every test file (docs/reference/temporal.md §1.4).
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
    databaseUrl: string;
    temporalAddress: string;
    workflowBundlePath: string;
  }
}
