// The only reader of process.env: one zod schema, parsed once and frozen.
import { z } from 'zod';

const DEV_SECRET = 'dev-only-secret-change-me-0123456789abcdef';

const Env = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    DATABASE_URL: z.url().default('postgres://postgres@127.0.0.1:5432/motcua'),
    TEMPORAL_ADDRESS: z.string().min(1).default('127.0.0.1:7233'),
    TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
    TEMPORAL_TASK_QUEUE: z.string().min(1).default('motcua-dossiers'),
    API_HOST: z.string().default('127.0.0.1'),
    API_PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    PUBLIC_URL: z.url().optional(),
    /** Signs resident dossier tokens; must be set (≥ 32 chars) in production. */
    APP_SECRET: z.string().min(32).default(DEV_SECRET),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
    /** 32 bytes, base64: encrypts OA secrets and residents' personal data at rest. */
    SECRETS_KEY: z.string().optional(),
    /** `id:base64key[,id:base64key…]`, 32-byte keys, the encrypting key first: encrypt Temporal payloads (temporal-codec.ts). */
    TEMPORAL_CODEC_KEYS: z.string().optional(),
    /** Origin of the Temporal Web UI, allowed to call the codec endpoint with the staff session (CORS). */
    TEMPORAL_UI_ORIGIN: z.url().optional(),
    ZALO_API_BASE: z.url().default('https://openapi.zalo.me'),
    ZALO_OAUTH_BASE: z.url().default('https://oauth.zaloapp.com'),
    ZALO_ZNS_BASE: z.url().default('https://business.openapi.zalo.me'),
    /** Which secret signs webhooks (zalo-oa.md §12 #1): the OA Secret Key unless Zalo says otherwise. */
    ZALO_WEBHOOK_SECRET: z.enum(['oa_secret_key', 'app_secret']).default('oa_secret_key'),
    /** ZNS template used when a message must go by phone outside the chat window. */
    ZALO_ZNS_TEMPLATE_ID: z.string().default('motcua_thong_bao'),
    /** Where document bytes are kept (content-addressed); shared by the API and the worker. */
    FILES_DIR: z.string().min(1).default('.data/files'),
    /** Embedded start only: run the Zalo simulator on this port and point the ZALO_* bases at it. */
    ZALO_SIMULATOR_PORT: z.coerce.number().int().min(1).max(65535).default(3100),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && env.APP_SECRET === DEV_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['APP_SECRET'], message: 'APP_SECRET must be set in production' });
    }
    if (env.NODE_ENV === 'production' && !env.SECRETS_KEY) {
      ctx.addIssue({ code: 'custom', path: ['SECRETS_KEY'], message: 'SECRETS_KEY must be set in production' });
    }
  });

export type Config = z.infer<typeof Env> & { publicUrl: string };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  return Object.freeze({ ...c, publicUrl: c.PUBLIC_URL ?? `http://${c.API_HOST}:${c.API_PORT}` });
}
