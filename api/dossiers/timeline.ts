// A dossier's timeline: its recorded events, and what staff and the resident each see of them.
import type { Db } from '../../db/database.js';

/** The recorded events of a dossier, in order. */
export async function timeline(db: Db, dossierId: string) {
  const rows = await db
    .selectFrom('dossier_events')
    .select(['seq', 'type', 'from_state as from', 'to_state as to', 'action', 'actor', 'data', 'at'])
    .where('dossier_id', '=', dossierId)
    .orderBy('seq')
    .execute();
  return rows;
}

/** The timeline in the API's shape for an audience. */
export function timelineFor(
  events: Array<{ seq: number; type: string; from: string | null; to: string | null; action: string | null; actor: Record<string, unknown>; data: Record<string, unknown>; at: Date }>,
  audience: 'staff' | 'resident',
) {
  // Residents see what happened to their dossier, not the office's internal steps (claims, reminders, escalations).
  const visible = audience === 'staff' ? events : events.filter((e) => RESIDENT_EVENTS.has(e.type));
  return visible.map((e) => ({
    ...e,
    // Residents learn that an officer acted, not who.
    actor: audience === 'staff' ? e.actor : { kind: e.actor.kind },
    data: audience === 'staff' ? e.data : forResident(e.data),
    at: e.at.toISOString(),
  }));
}

/**
 * What a resident may read of an event's data: what was decided and asked of them. Internal notes
 * and staff identities (assignee ids on claim / release) stay with staff.
 */
const RESIDENT_EVENTS = new Set(['transition', 'apology', 'followUp']);
const RESIDENT_KEYS = new Set(['reason', 'missingDocuments', 'changedFields', 'channel', 'result', 'previousDueAt', 'newDueAt']);

function forResident(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).filter(([key]) => RESIDENT_KEYS.has(key)));
}
