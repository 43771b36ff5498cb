// Helpers shared by the admin and report pages of the console (units, calendar, OAs, reports):
// the form body as strings, zod issues as field issues, and the flash message of Post/Redirect/Get.
// The flash cookie is the one index.tsx uses (same name, path and signature), so a message set on
// one page is shown by whichever console page is next.
import type { Context } from 'hono';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';
import type { z } from 'zod';
import type { FieldIssue } from '../../domain/errors.js';
import type { StaffEnv } from '../staff/auth.js';

export type Ctx = Context<StaffEnv>;
export type FormValues = Record<string, string | string[]>;

const FLASH_COOKIE = 'console_flash';

/** The urlencoded (or multipart) body as strings; repeated names become lists. Files are ignored. */
export async function formBody(c: Ctx): Promise<FormValues> {
  const body = await c.req.parseBody({ all: true }).catch(() => {
    throw new HTTPException(400);
  });
  const values: FormValues = {};
  for (const [name, value] of Object.entries(body)) {
    const strings = [value].flat().filter((v): v is string => typeof v === 'string');
    if (strings.length > 0) values[name] = strings.length === 1 ? strings[0]! : strings;
  }
  return values;
}

/** One value of a form (the first when repeated); '' when absent. */
export const formValue = (values: FormValues, name: string): string => [values[name] ?? ''].flat()[0] ?? '';

export const zodIssues = (error: z.ZodError): FieldIssue[] =>
  error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message, code: i.code }));

/** The first message for a field (`path` or anything below it). */
export function issueAt(issues: readonly FieldIssue[] | undefined, path: string): string | undefined {
  return issues?.find((i) => i.path === path || i.path.startsWith(`${path}.`))?.message;
}

export async function redirectWith(c: Ctx, secret: string, to: string, message: string) {
  await setSignedCookie(c, FLASH_COOKIE, message, secret, { path: '/console', httpOnly: true, sameSite: 'Lax', maxAge: 120 });
  return c.redirect(to, 303);
}

export async function takeFlash(c: Ctx, secret: string): Promise<string | undefined> {
  const message = await getSignedCookie(c, secret, FLASH_COOKIE);
  if (message === undefined) return undefined;
  deleteCookie(c, FLASH_COOKIE, { path: '/console' });
  return message || undefined; // false: a forged or stale cookie
}

