// Signed, expiring links from a Zalo chat to the resident's form pages (`/r/<token>`). The token
// says who (OA + Zalo user) and what for (a procedure to submit, a dossier to follow); its HMAC
// makes it unforgeable, and its `form_links` row makes a submission link single-use.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { DomainError } from '../domain/errors.js';
import type { Db } from '../db/database.js';
import { trimBase } from './oauth.js';

export type LinkPurpose = 'submit' | 'status' | 'supplement';

export interface FormLinkRequest {
  oaId: string;
  userId: string;
  purpose: LinkPurpose;
  /** Required for `submit`. */
  procedureCode?: string;
  /** Required for `status` and `supplement`. */
  dossierCode?: string;
  ttlMs: number;
}

export interface FormLink {
  nonce: string;
  oaId: string;
  userId: string;
  purpose: LinkPurpose;
  procedureCode?: string;
  dossierCode?: string;
  /** The dossier a status or supplement link follows, or the one a used submission link created. */
  dossierId?: string;
  expiresAt: Date;
}

const Payload = z.strictObject({
  nonce: z.string().min(1),
  oa: z.string().min(1),
  user: z.string().min(1),
  purpose: z.enum(['submit', 'status', 'supplement']),
  procedure: z.string().min(1).optional(),
  dossier: z.string().min(1).optional(),
  exp: z.number().int(),
});
type Payload = z.infer<typeof Payload>;

export type LinkFailure = 'forged' | 'expired' | 'used';

/** What a resident is told when a link cannot be used. */
export const LINK_FAILURES: Readonly<Record<LinkFailure, { status: 403 | 409 | 410; message: string }>> = {
  forged: { status: 403, message: 'Đường dẫn không hợp lệ. Vui lòng mở lại đường dẫn trong tin nhắn Zalo mới nhất.' },
  expired: { status: 410, message: 'Đường dẫn đã hết hạn. Vui lòng nhắn tin cho Zalo OA để nhận đường dẫn mới.' },
  used: { status: 409, message: 'Đường dẫn này đã được dùng để nộp hồ sơ và không thể dùng lại.' },
};

export class FormLinkError extends Error {
  override readonly name = 'FormLinkError';
  constructor(
    readonly reason: LinkFailure,
    /** Set for a used link: the signature was valid, so the link's data can be trusted. */
    readonly link?: FormLink,
  ) {
    super(LINK_FAILURES[reason].message);
  }

  get status(): 403 | 409 | 410 {
    return LINK_FAILURES[this.reason].status;
  }
}

/**
 * Stores the link's row and returns its absolute URL. `publicUrl` is the site's base URL; an
 * empty string gives a path for pages that link to themselves.
 */
export async function createFormLink(db: Db, secret: string, req: FormLinkRequest, publicUrl: string, now = new Date()): Promise<string> {
  if (!(req.ttlMs > 0)) throw new RangeError('ttlMs must be positive');
  if (req.purpose === 'submit' ? !req.procedureCode : !req.dossierCode) {
    throw new TypeError(`a ${req.purpose} link needs ${req.purpose === 'submit' ? 'procedureCode' : 'dossierCode'}`);
  }
  const dossier = req.dossierCode
    ? await db.selectFrom('dossiers').select('id').where('code', '=', req.dossierCode).executeTakeFirst()
    : undefined;
  if (req.dossierCode && !dossier) throw new DomainError('NOT_FOUND', 'Không tìm thấy hồ sơ.');

  const payload: Payload = {
    nonce: randomBytes(16).toString('base64url'),
    oa: req.oaId,
    user: req.userId,
    purpose: req.purpose,
    procedure: req.procedureCode,
    dossier: req.dossierCode,
    exp: now.getTime() + req.ttlMs,
  };
  await db
    .insertInto('form_links')
    .values({
      nonce: payload.nonce,
      oa_id: payload.oa,
      zalo_user_id: payload.user,
      purpose: payload.purpose,
      expires_at: new Date(payload.exp),
      dossier_id: dossier?.id ?? null,
    })
    .execute();
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${trimBase(publicUrl)}/r/${body}.${mac(secret, body)}`;
}

/** The link a token stands for, or a FormLinkError saying why it cannot be used. */
export async function verifyFormLink(db: Db, secret: string, token: string, now = new Date()): Promise<FormLink> {
  const [body, given, ...rest] = token.split('.');
  if (!body || !given || rest.length > 0 || !sameText(given, mac(secret, body))) throw new FormLinkError('forged');
  const payload = decode(body);
  if (!payload) throw new FormLinkError('forged');
  if (now.getTime() >= payload.exp) throw new FormLinkError('expired');

  const row = await db.selectFrom('form_links').selectAll().where('nonce', '=', payload.nonce).executeTakeFirst();
  if (!row || row.oa_id !== payload.oa || row.zalo_user_id !== payload.user || row.purpose !== payload.purpose) {
    throw new FormLinkError('forged');
  }
  const link: FormLink = {
    nonce: payload.nonce,
    oaId: payload.oa,
    userId: payload.user,
    purpose: payload.purpose,
    procedureCode: payload.procedure,
    dossierCode: payload.dossier,
    dossierId: row.dossier_id ?? undefined,
    expiresAt: row.expires_at,
  };
  if (link.purpose === 'submit' && row.used_at) throw new FormLinkError('used', link);
  return link;
}

/**
 * Marks a submission link used by the dossier it created. Atomic: of two concurrent claims only
 * one returns true. Run it in the transaction that records what the submission brought.
 */
export async function claimSubmitLink(db: Db, nonce: string, dossierId: string, now = new Date()): Promise<boolean> {
  const claimed = await db
    .updateTable('form_links')
    .set({ used_at: now, dossier_id: dossierId })
    .where('nonce', '=', nonce)
    .where('purpose', '=', 'submit')
    .where('used_at', 'is', null)
    .returning('nonce')
    .executeTakeFirst();
  return claimed !== undefined;
}

// Prefixed: the same secret also signs resident dossier tokens.
function mac(secret: string, body: string): string {
  return createHmac('sha256', secret).update(`form-link.${body}`).digest('base64url');
}

/** Compares the encoded MACs (not decoded bytes: base64 decoding ignores some altered characters). */
function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function decode(body: string): Payload | undefined {
  try {
    const parsed = Payload.safeParse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined; // not JSON: only a bug of ours could sign such a body
  }
}
