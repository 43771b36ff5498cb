// Admin endpoints for procedure definitions: validate, dry-run, create a draft version, list, publish, retire.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { DryRunStep, MAX_DRY_RUN_STEPS, type DryRunTraceStep } from '../../domain/dry-run.js';
import { validateDefinition } from '../../domain/dsl/validate.js';
import { DomainError } from '../../domain/errors.js';
import type { StaffActor } from '../../domain/contracts/dossier.js';
import type { AppDeps } from '../app.js';
import { requireAdmin, requireStaff, type StaffEnv } from '../staff/auth.js';
import { validationHook } from '../errors.js';
import { createDraft, dryRunDefinition, getVersion, listVersions, publish, retire } from './service.js';
import { deleteHoliday, listHolidays, putHoliday } from '../holidays/service.js';
import { assertMayRegisterOa, oasAdministeredBy, registerOaWithGrant } from '../oas/service.js';
import { errorResponses, json, jsonBody } from '../openapi.js';

const Version = z
  .object({
    code: z.string(),
    version: z.number(),
    status: z.enum(['draft', 'published', 'retired']),
    contentHash: z.string(),
    createdAt: z.string(),
    publishedAt: z.string().nullable(),
    retiredAt: z.string().nullable(),
  })
  .openapi('DefinitionVersion');

const Validation = z
  .object({ ok: z.boolean(), issues: z.array(z.object({ path: z.string(), code: z.string(), message: z.string() })) })
  .openapi('DefinitionValidation');

const CodeParams = z.object({ code: z.string().regex(/^[A-Z][A-Z0-9_]*$/).openapi({ param: { name: 'code', in: 'path' }, example: 'TAM_TRU' }) });
const VersionParams = CodeParams.extend({
  version: z.coerce.number().int().positive().openapi({ param: { name: 'version', in: 'path' }, example: 1 }),
});
const AnyDefinition = z.record(z.string(), z.unknown()).openapi('ProcedureDefinitionInput');
const auth = { security: [{ bearer: [] }] };

const versionJson = (v: Awaited<ReturnType<typeof publish>>) => ({
  ...v,
  createdAt: v.createdAt.toISOString(),
  publishedAt: v.publishedAt?.toISOString() ?? null,
  retiredAt: v.retiredAt?.toISOString() ?? null,
});

/** A definition inline (checked like one about to be saved) or a stored version. */
const DryRunBody = z
  .object({
    definition: AnyDefinition.optional(),
    code: CodeParams.shape.code.optional(),
    version: z.number().int().positive().optional(),
    unitId: z.string().min(1).max(100),
    startAt: z.iso.datetime({ offset: true }),
    formData: z.record(z.string(), z.unknown()).optional(),
    steps: z.array(DryRunStep).max(MAX_DRY_RUN_STEPS).default([]),
  })
  .strict()
  .refine((b) => (b.definition === undefined) !== (b.code === undefined && b.version === undefined) && (b.code === undefined) === (b.version === undefined), {
    path: ['definition'],
    message: 'Gửi kèm "definition", hoặc cả "code" và "version" của một phiên bản đã lưu',
  })
  .openapi('DryRunRequest');

const time = z.string().openapi({ format: 'date-time' });
const DryRunTrace = z
  .object({
    did: z.string(),
    at: time,
    state: z.string(),
    stateLabel: z.string(),
    stateType: z.string(),
    outcome: z.string().optional(),
    receivedAt: time.optional(),
    dueAt: time.optional().openapi({ description: 'Statutory due date' }),
    taskDueAt: time.optional(),
    branches: z.array(z.object({ branch: z.string(), label: z.string(), role: z.string(), status: z.string(), dueAt: time.optional() })).optional(),
    appointmentAt: time.optional(),
    awaiting: z.object({ event: z.string(), timeoutAt: time }).optional(),
    events: z.array(z.object({ type: z.string(), from: z.string().optional(), to: z.string().optional(), action: z.string().optional() })),
    messages: z.array(z.object({ recipient: z.string(), template: z.string(), text: z.string() })),
    timers: z.array(z.object({ kind: z.string(), at: time, label: z.string() })),
    next: z.array(z.object({ step: z.record(z.string(), z.unknown()), label: z.string(), requires: z.array(z.string()) })),
    finished: z.boolean(),
  })
  .openapi('DryRunTraceStep');

const isoTime = (t: number) => new Date(t).toISOString();
const iso = (t: number | undefined) => (t === undefined ? undefined : isoTime(t));
const traceJson = (s: DryRunTraceStep) => ({
  ...s,
  at: isoTime(s.at),
  receivedAt: iso(s.receivedAt),
  dueAt: iso(s.dueAt),
  taskDueAt: iso(s.taskDueAt),
  appointmentAt: iso(s.appointmentAt),
  awaiting: s.awaiting && { ...s.awaiting, timeoutAt: isoTime(s.awaiting.timeoutAt) },
  branches: s.branches?.map((b) => ({ ...b, dueAt: iso(b.dueAt) })),
  timers: s.timers.map((t) => ({ ...t, at: isoTime(t.at) })),
});

export function adminRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<StaffEnv>({ defaultHook: validationHook });
  app.use('/api/admin/*', requireStaff(deps.db), requireAdmin);

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/admin/procedures/validate',
      ...auth,
      request: { body: jsonBody(AnyDefinition) },
      responses: { 200: json(Validation, 'Every problem, each at its JSON path'), 401: errorResponses[401], 403: errorResponses[403] },
    }),
    (c) => {
      const result = validateDefinition(c.req.valid('json'));
      return c.json(result.ok ? { ok: true, issues: [] } : { ok: false, issues: result.issues }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/admin/procedures/dry-run',
      ...auth,
      request: { body: jsonBody(DryRunBody) },
      responses: {
        200: json(z.object({ trace: z.array(DryRunTrace) }), 'Each step: state, due dates, timers, messages, next steps'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { definition, code, version, ...request } = c.req.valid('json');
      const body = definition ?? (await getVersion(deps.db, code!, version!));
      if (!body) throw new DomainError('NOT_FOUND', `Không có phiên bản ${version} của thủ tục ${code}.`);
      const result = await dryRunDefinition(deps.db, { ...request, definition: body, startAt: Date.parse(request.startAt) });
      if (result.ok) return c.json({ trace: result.trace.map(traceJson) }, 200);
      if (result.kind === 'definition') {
        const issues = result.issues.map((i) => ({ ...i, path: i.path ? `definition.${i.path}` : 'definition' }));
        throw new DomainError('INVALID_DEFINITION', `Định nghĩa thủ tục có ${issues.length} lỗi.`, issues);
      }
      throw new DomainError('VALIDATION_FAILED', `Không thực hiện được bước chạy thử thứ ${result.index + 1}.`, result.issues);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/admin/procedures',
      ...auth,
      request: { body: jsonBody(AnyDefinition) },
      responses: { 201: json(Version, 'Draft stored with the next version number'), ...errorResponses },
    }),
    async (c) => c.json(versionJson(await createDraft(deps.db, c.req.valid('json'), c.get('actor').staffId)), 201),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/admin/procedures/{code}/versions',
      ...auth,
      request: { params: CodeParams },
      responses: { 200: json(z.array(Version), 'All versions, newest first'), 401: errorResponses[401], 403: errorResponses[403] },
    }),
    async (c) => c.json((await listVersions(deps.db, c.req.valid('param').code)).map(versionJson), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/admin/procedures/{code}/versions/{version}',
      ...auth,
      request: { params: VersionParams },
      responses: { 200: json(AnyDefinition, 'The definition body'), ...errorResponses },
    }),
    async (c) => {
      const { code, version } = c.req.valid('param');
      const body = await getVersion(deps.db, code, version);
      if (!body) throw new DomainError('NOT_FOUND', `Không có phiên bản ${version} của thủ tục ${code}.`);
      return c.json(body as unknown as Record<string, unknown>, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/admin/procedures/{code}/versions/{version}/publish',
      ...auth,
      request: { params: VersionParams },
      responses: { 200: json(Version, 'Published; the previous published version is retired'), ...errorResponses },
    }),
    async (c) => {
      const { code, version } = c.req.valid('param');
      return c.json(versionJson(await publish(deps.db, code, version)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/admin/procedures/{code}/versions/{version}/retire',
      ...auth,
      request: { params: VersionParams },
      responses: {
        200: json(Version, 'Retired; the procedure takes no new dossiers until a version is published again (running dossiers go on with theirs)'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { code, version } = c.req.valid('param');
      return c.json(versionJson(await retire(deps.db, code, version, c.get('actor'))), 200);
    },
  );

  const Oa = z
    .object({
      oaId: z.string(),
      name: z.string(),
      unitId: z.string(),
      unitName: z.string(),
      appId: z.string(),
      status: z.enum(['active', 'needs_reauth']),
      lastError: z.string().nullable(),
    })
    .openapi('ZaloOa');
  // Scoped like the console: an admin sees and registers the OAs of the units they administer.
  const oaList = async (actor: StaffActor) =>
    (await oasAdministeredBy(deps.db, actor)).map((o) => ({ oaId: o.oaId, name: o.name, unitId: o.unitId, unitName: o.unitName, appId: o.appId, status: o.status, lastError: o.lastError }));

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/admin/oas',
      ...auth,
      responses: { 200: json(z.array(Oa), 'Registered OAs, with those needing re-authorisation'), ...errorResponses },
    }),
    async (c) => c.json(await oaList(c.get('actor')), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/admin/oas',
      ...auth,
      request: {
        body: jsonBody(
          z
            .object({
              oaId: z.string().regex(/^\d{1,30}$/),
              name: z.string().trim().min(1).max(200),
              unitId: z.string().min(1),
              appId: z.string().regex(/^\d{1,30}$/),
              appSecret: z.string().min(1),
              oaSecretKey: z.string().min(1),
              grant: z.union([
                z.object({ refreshToken: z.string().min(1) }).strict(),
                z.object({ code: z.string().min(1), codeVerifier: z.string().min(43).max(128) }).strict(),
              ]),
            })
            .strict(),
        ),
      },
      responses: { 201: json(Oa, 'Registered (or re-authorised); secrets are stored encrypted and never returned'), ...errorResponses },
    }),
    async (c) => {
      const body = c.req.valid('json');
      await assertMayRegisterOa(deps.db, c.get('actor'), body.oaId, body.unitId);
      await registerOaWithGrant(deps.db, deps.box, deps.zaloConfig, body);
      const oa = (await oaList(c.get('actor'))).find((o) => o.oaId === body.oaId)!;
      return c.json(oa, 201);
    },
  );

  const Holiday = z
    .object({
      date: z.string(),
      kind: z.enum(['off', 'working']),
      name: z.string(),
      status: z.enum(['confirmed', 'proposed', 'computed']),
      source: z.string(),
      updatedAt: z.string(),
    })
    .openapi('Holiday');
  const holidayJson = (h: Awaited<ReturnType<typeof putHoliday>>) => ({
    date: h.date,
    kind: h.kind,
    name: h.name,
    status: h.status,
    source: h.source,
    updatedAt: h.updated_at.toISOString(),
  });
  const DateParam = z.object({ date: z.iso.date().openapi({ param: { name: 'date', in: 'path' }, example: '2026-09-05' }) });

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/admin/holidays',
      ...auth,
      request: { query: z.object({ year: z.coerce.number().int().min(2000).max(2100) }) },
      responses: { 200: json(z.array(Holiday), 'Days off and make-up working days of the year'), ...errorResponses },
    }),
    async (c) => c.json((await listHolidays(deps.db, c.req.valid('query').year)).map(holidayJson), 200),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/admin/holidays/{date}',
      ...auth,
      request: {
        params: DateParam,
        body: jsonBody(
          z
            .object({
              kind: z.enum(['off', 'working']),
              name: z.string().trim().min(1).max(200),
              status: z.enum(['confirmed', 'proposed', 'computed']).default('confirmed'),
              source: z.string().trim().min(1).max(500),
            })
            .strict(),
        ),
      },
      responses: { 200: json(Holiday, 'Stored; dossiers started from now on count with it'), ...errorResponses },
    }),
    async (c) => c.json(holidayJson(await putHoliday(deps.db, c.req.valid('param').date, c.req.valid('json'))), 200),
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/admin/holidays/{date}',
      ...auth,
      request: { params: DateParam },
      responses: { 204: { description: 'Removed' }, ...errorResponses },
    }),
    async (c) => {
      await deleteHoliday(deps.db, c.req.valid('param').date);
      return c.body(null, 204);
    },
  );

  return app;
}
