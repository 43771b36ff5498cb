// Zalo's error answers: HTTP 200 with a body that carries the code (reference §7). The OA API and
// ZNS share the `{error, message}` envelope but not the meaning of the codes; OAuth has its own shape.
import { type ZodType } from 'zod';

/** Thrown by any handler; the app's error handler answers HTTP 200 with `body`. */
export class ZaloError extends Error {
  constructor(readonly body: Record<string, unknown>) {
    super(String(body.message ?? body.error_name ?? body.error));
  }
}

/** Zalo's own English strings, typos included (§7.1). */
const OA_MESSAGES: Record<number, string> = {
  [-32]: 'Your application reached limit call api',
  [-100]: 'attachment_id was expired',
  [-200]: 'Send message failed',
  [-204]: 'Offical Account is disable',
  [-205]: 'Offical Account is not exist',
  [-209]: 'Not supported this api',
  [-210]: 'Parameter exceeds allowable limit',
  [-211]: 'Out of quota',
  [-212]: 'App has not registed this api',
  [-213]: 'User has not followed OA',
  [-214]: 'Article is being processed',
  [-216]: 'Access token is invalid',
  [-217]: 'User has blocked invitation from OA',
  [-218]: 'Out of quota receive',
  [-219]: 'App is removed or disabled',
  [-220]: 'access_token is expired or removed',
  [-221]: 'The OA needs to be verified to use this feature',
  [-223]: 'Official Account has not authorized this API',
  [-224]: 'The OA needs to upgrade OA Tier Package to use this feature',
  [-227]: 'User is banned or has been inactive for more than 45 days',
  [-230]: 'User has not interacted with the OA in the past 7 days',
  [-232]: 'User has not interacted with the OA, or the last interaction has expired',
  [-233]: 'message type is invalid or not support',
  [-234]: 'This message cannot be sent at night (10:00PM - 6:00AM)',
  [-235]: 'This API does not support this type of OA',
  [-240]: 'MessageV2 API has been shut down, please switch to MessageV3',
  [-242]: 'Invalid appsecret_proof provided in the API argument',
  [-244]: 'User has restricted this message type from your OA',
  [-248]: 'Violates our platform standards',
  [-249]: 'Template does not support send via UID',
  [-320]: 'Your app needs to connect with Zalo Cloud Account to use paid features',
  [-321]: 'Zalo Cloud Account associated with this app is out of money or unable to be charged',
};

/** The ZNS error page is only known through its meanings (§5.7); these strings paraphrase them. */
const ZNS_MESSAGES: Record<number, string> = {
  [-100]: 'Unknown error',
  [-108]: 'Phone number is invalid',
  [-109]: 'Template ID is invalid',
  [-111]: 'Template data is empty',
  [-1121]: 'Parameter value exceeds the maximum length',
  [-1122]: 'Template parameter is missing',
  [-1124]: 'Parameter has an invalid format',
  [-115]: 'Out of quota',
  [-121]: 'Body is empty',
  [-122]: 'Body is not a JSON',
  [-124]: 'Access token is invalid or expired',
  [-126]: 'Development mode wallet is exhausted',
  [-127]: 'Development mode: the phone number must belong to an admin of the App or OA',
  [-131]: 'Template has not been approved',
  [-132]: 'Parameter is invalid',
  [-133]: 'This template cannot be sent at night (10:00PM - 6:00AM)',
  [-144]: 'OA has exceeded its daily quota',
  [-161]: 'sending_mode is not allowed',
};

export const oaError = (code: number, message?: string) => new ZaloError({ error: code, message: message ?? OA_MESSAGES[code] ?? 'Simulated failure' });

/** -201 names the offending field the way Zalo does: "<field> is invalid!". */
export const invalidField = (field: string) => oaError(-201, `${field} is invalid!`);

export const znsError = (code: number, message?: string) => new ZaloError({ error: code, message: message ?? ZNS_MESSAGES[code] ?? 'Simulated failure' });

/** The token endpoint's own shape (§1.6); `code: null` leaves out the numeric error, as Zalo sometimes does. */
export function oauthError(code: number | null, name: string, reason: string): ZaloError {
  return new ZaloError({
    ...(code === null ? {} : { error: code }),
    error_name: name,
    error_reason: reason,
    ref_doc: 'https://developers.zalo.me/docs/official-account/bat-dau/xac-thuc-va-uy-quyen-cho-ung-dung-new',
    error_description: reason,
  });
}

export const invalidGrant = (reason: string) => oauthError(-118, 'invalid_grant', reason);

/** Parses an OA API body; a schema violation becomes -201 naming the innermost field, as Zalo reports it. */
export function parseOrInvalid<T>(schema: ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const path = result.error.issues[0]?.path ?? [];
  const field = [...path].reverse().find((p): p is string => typeof p === 'string');
  throw invalidField(field ?? 'body');
}

/** Errors of the simulator's own control API, which uses HTTP statuses like any JSON API. */
export class ControlError extends Error {
  constructor(
    readonly status: 400 | 404,
    readonly body: { error: string; message: string; issues?: { path: string; message: string }[] },
  ) {
    super(body.message);
  }
}

export const notFound = (message: string) => new ControlError(404, { error: 'not_found', message });
export const badRequest = (message: string) => new ControlError(400, { error: 'invalid_request', message });

export function parseControl<T>(schema: ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  throw new ControlError(400, { error: 'invalid_request', message: 'The request body is invalid.', issues });
}

export const ok = <T>(data: T) => ({ data, error: 0, message: 'Success' });
