// `GET /metrics` for Prometheus on its own listener, never on the public API port: bound to
// METRICS_HOST (loopback by default) and, when METRICS_TOKEN is set, only with that bearer token.
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export interface MetricsListener {
  /** e.g. http://127.0.0.1:9464/metrics */
  url: string;
  close(): Promise<void>;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

function authorized(header: string | undefined, token: string | undefined): boolean {
  if (!token) return true;
  return header !== undefined && timingSafeEqual(digest(header), digest(`Bearer ${token}`));
}

export function serveMetrics(registry: Registry, o: { host: string; port: number; token?: string }): Promise<MetricsListener> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') return void res.writeHead(404).end();
    if (!authorized(req.headers.authorization, o.token)) return void res.writeHead(401, { 'www-authenticate': 'Bearer' }).end();
    registry.metrics().then(
      (body) => res.writeHead(200, { 'content-type': registry.contentType }).end(body),
      () => res.writeHead(500).end(),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => {
      const { address, port } = server.address() as AddressInfo;
      resolve({
        url: `http://${address.includes(':') ? `[${address}]` : address}:${port}/metrics`,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
