// The benchmarks' own databases: recreated at the start, dropped at the end. A name must end in
// `_bench`, because these functions drop it.
import pg from 'pg';
import { ensureDatabase } from '../db/database.js';

export async function recreateDatabase(url: string): Promise<void> {
  await dropDatabase(url);
  await ensureDatabase(url);
}

export async function dropDatabase(url: string): Promise<void> {
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
