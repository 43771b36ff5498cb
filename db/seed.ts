// Reference data every environment needs (units, holidays, built-in procedures), and the
// development staff accounts that only non-production start-ups create.
import { createHmac } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { hashToken } from '../api/staff/auth.js';
import { contentHash, createDraft, publish } from '../api/procedures/service.js';
import { hashPassword, verifyPassword } from '../api/staff/passwords.js';
import { loadConfig } from '../config.js';
import type { ProcedureDefinitionInput } from '../domain/dsl/schema.js';
import { validateDefinition } from '../domain/dsl/validate.js';
import { BUILT_IN_PROCEDURES } from '../domain/procedures/index.js';
import type { StaffRole } from '../domain/roles.js';
import { type Db, withDatabase } from './database.js';
import { migrateToLatest } from './migrate.js';
import { DEFAULT_APPOINTMENT_CAPACITY } from './seed-data/appointments.js';
import { HOLIDAY_CORRECTIONS, HOLIDAYS } from './seed-data/holidays.js';
import { UNITS } from './seed-data/units.js';
import { log } from '../telemetry/log.js';

export async function seedReferenceData(db: Db): Promise<void> {
  for (const u of UNITS) {
    const row = {
      id: u.id,
      code: u.code,
      name: u.name,
      level: u.level,
      parent_id: u.parentId,
      valid_from: u.validFrom,
      valid_to: u.validTo,
      successor_id: null,
      note: u.note ?? null,
      office_hours: null,
      cutoff: null,
    };
    await db.insertInto('units').values(row).onConflict((oc) => oc.column('id').doNothing()).execute();
  }
  // Successors point at units inserted later in the list, so link them in a second pass.
  for (const u of UNITS.filter((x) => x.successorId)) {
    await db.updateTable('units').set({ successor_id: u.successorId }).where('id', '=', u.id).where('successor_id', 'is', null).execute();
  }
  // Admins may have confirmed or corrected entries: never overwrite them.
  await db
    .insertInto('holidays')
    .values(HOLIDAYS.map((h) => ({ date: h.date, kind: h.kind, name: h.name, status: h.status, source: h.source })))
    .onConflict((oc) => oc.column('date').doNothing())
    .execute();
  for (const { date, was } of HOLIDAY_CORRECTIONS) {
    const now = HOLIDAYS.find((h) => h.date === date)!;
    await db
      .updateTable('holidays')
      .set({ kind: now.kind, name: now.name, status: now.status, source: now.source, updated_at: new Date() })
      .where('date', '=', date)
      .where('status', '=', was.status)
      .where('source', '=', was.source)
      .execute();
  }
  // Appointment capacity: each current unit offers slots per kind; admins adjust them.
  const current = UNITS.filter((u) => u.validTo === null);
  await db
    .insertInto('appointment_capacity')
    .values(current.flatMap((u) => DEFAULT_APPOINTMENT_CAPACITY.map((k) => ({ unit_id: u.id, ...k }))))
    .onConflict((oc) => oc.doNothing())
    .execute();
  for (const def of BUILT_IN_PROCEDURES) await seedBuiltIn(db, def);
}

/**
 * A built-in definition goes in as a new version when it differs from the last built-in version
 * seeded (published versions are immutable; running dossiers keep their snapshot). It is published
 * when the live version is that last built-in one; when an admin has published a version of their
 * own since, the new built-in stays a draft for them to review.
 */
export async function seedBuiltIn(db: Db, def: ProcedureDefinitionInput): Promise<void> {
  const builtIns = await db
    .selectFrom('procedure_definitions')
    .select(['version', 'status', 'body'])
    .where('code', '=', def.code)
    .where('created_by', 'is', null)
    .orderBy('version', 'desc')
    .execute();
  const last = builtIns[0];
  const parsed = validateDefinition(structuredClone(def));
  if (!parsed.ok) throw new Error(`built-in ${def.code} is invalid: ${JSON.stringify(parsed.issues)}`);
  if (last && sameContent(last.body, parsed.definition)) return;
  const live = await db.selectFrom('procedure_definitions').select('version').where('code', '=', def.code).where('status', '=', 'published').executeTakeFirst();
  const draft = await createDraft(db, def, null);
  if (!last || live?.version === last.version) await publish(db, draft.code, draft.version);
}

const sameContent = (a: unknown, b: unknown) => contentHash({ ...(a as object), version: 0 }) === contentHash({ ...(b as object), version: 0 });

export interface DevAccount {
  username: string;
  name: string;
  roles: string;
  token: string;
  /** Console password (development only), the same for every dev account, derived from APP_SECRET. */
  password: string;
}

const DEV_WARDS = ['ca-p-dong-hung-thuan', 'ca-p-trung-my-tay'];
const DEV_ROLES: Array<[StaffRole, string, string]> = [
  ['receiver', 'tiepnhan', 'Cán bộ tiếp nhận'],
  ['officer', 'xuly', 'Cán bộ xử lý'],
  ['chief', 'lanhdao', 'Trưởng Công an phường'],
];

/** The development console password: derived from APP_SECRET, so a restart prints the same one. */
export function devPassword(secret: string): string {
  return `dev-${createHmac('sha256', secret).update('dev-password').digest('base64url').slice(0, 12)}`;
}

/**
 * Development-only accounts (callers skip this when NODE_ENV is production); their tokens and their
 * shared password derive from APP_SECRET so a restart prints the same ones.
 */
export async function seedDevStaff(db: Db, secret: string): Promise<DevAccount[]> {
  const password = devPassword(secret);
  const accounts: Array<{ username: string; name: string; grants: Array<[StaffRole, string]> }> = [
    { username: 'admin', name: 'Quản trị hệ thống', grants: [['admin', 'ca-tphcm']] },
  ];
  for (const unitId of DEV_WARDS) {
    const short = unitId.replace('ca-p-', '');
    for (const [role, suffix, title] of DEV_ROLES) {
      accounts.push({ username: `${short}.${suffix}`, name: `${title} (${short})`, grants: [[role, unitId]] });
    }
  }
  const out: DevAccount[] = [];
  for (const a of accounts) {
    await db.insertInto('staff').values({ username: a.username, full_name: a.name }).onConflict((oc) => oc.column('username').doNothing()).execute();
    const { id } = await db.selectFrom('staff').select('id').where('username', '=', a.username).executeTakeFirstOrThrow();
    await db
      .insertInto('staff_roles')
      .values(a.grants.map(([role, unit_id]) => ({ staff_id: id, role, unit_id })))
      .onConflict((oc) => oc.doNothing())
      .execute();
    const token = createHmac('sha256', secret).update(`dev-token:${a.username}`).digest('base64url');
    await db.insertInto('staff_tokens').values({ token_hash: hashToken(token), staff_id: id }).onConflict((oc) => oc.doNothing()).execute();
    const { password_hash } = await db.selectFrom('staff').select('password_hash').where('id', '=', id).executeTakeFirstOrThrow();
    if (!password_hash || !(await verifyPassword(password_hash, password))) {
      await db.updateTable('staff').set({ password_hash: await hashPassword(password) }).where('id', '=', id).execute();
      await db.deleteFrom('login_locks').where('username', '=', a.username).execute();
    }
    out.push({ username: a.username, name: a.name, roles: a.grants.map(([r, u]) => `${r}@${u}`).join(', '), token, password });
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await withDatabase(loadConfig().DATABASE_URL, async (db) => {
    await migrateToLatest(db);
    await seedReferenceData(db);
  });
  log.info('seed: reference data in place');
}
