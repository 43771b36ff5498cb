// Shapes shared by the API, the dossier workflow and its activities. Plain JSON only:
// they travel as Temporal payloads and are carried across continue-as-new.
import type { CalendarData } from '../calendar.js';
import type { ActionInput, Outcome, ProcedureDefinition, StateType } from '../dsl/schema.js';
import type { StaffRole } from '../roles.js';

export interface RoleGrant {
  role: StaffRole;
  unitId: string;
  /** Held through this unit, the successor of `unitId` (domain/access.ts `effectiveGrants`); absent for a grant the account holds itself. */
  via?: string;
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

export interface BranchView {
  branch: string;
  label: string;
  role: string;
  status: 'open' | 'approved' | 'rejected';
  dueAt?: number;
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
  /** Parallel reviews: one entry per branch. */
  branches?: BranchView[];
  /** Appointment states: the kind of slot and, once booked, its time. */
  appointment?: { kind: string; startsAt?: number; bookingKey?: string };
  /** External waits: the event expected and when the wait gives up. */
  awaiting?: { event: string; timeoutAt: number };
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

/** A chat button (docs/reference/zalo-oa.md §2.4): open a URL, or send a text back as the user (oa.query.*). */
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
  | 'branchDecided'
  | 'booked'
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
  /** Which review of a parallel step the action decides. */
  branch?: string;
  expectedVersion: number;
  reason?: string;
  note?: string;
  missingDocuments?: string[];
}

export interface ClaimInput {
  actor: StaffActor;
}

export interface BookInput {
  /** The resident (through their dossier token or Zalo) or a clerk of the unit. */
  actor: Actor;
  startsAt: number;
}

export interface SlotReservation {
  dossierId: string;
  unitId: string;
  kind: string;
  startsAt: number;
  bookingKey: string;
  /** The earlier booking a rebooking replaces. */
  replaces?: string;
}

export interface ExternalEventInput {
  actor: StaffActor;
  event: string;
  data?: Record<string, unknown>;
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
