// Starting a dossier's workflow from its stored row, at submission or later by the API's sweep.
import { localDate } from '../../domain/calendar.js';
import type { Channel, DossierInput } from '../../domain/contracts/dossier.js';
import type { DossierRow } from '../../db/schema.js';
import type { dossierWorkflow } from '../../workflows/dossier.workflow.js';
import { ProcedureAttr, UnitAttr } from '../../workflows/dossier.messages.js';
import { unitCalendar } from '../holidays/unit-calendar.js';
import { getVersion } from '../procedures/service.js';
import type { DossierDeps } from './deps.js';
import { log } from '../../telemetry/log.js';
import { ApplicantColumn, JsonObjectColumn } from '../../domain/contracts/columns.js';

/** Starts the workflow now if it can; a failure is left to the sweep. */
export async function tryStart(deps: DossierDeps, row: DossierRow): Promise<boolean> {
  try {
    await startDossierWorkflow(deps, row);
    return true;
  } catch (err) {
    log.warn({ dossier: row.code, errorType: (err as Error).name }, 'workflow start deferred to the sweep');
    return false;
  }
}

/** Starts (or finds) the dossier's workflow from its stored row; safe to call any number of times. */
export async function startDossierWorkflow(deps: DossierDeps, row: DossierRow): Promise<void> {
  const definition = await getVersion(deps.db, row.procedure_code, row.procedure_version);
  if (!definition) throw new Error(`definition ${row.procedure_code} v${row.procedure_version} missing`);
  const unit = await deps.db.selectFrom('units').selectAll().where('id', '=', row.unit_id).executeTakeFirstOrThrow();
  const input: DossierInput = {
    dossierId: row.id,
    code: row.code,
    unit: { id: unit.id, name: unit.name },
    definition,
    calendar: await unitCalendar(deps.db, unit.id, localDate(row.submitted_at.getTime())),
    applicant: ApplicantColumn.parse(row.applicant),
    channel: row.channel as Channel,
    formData: JsonObjectColumn.parse(row.form_data),
    submittedAt: row.submitted_at.getTime(),
    maxEventsPerRun: deps.maxEventsPerRun,
  };
  await deps.temporal.workflow.start<typeof dossierWorkflow>('dossierWorkflow', {
    workflowId: row.workflow_id,
    taskQueue: deps.taskQueue,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
    typedSearchAttributes: [
      { key: ProcedureAttr, value: definition.code },
      { key: UnitAttr, value: unit.id },
    ],
  });
  await deps.db.updateTable('dossiers').set({ workflow_started_at: new Date() }).where('id', '=', row.id).where('workflow_started_at', 'is', null).execute();
}

/** Starts workflows for dossiers stored but never started (the API crashed or Temporal was down). */
export async function startPendingDossiers(deps: DossierDeps, olderThanMs = 30_000): Promise<number> {
  const rows = await deps.db
    .selectFrom('dossiers')
    .selectAll()
    .where('workflow_started_at', 'is', null)
    .where('submitted_at', '<', new Date(Date.now() - olderThanMs))
    .orderBy('submitted_at')
    .limit(100)
    .execute();
  let started = 0;
  for (const row of rows) if (await tryStart(deps, row)) started++;
  return started;
}
