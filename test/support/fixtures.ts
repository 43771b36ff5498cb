// Shared test helpers: database handle, staff accounts, a valid TAM_TRU submission, polling.
import { randomBytes, randomUUID } from 'node:crypto';
import { hashToken } from '../../api/staff/auth.js';
import type { DossierDeps } from '../../api/dossiers/deps.js';
import { localDate } from '../../domain/calendar.js';
import type { RoleGrant, StaffActor } from '../../domain/contracts/dossier.js';
import { SecretBox } from '../../db/crypto.js';
import { temporalCodecFor } from '../../temporal.js';
import { createDb, type Db } from '../../db/database.js';
import type { NewDossier } from '../../db/schema.js';
import { LocalFileStore } from '../../db/file-store.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const TEST_SECRET = 'test-secret-0123456789abcdef0123456789abcdef';
/** The box tests encrypt OA secrets and personal data with (the worker's, too). */
export const TEST_BOX = SecretBox.derivedFrom(TEST_SECRET);
/** The Temporal payload codec of every test client and worker (as the development default derives it). */
export const TEST_CODEC = temporalCodecFor({ APP_SECRET: TEST_SECRET, TEMPORAL_CODEC_KEYS: undefined, NODE_ENV: 'test' });

/** The Zalo-related parts of the API's dependencies; `oauthBase` is the simulator's when a test needs OAuth. */
export function appZaloDeps(oauthBase = 'http://127.0.0.1:9') {
  return { box: TEST_BOX, zaloConfig: { ZALO_OAUTH_BASE: oauthBase }, webhookSecret: 'oa_secret_key' as const };
}

/** Where tests keep uploaded documents (the worker's store too). */
export const TEST_FILES = new LocalFileStore(join(tmpdir(), 'motcua-test-files'));
export const WARD = 'ca-p-dong-hung-thuan';
export const OTHER_WARD = 'ca-p-trung-my-tay';

/** A pool on the running test file's own database (test/support/file-isolation.ts). */
export function testDb(): Db {
  const url = process.env.TEST_FILE_DATABASE_URL;
  if (!url) throw new Error('TEST_FILE_DATABASE_URL is unset: test/support/file-isolation.ts must be in vitest setupFiles');
  return createDb(url, 4);
}

export interface TestStaff {
  actor: StaffActor;
  token: string;
}

export async function createStaff(db: Db, name: string, grants: RoleGrant[]): Promise<TestStaff> {
  const username = `t-${randomUUID()}`;
  const { id } = await db.insertInto('staff').values({ username, full_name: name }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('staff_roles').values(grants.map((g) => ({ staff_id: id, role: g.role, unit_id: g.unitId }))).execute();
  const token = randomBytes(24).toString('base64url');
  await db.insertInto('staff_tokens').values({ token_hash: hashToken(token), staff_id: id }).execute();
  return { actor: { kind: 'staff', staffId: id, name, grants }, token };
}

/**
 * A dossier row as submitDossier stores it, without a workflow (marked started, so the API's start
 * sweep leaves it alone): for pages and reports that only read dossiers. Returns its id.
 */
export async function insertDossierRow(db: Db, row: Partial<NewDossier> & Pick<NewDossier, 'code' | 'submitted_at'>): Promise<string> {
  const id = row.id ?? randomUUID();
  await db
    .insertInto('dossiers')
    .values({
      id,
      workflow_id: `dossier:${row.code}`,
      idempotency_key: `test-row:${id}`,
      request_fingerprint: 'test-row',
      procedure_code: 'TAM_TRU',
      procedure_version: 1,
      unit_id: WARD,
      channel: 'web',
      applicant: JSON.stringify({ name: 'Người Kiểm Thử' }),
      form_data: JSON.stringify({}),
      workflow_started_at: row.submitted_at,
      confidential: false,
      ...row,
    })
    .execute();
  return id;
}

/** One clerk per role of a ward, as the TAM_TRU definition needs them. */
export async function wardTeam(db: Db, unitId = WARD) {
  return {
    receiver: await createStaff(db, 'Nguyễn Văn Tiếp', [{ role: 'receiver', unitId }]),
    officer: await createStaff(db, 'Trần Thị Xử Lý', [{ role: 'officer', unitId }]),
    officer2: await createStaff(db, 'Lê Văn Hai', [{ role: 'officer', unitId }]),
    chief: await createStaff(db, 'Phạm Trưởng Phường', [{ role: 'chief', unitId }]),
  };
}

const DAY = 24 * 60 * 60 * 1000;

/** A valid TAM_TRU form whose stay ends `stayDays` after `now`. */
export function tamTruForm(now = Date.now(), stayDays = 365): Record<string, unknown> {
  return {
    kind: 'new',
    fullName: 'Nguyễn Thị Lan',
    cccd: '079190012345',
    phone: '0901234567',
    dateOfBirth: '1990-05-17',
    stayAddress: '12 Đường TX25, phường Đông Hưng Thuận, TP. Hồ Chí Minh',
    stayFrom: localDate(now),
    stayUntil: localDate(now + stayDays * DAY),
    reason: 'Thuê nhà để đi làm',
  };
}

export function submitRequest(formData: Record<string, unknown>, unitId = WARD) {
  return {
    procedureCode: 'TAM_TRU',
    unitId,
    channel: 'web' as const,
    applicant: { name: 'Nguyễn Thị Lan', phone: '0901234567' },
    formData,
  };
}

export async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function dossierRow(db: Db, code: string) {
  return db.selectFrom('dossiers').selectAll().where('code', '=', code).executeTakeFirstOrThrow();
}

export function waitForState(db: Db, code: string, state: string) {
  return waitFor(async () => {
    const row = await dossierRow(db, code);
    return row.state === state ? row : undefined;
  }, `dossier ${code} to reach ${state}`);
}

export function messagesOf(db: Db, dossierId: string) {
  return db.selectFrom('messages').selectAll().where('dossier_id', '=', dossierId).orderBy('created_at').orderBy('idempotency_key').execute();
}

export function eventsOf(db: Db, dossierId: string) {
  return db.selectFrom('dossier_events').selectAll().where('dossier_id', '=', dossierId).orderBy('seq').execute();
}

export type { DossierDeps };
