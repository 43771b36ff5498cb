// The unit tree for admins: listing it, creating a unit, editing its name and note, and dissolving
// it into a successor from a date. The rules are domain/units.ts; the scope is domain/access.ts (an
// admin changes the units they administer and those below; a new unit goes under one of them).
// Every change runs under one advisory lock, so two dissolutions cannot race into a successor
// cycle, and records who made it on the row. Dossiers are never moved: new ones follow the
// successor link (resolveCompetentUnit), open ones are worked by the successor's staff (effectiveGrants).
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { canAdministerUnit, unitAncestry } from '../../domain/access.js';
import type { StaffActor } from '../../domain/contracts/dossier.js';
import { DomainError } from '../../domain/errors.js';
import type { Authority } from '../../domain/dsl/schema.js';
import { checkDissolution, dayBefore, newUnitIssues, resolveCompetentUnit, successorIssues, unitTextIssues, type UnitLevel, type UnitNode } from '../../domain/units.js';
import type { Db } from '../../db/database.js';
import { DEFAULT_APPOINTMENT_CAPACITY } from '../../db/seed-data/appointments.js';

export interface UnitRecord extends UnitNode {
  code: string;
  note: string | null;
  createdAt: Date;
  createdBy: string | null;
  changedAt: Date | null;
  changedBy: string | null;
  /** The full name of the admin who changed it last. */
  changedByName: string | null;
}

export interface NewUnitInput {
  code: string;
  name: string;
  level: UnitLevel;
  parentId: string;
  validFrom: string;
  note?: string | null;
}

export interface UnitEdit {
  name?: string;
  note?: string | null;
}

export interface Dissolution {
  /** The first day the successor handles the unit's work; the unit is in force until the day before. */
  effectiveDate: string;
  successorId: string;
}

/** Every unit, by name. */
export async function listUnits(db: Db): Promise<UnitRecord[]> {
  return db
    .selectFrom('units')
    .leftJoin('staff', 'staff.id', 'units.changed_by')
    .select([
      'units.id',
      'units.code',
      'units.name',
      'units.level',
      'units.parent_id as parentId',
      'units.valid_from as validFrom',
      'units.valid_to as validTo',
      'units.successor_id as successorId',
      'units.note',
      'units.created_at as createdAt',
      'units.created_by as createdBy',
      'units.changed_at as changedAt',
      'units.changed_by as changedBy',
      'staff.full_name as changedByName',
    ])
    .orderBy('units.name')
    .execute();
}

export async function unitTree(db: Db): Promise<Map<string, UnitRecord>> {
  return new Map((await listUnits(db)).map((u) => [u.id, u]));
}

/** Whether the admin administers a unit of the tree (the unit itself or one above it). */
export function administeredBy(actor: StaffActor, tree: ReadonlyMap<string, UnitNode>): (unitId: string) => boolean {
  const parentOf = new Map([...tree.values()].map((u) => [u.id, u.parentId]));
  return (unitId) => canAdministerUnit(actor.grants, unitAncestry(unitId, parentOf));
}

/** Units the admin may name as `unitId`'s successor from `date`: those the service would accept. */
export function successorOptions(tree: ReadonlyMap<string, UnitNode>, actor: StaffActor, unitId: string, date: string): UnitNode[] {
  const unit = tree.get(unitId);
  if (!unit) return [];
  const administers = administeredBy(actor, tree);
  return [...tree.values()].filter((s) => administers(s.id) && successorIssues(tree, unit, s.id, date).length === 0);
}

/** Unit changes one at a time (they are rare), each seeing the tree the one before left. */
async function changeTree<T>(db: Db, change: (tx: Db, tree: Map<string, UnitRecord>) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(hashtext('motcua:units'))`.execute(tx);
    return change(tx, await unitTree(tx));
  });
}

async function recordOf(db: Db, id: string): Promise<UnitRecord> {
  return (await unitTree(db)).get(id)!;
}

function knownUnit(tree: ReadonlyMap<string, UnitRecord>, id: string): UnitRecord {
  const unit = tree.get(id);
  if (!unit) throw new DomainError('NOT_FOUND', 'Không tìm thấy đơn vị.');
  return unit;
}

function assertAdministers(actor: StaffActor, tree: ReadonlyMap<string, UnitNode>, unitId: string, path?: string): void {
  if (!administeredBy(actor, tree)(unitId)) {
    const unit = tree.get(unitId)?.name ?? unitId;
    throw new DomainError('FORBIDDEN', `Bạn không quản trị ${unit} (chỉ thay đổi được đơn vị bạn quản trị và các đơn vị cấp dưới).`, path ? [{ path, message: 'Đơn vị ngoài phạm vi bạn quản trị' }] : []);
  }
}

/**
 * A new unit under one the admin administers, with the default appointment slots. 422 with field
 * paths (code, name, level, parentId, validFrom, note), 403 outside the admin's units, 409 UNIT_CODE_TAKEN.
 */
export async function createUnit(db: Db, input: NewUnitInput, by: StaffActor, now = new Date()): Promise<UnitRecord> {
  const unit = { ...input, code: input.code.trim().toUpperCase(), name: input.name.trim(), note: input.note?.trim() || null };
  const id = await changeTree(db, async (tx, tree) => {
    const issues = newUnitIssues(tree, unit);
    if (issues.length > 0) throw new DomainError('VALIDATION_FAILED', 'Thông tin đơn vị chưa hợp lệ.', issues);
    assertAdministers(by, tree, unit.parentId, 'parentId');
    const row = await tx
      .insertInto('units')
      .values({
        id: randomUUID(),
        code: unit.code,
        name: unit.name,
        level: unit.level,
        parent_id: unit.parentId,
        valid_from: unit.validFrom,
        valid_to: null,
        successor_id: null,
        office_hours: null,
        cutoff: null,
        note: unit.note,
        created_at: now,
        created_by: by.staffId,
      })
      .onConflict((oc) => oc.column('code').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) throw new DomainError('UNIT_CODE_TAKEN', `Mã đơn vị ${unit.code} đã được dùng.`, [{ path: 'code', code: 'taken', message: 'Mã đơn vị đã được dùng' }]);
    await tx
      .insertInto('appointment_capacity')
      .values(DEFAULT_APPOINTMENT_CAPACITY.map((k) => ({ unit_id: row.id, ...k })))
      .execute();
    return row.id;
  });
  return recordOf(db, id);
}

/** A new name or note (an empty note removes it). 404, 403 outside the admin's units, 422 with field paths. */
export async function updateUnit(db: Db, id: string, edit: UnitEdit, by: StaffActor, now = new Date()): Promise<UnitRecord> {
  await changeTree(db, async (tx, tree) => {
    knownUnit(tree, id);
    assertAdministers(by, tree, id);
    const issues = unitTextIssues(edit);
    if (issues.length > 0) throw new DomainError('VALIDATION_FAILED', 'Thông tin đơn vị chưa hợp lệ.', issues);
    await tx
      .updateTable('units')
      .set({
        ...(edit.name !== undefined ? { name: edit.name.trim() } : {}),
        ...(edit.note !== undefined ? { note: edit.note?.trim() || null } : {}),
        changed_at: now,
        changed_by: by.staffId,
      })
      .where('id', '=', id)
      .execute();
  });
  return recordOf(db, id);
}

/**
 * Ends a unit's validity the day before `effectiveDate` and links its successor. 404; 403 when the
 * unit or the successor lies outside the admin's units; 409 when it already has an end date or units
 * under it stay in force; 422 for the date and the successor (domain/units.ts `checkDissolution`).
 */
export async function dissolveUnit(db: Db, id: string, input: Dissolution, by: StaffActor, now = new Date()): Promise<UnitRecord> {
  await changeTree(db, async (tx, tree) => {
    const unit = knownUnit(tree, id);
    assertAdministers(by, tree, id);
    checkDissolution(tree, unit, input);
    assertAdministers(by, tree, input.successorId, 'successorId');
    await tx
      .updateTable('units')
      .set({ valid_to: dayBefore(input.effectiveDate), successor_id: input.successorId, changed_at: now, changed_by: by.staffId })
      .where('id', '=', id)
      .execute();
  });
  return recordOf(db, id);
}

/** The unit that will receive a dossier started from `unitId` (successors, authority level). */
export async function competentUnit(db: Db, unitId: string, authority: Authority, today: string): Promise<UnitNode> {
  return resolveCompetentUnit(await unitTree(db), unitId, authority, today);
}
