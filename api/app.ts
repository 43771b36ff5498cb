// The HTTP application: route groups, error mapping and the OpenAPI document.
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Client } from '@temporalio/client';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import type { Db } from '../db/database.js';
import type { Config } from '../config.js';
import type { SecretBox } from '../db/crypto.js';
import type { FileStore } from '../db/file-store.js';
import type { AesGcmCodec } from '../temporal-codec.js';
import type { WebhookSecretChoice } from '../zalo/webhook.js';
import { staffSessions } from './auth.js';
import { consoleRoutes } from './console/index.js';
import { onError, validationHook } from './errors.js';
import { residentPages } from './pages/index.js';
import { reportRoutes } from './reports/routes.js';
import { adminRoutes } from './routes/admin.routes.js';
import { authRoutes } from './routes/auth.routes.js';
import { dossierRoutes } from './routes/dossiers.routes.js';
import { integrationRoutes } from './routes/integrations.routes.js';
import { publicRoutes } from './routes/public.routes.js';
import { staffAdminRoutes } from './routes/staff-admin.routes.js';
import { staffRoutes } from './routes/staff.routes.js';
import { unitsAdminRoutes } from './routes/units-admin.routes.js';
import { temporalCodecRoutes } from './routes/temporal-codec.routes.js';
import { zaloWebhookRoutes } from './routes/zalo-webhook.routes.js';

export interface AppDeps {
  db: Db;
  temporal: Client;
  taskQueue: string;
  secret: string;
  /** Where uploaded documents are kept (content-addressed). */
  files: FileStore;
  /** Decrypts OA secrets and residents' personal data. */
  box: SecretBox;
  zaloConfig: Pick<Config, 'ZALO_OAUTH_BASE'>;
  webhookSecret: WebhookSecretChoice;
  /** The clock webhook timestamps are judged by (default Date.now; tests pass the simulator's). */
  webhookClock?: () => number;
  /** `config.publicUrl`: picks the session cookie (`__Host-` + Secure over HTTPS) and the CSRF origin. Default: the URL each request came to. */
  publicUrl?: string;
  /** The Temporal payload codec: serves /api/temporal-codec (not served without it). */
  codec?: AesGcmCodec;
  /** The Temporal Web UI's origin, allowed to call the codec endpoint with the staff session. */
  temporalUiOrigin?: string;
}

export function createApp(deps: AppDeps) {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  app.use(secureHeaders());
  app.use('/api/*', bodyLimit({ maxSize: 1024 * 1024 }));
  app.use(staffSessions(deps.publicUrl));
  app.onError(onError);
  app.notFound((c) => c.json({ error: { code: 'NOT_FOUND', message: 'Không có đường dẫn này.', issues: [] } }, 404));

  app.route('/', publicRoutes(deps));
  app.route('/', authRoutes(deps));
  app.route('/', staffAdminRoutes(deps));
  app.route('/', unitsAdminRoutes(deps));
  app.route('/', dossierRoutes(deps));
  app.route('/', staffRoutes(deps));
  app.route('/', adminRoutes(deps));
  app.route('/', residentPages(deps));
  app.route('/', consoleRoutes(deps));
  app.route('/', zaloWebhookRoutes(deps));
  app.route('/', integrationRoutes(deps));
  app.route('/', reportRoutes(deps));
  app.route('/', temporalCodecRoutes(deps));

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  app.openAPIRegistry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: '__Host-motcua_session',
    description: 'Set by POST /auth/login (motcua_session when the public URL is plain http). Unsafe requests need a same-origin Origin or Sec-Fetch-Site.',
  });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'motcua API', version: '0.1.0', description: 'Thủ tục hành chính công an trên Zalo OA — dossier engine API' },
  });
  return app;
}
