// The OA API calls motcua makes (docs/reference/zalo-oa.md §2–§5): consultation messages,
// uploads, user detail and ZNS by phone. Every call takes its token from the TokenManager; a token
// error (-216/-220, ZNS -124) invalidates it and the call is retried exactly once with a fresh one.
// Rate limits (-32) surface as retryable errors: pacing belongs to the activity layer.
import { ZaloApiError, fetchJson, isTokenError } from './errors.js';
import { DEFAULT_TIMEOUT_MS, trimBase, type TokenManager } from './oauth.js';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { z } from 'zod';
import { zaloApiErrors } from '../telemetry/zalo-metrics.js';
import {
  ConversationMessage,
  CsSendData,
  UploadFileData,
  UploadImageData,
  UserDetail,
  ZALO_HOSTS,
  ZaloEnvelope,
  ZnsSendData,
  type ImageSource,
  type ZaloButton,
  type ZnsMessage,
} from './types.js';

const tracer = trace.getTracer('motcua-zalo');
const MB = 1024 * 1024;
const CS_TEXT_MAX = 2000; // §2.3
const MAX_BUTTONS = 4; // §2.4: the SDK builders cap buttons at 4
const TRACKING_ID_MAX = 48; // §5.2
const CONVERSATION_MAX = 10; // items per call (§2.10)
const CS_PATH = '/v3.0/oa/message/cs';
// Uploads stay on v2.0: the v3.0 paths answer 404 (§3).
const UPLOAD_IMAGE = { path: '/v2.0/oa/upload/image', maxBytes: 1 * MB };
const UPLOAD_FILE = { path: '/v2.0/oa/upload/file', maxBytes: 5 * MB };

export interface ZaloClientOptions {
  tokens: TokenManager;
  /** Default https://openapi.zalo.me (motcua: ZALO_API_BASE). */
  apiBase?: string;
  /** Default https://business.openapi.zalo.me (motcua: ZALO_ZNS_BASE). */
  znsBase?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

interface ApiRequest {
  api: 'oa' | 'zns';
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string>;
  json?: unknown;
  form?: FormData;
}

export class ZaloClient {
  private readonly tokens: TokenManager;
  private readonly bases: Record<ApiRequest['api'], string>;
  private readonly fetch: typeof fetch;
  private readonly timeoutMs: number;

  constructor(o: ZaloClientOptions) {
    this.tokens = o.tokens;
    this.bases = { oa: trimBase(o.apiBase ?? ZALO_HOSTS.apiBase), zns: trimBase(o.znsBase ?? ZALO_HOSTS.znsBase) };
    this.fetch = o.fetch ?? globalThis.fetch;
    this.timeoutMs = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  async sendText(oaId: string, userId: string, text: string): Promise<CsSendData> {
    return this.sendCs(oaId, userId, { text: checkText(text) });
  }

  /** An uploaded image (`attachmentId`) or a public URL, never both (§2.3). */
  async sendImage(oaId: string, userId: string, image: ImageSource, text?: string): Promise<CsSendData> {
    const element = 'attachmentId' in image ? { media_type: 'image', attachment_id: image.attachmentId } : { media_type: 'image', url: image.url };
    return this.sendCs(oaId, userId, {
      ...(text === undefined ? {} : { text: checkText(text) }),
      attachment: { type: 'template', payload: { template_type: 'media', elements: [element] } },
    });
  }

  /** A file by the token from uploadFile (§2.3). */
  async sendFile(oaId: string, userId: string, token: string): Promise<CsSendData> {
    return this.sendCs(oaId, userId, { attachment: { type: 'file', payload: { token } } });
  }

  /**
   * Text with action buttons: §2.4 button objects in a template attachment without `template_type`
   * (the reference gives no v3 body for this; it is the shape integrations use). Query buttons come
   * back as `user_send_text` carrying the payload (§12 #19).
   */
  async sendButtons(oaId: string, userId: string, m: { text: string; buttons: ZaloButton[] }): Promise<CsSendData> {
    if (m.buttons.length === 0 || m.buttons.length > MAX_BUTTONS || m.buttons.some((b) => b.title.trim() === '')) {
      throw ZaloApiError.invalidRequest(`POST ${CS_PATH}`, `1–${MAX_BUTTONS} buttons with titles are required`);
    }
    return this.sendCs(oaId, userId, { text: checkText(m.text), attachment: { type: 'template', payload: { buttons: m.buttons } } });
  }

  /** The share-your-details form; the answer arrives as `user_submit_info` (§2.3, §6.5). */
  async requestUserInfo(oaId: string, userId: string, f: { title: string; subtitle: string; imageUrl: string }): Promise<CsSendData> {
    const element = { title: f.title, subtitle: f.subtitle, image_url: f.imageUrl };
    return this.sendCs(oaId, userId, { attachment: { type: 'template', payload: { template_type: 'request_user_info', elements: [element] } } });
  }

  /** jpg/png up to 1 MB → `attachment_id`, valid about 7 days (§3). */
  async uploadImage(oaId: string, bytes: Uint8Array, filename: string, mime: string): Promise<string> {
    return (await this.upload(oaId, UPLOAD_IMAGE, bytes, filename, mime, UploadImageData)).attachment_id;
  }

  /** PDF/DOC/DOCX up to 5 MB → file `token`, valid about 7 days (§3). */
  async uploadFile(oaId: string, bytes: Uint8Array, filename: string, mime: string): Promise<string> {
    return (await this.upload(oaId, UPLOAD_FILE, bytes, filename, mime, UploadFileData)).token;
  }

  /** §4.1; `shared_info` is present only after the user shared it. */
  async getUserDetail(oaId: string, userId: string): Promise<UserDetail> {
    return this.call(oaId, { api: 'oa', method: 'GET', path: '/v3.0/oa/user/detail', query: { data: JSON.stringify({ user_id: userId }) } }, UserDetail);
  }

  /** The latest messages between the OA and the user (§2.10). */
  async getConversation(oaId: string, userId: string, count: number = CONVERSATION_MAX): Promise<ConversationMessage[]> {
    const path = '/v2.0/oa/conversation';
    if (!Number.isInteger(count) || count < 1 || count > CONVERSATION_MAX) throw ZaloApiError.invalidRequest(`GET ${path}`, `count must be 1–${CONVERSATION_MAX}`);
    const query = { data: JSON.stringify({ user_id: userId, offset: 0, count }) };
    return this.call(oaId, { api: 'oa', method: 'GET', path, query }, z.array(ConversationMessage));
  }

  /** A ZNS/ZBS template by phone (§5.2); the answer carries `msg_id`. */
  async sendZns(oaId: string, m: ZnsMessage): Promise<ZnsSendData> {
    const path = '/message/template';
    if (m.trackingId.length === 0 || m.trackingId.length > TRACKING_ID_MAX) {
      throw ZaloApiError.invalidRequest(`POST ${path}`, `tracking_id must be 1–${TRACKING_ID_MAX} characters`);
    }
    const json = { phone: normalizePhone(m.phone), template_id: m.templateId, template_data: m.templateData, tracking_id: m.trackingId, ...(m.mode ? { mode: m.mode } : {}) };
    return this.call(oaId, { api: 'zns', method: 'POST', path, json }, ZnsSendData);
  }

  private sendCs(oaId: string, userId: string, message: Record<string, unknown>): Promise<CsSendData> {
    return this.call(oaId, { api: 'oa', method: 'POST', path: CS_PATH, json: { recipient: { user_id: userId }, message } }, CsSendData);
  }

  private upload<T>(oaId: string, kind: { path: string; maxBytes: number }, bytes: Uint8Array, filename: string, mime: string, schema: z.ZodType<T>): Promise<T> {
    // Without an extension Zalo answers success with empty data (§3).
    if (!/\.[A-Za-z0-9]+$/.test(filename)) throw ZaloApiError.invalidRequest(`POST ${kind.path}`, 'the filename needs an extension');
    if (bytes.byteLength > kind.maxBytes) throw ZaloApiError.invalidRequest(`POST ${kind.path}`, `larger than ${kind.maxBytes} bytes`);
    const form = new FormData();
    form.append('file', new Blob([bytes], { type: mime }), filename); // the part must be named `file` (§3)
    return this.call(oaId, { api: 'oa', method: 'POST', path: kind.path, form }, schema);
  }

  /** One span per call (retry included), named by endpoint; the OA but never the user or the body. */
  private call<T>(oaId: string, req: ApiRequest, schema: z.ZodType<T>): Promise<T> {
    const attributes = { 'zalo.api': req.api, 'zalo.oa_id': oaId };
    return tracer.startActiveSpan(`zalo ${req.method} ${req.path}`, { kind: SpanKind.CLIENT, attributes }, async (span) => {
      try {
        return await this.callOnce(oaId, req, schema);
      } catch (err) {
        if (err instanceof ZaloApiError && err.code !== undefined) span.setAttribute('zalo.error_code', err.code);
        span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof ZaloApiError ? err.classification : 'failed' });
        throw err;
      } finally {
        span.end();
      }
    });
  }

  private async callOnce<T>(oaId: string, req: ApiRequest, schema: z.ZodType<T>): Promise<T> {
    const endpoint = `${req.method} ${req.path}`;
    let token = await this.tokens.getAccessToken(oaId);
    let envelope = await this.send(req, endpoint, token);
    if (isTokenError(req.api, envelope.error)) {
      this.tokens.invalidate(oaId, token);
      token = await this.tokens.getAccessToken(oaId);
      envelope = await this.send(req, endpoint, token);
      // A freshly refreshed token rejected too: the grant itself is gone.
      if (isTokenError(req.api, envelope.error)) await this.tokens.markNeedsReauth(oaId, `${endpoint}: token rejected after refresh (${envelope.error})`);
    }
    if (envelope.error !== 0) throw ZaloApiError.fromCode(req.api, endpoint, envelope.error, envelope.message);
    const data = schema.safeParse(envelope.data);
    if (!data.success) throw new ZaloApiError({ endpoint, classification: 'not_retryable', detail: 'unexpected response data' });
    return data.data;
  }

  private async send(req: ApiRequest, endpoint: string, token: string): Promise<ZaloEnvelope> {
    const query = req.query ? `?${new URLSearchParams(req.query)}` : '';
    // The bare `access_token` header, not Authorization: Bearer (§2.1).
    const init: RequestInit =
      req.json === undefined
        ? { method: req.method, headers: { access_token: token }, body: req.form }
        : { method: req.method, headers: { access_token: token, 'content-type': 'application/json' }, body: JSON.stringify(req.json) };
    const raw = await fetchJson(this.fetch, endpoint, `${this.bases[req.api]}${req.path}${query}`, init, this.timeoutMs).catch((err: unknown) => {
      zaloApiErrors.inc({ api: req.api, code: err instanceof ZaloApiError && err.httpStatus ? `http_${err.httpStatus}` : 'transport' });
      throw err;
    });
    const envelope = ZaloEnvelope.safeParse(raw);
    if (!envelope.success) throw new ZaloApiError({ endpoint, classification: 'not_retryable', detail: 'response without a numeric error field' });
    if (envelope.data.error !== 0) zaloApiErrors.inc({ api: req.api, code: String(envelope.data.error) });
    return envelope.data;
  }
}

/** 0xxxxxxxxx and +84… become 84… (§5.2); anything else is sent as is and Zalo answers -108. */
export function normalizePhone(phone: string): string {
  const digits = phone.replace(/[\s.\-()]/g, '');
  if (digits.startsWith('+84')) return digits.slice(1);
  if (/^0\d+$/.test(digits)) return `84${digits.slice(1)}`;
  return digits;
}

function checkText(text: string): string {
  const length = [...text].length; // characters, not UTF-16 units
  if (length === 0 || length > CS_TEXT_MAX) throw ZaloApiError.invalidRequest(`POST ${CS_PATH}`, `text must be 1–${CS_TEXT_MAX} characters, got ${length}`);
  return text;
}
