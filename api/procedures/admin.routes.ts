// Admin endpoints for procedure definitions: validate, dry-run, create a draft version, list, publish, retire.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { DryRunStep, MAX_DRY_RUN_STEPS, type DryRunTraceStep } from '../../domain/dry-run.js';
import { validateDefinition } from '../../domain/dsl/validate.js';
import { DomainError } from '../../domain/errors.js';
import type { AppDeps } from '../app.js';
import { requireProvinceAdmin, requireStaff, type StaffEnv } from '../staff/auth.js';
import { validationHook } from '../errors.js';
import { createDraft, dryRunDefinition, getVersion, listVersions, publish, retire } from './service.js';
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

export function procedureAdminRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<StaffEnv>({ defaultHook: validationHook });
  app.use('/api/admin/procedures', requireStaff(deps.db), requireProvinceAdmin(deps.db));
  app.use('/api/admin/procedures/*', requireStaff(deps.db), requireProvinceAdmin(deps.db));

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

  return app;
}
