// The only reader of process.env: one zod schema, parsed once and frozen.
import { z } from 'zod';

const DEV_SECRET = 'dev-only-secret-change-me-0123456789abcdef';

/** Only an explicit `development` or `test` relaxes anything; unset means production (issue 11 #8). */
const DEV_LIKE = new Set(['development', 'test']);

const Fields = z.object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('production'),
    DATABASE_URL: z.url().default('postgres://postgres@127.0.0.1:5432/motcua'),
    TEMPORAL_ADDRESS: z.string().min(1).default('127.0.0.1:7233'),
    TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
    TEMPORAL_TASK_QUEUE: z.string().min(1).default('motcua-dossiers'),
    API_HOST: z.string().default('127.0.0.1'),
    API_PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    PUBLIC_URL: z.url().optional(),
    /** Signs resident dossier tokens; must be set (≥ 32 chars) outside development and tests. */
    APP_SECRET: z.string().min(32).optional(),
    /** Default: info (warn under test). */
    LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).optional(),
    /** 32 bytes, base64: encrypts OA secrets and residents' personal data at rest. */
    SECRETS_KEY: z.string().optional(),
    ZALO_API_BASE: z.url().default('https://openapi.zalo.me'),
    ZALO_OAUTH_BASE: z.url().default('https://oauth.zaloapp.com'),
    ZALO_ZNS_BASE: z.url().default('https://business.openapi.zalo.me'),
    /** `id:base64key[,id:base64key…]`, 32-byte keys, the encrypting key first: encrypt Temporal payloads (temporal-codec.ts). */
    TEMPORAL_CODEC_KEYS: z.string().optional(),
    /** Origin of the Temporal Web UI, allowed to call the codec endpoint with the staff session (CORS). */
    TEMPORAL_UI_ORIGIN: z.url().optional(),
    /** Which secret signs webhooks (docs/reference/zalo-oa.md §12 #1): the OA Secret Key unless Zalo says otherwise. */
    ZALO_WEBHOOK_SECRET: z.enum(['oa_secret_key', 'app_secret']).default('oa_secret_key'),
    /** ZNS template used when a message must go by phone outside the chat window. */
    ZALO_ZNS_TEMPLATE_ID: z.string().default('motcua_thong_bao'),
    /** Where document bytes are kept (content-addressed); shared by the API and the worker. */
    FILES_DIR: z.string().min(1).default('.data/files'),
    /** Reverse proxies (addresses or CIDR ranges, comma-separated) believed about X-Forwarded-For. */
    TRUSTED_PROXIES: z
      .string()
      .default('')
      .transform((v) => v.split(',').map((e) => e.trim()).filter(Boolean)),
    /** Prometheus endpoints listen here, apart from the public API port (docs/operations.md). */
    METRICS_HOST: z.string().default('127.0.0.1'),
    API_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
    WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9465),
    /** The Temporal SDK's own exporter in the worker (task slots, schedule-to-start latency, …). */
    TEMPORAL_METRICS_PORT: z.coerce.number().int().min(1).max(65535).default(9466),
    /** When set, our /metrics endpoints answer only `Authorization: Bearer <token>`. */
    METRICS_TOKEN: z.string().min(16).optional(),
    /** OTLP/HTTP collector base URL (…/v1/traces is appended); traces are off when unset. */
    OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
    /** Origins files residents send may be downloaded from (comma-separated, `*.` for subdomains): zalo/media.ts. */
    ZALO_MEDIA_ORIGINS: z.string().min(1).default('https://*.zdn.vn,https://*.zadn.vn'),
    /** Embedded start only: run the Zalo simulator on this port and point the ZALO_* bases at it. */
    ZALO_SIMULATOR_PORT: z.coerce.number().int().min(1).max(65535).default(3100),
});

const Env = Fields.superRefine((env, ctx) => {
  if (DEV_LIKE.has(env.NODE_ENV)) return;
  const missing = (key: string, what: string) =>
    ctx.addIssue({ code: 'custom', path: [key], message: `${key} must be set (${what}) unless NODE_ENV is development or test` });
  if (!env.APP_SECRET || env.APP_SECRET === DEV_SECRET) missing('APP_SECRET', 'at least 32 random characters');
  if (!env.SECRETS_KEY) missing('SECRETS_KEY', '32 bytes, base64');
  if (!env.PUBLIC_URL) missing('PUBLIC_URL', 'the URL residents and staff reach the API at');
  if (!env.TEMPORAL_CODEC_KEYS) missing('TEMPORAL_CODEC_KEYS', 'id:base64key');
});

export type Config = Omit<z.infer<typeof Env>, 'APP_SECRET'> & { APP_SECRET: string; publicUrl: string };

/** Development and tests may derive keys from APP_SECRET; nothing else may (secretBoxFor, temporalCodecFor). */
export function mayDeriveKeys(config: Pick<Config, 'NODE_ENV'>): boolean {
  return DEV_LIKE.has(config.NODE_ENV);
}

/** What the logger needs, readable before (and without) the rest of the configuration. */
export function logSettings(env: NodeJS.ProcessEnv = process.env): { level: string; pretty: boolean } {
  // An invalid value falls back to the production defaults here; loadConfig reports it.
  const parsed = Fields.pick({ NODE_ENV: true, LOG_LEVEL: true }).safeParse(env);
  const { NODE_ENV, LOG_LEVEL } = parsed.success ? parsed.data : { NODE_ENV: 'production', LOG_LEVEL: undefined };
  return { level: LOG_LEVEL ?? (NODE_ENV === 'test' ? 'warn' : 'info'), pretty: NODE_ENV === 'development' };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  return Object.freeze({ ...c, APP_SECRET: c.APP_SECRET ?? DEV_SECRET, publicUrl: c.PUBLIC_URL ?? `http://${c.API_HOST}:${c.API_PORT}` });
}
