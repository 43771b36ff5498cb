// POST /api/temporal-codec/{encode,decode}: the remote codec the Temporal Web UI and CLI call
// (`--ui-codec-endpoint`, `--codec-endpoint`) so staff can read encrypted histories. Body and answer
// are `{ payloads: [{ metadata: { key: base64 }, data: base64 }] }` (Payloads in proto3 JSON).
// Staff only, and a payload is decoded only when it names dossiers the caller may see: the protocol
// does not say which workflow a payload comes from, so the payload itself must (its dossier id or
// code, or a `dossier:<code>` workflow id). A payload that names none, names an unknown dossier, or
// names a confidential one the caller may not open (investigators of its unit only) goes back
// still encrypted: when unsure, refuse.
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { z } from 'zod';
import { canSeeDossier } from '../../domain/access.js';
import type { RoleGrant } from '../../domain/contracts/dossier.js';
import { DomainError } from '../../domain/errors.js';
import type { Db } from '../../db/database.js';
import { isEncrypted, type AesGcmCodec } from '../../temporal-codec.js';
import { requireStaff, type StaffEnv } from '../staff/auth.js';
import { errorBody } from '../errors.js';
import type { Payload } from '@temporalio/common';

export interface CodecDeps {
  db: Db;
  codec?: AesGcmCodec;
  /** The Temporal Web UI's origin: it calls from the browser with the staff session (CORS with credentials). */
  temporalUiOrigin?: string;
}

const Base64 = z.string().max(4 * 1024 * 1024).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64');
const PayloadsBody = z.object({
  payloads: z.array(z.object({ metadata: z.record(z.string(), Base64).optional(), data: Base64.optional() }).strict()).max(1000),
});
type JsonPayload = z.infer<typeof PayloadsBody>['payloads'][number];

const fromJson = (p: JsonPayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(p.data ?? '', 'base64'),
});
const toJson = (p: Payload): JsonPayload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? []).toString('base64')])),
  data: Buffer.from(p.data ?? []).toString('base64'),
});

export function temporalCodecRoutes(deps: CodecDeps) {
  const app = new Hono<StaffEnv>();
  const { codec } = deps;
  if (!codec) return app;
  const origins = deps.temporalUiOrigin ? [deps.temporalUiOrigin] : [];
  app.use(
    '/api/temporal-codec/*',
    cors({ origin: origins, credentials: true, allowMethods: ['POST'], allowHeaders: ['content-type', 'x-namespace', 'authorization'] }),
    requireStaff(deps.db, { trustedOrigins: origins }),
  );

  app.post('/api/temporal-codec/:op{encode|decode}', async (c) => {
    const grants = readerGrants(c.get('actor').grants);
    if (grants.length === 0) throw new DomainError('FORBIDDEN', 'Tài khoản này không được đọc lịch sử quy trình.');
    const parsed = PayloadsBody.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return c.json(errorBody('BAD_REQUEST', 'Cần { payloads: [...] } theo giao thức codec của Temporal.'), 400);
    const payloads = parsed.data.payloads.map(fromJson);
    if (c.req.param('op') === 'encode') return c.json({ payloads: (await codec.encode(payloads)).map(toJson) });
    const decoded = await Promise.all(payloads.map((p) => decodeFor(deps.db, codec, grants, p)));
    return c.json({ payloads: decoded.map(toJson) });
  });
  return app;
}

/** Machine accounts (integration) read nothing; every other grant reads as it would in the console. */
const readerGrants = (grants: readonly RoleGrant[]) => grants.filter((g) => g.role !== 'integration');

async function decodeFor(db: Db, codec: AesGcmCodec, grants: readonly RoleGrant[], payload: Payload): Promise<Payload> {
  if (!isEncrypted(payload)) return payload;
  let plain: Payload;
  try {
    [plain] = (await codec.decode([payload])) as [Payload];
  } catch {
    return payload; // another key ring's or damaged: shown as it is
  }
  const refs = dossierRefs(plain);
  if (!refs || (refs.ids.size === 0 && refs.codes.size === 0)) return payload;
  const ids = [...refs.ids];
  const codes = [...refs.codes];
  const rows = await db
    .selectFrom('dossiers')
    .select(['id', 'code', 'unit_id', 'confidential'])
    .where((eb) => eb.or([...(ids.length ? [eb('id', 'in', ids)] : []), ...(codes.length ? [eb('code', 'in', codes)] : [])]))
    .execute();
  const known = new Set(rows.flatMap((r) => [r.id, r.code]));
  const allKnown = ids.every((id) => known.has(id)) && codes.every((code) => known.has(code));
  const visible = rows.every((r) => canSeeDossier(grants, { unitId: r.unit_id, confidential: r.confidential }));
  const consistent = !refs.confidential || rows.some((r) => r.confidential);
  return allKnown && visible && consistent ? plain : payload;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CODE = /^[A-Za-z0-9]+-\d{6}-\d{4}$/;
const MAX_NODES = 100_000;

interface Refs {
  ids: Set<string>;
  codes: Set<string>;
  confidential: boolean;
}

/** The dossiers a JSON payload names; undefined when it is not JSON or too large to walk (refuse). */
export function dossierRefs(payload: Payload): Refs | undefined {
  if (Buffer.from(payload.metadata?.encoding ?? []).toString() !== 'json/plain') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(payload.data ?? []).toString('utf8'));
  } catch {
    return undefined;
  }
  const refs: Refs = { ids: new Set(), codes: new Set(), confidential: false };
  const stack: unknown[] = [value];
  for (let seen = 0; stack.length > 0; seen++) {
    if (seen > MAX_NODES) return undefined;
    const node = stack.pop();
    if (typeof node === 'string' && node.startsWith('dossier:')) refs.codes.add(node.slice('dossier:'.length));
    if (typeof node !== 'object' || node === null) continue;
    for (const [key, v] of Object.entries(node)) {
      if (key === 'dossierId' && typeof v === 'string' && UUID.test(v)) refs.ids.add(v.toLowerCase());
      if ((key === 'code' || key === 'dossierCode') && typeof v === 'string' && CODE.test(v)) refs.codes.add(v);
      if (key === 'confidential' && v === true) refs.confidential = true;
      stack.push(v);
    }
  }
  return refs;
}
