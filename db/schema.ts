// Table types for Kysely, written by hand to match migrations/.
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { MessageButton } from '../domain/contracts/dossier.js';
import type { StaffRole } from '../domain/roles.js';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type DateOnly = ColumnType<string, string, string>; // pg `date` is read as 'YYYY-MM-DD' (see database.ts)
type Json<T> = ColumnType<T, string, string>; // written with JSON.stringify, read parsed by pg
type Nullable<C> = C extends ColumnType<infer S, infer I, infer U> ? ColumnType<S | null, I | null, U | null> : C | null;

export interface UnitsTable {
  id: string;
  code: string;
  name: string;
  level: 'province' | 'district' | 'ward';
  parent_id: string | null;
  valid_from: DateOnly;
  valid_to: Nullable<DateOnly>;
  successor_id: string | null;
  office_hours: Nullable<Json<Array<[string, string]>>>;
  cutoff: string | null;
  note: string | null;
  created_at: DefaultedTimestamp;
  /** The admin who created the unit in the console or API; null for seeded units. */
  created_by: ColumnType<string | null, string | null | undefined, string | null>;
  /** The last change by an admin (name, note, dissolution). */
  changed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  changed_by: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface StaffTable {
  id: Generated<string>;
  username: string;
  full_name: string;
  active: Generated<boolean>;
  created_at: DefaultedTimestamp;
  /** Argon2id (PHC string); null until a password is set. */
  password_hash: string | null;
  disabled_at: Nullable<Timestamp>;
}

/** Lockout per username, known or not (api/staff/sessions.ts). */
export interface LoginLocksTable {
  username: string;
  /** Consecutive failed logins since the last success or lock, counted before the password check. */
  failures: Generated<number>;
  locked_until: Nullable<Timestamp>;
}

export interface StaffRolesTable {
  staff_id: string;
  unit_id: string;
  role: StaffRole;
}

export interface StaffTokensTable {
  id: Generated<string>;
  token_hash: string;
  /** The owner: the token acts as this account, with `scope` of its grants. */
  staff_id: string;
  name: Generated<string>;
  /** The owner's grants the token acts with (RoleGrant[]); null: all of them (tokens made before scopes). */
  scope: Nullable<Json<Array<{ role: string; unitId: string }>>>;
  created_at: DefaultedTimestamp;
  expires_at: Nullable<Timestamp>;
}

/** A login session; the cookie holds the token, the database only its SHA-256. */
export interface StaffSessionsTable {
  token_hash: string;
  staff_id: string;
  created_at: DefaultedTimestamp;
  last_seen_at: DefaultedTimestamp;
  /** Absolute expiry; the idle expiry is counted from last_seen_at. */
  expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

export interface LoginAttemptsTable {
  id: Generated<string>;
  username: string;
  ip: string | null;
  ok: boolean;
  at: DefaultedTimestamp;
}

export interface ProcedureDefinitionsTable {
  code: string;
  version: number;
  status: 'draft' | 'published' | 'retired';
  body: Json<unknown>;
  content_hash: string;
  created_by: string | null;
  created_at: DefaultedTimestamp;
  published_at: Nullable<Timestamp>;
  retired_at: Nullable<Timestamp>;
}

export interface HolidaysTable {
  date: DateOnly;
  kind: 'off' | 'working';
  name: string;
  status: 'confirmed' | 'proposed' | 'computed';
  source: string;
  updated_at: DefaultedTimestamp;
}

export interface DossierCodeCountersTable {
  unit_code: string;
  day: string;
  last_seq: number;
}

export interface DossiersTable {
  id: string;
  code: string;
  workflow_id: string;
  idempotency_key: string;
  request_fingerprint: string;
  procedure_code: string;
  procedure_version: number;
  unit_id: string;
  channel: string;
  applicant: Json<Record<string, unknown>>;
  form_data: Json<Record<string, unknown>>;
  submitted_at: Timestamp;
  workflow_started_at: Nullable<Timestamp>;
  state: string | null;
  state_type: string | null;
  state_label: string | null;
  state_version: Generated<number>;
  last_seq: Generated<number>;
  outcome: string | null;
  received_at: Nullable<Timestamp>;
  due_at: Nullable<Timestamp>;
  original_due_at: Nullable<Timestamp>;
  apology_sent_at: Nullable<Timestamp>;
  supplement_cycles: Generated<number>;
  closed_at: Nullable<Timestamp>;
  result: Nullable<Json<Record<string, unknown>>>;
  /** Crime reports: only investigators may open them. */
  confidential: Generated<boolean>;
  /** The inbox search's applicant text (domain/text-search.ts); null for confidential dossiers. */
  search_text: string | null;
  updated_at: DefaultedTimestamp;
}

export interface TasksTable {
  id: string;
  dossier_id: string;
  seq: number;
  state: string;
  label: string;
  role: string;
  unit_id: string;
  status: 'open' | 'done';
  assignee_id: string | null;
  due_at: Nullable<Timestamp>;
  escalated_at: Nullable<Timestamp>;
  created_at: Timestamp;
  completed_at: Nullable<Timestamp>;
  completed_action: string | null;
  completed_by: string | null;
  /** The parallel branch this task is, if any. */
  branch: string | null;
}

export interface DossierEventsTable {
  dossier_id: string;
  seq: number;
  type: string;
  from_state: string | null;
  to_state: string | null;
  action: string | null;
  actor: Json<Record<string, unknown>>;
  data: Json<Record<string, unknown>>;
  at: Timestamp;
}

export interface MessagesTable {
  id: Generated<string>;
  idempotency_key: string;
  dossier_id: string | null;
  recipient: Json<Record<string, unknown>>;
  template: string;
  text: string;
  status: Generated<string>;
  attempts: Generated<number>;
  zalo_message_id: string | null;
  /** The OA the message went out through: its delivery receipts must come from that OA. */
  zalo_oa_id: string | null;
  last_error: string | null;
  channel: 'zalo_cs' | 'zns' | null;
  buttons: Nullable<Json<MessageButton[]>>;
  sending_started_at: Nullable<Timestamp>;
  sent_at: Nullable<Timestamp>;
  delivered_at: Nullable<Timestamp>;
  seen_at: Nullable<Timestamp>;
  undeliverable_reason: string | null;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

export interface DossierAccessLogTable {
  id: Generated<string>;
  dossier_id: string;
  staff_id: string;
  purpose: string;
  at: DefaultedTimestamp;
}

export interface ZaloOasTable {
  oa_id: string;
  name: string;
  unit_id: string;
  app_id: string;
  app_secret_enc: string;
  oa_secret_key_enc: string;
  access_token_enc: string | null;
  access_token_expires_at: Nullable<Timestamp>;
  refresh_token_enc: string | null;
  refresh_token_expires_at: Nullable<Timestamp>;
  status: 'active' | 'needs_reauth';
  last_error: string | null;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

/** An OA consent between the console's redirect to Zalo and Zalo's redirect back (single use). */
export interface ZaloOaConsentsTable {
  state_hash: string;
  session_hash: string;
  staff_id: string;
  /** The OA being re-authorised; null for a new OA. */
  oa_id: string | null;
  unit_id: string;
  name: string;
  app_id: string;
  app_secret_enc: string | null;
  oa_secret_key_enc: string | null;
  code_verifier_enc: string;
  created_at: DefaultedTimestamp;
  expires_at: Timestamp;
}

export interface ResidentsTable {
  id: Generated<string>;
  oa_id: string;
  zalo_user_id: string;
  display_name: string | null;
  phone_enc: string | null;
  name_enc: string | null;
  address_enc: string | null;
  following: Generated<boolean>;
  last_interaction_at: Nullable<Timestamp>;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

export interface ZaloEventsTable {
  id: Generated<string>;
  dedupe_key: string;
  oa_id: string | null;
  event_name: string;
  zalo_user_id: string | null;
  raw: Json<Record<string, unknown>>;
  received_at: DefaultedTimestamp;
  handed_over_at: Nullable<Timestamp>;
  processed_at: Nullable<Timestamp>;
}

export interface DocumentsTable {
  id: Generated<string>;
  dossier_id: string | null;
  resident_id: string | null;
  doc_key: string | null;
  sha256: string;
  mime: string;
  size: number;
  filename: string;
  source: 'form' | 'chat' | 'staff';
  created_at: DefaultedTimestamp;
}

export interface FormLinksTable {
  nonce: string;
  oa_id: string;
  zalo_user_id: string;
  purpose: string;
  expires_at: Timestamp;
  used_at: Nullable<Timestamp>;
  dossier_id: string | null;
}

export interface SurveysTable {
  dossier_id: string;
  rating: number;
  comment: string | null;
  created_at: DefaultedTimestamp;
}

export interface AppointmentCapacityTable {
  unit_id: string;
  kind: string;
  slot_minutes: number;
  capacity: number;
}

export interface AppointmentBookingsTable {
  id: Generated<string>;
  booking_key: string;
  dossier_id: string;
  unit_id: string;
  kind: string;
  starts_at: Timestamp;
  status: 'booked' | 'cancelled' | 'attended' | 'no_show';
  created_at: DefaultedTimestamp;
}

export interface CardProductionOrdersTable {
  dossier_id: string;
  status: 'ordered' | 'produced';
  ordered_at: DefaultedTimestamp;
  produced_at: Nullable<Timestamp>;
}

export interface SealedIdentitiesTable {
  dossier_id: string;
  identity_enc: string;
  created_at: DefaultedTimestamp;
}

export interface SealedIdentityAccessLogTable {
  id: Generated<string>;
  dossier_id: string;
  staff_id: string;
  granted: boolean;
  at: DefaultedTimestamp;
}

export interface Database {
  units: UnitsTable;
  staff: StaffTable;
  staff_roles: StaffRolesTable;
  login_locks: LoginLocksTable;
  staff_tokens: StaffTokensTable;
  staff_sessions: StaffSessionsTable;
  login_attempts: LoginAttemptsTable;
  procedure_definitions: ProcedureDefinitionsTable;
  holidays: HolidaysTable;
  dossier_code_counters: DossierCodeCountersTable;
  dossiers: DossiersTable;
  tasks: TasksTable;
  dossier_events: DossierEventsTable;
  messages: MessagesTable;
  dossier_access_log: DossierAccessLogTable;
  zalo_oas: ZaloOasTable;
  zalo_oa_consents: ZaloOaConsentsTable;
  residents: ResidentsTable;
  zalo_events: ZaloEventsTable;
  documents: DocumentsTable;
  form_links: FormLinksTable;
  surveys: SurveysTable;
  appointment_capacity: AppointmentCapacityTable;
  appointment_bookings: AppointmentBookingsTable;
  card_production_orders: CardProductionOrdersTable;
  sealed_identities: SealedIdentitiesTable;
  sealed_identity_access_log: SealedIdentityAccessLogTable;
}

export type Unit = Selectable<UnitsTable>;
export type DossierRow = Selectable<DossiersTable>;
export type TaskRow = Selectable<TasksTable>;
export type NewDossier = Insertable<DossiersTable>;
