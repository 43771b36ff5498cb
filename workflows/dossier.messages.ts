// Messages of the dossier workflow, shared with the API so both sides agree on names and types.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ActInput, BookInput, ClaimInput, DossierView, ExternalEventInput, SupplementInput, WithdrawInput } from '../domain/contracts/dossier.js';

export const actUpdate = defineUpdate<DossierView, [ActInput]>('act');
export const claimUpdate = defineUpdate<DossierView, [ClaimInput]>('claim');
export const releaseUpdate = defineUpdate<DossierView, [ClaimInput]>('release');
export const supplementUpdate = defineUpdate<DossierView, [SupplementInput]>('supplement');
export const withdrawUpdate = defineUpdate<DossierView, [WithdrawInput]>('withdraw');
export const bookUpdate = defineUpdate<DossierView, [BookInput]>('book');
export const externalEventUpdate = defineUpdate<DossierView, [ExternalEventInput]>('externalEvent');
export const stateQuery = defineQuery<DossierView>('state');

export const workflowIdFor = (code: string): string => `dossier:${code}`;

/** Whether a client call failed because the workflow is closed or gone (not a business refusal). */
export function isWorkflowGone(err: unknown): boolean {
  return err instanceof Error && (err.name === 'WorkflowNotFoundError' || /already completed/i.test(err.message));
}

// Custom search attributes so `temporal workflow list --query` finds dossiers.
export const ProcedureAttr = defineSearchAttributeKey('MotcuaProcedure', SearchAttributeType.KEYWORD);
export const UnitAttr = defineSearchAttributeKey('MotcuaUnit', SearchAttributeType.KEYWORD);
export const StateAttr = defineSearchAttributeKey('MotcuaState', SearchAttributeType.KEYWORD);
export const DueAtAttr = defineSearchAttributeKey('MotcuaDueAt', SearchAttributeType.DATETIME);
export const SEARCH_ATTRIBUTES = [ProcedureAttr, UnitAttr, StateAttr, DueAtAttr];
