// Programmatic entry: start the simulator on a port (0 picks a free one) and stop it again.
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createSimulatorApp } from './app.js';
import { Sim, SimClock } from './state.js';
import { runDueRetries } from './webhooks.js';

export { SimClock } from './state.js';
export { webhookMac } from './webhooks.js';

export interface SimulatorOptions {
  port: number;
  host?: string;
  /** Base URL that webhook payloads and file links use, if the simulator is reached through another address. */
  publicUrl?: string;
  /** Run due webhook retries every second by themselves (default). Tests switch this off and call /_sim/webhooks/retry-now. */
  autoRetry?: boolean;
  /** Freeze the clock so that only /_sim/clock/advance moves it (deterministic per-second windows in tests). */
  freezeClock?: boolean;
  /** Where operational lines go; nothing personal is ever passed (no texts, tokens or phone numbers). */
  log?: (line: string) => void;
}

export interface Simulator {
  url: string;
  clock: SimClock;
  stop(): Promise<void>;
}

export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  const { host = '127.0.0.1', autoRetry = true, freezeClock = false, log = () => {} } = options;
  const sim = new Sim(new SimClock(freezeClock), log);
  const app = createSimulatorApp(sim);
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: host, port: options.port }, () => resolve(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  sim.baseUrl = options.publicUrl?.replace(/\/$/, '') ?? url;

  const ticker = autoRetry ? setInterval(() => void runDueRetries(sim).catch((err: Error) => log(`webhook: retries failed (${err.name})`)), 1000) : undefined;
  ticker?.unref();
  return {
    url,
    clock: sim.clock,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        clearInterval(ticker);
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
