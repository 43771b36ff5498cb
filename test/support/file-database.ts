// Runs before every test file (vitest `setupFiles`): the file gets its own database, cloned from the
// migrated and seeded template that global setup prepared. Files running side by side never see each
// other's rows, so a test that publishes a version, edits the calendar, dissolves a unit or leaves
// dossiers for the API's start sweep cannot change what another file observes.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, inject } from 'vitest';

const template = new URL(inject('databaseUrl'));
const name = `${template.pathname.slice(1)}_${randomBytes(6).toString('hex')}`;

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: inject('adminDatabaseUrl') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

await admin(`create database "${name}" template "${template.pathname.slice(1)}"`);
const own = new URL(template);
own.pathname = `/${name}`;
/** The database of the running test file (read by `testDb()`). */
process.env.TEST_FILE_DATABASE_URL = own.toString();

// Registered first, so it runs after the file's own afterAll hooks have closed their pools.
afterAll(() => admin(`drop database if exists "${name}" with (force)`));
