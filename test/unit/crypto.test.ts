// Encryption at rest (issue 11 #9): a value is bound to its table, column and row; a short GCM tag
// is refused; values written before binding (v1) still decrypt.
import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretBox, sealedAt } from '../../db/crypto.js';

const key = randomBytes(32);
const box = SecretBox.fromBase64(key.toString('base64'));
const lan = sealedAt('residents.phone_enc', 'oa-1', 'user-1');

/** A value as the code before binding wrote it: no associated data. */
function legacy(plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join(':');
}

describe('SecretBox', () => {
  it('opens a value only where it was sealed: not in another row, nor in another column', () => {
    const sealed = box.encrypt('84901234567', lan);
    expect(sealed).toMatch(/^v2:/);
    expect(box.decrypt(sealed, lan)).toBe('84901234567');
    expect(() => box.decrypt(sealed, sealedAt('residents.phone_enc', 'oa-1', 'user-2'))).toThrow();
    expect(() => box.decrypt(sealed, sealedAt('residents.name_enc', 'oa-1', 'user-1'))).toThrow();
  });

  it('still opens values written before binding (v1), wherever they are read', () => {
    expect(box.decrypt(legacy('Nguyễn Thị Lan'), sealedAt('residents.name_enc', 'oa-1', 'user-1'))).toBe('Nguyễn Thị Lan');
  });

  it('refuses a truncated authentication tag instead of checking fewer bits', () => {
    for (const sealed of [legacy('84901234567'), box.encrypt('84901234567', lan)]) {
      const [v, iv, tag, body] = sealed.split(':');
      const short = [v, iv, Buffer.from(tag!, 'base64').subarray(0, 4).toString('base64'), body].join(':');
      expect(() => box.decrypt(short, lan)).toThrow(/not a sealed value/);
    }
    expect(() => box.decrypt('v3:a:b:c', lan)).toThrow(/not a sealed value/);
  });
});
