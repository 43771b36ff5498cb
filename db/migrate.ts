// Migration runner (kept outside migrations/). Migrations are listed statically rather than
// discovered with FileMigrationProvider, so they load the same way under tsx, vitest and a build;
// test/unit/migrations.test.ts fails if a file in migrations/ is missing from the list.
import { fileURLToPath } from 'node:url';
import { type Migration, Migrator } from 'kysely';
import { loadConfig } from '../config.js';
import * as initial from '../migrations/2026_11_28_000001_initial.js';
import * as zaloChannel from '../migrations/2026_11_28_000002_zalo_channel.js';
import * as catalogue from '../migrations/2026_11_28_000003_catalogue.js';
import * as staffAuth from '../migrations/2026_11_28_000004_staff_auth.js';
import * as oaConsents from '../migrations/2026_11_28_000005_oa_consents.js';
import * as inboxSearch from '../migrations/2026_11_28_000006_inbox_search.js';
import * as unitChanges from '../migrations/2026_11_28_000007_unit_changes.js';
import * as sealedReporterContact from '../migrations/2026_12_08_000001_sealed_reporter_contact.js';
import * as loginLocks from '../migrations/2026_12_08_000002_login_locks.js';
import * as tokenScopes from '../migrations/2026_12_08_000003_token_scopes.js';
import * as security from '../migrations/2026_12_08_000008_security.js';
import { type Db, withDatabase } from './database.js';
import { log } from '../telemetry/log.js';

export const MIGRATIONS: Record<string, Migration> = {
  '2026_11_28_000001_initial': initial,
  '2026_11_28_000002_zalo_channel': zaloChannel,
  '2026_11_28_000003_catalogue': catalogue,
  '2026_11_28_000004_staff_auth': staffAuth,
  '2026_11_28_000005_oa_consents': oaConsents,
  '2026_11_28_000006_inbox_search': inboxSearch,
  '2026_11_28_000007_unit_changes': unitChanges,
  '2026_12_08_000001_sealed_reporter_contact': sealedReporterContact,
  '2026_12_08_000002_login_locks': loginLocks,
  '2026_12_08_000003_token_scopes': tokenScopes,
  '2026_12_08_000008_security': security,
};

export async function migrateToLatest(db: Db): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => MIGRATIONS } });
  const { error, results } = await migrator.migrateToLatest();
  for (const r of results ?? []) {
    if (r.status === 'Error') log.error({ migration: r.migrationName }, 'migration failed');
  }
  if (error) throw error;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await withDatabase(loadConfig().DATABASE_URL, migrateToLatest);
  log.info('migrations up to date');
}
