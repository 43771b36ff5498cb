// Clerk endpoints: inbox, dossier detail, claim / release, and actions run as workflow Updates.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppDeps } from '../app.js';
import { requireStaff, type StaffEnv } from '../staff/auth.js';
import { validationHook } from '../errors.js';
import { localDate } from '../../domain/calendar.js';
import { listSlots } from './appointments.js';
import { actOnDossier, bookAppointment, claimDossier, liveView, releaseDossier } from './updates.js';
import { findDossierForStaff, readSealedIdentity } from './access.js';
import { inbox } from './inbox.js';
import { timeline, timelineFor } from './timeline.js';
import { PAPER_KINDS, PAPER_NAMES } from '../documents/papers.js';
import { dossierPaper, pdfResponse } from '../documents/service.js';
import { ActBody, BookBody, DossierCodeParam, DossierDetailSchema, DossierSchema, SlotSchema, SlotsQuery, TimelineEventSchema } from './schemas.js';
import { errorResponses, json, jsonBody, pdfContent } from '../openapi.js';
import { dossierFromRow, dossierFromView } from './views.js';

const InboxItem = z
  .object({
    taskId: z.string(),
    code: z.string(),
    procedureCode: z.string(),
    state: z.string(),
    branch: z.string().nullable().openapi({ description: 'The review of a parallel step; send it back with the action' }),
    label: z.string(),
    role: z.string(),
    unitId: z.string(),
    stateVersion: z.number(),
    assigneeId: z.string().nullable(),
    assigneeName: z.string().nullable(),
    dueAt: z.string().nullable(),
    dossierDueAt: z.string().nullable(),
    escalatedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('InboxItem');

const auth = { security: [{ bearer: [] }] };
const iso = (d: Date | null) => d?.toISOString() ?? null;

const updateResponses = {
  200: json(DossierSchema, 'The dossier after the change'),
  ...errorResponses,
};

export function clerkDossierRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<StaffEnv>({ defaultHook: validationHook });
  app.use('/api/staff/*', requireStaff(deps.db));

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/staff/inbox',
      ...auth,
      request: { query: z.object({ view: z.enum(['unassigned', 'mine', 'overdue', 'all']).default('all') }) },
      responses: { 200: json(z.array(InboxItem), 'Open tasks for my roles and units'), 401: errorResponses[401] },
    }),
    async (c) => {
      const rows = await inbox(deps.db, c.get('actor'), c.req.valid('query').view);
      return c.json(
        rows.map((r) => ({ ...r, dueAt: iso(r.dueAt), dossierDueAt: iso(r.dossierDueAt), escalatedAt: iso(r.escalatedAt), createdAt: r.createdAt.toISOString() })),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/staff/dossiers/{code}',
      ...auth,
      request: { params: DossierCodeParam },
      responses: { 200: json(DossierDetailSchema, 'Dossier with form data and applicant'), 401: errorResponses[401], 404: errorResponses[404] },
    }),
    async (c) => {
      const row = await findDossierForStaff(deps.db, c.get('actor'), c.req.valid('param').code, 'view');
      const live = await liveView(deps, row);
      return c.json({ ...dossierFromRow(row), ...(live ? dossierFromView(live) : {}), applicant: row.applicant, formData: row.form_data }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/staff/dossiers/{code}/timeline',
      ...auth,
      request: { params: DossierCodeParam },
      responses: { 200: json(z.array(TimelineEventSchema), 'Timeline and audit trail'), 401: errorResponses[401], 404: errorResponses[404] },
    }),
    async (c) => {
      const row = await findDossierForStaff(deps.db, c.get('actor'), c.req.valid('param').code, 'timeline');
      return c.json(timelineFor(await timeline(deps.db, row.id), 'staff'), 200);
    },
  );

  changeRoutes(app, deps);

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/staff/dossiers/{code}/reporter',
      ...auth,
      request: { params: DossierCodeParam },
      responses: { 200: json(z.record(z.string(), z.unknown()), "A crime reporter's sealed identity (investigators only; every attempt is logged)"), ...errorResponses },
    }),
    async (c) => c.json(await readSealedIdentity(deps.db, deps.box, c.get('actor'), c.req.valid('param').code), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/staff/dossiers/{code}/slots',
      ...auth,
      request: { params: DossierCodeParam, query: SlotsQuery },
      responses: { 200: json(z.array(SlotSchema), 'Appointment slots with the places left'), ...errorResponses },
    }),
    async (c) => {
      const row = await findDossierForStaff(deps.db, c.get('actor'), c.req.valid('param').code, 'slots');
      const { from, days } = c.req.valid('query');
      return c.json(await listSlots(deps.db, row, from ?? localDate(Date.now()), days), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/staff/dossiers/{code}/appointment',
      ...auth,
      request: { params: DossierCodeParam, body: jsonBody(BookBody) },
      responses: updateResponses,
    }),
    async (c) => {
      const actor = c.get('actor');
      const row = await findDossierForStaff(deps.db, actor, c.req.valid('param').code, 'book');
      return c.json(dossierFromView(await bookAppointment(deps, row, { actor, startsAt: Date.parse(c.req.valid('json').startsAt) })), 200);
    },
  );

  for (const kind of PAPER_KINDS) {
    app.openapi(
      createRoute({
        method: 'get',
        path: `/api/staff/dossiers/{code}/${kind}.pdf`,
        ...auth,
        description: `${PAPER_NAMES[kind]} (PDF). 409 when the dossier has none (not received yet, no result, a crime tip).`,
        request: { params: DossierCodeParam },
        responses: { 200: pdfContent(PAPER_NAMES[kind]), 401: errorResponses[401], 404: errorResponses[404], 409: errorResponses[409] },
      }),
      async (c) => {
        const row = await findDossierForStaff(deps.db, c.get('actor'), c.req.valid('param').code, kind);
        return pdfResponse(c, await dossierPaper(deps.db, row, kind));
      },
    );
  }

  return app;
}

/** Claim, release and act: each an Update of the dossier's workflow, answered with the dossier after it. */
function changeRoutes(app: OpenAPIHono<StaffEnv>, deps: AppDeps) {
  app.openapi(
    createRoute({ method: 'post', path: '/api/staff/dossiers/{code}/claim', ...auth, request: { params: DossierCodeParam }, responses: updateResponses }),
    async (c) => {
      const actor = c.get('actor');
      const row = await findDossierForStaff(deps.db, actor, c.req.valid('param').code, 'claim');
      return c.json(dossierFromView(await claimDossier(deps, row, actor)), 200);
    },
  );

  app.openapi(
    createRoute({ method: 'post', path: '/api/staff/dossiers/{code}/release', ...auth, request: { params: DossierCodeParam }, responses: updateResponses }),
    async (c) => {
      const actor = c.get('actor');
      const row = await findDossierForStaff(deps.db, actor, c.req.valid('param').code, 'release');
      return c.json(dossierFromView(await releaseDossier(deps, row, actor)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/staff/dossiers/{code}/actions',
      ...auth,
      request: { params: DossierCodeParam, body: jsonBody(ActBody) },
      responses: updateResponses,
    }),
    async (c) => {
      const actor = c.get('actor');
      const row = await findDossierForStaff(deps.db, actor, c.req.valid('param').code, 'act');
      return c.json(dossierFromView(await actOnDossier(deps, row, { actor, ...c.req.valid('json') })), 200);
    },
  );
}
