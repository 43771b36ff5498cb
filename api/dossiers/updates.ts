// Clerk and resident actions forwarded to the dossier workflow as Updates, and its live view.
import { ApplicationFailure, type Client, WorkflowUpdateFailedError } from '@temporalio/client';
import type { ActInput, BookInput, DossierView, ExternalEventInput, StaffActor, SupplementInput, WithdrawInput } from '../../domain/contracts/dossier.js';
import { DomainError, isErrorCode, type FieldIssue } from '../../domain/errors.js';
import type { DossierRow } from '../../db/schema.js';
import {
  actUpdate,
  bookUpdate,
  claimUpdate,
  externalEventUpdate,
  isWorkflowGone,
  releaseUpdate,
  stateQuery,
  supplementUpdate,
  withdrawUpdate,
} from '../../workflows/dossier.messages.js';
import type { DossierDeps } from './deps.js';

export function actOnDossier(deps: DossierDeps, row: DossierRow, input: ActInput): Promise<DossierView> {
  return runUpdate(deps, row, (h) => h.executeUpdate(actUpdate, { args: [input] }));
}

export function claimDossier(deps: DossierDeps, row: DossierRow, actor: StaffActor): Promise<DossierView> {
  return runUpdate(deps, row, (h) => h.executeUpdate(claimUpdate, { args: [{ actor }] }));
}

export function releaseDossier(deps: DossierDeps, row: DossierRow, actor: StaffActor): Promise<DossierView> {
  return runUpdate(deps, row, (h) => h.executeUpdate(releaseUpdate, { args: [{ actor }] }));
}

export function supplementDossier(deps: DossierDeps, row: DossierRow, input: SupplementInput): Promise<DossierView> {
  return runUpdate(deps, row, (h) => h.executeUpdate(supplementUpdate, { args: [input] }));
}

export function bookAppointment(deps: DossierDeps, row: DossierRow, input: BookInput): Promise<DossierView> {
  return runUpdate(deps, row, (h) => h.executeUpdate(bookUpdate, { args: [input] }));
}

export function deliverExternalEvent(deps: DossierDeps, row: DossierRow, input: ExternalEventInput): Promise<DossierView> {
  return runUpdate(deps, row, (h) => h.executeUpdate(externalEventUpdate, { args: [input] }));
}

export function withdrawDossier(deps: DossierDeps, row: DossierRow, input: WithdrawInput): Promise<DossierView> {
  return runUpdate(deps, row, (h) => h.executeUpdate(withdrawUpdate, { args: [input] }));
}

/** The workflow's own view (allowed actions, branches, appointment); undefined if it is not running. */
export async function liveView(deps: DossierDeps, row: DossierRow): Promise<DossierView | undefined> {
  if (!row.workflow_started_at || row.closed_at) return undefined;
  try {
    return await deps.temporal.workflow.getHandle(row.workflow_id).query(stateQuery);
  } catch {
    return undefined; // closed meanwhile, or no worker: the read model still answers
  }
}

type Handle = ReturnType<Client['workflow']['getHandle']>;

/** Runs an Update and turns a workflow's business rejection back into the DomainError it was. */
async function runUpdate(deps: DossierDeps, row: DossierRow, run: (h: Handle) => Promise<DossierView>): Promise<DossierView> {
  if (!row.workflow_started_at) throw new DomainError('INVALID_STATE', 'Hồ sơ đang được khởi tạo, vui lòng thử lại sau ít phút.');
  try {
    return await run(deps.temporal.workflow.getHandle(row.workflow_id));
  } catch (err) {
    const cause = err instanceof WorkflowUpdateFailedError ? err.cause : undefined;
    if (cause instanceof ApplicationFailure && isErrorCode(cause.type)) {
      const issues = (cause.details?.[0] as FieldIssue[] | undefined) ?? [];
      throw new DomainError(cause.type, cause.message, issues);
    }
    if (isWorkflowGone(err)) throw new DomainError('INVALID_STATE', 'Hồ sơ đã kết thúc, không thể thao tác thêm.');
    throw err;
  }
}
