// /metrics over real HTTP: the API's request histogram by route pattern, webhook outcomes and rate
// limits; the worker's message outcomes, Zalo error codes and the gauges read from PostgreSQL; the
// Temporal SDK's own exporter. Both endpoints listen apart from the API and want the bearer token.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitDossier } from '../../api/dossiers/submit.js';
import { apiRegistry } from '../../telemetry/api-metrics.js';
import { serveMetrics, type MetricsListener } from '../../telemetry/metrics-server.js';
import { workerRegistry } from '../../telemetry/worker-metrics.js';
import { webhookMac } from '../../zalo/simulator/index.js';
import { insertDossierRow, submitRequest, tamTruForm, TEST_BOX, TEST_SECRET, waitFor, WARD } from '../support/fixtures.js';
import { freePort } from '../../scripts/dev-server.js';
import { sample, scrape } from '../support/metrics.js';
import { installRuntime } from '../support/temporal.js';
import { useZaloStack } from '../support/zalo-stack.js';

const TOKEN = 'metrics-token-0123456789';
const temporalMetricsPort = await freePort();
installRuntime({ prometheusPort: temporalMetricsPort });
const { s, control, userDoes, waitForMessages } = useZaloStack();
let api: MetricsListener;
let worker: MetricsListener;

beforeAll(async () => {
  api = await serveMetrics(apiRegistry, { host: '127.0.0.1', port: 0, token: TOKEN });
  worker = await serveMetrics(workerRegistry(s.db), { host: '127.0.0.1', port: 0, token: TOKEN });
});
afterAll(async () => {
  await api?.close();
  await worker?.close();
});

function signed(body: Record<string, unknown>, secret = s.app.oa_secret_key) {
  const timestamp = String(Date.now());
  const raw = JSON.stringify({ app_id: s.app.app_id, timestamp, ...body });
  return { raw, signature: `mac=${webhookMac(s.app.app_id, raw, timestamp, secret)}` };
}
const postWebhook = ({ raw, signature }: { raw: string; signature: string }) =>
  fetch(`${s.api}/webhooks/zalo`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-zevent-signature': signature }, body: raw });
const text = (t: string, id: string) => ({ event_name: 'user_send_text', sender: { id: s.userId }, recipient: { id: s.oaId }, user_id_by_app: s.userId, message: { text: t, msg_id: id } });

describe('/metrics', () => {
  it('is refused without the token and served with it, on its own listener', async () => {
    expect((await scrape(api.url)).status).toBe(401);
    expect((await scrape(api.url, 'wrong-token-0123456789')).status).toBe(401);
    expect((await scrape(worker.url)).status).toBe(401);
    expect((await fetch(`${s.api}/metrics`)).status).toBe(404); // not on the public port
    expect((await scrape(api.url, TOKEN)).status).toBe(200);
  });

  it('counts API requests by route pattern, webhook outcomes and rate-limited logins', async () => {
    const code = `DHT-991231-${String(Date.now() % 10_000).padStart(4, '0')}`;
    const unknown = await fetch(`${s.api}/api/dossiers/${code}`);
    expect(unknown.status).toBeGreaterThanOrEqual(400);
    expect((await fetch(`${s.api}/api/procedures`)).status).toBe(200);
    expect((await postWebhook(signed(text('menu', `m-forged-${randomUUID()}`), 'not-the-secret'))).status).toBe(401);
    const once = signed(text('trợ giúp', `m-${randomUUID()}`));
    expect((await postWebhook(once)).status).toBe(200);
    expect((await postWebhook(once)).status).toBe(200);
    const username = `locked-${randomUUID()}`;
    const recent = new Date(Date.now() - 60_000);
    await s.db.insertInto('login_attempts').values(Array.from({ length: 10 }, () => ({ username, ip: '203.0.113.9', ok: false, at: recent }))).execute();
    const limited = await fetch(`${s.api}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'x' }) });
    expect(limited.status).toBe(429);

    const { text: body } = await scrape(api.url, TOKEN);
    expect(sample(body, `motcua_http_request_duration_seconds_count{method="GET",route="/api/dossiers/:code",status="${unknown.status}"}`)).toBeGreaterThanOrEqual(1);
    expect(sample(body, 'motcua_http_request_duration_seconds_count{method="GET",route="/api/procedures",status="200"}')).toBeGreaterThanOrEqual(1);
    expect(sample(body, 'motcua_http_request_duration_seconds_bucket{le="10",method="GET",route="/api/procedures",status="200"}')).toBeGreaterThanOrEqual(1);
    expect(body).not.toContain(code);
    expect(sample(body, 'motcua_zalo_webhooks_total{outcome="signature_failed"}')).toBeGreaterThanOrEqual(1);
    expect(sample(body, 'motcua_zalo_webhooks_total{outcome="accepted"}')).toBeGreaterThanOrEqual(1);
    expect(sample(body, 'motcua_zalo_webhooks_total{outcome="duplicate"}')).toBeGreaterThanOrEqual(1);
    expect(sample(body, 'motcua_http_rate_limited_total{route="/auth/login"}')).toBe(1);
    expect(sample(body, 'motcua_api_process_cpu_seconds_total')).toBeGreaterThan(0);
  });

  it('counts messages by channel and outcome, Zalo errors by code, and reads open, late and overdue work from PostgreSQL', async () => {
    await userDoes({ type: 'follow' });
    await waitForMessages(1);
    // The chat shows the message a moment before the activity records it.
    await waitFor(async () => (sample((await scrape(worker.url, TOKEN)).text, 'motcua_messages_total{channel="zalo_cs",outcome="sent"}') ?? 0) >= 1 || undefined, 'the welcome to be counted');

    // Outside the 7-day window: Zalo answers -230, the receipt goes by ZNS to the applicant's phone.
    await control('/clock/advance', { ms: 8 * 24 * 3_600_000 });
    const deps = { db: s.db, temporal: s.env.client, taskQueue: s.worker.taskQueue, secret: TEST_SECRET, box: TEST_BOX };
    const { dossier } = await submitDossier(deps, { ...submitRequest(tamTruForm()), channel: 'zalo', applicant: { name: 'Nguyễn Thị Lan', phone: '0901234567', zaloUserId: s.userId, oaId: s.oaId } }, undefined);
    await waitFor(async () => {
      const m = await s.db.selectFrom('messages').select('status').where('dossier_id', '=', dossier.id).executeTakeFirst();
      return m && m.status !== 'queued' && m.status !== 'sending' ? m : undefined;
    }, 'the receipt to be settled');
    // A late dossier that got its apology letter, with an overdue task; the OA's grant dies.
    const late = await insertDossierRow(s.db, { code: `DHT-M-${randomUUID().slice(0, 6)}`, submitted_at: new Date(Date.now() - 20 * 86_400_000), state: 'review', due_at: new Date(Date.now() - 86_400_000), apology_sent_at: new Date(Date.now() - 3 * 86_400_000) });
    await s.db.insertInto('tasks').values({ id: `${late}:1`, dossier_id: late, seq: 1, state: 'review', label: 'Thẩm định', role: 'officer', unit_id: WARD, status: 'open', due_at: new Date(Date.now() - 3_600_000), created_at: new Date() }).execute();
    await s.db.updateTable('zalo_oas').set({ status: 'needs_reauth' }).where('oa_id', '=', s.oaId).execute();

    const { text: body } = await scrape(worker.url, TOKEN);
    expect(sample(body, 'motcua_messages_total{channel="zns",outcome="zns_fallback"}')).toBe(1);
    expect(sample(body, 'motcua_messages_total{channel="zns",outcome="sent"}')).toBe(1);
    expect(sample(body, 'motcua_zalo_api_errors_total{api="oa",code="-230"}')).toBeGreaterThanOrEqual(1);
    expect(sample(body, `motcua_zalo_oa_needs_reauth{oa_id="${s.oaId}",unit="ca-q12-dong-hung-thuan"}`)).toBe(1);
    expect(sample(body, `motcua_dossiers_open{unit="${WARD}",state="review"}`)).toBeGreaterThanOrEqual(1);
    expect(sample(body, `motcua_dossiers_open_late{unit="${WARD}"}`)).toBeGreaterThanOrEqual(1);
    expect(sample(body, `motcua_tasks_overdue{unit="${WARD}"}`)).toBeGreaterThanOrEqual(1);
    expect(sample(body, `motcua_apology_letters{unit="${WARD}"}`)).toBeGreaterThanOrEqual(1);
    expect(body).not.toContain('0901234567');
    expect(body).not.toContain('84901234567');
  });

  it('exposes the Temporal SDK metrics on their own port', async () => {
    const { status, text: body } = await scrape(`http://127.0.0.1:${temporalMetricsPort}/metrics`);
    expect(status).toBe(200);
    expect(body).toMatch(/^temporal_\w+/m);
    expect(body).toContain('temporal_workflow_task_schedule_to_start_latency');
  });
});
