import type { Kysely } from 'kysely';

// Admins create, rename and dissolve units (api/units/service.ts): each row records who created it
// and who changed it last, and when (the codebase keeps no general audit log).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('units')
    .addColumn('created_by', 'uuid', (c) => c.references('staff.id'))
    .addColumn('changed_at', 'timestamptz')
    .addColumn('changed_by', 'uuid', (c) => c.references('staff.id'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('units').dropColumn('changed_by').dropColumn('changed_at').dropColumn('created_by').execute();
}
