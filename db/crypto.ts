// Encryption at rest for secrets and personal data (OA credentials and tokens, residents' phone,
// name and address, crime reporters' identities): AES-256-GCM, a random IV per value, the key from
// SECRETS_KEY. Every value is bound to where it lives (`sealedAt`: table, column, row key) as
// associated data, so a ciphertext copied into another row or column does not decrypt; the auth
// tag must be the full 16 bytes (a short tag is refused, not accepted as a weaker check).
//
// Formats: `v2:iv:tag:body` (bound to its place) is what we write. `v1:…` (written before values
// were bound) still decrypts, without a place, and is rewritten as v2 the next time its row is
// written (docs/security.md: re-sealing and key rotation).
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v2';
const LEGACY = 'v1';
const TAG_BYTES = 16;
const IV_BYTES = 12;

/** Where a sealed value lives: the associated data that binds it to that table, column and row. */
export function sealedAt(column: `${string}.${string}`, ...rowKey: string[]): string {
  return `${column}:${rowKey.join(':')}`;
}

export class SecretBox {
  private constructor(private readonly key: Buffer) {}

  /** SECRETS_KEY: 32 bytes, base64. */
  static fromBase64(key: string): SecretBox {
    const bytes = Buffer.from(key, 'base64');
    if (bytes.length !== 32) throw new Error('SECRETS_KEY must be 32 bytes, base64-encoded');
    return new SecretBox(bytes);
  }

  /** Development only: a key derived from APP_SECRET, so a dev setup needs no extra setting. */
  static derivedFrom(appSecret: string): SecretBox {
    return new SecretBox(Buffer.from(hkdfSync('sha256', appSecret, 'motcua', 'secrets-key', 32)));
  }

  /** `place` comes from `sealedAt`. */
  encrypt(plain: string, place: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(place, 'utf8'));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join(':');
  }

  decrypt(sealed: string, place: string): string {
    const [version, ivB64, tagB64, body, ...rest] = sealed.split(':');
    if ((version !== VERSION && version !== LEGACY) || !ivB64 || !tagB64 || body === undefined || rest.length > 0) throw new Error('not a sealed value');
    const iv = Buffer.from(ivB64, 'base64');
    const tag = Buffer.from(tagB64, 'base64');
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new Error('not a sealed value');
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
    if (version === VERSION) decipher.setAAD(Buffer.from(place, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
  }

  encryptOptional(plain: string | undefined | null, place: string): string | null {
    return plain ? this.encrypt(plain, place) : null;
  }

  decryptOptional(sealed: string | null, place: string): string | undefined {
    return sealed ? this.decrypt(sealed, place) : undefined;
  }
}
