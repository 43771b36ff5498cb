// Appointment slots: a unit offers `capacity` places per slot of `slot_minutes` for each kind
// (biometrics, site inspection, seal handover). Reserving is idempotent by booking key. Which days
// are working days the workflow checked with the dossier's calendar; here the slot grid is checked.
import { ApplicationFailure } from '@temporalio/activity';
import { sql } from 'kysely';
import { calendarFrom, localDate } from '../domain/calendar.js';
import type { SlotReservation } from '../domain/contracts/dossier.js';
import { slotsOfDay } from '../domain/slots.js';
import type { Db } from '../db/database.js';

export function createAppointmentActivities(db: Db) {
  return {
    async reserveSlot(r: SlotReservation): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const done = await trx.selectFrom('appointment_bookings').select('id').where('booking_key', '=', r.bookingKey).executeTakeFirst();
        if (done) return; // a retry of a reservation that went through
        const cap = await trx
          .selectFrom('appointment_capacity')
          .selectAll()
          .where('unit_id', '=', r.unitId)
          .where('kind', '=', r.kind)
          .executeTakeFirst();
        if (!cap) throw ApplicationFailure.nonRetryable('Đơn vị chưa mở lịch hẹn cho việc này.', 'NO_CAPACITY');
        const unit = await trx.selectFrom('units').select('office_hours').where('id', '=', r.unitId).executeTakeFirstOrThrow();
        const cal = calendarFrom([], { officeHours: unit.office_hours ?? undefined });
        if (!slotsOfDay(localDate(r.startsAt), cal, cap.slot_minutes).includes(r.startsAt)) {
          throw ApplicationFailure.nonRetryable(`Giờ hẹn phải là một khung ${cap.slot_minutes} phút trong giờ làm việc.`, 'INVALID_SLOT');
        }
        const startsAt = new Date(r.startsAt);
        await sql`select pg_advisory_xact_lock(hashtext(${`slot:${r.unitId}:${r.kind}:${r.startsAt}`}))`.execute(trx);
        const taken = await trx
          .selectFrom('appointment_bookings')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('unit_id', '=', r.unitId)
          .where('kind', '=', r.kind)
          .where('starts_at', '=', startsAt)
          .where('status', '=', 'booked')
          .executeTakeFirstOrThrow();
        if (Number(taken.n) >= cap.capacity) throw ApplicationFailure.nonRetryable('Khung giờ này đã kín chỗ, vui lòng chọn giờ khác.', 'SLOT_FULL');
        await trx
          .insertInto('appointment_bookings')
          .values({ booking_key: r.bookingKey, dossier_id: r.dossierId, unit_id: r.unitId, kind: r.kind, starts_at: startsAt, status: 'booked' })
          .execute();
        if (r.replaces) {
          await trx.updateTable('appointment_bookings').set({ status: 'cancelled' }).where('booking_key', '=', r.replaces).where('status', '=', 'booked').execute();
        }
      });
    },
  };
}
