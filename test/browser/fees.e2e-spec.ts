// The infrastructure fee in a real browser: the firm sees it on its declaration, the yard operator finds the
// truck on a 360 px phone and records its payment, and the administrator reads the tariff and the day's
// report, which counts that payment. Every page passes axe-core.
import { jest } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { declarationBody, eventually, uniqueVnPlate } from '#libs/testing/src/index.js';
import { DECLARATION_DB } from '../../apps/declaration/src/database/declaration-database.js';
import { DeclarationServiceModule } from '../../apps/declaration/src/declaration-service.module.js';
import { GATEWAY_DB } from '../../apps/gateway/src/database/gateway-database.js';
import { GatewayServiceModule } from '../../apps/gateway/src/gateway-service.module.js';
import { YARD_QUEUE_DB } from '../../apps/yard-queue/src/database/yard-queue-database.js';
import { YardQueueServiceModule } from '../../apps/yard-queue/src/yard-queue-service.module.js';
import {
  accessibilityProblems,
  DEMO_PASSWORD,
  ensureChromium,
  launchChromium,
  loginPage,
  type Platform,
  startPlatform,
} from './harness.js';

jest.setTimeout(180_000);

let platform: Platform;
let browser: Browser;
const contexts: BrowserContext[] = [];

async function open(path: string, email: string, viewport?: { width: number; height: number }): Promise<Page> {
  const { context, page } = await loginPage(browser, `${platform.url}${path}`, email, { viewport });
  contexts.push(context);
  page.setDefaultTimeout(30_000);
  return page;
}

/** The fields of the answers this test reads (a login, a declaration). */
interface ApiBody {
  accessToken: string;
  id: string;
  vehicles: { id: string; plate: string }[];
}

async function call(path: string, token: string | null, body?: unknown): Promise<{ status: number; body: ApiBody }> {
  const res = await fetch(`${platform.url}/api${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as ApiBody };
}
const token = async (email: string) =>
  (await call('/auth/login', null, { email, password: DEMO_PASSWORD })).body.accessToken;

/** A 40-ft container truck of the demo firm, filed, accepted and known to the yard; its plate. */
async function acceptedTruck(): Promise<string> {
  const [firm, customs, yard] = await Promise.all([
    token('doanhnghiep@demo.cuakhau.vn'),
    token('haiquan.huunghi@demo.cuakhau.vn'),
    token('baixe.huunghi@demo.cuakhau.vn'),
  ]);
  const plate = uniqueVnPlate();
  const d = (await call('/declarations', firm, declarationBody({ vehicles: [{ plate }] }))).body;
  await call(`/declarations/${d.id}/submit`, firm, {});
  expect((await call(`/declarations/${d.id}/accept`, customs, {})).status).toBe(200);
  await eventually(async () => {
    const r = await call(`/fees/vehicles/${d.vehicles[0].id}`, yard);
    if (r.status !== 200) throw new Error('not yet relayed');
  }, 30_000);
  return d.vehicles[0].plate;
}

beforeAll(async () => {
  ensureChromium();
  platform = await startPlatform({
    services: [DeclarationServiceModule, YardQueueServiceModule, GatewayServiceModule],
    databases: [DECLARATION_DB, YARD_QUEUE_DB, GATEWAY_DB],
  });
  browser = await launchChromium();
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await platform?.close();
});

test('the fee is shown to the firm, collected at the yard on a phone, and counted in the administration', async () => {
  const plate = await acceptedTruck();
  const firm = await open('/firm/', 'doanhnghiep@demo.cuakhau.vn');
  const due = firm.locator(`.vehicle-row[data-plate="${plate}"] .fees-due`);
  await due.waitFor();
  expect(await due.textContent()).toContain('4.000.000 ₫');
  expect(await accessibilityProblems(firm)).toEqual([]);

  const yard = await open('/yard/', 'baixe.huunghi@demo.cuakhau.vn', { width: 360, height: 740 });
  await yard.fill('#fees-plate', plate.toLowerCase());
  await yard.click('[data-testid=fees-find] button[type=submit]');
  const account = yard.locator(`[data-testid=fees-account][data-plate="${plate}"]`);
  await account.locator('.fees-unpaid').waitFor();
  await account.locator('input[name=receiptNumber]').fill('HN-0001');
  await account.locator('[data-testid=fees-pay] button[type=submit]').click();
  const paid = yard.locator('[data-testid=fees-account] .fees-paid[data-receipt="HN-0001"]');
  await paid.waitFor();
  expect(await paid.textContent()).toContain('4.000.000 ₫');
  expect(await yard.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  expect(await accessibilityProblems(yard)).toEqual([]);

  const admin = await open('/admin/', 'admin@demo.cuakhau.vn');
  await admin.click('nav.tabs button:has-text("Phí hạ tầng")');
  await admin.locator('[data-testid=fees-tariff] tr[data-fee-class=CONTAINER_40FT]').waitFor();
  await admin.click('[data-testid=fees-report-form] button[type=submit]');
  const report = admin.locator('[data-testid=fees-report]');
  await report.waitFor();
  expect(await report.getAttribute('data-net')).toBe('4000000');
  expect(await accessibilityProblems(admin)).toEqual([]);
});
