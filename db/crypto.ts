// Encryption at rest for secrets and personal data (OA credentials and tokens, residents' phone,
// name and address): AES-256-GCM, a random IV per value, the key from SECRETS_KEY.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';

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

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join(':');
  }

  decrypt(sealed: string): string {
    const [version, iv, tag, body] = sealed.split(':');
    if (version !== VERSION || !iv || !tag || body === undefined) throw new Error('not a sealed value');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
  }

  encryptOptional(plain: string | undefined | null): string | null {
    return plain ? this.encrypt(plain) : null;
  }

  decryptOptional(sealed: string | null): string | undefined {
    return sealed ? this.decrypt(sealed) : undefined;
  }
}
