// Shapes shared by the API, the dossier workflow and its activities. Plain JSON only:
// they travel as Temporal payloads and are carried across continue-as-new.
import type { CalendarData } from '../calendar.js';
import type { ActionInput, Outcome, ProcedureDefinition, StateType } from '../dsl/schema.js';
import type { StaffRole } from '../roles.js';

export interface RoleGrant {
  role: StaffRole;
  unitId: string;
}

export type Actor =
  | { kind: 'staff'; staffId: string; name: string; grants: RoleGrant[] }
  | { kind: 'resident' }
  | { kind: 'system' };
export type StaffActor = Extract<Actor, { kind: 'staff' }>;

export type Channel = 'web' | 'zalo' | 'counter';

export interface Applicant {
  name: string;
  phone?: string;
  zaloUserId?: string;
  oaId?: string;
}

/** The snapshot a dossier workflow starts from: nothing it needs is read from mutable data later. */
export interface DossierInput {
  dossierId: string;
  code: string;
  unit: { id: string; name: string };
  definition: ProcedureDefinition;
  calendar: CalendarData;
  applicant: Applicant;
  channel: Channel;
  formData: Record<string, unknown>;
  submittedAt: number;
  /** Continue-as-new after this many events in one run, besides the server's suggestion. */
  maxEventsPerRun?: number;
}

export interface TaskView {
  state: string;
  role: string;
  unitId: string;
  assigneeId?: string;
  assigneeName?: string;
  dueAt?: number;
  escalated: boolean;
  actions: Array<{ name: string; label?: string; requires: ActionInput[] }>;
}

export interface DossierView {
  dossierId: string;
  code: string;
  procedureCode: string;
  procedureVersion: number;
  unitId: string;
  state: string;
  stateType: StateType;
  stateLabel: string;
  /** Increments on every change a clerk could race on; clerks send it back as expectedVersion. */
  stateVersion: number;
  outcome?: Outcome;
  task?: TaskView;
  receivedAt?: number;
  dueAt?: number;
  originalDueAt?: number;
  apologySentAt?: number;
  supplementCycles: number;
  closedAt?: number;
}

export type Recipient =
  | { kind: 'applicant' }
  | { kind: 'resident'; oaId: string; userId: string }
  | { kind: 'staff'; staffId: string }
  | { kind: 'role'; role: string; unitId: string };

/** A chat button (zalo-oa.md §2.4): open a URL, or send a text back as the user (oa.query.*). */
export interface MessageButton {
  title: string;
  type: 'oa.open.url' | 'oa.query.show' | 'oa.query.hide';
  payload: string;
}

export interface OutboxMessage {
  /** Unique within its event; the outbox key is `<dossierId>:<seq>:<key>`. */
  key: string;
  recipient: Recipient;
  template: string;
  text: string;
  buttons?: MessageButton[];
}

export type DossierEventType =
  | 'transition'
  | 'claimed'
  | 'released'
  | 'reminder'
  | 'escalated'
  | 'apology'
  | 'followUp'
  | 'systemStep';

/** One step of a dossier's history, written idempotently by the recordEvent activity. */
export interface DossierEvent {
  dossierId: string;
  seq: number;
  type: DossierEventType;
  at: number;
  actor: Actor;
  from?: string;
  to?: string;
  action?: string;
  data: Record<string, unknown>;
  view: DossierView;
  messages: OutboxMessage[];
}

export interface ActInput {
  actor: StaffActor;
  action: string;
  expectedVersion: number;
  reason?: string;
  note?: string;
  missingDocuments?: string[];
}

export interface ClaimInput {
  actor: StaffActor;
}

export interface SupplementInput {
  /** Corrected or added form values, already validated against the definition by the API. */
  formData?: Record<string, unknown>;
  note?: string;
}

export interface WithdrawInput {
  reason?: string;
}

export interface SystemStepInput {
  dossierId: string;
  code: string;
  step: string;
  seq: number;
  resultFormCode?: string;
}
