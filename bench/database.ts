// The benchmarks' own databases: recreated at the start, dropped at the end. A name must end in
// `_bench`, because these functions drop it.
import pg from 'pg';
import { createDb, ensureDatabase, type Db } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { seedReferenceData } from '../db/seed.js';

/** Runs `bench` on a fresh database, migrated and seeded like production; dropped afterwards. */
export async function withBenchDatabase(url: string, bench: (db: Db) => Promise<void>): Promise<void> {
  await recreateDatabase(url);
  const db = createDb(url, 2);
  try {
    await migrateToLatest(db);
    await seedReferenceData(db);
    await bench(db);
  } finally {
    await db.destroy();
    await dropDatabase(url);
  }
}

async function recreateDatabase(url: string): Promise<void> {
  await dropDatabase(url);
  await ensureDatabase(url);
}

async function dropDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!/^[a-z0-9_]+_bench$/.test(name)) throw new Error(`refusing to drop "${name}": the bench database name must end in _bench`);
  target.pathname = '/postgres';
  const client = new pg.Client({ connectionString: target.toString() });
  await client.connect();
  try {
    await client.query(`drop database if exists "${name}" with (force)`);
  } finally {
    await client.end();
  }
}
