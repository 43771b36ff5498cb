// Docker cannot run on the development machines, so the container files are checked statically:
// hadolint on the Dockerfile (scripts/ensure-hadolint.sh installs it), dclint's compose-spec
// schema validation and rules on compose.yaml, and the properties the deployment relies on.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = new URL('../../', import.meta.url).pathname;
const hadolint = process.env.HADOLINT_PATH ?? join(root, '.tools/hadolint/bin/hadolint');
const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }> | string[];
  user?: string;
}
const compose = parse(readFileSync(join(root, 'compose.yaml'), 'utf8'), { merge: true }) as { services: Record<string, Service> };

describe('Dockerfile', () => {
  it('passes hadolint', () => {
    expect(existsSync(hadolint), `${hadolint}: run scripts/ensure-hadolint.sh`).toBe(true);
    expect(execFileSync(hadolint, ['Dockerfile'], { cwd: root, encoding: 'utf8' })).toBe('');
  });

  it('is multi-stage, ships the prebuilt workflow bundle and runs as a non-root user', () => {
    const stages = [...dockerfile.matchAll(/^FROM (\S+)(?: AS (\w+))?/gm)].map((m) => m[2]);
    expect(stages).toEqual(['base', 'deps', 'build', 'runtime']);
    const runtime = dockerfile.slice(dockerfile.indexOf('AS runtime'));
    expect(dockerfile).toMatch(/^RUN .*npm run build:bundle -- dist\/workflow-bundle\.js/m);
    expect(runtime).toContain('COPY --from=build /app/dist/workflow-bundle.js ./dist/workflow-bundle.js');
    expect(runtime).toMatch(/WORKFLOW_BUNDLE=\/app\/dist\/workflow-bundle\.js/);
    expect(runtime).toMatch(/npm ci --omit=dev|COPY --from=deps/);
    const user = [...runtime.matchAll(/^USER (\S+)/gm)].at(-1)?.[1];
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^(root|0)(:|$)/);
    // Every folder the processes import at run time is in the image.
    for (const dir of ['activities', 'api', 'db', 'domain', 'migrations', 'telemetry', 'workflows', 'zalo']) expect(runtime).toContain(`COPY ${dir} ./${dir}`);
  });
});

describe('compose.yaml', () => {
  it('passes dclint (compose-spec schema and rules)', () => {
    expect(() => execFileSync(join(root, 'node_modules/.bin/dclint'), ['compose.yaml'], { cwd: root, encoding: 'utf8', stdio: 'pipe' })).not.toThrow();
  });

  it('runs PostgreSQL, Temporal on PostgreSQL with its UI, the API, the worker, Prometheus and Grafana', () => {
    const s = compose.services;
    expect(Object.keys(s).sort()).toEqual(['api', 'grafana', 'migrate', 'postgres', 'prometheus', 'temporal', 'temporal-ui', 'worker']);
    expect(s.temporal!.environment).toMatchObject({ DB: 'postgres12', POSTGRES_SEEDS: 'postgres' });
    expect(s['temporal-ui']!.environment).toMatchObject({ TEMPORAL_ADDRESS: 'temporal:7233' });
    for (const name of ['api', 'worker', 'migrate']) {
      expect(s[name]!.build, name).toBe('.');
      expect(s[name]!.environment, name).toMatchObject({ NODE_ENV: 'production', TEMPORAL_ADDRESS: 'temporal:7233' });
      expect(s[name]!.environment!.DATABASE_URL, name).toContain('@postgres:5432/');
    }
    expect(s.api!.command).toEqual(['node', '--import', 'tsx', 'api/server.ts']);
    expect(s.worker!.command).toEqual(['node', '--import', 'tsx', 'worker.ts']);
    expect(s.api!.depends_on).toMatchObject({ migrate: { condition: 'service_completed_successfully' } });
    // API and worker share the document store.
    expect(s.api!.volumes).toContain('files:/data/files');
    expect(s.worker!.volumes).toContain('files:/data/files');
    // Prometheus and Grafana get the ops/ files; every published port is on loopback.
    expect(s.prometheus!.volumes).toContain('./ops/prometheus:/etc/prometheus:ro');
    expect(s.grafana!.volumes).toEqual(expect.arrayContaining(['./ops/grafana/provisioning:/etc/grafana/provisioning:ro', './ops/grafana/dashboards:/var/lib/grafana/dashboards:ro']));
    for (const [name, svc] of Object.entries(s)) for (const port of svc.ports ?? []) expect(port, name).toMatch(/^127\.0\.0\.1:/);
  });

  it('scrapes the metrics ports the image exposes and the processes listen on', () => {
    const prometheus = readFileSync(join(root, 'ops/prometheus/prometheus.yml'), 'utf8');
    for (const target of ['api:9464', 'worker:9465', 'worker:9466']) expect(prometheus).toContain(`'${target}'`);
    expect(dockerfile).toMatch(/EXPOSE 3000 9464 9465 9466/);
    expect(dockerfile).toMatch(/METRICS_HOST=0\.0\.0\.0/);
  });
});
