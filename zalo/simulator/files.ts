// Bytes the simulator hosts: OA uploads and photos or files "sent" by users. Served under
// /_sim/files/{id}, standing in for Zalo's CDN (zdn.vn).
import { createHash } from 'node:crypto';
import { opaqueToken } from './ids.js';
import type { Sim, StoredFile } from './state.js';

export function putFile(sim: Sim, name: string, type: string, bytes: Uint8Array<ArrayBuffer>): StoredFile {
  const file: StoredFile = { id: opaqueToken(18), name, type: type || 'application/octet-stream', bytes };
  sim.store.files.set(file.id, file);
  return file;
}

export const extensionOf = (name: string): string => /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';

/** The attachment payload Zalo puts in file events (§6.5): size as a string, MD5 checksum. */
export function filePayload(sim: Sim, file: StoredFile) {
  return {
    url: sim.fileUrl(file.id),
    name: file.name,
    size: String(file.bytes.byteLength),
    type: extensionOf(file.name),
    checksum: createHash('md5').update(file.bytes).digest('hex'),
  };
}
