// Registers (or re-registers) a Zalo OA for a unit. Secrets come from environment variables so
// they stay out of shell history and process lists:
//   ZALO_APP_SECRET, ZALO_OA_SECRET_KEY, and either ZALO_REFRESH_TOKEN or ZALO_AUTH_CODE (+ ZALO_CODE_VERIFIER)
// Usage: npm run oa:register -- --oa-id <id> --name "<name>" --unit <unit id> --app-id <app id>
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { withDatabase } from '../db/database.js';
import { registerOaWithGrant } from '../api/oas/service.js';
import { secretBoxFor } from '../zalo-setup.js';
import { log } from '../telemetry/log.js';

const { values } = parseArgs({
  options: { 'oa-id': { type: 'string' }, name: { type: 'string' }, unit: { type: 'string' }, 'app-id': { type: 'string' } },
});
const env = process.env;
const missing = [
  ...(['oa-id', 'name', 'unit', 'app-id'] as const).filter((k) => !values[k]).map((k) => `--${k}`),
  ...(['ZALO_APP_SECRET', 'ZALO_OA_SECRET_KEY'] as const).filter((k) => !env[k]),
  ...(env.ZALO_REFRESH_TOKEN || env.ZALO_AUTH_CODE ? [] : ['ZALO_REFRESH_TOKEN or ZALO_AUTH_CODE']),
];
if (missing.length > 0) {
  log.error({ missing }, 'missing options or environment variables');
  process.exit(2);
}

const config = loadConfig();
await withDatabase(config.DATABASE_URL, (db) =>
  registerOaWithGrant(db, secretBoxFor(config), config, {
    oaId: values['oa-id']!,
    name: values.name!,
    unitId: values.unit!,
    appId: values['app-id']!,
    appSecret: env.ZALO_APP_SECRET!,
    oaSecretKey: env.ZALO_OA_SECRET_KEY!,
    grant: env.ZALO_REFRESH_TOKEN
      ? { refreshToken: env.ZALO_REFRESH_TOKEN }
      : { code: env.ZALO_AUTH_CODE!, codeVerifier: env.ZALO_CODE_VERIFIER ?? '' },
  }),
);
log.info({ oaId: values['oa-id'], unit: values.unit }, 'OA registered');
