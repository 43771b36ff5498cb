import { type Kysely, sql } from 'kysely';

// Issue 11 (finding 6): lockout state per username, whether an account has it or not, so that an
// unknown username is answered exactly as an existing one (no 423 only for real accounts). It
// replaces staff.failed_logins / locked_until; api/staff/sessions.ts counts each attempt here, under
// a per-username lock, before the password is checked.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('login_locks')
    .addColumn('username', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'timestamptz')
    .execute();
  await sql`insert into login_locks (username, failures, locked_until)
    select username, failed_logins, locked_until from staff where failed_logins > 0 or locked_until > now()`.execute(db);
  await db.schema.alterTable('staff').dropColumn('failed_logins').dropColumn('locked_until').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('staff')
    .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'timestamptz')
    .execute();
  await sql`update staff s set failed_logins = l.failures, locked_until = l.locked_until from login_locks l where l.username = s.username`.execute(db);
  await db.schema.dropTable('login_locks').execute();
}
