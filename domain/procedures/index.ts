// Built-in procedure definitions. db/seed.ts adds a changed one as a new version (published unless
// an admin's own version is live); a published version never changes.
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
