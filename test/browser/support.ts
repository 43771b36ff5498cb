// Browser test plumbing: the real app on a real port with a real worker on the dev server, Debian's
// Chromium driven by playwright-core, clerks logged in through the login page (or, before password
// login exists, with their bearer token), and screenshots (and served PDFs) saved under test/artifacts/.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { chromium, type Browser, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { createApp } from '../../api/app.js';
import type { DossierDeps } from '../../api/dossiers/deps.js';
import type { Db } from '../../db/database.js';
import { appZaloDeps, TEST_BOX, TEST_FILES, TEST_SECRET, testDb, type TestStaff } from '../support/fixtures.js';
import { listen, type Listening } from '../support/http.js';
import { devServerEnv, startWorker, type RunningWorker } from '../support/temporal.js';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PASSWORD = 'mat-khau-kiem-thu-2026';

export const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

export interface Stack {
  env: TestWorkflowEnvironment;
  db: Db;
  deps: DossierDeps;
  base: string;
  browser: Browser;
  /** Whether POST /auth/login exists: clerks then log in through the login page. */
  passwordLogin: boolean;
  stop(): Promise<void>;
}

/**
 * `zaloOAuthBase`: the simulator's OAuth host, for pages that send the browser to Zalo's consent page.
 * `host`: the address the app listens on and the browser calls, so a file whose logins fail on
 * purpose (lockout) can keep them apart from other files' in the per-address rate limit ('::1').
 */
export async function startStack({ zaloOAuthBase, host = '127.0.0.1' }: { zaloOAuthBase?: string; host?: string } = {}): Promise<Stack> {
  const env = await devServerEnv();
  const db = testDb();
  let worker: RunningWorker | undefined;
  let http: Listening | undefined;
  let browser: Browser | undefined;
  const stop = async () => {
    await browser?.close();
    await http?.close();
    await worker?.stop();
    await env.teardown();
    await db.destroy();
  };
  try {
    worker = await startWorker(env, db);
    const deps = { db, temporal: env.client, taskQueue: worker.taskQueue, secret: TEST_SECRET, box: TEST_BOX };
    const app = createApp({ ...deps, files: TEST_FILES, ...appZaloDeps(zaloOAuthBase) });
    http = await listen(app.fetch, host);
    const passwordLogin = (await app.request('/auth/login', { method: 'POST' })).status !== 404;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    await mkdir(ARTIFACTS, { recursive: true });
    return { env, db, deps, base: http.base, browser, passwordLogin, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** The auth service as far as these tests need it; loaded at run time, as it may not exist yet. */
interface StaffService {
  setPassword(db: Db, staffId: string, password: string, by: 'system'): Promise<void>;
}

/** Setting a password as the system ends the account's sessions: once per account. */
const withPassword = new Set<string>();

async function staffService(): Promise<StaffService> {
  const path = '../../api/staff/accounts.js';
  const mod = (await import(/* @vite-ignore */ path)) as Partial<StaffService>;
  if (typeof mod.setPassword !== 'function') throw new Error('POST /auth/login exists but api/staff/accounts.ts has no setPassword(db, staffId, password, by)');
  return mod as StaffService;
}

/**
 * A browser page signed in as `who`: through the login page with a password set by the auth
 * service when password login exists, else with the clerk's bearer token on every request.
 */
export async function signIn(stack: Stack, who: TestStaff, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await stack.browser.newContext({ ...options, baseURL: stack.base, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  const page = await context.newPage();
  if (!stack.passwordLogin) {
    await page.setExtraHTTPHeaders({ Authorization: `Bearer ${who.token}` });
    return page;
  }
  const { username, password } = await credentials(stack, who);
  await page.goto('/console');
  await page.waitForURL((url) => url.pathname === '/console/login' && url.searchParams.get('next') === '/console');
  await fillLogin(page, username, password);
  await page.waitForURL((url) => url.pathname === '/console');
  return page;
}

/** The clerk's username and password (set by the auth service the first time). */
export async function credentials(stack: Stack, who: TestStaff): Promise<{ username: string; password: string }> {
  if (!withPassword.has(who.actor.staffId)) {
    await (await staffService()).setPassword(stack.db, who.actor.staffId, PASSWORD, 'system');
    withPassword.add(who.actor.staffId);
  }
  return { username: await usernameOf(stack, who), password: PASSWORD };
}

export async function usernameOf(stack: Stack, who: TestStaff): Promise<string> {
  const row = await stack.db.selectFrom('staff').select('username').where('id', '=', who.actor.staffId).executeTakeFirstOrThrow();
  return row.username;
}

export async function fillLogin(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
}

/** Submits the form of `button` and waits for the page it leads to; returns the POST's status (303 after a change). */
export async function submit(page: Page, button: Locator): Promise<number> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.request().isNavigationRequest()),
    page.waitForEvent('load'),
    button.click(),
  ]);
  return response.status();
}

/** Visible text of the element, whitespace collapsed. */
export async function textOf(locator: Locator): Promise<string> {
  await locator.first().waitFor();
  return (await locator.first().innerText()).replace(/\s+/g, ' ').trim();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Keeps a file the app served (e.g. a PDF) beside the screenshots. */
export async function saveArtifact(name: string, bytes: Uint8Array): Promise<void> {
  await writeFile(join(ARTIFACTS, name), bytes);
}

/** Nothing sticks out sideways (a phone-sized page never scrolls horizontally). */
export async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate<{ scrollWidth: number; innerWidth: number }>(
    '({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth })',
  );
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
}
