import { type Kysely, sql } from 'kysely';

// Issue 11 (finding 6): API tokens have an id (to list and revoke them without their hash), a name,
// and a scope — the grants of their owner (staff_id) they act with; null for tokens made before,
// which act with all of them. Tokens made through the API always expire (api/staff/tokens.ts).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('staff_tokens')
    .addColumn('id', 'uuid', (c) => c.notNull().unique().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('scope', 'jsonb')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('staff_tokens').dropColumn('scope').dropColumn('name').dropColumn('id').execute();
}
