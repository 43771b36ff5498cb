// An app served on a free port, as clients reach it over real HTTP.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';

export interface Listening {
  /** e.g. http://127.0.0.1:41234 (an IPv6 host in brackets) */
  base: string;
  /** Drops open keep-alive connections first, so the close does not wait for them. */
  close(): Promise<void>;
}

/** `fetch` may be bound late (an app built once the port is known); it gets the node bindings too. */
export async function listen(fetch: Parameters<typeof serve>[0]['fetch'], hostname = '127.0.0.1'): Promise<Listening> {
  let server!: Server;
  const port = await new Promise<number>((resolve) => {
    server = serve({ fetch, hostname, port: 0 }, (info: AddressInfo) => resolve(info.port)) as Server;
  });
  return {
    base: `http://${hostname.includes(':') ? `[${hostname}]` : hostname}:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
