// Embedded start: the Zalo simulator as its own process, the pilot's 15 OAs registered in it and
// bound to motcua's OA registry with fresh grants (the simulator keeps nothing across restarts).
// Real credentials (ZALO_API_BASE etc. set, OAs registered with `npm run oa:register`) skip all this.
import { spawn, type ChildProcess } from 'node:child_process';
import { OA_CALLBACK_PATH } from '../api/oas/console.js';
import type { Config } from '../config.js';
import type { SecretBox } from '../db/crypto.js';
import type { Db } from '../db/database.js';
import { DEV_ZALO_APP, PILOT_OAS } from '../db/seed-data/oas.js';
import { registerOa } from '../db/zalo-oas.js';

export interface DevZalo {
  url: string;
  /** The ZALO_* settings that point the API and the worker at the simulator. */
  env: Record<string, string>;
  process: ChildProcess;
}

export async function startDevZalo(root: string, config: Config, db: Db, box: SecretBox): Promise<DevZalo> {
  const url = `http://127.0.0.1:${config.ZALO_SIMULATOR_PORT}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'zalo/simulator/server.ts'], {
    cwd: root,
    env: { ...process.env, SIM_PORT: String(config.ZALO_SIMULATOR_PORT), SIM_HOST: '127.0.0.1' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  await waitUntilUp(`${url}/_sim/webhooks`, child);

  const control = (path: string, body: unknown) => post(`${url}/_sim${path}`, body);
  await control('/apps', {
    app_id: DEV_ZALO_APP.appId,
    app_secret: DEV_ZALO_APP.appSecret,
    oa_secret_key: DEV_ZALO_APP.oaSecretKey,
    webhook_url: `${config.publicUrl}/webhooks/zalo`,
    // The console's "Kết nối với Zalo" comes back here (the app's Official Account Callback URL).
    callback_url: `${config.publicUrl}${OA_CALLBACK_PATH}`,
  });
  // The template messages fall back to outside the chat window (config ZALO_ZNS_TEMPLATE_ID).
  await control('/zns/templates', {
    template_id: config.ZALO_ZNS_TEMPLATE_ID,
    name: 'Thông báo hồ sơ',
    params: [
      { name: 'ma_ho_so', max_length: 30 },
      { name: 'noi_dung', max_length: 400 },
    ],
  });
  for (const oa of PILOT_OAS) {
    await control('/oas', { oa_id: oa.oaId, name: oa.name, app_id: DEV_ZALO_APP.appId });
    const grant = (await control(`/oas/${oa.oaId}/grant`, { app_id: DEV_ZALO_APP.appId })) as { access_token: string; refresh_token: string; expires_in: string | number };
    await registerOa(db, box, {
      ...oa,
      appId: DEV_ZALO_APP.appId,
      appSecret: DEV_ZALO_APP.appSecret,
      oaSecretKey: DEV_ZALO_APP.oaSecretKey,
      tokens: {
        accessToken: grant.access_token,
        accessTokenExpiresAt: Date.now() + Number(grant.expires_in) * 1000,
        refreshToken: grant.refresh_token,
      },
    });
  }
  return {
    url,
    process: child,
    // The simulator hosts residents' photos itself, standing in for Zalo's CDN.
    env: { ZALO_API_BASE: `${url}/openapi`, ZALO_OAUTH_BASE: `${url}/oauth`, ZALO_ZNS_BASE: `${url}/zns`, ZALO_MEDIA_ORIGINS: url },
  };
}

async function post(url: string, body: unknown): Promise<unknown> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`simulator ${new URL(url).pathname}: HTTP ${res.status}`);
  return res.json();
}

async function waitUntilUp(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Zalo simulator exited (${child.exitCode})`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('Zalo simulator did not start within 30 s');
    await new Promise((r) => setTimeout(r, 200));
  }
}
