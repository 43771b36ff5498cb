// Downloading what a resident sent in the chat (zalo-oa.md §6.5: Zalo hands out URLs on its CDN,
// zdn.vn / zadn.vn). The URL comes inside a webhook, so it is treated as hostile (issue 11 #7):
// only allowed media origins, redirects followed by hand and each hop checked again (a few at
// most), the body streamed with a byte cap, never buffered whole before it is counted.

/** Zalo's media CDN (zalo-oa.md §6.5); `ZALO_MEDIA_ORIGINS` replaces it (the simulator in tests). */
export const ZALO_MEDIA_ORIGINS = ['https://*.zdn.vn', 'https://*.zadn.vn'];
const MAX_HOPS = 3;
const TIMEOUT_MS = 30_000;

export class MediaRefused extends Error {
  override readonly name = 'MediaRefused';
  constructor(readonly reason: 'host' | 'too_large' | 'redirects' | 'http') {
    super(`attachment refused: ${reason}`);
  }
}

/** `ZALO_MEDIA_ORIGINS`: comma-separated origins, a host may start with `*.` for its subdomains. */
export function parseMediaOrigins(spec: string): string[] {
  return spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Whether a URL is on an allowed origin: same scheme and port, host equal or (for `*.x`) a subdomain of x. No credentials in the URL. */
export function mediaAllowed(url: URL, origins: readonly string[]): boolean {
  if (url.username || url.password) return false;
  return origins.some((pattern) => {
    const wildcard = pattern.includes('://*.');
    const allowed = new URL(wildcard ? pattern.replace('://*.', '://') : pattern);
    if (allowed.protocol !== url.protocol || allowed.port !== url.port) return false;
    return wildcard ? url.hostname.endsWith(`.${allowed.hostname}`) : url.hostname === allowed.hostname;
  });
}

/**
 * The bytes at `url`, at most `maxBytes` of them. Throws MediaRefused for an origin off the list
 * (first URL or any redirect), too many redirects, a non-2xx answer or a body over the cap.
 */
export async function fetchMedia(url: string, opts: { origins: readonly string[]; maxBytes: number }): Promise<Uint8Array> {
  const signal = AbortSignal.timeout(TIMEOUT_MS);
  let current = new URL(url);
  for (let hop = 0; ; hop++) {
    if (!mediaAllowed(current, opts.origins)) throw new MediaRefused('host');
    const res = await fetch(current, { redirect: 'manual', signal });
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      await res.body?.cancel();
      if (hop + 1 > MAX_HOPS) throw new MediaRefused('redirects');
      current = new URL(location, current);
      continue;
    }
    if (!res.ok || !res.body) {
      await res.body?.cancel();
      throw new MediaRefused('http');
    }
    if (Number(res.headers.get('content-length') ?? 0) > opts.maxBytes) {
      await res.body.cancel();
      throw new MediaRefused('too_large');
    }
    return readCapped(res.body, opts.maxBytes);
  }
}

async function readCapped(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new MediaRefused('too_large');
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
