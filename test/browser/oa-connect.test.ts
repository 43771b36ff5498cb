// An admin connects a new Zalo OA in a real browser (Debian's Chromium): the console form, the
// redirect to the simulator's consent page (docs/reference/zalo-oa.md §1.2), the OA admin's "Cho phép", and the way
// back through the callback to the OA list. Screenshots go to test/artifacts/.
import { randomInt, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { oaCredentials } from '../../db/zalo-oas.js';
import { startSimulator, type Simulator } from '../../zalo/simulator/index.js';
import { createStaff, TEST_BOX, WARD } from '../support/fixtures.js';
import { screenshot, signIn, startStack, textOf, type Stack } from './support.js';

const APP = { app_id: `36${randomInt(1e9, 9e9)}`, app_secret: `app-secret-${randomUUID()}`, oa_secret_key: `oa-key-${randomUUID()}` };
const OA = { oa_id: `46${randomInt(1e9, 9e9)}`, name: 'Zalo An ninh – Công an phường Đông Hưng Thuận' };
const SISTER = { oa_id: `45${randomInt(1e9, 9e9)}`, name: 'Zalo An ninh – Tổ tiếp dân' };

let sim: Simulator;
let stack: Stack;

async function control(path: string, body: unknown): Promise<void> {
  const res = await fetch(`${sim.url}/_sim${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status, path).toBe(200);
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  stack = await startStack({ zaloOAuthBase: `${sim.url}/oauth` });
  await control('/apps', { ...APP, callback_url: `${stack.base}/console/admin/oas/callback` });
  // Two OAs on the app: Zalo asks which one consents.
  await control('/oas', { ...OA, app_id: APP.app_id });
  await control('/oas', { ...SISTER, app_id: APP.app_id });
});

afterAll(async () => {
  await stack?.stop();
  await sim?.stop();
});

it('connects a new OA through Zalo’s consent page and back', async () => {
  const admin = await createStaff(stack.db, 'Quản Trị Phường', [{ role: 'admin', unitId: WARD }]);
  const page = await signIn(stack, admin);
  await page.goto('/console/admin/oas');
  const form = page.locator('#oa-connect');
  await form.getByLabel('Đơn vị').selectOption(WARD);
  await form.getByLabel('Tên hiển thị của OA').fill(OA.name);
  await form.getByLabel('App ID').fill(APP.app_id);
  await form.getByLabel('App Secret Key').fill(APP.app_secret);
  await form.getByLabel('OA Secret Key').fill(APP.oa_secret_key);
  await form.getByRole('button', { name: 'Kết nối với Zalo' }).click();

  // At Zalo: the OA admin picks the OA and allows.
  await page.waitForURL((url) => url.href.startsWith(`${sim.url}/oauth/v4/oa/permission`));
  await screenshot(page, 'oa-connect-zalo-consent');
  await page.getByRole('link', { name: `Cho phép: ${OA.name}` }).click();

  await page.waitForURL((url) => url.href === `${stack.base}/console/admin/oas`);
  expect(await textOf(page.locator('.notice'))).toBe(`Đã kết nối OA ${OA.name} (OA ID ${OA.oa_id}).`);
  const row = page.locator(`tr[data-oa="${OA.oa_id}"]`);
  expect(await textOf(row)).toContain('Đang hoạt động');
  expect(await page.content()).not.toContain(APP.app_secret);
  await screenshot(page, 'oa-connect-done');
  expect(await oaCredentials(stack.db, TEST_BOX, OA.oa_id)).toMatchObject({ unitId: WARD, appId: APP.app_id, appSecret: APP.app_secret, oaSecretKey: APP.oa_secret_key, status: 'active' });
  await page.context().close();
});
