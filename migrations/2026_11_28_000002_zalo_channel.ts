import { type Kysely, sql } from 'kysely';

// The Zalo channel: OAs per unit (secrets encrypted at rest), residents per OA, raw inbound events
// stored once, documents (bytes in a content-addressed store), signed form links, delivery state
// on the outbox, and satisfaction surveys.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('zalo_oas')
    .addColumn('oa_id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('app_secret_enc', 'text', (c) => c.notNull())
    .addColumn('oa_secret_key_enc', 'text', (c) => c.notNull())
    .addColumn('access_token_enc', 'text')
    .addColumn('access_token_expires_at', 'timestamptz')
    .addColumn('refresh_token_enc', 'text')
    .addColumn('refresh_token_expires_at', 'timestamptz')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('active', 'needs_reauth')`))
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('residents')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('oa_id', 'text', (c) => c.notNull().references('zalo_oas.oa_id'))
    .addColumn('zalo_user_id', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text')
    .addColumn('phone_enc', 'text')
    .addColumn('name_enc', 'text')
    .addColumn('address_enc', 'text')
    .addColumn('following', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('last_interaction_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('residents_oa_user', ['oa_id', 'zalo_user_id'])
    .execute();

  await db.schema
    .createTable('zalo_events')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
    .addColumn('oa_id', 'text')
    .addColumn('event_name', 'text', (c) => c.notNull())
    .addColumn('zalo_user_id', 'text')
    .addColumn('raw', 'jsonb', (c) => c.notNull())
    .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('handed_over_at', 'timestamptz')
    .addColumn('processed_at', 'timestamptz')
    .execute();
  await sql`create index zalo_events_pending on zalo_events (received_at) where handed_over_at is null`.execute(db);

  await db.schema
    .createTable('documents')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('dossier_id', 'uuid', (c) => c.references('dossiers.id'))
    .addColumn('resident_id', 'uuid', (c) => c.references('residents.id'))
    .addColumn('doc_key', 'text')
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('form', 'chat', 'staff')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('documents_dossier').on('documents').column('dossier_id').execute();

  // Signed form links: the nonce makes a submission link single-use.
  await db.schema
    .createTable('form_links')
    .addColumn('nonce', 'text', (c) => c.primaryKey())
    .addColumn('oa_id', 'text', (c) => c.notNull())
    .addColumn('zalo_user_id', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .addColumn('dossier_id', 'uuid', (c) => c.references('dossiers.id'))
    .execute();

  await db.schema
    .alterTable('messages')
    .addColumn('channel', 'text')
    .addColumn('buttons', 'jsonb')
    .addColumn('sending_started_at', 'timestamptz')
    .addColumn('sent_at', 'timestamptz')
    .addColumn('delivered_at', 'timestamptz')
    .addColumn('seen_at', 'timestamptz')
    .addColumn('undeliverable_reason', 'text')
    .execute();
  await db.schema.createIndex('messages_zalo_id').on('messages').column('zalo_message_id').execute();

  await db.schema
    .createTable('surveys')
    .addColumn('dossier_id', 'uuid', (c) => c.primaryKey().references('dossiers.id'))
    .addColumn('rating', 'integer', (c) => c.notNull().check(sql`rating between 1 and 5`))
    .addColumn('comment', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('surveys').execute();
  await db.schema.dropIndex('messages_zalo_id').execute();
  await db.schema
    .alterTable('messages')
    .dropColumn('channel')
    .dropColumn('buttons')
    .dropColumn('sending_started_at')
    .dropColumn('sent_at')
    .dropColumn('delivered_at')
    .dropColumn('seen_at')
    .dropColumn('undeliverable_reason')
    .execute();
  for (const t of ['form_links', 'documents', 'zalo_events', 'residents', 'zalo_oas']) await db.schema.dropTable(t).execute();
}
