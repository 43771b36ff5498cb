// Which units' dossiers a staff member may count in reports, from the rules of domain/access.ts.
import { canAdministerUnit, canSeeUnit, unitAncestry } from '../../domain/access.js';
import type { RoleGrant } from '../../domain/contracts/dossier.js';
import type { Db } from '../../db/database.js';

export interface UnitLink {
  id: string;
  parentId: string | null;
}

/**
 * The units whose dossiers a report may count: every unit the actor holds a role in (canSeeUnit),
 * and every unit at or below a unit they administer (a provincial admin sees all wards, dissolved
 * ones included). Confidential dossiers are excluded by the report itself, whatever the roles.
 */
export function reportUnitIds(grants: readonly RoleGrant[], units: readonly UnitLink[]): string[] {
  const parentOf = new Map(units.map((u) => [u.id, u.parentId]));
  return units.filter((u) => canSeeUnit(grants, u.id) || canAdministerUnit(grants, unitAncestry(u.id, parentOf))).map((u) => u.id);
}

export async function reportScopeFor(db: Db, grants: readonly RoleGrant[]): Promise<string[]> {
  const units = await db.selectFrom('units').select(['id', 'parent_id as parentId']).execute();
  return reportUnitIds(grants, units);
}
