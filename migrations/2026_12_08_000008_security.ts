import { sql, type Kysely } from 'kysely';

// Issue 11 #9. Delivery receipts are matched only against messages sent through the receipt's OA,
// so each message records the OA it went out through (back-filled from its recipient or dossier).
// Contact info shared with `user_submit_info` is now sealed in zalo_events.raw; rows already
// processed lose the plain copy (it was saved, encrypted, to residents when they were handled).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('messages').addColumn('zalo_oa_id', 'text').execute();
  await sql`
    update messages m
       set zalo_oa_id = coalesce(m.recipient->>'oaId', (select d.applicant->>'oaId' from dossiers d where d.id = m.dossier_id))
     where m.channel is not null`.execute(db);
  await sql`update zalo_events set raw = raw - 'info' where event_name = 'user_submit_info' and processed_at is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('messages').dropColumn('zalo_oa_id').execute();
}
