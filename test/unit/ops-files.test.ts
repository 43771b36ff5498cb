// The operations files in ops/: Prometheus alert rules pass promtool (syntax and their unit tests
// in alerts.test.yml), the Prometheus configuration loads, every Grafana panel query parses as
// PromQL and names only series the code exports, and every alert has its runbook line.
// promtool comes from Debian's prometheus package (scripts/ensure-promtool.sh, run by pretest).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
const promtool = process.env.PROMTOOL_PATH ?? 'promtool';
const run = (...args: string[]) => execFileSync(promtool, args, { cwd: join(root, 'ops/prometheus'), encoding: 'utf8', stdio: 'pipe' });

interface Panel {
  title: string;
  type: string;
  targets?: Array<{ expr: string }>;
}
const dashboard = JSON.parse(readFileSync(join(root, 'ops/grafana/dashboards/motcua.json'), 'utf8')) as { uid: string; panels: Panel[] };
const queries = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => ({ panel: p.title, expr: t.expr })));
const alertsYaml = readFileSync(join(root, 'ops/prometheus/alerts.yml'), 'utf8');
const alertNames = [...alertsYaml.matchAll(/- alert: (\w+)/g)].map((m) => m[1]!);

/** Series names the code registers with prom-client (`name: 'motcua_…'`, or the worker's `gauge('motcua_…'`). */
function exportedNames(): Set<string> {
  const dir = join(root, 'telemetry');
  const source = readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
  return new Set([...source.matchAll(/(?:name: |gauge\()'(motcua_\w+)'/g)].map((m) => m[1]!));
}

/** motcua_* names a query uses, without histogram suffixes; process metrics (motcua_api_/motcua_worker_) aside. */
function namesIn(expr: string): string[] {
  return [...expr.matchAll(/\bmotcua_\w+/g)].map((m) => m[0].replace(/_(bucket|count|sum)$/, '')).filter((n) => !/^motcua_(api|worker)_/.test(n));
}

describe('ops/prometheus', () => {
  it('alert rules pass promtool check and their unit tests', () => {
    expect(run('check', 'rules', 'alerts.yml')).toContain(`SUCCESS: ${alertNames.length} rules found`);
    expect(run('test', 'rules', 'alerts.test.yml')).toContain('SUCCESS');
  });

  it('the Prometheus configuration loads with its rule file', () => {
    expect(run('check', 'config', 'prometheus.yml')).toContain('SUCCESS');
  });

  it('alerts name only exported series and each has a runbook line', () => {
    const exported = exportedNames();
    for (const name of namesIn(alertsYaml)) expect(exported, name).toContain(name);
    const runbooks = readFileSync(join(root, 'docs/operations.md'), 'utf8');
    expect(alertNames.length).toBeGreaterThanOrEqual(6);
    for (const alert of alertNames) {
      expect(runbooks, alert).toMatch(new RegExp(`^#### ${alert}\\n\\S.+`, 'm'));
      expect(alertsYaml).toContain(`operations.md#${alert.toLowerCase()}`);
    }
  });
});

describe('ops/grafana', () => {
  it('every panel query is valid PromQL over exported series', () => {
    expect(queries.length).toBeGreaterThan(15);
    const exported = exportedNames();
    for (const q of queries) for (const name of namesIn(q.expr)) expect(exported, `${q.panel}: ${name}`).toContain(name);
    // promtool parses each query as a recording rule.
    const dir = mkdtempSync(join(tmpdir(), 'motcua-dashboard-'));
    try {
      const rules = queries.map((q, i) => `      - record: dashboard:query_${i}\n        expr: ${JSON.stringify(q.expr)}`).join('\n');
      writeFileSync(join(dir, 'queries.yml'), `groups:\n  - name: dashboard\n    rules:\n${rules}\n`);
      expect(execFileSync(promtool, ['check', 'rules', join(dir, 'queries.yml')], { encoding: 'utf8', stdio: 'pipe' })).toContain(`SUCCESS: ${queries.length} rules found`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('covers service health, dossiers on time and late per unit, and Zalo delivery', () => {
    const rows = dashboard.panels.filter((p) => p.type === 'row').map((p) => p.title);
    expect(rows).toEqual(['Service health', 'Dossiers per unit', 'Zalo delivery']);
    const all = queries.map((q) => q.expr).join('\n');
    for (const name of ['motcua_dossiers_closed', 'motcua_dossiers_open_late', 'motcua_messages_total', 'motcua_zalo_oa_needs_reauth', 'up{']) expect(all).toContain(name);
  });
});
