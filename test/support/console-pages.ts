// Reading the server-rendered console over real HTTP: a staff member's request (bearer token),
// form posts that redirect with a flash cookie, and the table rows and cells the pages render.
import { expect } from 'vitest';
import type { TestStaff } from './fixtures.js';

export interface Page {
  status: number;
  location: string | null;
  cookie: string | undefined;
  html: string;
}

export function consolePages(base: () => string) {
  async function request(path: string, who: TestStaff, init: { form?: Record<string, string>; cookie?: string } = {}): Promise<Page> {
    const headers: Record<string, string> = { authorization: `Bearer ${who.token}` };
    if (init.cookie) headers.cookie = init.cookie;
    const res = await fetch(`${base()}${path}`, {
      method: init.form ? 'POST' : 'GET',
      headers,
      body: init.form ? new URLSearchParams(init.form) : undefined,
      redirect: 'manual',
    });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('console_flash='))?.split(';')[0];
    return { status: res.status, location: res.headers.get('location'), cookie, html: await res.text() };
  }

  /** A form post that redirects (Post/Redirect/Get), and the page it redirects to with its flash message. */
  async function postAndFollow(path: string, who: TestStaff, form: Record<string, string>): Promise<Page & { redirectedTo: string }> {
    const posted = await request(path, who, { form });
    expect(posted.status, posted.html).toBe(303);
    const page = await request(posted.location!, who, { cookie: posted.cookie });
    return { ...page, redirectedTo: posted.location! };
  }

  return { request, postAndFollow };
}

/** The text of an element's content, tags removed and entities of the test data decoded. */
export const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();

/** The `<tr …>…</tr>` carrying an attribute (e.g. `data-date="2031-03-04"`). */
export function row(html: string, attribute: string): string | undefined {
  return new RegExp(`<tr[^>]*${attribute}[^>]*>[\\s\\S]*?</tr>`).exec(html)?.[0];
}

/** A table row's cells by their labels. */
export function cells(rowHtml: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of rowHtml.matchAll(/<td data-label="([^"]+)"[^>]*>([\s\S]*?)<\/td>/g)) out[m[1]!] = text(m[2]!);
  return out;
}
