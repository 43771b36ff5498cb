// The holiday calendar admins maintain: days off on weekdays (holidays, compensatory and bridging
// days) and make-up working Saturdays. New dossiers snapshot it when they start.
import { DomainError } from '../../domain/errors.js';
import type { Db } from '../../db/database.js';

export interface HolidayInput {
  kind: 'off' | 'working';
  name: string;
  status: 'confirmed' | 'proposed' | 'computed';
  source: string;
}

export async function listHolidays(db: Db, year: number) {
  return db
    .selectFrom('holidays')
    .select(['date', 'kind', 'name', 'status', 'source', 'updated_at'])
    .where('date', '>=', `${year}-01-01`)
    .where('date', '<=', `${year}-12-31`)
    .orderBy('date')
    .execute();
}

/** Adds or overrides one date. A day off must be a weekday and a make-up working day a weekend day. */
export async function putHoliday(db: Db, date: string, input: HolidayInput) {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  const weekend = weekday === 0 || weekday === 6;
  if (input.kind === 'off' && weekend) {
    throw new DomainError('VALIDATION_FAILED', 'Ngày nghỉ phải là ngày trong tuần (thứ Hai – thứ Sáu).', [
      { path: 'kind', message: `${date} là ngày cuối tuần, vốn đã là ngày nghỉ` },
    ]);
  }
  if (input.kind === 'working' && !weekend) {
    throw new DomainError('VALIDATION_FAILED', 'Ngày làm bù phải là thứ Bảy hoặc Chủ nhật.', [
      { path: 'kind', message: `${date} là ngày trong tuần, vốn đã là ngày làm việc` },
    ]);
  }
  const row = { date, ...input, updated_at: new Date() };
  return db
    .insertInto('holidays')
    .values(row)
    .onConflict((oc) => oc.column('date').doUpdateSet({ ...input, updated_at: row.updated_at }))
    .returning(['date', 'kind', 'name', 'status', 'source', 'updated_at'])
    .executeTakeFirstOrThrow();
}

export async function deleteHoliday(db: Db, date: string): Promise<void> {
  const res = await db.deleteFrom('holidays').where('date', '=', date).executeTakeFirst();
  if (res.numDeletedRows === 0n) throw new DomainError('NOT_FOUND', `Không có ngày ${date} trong lịch.`);
}
