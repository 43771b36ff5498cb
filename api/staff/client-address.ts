// The client's address for login rate limits and the session log. Behind a reverse proxy every
// request comes from the proxy, so staff would share one address: a peer listed in
// TRUSTED_PROXIES (addresses or CIDR ranges) is believed about X-Forwarded-For, read from the
// right, skipping the trusted hops; anyone else's header is ignored (a client can write anything there).
import { BlockList, isIP } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

export type TrustedProxies = BlockList;

/** Parses `10.0.0.1, 10.1.0.0/16, ::1`; throws on an entry that is not an address or a range. */
export function trustedProxies(entries: readonly string[] = []): TrustedProxies {
  const list = new BlockList();
  for (const raw of entries) {
    const entry = raw.trim();
    if (!entry) continue;
    const [address = '', bits] = entry.split('/');
    const family = isIP(address);
    if (!family) throw new Error(`TRUSTED_PROXIES: not an address: ${entry}`);
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(bits), type);
  }
  return list;
}

const unmapped = (ip: string) => ip.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1');

function trusted(proxies: TrustedProxies, ip: string): boolean {
  const family = isIP(ip);
  return family !== 0 && proxies.check(ip, family === 4 ? 'ipv4' : 'ipv6');
}

/** The peer address, or the nearest untrusted address its trusted proxies forwarded; undefined under `app.request()`. */
export function clientAddress(c: Context, proxies: TrustedProxies): string | undefined {
  let peer: string | undefined;
  try {
    peer = getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
  if (!peer) return undefined;
  let client = unmapped(peer);
  if (!trusted(proxies, client)) return client;
  const hops = (c.req.header('x-forwarded-for') ?? '').split(',').map((h) => unmapped(h.trim())).slice(-32);
  for (const hop of hops.reverse()) {
    if (!isIP(hop)) break; // garbage from the client's side of the chain: stop at the last believable hop
    client = hop;
    if (!trusted(proxies, hop)) break;
  }
  return client;
}
