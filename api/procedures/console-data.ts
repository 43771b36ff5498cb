// What the console's procedure pages read (and the names other pages show): versions, names in the
// page's language, the version an admin is about to retire.
import { sql } from 'kysely';
import type { LocalizedText } from '../../domain/dsl/schema.js';
import type { Db } from '../../db/database.js';
import { localized } from '../console/i18n.js';
import { retireRefusal } from './service.js';

/** A definition's name, selected for `localized` (the page's language). */
const definitionName = sql<LocalizedText>`body->'name'`.as('name');

/** Names of procedures by code in the page's language, from each code's newest version. */
export async function procedureNames(db: Db, codes: string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await db
    .selectFrom('procedure_definitions')
    .select(['code', definitionName])
    .where('code', 'in', [...new Set(codes)])
    .orderBy('code')
    .orderBy('version')
    .execute();
  return new Map(rows.map((r) => [r.code, localized(r.name)])); // later (newer) versions overwrite
}

/** Every version of every procedure, newest first within a code. */
export async function procedureVersions(db: Db) {
  const rows = await db
    .selectFrom('procedure_definitions')
    .select(['code', 'version', 'status', 'created_at', 'published_at', definitionName])
    .orderBy('code')
    .orderBy('version', 'desc')
    .execute();
  return rows.map((r) => ({ ...r, name: localized(r.name) }));
}
export type VersionRow = Awaited<ReturnType<typeof procedureVersions>>[number];

/** The published version an admin is about to retire, and how many dossiers still run on it (they go on). */
export async function retireCandidate(db: Db, code: string, version: number) {
  const row = await db
    .selectFrom('procedure_definitions')
    .select(['status', 'published_at', definitionName])
    .where('code', '=', code)
    .where('version', '=', version)
    .executeTakeFirst();
  if (row?.status !== 'published') throw retireRefusal(code, version, row?.status);
  const { running } = await db
    .selectFrom('dossiers')
    .select((eb) => eb.fn.countAll<string>().as('running'))
    .where('procedure_code', '=', code)
    .where('procedure_version', '=', version)
    .where('closed_at', 'is', null)
    .executeTakeFirstOrThrow();
  return { code, version, name: localized(row.name), publishedAt: row.published_at, running: Number(running) };
}
export type RetireCandidate = Awaited<ReturnType<typeof retireCandidate>>;
