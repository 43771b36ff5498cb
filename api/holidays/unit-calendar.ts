// The working calendar a dossier of a unit runs on: national holidays and the unit's office hours.
import { sql } from 'kysely';
import { calendarFrom, type CalendarData } from '../../domain/calendar.js';
import type { Db } from '../../db/database.js';

/** A unit's working calendar for three years from `from`: national holidays, the unit's office hours. */
export async function unitCalendar(db: Db, unitId: string, from: string): Promise<CalendarData> {
  const unit = await db.selectFrom('units').select(['office_hours', 'cutoff']).where('id', '=', unitId).executeTakeFirstOrThrow();
  const holidays = await db
    .selectFrom('holidays')
    .select(['date', 'kind', 'status'])
    .where('date', '>=', from)
    .where(sql<boolean>`date < ${from}::date + interval '3 years'`)
    .execute();
  return calendarFrom(holidays, { officeHours: unit.office_hours ?? undefined, cutoff: unit.cutoff ?? undefined });
}
