import { type Kysely, sql } from 'kysely';

// OA consents in progress: what the console keeps between "Kết nối với Zalo" and Zalo's redirect
// back (docs/reference/zalo-oa.md §1.2). Keyed by the SHA-256 of the `state`, bound to the admin's session (gone
// with it), short-lived and taken once; the PKCE verifier and a new OA's secrets are encrypted.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('zalo_oa_consents')
    .addColumn('state_hash', 'text', (c) => c.primaryKey())
    .addColumn('session_hash', 'text', (c) => c.notNull().references('staff_sessions.token_hash').onDelete('cascade'))
    .addColumn('staff_id', 'uuid', (c) => c.notNull().references('staff.id').onDelete('cascade'))
    // The OA being re-authorised; null when connecting a new one (Zalo names it in the callback).
    .addColumn('oa_id', 'text', (c) => c.references('zalo_oas.oa_id').onDelete('cascade'))
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('app_secret_enc', 'text')
    .addColumn('oa_secret_key_enc', 'text')
    .addColumn('code_verifier_enc', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('zalo_oa_consents_session').on('zalo_oa_consents').column('session_hash').execute();
  await db.schema.createIndex('zalo_oa_consents_expires').on('zalo_oa_consents').column('expires_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('zalo_oa_consents').execute();
}
