// In-memory state of the simulated Zalo platform, and the clock that every lifetime, window and
// retry is measured on (tests move it forward instead of waiting).
import { PLACEHOLDER_PNG } from './placeholder.js';

export class SimClock {
  #offset = 0;
  readonly #frozenAt: number | undefined;

  /** A frozen clock only moves through `advance`, which makes per-second windows deterministic in tests. */
  constructor(frozen = false) {
    this.#frozenAt = frozen ? Date.now() : undefined;
  }

  now(): number {
    return (this.#frozenAt ?? Date.now()) + this.#offset;
  }

  advance(ms: number): number {
    this.#offset += ms;
    return this.now();
  }

  reset(): void {
    this.#offset = 0;
  }
}

export interface App {
  app_id: string;
  app_secret: string;
  oa_secret_key: string;
  webhook_url?: string;
  /** The consent's redirect_uri must equal it; without one every consent fails with -14003 (§1.1). */
  callback_url?: string;
  /** Emit `user_received_message` after each OA message (the device receipt). */
  receipts: boolean;
  /** Set when a delivery exhausted the retry ladder: Zalo cancels the subscription (§6.2). */
  webhook_disabled: boolean;
}

export interface Oa {
  oa_id: string;
  name: string;
  app_id: string;
  /** Phones allowed to receive ZNS in `mode: "development"` (§5.2). */
  admin_phones: string[];
}

export interface SharedInfo {
  name: string;
  phone: string;
  address: string;
  city?: string;
  district?: string;
  ward?: string;
}

export interface User {
  oa_id: string;
  user_id: string;
  user_id_by_app: string;
  display_name: string;
  is_follower: boolean;
  last_interaction?: number;
  shared_info?: SharedInfo;
  created_at: number;
}

export interface AuthCode {
  code: string;
  app_id: string;
  oa_id: string;
  code_challenge?: string;
  /** Where the consent sent it (§1.9 remembers it; the exchange itself names no redirect_uri, §1.3). */
  redirect_uri?: string;
  issued_at: number;
  used: boolean;
}

export interface AccessToken {
  token: string;
  oa_id: string;
  app_id: string;
  expires_at: number;
}

export interface RefreshToken {
  token: string;
  oa_id: string;
  app_id: string;
  expires_at: number;
  used: boolean;
}

export interface StoredFile {
  id: string;
  name: string;
  type: string;
  bytes: Uint8Array<ArrayBuffer>;
}

export type UploadKind = 'image' | 'gif' | 'file';

export interface Upload {
  id: string;
  kind: UploadKind;
  oa_id: string;
  file_id: string;
  expires_at: number;
}

/** What the OA sent, as `GET /_sim/messages` lists it. */
export interface SentMessage {
  message_id: string;
  oa_id: string;
  user_id?: string;
  phone?: string;
  type: string;
  text?: string;
  attachment?: unknown;
  /** Where the page can show an uploaded image or file (attachment_id / token resolved). */
  media_url?: string;
  quote_message_id?: string;
  template_id?: string;
  template_data?: Record<string, unknown>;
  tracking_id?: string;
  sent_time: string;
}

/** What a user sent to an OA (for the chat page, quotes and reactions). */
export interface InboundMessage {
  msg_id: string;
  oa_id: string;
  user_id: string;
  type: string;
  text?: string;
  url?: string;
  name?: string;
  hidden?: boolean;
  at: number;
}

export interface TemplateParam {
  name: string;
  require: boolean;
  type: string;
  maxLength: number;
  minLength: number;
  acceptNull: boolean;
}

export interface ZnsTemplate {
  template_id: string;
  name: string;
  status: 'ENABLE' | 'PENDING_REVIEW' | 'REJECT' | 'DISABLE';
  params: TemplateParam[];
  buttons: { type: number; title: string; content: string }[];
  created_at: number;
}

export interface MiniAppToken {
  token: string;
  oa_id: string;
  user_id: string;
  expires_at: number;
}

export interface PhoneCode {
  code: string;
  token: string;
  phone: string;
  expires_at: number;
  used: boolean;
}

export interface FailRule {
  path: string;
  /** null: the OAuth variant without a numeric error (§1.6). */
  error: number | null;
  message?: string;
  remaining: number;
}

export interface Delivery {
  delivery_id: string;
  app_id: string;
  event_name: string;
  body: string;
  mac: string;
  zns: boolean;
  /** Attempts made so far; the next one carries `num_retry: attempts`. */
  attempts: number;
  next_at?: number;
  in_flight: boolean;
}

export interface DeliveryAttempt {
  delivery_id: string;
  event_name: string;
  attempt: number;
  status: 'delivered' | 'failed';
  response_status?: number;
  error?: 'timeout' | 'network';
  next_attempt_at?: number;
  at: number;
}

export interface Store {
  apps: Map<string, App>;
  oas: Map<string, Oa>;
  /** Keyed by userKey(oa_id, user_id): user IDs are scoped to an OA. */
  users: Map<string, User>;
  codes: Map<string, AuthCode>;
  accessTokens: Map<string, AccessToken>;
  refreshTokens: Map<string, RefreshToken>;
  /** grantKey(oa_id, app_id) → the only refresh token that may still be used. */
  latestRefresh: Map<string, string>;
  files: Map<string, StoredFile>;
  uploads: Map<string, Upload>;
  sent: SentMessage[];
  inbound: InboundMessage[];
  templates: Map<string, ZnsTemplate>;
  miniAppTokens: Map<string, MiniAppToken>;
  phoneCodes: Map<string, PhoneCode>;
  failRules: FailRule[];
  ratePerSecond: number;
  rateWindows: Map<string, { window: number; count: number }>;
  deliveries: Delivery[];
  attempts: DeliveryAttempt[];
}

export const PLACEHOLDER_FILE_ID = 'placeholder';

function emptyStore(): Store {
  const placeholder: StoredFile = { id: PLACEHOLDER_FILE_ID, name: 'placeholder.png', type: 'image/png', bytes: PLACEHOLDER_PNG };
  return {
    apps: new Map(),
    oas: new Map(),
    users: new Map(),
    codes: new Map(),
    accessTokens: new Map(),
    refreshTokens: new Map(),
    latestRefresh: new Map(),
    files: new Map([[placeholder.id, placeholder]]),
    uploads: new Map(),
    sent: [],
    inbound: [],
    templates: new Map(),
    miniAppTokens: new Map(),
    phoneCodes: new Map(),
    failRules: [],
    ratePerSecond: 0,
    rateWindows: new Map(),
    deliveries: [],
    attempts: [],
  };
}

export const userKey = (oaId: string, userId: string) => `${oaId}/${userId}`;
export const grantKey = (oaId: string, appId: string) => `${oaId}/${appId}`;

/** Everything a route needs: the clock, the store, where the simulator is reachable, a logger. */
export class Sim {
  store = emptyStore();
  baseUrl = '';

  constructor(
    readonly clock: SimClock,
    readonly log: (line: string) => void,
  ) {}

  /** Replaces the store: work still in flight keeps writing into the old one, harmlessly. */
  reset(): void {
    this.store = emptyStore();
    this.clock.reset();
  }

  fileUrl(fileId: string): string {
    return `${this.baseUrl}/_sim/files/${fileId}`;
  }
}
