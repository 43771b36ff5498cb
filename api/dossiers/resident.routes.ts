// Resident-facing dossier endpoints: submit, status, timeline, supplement, withdraw.
// A resident proves ownership with the token returned at submission (X-Dossier-Token).
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppDeps } from '../app.js';
import { validationHook } from '../errors.js';
import { localDate } from '../../domain/calendar.js';
import { listSlots } from './appointments.js';
import { bookAppointment, supplementDossier, withdrawDossier } from './updates.js';
import { findDossierForResident } from './access.js';
import { submitDossier } from './submit.js';
import { timeline, timelineFor } from './timeline.js';
import { PAPER_KINDS, PAPER_NAMES } from '../documents/papers.js';
import { dossierPaper, pdfResponse } from '../documents/service.js';
import { BookBody, DossierCodeParam, DossierSchema, SlotSchema, SlotsQuery, TimelineEventSchema } from './schemas.js';
import { errorResponses, json, jsonBody, pdfContent } from '../openapi.js';
import { dossierFromRow, dossierFromView } from './views.js';

const SubmitBody = z
  .object({
    procedureCode: z.string().min(1).openapi({ example: 'TAM_TRU' }),
    unitId: z.string().min(1).openapi({ example: 'ca-p-dong-hung-thuan' }),
    channel: z.enum(['web', 'zalo', 'counter']).default('web'),
    applicant: z
      .object({
        name: z.string().trim().min(1).max(200),
        phone: z.string().max(20).optional(),
        zaloUserId: z.string().max(64).optional(),
        oaId: z.string().max(64).optional(),
      })
      .strict(),
    formData: z.record(z.string(), z.unknown()),
  })
  .strict()
  .openapi('SubmitDossier');

const Submitted = z
  .object({ code: z.string(), accessToken: z.string(), statusUrl: z.string(), workflowStarted: z.boolean() })
  .openapi('Submitted');

const tokenHeader = z.object({ 'x-dossier-token': z.string().min(1).openapi({ param: { name: 'x-dossier-token', in: 'header' } }) });

export function residentDossierRoutes(deps: AppDeps) {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  const resident = (code: string, token: string) => findDossierForResident(deps.db, deps.secret, code, token);

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/dossiers',
      request: {
        body: jsonBody(SubmitBody),
        headers: z.object({ 'idempotency-key': z.string().min(8).max(200).optional().openapi({ param: { name: 'idempotency-key', in: 'header' } }) }),
      },
      responses: {
        201: json(Submitted, 'Dossier stored and its workflow started'),
        200: json(Submitted, 'Same Idempotency-Key: the dossier created before'),
        409: { ...errorResponses[409], description: 'PROCEDURE_RETIRED: the procedure no longer takes dossiers' },
        422: errorResponses[422],
      },
    }),
    async (c) => {
      const { created, dossier } = await submitDossier(deps, c.req.valid('json'), c.req.valid('header')['idempotency-key']);
      const body = { code: dossier.code, accessToken: dossier.accessToken, statusUrl: `/api/dossiers/${dossier.code}`, workflowStarted: dossier.workflowStarted };
      return created ? c.json(body, 201) : c.json(body, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/dossiers/{code}',
      request: { params: DossierCodeParam, headers: tokenHeader },
      responses: { 200: json(DossierSchema, 'Dossier status'), 404: errorResponses[404] },
    }),
    async (c) => {
      const row = await resident(c.req.valid('param').code, c.req.valid('header')['x-dossier-token']);
      return c.json(dossierFromRow(row), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/dossiers/{code}/timeline',
      request: { params: DossierCodeParam, headers: tokenHeader },
      responses: { 200: json(z.array(TimelineEventSchema), 'What happened, in order'), 404: errorResponses[404] },
    }),
    async (c) => {
      const row = await resident(c.req.valid('param').code, c.req.valid('header')['x-dossier-token']);
      return c.json(timelineFor(await timeline(deps.db, row.id), 'resident'), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/dossiers/{code}/supplement',
      request: {
        params: DossierCodeParam,
        headers: tokenHeader,
        body: jsonBody(z.object({ note: z.string().max(2000).optional() }).strict()),
      },
      responses: { 200: json(DossierSchema, 'Supplement received'), 404: errorResponses[404], 409: errorResponses[409], 422: errorResponses[422] },
    }),
    async (c) => {
      const row = await resident(c.req.valid('param').code, c.req.valid('header')['x-dossier-token']);
      return c.json(dossierFromView(await supplementDossier(deps, row, c.req.valid('json'))), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/dossiers/{code}/withdraw',
      request: {
        params: DossierCodeParam,
        headers: tokenHeader,
        body: jsonBody(z.object({ reason: z.string().max(2000).optional() }).strict()),
      },
      responses: { 200: json(DossierSchema, 'Dossier withdrawn'), 404: errorResponses[404], 409: errorResponses[409] },
    }),
    async (c) => {
      const row = await resident(c.req.valid('param').code, c.req.valid('header')['x-dossier-token']);
      return c.json(dossierFromView(await withdrawDossier(deps, row, c.req.valid('json'))), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/dossiers/{code}/slots',
      request: { params: DossierCodeParam, headers: tokenHeader, query: SlotsQuery },
      responses: { 200: json(z.array(SlotSchema), 'Appointment slots with the places left'), 404: errorResponses[404], 409: errorResponses[409] },
    }),
    async (c) => {
      const row = await resident(c.req.valid('param').code, c.req.valid('header')['x-dossier-token']);
      const { from, days } = c.req.valid('query');
      return c.json(await listSlots(deps.db, row, from ?? localDate(Date.now()), days), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/dossiers/{code}/appointment',
      request: { params: DossierCodeParam, headers: tokenHeader, body: jsonBody(BookBody) },
      responses: { 200: json(DossierSchema, 'Booked (or moved)'), 404: errorResponses[404], 409: errorResponses[409], 422: errorResponses[422] },
    }),
    async (c) => {
      const row = await resident(c.req.valid('param').code, c.req.valid('header')['x-dossier-token']);
      const startsAt = Date.parse(c.req.valid('json').startsAt);
      return c.json(dossierFromView(await bookAppointment(deps, row, { actor: { kind: 'resident' }, startsAt })), 200);
    },
  );

  paperRoutes(app, deps);

  return app;
}

/** The receipt and the result notice as PDF, for the resident holding the dossier's token. */
function paperRoutes(app: OpenAPIHono, deps: AppDeps) {
  const resident = (code: string, token: string) => findDossierForResident(deps.db, deps.secret, code, token);
  for (const kind of PAPER_KINDS) {
    app.openapi(
      createRoute({
        method: 'get',
        path: `/api/dossiers/{code}/${kind}.pdf`,
        description: `${PAPER_NAMES[kind]} (PDF) for the applicant. 409 when the dossier has none yet.`,
        request: { params: DossierCodeParam, headers: tokenHeader },
        responses: { 200: pdfContent(PAPER_NAMES[kind]), 404: errorResponses[404], 409: errorResponses[409] },
      }),
      async (c) => {
        const row = await resident(c.req.valid('param').code, c.req.valid('header')['x-dossier-token']);
        return pdfResponse(c, await dossierPaper(deps.db, row, kind));
      },
    );
  }
}
