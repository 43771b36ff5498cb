// Free appointment slots of a dossier's current appointment step: every slot of the unit's
// capacity for that kind, inside office hours on working days, with the places left.
import { addWorkingDaysToDate } from '../../domain/calendar.js';
import { slotsOfDay } from '../../domain/slots.js';
import type { ProcedureDefinition } from '../../domain/dsl/schema.js';
import { DomainError } from '../../domain/errors.js';
import type { Db } from '../../db/database.js';
import type { DossierRow } from '../../db/schema.js';
import { getVersion } from '../procedures/service.js';
import { unitCalendar } from '../holidays/unit-calendar.js';

export interface Slot {
  startsAt: string;
  remaining: number;
}

const MAX_DAYS = 31;

export async function listSlots(db: Db, row: DossierRow, from: string, days: number, now = Date.now()): Promise<Slot[]> {
  const def = (await getVersion(db, row.procedure_code, row.procedure_version)) as ProcedureDefinition;
  const st = row.state ? def.states[row.state] : undefined;
  if (st?.type !== 'appointment') throw new DomainError('INVALID_STATE', 'Hồ sơ hiện không chờ đặt lịch hẹn.');
  const cap = await db.selectFrom('appointment_capacity').selectAll().where('unit_id', '=', row.unit_id).where('kind', '=', st.kind).executeTakeFirst();
  if (!cap) return [];
  const cal = await unitCalendar(db, row.unit_id, from);
  const starts: number[] = [];
  // The first day itself, then working days after it.
  for (let i = 0, day = from; i < Math.min(days, MAX_DAYS); i++, day = addWorkingDaysToDate(day, 1, cal)) {
    starts.push(...slotsOfDay(day, cal, cap.slot_minutes).filter((t) => t > now));
  }
  if (starts.length === 0) return [];
  const booked = await db
    .selectFrom('appointment_bookings')
    .select(['starts_at', (eb) => eb.fn.countAll<string>().as('n')])
    .where('unit_id', '=', row.unit_id)
    .where('kind', '=', st.kind)
    .where('status', '=', 'booked')
    .where('starts_at', '>=', new Date(starts[0]!))
    .where('starts_at', '<=', new Date(starts.at(-1)!))
    .groupBy('starts_at')
    .execute();
  const taken = new Map(booked.map((b) => [b.starts_at.getTime(), Number(b.n)]));
  return starts.map((t) => ({ startsAt: new Date(t).toISOString(), remaining: cap.capacity - (taken.get(t) ?? 0) }));
}
