import { type Kysely, sql } from 'kysely';

// What the procedure catalogue needs: roles for crime-tip investigators and integration accounts,
// branch tasks (parallel reviews), appointment capacity and bookings, card production orders, and
// the sealed store of crime reporters' identities with its access log.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table staff_roles drop constraint staff_roles_role_check`.execute(db);
  await sql`alter table staff_roles add constraint staff_roles_role_check
    check (role in ('receiver', 'officer', 'chief', 'investigator', 'admin', 'integration'))`.execute(db);

  await db.schema.alterTable('tasks').addColumn('branch', 'text').execute();
  await db.schema.alterTable('dossiers').addColumn('confidential', 'boolean', (c) => c.notNull().defaultTo(false)).execute();

  await db.schema
    .createTable('appointment_capacity')
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('slot_minutes', 'integer', (c) => c.notNull().check(sql`slot_minutes between 5 and 240`))
    .addColumn('capacity', 'integer', (c) => c.notNull().check(sql`capacity between 1 and 500`))
    .addPrimaryKeyConstraint('appointment_capacity_pk', ['unit_id', 'kind'])
    .execute();

  // One row per booking; a dossier's rebooking cancels its earlier row. Keyed for idempotent retries.
  await db.schema
    .createTable('appointment_bookings')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('booking_key', 'text', (c) => c.notNull().unique())
    .addColumn('dossier_id', 'uuid', (c) => c.notNull().references('dossiers.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('booked', 'cancelled', 'attended', 'no_show')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index appointment_bookings_slot on appointment_bookings (unit_id, kind, starts_at) where status = 'booked'`.execute(db);

  await db.schema
    .createTable('card_production_orders')
    .addColumn('dossier_id', 'uuid', (c) => c.primaryKey().references('dossiers.id'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('ordered', 'produced')`))
    .addColumn('ordered_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('produced_at', 'timestamptz')
    .execute();

  // A crime reporter's identity: sealed (encrypted), readable only by investigators, every read logged.
  await db.schema
    .createTable('sealed_identities')
    .addColumn('dossier_id', 'uuid', (c) => c.primaryKey().references('dossiers.id'))
    .addColumn('identity_enc', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createTable('sealed_identity_access_log')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('dossier_id', 'uuid', (c) => c.notNull().references('dossiers.id'))
    .addColumn('staff_id', 'uuid', (c) => c.notNull().references('staff.id'))
    .addColumn('granted', 'boolean', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['sealed_identity_access_log', 'sealed_identities', 'card_production_orders', 'appointment_bookings', 'appointment_capacity']) {
    await db.schema.dropTable(t).execute();
  }
  await db.schema.alterTable('tasks').dropColumn('branch').execute();
  await db.schema.alterTable('dossiers').dropColumn('confidential').execute();
  await sql`alter table staff_roles drop constraint staff_roles_role_check`.execute(db);
  await sql`alter table staff_roles add constraint staff_roles_role_check check (role in ('receiver', 'officer', 'chief', 'admin'))`.execute(db);
}
