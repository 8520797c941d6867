// Two tabs of the firm portal share one session (localStorage) across several access-token lifetimes: their
// live sockets end at the same expiry and both refresh at once, and their lists are reloaded throughout. Neither
// tab may be logged out; then the logout button ends the session in both.
import { jest } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { sleep } from '#libs/testing/src/index.js';
import { DECLARATION_DB } from '../../apps/declaration/src/database/declaration-database.js';
import { DeclarationServiceModule } from '../../apps/declaration/src/declaration-service.module.js';
import { GATEWAY_DB } from '../../apps/gateway/src/database/gateway-database.js';
import { GatewayServiceModule } from '../../apps/gateway/src/gateway-service.module.js';
import { YARD_QUEUE_DB } from '../../apps/yard-queue/src/database/yard-queue-database.js';
import { YardQueueServiceModule } from '../../apps/yard-queue/src/yard-queue-service.module.js';
import { ensureChromium, launchChromium, loginPage, type Platform, startPlatform } from './harness.js';

jest.setTimeout(120_000);

const TTL_SECONDS = 4;
const LIFETIMES = 5;

let platform: Platform;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  ensureChromium();
  platform = await startPlatform({
    services: [DeclarationServiceModule, YardQueueServiceModule, GatewayServiceModule],
    databases: [DECLARATION_DB, YARD_QUEUE_DB, GATEWAY_DB],
    env: { ACCESS_TOKEN_TTL: String(TTL_SECONDS) },
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close();
  await platform?.close();
});

/** Every answer to the page's API calls, as `status path`. */
function answers(page: Page): string[] {
  const seen: string[] = [];
  page.on('response', (r) => {
    const path = new URL(r.url()).pathname;
    if (!path.startsWith('/api/')) return;
    const auth = r.request().headers().authorization;
    const p = auth
      ? (JSON.parse(Buffer.from(auth.split('.')[1], 'base64url').toString()) as { exp: number; ver: number })
      : null;
    seen.push(
      `${r.status()} ${path}${r.status() === 401 && p ? ` [exp-now ${p.exp * 1000 - Date.now()} ms, ver ${p.ver}, tok ${auth.slice(-6)}]` : ''}`,
    );
  });
  return seen;
}

/** Reloads the declaration list the way the portal does on a live change: to another view and back. */
async function showList(page: Page): Promise<void> {
  await page.evaluate(() => (location.hash = '#/new'));
  await page.locator('[data-testid=declaration-form]').waitFor({ timeout: 10_000 });
  await page.evaluate(() => (location.hash = '#/'));
  await page.getByText('Chưa có tờ khai nào').waitFor({ timeout: 10_000 });
}

it('keeps two tabs of the firm portal logged in and working across several access-token lifetimes', async () => {
  const first = await loginPage(browser, `${platform.url}/firm/`, 'doanhnghiep@demo.cuakhau.vn');
  context = first.context;
  const tabs = [first.page, await context.newPage()];
  const seen = tabs.map(answers);
  await tabs[1].goto(`${platform.url}/firm/`);
  for (const tab of tabs) await tab.getByText('Tờ khai của tôi').waitFor();

  const until = Date.now() + LIFETIMES * TTL_SECONDS * 1000;
  let rounds = 0;
  while (Date.now() < until) {
    await Promise.all(tabs.map(showList)).catch((e: Error) => {
      throw new Error(`${e.message}\n${seen.map((s, i) => `tab ${i}: ${s.join(', ')}`).join('\n')}`);
    });
    for (const tab of tabs) expect(await tab.locator('[data-testid=login]').count()).toBe(0);
    rounds++;
    await sleep(700);
  }
  const all = seen.flat();
  const refreshes = all.filter((a) => a.endsWith('/api/auth/refresh'));
  process.stdout.write(
    `two tabs, access tokens of ${TTL_SECONDS} s for ${LIFETIMES} lifetimes: ${rounds} list reloads per tab, ` +
      `${refreshes.length} refreshes (${refreshes.filter((a) => a.startsWith('200')).length} answered 200), ` +
      `${all.filter((a) => a.endsWith('/api/declarations')).length} list requests\n`,
  );
  expect(refreshes.length).toBeGreaterThanOrEqual(LIFETIMES - 1);
  // Every reload of each tab got its list (a 401 on the way is the client's cue to refresh, then retry).
  for (const s of seen)
    expect(s.filter((a) => /^200 \/api\/declarations$/.test(a)).length).toBeGreaterThanOrEqual(rounds);
  expect(refreshes.filter((a) => !a.startsWith('200'))).toEqual([]);

  // The logout button ends the session on the server: the other tab is sent to the login form at its next call
  // (on a loaded CI machine that came later than 10 s once).
  await tabs[0].click('[data-testid=logout]');
  await tabs[0].locator('[data-testid=login]').waitFor();
  expect(seen[0]).toContain('204 /api/auth/logout');
  await tabs[1].evaluate(() => (location.hash = '#/new'));
  await tabs[1].evaluate(() => (location.hash = '#/'));
  await tabs[1].locator('[data-testid=login]').waitFor({ timeout: 30_000 });
});
