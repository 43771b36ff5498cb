// One trace follows a submission from the HTTP request to the Zalo send: the API's server span,
// PostgreSQL queries, the workflow start, the dossier workflow's activities, the conversation
// workflow started from one of them, its delivery activity and the Zalo calls, exported over
// OTLP/HTTP to a collector in this process.
import { afterAll, describe, expect, it } from 'vitest';
import { startTracing } from '../../telemetry/tracing.js';
import { submitRequest, tamTruForm, waitFor } from '../support/fixtures.js';
import { startCollector } from '../support/otlp-collector.js';
import { useZaloStack } from '../support/zalo-stack.js';

const collector = await startCollector();
const tracing = startTracing('motcua-test', collector.endpoint);
const { s } = useZaloStack({ tracing });

afterAll(async () => {
  await tracing.shutdown();
  await collector.close();
});

describe('tracing', () => {
  it("puts a submission's HTTP, database, workflow, activity and Zalo spans in one trace", async () => {
    const res = await fetch(`${s.api}/api/dossiers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...submitRequest(tamTruForm()), channel: 'zalo', applicant: { name: 'Nguyễn Thị Lan', phone: '0901234567', zaloUserId: s.userId, oaId: s.oaId } }),
    });
    expect(res.status).toBe(201);
    const { code } = (await res.json()) as { code: string };
    const row = await s.db.selectFrom('dossiers').select('id').where('code', '=', code).executeTakeFirstOrThrow();
    await waitFor(async () => {
      const m = await s.db.selectFrom('messages').select('status').where('dossier_id', '=', row.id).executeTakeFirst();
      return m && m.status !== 'queued' && m.status !== 'sending' ? m : undefined;
    }, 'the receipt to be sent');

    const trace = await waitFor(async () => {
      await tracing.flush();
      const http = collector.spans.find((sp) => sp.name === 'POST /api/dossiers');
      const spans = http ? collector.spans.filter((sp) => sp.traceId === http.traceId) : [];
      // Workflow spans arrive with the workflow's next activation (through its sink).
      const done = ['RunActivity:deliverMessage', 'StartActivity:deliverMessage'].every((n) => spans.some((sp) => sp.name === n));
      return done && spans.some((sp) => sp.name.startsWith('zalo ')) ? spans : undefined;
    }, 'the trace to reach the Zalo send');
    const names = trace.map((sp) => sp.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'POST /api/dossiers',
        'StartWorkflow:dossierWorkflow',
        'StartActivity:recordEvent',
        'RunActivity:recordEvent',
        'SignalWithStartWorkflow:conversationWorkflow',
        'StartActivity:deliverMessage',
        'RunActivity:deliverMessage',
        'zalo POST /v3.0/oa/message/cs',
      ]),
    );
    expect(names.some((n) => n.startsWith('pg.query:INSERT'))).toBe(true);
    // Parents resolve inside the trace (only the long-running workflow spans, still open, are not exported yet).
    const ids = new Set(trace.map((sp) => sp.spanId));
    const zalo = trace.find((sp) => sp.name === 'zalo POST /v3.0/oa/message/cs')!;
    expect(ids.has(zalo.parentSpanId!)).toBe(true);
    expect(zalo.attributes).toMatchObject({ 'zalo.api': 'oa', 'zalo.oa_id': s.oaId });
    // Nothing personal in any span: no query parameter, form value or message (workflow ids name the
    // dossier code and the Zalo user id, as Temporal itself does).
    const dump = JSON.stringify(trace);
    for (const value of ['Nguyễn Thị Lan', '0901234567', '84901234567', 'Thuê nhà để đi làm', '079190012345']) expect(dump, value).not.toContain(value);
    expect(trace.find((sp) => sp.name === 'POST /api/dossiers')!.attributes).toMatchObject({ 'http.route': '/api/dossiers', 'http.status_code': 201 });
  });
});
