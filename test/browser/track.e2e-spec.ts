// The public tracking page on a driver's phone: a real truck filed, accepted and checked in, opened from its
// slip's link on a 360 px screen over slow 3G (400 kbit/s, 400 ms latency) with a CPU 4× slower. Prints the bytes
// on the wire (page, script and style sheet, compressed as sent; the page loads no web font) and the time until
// the truck's state is on screen, then checks the Chinese and English pages, a call arriving live with its
// countdown, and the last state kept with its time when the link drops. axe-core checks each state.
import { jest } from '@jest/globals';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { declarationBody } from '#libs/testing/src/index.js';
import { DECLARATION_DB } from '../../apps/declaration/src/database/declaration-database.js';
import { DeclarationServiceModule } from '../../apps/declaration/src/declaration-service.module.js';
import { GATEWAY_DB } from '../../apps/gateway/src/database/gateway-database.js';
import { GatewayServiceModule } from '../../apps/gateway/src/gateway-service.module.js';
import { YARD_QUEUE_DB } from '../../apps/yard-queue/src/database/yard-queue-database.js';
import { YardQueueServiceModule } from '../../apps/yard-queue/src/yard-queue-service.module.js';
import {
  accessibilityProblems,
  platformApi,
  ensureChromium,
  launchChromium,
  type Platform,
  startPlatform,
} from './harness.js';

jest.setTimeout(90_000);

const PHONE = { width: 360, height: 740 };
const BYTES_BUDGET = 30_000;
const USABLE_BUDGET_MS = 3_000;
/**
 * On a quiet machine the page must be usable within the 3 s budget (TRACK_STRICT_BUDGET=1 asserts it). The
 * default suite runs beside many others on shared cores, where Chromium's 4× throttle multiplies a loaded CPU:
 * it prints the figure and fails only beyond 5× the budget.
 */
const USABLE_BOUND_MS = process.env.TRACK_STRICT_BUDGET === '1' ? USABLE_BUDGET_MS : 5 * USABLE_BUDGET_MS;
const SLOW_3G = { offline: false, latency: 400, downloadThroughput: 400_000 / 8, uploadThroughput: 400_000 / 8 };

let platform: Platform;
let browser: Browser;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];
let customsToken = '';
let entryId = '';
let link = '';

const { api, loginAs } = platformApi(() => platform.url);

beforeAll(async () => {
  ensureChromium();
  platform = await startPlatform({
    services: [DeclarationServiceModule, YardQueueServiceModule, GatewayServiceModule],
    databases: [DECLARATION_DB, YARD_QUEUE_DB, GATEWAY_DB],
    env: { QUEUE_SWEEPER: 'off' },
  });
  browser = await launchChromium();
  const firm = await loginAs('doanhnghiep@demo.cuakhau.vn');
  customsToken = await loginAs('haiquan.huunghi@demo.cuakhau.vn');
  const yard = await loginAs('baixe.huunghi@demo.cuakhau.vn');
  const d = await api<{ id: string }>(
    '/declarations',
    firm,
    declarationBody({ vehicles: [{ plate: '桂F12345', nationality: 'CN' }] }),
  );
  await api(`/declarations/${d.id}/submit`, firm, {});
  const accepted = await api<{ vehicles: { plate: string; slipCode: string }[] }>(
    `/declarations/${d.id}/accept`,
    customsToken,
    {},
  );
  const v = accepted.vehicles[0];
  link = `${platform.url}/t/${encodeURIComponent(v.slipCode)}`;
  entryId = (await api<{ id: string }>('/check-ins', yard, { gate: 'HUU_NGHI', qr: v.slipCode })).id;
}, 120_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await platform?.close();
});

async function phone(locale: string): Promise<{ page: Page; cdp: CDPSession }> {
  const context = await browser.newContext({ viewport: PHONE, locale, timezoneId: 'Asia/Ho_Chi_Minh' });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  return { page, cdp: await context.newCDPSession(page) };
}

let vi: { page: Page; cdp: CDPSession };

test('first load on slow 3G with a 4× slower CPU: within 30 KB and usable within 3 s', async () => {
  vi = await phone('vi-VN');
  const { page, cdp } = vi;
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', SLOW_3G);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const types = new Map<string, string>();
  const bytes: Record<string, number> = {};
  cdp.on('Network.responseReceived', (e: { requestId: string; type: string }) => void types.set(e.requestId, e.type));
  cdp.on('Network.loadingFinished', (e: { requestId: string; encodedDataLength: number }) => {
    const type = types.get(e.requestId) ?? 'Other';
    bytes[type] = (bytes[type] ?? 0) + e.encodedDataLength;
  });
  const started = Date.now();
  await page.goto(link, { waitUntil: 'commit' });
  await page.locator('[data-testid=status]').filter({ hasText: 'Đã vào bãi' }).waitFor();
  const usableMs = Date.now() - started;
  await page.waitForLoadState('networkidle').catch(() => undefined);
  const pageBytes = (bytes.Document ?? 0) + (bytes.Script ?? 0) + (bytes.Stylesheet ?? 0);
  const apiBytes = Object.values(bytes).reduce((a, b) => a + b, 0) - pageBytes;
  process.stdout.write(
    `Trang theo dõi xe (360 px, 3G chậm, CPU ×4): ${pageBytes} byte trang+script+CSS trên đường truyền ` +
      `(ngân sách ${BYTES_BUDGET}, không có phông chữ tải về; dữ liệu API ${apiBytes} byte), ` +
      `dùng được sau ${usableMs} ms (ngân sách ${USABLE_BUDGET_MS} ms)\n`,
  );
  expect(bytes.Font ?? 0).toBe(0);
  expect(pageBytes).toBeGreaterThan(2_000);
  expect(pageBytes).toBeLessThanOrEqual(BYTES_BUDGET);
  expect(usableMs).toBeLessThanOrEqual(USABLE_BOUND_MS);

  await expect(page.locator('html').getAttribute('lang')).resolves.toBe('vi');
  await expect(page.locator('[data-testid=plate]').textContent()).resolves.toBe('桂F12345');
  await expect(page.locator('[data-testid=position]').textContent()).resolves.toBe('1');
  await expect(page.locator('[data-testid=eta]').textContent()).resolves.toMatch(/\d\d:\d\d|chưa ước tính/);
  await expect(page.locator('[data-testid=declaration]').textContent()).resolves.toBe('Đang trong hàng chờ');
  // The plate fits the phone's width on one line.
  const box = await page.locator('[data-testid=plate]').boundingBox();
  expect(box!.width).toBeLessThanOrEqual(PHONE.width);
  // Nothing personal on the page.
  const text = await page.locator('body').innerText();
  for (const secret of ['Hoàng Văn Bình', '020123456789', '0912345678', 'Nông sản']) expect(text).not.toContain(secret);
  expect(await accessibilityProblems(page)).toEqual([]);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  await cdp.send('Network.emulateNetworkConditions', {
    ...SLOW_3G,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: -1,
  });
});

test('the page speaks Chinese to a Chinese browser and English when chosen', async () => {
  const { page } = await phone('zh-CN');
  await page.goto(link);
  await page.locator('[data-testid=status]').filter({ hasText: '已进入停车场' }).waitFor();
  await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh');
  await expect(page.locator('[data-testid=declaration]').textContent()).resolves.toBe('排队中');
  expect(await accessibilityProblems(page)).toEqual([]);
  await page.click('[data-lang=en]');
  await page.locator('[data-testid=status]').filter({ hasText: 'Checked in' }).waitFor();
  await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
  expect(await accessibilityProblems(page)).toEqual([]);
});

test('a call appears without a reload, with the deadline and its countdown; a dropped link keeps the last state', async () => {
  const { page, cdp } = vi;
  await page.locator('[data-testid=conn]').filter({ hasText: 'Trực tiếp' }).waitFor();
  const called = await api<{ callDeadline: string }>(`/queue-entries/${entryId}/call`, customsToken, {});
  const deadline = new Date(new Date(called.callDeadline).getTime() + 7 * 3600_000).toISOString().slice(11, 16);
  await page
    .locator('[data-testid=deadline]')
    .filter({ hasText: `Hạn đến cổng ${deadline}` })
    .waitFor({ timeout: 10_000 });
  const countdown = page.locator('[data-testid=countdown]');
  const first = await countdown.textContent();
  expect(first).toMatch(/^còn \d+:\d\d$/);
  await page.waitForFunction(
    (before) => document.querySelector('[data-testid=countdown]')?.textContent !== before,
    first,
    { timeout: 5_000 },
  );
  expect(await accessibilityProblems(page)).toEqual([]);

  await cdp.send('Network.emulateNetworkConditions', { ...SLOW_3G, offline: true });
  const stale = page
    .locator('[data-testid=conn]')
    .filter({ hasText: /Mất kết nối — thông tin cập nhật lúc \d\d:\d\d/ });
  await stale.waitFor({ timeout: 10_000 });
  // The last state stays on screen.
  await expect(page.locator('[data-testid=deadline]').textContent()).resolves.toContain(deadline);
  expect(await accessibilityProblems(page)).toEqual([]);
});

test('no script error on any page', () => {
  expect(pageErrors).toEqual([]);
});
