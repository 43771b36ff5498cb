// The HTTP API end to end: the real app served on a real port, a real worker on the dev server,
// and the PostgreSQL read models and Temporal visibility checked behind it.
// Tests in this file run in order; the admin/versioning test uses its own procedure code
// (TAM_TRU_TEST) so the shared, published TAM_TRU is never changed.
import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { defaultPayloadConverter } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { localDate } from '../../domain/calendar.js';
import type { DossierInput } from '../../domain/contracts/dossier.js';
import { TAM_TRU } from '../../domain/procedures/tam-tru.js';
import type { Db } from '../../db/database.js';
import { StateAttr, UnitAttr, workflowIdFor } from '../../workflows/dossier.messages.js';
import {
  appZaloDeps, TEST_FILES,
  createStaff,
  dossierRow,
  eventsOf,
  messagesOf,
  OTHER_WARD,
  submitRequest,
  tamTruForm,
  TEST_CODEC,
  TEST_SECRET,
  testDb,
  waitFor,
  wardTeam,
  WARD,
  type TestStaff,
} from '../support/fixtures.js';
import { listen, type Listening } from '../support/http.js';
import { devServerEnv, startWorker, type RunningWorker } from '../support/temporal.js';

let env: TestWorkflowEnvironment;
let db: Db;
let worker: RunningWorker;
let http: Listening | undefined;
let base: string;
let team: Awaited<ReturnType<typeof wardTeam>>;
let stranger: TestStaff;
let admin: TestStaff;

beforeAll(async () => {
  env = await devServerEnv();
  db = testDb();
  worker = await startWorker(env, db);
  const app = createApp({ db, temporal: env.client, taskQueue: worker.taskQueue, secret: TEST_SECRET, files: TEST_FILES, ...appZaloDeps() });
  http = await listen(app.fetch);
  base = http.base;
  team = await wardTeam(db);
  stranger = await createStaff(db, 'Võ Phường Khác', [
    { role: 'receiver', unitId: OTHER_WARD },
    { role: 'officer', unitId: OTHER_WARD },
    { role: 'chief', unitId: OTHER_WARD },
  ]);
  admin = await createStaff(db, 'Quản Trị Kiểm Thử', [{ role: 'admin', unitId: 'ca-tphcm' }]);
});

afterAll(async () => {
  await http?.close();
  await worker?.stop();
  await env?.teardown();
  await db?.destroy();
});

// ---- HTTP helpers ----

interface Res {
  status: number;
  contentType: string | null;
  text: string;
  // Response JSON is checked field by field below.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

interface CallOptions {
  token?: string;
  dossierToken?: string;
  json?: unknown;
  raw?: string;
  headers?: Record<string, string>;
}

async function call(method: string, path: string, opts: CallOptions = {}): Promise<Res> {
  const headers: Record<string, string> = {};
  if (opts.token !== undefined) headers.authorization = `Bearer ${opts.token}`;
  if (opts.dossierToken !== undefined) headers['x-dossier-token'] = opts.dossierToken;
  let body: string | undefined;
  if (opts.json !== undefined) {
    body = JSON.stringify(opts.json);
    headers['content-type'] = 'application/json';
  }
  if (opts.raw !== undefined) {
    body = opts.raw;
    headers['content-type'] = 'application/json';
  }
  Object.assign(headers, opts.headers);
  const res = await fetch(`${base}${path}`, { method, headers, body });
  const text = await res.text();
  const contentType = res.headers.get('content-type');
  return { status: res.status, contentType, text, body: contentType?.startsWith('application/json') ? JSON.parse(text) : undefined };
}

interface ApiError {
  code: string;
  message: string;
  issues: Array<{ path: string; message: string; code?: string }>;
}

/** Asserts the one error shape of the API and returns its `error`. */
function expectError(res: Res, status: number, code: string): ApiError {
  expect(res.status, res.text).toBe(status);
  expect(res.contentType).toMatch(/^application\/json/);
  expect(res.body).toEqual({ error: { code, message: expect.any(String), issues: expect.any(Array) } });
  const error = res.body.error as ApiError;
  expect(error.message.length).toBeGreaterThan(0);
  for (const issue of error.issues) {
    expect(issue).toMatchObject({ path: expect.any(String), message: expect.any(String) });
    expect(issue.path.length).toBeGreaterThan(0);
    expect(issue.message.length).toBeGreaterThan(0);
  }
  return error;
}

const pathsOf = (e: ApiError) => e.issues.map((i) => i.path);
const issueAt = (e: ApiError, path: string) => e.issues.find((i) => i.path === path);
const yymmdd = (t: number) => localDate(t).slice(2).replaceAll('-', '');

function act(code: string, who: TestStaff, action: string, expectedVersion: number, extra: Record<string, unknown> = {}) {
  return call('POST', `/api/staff/dossiers/${code}/actions`, { token: who.token, json: { action, expectedVersion, ...extra } });
}

function residentView(code: string, token: string) {
  return call('GET', `/api/dossiers/${code}`, { dossierToken: token });
}

/** Polls the resident status endpoint until the dossier rests in `state`. */
async function residentWaitFor(code: string, token: string, state: string): Promise<Res> {
  return waitFor(async () => {
    const res = await residentView(code, token);
    expect(res.status).toBe(200);
    return res.body.state === state ? res : undefined;
  }, `dossier ${code} to reach ${state} over HTTP`);
}

/** Submits over HTTP and waits for the intake task. */
async function submitted(body: unknown = submitRequest(tamTruForm())) {
  const res = await call('POST', '/api/dossiers', { json: body });
  expect(res.status, res.text).toBe(201);
  const { code, accessToken } = res.body as { code: string; accessToken: string };
  const view = await residentWaitFor(code, accessToken, 'intake');
  return { code, token: accessToken, view: view.body };
}

async function withdraw(code: string, token: string) {
  const res = await call('POST', `/api/dossiers/${code}/withdraw`, { dossierToken: token, json: { reason: 'Kiểm thử xong' } });
  expect(res.status, res.text).toBe(200);
  expect(res.body).toMatchObject({ code, state: 'withdrawn', outcome: 'withdrawn' });
}

async function inboxCodes(who: TestStaff, view: string): Promise<string[]> {
  const res = await call('GET', `/api/staff/inbox?view=${view}`, { token: who.token });
  expect(res.status, res.text).toBe(200);
  return (res.body as Array<{ code: string }>).map((i) => i.code);
}

const staffIdentities = () => [team.receiver, team.officer, team.chief].flatMap((s) => [s.actor.staffId, s.actor.name]);

// ---- 1. happy path ----

describe('TAM_TRU over HTTP', () => {
  it('submit → claim → accept → approve → approve, with read models, timelines, outbox, access log and visibility', async () => {
    const procedures = await call('GET', '/api/procedures');
    expect(procedures.status).toBe(200);
    const tamTru = (procedures.body as Array<{ code: string }>).find((p) => p.code === 'TAM_TRU');
    expect(tamTru).toEqual({
      code: 'TAM_TRU',
      version: 1,
      name: TAM_TRU.name.vi,
      authority: 'ward',
      deadline: TAM_TRU.deadline,
      fee: { ...TAM_TRU.fee, table: [] },
    });

    // Submit.
    const dayBefore = yymmdd(Date.now());
    const sub = await call('POST', '/api/dossiers', { json: submitRequest(tamTruForm()) });
    const dayAfter = yymmdd(Date.now());
    expect(sub.status, sub.text).toBe(201);
    const code = sub.body.code as string;
    const token = sub.body.accessToken as string;
    expect(code).toMatch(/^DHT-\d{6}-\d{4}$/);
    expect([dayBefore, dayAfter]).toContain(code.slice(4, 10));
    expect(sub.body).toEqual({ code, accessToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), statusUrl: `/api/dossiers/${code}`, workflowStarted: true });
    // The inbox search's text: the applicant's name folded, then the phone digits.
    expect((await dossierRow(db, code)).search_text).toBe('nguyen thi lan 0901234567');

    // The resident follows it with the token.
    const intake = (await residentWaitFor(code, token, 'intake')).body;
    expect(intake).toMatchObject({
      code,
      procedureCode: 'TAM_TRU',
      procedureVersion: 1,
      unitId: WARD,
      state: 'intake',
      stateType: 'task',
      stateLabel: TAM_TRU.states.intake!.label.vi,
      stateVersion: 1,
      supplementCycles: 0,
    });
    expect(intake.outcome).toBeUndefined();
    expect(intake.result).toBeUndefined();
    expect(intake.dueAt).toBeUndefined(); // the statutory clock starts at review
    expect(new Date(intake.submittedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);

    // The receiver sees the unassigned intake task; the officer does not (other role).
    const unassigned = await call('GET', '/api/staff/inbox?view=unassigned', { token: team.receiver.token });
    expect(unassigned.status).toBe(200);
    const item = (unassigned.body as Array<{ code: string }>).find((i) => i.code === code);
    expect(item).toMatchObject({
      taskId: expect.any(String),
      code,
      procedureCode: 'TAM_TRU',
      state: 'intake',
      label: TAM_TRU.states.intake!.label.vi,
      role: 'receiver',
      unitId: WARD,
      stateVersion: intake.stateVersion,
      assigneeId: null,
      assigneeName: null,
      dueAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      escalatedAt: null,
    });
    expect(await inboxCodes(team.officer, 'all')).not.toContain(code);
    expect(await inboxCodes(team.receiver, 'mine')).not.toContain(code);

    // Claim, then it is "mine" and no longer unassigned.
    const claimed = await call('POST', `/api/staff/dossiers/${code}/claim`, { token: team.receiver.token });
    expect(claimed.status, claimed.text).toBe(200);
    expect(claimed.body).toMatchObject({
      code,
      state: 'intake',
      stateVersion: intake.stateVersion + 1,
      task: { state: 'intake', role: 'receiver', assigneeId: team.receiver.actor.staffId, assigneeName: team.receiver.actor.name, escalated: false },
    });
    // (The order is PostgreSQL jsonb's key order, not the definition's: compare as a set.)
    expect((claimed.body.task.actions as Array<{ name: string }>).map((a) => a.name).sort()).toEqual(['accept', 'reject', 'requestSupplement']);
    const mine = await call('GET', '/api/staff/inbox?view=mine', { token: team.receiver.token });
    expect((mine.body as Array<{ code: string }>).find((i) => i.code === code)).toMatchObject({
      assigneeId: team.receiver.actor.staffId,
      assigneeName: team.receiver.actor.name,
      stateVersion: claimed.body.stateVersion,
    });
    expect(await inboxCodes(team.receiver, 'unassigned')).not.toContain(code);

    // The three decisions, each with the version the previous answer gave.
    const accepted = await act(code, team.receiver, 'accept', claimed.body.stateVersion);
    expect(accepted.status, accepted.text).toBe(200);
    expect(accepted.body).toMatchObject({ state: 'review', stateVersion: claimed.body.stateVersion + 1, task: { role: 'officer' } });
    expect(accepted.body.receivedAt).toEqual(expect.any(String));
    expect(accepted.body.dueAt).toEqual(expect.any(String));
    expect(await inboxCodes(team.officer, 'unassigned')).toContain(code);

    const reviewed = await act(code, team.officer, 'approve', accepted.body.stateVersion);
    expect(reviewed.status, reviewed.text).toBe(200);
    expect(reviewed.body).toMatchObject({ state: 'decision', stateVersion: accepted.body.stateVersion + 1, task: { role: 'chief' } });

    const decided = await act(code, team.chief, 'approve', reviewed.body.stateVersion);
    expect(decided.status, decided.text).toBe(200);
    expect(decided.body).toMatchObject({ code, state: 'done', stateType: 'end', outcome: 'approved', procedureVersion: 1, dueAt: accepted.body.dueAt });
    expect(decided.body.closedAt).toEqual(expect.any(String));
    expect(decided.body.task).toBeUndefined();
    for (const who of [team.receiver, team.officer, team.chief]) expect(await inboxCodes(who, 'all')).not.toContain(code);

    // Staff detail (logged as a 'view').
    const detail = await call('GET', `/api/staff/dossiers/${code}`, { token: team.officer.token });
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({
      code,
      state: 'done',
      outcome: 'approved',
      applicant: { name: 'Nguyễn Thị Lan', phone: '0901234567' },
      formData: { cccd: '079190012345', kind: 'new' },
      result: { document: 'CT08', number: `CT08-${code}` },
    });

    // ---- PostgreSQL read models ----
    const row = await dossierRow(db, code);
    expect(row).toMatchObject({
      state: 'done',
      state_type: 'end',
      outcome: 'approved',
      procedure_code: 'TAM_TRU',
      procedure_version: 1,
      unit_id: WARD,
      workflow_id: `dossier:${code}`,
      state_version: decided.body.stateVersion,
      result: { document: 'CT08', number: `CT08-${code}` },
    });
    expect(row.due_at).toBeInstanceOf(Date);
    expect(row.due_at!.toISOString()).toBe(accepted.body.dueAt);
    expect(row.received_at!.toISOString()).toBe(accepted.body.receivedAt);
    expect(row.closed_at!.toISOString()).toBe(decided.body.closedAt);
    expect(row.workflow_started_at).not.toBeNull();

    const tasks = await db.selectFrom('tasks').selectAll().where('dossier_id', '=', row.id).orderBy('seq').execute();
    expect(tasks.map((t) => [t.state, t.role, t.unit_id, t.status, t.completed_action, t.completed_by])).toEqual([
      ['intake', 'receiver', WARD, 'done', 'accept', team.receiver.actor.staffId],
      ['review', 'officer', WARD, 'done', 'approve', team.officer.actor.staffId],
      ['decision', 'chief', WARD, 'done', 'approve', team.chief.actor.staffId],
    ]);
    expect(tasks[0]!.assignee_id).toBe(team.receiver.actor.staffId);
    expect(tasks.every((t) => t.completed_at !== null)).toBe(true);

    const events = await eventsOf(db, row.id);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.map((e) => [e.type, e.from_state, e.to_state, e.action, e.actor.kind])).toEqual([
      ['transition', null, 'intake', 'submit', 'resident'],
      ['claimed', null, null, null, 'staff'],
      ['transition', 'intake', 'review', 'accept', 'staff'],
      ['transition', 'review', 'decision', 'approve', 'staff'],
      ['transition', 'decision', 'issued', 'approve', 'staff'],
      ['transition', 'issued', 'done', 'issueResult', 'system'],
    ]);

    // Staff timeline: who did what, with names.
    const staffTimeline = await call('GET', `/api/staff/dossiers/${code}/timeline`, { token: team.chief.token });
    expect(staffTimeline.status).toBe(200);
    expect(staffTimeline.body).toHaveLength(events.length);
    expect(staffTimeline.body.map((e: { seq: number; type: string; action: string | null }) => [e.seq, e.type, e.action])).toEqual(
      events.map((e) => [e.seq, e.type, e.action]),
    );
    const staffActors = staffTimeline.body.map((e: { actor: unknown }) => e.actor);
    const asStaff = (s: TestStaff) => ({ kind: 'staff', staffId: s.actor.staffId, name: s.actor.name });
    expect(staffActors).toEqual([
      { kind: 'resident' },
      asStaff(team.receiver),
      asStaff(team.receiver),
      asStaff(team.officer),
      asStaff(team.chief),
      { kind: 'system' },
    ]);
    staffTimeline.body.forEach((e: { at: string }, i: number) => expect(e.at).toBe(events[i]!.at.toISOString()));

    // Resident timeline: what happened to the dossier (no claim), only the kind of actor, nobody's name or id.
    const residentTimeline = await call('GET', `/api/dossiers/${code}/timeline`, { dossierToken: token });
    expect(residentTimeline.status).toBe(200);
    expect(residentTimeline.body.map((e: { seq: number; type: string; from: string | null; to: string | null }) => [e.seq, e.type, e.from, e.to])).toEqual(
      events.filter((e) => e.type === 'transition').map((e) => [e.seq, e.type, e.from_state, e.to_state]),
    );
    expect(residentTimeline.body.map((e: { actor: unknown }) => e.actor)).toEqual([
      { kind: 'resident' },
      { kind: 'staff' },
      { kind: 'staff' },
      { kind: 'staff' },
      { kind: 'system' },
    ]);
    for (const secret of staffIdentities()) expect(residentTimeline.text).not.toContain(secret);
    // Only staff learn who claimed the dossier.
    expect(staffTimeline.body[1].data).toEqual({ assigneeId: team.receiver.actor.staffId });
    expect(residentTimeline.body[4].data).toMatchObject({ result: { document: 'CT08', number: `CT08-${code}` } });

    // Outbox: one message per notifying state, in order, fully rendered.
    const messages = await messagesOf(db, row.id);
    expect(messages.map((m) => m.template)).toEqual(['submitted', 'received', 'approved', 'survey', 'survey']);
    // Submitted over the web API, the applicant has no Zalo identity: each message is settled as
    // undeliverable (shown to clerks) instead of waiting forever.
    await waitFor(async () => ((await messagesOf(db, row.id)).every((m) => m.status === 'undeliverable') ? true : undefined), 'messages settled');
    expect((await messagesOf(db, row.id)).map((m) => m.undeliverable_reason)).toEqual(Array(5).fill('no_zalo_identity'));
    expect(messages.map((m) => m.idempotency_key)).toEqual(messages.map((m) => expect.stringMatching(new RegExp(`^${row.id}:\\d+:applicant:${m.template}(:more)?$`))));
    expect(messages[1]!.text).toContain(`Mã hồ sơ: ${code}`);
    expect(messages[2]!.text).toContain(`Hồ sơ ${code}`);
    for (const m of messages) expect(m.text).not.toMatch(/undefined|\{[\w.]+\}/);
    for (const m of messages.slice(0, 3)) expect(m.text).toContain('Nguyễn Thị Lan');

    // Access log: every staff read or change of this dossier, in order.
    const log = await db.selectFrom('dossier_access_log').select(['staff_id', 'purpose']).where('dossier_id', '=', row.id).orderBy('at').execute();
    expect(log.map((l) => [l.staff_id, l.purpose])).toEqual([
      [team.receiver.actor.staffId, 'claim'],
      [team.receiver.actor.staffId, 'act'],
      [team.officer.actor.staffId, 'act'],
      [team.chief.actor.staffId, 'act'],
      [team.officer.actor.staffId, 'view'],
      [team.chief.actor.staffId, 'timeline'],
    ]);

    // ---- Temporal visibility ----
    const workflowId = workflowIdFor(code);
    expect(workflowId).toBe(`dossier:${code}`);
    const found = await waitFor(
      async () => {
        for await (const wf of env.client.workflow.list({ query: "MotcuaProcedure='TAM_TRU' AND MotcuaState='done'" })) {
          if (wf.workflowId === workflowId) return wf;
        }
        return undefined;
      },
      `${workflowId} in visibility as done`,
      30_000,
    );
    expect(found.taskQueue).toBe(worker.taskQueue);
    const description = await env.client.workflow.getHandle(workflowId).describe();
    expect(description.typedSearchAttributes.get(StateAttr)).toBe('done');
    expect(description.typedSearchAttributes.get(UnitAttr)).toBe(WARD);
  });
});

// ---- 2. bad input ----

describe('bad input gets a 4xx JSON error, never a 500', () => {
  const noDossierNamed = async (name: string) => {
    const rows = await db.selectFrom('dossiers').select('code').where(({ ref }) => ref('applicant', '->>').key('name'), '=', name).execute();
    expect(rows).toEqual([]);
  };

  it('malformed JSON body → 400', async () => {
    const res = await call('POST', '/api/dossiers', { raw: '{"procedureCode": "TAM_TRU", ' });
    const error = expectError(res, 400, 'BAD_REQUEST');
    expect(error.issues).toEqual([]);
  });

  it('wrong media type → 415, empty body → 400, too large → 413', async () => {
    const json = JSON.stringify(submitRequest(tamTruForm()));
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      const error = expectError(await call('POST', '/api/dossiers', { raw: json, headers: { 'content-type': type } }), 415, 'UNSUPPORTED_MEDIA_TYPE');
      expect(error.message).toMatch(/JSON/);
    }
    // A body without any Content-Type (a Blob with no type makes fetch send none).
    const bare = await fetch(`${base}/api/dossiers`, { method: 'POST', body: new Blob([json]) });
    expect(bare.status).toBe(415);
    expect(bare.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await bare.json()).toMatchObject({ error: { code: 'UNSUPPORTED_MEDIA_TYPE', issues: [] } });
    expectError(await call('POST', '/api/dossiers', { raw: '' }), 400, 'BAD_REQUEST');
    expect(pathsOf(expectError(await call('POST', '/api/dossiers', { raw: 'null' }), 422, 'VALIDATION_FAILED'))).toEqual(['(root)']);
    const d = 'DHT-000101-0001';
    const noBody = await call('POST', `/api/staff/dossiers/${d}/actions`, { token: team.receiver.token });
    expect(pathsOf(expectError(noBody, 422, 'VALIDATION_FAILED'))).toEqual(['action', 'expectedVersion']);

    // Over the 1 MiB limit, on a connection of its own (the server answers before reading it all).
    const big = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const payload = JSON.stringify({ ...submitRequest(tamTruForm()), padding: 'a'.repeat(1_100_000) });
      const req = httpRequest(`${base}/api/dossiers`, {
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      });
      req.on('response', (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end(payload);
    });
    expect(big.status).toBe(413);
    expect(JSON.parse(big.body)).toEqual({ error: { code: 'PAYLOAD_TOO_LARGE', message: 'Dữ liệu gửi lên quá lớn.', issues: [] } });
  });

  it('query and header validation', async () => {
    const view = expectError(await call('GET', '/api/staff/inbox?view=bogus', { token: team.receiver.token }), 422, 'VALIDATION_FAILED');
    expect(pathsOf(view)).toEqual(['query.view']);
    const noToken = expectError(await call('GET', '/api/dossiers/DHT-000101-0001'), 422, 'VALIDATION_FAILED');
    expect(pathsOf(noToken)).toEqual(['header.x-dossier-token']);
    const version = expectError(await call('GET', '/api/admin/procedures/TAM_TRU/versions/abc', { token: admin.token }), 422, 'VALIDATION_FAILED');
    expect(pathsOf(version)).toEqual(['param.version']);
  });

  it('request shape: missing applicant name, unknown keys, no body', async () => {
    const marker = `Người thử ${randomUUID()}`;
    const noName = { ...submitRequest(tamTruForm()), applicant: { phone: '0901234567' } };
    const e1 = expectError(await call('POST', '/api/dossiers', { json: noName }), 422, 'VALIDATION_FAILED');
    expect(pathsOf(e1)).toEqual(['applicant.name']);

    const blankName = { ...submitRequest(tamTruForm()), applicant: { name: '   ' } };
    expect(pathsOf(expectError(await call('POST', '/api/dossiers', { json: blankName }), 422, 'VALIDATION_FAILED'))).toEqual(['applicant.name']);

    const extra = { ...submitRequest(tamTruForm()), applicant: { name: marker }, isAdmin: true };
    expect(expectError(await call('POST', '/api/dossiers', { json: extra }), 422, 'VALIDATION_FAILED').issues).toHaveLength(1);

    // A body that is JSON but not an object.
    expectError(await call('POST', '/api/dossiers', { json: [1, 2] }), 422, 'VALIDATION_FAILED');
    await noDossierNamed(marker);
  });

  it('form data: every bad field at its path, in Vietnamese', async () => {
    const marker = `Người thử ${randomUUID()}`;
    const body = {
      ...submitRequest({ ...tamTruForm(), cccd: '12345', stayUntil: '2001-01-01', phone: '12', nickname: 'x' }),
      applicant: { name: marker },
    };
    const error = expectError(await call('POST', '/api/dossiers', { json: body }), 422, 'VALIDATION_FAILED');
    expect(issueAt(error, 'formData.cccd')?.message).toBe('Số định danh cá nhân (CCCD) phải gồm đúng 12 chữ số.');
    expect(issueAt(error, 'formData.stayUntil')?.message).toBe('Tạm trú đến ngày không được là ngày đã qua.');
    expect(issueAt(error, 'formData.phone')?.message).toMatch(/^Số điện thoại phải là số di động Việt Nam/);
    expect(issueAt(error, 'formData')?.message).toBe('Biểu mẫu không có trường: nickname.');
    expect(pathsOf(error).sort()).toEqual(['formData', 'formData.cccd', 'formData.phone', 'formData.stayUntil']);

    const missing = { ...submitRequest({ ...tamTruForm(), fullName: undefined }), applicant: { name: marker } };
    const e2 = expectError(await call('POST', '/api/dossiers', { json: missing }), 422, 'VALIDATION_FAILED');
    expect(e2.issues).toEqual([expect.objectContaining({ path: 'formData.fullName', message: 'Thiếu thông tin bắt buộc: Họ, chữ đệm và tên.' })]);
    await noDossierNamed(marker);
  });

  it('unknown procedure, a unit that cannot handle it, and a dissolved ward', async () => {
    const marker = `Người thử ${randomUUID()}`;
    const unknown = { ...submitRequest(tamTruForm()), procedureCode: 'KHONG_CO', applicant: { name: marker } };
    expect(pathsOf(expectError(await call('POST', '/api/dossiers', { json: unknown }), 422, 'VALIDATION_FAILED'))).toEqual(['procedureCode']);

    const province = { ...submitRequest(tamTruForm(), 'ca-tphcm'), applicant: { name: marker } };
    expect(pathsOf(expectError(await call('POST', '/api/dossiers', { json: province }), 422, 'UNIT_NOT_COMPETENT'))).toEqual(['unitId']);

    // A unit id that does not exist is refused at unitId too (today as 404 NOT_FOUND).
    const nowhere = await call('POST', '/api/dossiers', { json: { ...submitRequest(tamTruForm(), 'ca-khong-co'), applicant: { name: marker } } });
    expect([404, 422]).toContain(nowhere.status);
    expect(pathsOf(expectError(nowhere, nowhere.status, nowhere.body.error.code))).toEqual(['unitId']);
    await noDossierNamed(marker);

    // The old ward Tân Thới Nhất was merged into Đông Hưng Thuận: the dossier goes there.
    const moved = await submitted(submitRequest(tamTruForm(), 'ca-q12-tan-thoi-nhat'));
    expect(moved.code).toMatch(/^DHT-\d{6}-\d{4}$/);
    expect(moved.view.unitId).toBe(WARD);
    expect((await dossierRow(db, moved.code)).unit_id).toBe(WARD);
    expect(await inboxCodes(team.receiver, 'unassigned')).toContain(moved.code);
    await withdraw(moved.code, moved.token);
  });

  it('actions: missing reason, stale version, unknown action, bad body, bad code in the path', async () => {
    const d = await submitted();
    const version = d.view.stateVersion as number;

    const noReason = expectError(await act(d.code, team.receiver, 'reject', version), 422, 'MISSING_INPUT');
    expect(pathsOf(noReason)).toEqual(['reason']);
    expect(pathsOf(expectError(await act(d.code, team.receiver, 'reject', version, { reason: '   ' }), 422, 'MISSING_INPUT'))).toEqual(['reason']);

    const stale = expectError(await act(d.code, team.receiver, 'accept', version - 1), 409, 'VERSION_CONFLICT');
    expect(stale.message).toMatch(/đã thay đổi/);

    const unknown = expectError(await act(d.code, team.receiver, 'fly', version), 422, 'UNKNOWN_ACTION');
    expect(pathsOf(unknown)).toEqual(['action']);

    const wrongRole = expectError(await act(d.code, team.officer, 'accept', version), 403, 'FORBIDDEN');
    expect(wrongRole.message.length).toBeGreaterThan(0);

    expect(pathsOf(expectError(await act(d.code, team.receiver, 'accept', -1), 422, 'VALIDATION_FAILED'))).toEqual(['expectedVersion']);
    const noVersion = await call('POST', `/api/staff/dossiers/${d.code}/actions`, { token: team.receiver.token, json: { action: 'accept' } });
    expect(pathsOf(expectError(noVersion, 422, 'VALIDATION_FAILED'))).toEqual(['expectedVersion']);
    expectError(await act(d.code, team.receiver, 'accept', version, { sudo: true }), 422, 'VALIDATION_FAILED');
    const brokenJson = await call('POST', `/api/staff/dossiers/${d.code}/actions`, { token: team.receiver.token, raw: '{"action":' });
    expectError(brokenJson, 400, 'BAD_REQUEST');

    // A code that is not a dossier code, for staff and residents alike.
    const badStaff = expectError(await act('not-a-code', team.receiver, 'accept', version), 422, 'VALIDATION_FAILED');
    expect(pathsOf(badStaff)).toEqual(['param.code']);
    const badResident = expectError(await residentView('DHT-1-1', d.token), 422, 'VALIDATION_FAILED');
    expect(pathsOf(badResident)).toEqual(['param.code']);

    // None of that changed the dossier.
    const after = await residentView(d.code, d.token);
    expect(after.body).toMatchObject({ state: 'intake', stateVersion: version });
    expect((await eventsOf(db, (await dossierRow(db, d.code)).id)).map((e) => e.type)).toEqual(['transition']);

    // A terminal dossier refuses further actions with 409.
    await withdraw(d.code, d.token);
    const closed = await residentView(d.code, d.token);
    expectError(await act(d.code, team.receiver, 'accept', closed.body.stateVersion), 409, 'INVALID_STATE');
  });

  it('Idempotency-Key: a replay answers 200 with the same dossier, another body with the key is refused', async () => {
    const key = `idem-${randomUUID()}`;
    const body = submitRequest(tamTruForm());
    const first = await call('POST', '/api/dossiers', { json: body, headers: { 'idempotency-key': key } });
    expect(first.status, first.text).toBe(201);
    const replay = await call('POST', '/api/dossiers', { json: body, headers: { 'idempotency-key': key } });
    expect(replay.status, replay.text).toBe(200);
    expect(replay.body).toEqual(first.body);

    const other = await call('POST', '/api/dossiers', {
      json: { ...body, applicant: { name: 'Người khác' } },
      headers: { 'idempotency-key': key },
    });
    const mismatch = expectError(other, 422, 'IDEMPOTENCY_MISMATCH');
    expect(pathsOf(mismatch)).toEqual(['Idempotency-Key']);
    const short = expectError(await call('POST', '/api/dossiers', { json: body, headers: { 'idempotency-key': 'abc' } }), 422, 'VALIDATION_FAILED');
    expect(pathsOf(short)).toEqual(['header.idempotency-key']);

    const rows = await db.selectFrom('dossiers').select(['code']).where('idempotency_key', '=', key).execute();
    expect(rows).toEqual([{ code: first.body.code }]);
    const d = await residentWaitFor(first.body.code, first.body.accessToken, 'intake');
    await withdraw(d.body.code, first.body.accessToken);
  });
});

// ---- 3. scope ----

describe('scope', () => {
  it('another ward, missing or bad tokens, residents with the wrong token, non-admins', async () => {
    const d = await submitted();
    const other = await submitted();
    const version = d.view.stateVersion as number;

    // A clerk of another ward: the dossier does not exist for them.
    const notFound = expectError(await call('GET', `/api/staff/dossiers/${d.code}`, { token: stranger.token }), 404, 'NOT_FOUND');
    const absent = expectError(await call('GET', `/api/staff/dossiers/DHT-000101-9999`, { token: stranger.token }), 404, 'NOT_FOUND');
    expect(notFound).toEqual(absent); // no difference between "not yours" and "not there"
    expectError(await call('GET', `/api/staff/dossiers/${d.code}/timeline`, { token: stranger.token }), 404, 'NOT_FOUND');
    expectError(await act(d.code, stranger, 'accept', version), 404, 'NOT_FOUND');
    expectError(await call('POST', `/api/staff/dossiers/${d.code}/claim`, { token: stranger.token }), 404, 'NOT_FOUND');
    for (const view of ['all', 'unassigned', 'mine', 'overdue']) expect(await inboxCodes(stranger, view)).not.toContain(d.code);
    const strangerLog = await db.selectFrom('dossier_access_log').select('purpose').where('staff_id', '=', stranger.actor.staffId).execute();
    expect(strangerLog).toEqual([]);
    // The ward's own receiver does see it.
    expect(await inboxCodes(team.receiver, 'all')).toContain(d.code);

    // No token, a wrong token, another scheme, an expired token, a deactivated account.
    const inbox = '/api/staff/inbox';
    expectError(await call('GET', inbox), 401, 'UNAUTHENTICATED');
    expectError(await call('GET', inbox, { token: 'not-a-real-token' }), 401, 'UNAUTHENTICATED');
    expectError(await call('GET', inbox, { headers: { authorization: `Basic ${team.receiver.token}` } }), 401, 'UNAUTHENTICATED');
    expectError(await call('GET', `/api/staff/dossiers/${d.code}`), 401, 'UNAUTHENTICATED');
    expectError(await call('POST', `/api/staff/dossiers/${d.code}/actions`, { json: { action: 'accept', expectedVersion: version } }), 401, 'UNAUTHENTICATED');
    const expired = await createStaff(db, 'Hết Hạn', [{ role: 'receiver', unitId: WARD }]);
    await db.updateTable('staff_tokens').set({ expires_at: new Date(Date.now() - 1000) }).where('staff_id', '=', expired.actor.staffId).execute();
    expectError(await call('GET', inbox, { token: expired.token }), 401, 'UNAUTHENTICATED');
    const retired = await createStaff(db, 'Nghỉ Việc', [{ role: 'receiver', unitId: WARD }]);
    expect((await call('GET', inbox, { token: retired.token })).status).toBe(200);
    await db.updateTable('staff').set({ active: false }).where('id', '=', retired.actor.staffId).execute();
    expectError(await call('GET', inbox, { token: retired.token }), 401, 'UNAUTHENTICATED');

    // Residents: a wrong token, or the token of another dossier, finds nothing.
    expectError(await residentView(d.code, 'x'.repeat(43)), 404, 'NOT_FOUND');
    expectError(await residentView(d.code, other.token), 404, 'NOT_FOUND');
    expectError(await call('GET', `/api/dossiers/${d.code}/timeline`, { dossierToken: other.token }), 404, 'NOT_FOUND');
    expectError(await call('POST', `/api/dossiers/${d.code}/withdraw`, { dossierToken: 'wrong', json: {} }), 404, 'NOT_FOUND');
    expect((await residentView(d.code, d.token)).status).toBe(200);

    // Admin endpoints: staff without the admin role are refused, strangers are not signed in.
    const admins = [
      ['GET', '/api/admin/procedures/TAM_TRU/versions'],
      ['GET', '/api/admin/procedures/TAM_TRU/versions/1'],
      ['POST', '/api/admin/procedures/validate'],
      ['POST', '/api/admin/procedures'],
      ['POST', '/api/admin/procedures/TAM_TRU/versions/1/publish'],
    ] as const;
    for (const [method, path] of admins) {
      const json = method === 'POST' ? { code: 'X' } : undefined;
      expectError(await call(method, path, { token: team.chief.token, json }), 403, 'FORBIDDEN');
      expectError(await call(method, path, { json }), 401, 'UNAUTHENTICATED');
    }

    // Nothing above changed the dossier.
    expect((await residentView(d.code, d.token)).body).toMatchObject({ state: 'intake', stateVersion: version });
    await withdraw(d.code, d.token);
    await withdraw(other.code, other.token);
  });
});

// ---- 4. admin: definitions and versions ----

describe('admin: procedure definitions', () => {
  it('validates, refuses invalid drafts, and versions a copy of TAM_TRU without touching running dossiers', async () => {
    const asAdmin = { token: admin.token };
    const published = await call('GET', '/api/admin/procedures/TAM_TRU/versions/1', asAdmin);
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ code: 'TAM_TRU', version: 1, initial: 'intake' });
    const v1Body = published.body as Record<string, unknown> & { messages: Record<string, { vi: string }>; states: Record<string, Record<string, unknown>> };
    expectError(await call('GET', '/api/admin/procedures/TAM_TRU/versions/99', asAdmin), 404, 'NOT_FOUND');
    expectError(await call('GET', '/api/admin/procedures/tam-tru/versions/1', asAdmin), 422, 'VALIDATION_FAILED');

    // Validation reports every problem, each at its path.
    const ok = await call('POST', '/api/admin/procedures/validate', { ...asAdmin, json: v1Body });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ ok: true, issues: [] });
    const broken = structuredClone(v1Body);
    broken.initial = 'nowhere';
    (broken.states.intake as { role: string }).role = 'janitor';
    (broken.states.review as { actions: Record<string, { to: string }> }).actions.approve!.to = 'limbo';
    const invalid = await call('POST', '/api/admin/procedures/validate', { ...asAdmin, json: broken });
    expect(invalid.status).toBe(200);
    expect(invalid.body.ok).toBe(false);
    const issuePaths = (invalid.body.issues as Array<{ path: string; code: string; message: string }>).map((i) => i.path);
    expect(invalid.body.issues.length).toBeGreaterThanOrEqual(3);
    expect(issuePaths).toEqual(expect.arrayContaining(['initial', 'states.intake.role', 'states.review.actions.approve.to']));
    for (const i of invalid.body.issues) expect(i).toEqual({ path: expect.any(String), code: expect.any(String), message: expect.any(String) });

    // An invalid draft is refused with its issues; nothing is stored.
    const refused = expectError(await call('POST', '/api/admin/procedures', { ...asAdmin, json: broken }), 422, 'INVALID_DEFINITION');
    expect(pathsOf(refused)).toEqual(expect.arrayContaining(['initial', 'states.intake.role', 'states.review.actions.approve.to']));
    const shapeless = expectError(await call('POST', '/api/admin/procedures', { ...asAdmin, json: { code: 'lower case' } }), 422, 'INVALID_DEFINITION');
    expect(shapeless.issues.length).toBeGreaterThan(1);
    expect(pathsOf(shapeless)).toContain('code');
    expectError(await call('POST', '/api/admin/procedures', { ...asAdmin, json: ['not', 'an', 'object'] }), 422, 'VALIDATION_FAILED');
    expectError(await call('POST', '/api/admin/procedures', { ...asAdmin, raw: '{' }), 400, 'BAD_REQUEST');
    const versionsOfTamTru = await call('GET', '/api/admin/procedures/TAM_TRU/versions', asAdmin);
    expect(versionsOfTamTru.body.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([[1, 'published']]);

    // A separate code for the versioning test, so the shared TAM_TRU stays as it is.
    const CODE = 'TAM_TRU_TEST';
    expect((await call('GET', `/api/admin/procedures/${CODE}/versions`, asAdmin)).body).toEqual([]);
    const draft1 = await call('POST', '/api/admin/procedures', { ...asAdmin, json: { ...v1Body, code: CODE } });
    expect(draft1.status, draft1.text).toBe(201);
    expect(draft1.body).toEqual({ code: CODE, version: 1, status: 'draft', contentHash: expect.stringMatching(/^[0-9a-f]{64}$/), createdAt: expect.any(String), publishedAt: null, retiredAt: null });

    // A draft cannot be used yet.
    const early = expectError(await call('POST', '/api/dossiers', { json: { ...submitRequest(tamTruForm()), procedureCode: CODE } }), 422, 'VALIDATION_FAILED');
    expect(pathsOf(early)).toEqual(['procedureCode']);
    expectError(await call('GET', `/api/procedures/${CODE}`), 404, 'NOT_FOUND');

    const pub1 = await call('POST', `/api/admin/procedures/${CODE}/versions/1/publish`, asAdmin);
    expect(pub1.status, pub1.text).toBe(200);
    expect(pub1.body).toMatchObject({ code: CODE, version: 1, status: 'published', publishedAt: expect.any(String) });

    // Version 2 changes the "submitted" message.
    const MARK = 'Phiên bản 2 của biểu mẫu.';
    const v2Body = structuredClone(v1Body);
    v2Body.code = CODE;
    v2Body.messages.submitted = { vi: `${v1Body.messages.submitted!.vi} ${MARK}` };
    const draft2 = await call('POST', '/api/admin/procedures', { ...asAdmin, json: v2Body });
    expect(draft2.status, draft2.text).toBe(201);
    expect(draft2.body).toMatchObject({ code: CODE, version: 2, status: 'draft', publishedAt: null });
    expect(draft2.body.contentHash).not.toBe(draft1.body.contentHash);

    // Submitting still uses v1 until v2 is published.
    const before = await submitted({ ...submitRequest(tamTruForm()), procedureCode: CODE });
    expect(before.view).toMatchObject({ procedureCode: CODE, procedureVersion: 1 });
    expect((await call('GET', `/api/procedures/${CODE}`)).body).toMatchObject({ code: CODE, version: 1 });

    const pub2 = await call('POST', `/api/admin/procedures/${CODE}/versions/2/publish`, asAdmin);
    expect(pub2.status, pub2.text).toBe(200);
    expect(pub2.body).toMatchObject({ code: CODE, version: 2, status: 'published' });
    const versions = await call('GET', `/api/admin/procedures/${CODE}/versions`, asAdmin);
    expect(versions.body.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([
      [2, 'published'],
      [1, 'retired'],
    ]);
    expectError(await call('POST', `/api/admin/procedures/${CODE}/versions/2/publish`, asAdmin), 409, 'ALREADY_PUBLISHED');
    expectError(await call('POST', `/api/admin/procedures/${CODE}/versions/1/publish`, asAdmin), 409, 'ALREADY_PUBLISHED');
    expectError(await call('POST', `/api/admin/procedures/${CODE}/versions/7/publish`, asAdmin), 404, 'NOT_FOUND');
    const catalogue = (await call('GET', '/api/procedures')).body as Array<{ code: string; version: number }>;
    expect(catalogue.filter((p) => p.code === CODE || p.code === 'TAM_TRU').map((p) => [p.code, p.version]).sort()).toEqual([
      ['TAM_TRU', 1],
      [CODE, 2],
    ]);

    // A new dossier gets v2 (and its message); the earlier one keeps v1 to the end.
    const after = await submitted({ ...submitRequest(tamTruForm()), procedureCode: CODE });
    expect(after.view).toMatchObject({ procedureCode: CODE, procedureVersion: 2 });
    const [rowBefore, rowAfter] = [await dossierRow(db, before.code), await dossierRow(db, after.code)];
    expect([rowBefore.procedure_version, rowAfter.procedure_version]).toEqual([1, 2]);
    const submittedText = async (id: string) => (await messagesOf(db, id)).find((m) => m.template === 'submitted')!.text;
    expect(await submittedText(rowBefore.id)).not.toContain(MARK);
    expect(await submittedText(rowAfter.id)).toContain(MARK);

    const accepted = await act(before.code, team.receiver, 'accept', before.view.stateVersion);
    expect(accepted.status, accepted.text).toBe(200);
    expect(accepted.body).toMatchObject({ state: 'review', procedureCode: CODE, procedureVersion: 1 });
    const reviewed = await act(before.code, team.officer, 'approve', accepted.body.stateVersion);
    expect(reviewed.body).toMatchObject({ state: 'decision', procedureVersion: 1 });
    const done = await act(before.code, team.chief, 'approve', reviewed.body.stateVersion);
    expect(done.status, done.text).toBe(200);
    expect(done.body).toMatchObject({ state: 'done', outcome: 'approved', procedureCode: CODE, procedureVersion: 1 });
    expect(await dossierRow(db, before.code)).toMatchObject({ state: 'done', procedure_version: 1, result: { document: 'CT08' } });

    await withdraw(after.code, after.token);

    // The shared TAM_TRU is untouched: still v1, still published.
    const tamTruAfter = await call('GET', '/api/admin/procedures/TAM_TRU/versions', asAdmin);
    expect(tamTruAfter.body.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([[1, 'published']]);
  });
});

// ---- 5. documentation and probes ----

describe('OpenAPI, health and readiness', () => {
  it('serves an OpenAPI 3.1 document with the dossier paths', async () => {
    const res = await call('GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(res.body.info).toMatchObject({ title: 'motcua API' });
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/api/dossiers', '/api/staff/dossiers/{code}/actions', '/api/staff/inbox']));
    expect(res.body.paths['/api/dossiers'].post).toBeDefined();
    expect(res.body.paths['/api/staff/dossiers/{code}/actions'].post.security).toEqual([{ bearer: [] }]);
    expect(res.body.components.securitySchemes.bearer).toEqual({ type: 'http', scheme: 'bearer' });
  });

  it('health and readiness', async () => {
    const health = await call('GET', '/health');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok' });
    const ready = await call('GET', '/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ database: true, temporal: true });
    expectError(await call('GET', '/api/nope'), 404, 'NOT_FOUND');
  });
});

// ---- 6. holiday calendar ----

describe('holiday calendar (admin)', () => {
  /** A weekday about two years ahead: inside a new dossier's 3-year calendar slice, far from any due date other tests compute. */
  function farWeekday(): string {
    let t = Date.now() + 730 * 86_400_000;
    while ([0, 6].includes(new Date(`${localDate(t)}T00:00:00Z`).getUTCDay())) t += 86_400_000;
    return localDate(t);
  }

  it('adds, overrides and removes days, with 4xx on bad input, and new dossiers snapshot the calendar', async () => {
    const date = farWeekday();
    const body = { kind: 'off', name: 'Nghỉ bù kiểm thử', status: 'proposed', source: 'Thông báo kiểm thử' };
    expectError(await call('PUT', `/api/admin/holidays/${date}`, { token: team.chief.token, json: body }), 403, 'FORBIDDEN');
    const put = await call('PUT', `/api/admin/holidays/${date}`, { token: admin.token, json: body });
    expect(put.status, put.text).toBe(200);
    expect(put.body).toMatchObject({ date, kind: 'off', status: 'proposed' });
    const confirmed = await call('PUT', `/api/admin/holidays/${date}`, { token: admin.token, json: { ...body, status: 'confirmed' } });
    expect(confirmed.body).toMatchObject({ date, status: 'confirmed' });
    const year = await call('GET', `/api/admin/holidays?year=${date.slice(0, 4)}`, { token: admin.token });
    expect(year.body.filter((h: { date: string }) => h.date === date)).toEqual([expect.objectContaining({ name: 'Nghỉ bù kiểm thử', status: 'confirmed' })]);

    const weekdayWorking = expectError(await call('PUT', `/api/admin/holidays/${date}`, { token: admin.token, json: { ...body, kind: 'working' } }), 422, 'VALIDATION_FAILED');
    expect(pathsOf(weekdayWorking)).toEqual(['kind']);
    const badDate = expectError(await call('PUT', '/api/admin/holidays/2026-13-01', { token: admin.token, json: body }), 422, 'VALIDATION_FAILED');
    expect(pathsOf(badDate)).toEqual(['param.date']);
    const missingName = expectError(await call('PUT', `/api/admin/holidays/${date}`, { token: admin.token, json: { kind: 'off', source: 'x' } }), 422, 'VALIDATION_FAILED');
    expect(pathsOf(missingName)).toEqual(['name']);

    // A dossier started now carries the new day off in its workflow input.
    const { code, token } = await submitted();
    const history = await env.client.workflow.getHandle(workflowIdFor(code)).fetchHistory();
    // Payloads are encrypted in Temporal (the codec decodes them, as the worker does).
    const [payload] = await TEST_CODEC.decode([history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!]);
    const input = defaultPayloadConverter.fromPayload<DossierInput>(payload!);
    expect(input.calendar.daysOff).toContain(date);
    await withdraw(code, token);

    expect((await call('DELETE', `/api/admin/holidays/${date}`, { token: admin.token })).status).toBe(204);
    expectError(await call('DELETE', `/api/admin/holidays/${date}`, { token: admin.token }), 404, 'NOT_FOUND');
  });
});
