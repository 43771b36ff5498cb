// The Temporal payload codec (issue 11 #4): nothing readable leaves the process, keys rotate by id,
// tampering and unknown keys fail, payloads from before encryption pass through.
import { randomBytes } from 'node:crypto';
import { DefaultPayloadConverter } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { AesGcmCodec, ENCRYPTED_ENCODING, parseCodecKeys } from '../../temporal-codec.js';

const converter = new DefaultPayloadConverter();
const key = (id: string) => ({ id, key: randomBytes(32) });
const applicant = { name: 'Nguyễn Thị Hồng', idNumber: '079190001234', phone: '0901234567' };
const text = (b: Uint8Array | null | undefined) => Buffer.from(b ?? []).toString('utf8');

describe('AesGcmCodec', () => {
  it('encrypts the whole payload, metadata included, and names the key', async () => {
    const codec = new AesGcmCodec([key('k2026')]);
    const plain = converter.toPayload(applicant);
    const [sealed] = await codec.encode([plain]);
    expect(text(sealed!.metadata!.encoding)).toBe(ENCRYPTED_ENCODING);
    expect(text(sealed!.metadata!['encryption-key-id'])).toBe('k2026');
    const raw = Buffer.from(sealed!.data!).toString('latin1');
    for (const value of [...Object.values(applicant), 'json/plain']) expect(raw).not.toContain(value);
    const [opened] = await codec.decode([sealed!]);
    expect(converter.fromPayload(opened!)).toEqual(applicant);
  });

  it('rotates: a ring with a new first key still decodes what the old key encrypted', async () => {
    const old = key('k2025');
    const [sealed] = await new AesGcmCodec([old]).encode([converter.toPayload(applicant)]);
    const rotated = new AesGcmCodec([key('k2026'), old]);
    expect(converter.fromPayload((await rotated.decode([sealed!]))[0]!)).toEqual(applicant);
    const [fresh] = await rotated.encode([converter.toPayload(applicant)]);
    expect(text(fresh!.metadata!['encryption-key-id'])).toBe('k2026');
    await expect(new AesGcmCodec([key('k2026')]).decode([sealed!])).rejects.toThrow(/no Temporal codec key with id "k2025"/);
  });

  it('refuses a tampered payload, a swapped key id and a truncated one', async () => {
    const a = key('a');
    const codec = new AesGcmCodec([a, { id: 'b', key: a.key }]);
    const [sealed] = await codec.encode([converter.toPayload(applicant)]);
    const flipped = Buffer.from(sealed!.data!);
    flipped[20]! ^= 1;
    await expect(codec.decode([{ ...sealed!, data: flipped }])).rejects.toThrow();
    // Same key bytes under another id: the id is authenticated data, so this fails too.
    await expect(codec.decode([{ ...sealed!, metadata: { ...sealed!.metadata, 'encryption-key-id': Buffer.from('b') } }])).rejects.toThrow();
    await expect(codec.decode([{ ...sealed!, data: Buffer.from(sealed!.data!).subarray(0, 20) }])).rejects.toThrow(/too short/);
  });

  it('passes payloads from before encryption through unchanged', async () => {
    const plain = converter.toPayload(applicant);
    expect(await new AesGcmCodec([key('k')]).decode([plain])).toEqual([plain]);
  });

  it('parses TEMPORAL_CODEC_KEYS and refuses malformed rings', () => {
    const k = randomBytes(32).toString('base64');
    expect(parseCodecKeys(`new:${k}, old:${k}`).map((x) => x.id)).toEqual(['new', 'old']);
    expect(() => parseCodecKeys(`a:${randomBytes(16).toString('base64')}`)).toThrow(/32 bytes/);
    expect(() => parseCodecKeys(`a:${k},a:${k}`)).toThrow(/unique/);
    expect(() => parseCodecKeys(k)).toThrow();
  });
});
