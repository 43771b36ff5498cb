// A request id on every API log line and on what the request asks of Temporal: the clerk's action
// line names its route pattern and request id and no personal value; the workflow's start and the
// activities scheduled after the clerk's Update carry the id of the request behind them, and an
// activity's log line carries it. (API and worker share this process, so one logger holds both.)
import { Writable } from 'node:stream';
import { defaultPayloadConverter } from '@temporalio/common';
import { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { requestIdClientInterceptor } from '../../telemetry/request-id.js';
import { setService } from '../../telemetry/log.js';
import { REQUEST_ID_HEADER } from '../../workflows/request-id.js';
import { workflowIdFor } from '../../workflows/dossier.messages.js';
import { appZaloDeps, submitRequest, tamTruForm, TEST_CODEC, TEST_FILES, TEST_SECRET, testDb, waitFor, waitForState, wardTeam } from '../support/fixtures.js';
import { dataConverterFor } from '../../temporal-codec.js';
import { listen, type Listening } from '../support/http.js';
import { devServerEnv, startWorker, type RunningWorker } from '../support/temporal.js';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Db } from '../../db/database.js';

const lines: Array<Record<string, unknown>> = [];
const raw: string[] = [];
let env: TestWorkflowEnvironment;
let db: Db;
let worker: RunningWorker;
let http: Listening;

beforeAll(async () => {
  setService('api', {
    level: 'info',
    destination: new Writable({ write: (chunk: Buffer, _enc, done) => (raw.push(chunk.toString()), lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>), done()) }),
  });
  env = await devServerEnv();
  db = testDb();
  worker = await startWorker(env, db);
  // The API's client, as temporal.ts connects it: with the payload codec and the request-id interceptor.
  const temporal = new Client({ connection: env.connection, namespace: env.namespace, dataConverter: dataConverterFor(TEST_CODEC), interceptors: { workflow: [requestIdClientInterceptor] } });
  http = await listen(createApp({ db, temporal, taskQueue: worker.taskQueue, secret: TEST_SECRET, files: TEST_FILES, ...appZaloDeps() }).fetch);
});

afterAll(async () => {
  await http?.close();
  await worker?.stop();
  await env?.teardown();
  await db?.destroy();
});

const headerOf = (headers: { fields?: Record<string, unknown> | null } | null | undefined) => {
  const payload = headers?.fields?.[REQUEST_ID_HEADER];
  return payload ? defaultPayloadConverter.fromPayload<string>(payload as never) : undefined;
};

describe('request ids', () => {
  it('are on the API log lines and reach the workflow and its activities', async () => {
    const team = await wardTeam(db);
    const submission = submitRequest(tamTruForm());
    const sub = await fetch(`${http.base}/api/dossiers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'req-submit-1' },
      body: JSON.stringify(submission),
    });
    expect(sub.status).toBe(201);
    expect(sub.headers.get('x-request-id')).toBe('req-submit-1');
    const { code } = (await sub.json()) as { code: string };
    const intake = await waitForState(db, code, 'intake');

    const claim = await fetch(`${http.base}/api/staff/dossiers/${code}/claim`, { method: 'POST', headers: { authorization: `Bearer ${team.receiver.token}` } });
    expect(claim.status).toBe(200);
    const generated = claim.headers.get('x-request-id');
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
    const accept = await fetch(`${http.base}/api/staff/dossiers/${code}/actions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${team.receiver.token}`, 'x-request-id': 'req-accept-1' },
      body: JSON.stringify({ action: 'accept', expectedVersion: intake.state_version + 1 }),
    });
    expect(accept.status, await accept.clone().text()).toBe(200);

    const line = lines.find((l) => l.requestId === 'req-accept-1');
    expect(line).toMatchObject({ name: 'api', msg: 'request', method: 'POST', route: '/api/staff/dossiers/:code/actions', status: 200 });
    expect(lines.find((l) => l.requestId === generated)).toMatchObject({ route: '/api/staff/dossiers/:code/claim' });
    expect(lines.find((l) => l.requestId === 'req-submit-1')).toMatchObject({ route: '/api/dossiers', status: 201 });
    for (const value of [submission.applicant.name, submission.applicant.phone, String(submission.formData.cccd), code]) expect(raw.join(''), value).not.toContain(value);

    const history = await env.client.workflow.getHandle(workflowIdFor(code)).fetchHistory();
    const events = history.events ?? [];
    const started = events.find((e) => e.workflowExecutionStartedEventAttributes)!;
    expect(headerOf(started.workflowExecutionStartedEventAttributes!.header)).toBe('req-submit-1');
    const updateAt = events.findIndex((e) => e.workflowExecutionUpdateAcceptedEventAttributes && headerOf(e.workflowExecutionUpdateAcceptedEventAttributes.acceptedRequest?.input?.header) === 'req-accept-1');
    expect(updateAt).toBeGreaterThan(0);
    const scheduledAfter = events.slice(updateAt).filter((e) => e.activityTaskScheduledEventAttributes);
    expect(scheduledAfter.length).toBeGreaterThan(0);
    expect(scheduledAfter.map((e) => headerOf(e.activityTaskScheduledEventAttributes!.header))).toContain('req-accept-1');
    // The activities log under it too: the receipt, settled at once (the applicant has no Zalo identity).
    const settled = await waitFor(async () => lines.find((l) => l.msg === 'message settled' && l.requestId === 'req-submit-1'), 'the receipt to be settled');
    expect(settled).toMatchObject({ name: 'api', channel: 'none', outcome: 'no_zalo_identity' });
  });
});
