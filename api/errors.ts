// The one place that turns errors into HTTP responses: { error: { code, message, issues } }.
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import { DomainError, type FieldIssue } from '../domain/errors.js';

export function errorBody(code: string, message: string, issues: FieldIssue[] = []) {
  return { error: { code, message, issues } };
}

export function onError(err: Error, c: Context): Response {
  if (err instanceof DomainError) {
    return c.json(errorBody(err.code, err.message, err.issues), err.status as ContentfulStatusCode);
  }
  if (err instanceof HTTPException) {
    const code = err.status === 413 ? 'PAYLOAD_TOO_LARGE' : err.status === 401 ? 'UNAUTHENTICATED' : 'BAD_REQUEST';
    const message = err.status === 400 ? 'Yêu cầu không hợp lệ (JSON sai cú pháp?).' : err.message || 'Yêu cầu không hợp lệ.';
    return c.json(errorBody(code, message), err.status as ContentfulStatusCode);
  }
  // Unexpected: log the type and where, never the request body (it may hold personal data).
  console.error(`unhandled ${err.name} on ${c.req.method} ${c.req.routePath}: ${err.message}`);
  return c.json(errorBody('INTERNAL', 'Lỗi hệ thống, vui lòng thử lại sau.'), 500);
}

/** zod-openapi's hook for invalid requests: 422 with every issue at its path. */
export function validationHook(result: { success: boolean; error?: z.ZodError; target?: string }, c: Context) {
  if (result.success || !result.error) return undefined;
  const prefix = result.target === 'json' || result.target === undefined ? [] : [result.target];
  const issues: FieldIssue[] = result.error.issues.map((i) => ({
    path: [...prefix, ...i.path.map(String)].join('.') || '(root)',
    message: i.message,
    code: i.code,
  }));
  return c.json(errorBody('VALIDATION_FAILED', 'Dữ liệu gửi lên chưa hợp lệ.', issues), 422);
}
