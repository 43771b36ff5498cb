// The console's two languages: Vietnamese by default, English for staff who choose it. Each text
// is written as a pair at the place it is shown — `t('Hộp việc', 'Inbox')` — so a page reads in
// Vietnamese, an English text cannot be forgotten (test/unit/console-i18n.test.ts checks that no
// Vietnamese text on a console page escapes `t`), and there is no catalogue to drift from the pages.
// The language of the request being rendered lives in an AsyncLocalStorage set by `consoleLocale`.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';

export type Locale = 'vi' | 'en';

const current = new AsyncLocalStorage<{ locale: Locale; url: string }>();
const COOKIE = 'console_lang';

export const locale = (): Locale => current.getStore()?.locale ?? 'vi';

/** The text in the language of the page being rendered. */
export const t = (vi: string, en: string): string => (locale() === 'en' ? en : vi);

/** A definition's `{vi, en?}` text: English when there is one and the page is in English. */
export const localized = (text: { vi: string; en?: string }): string => (locale() === 'en' && text.en ? text.en : text.vi);

const asLocale = (v: string | undefined): Locale | undefined => (v === 'vi' || v === 'en' ? v : undefined);

/**
 * `?lang=en|vi` switches the language and remembers it in a cookie (a plain link, so it works
 * without JavaScript); otherwise the cookie decides, and Vietnamese is the default.
 */
export const consoleLocale: MiddlewareHandler = async (c, next) => {
  const asked = asLocale(c.req.query('lang'));
  if (asked) setCookie(c, COOKIE, asked, { path: '/', sameSite: 'Lax', httpOnly: true, maxAge: 365 * 24 * 3600 });
  await current.run({ locale: asked ?? asLocale(getCookie(c, COOKIE)) ?? 'vi', url: c.req.url }, next);
};

/**
 * Query parameters the switch link carries over (filters, paging, the year shown). Only these: a
 * page reached from outside may hold one-time secrets in its query (Zalo's consent callback has
 * `code` and `state`), and the link must not repeat them on the page.
 */
const NAVIGATION = ['view', 'q', 'after', 'year', 'edit', 'from', 'to', 'procedure', 'version', 'next'];

/** The page being rendered in the other language, for the switch link. */
export function otherLanguage(): { lang: Locale; href: string; label: string } {
  const lang = locale() === 'en' ? 'vi' : 'en';
  return { lang, href: withLang(current.getStore()?.url ?? 'http://localhost/console', lang), label: lang === 'en' ? 'English' : 'Tiếng Việt' };
}

export function withLang(url: string, lang: Locale): string {
  const u = new URL(url);
  const query = new URLSearchParams([...u.searchParams].filter(([name]) => NAVIGATION.includes(name)));
  query.set('lang', lang);
  return `${u.pathname}?${query.toString()}`;
}

/** A zod error option worded when the error is raised: schemas are built once, at load. */
export const errorText = (vi: string, en: string) => ({ error: () => t(vi, en) });
