// The one logger: pino, JSON lines in production (one object per line for the log shipper), pretty
// in development. Every line inside an API request (or an activity started by one) carries its
// request id through an AsyncLocalStorage, so services log without threading a logger around.
// Personal data and secrets are censored by key at any depth up to four levels (see REDACTED_KEYS):
// logging a dossier, an applicant or a request by mistake prints "[redacted]", never the values.
import { AsyncLocalStorage } from 'node:async_hooks';
import { pino, type Logger, type LoggerOptions, type DestinationStream } from 'pino';
import type { LogLevel as TemporalLogLevel, Logger as TemporalLogger, LogMetadata } from '@temporalio/common';
import { logSettings } from '../config.js';

/** Keys whose values are personal data (applicant, form answers, contact details) or secrets. */
const REDACTED_KEYS = [
  'applicant',
  'formData',
  'form_data',
  'data', // webhook payloads, form submissions
  'text', // message texts name the applicant
  'message_text',
  'phone',
  'phone_enc',
  'address',
  'fullName',
  'full_name',
  'displayName',
  'display_name',
  'idNumber',
  'email',
  'dateOfBirth',
  'search_text',
  'searchText',
  'password',
  'password_hash',
  'token',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'secret',
  'appSecret',
  'app_secret',
  'oaSecretKey',
  'oa_secret_key',
  'headers', // authorization, cookies, X-Dossier-Token
  'cookie',
];
/** `name` is the logger's own field at the top; below it, a person's name as often as not. */
const NESTED_ONLY = ['name'];

export const REDACT_PATHS = [
  ...REDACTED_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`, `*.*.*.${k}`]),
  ...NESTED_ONLY.flatMap((k) => [`*.${k}`, `*.*.${k}`, `*.*.*.${k}`]),
];

const requestScope = new AsyncLocalStorage<{ requestId: string }>();

/** Runs `fn` with `requestId` on every log line it (and what it awaits) writes. */
export function withRequestId<T>(requestId: string, fn: () => T): T {
  return requestScope.run({ requestId }, fn);
}

export function currentRequestId(): string | undefined {
  return requestScope.getStore()?.requestId;
}

export function loggerOptions(service: string, settings = logSettings()): LoggerOptions {
  return {
    name: service,
    level: settings.level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    mixin: () => {
      const requestId = currentRequestId();
      return requestId ? { requestId } : {};
    },
    // Only in development: pino-pretty is a development dependency, absent from production images.
    ...(settings.pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } } : {}),
  };
}

/** `to` (tests): another destination and level; always JSON. */
export function createLogger(service: string, to?: { destination: DestinationStream; level: string }): Logger {
  return to ? pino(loggerOptions(service, { level: to.level, pretty: false }), to.destination) : pino(loggerOptions(service));
}

/** The process's logger; entry points name their service with `setService`. */
export let log: Logger = createLogger('motcua');

export function setService(service: string, to?: { destination: DestinationStream; level: string }): Logger {
  log = createLogger(service, to);
  return log;
}

const LEVELS: Record<TemporalLogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' };

/** The Temporal SDK's logger (`Runtime.install({ logger })`) writing through pino: worker, workflow and activity logs. */
export function temporalLogger(logger: Logger = log): TemporalLogger {
  const at = (level: TemporalLogLevel) => (message: string, meta?: LogMetadata) => logger[LEVELS[level]](meta ?? {}, message);
  return {
    log: (level, message, meta) => at(level)(message, meta),
    trace: at('TRACE'),
    debug: at('DEBUG'),
    info: at('INFO'),
    warn: at('WARN'),
    error: at('ERROR'),
  };
}
