// Read-model writes for dossier events. Each event is applied in one transaction keyed by
// (dossier, seq): a retried or replayed activity finds its event row and changes nothing.
import type { DossierEvent } from '../domain/contracts/dossier.js';
import type { Db } from '../db/database.js';

export function createDossierActivities(db: Db) {
  return {
    /** Returns the ids of the event's outbox messages (also when an earlier attempt wrote them). */
    async recordEvent(event: DossierEvent): Promise<string[]> {
      await db.transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto('dossier_events')
          .values({
            dossier_id: event.dossierId,
            seq: event.seq,
            type: event.type,
            from_state: event.from ?? null,
            to_state: event.to ?? null,
            action: event.action ?? null,
            actor: JSON.stringify(actorForTimeline(event)),
            data: JSON.stringify(event.data),
            at: new Date(event.at),
          })
          .onConflict((oc) => oc.columns(['dossier_id', 'seq']).doNothing())
          .returning('seq')
          .executeTakeFirst();
        if (!inserted) return; // already recorded by an earlier attempt

        const v = event.view;
        await trx
          .updateTable('dossiers')
          .set({
            state: v.state,
            state_type: v.stateType,
            state_label: v.stateLabel,
            state_version: v.stateVersion,
            last_seq: event.seq,
            outcome: v.outcome ?? null,
            received_at: date(v.receivedAt),
            due_at: date(v.dueAt),
            original_due_at: date(v.originalDueAt),
            apology_sent_at: date(v.apologySentAt),
            supplement_cycles: v.supplementCycles,
            closed_at: date(v.closedAt),
            updated_at: new Date(event.at),
          })
          .where('id', '=', event.dossierId)
          .where('last_seq', '<', event.seq)
          .execute();

        await applyToTasks(trx, event);

        if (event.messages.length > 0) {
          await trx
            .insertInto('messages')
            .values(
              event.messages.map((m) => ({
                idempotency_key: `${event.dossierId}:${event.seq}:${m.key}`,
                dossier_id: event.dossierId,
                recipient: JSON.stringify(m.recipient),
                template: m.template,
                text: m.text,
                buttons: m.buttons ? JSON.stringify(m.buttons) : null,
              })),
            )
            .onConflict((oc) => oc.column('idempotency_key').doNothing())
            .execute();
        }
      });
      if (event.messages.length === 0) return [];
      const rows = await db
        .selectFrom('messages')
        .select('id')
        .where('idempotency_key', 'like', `${event.dossierId}:${event.seq}:%`)
        .orderBy('created_at')
        .orderBy('idempotency_key')
        .execute();
      return rows.map((r) => r.id);
    },
  };
}

type Trx = Parameters<Parameters<ReturnType<Db['transaction']>['execute']>[0]>[0];

async function applyToTasks(trx: Trx, event: DossierEvent): Promise<void> {
  const open = trx.updateTable('tasks').where('dossier_id', '=', event.dossierId).where('status', '=', 'open');
  const { task, branches, stateLabel } = event.view;
  const by = event.actor.kind === 'staff' ? event.actor.staffId : null;
  const done = { status: 'done' as const, completed_at: new Date(event.at), completed_action: event.action ?? null, completed_by: by };
  switch (event.type) {
    case 'transition': {
      // Reviews of a parallel step left open when it ends were not decided by whoever ended it.
      await open.where('branch', 'is', null).set(done).execute();
      await open.where('branch', 'is not', null).set({ ...done, completed_action: 'cancelled', completed_by: null }).execute();
      const base = { dossier_id: event.dossierId, seq: event.seq, state: event.view.state, unit_id: event.view.unitId, status: 'open' as const, created_at: new Date(event.at) };
      if (task) {
        await trx
          .insertInto('tasks')
          .values({ ...base, id: `${event.dossierId}:${event.seq}`, label: stateLabel, role: task.role, due_at: date(task.dueAt), branch: null })
          .execute();
      }
      // A parallel step opens one task per review, each for its own role.
      for (const b of branches ?? []) {
        await trx
          .insertInto('tasks')
          .values({ ...base, id: `${event.dossierId}:${event.seq}:${b.branch}`, label: `${stateLabel}: ${b.label}`, role: b.role, due_at: date(b.dueAt), branch: b.branch })
          .execute();
      }
      const booking = event.data.booking as { key: string; outcome: 'attended' | 'no_show' | 'cancelled' } | undefined;
      if (booking) await trx.updateTable('appointment_bookings').set({ status: booking.outcome }).where('booking_key', '=', booking.key).execute();
      return;
    }
    case 'branchDecided':
      await open.where('branch', '=', String(event.data.branch)).set(done).execute();
      return;
    case 'booked':
      await open.set({ due_at: date(event.view.appointment?.startsAt) }).execute();
      return;
    case 'claimed':
    case 'released':
      await open.set({ assignee_id: task?.assigneeId ?? null }).execute();
      return;
    case 'escalated':
      await open.set({ escalated_at: new Date(event.at) }).execute();
      return;
    default:
      return;
  }
}

/** The timeline shows who acted, not what they were allowed to do. */
function actorForTimeline(event: DossierEvent): Record<string, unknown> {
  const a = event.actor;
  return a.kind === 'staff' ? { kind: 'staff', staffId: a.staffId, name: a.name } : { kind: a.kind };
}

function date(ms: number | undefined): Date | null {
  return ms === undefined ? null : new Date(ms);
}
