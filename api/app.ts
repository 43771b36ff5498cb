// The HTTP application: app-wide middleware and error mapping, then each feature's routes (one folder
// per feature: see docs/architecture.md for which folder serves which URL), and the OpenAPI document.
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
import { consoleShell } from './console/shell.js';
import { conversationConsoleRoutes } from './conversations/console.js';
import { clerkDossierRoutes } from './dossiers/clerk.routes.js';
import { dossierConsoleRoutes } from './dossiers/console.js';
import { integrationRoutes } from './dossiers/integrations.routes.js';
import { residentDossierRoutes } from './dossiers/resident.routes.js';
import { onError, validationHook } from './errors.js';
import { healthRoutes } from './health.js';
import { holidayConsoleRoutes } from './holidays/console.js';
import { holidayAdminRoutes } from './holidays/routes.js';
import { oaConsoleRoutes } from './oas/console.js';
import { oaAdminRoutes } from './oas/routes.js';
import { procedureAdminRoutes } from './procedures/admin.routes.js';
import { procedureConsoleRoutes } from './procedures/console.js';
import { procedureCatalogueRoutes } from './procedures/public.routes.js';
import { templateConsoleRoutes } from './procedures/templates-console.js';
import { reportConsoleRoutes } from './reports/console.js';
import { requestContext } from './request-context.js';
import { reportRoutes } from './reports/routes.js';
import { residentPages } from './resident-pages/routes.js';
import { accountConsoleRoutes } from './staff/accounts-console.js';
import { accountAdminRoutes } from './staff/accounts.routes.js';
import { staffSessions } from './staff/auth.js';
import { sessionRoutes } from './staff/sessions.routes.js';
import { unitConsoleRoutes } from './units/console.js';
import { unitAdminRoutes } from './units/routes.js';
import { zaloWebhookRoutes } from './zalo-webhook/routes.js';
import { tokenRoutes } from './staff/tokens.routes.js';
import { temporalCodecRoutes } from './dossiers/temporal-codec.routes.js';

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
  /** `config.TRUSTED_PROXIES`: reverse proxies believed about X-Forwarded-For (api/staff/client-address.ts). */
  trustedProxies?: readonly string[];
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
  app.use(requestContext());
  app.use(secureHeaders());
  app.use('/api/*', bodyLimit({ maxSize: 1024 * 1024 }));
  app.use(staffSessions(deps.publicUrl));
  app.onError(onError);
  app.notFound((c) => c.json({ error: { code: 'NOT_FOUND', message: 'Không có đường dẫn này.', issues: [] } }, 404));

  app.route('/', healthRoutes(deps));
  app.route('/', procedureCatalogueRoutes(deps));
  app.route('/', sessionRoutes(deps));
  app.route('/', tokenRoutes(deps));
  app.route('/', accountAdminRoutes(deps));
  app.route('/', unitAdminRoutes(deps));
  app.route('/', residentDossierRoutes(deps));
  app.route('/', clerkDossierRoutes(deps));
  app.route('/', procedureAdminRoutes(deps));
  app.route('/', oaAdminRoutes(deps));
  app.route('/', holidayAdminRoutes(deps));
  app.route('/', residentPages(deps));
  // Console pages share the shell's middleware, error page and 404 (in this order).
  app.route(
    '/',
    consoleShell(deps, [
      dossierConsoleRoutes(deps),
      procedureConsoleRoutes(deps),
      conversationConsoleRoutes(deps),
      templateConsoleRoutes(deps),
      unitConsoleRoutes(deps),
      holidayConsoleRoutes(deps),
      oaConsoleRoutes(deps),
      accountConsoleRoutes(deps),
      reportConsoleRoutes(deps),
    ]),
  );
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
