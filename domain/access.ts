// Every staff scope rule lives here: the API filters with it, the workflow validators enforce it.
import type { RoleGrant, StaffActor } from './contracts/dossier.js';

function holdsRole(grants: readonly RoleGrant[], role: string, unitId: string): boolean {
  return grants.some((g) => g.role === role && g.unitId === unitId);
}

/** Machine accounts (another system reporting events) act only where granted and read nothing. */
const MACHINE_ROLES: readonly string[] = ['integration'];

/** A clerk may see a unit's dossiers when they hold any staff role in that unit (admins included). */
export function canSeeUnit(grants: readonly RoleGrant[], unitId: string): boolean {
  return grants.some((g) => g.unitId === unitId && !MACHINE_ROLES.includes(g.role));
}

/**
 * An integration account reports events for the dossiers of the units its role is granted at and of
 * the units below them (the province's card production serves every ward). `ancestry` is the
 * dossier's unit followed by its parents (see `unitAncestry`).
 */
export function canReportEvent(grants: readonly RoleGrant[], ancestry: readonly string[]): boolean {
  return ancestry.some((unitId) => holdsRole(grants, 'integration', unitId));
}

/** Confidential dossiers (crime reports) are for the unit's investigators only. */
export function canSeeDossier(grants: readonly RoleGrant[], dossier: { unitId: string; confidential: boolean }): boolean {
  return dossier.confidential ? holdsRole(grants, 'investigator', dossier.unitId) : canSeeUnit(grants, dossier.unitId);
}

/** Only a designated investigator of the unit may unseal a reporter's identity. */
export function canUnseal(grants: readonly RoleGrant[], unitId: string): boolean {
  return holdsRole(grants, 'investigator', unitId);
}

/** A task is worked by staff holding its role in the dossier's unit. */
export function canWorkOnTask(actor: StaffActor, task: { role: string; unitId: string }): boolean {
  return holdsRole(actor.grants, task.role, task.unitId);
}

/** Releasing someone else's task is for the unit head (chief) only. */
export function canReleaseFor(actor: StaffActor, task: { unitId: string; assigneeId?: string }): boolean {
  return task.assigneeId === actor.staffId || holdsRole(actor.grants, 'chief', task.unitId);
}

/** Admins manage definitions; an admin role anywhere grants it. */
export function isAdmin(grants: readonly RoleGrant[]): boolean {
  return grants.some((g) => g.role === 'admin');
}

/**
 * The catalogue (procedure versions and their message templates, which every OA sends) and the
 * national holidays are one for the whole province: only an admin of a province-level unit changes them.
 */
export function isProvinceAdmin(grants: readonly RoleGrant[], provinceUnitIds: ReadonlySet<string>): boolean {
  return grants.some((g) => g.role === 'admin' && provinceUnitIds.has(g.unitId));
}

/**
 * Staff accounts are managed by admins within their units: an admin role at a unit covers that unit
 * and every unit below it. `ancestry` is a unit followed by its parents (see `unitAncestry`).
 */
export function canAdministerUnit(grants: readonly RoleGrant[], ancestry: readonly string[]): boolean {
  return ancestry.some((unitId) => holdsRole(grants, 'admin', unitId));
}

/** An admin sees an account holding any grant in their units (an account without grants: any admin). */
export function canSeeStaffAccount(grants: readonly RoleGrant[], accountGrantAncestries: ReadonlyArray<readonly string[]>): boolean {
  return isAdmin(grants) && (accountGrantAncestries.length === 0 || accountGrantAncestries.some((a) => canAdministerUnit(grants, a)));
}

/**
 * Creating, disabling or re-granting an account touches every unit it serves: each of its grants
 * (current and new) must lie in the admin's units.
 */
export function canManageStaffAccount(grants: readonly RoleGrant[], accountGrantAncestries: ReadonlyArray<readonly string[]>): boolean {
  return isAdmin(grants) && accountGrantAncestries.every((a) => canAdministerUnit(grants, a));
}

export interface UnitSuccession {
  id: string;
  validTo: string | null;
  successorId: string | null;
}

/**
 * The grants staff act with. A dissolved unit's work passes to its successor — new dossiers are
 * routed there (units.ts) — so from the day after its last day in force, staff holding a role at
 * the successor (or at a later successor down the chain) hold it at the dissolved unit too: they
 * work its open dossiers and answer its OA. Its own staff keep their grants. Held grants come
 * first, in their order; derived ones carry `via`, the unit whose grant they come from.
 */
export function effectiveGrants(held: readonly RoleGrant[], units: readonly UnitSuccession[], today: string): RoleGrant[] {
  const byId = new Map(units.map((u) => [u.id, u]));
  const dissolved = (u: UnitSuccession | undefined): u is UnitSuccession => u !== undefined && u.validTo !== null && u.validTo < today;
  const out = [...held];
  const has = (role: string, unitId: string) => out.some((g) => g.role === role && g.unitId === unitId);
  for (const unit of units.filter(dissolved)) {
    // The units that took over, as resolveCompetentUnit walks them: on while the successor is dissolved too.
    const heirs: string[] = [];
    for (let next = unit.successorId; next && next !== unit.id && !heirs.includes(next); ) {
      heirs.push(next);
      const heir = byId.get(next);
      next = dissolved(heir) ? heir.successorId : null;
    }
    for (const g of held) {
      if (heirs.includes(g.unitId) && !has(g.role, unit.id)) out.push({ role: g.role, unitId: unit.id, via: g.unitId });
    }
  }
  return out;
}

/** A unit followed by its parents, nearest first, from a map of unit → parent (cycles stop the walk). */
export function unitAncestry(unitId: string, parentOf: ReadonlyMap<string, string | null>): string[] {
  const chain = [unitId];
  for (let p = parentOf.get(unitId); p && !chain.includes(p); p = parentOf.get(p)) chain.push(p);
  return chain;
}
