// Maps read-model rows to the API's shapes.
import type { DossierView } from '../../domain/contracts/dossier.js';
import type { DossierRow } from '../../db/schema.js';

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

/** The workflow's answer to an Update, in the API's shape (ISO times). */
export function dossierFromView(v: DossierView) {
  return {
    code: v.code,
    procedureCode: v.procedureCode,
    procedureVersion: v.procedureVersion,
    unitId: v.unitId,
    state: v.state,
    stateType: v.stateType,
    stateLabel: v.stateLabel,
    stateVersion: v.stateVersion,
    outcome: v.outcome,
    receivedAt: iso(v.receivedAt),
    dueAt: iso(v.dueAt),
    originalDueAt: iso(v.originalDueAt),
    apologySentAt: iso(v.apologySentAt),
    supplementCycles: v.supplementCycles,
    closedAt: iso(v.closedAt),
    task: v.task && {
      state: v.task.state,
      role: v.task.role,
      assigneeId: v.task.assigneeId,
      assigneeName: v.task.assigneeName,
      dueAt: iso(v.task.dueAt),
      escalated: v.task.escalated,
      actions: v.task.actions,
    },
    branches: v.branches?.map((b) => ({ ...b, dueAt: iso(b.dueAt) })),
    appointment: v.appointment && { kind: v.appointment.kind, startsAt: iso(v.appointment.startsAt) },
    awaiting: v.awaiting && { event: v.awaiting.event, timeoutAt: iso(v.awaiting.timeoutAt)! },
  };
}

/** A dossier as the read model has it (no task detail: the inbox lists tasks). */
export function dossierFromRow(row: DossierRow) {
  return {
    code: row.code,
    procedureCode: row.procedure_code,
    procedureVersion: row.procedure_version,
    unitId: row.unit_id,
    state: row.state ?? 'starting',
    stateType: row.state_type ?? 'system',
    stateLabel: row.state_label ?? 'Đang khởi tạo hồ sơ',
    stateVersion: row.state_version,
    outcome: row.outcome ?? undefined,
    submittedAt: row.submitted_at.toISOString(),
    receivedAt: row.received_at?.toISOString(),
    dueAt: row.due_at?.toISOString(),
    originalDueAt: row.original_due_at?.toISOString(),
    apologySentAt: row.apology_sent_at?.toISOString(),
    supplementCycles: row.supplement_cycles,
    closedAt: row.closed_at?.toISOString(),
    result: row.result ?? undefined,
  };
}
