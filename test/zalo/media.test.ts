// Downloading residents' files (issue 11 #7): only allowed media origins, redirects re-checked hop by
// hop, a byte cap on the stream (whatever Content-Length says).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchMedia, mediaAllowed, MediaRefused } from '../../zalo/media.js';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
let cdn: Server, elsewhere: Server;
let cdnUrl: string, elsewhereUrl: string;
const elsewhereHits: string[] = [];

function listenOn(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

beforeAll(async () => {
  elsewhere = createServer((req, res) => {
    elsewhereHits.push(req.url ?? '');
    res.end(PNG);
  });
  elsewhereUrl = (await listenOn(elsewhere)).replace('127.0.0.1', 'localhost');
  cdn = createServer((req, res) => {
    const redirect = (to: string) => res.writeHead(302, { location: to }).end();
    if (req.url === '/ok.png') return res.end(PNG);
    if (req.url === '/hop') return redirect('/ok.png');
    if (req.url === '/away') return redirect(`${elsewhereUrl}/stolen`);
    if (req.url === '/loop') return redirect('/loop');
    if (req.url === '/declared-big') return res.writeHead(200, { 'content-length': String(10_000) }).end(Buffer.alloc(10_000));
    if (req.url === '/streamed-big') {
      // No Content-Length: chunked, and more than the cap.
      res.writeHead(200);
      for (let i = 0; i < 10; i++) res.write(Buffer.alloc(1000));
      return res.end();
    }
    res.writeHead(404).end();
  });
  cdnUrl = await listenOn(cdn);
});

afterAll(async () => {
  await new Promise((r) => cdn.close(r));
  await new Promise((r) => elsewhere.close(r));
});

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => 'fetched',
    (err: unknown) => (err instanceof MediaRefused ? err.reason : `other: ${String(err)}`),
  );

describe('mediaAllowed', () => {
  const zalo = ['https://*.zdn.vn', 'https://*.zadn.vn'];
  it('takes Zalo CDN subdomains over https and nothing that only looks like them', () => {
    expect(mediaAllowed(new URL('https://f1.zdn.vn/a/b.pdf'), zalo)).toBe(true);
    expect(mediaAllowed(new URL('https://photo-stal-1.zadn.vn/x.jpg'), zalo)).toBe(true);
    for (const url of ['http://f1.zdn.vn/a', 'https://evilzdn.vn/a', 'https://zdn.vn.evil.com/a', 'https://f1.zdn.vn:8443/a', 'https://u:p@f1.zdn.vn/a', 'https://169.254.169.254/latest']) {
      expect(mediaAllowed(new URL(url), zalo), url).toBe(false);
    }
    expect(mediaAllowed(new URL('http://127.0.0.1:3100/_sim/files/x'), ['http://127.0.0.1:3100'])).toBe(true);
    expect(mediaAllowed(new URL('http://127.0.0.1:3101/_sim/files/x'), ['http://127.0.0.1:3100'])).toBe(false);
  });
});

describe('fetchMedia', () => {
  const opts = () => ({ origins: [cdnUrl], maxBytes: 5000 });

  it('downloads from an allowed origin, following a redirect that stays on the list', async () => {
    expect(Buffer.from(await fetchMedia(`${cdnUrl}/ok.png`, opts()))).toEqual(PNG);
    expect(Buffer.from(await fetchMedia(`${cdnUrl}/hop`, opts()))).toEqual(PNG);
  });

  it('refuses another origin, a redirect off the list (never requesting it) and endless redirects', async () => {
    expect(await refusal(fetchMedia(`${elsewhereUrl}/direct`, opts()))).toBe('host');
    expect(await refusal(fetchMedia(`${cdnUrl}/away`, opts()))).toBe('host');
    expect(elsewhereHits).toEqual([]);
    expect(await refusal(fetchMedia(`${cdnUrl}/loop`, opts()))).toBe('redirects');
    expect(await refusal(fetchMedia(`${cdnUrl}/missing`, opts()))).toBe('http');
  });

  it('caps the bytes, by the declared length and while streaming', async () => {
    expect(await refusal(fetchMedia(`${cdnUrl}/declared-big`, opts()))).toBe('too_large');
    expect(await refusal(fetchMedia(`${cdnUrl}/streamed-big`, opts()))).toBe('too_large');
    expect((await fetchMedia(`${cdnUrl}/streamed-big`, { ...opts(), maxBytes: 10_000 })).byteLength).toBe(10_000);
  });
});
