import { type Kysely, sql } from 'kysely';

// Issue 11 (finding 3): a crime reporter's Zalo identity lives in the sealed store only. Tips
// submitted before kept a copy in dossiers.applicant; the sealed identity has always held the
// submitted applicant (oaId, zaloUserId included, api/dossiers/submit.ts), so the copy is dropped.
// Chat replies that named a tip (the old "tra cứu" answers) are masked and detached from it: the
// OA's conversation inbox shows them to every role of the unit.
export async function up(db: Kysely<any>): Promise<void> {
  const unsealed = await sql<{ n: number }>`
    select count(*)::int as n from dossiers d
    where d.confidential and (d.applicant ? 'zaloUserId' or d.applicant ? 'oaId')
      and not exists (select 1 from sealed_identities s where s.dossier_id = d.id)`.execute(db);
  // Cannot happen through the code (both rows are written in one transaction); never drop an id silently.
  if (unsealed.rows[0]!.n > 0) throw new Error('confidential dossiers with a Zalo id but no sealed identity: seal them before migrating');
  await sql`update dossiers set applicant = applicant - 'oaId' - 'zaloUserId' - 'phone'
    where confidential and (applicant ? 'zaloUserId' or applicant ? 'oaId' or applicant ? 'phone')`.execute(db);
  // One tip per message and pass (UPDATE … FROM applies one match per row): repeat until none is left.
  for (;;) {
    const masked = await sql`update messages m set text = replace(m.text, d.code, '[hồ sơ bảo mật]'), dossier_id = null
      from dossiers d
      where d.confidential and m.recipient->>'kind' = 'resident'
        and (m.dossier_id = d.id or position(d.code in m.text) > 0)`.execute(db);
    if (!masked.numAffectedRows) break;
  }
}

export async function down(): Promise<void> {
  // Nothing to restore: the ids are still in the sealed store, and masked replies stay masked.
}
