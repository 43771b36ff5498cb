// The procedure editor in a real browser (Debian's Chromium through playwright-core) against the
// real app: the Mermaid bundle served by the app draws the diagram under the console's strict CSP,
// and the dry run steps a TAM_TRU dossier through two clerk actions showing the statutory due date.
// Screenshots go to test/artifacts/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff, WARD, type TestStaff } from '../support/fixtures.js';
import { screenshot, signIn, startStack, submit, textOf, type Stack } from './support.js';

let stack: Stack;
let admin: TestStaff;

beforeAll(async () => {
  stack = await startStack();
  admin = await createStaff(stack.db, 'Quản Trị Sơ Đồ', [{ role: 'admin', unitId: 'ca-tphcm' }]);
});

afterAll(async () => {
  await stack?.stop();
});

describe('procedure editor', () => {
  it('draws the diagram of a version and dry-runs it two steps with the due date', async () => {
    const page = await signIn(stack, admin);
    const response = await page.goto('/console/admin/procedures?from=TAM_TRU&version=1');
    const csp = response!.headers()['content-security-policy']!;
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');

    // The SVG Mermaid drew, with a state's label as text; its styles applied (a filled state box).
    const svg = page.locator('#diagram-view svg');
    await svg.waitFor({ timeout: 20_000 });
    expect(await svg.locator('text', { hasText: 'Thẩm định hồ sơ' }).count()).toBeGreaterThan(0);
    const fill = await page.evaluate<string>("getComputedStyle(document.querySelector('#diagram-view svg g.node rect, #diagram-view svg g.node path')).fill");
    expect(fill).not.toBe('rgb(0, 0, 0)'); // unstyled SVG shapes are black
    // The Mermaid text stays on the page as the text alternative.
    expect(await page.locator('#diagram-source').textContent()).toContain('state "Thẩm định hồ sơ" as review');
    await screenshot(page, 'console-admin-diagram');

    // Friday 27/11/2026 16:00, after the cut-off: the clock counts from Monday 30/11 → Thursday 3/12, 17:00.
    await page.getByLabel('Thời điểm nộp hồ sơ (giờ Việt Nam)').fill('2026-11-27T16:00');
    await page.getByLabel('Đơn vị giải quyết (lịch, giờ làm việc)').selectOption(WARD);
    expect(await submit(page, page.getByRole('button', { name: 'Chạy thử', exact: true }))).toBe(200);
    expect(await textOf(page.locator('#dry-run-trace tr[data-step="0"]'))).toContain('Tiếp nhận, kiểm tra hồ sơ');

    expect(await submit(page, page.getByRole('button', { name: 'Tiếp nhận hồ sơ (CT04)' }))).toBe(200);
    const accepted = await textOf(page.locator('#dry-run-trace tr[data-step="1"]'));
    expect(accepted).toContain('Thẩm định hồ sơ');
    expect(accepted).toContain('03/12/2026 17:00');

    expect(await submit(page, page.getByRole('button', { name: 'Đề xuất phê duyệt' }))).toBe(200);
    const proposed = await textOf(page.locator('#dry-run-trace tr[data-step="2"]'));
    expect(proposed).toContain('Lãnh đạo phê duyệt');
    expect(proposed).toContain('03/12/2026 17:00');
    await page.locator('#diagram-view svg').waitFor();
    await page.locator('#dry-run').scrollIntoViewIfNeeded();
    await screenshot(page, 'console-admin-dry-run');
  });
});
