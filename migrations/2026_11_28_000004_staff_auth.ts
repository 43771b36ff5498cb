import { type Kysely, sql } from 'kysely';

// Staff login: Argon2id password hashes with a failure counter and a temporary lock, server-side
// sessions (only the SHA-256 of the cookie's token is stored) and a log of login attempts that
// rate limiting by username and by client address counts. Also an index for reading a unit's dossiers by month.
export async function up(db: Kysely<any>): Promise<void> {
  // Reports read one unit's dossiers by submission month; the inbox pages open tasks by (due, id)
  // and finds dossiers by code prefix.
  await db.schema.createIndex('dossiers_unit_submitted').on('dossiers').columns(['unit_id', 'submitted_at']).execute();
  await sql`create index tasks_open_by_due on tasks (unit_id, role, due_at, id) where status = 'open'`.execute(db);
  await sql`create index dossiers_code_prefix on dossiers (code text_pattern_ops)`.execute(db);
  await db.schema
    .alterTable('staff')
    .addColumn('password_hash', 'text')
    .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'timestamptz')
    .addColumn('disabled_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('staff_sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('staff_id', 'uuid', (c) => c.notNull().references('staff.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .execute();
  await db.schema.createIndex('staff_sessions_staff').on('staff_sessions').column('staff_id').execute();
  await db.schema.createIndex('staff_sessions_expires').on('staff_sessions').column('expires_at').execute();

  await db.schema
    .createTable('login_attempts')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('ok', 'boolean', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('login_attempts_username_at').on('login_attempts').columns(['username', 'at']).execute();
  await db.schema.createIndex('login_attempts_ip_at').on('login_attempts').columns(['ip', 'at']).execute();
  await db.schema.createIndex('login_attempts_at').on('login_attempts').column('at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('dossiers_unit_submitted').execute();
  await db.schema.dropIndex('tasks_open_by_due').execute();
  await db.schema.dropIndex('dossiers_code_prefix').execute();
  await db.schema.dropTable('login_attempts').execute();
  await db.schema.dropTable('staff_sessions').execute();
  await db.schema
    .alterTable('staff')
    .dropColumn('disabled_at')
    .dropColumn('locked_until')
    .dropColumn('failed_logins')
    .dropColumn('password_hash')
    .execute();
}
