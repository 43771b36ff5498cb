// The one place that turns errors into HTTP responses: { error: { code, message, issues } }.
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import { DomainError, type FieldIssue } from '../domain/errors.js';
import { log } from '../telemetry/log.js';

export function errorBody(code: string, message: string, issues: FieldIssue[] = []) {
  return { error: { code, message, issues } };
}

/** Framework-raised HTTP errors, with the Vietnamese message residents and clerks read. */
const HTTP_ERRORS: Partial<Record<number, { code: string; message: string }>> = {
  400: { code: 'BAD_REQUEST', message: 'Yêu cầu không hợp lệ (JSON sai cú pháp?).' },
  413: { code: 'PAYLOAD_TOO_LARGE', message: 'Dữ liệu gửi lên quá lớn.' },
  415: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Dữ liệu phải được gửi dưới dạng JSON (Content-Type: application/json).' },
};

export function onError(err: Error, c: Context): Response {
  if (err instanceof DomainError) {
    return c.json(errorBody(err.code, err.message, err.issues), err.status as ContentfulStatusCode);
  }
  if (err instanceof HTTPException) {
    const known = HTTP_ERRORS[err.status];
    const code = known?.code ?? (err.status === 401 ? 'UNAUTHENTICATED' : 'BAD_REQUEST');
    const message = known?.message ?? (err.message || 'Yêu cầu không hợp lệ.');
    // The oversize body was never read: close the connection, or its unread bytes would be parsed
    // as the next request on this keep-alive socket (and that request lost).
    if (err.status === 413) c.header('Connection', 'close');
    return c.json(errorBody(code, message), err.status as ContentfulStatusCode);
  }
  logUnhandled(err, c);
  return c.json(errorBody('INTERNAL', 'Lỗi hệ thống, vui lòng thử lại sau.'), 500);
}

/** Unexpected errors: the type, message and where, never the request body (it may hold personal data). */
export function logUnhandled(err: Error, c: Context): void {
  log.error({ errorType: err.name, method: c.req.method, route: c.req.routePath }, `unhandled ${err.name}: ${err.message}`);
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
