// Bytes of uploaded documents, addressed by their SHA-256: the `documents` table holds the hash,
// identical uploads are stored once, and a stored file never changes.
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface FileStore {
  /** Stores the bytes (once per content) and returns their SHA-256, lowercase hex. */
  put(bytes: Uint8Array): Promise<string>;
  get(sha256: string): Promise<Uint8Array | undefined>;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Files on local disk as `<root>/<first 2 hex digits>/<sha256>`. */
export class LocalFileStore implements FileStore {
  constructor(private readonly root: string) {}

  async put(bytes: Uint8Array): Promise<string> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const path = this.pathOf(sha256);
    if (await exists(path)) return sha256;
    await mkdir(join(this.root, sha256.slice(0, 2)), { recursive: true });
    // A reader never sees a half-written file: rename is atomic within one file system.
    const temp = `${path}.${randomUUID()}.tmp`;
    try {
      await writeFile(temp, bytes);
      await rename(temp, path);
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
    return sha256;
  }

  async get(sha256: string): Promise<Uint8Array | undefined> {
    if (!SHA256_HEX.test(sha256)) return undefined; // also keeps paths inside the root
    try {
      return new Uint8Array(await readFile(this.pathOf(sha256)));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  private pathOf(sha256: string): string {
    return join(this.root, sha256.slice(0, 2), sha256);
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
