// Encryption of every Temporal payload (workflow inputs, Update arguments and results, activity
// inputs and results, signals, queries, memos): applicants' CCCD numbers, dates of birth, addresses,
// phones and tip texts never reach the Temporal server in clear (issue 11 #4). AES-256-GCM over the
// whole serialised payload; the key id travels in the payload metadata, so keys rotate: the first key
// of the ring encrypts, every key of the ring decrypts. Payloads written before encryption (no
// `binary/encrypted` encoding) pass through unchanged, so recorded histories still replay.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { DataConverter, Payload, PayloadCodec } from '@temporalio/common';
import proto from '@temporalio/proto';

// A CommonJS package: under Node's ESM loader only its default export is importable by name.
const { Payload } = proto.temporal.api.common.v1;

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;

const utf8 = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array | null | undefined) => (b ? new TextDecoder().decode(b) : undefined);

export interface CodecKey {
  id: string;
  key: Buffer;
}

/** `TEMPORAL_CODEC_KEYS`: `id:base64key` entries separated by commas, the encrypting key first. */
export function parseCodecKeys(spec: string): CodecKey[] {
  const keys = spec.split(',').map((entry) => {
    const [id, b64, ...rest] = entry.trim().split(':');
    const key = Buffer.from(b64 ?? '', 'base64');
    if (!id || rest.length > 0 || key.length !== 32) throw new Error('TEMPORAL_CODEC_KEYS: each entry is <id>:<32 bytes, base64>');
    return { id, key };
  });
  if (new Set(keys.map((k) => k.id)).size !== keys.length) throw new Error('TEMPORAL_CODEC_KEYS: key ids must be unique');
  return keys;
}

/** Development and tests only (config.ts refuses this elsewhere): a key derived from APP_SECRET. */
export function derivedCodecKey(appSecret: string): CodecKey {
  return { id: 'dev-derived', key: Buffer.from(hkdfSync('sha256', appSecret, 'motcua', 'temporal-codec-key', 32)) };
}

export class AesGcmCodec implements PayloadCodec {
  private readonly byId: Map<string, Buffer>;

  constructor(private readonly keys: readonly CodecKey[]) {
    if (keys.length === 0) throw new Error('the codec needs at least one key');
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const { id, key } = this.keys[0]!;
    return payloads.map((payload) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      // The key id is authenticated too: a payload cannot be passed off as another key's.
      cipher.setAAD(utf8(id));
      const plain = Payload.encode(payload).finish();
      const body = Buffer.concat([cipher.update(plain), cipher.final()]);
      return {
        metadata: { encoding: utf8(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: utf8(id) },
        data: Buffer.concat([iv, body, cipher.getAuthTag()]),
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (!isEncrypted(payload)) return payload;
      const id = text(payload.metadata?.[KEY_ID_METADATA]) ?? '';
      const key = this.byId.get(id);
      if (!key) throw new Error(`no Temporal codec key with id "${id}" (TEMPORAL_CODEC_KEYS)`);
      const data = Buffer.from(payload.data ?? new Uint8Array());
      if (data.length < IV_BYTES + TAG_BYTES) throw new Error('encrypted payload too short');
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
      decipher.setAAD(utf8(id));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      const plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
      return Payload.decode(plain);
    });
  }
}

export function isEncrypted(payload: Payload): boolean {
  return text(payload.metadata?.encoding) === ENCRYPTED_ENCODING;
}

/** The data converter of every client and worker: the default converters, then this codec. */
export function dataConverterFor(codec: PayloadCodec): DataConverter {
  return { payloadCodecs: [codec] };
}
