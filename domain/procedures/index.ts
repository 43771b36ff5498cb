// Built-in procedure definitions, seeded as version 1 when a procedure has no versions yet.
import type { ProcedureDefinitionInput } from '../dsl/schema.js';
import { TAM_TRU } from './tam-tru.js';

export const BUILT_IN_PROCEDURES: ProcedureDefinitionInput[] = [TAM_TRU];
