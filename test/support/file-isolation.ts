// Runs before every test file (vitest `setupFiles`): the file gets its own database, cloned from the
// migrated and seeded template that global setup prepared (and drops after the run), and its own namespace on the shared
// Temporal dev server. Files running side by side never see each other's rows or workflows, so a
// test that publishes a version, edits the calendar, dissolves a unit or leaves dossiers for the
// API's start sweep cannot change what another file observes, and two files that number their
// dossiers alike do not start the same workflow id.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { claimNamespace } from './namespaces.js';

const template = new URL(inject('databaseUrl')).pathname.slice(1);
const name = `${template}_${randomBytes(6).toString('hex')}`;

const admin = new pg.Client({ connectionString: inject('adminDatabaseUrl') });
await admin.connect();
try {
  await admin.query(`create database "${name}" template "${template}"`);
} finally {
  await admin.end();
}
const own = new URL(inject('databaseUrl'));
own.pathname = `/${name}`;
/** The running test file's database (read by `testDb()`). */
process.env.TEST_FILE_DATABASE_URL = own.toString();
/** The running test file's namespace on the dev server (read by `devServerEnv()`). */
process.env.TEST_FILE_TEMPORAL_NAMESPACE = claimNamespace(inject('namespaceClaims'), inject('testFileCount'));
