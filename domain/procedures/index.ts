// Built-in procedure definitions, seeded as version 1 when a procedure has no versions yet.
import type { ProcedureDefinitionInput } from '../dsl/schema.js';
import { CCCD } from './cccd.js';
import { CON_DAU } from './con-dau.js';
import { CU_TRU_DIEU_CHINH } from './cu-tru-dieu-chinh.js';
import { DANG_KY_XE } from './dang-ky-xe.js';
import { PCCC } from './pccc.js';
import { TAM_TRU } from './tam-tru.js';
import { TAM_VANG } from './tam-vang.js';
import { TO_GIAC } from './to-giac.js';

export const BUILT_IN_PROCEDURES: ProcedureDefinitionInput[] = [TAM_TRU, TAM_VANG, CU_TRU_DIEU_CHINH, DANG_KY_XE, TO_GIAC, PCCC, CON_DAU, CCCD];
