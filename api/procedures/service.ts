// Procedure definitions: drafts are editable, a published version is immutable, and publishing
// a version retires the previous one; an admin can also retire the published version on its own,
// and the procedure then takes no new dossiers (running dossiers keep the snapshot they started with).
import { createHash } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import { formatDateVi } from '../../domain/wording/dates.js';
import { localDate } from '../../domain/calendar.js';
import { canonicalJson } from '../../domain/canonical-json.js';
import type { StaffActor } from '../../domain/contracts/dossier.js';
import { dryRun, type DryRunInput, type DryRunResult } from '../../domain/dry-run.js';
import type { ProcedureDefinition } from '../../domain/dsl/schema.js';
import { weakenedProtections } from '../../domain/dsl/protections.js';
import { validateDefinition, type DefinitionIssue } from '../../domain/dsl/validate.js';
import { DomainError } from '../../domain/errors.js';
import type { Db } from '../../db/database.js';
import type { Database } from '../../db/schema.js';
import { unitCalendar } from '../holidays/unit-calendar.js';
import { assertProvinceAdmin } from '../staff/auth.js';

export interface DefinitionVersion {
  code: string;
  version: number;
  status: 'draft' | 'published' | 'retired';
  contentHash: string;
  createdAt: Date;
  publishedAt: Date | null;
  retiredAt: Date | null;
}

export function contentHash(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

/** Validates and numbers a new draft: its version is the next free one for the code. */
export async function createDraft(db: Db, body: unknown, createdBy: string | null): Promise<DefinitionVersion> {
  const code = typeof body === 'object' && body !== null ? (body as { code?: unknown }).code : undefined;
  return db.transaction().execute(async (trx) => {
    await lockProcedure(trx, String(code)); // draft numbering
    const last = await trx
      .selectFrom('procedure_definitions')
      .select((eb) => eb.fn.max('version').as('v'))
      .where('code', '=', String(code))
      .executeTakeFirst();
    const version = (last?.v ?? 0) + 1;
    const definition = requireValid({ ...(body as object), version });
    await requireProtectionsKept(trx, definition);
    const row = await trx
      .insertInto('procedure_definitions')
      .values({
        code: definition.code,
        version,
        status: 'draft',
        body: JSON.stringify(definition),
        content_hash: contentHash(definition),
        created_by: createdBy,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toVersion(row);
  });
}

/** Serialises the changes of one procedure's versions (numbering drafts, publishing) until commit. */
async function lockProcedure(trx: Transaction<Database>, code: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`definition:${code}`}))`.execute(trx);
}

export async function publish(db: Db, code: string, version: number): Promise<DefinitionVersion> {
  return db.transaction().execute(async (trx) => {
    // Two drafts published at once would each retire the other's predecessor and both go live.
    await lockProcedure(trx, code);
    const row = await trx
      .selectFrom('procedure_definitions')
      .selectAll()
      .where('code', '=', code)
      .where('version', '=', version)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw new DomainError('NOT_FOUND', `Không có phiên bản ${version} của thủ tục ${code}.`);
    if (row.status !== 'draft') {
      throw new DomainError('ALREADY_PUBLISHED', `Phiên bản ${version} đã ${row.status === 'published' ? 'được công bố' : 'ngừng áp dụng'}; chỉ bản nháp mới công bố được.`);
    }
    await requireProtectionsKept(trx, requireValid(row.body));
    const now = new Date();
    await trx
      .updateTable('procedure_definitions')
      .set({ status: 'retired', retired_at: now })
      .where('code', '=', code)
      .where('status', '=', 'published')
      .execute();
    const published = await trx
      .updateTable('procedure_definitions')
      .set({ status: 'published', published_at: now })
      .where('code', '=', code)
      .where('version', '=', version)
      .returningAll()
      .executeTakeFirstOrThrow();
    return toVersion(published);
  });
}

/**
 * Retires the published version: the procedure takes no new dossiers until a version is published
 * again. One guarded statement, so a concurrent publish or retire either finds the version still
 * published or is told what it has become — never two published versions, never a lost one.
 */
export async function retire(db: Db, code: string, version: number, actor: StaffActor): Promise<DefinitionVersion> {
  await assertProvinceAdmin(db, actor);
  const retired = await db
    .updateTable('procedure_definitions')
    .set({ status: 'retired', retired_at: new Date() })
    .where('code', '=', code)
    .where('version', '=', version)
    .where('status', '=', 'published')
    .returningAll()
    .executeTakeFirst();
  if (retired) return toVersion(retired);
  const row = await db.selectFrom('procedure_definitions').select('status').where('code', '=', code).where('version', '=', version).executeTakeFirst();
  throw retireRefusal(code, version, row?.status);
}

/** Why a version that is not the published one cannot be retired (`status` undefined: no such version). */
export function retireRefusal(code: string, version: number, status: DefinitionVersion['status'] | undefined): DomainError {
  if (!status) return new DomainError('NOT_FOUND', `Không có phiên bản ${version} của thủ tục ${code}.`);
  if (status === 'retired') return new DomainError('ALREADY_RETIRED', `Phiên bản ${version} của thủ tục ${code} đã ngừng áp dụng.`);
  // A draft (or one published after the request came in: the admin asked to retire a draft).
  return new DomainError('NOT_PUBLISHED', `Phiên bản ${version} của thủ tục ${code} là bản nháp, chưa công bố; chỉ phiên bản đang áp dụng mới ngừng áp dụng được.`);
}

/**
 * The published version a new dossier of `code` starts with; undefined for a code never published.
 * A procedure whose versions are all retired is refused as such, not as an unknown one.
 */
export async function definitionForNewDossier(db: Db, code: string): Promise<ProcedureDefinition | undefined> {
  const published = await getPublished(db, code);
  if (published) return published;
  const last = await db
    .selectFrom('procedure_definitions')
    .select(['body', 'retired_at'])
    .where('code', '=', code)
    .where('status', '=', 'retired')
    .orderBy('retired_at', 'desc')
    .executeTakeFirst();
  if (!last) return undefined;
  const name = (last.body as ProcedureDefinition).name.vi;
  const since = last.retired_at ? ` từ ngày ${formatDateVi(last.retired_at.getTime())}` : '';
  throw new DomainError('PROCEDURE_RETIRED', `Thủ tục “${name}” đã ngừng áp dụng${since}, không nhận hồ sơ mới.`, [
    { path: 'procedureCode', message: `Thủ tục ${code} đã ngừng áp dụng` },
  ]);
}

export async function listVersions(db: Db, code: string): Promise<DefinitionVersion[]> {
  const rows = await db.selectFrom('procedure_definitions').selectAll().where('code', '=', code).orderBy('version', 'desc').execute();
  return rows.map(toVersion);
}

export async function getVersion(db: Db, code: string, version: number): Promise<ProcedureDefinition | undefined> {
  const row = await db
    .selectFrom('procedure_definitions')
    .select('body')
    .where('code', '=', code)
    .where('version', '=', version)
    .executeTakeFirst();
  return row?.body as ProcedureDefinition | undefined;
}

export async function listPublished(db: Db): Promise<ProcedureDefinition[]> {
  const rows = await db.selectFrom('procedure_definitions').select('body').where('status', '=', 'published').orderBy('code').execute();
  return rows.map((r) => r.body as ProcedureDefinition);
}

export async function getPublished(db: Db, code: string): Promise<ProcedureDefinition | undefined> {
  const row = await db
    .selectFrom('procedure_definitions')
    .select('body')
    .where('code', '=', code)
    .where('status', '=', 'published')
    .executeTakeFirst();
  return row?.body as ProcedureDefinition | undefined;
}

/** A dry run on the unit's calendar and office hours as a dossier submitted at `startAt` would get them. */
export async function dryRunDefinition(db: Db, request: Omit<DryRunInput, 'unit' | 'calendar'> & { unitId: string }): Promise<DryRunResult> {
  const { unitId, ...rest } = request;
  const unit = await db.selectFrom('units').select(['id', 'name']).where('id', '=', unitId).executeTakeFirst();
  if (!unit) throw new DomainError('VALIDATION_FAILED', 'Không có đơn vị này.', [{ path: 'unitId', message: `Không có đơn vị "${unitId}"` }]);
  return dryRun({ ...rest, unit, calendar: await unitCalendar(db, unit.id, localDate(request.startAt)) });
}

function requireValid(body: unknown): ProcedureDefinition {
  const result = validateDefinition(body);
  if (!result.ok) throw invalidDefinition(result.issues);
  return result.definition;
}

/** Confidentiality and sealed fields never weaken from one version of a code to the next (domain/dsl/protections.ts). */
async function requireProtectionsKept(trx: Transaction<Database>, definition: ProcedureDefinition): Promise<void> {
  const earlier = await trx
    .selectFrom('procedure_definitions')
    .select('body')
    .where('code', '=', definition.code)
    .where('version', '<', definition.version)
    .execute();
  const issues = weakenedProtections(earlier.map((r) => r.body as ProcedureDefinition), definition);
  if (issues.length) throw invalidDefinition(issues);
}

function invalidDefinition(issues: DefinitionIssue[]): DomainError {
  return new DomainError('INVALID_DEFINITION', `Định nghĩa thủ tục có ${issues.length} lỗi.`, issues);
}

function toVersion(row: {
  code: string;
  version: number;
  status: DefinitionVersion['status'];
  content_hash: string;
  created_at: Date;
  published_at: Date | null;
  retired_at: Date | null;
}): DefinitionVersion {
  return {
    code: row.code,
    version: row.version,
    status: row.status,
    contentHash: row.content_hash,
    createdAt: row.created_at,
    publishedAt: row.published_at,
    retiredAt: row.retired_at,
  };
}
