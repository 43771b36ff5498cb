// POST /v2.0/oa/upload/{image,gif,file} (reference §3): multipart with one part named `file`,
// type and size limits, IDs valid for 7 days. Only v2.0 exists; v3.0 paths fall through to 404.
import { Hono } from 'hono';
import { invalidField, oaError, ok } from './errors.js';
import { extensionOf, putFile } from './files.js';
import { type OaEnv, oaGuard } from './guard.js';
import { opaqueToken } from './ids.js';
import type { Sim, Upload, UploadKind } from './state.js';

const MB = 1024 * 1024;
const UPLOAD_LIFETIME_MS = 7 * 86_400_000;

const KINDS: Record<UploadKind, { extensions: string[]; maxBytes: number; idField: 'attachment_id' | 'token' }> = {
  image: { extensions: ['jpg', 'jpeg', 'png'], maxBytes: MB, idField: 'attachment_id' },
  gif: { extensions: ['gif'], maxBytes: 5 * MB, idField: 'attachment_id' },
  file: { extensions: ['pdf', 'doc', 'docx', 'csv'], maxBytes: 5 * MB, idField: 'token' },
};

export function uploadRoutes(sim: Sim) {
  const r = new Hono<OaEnv>();
  r.post('/v2.0/oa/upload/:kind{image|gif|file}', oaGuard(sim), async (c) => {
    const kind = c.req.param('kind') as UploadKind;
    const rules = KINDS[kind];
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const file = form.file;
    if (!(file instanceof File)) throw invalidField('file');
    const extension = extensionOf(file.name);
    // Observed live: a filename without an extension "succeeds" with an empty data object (§3).
    if (!extension) return c.json(ok({}));
    if (!rules.extensions.includes(extension)) throw invalidField('file');
    if (file.size > rules.maxBytes) throw oaError(-210);

    const stored = putFile(sim, file.name, file.type, new Uint8Array(await file.arrayBuffer()));
    const upload: Upload = { id: opaqueToken(24), kind, oa_id: c.get('grant').oa_id, file_id: stored.id, expires_at: sim.clock.now() + UPLOAD_LIFETIME_MS };
    sim.store.uploads.set(upload.id, upload);
    return c.json(ok({ [rules.idField]: upload.id }));
  });
  return r;
}

/** An upload the OA may still reference; unknown, foreign, wrong-kind and expired IDs all give -100 (§3). */
export function liveUpload(sim: Sim, oaId: string, id: string, kinds: UploadKind[]): Upload {
  const upload = sim.store.uploads.get(id);
  if (!upload || upload.oa_id !== oaId || !kinds.includes(upload.kind) || upload.expires_at <= sim.clock.now()) throw oaError(-100);
  return upload;
}
