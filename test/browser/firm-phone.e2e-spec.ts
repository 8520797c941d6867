// The firm portal on a phone over a slow link (360×740, DevTools' "Slow 3G" and a 4× slower CPU): a reload in
// the middle of the form finds every field as typed; a filing whose response is lost, then reloaded and sent
// again, is one declaration; customs' decision shows on the phone within two seconds, without a reload.
import { jest } from '@jest/globals';
import pg from 'pg';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { declarationBody, uniqueTaxCode, uniqueVnPlate, validContainer } from '#libs/testing/src/index.js';
import { DECLARATION_DB } from '../../apps/declaration/src/database/declaration-database.js';
import { DeclarationServiceModule } from '../../apps/declaration/src/declaration-service.module.js';
import { GATEWAY_DB } from '../../apps/gateway/src/database/gateway-database.js';
import { GatewayServiceModule } from '../../apps/gateway/src/gateway-service.module.js';
import { YARD_QUEUE_DB } from '../../apps/yard-queue/src/database/yard-queue-database.js';
import { YardQueueServiceModule } from '../../apps/yard-queue/src/yard-queue-service.module.js';
import {
  accessibilityProblems,
  chooseArrival,
  DEMO_PASSWORD,
  ensureChromium,
  launchChromium,
  type Platform,
  startPlatform,
} from './harness.js';

jest.setTimeout(120_000);

const PHONE = { width: 360, height: 740 };
/**
 * `FIRM_PHONE_NETWORK=slow3g` (`npm run test:phone`): DevTools' "Slow 3G" preset (2 s of latency, 50 kB/s each
 * way) and a 4× slower CPU. The default run is the same phone on a fast link and CPU, to stay quick.
 */
const SLOW_3G = { offline: false, latency: 2000, downloadThroughput: 50_000, uploadThroughput: 50_000 };
const NETWORK = process.env.FIRM_PHONE_NETWORK === 'slow3g' ? SLOW_3G : null;
const CPU_SLOWDOWN = NETWORK ? 4 : 1;

let platform: Platform;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let cdp: CDPSession;
let db: pg.Client;
let firmToken: string;
const errors: string[] = [];

async function api<T>(method: string, path: string, token: string | null, body?: unknown): Promise<T> {
  const res = await fetch(`${platform.url}/api${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json().catch(() => null)) as T;
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

function tomorrowMorning(): string {
  const d = new Date(Date.now() + 7 * 3600_000 + 86400_000);
  return `${d.toISOString().slice(0, 10)}T08:30`;
}

beforeAll(async () => {
  ensureChromium();
  platform = await startPlatform({
    services: [DeclarationServiceModule, YardQueueServiceModule, GatewayServiceModule],
    databases: [DECLARATION_DB, YARD_QUEUE_DB, GATEWAY_DB],
  });
  browser = await launchChromium();
  db = new pg.Client({ connectionString: platform.databaseUrl });
  await db.connect();
  // A firm of its own, signed in on the phone already (the login form is covered elsewhere).
  const session = await api<{ accessToken: string }>('POST', '/auth/register', null, {
    firmName: 'Công ty TNHH Vận tải Tân Thanh',
    taxCode: uniqueTaxCode(),
    email: `dieuphoi.${Date.now()}@tanthanh.vn`,
    password: 'MatKhau@2026',
    phone: '0987 654 321',
  });
  firmToken = session.accessToken;
  context = await browser.newContext({
    viewport: PHONE,
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    isMobile: true,
    hasTouch: true,
  });
  await context.addInitScript((s) => {
    if (!localStorage.getItem('cks.session.firm')) localStorage.setItem('cks.session.firm', s);
  }, JSON.stringify(session));
  page = await context.newPage();
  page.setDefaultTimeout(30_000);
  page.on('pageerror', (e) => errors.push(e.message));
  cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  if (NETWORK) await cdp.send('Network.emulateNetworkConditions', NETWORK);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
});

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close();
  await db?.end();
  await platform?.close();
});

afterEach(() => expect(errors).toEqual([]));

const form = () => page.locator('[data-testid=declaration-form]');
const f = (field: string) => form().locator(`[data-field="${field}"]`);
const plates: string[] = [];
/** The declaration customs accept in the third test: its slip is read offline in the fourth. */
let acceptedDecl: { id: string; vehicleId: string } | null = null;

/** Every field of the form, by its API path. */
const values = () =>
  page.$$eval('[data-testid=declaration-form] [data-field]', (els) =>
    Object.fromEntries(els.map((e) => [(e as HTMLInputElement).dataset.field!, (e as HTMLInputElement).value])),
  );

test('a reload in the middle of the form finds every field as it was typed', async () => {
  await page.goto(`${platform.url}/firm/#/new`);
  await form().waitFor();
  plates.push(uniqueVnPlate(), uniqueVnPlate());
  await f('direction').selectOption('IMPORT');
  await chooseArrival(form(), tomorrowMorning());
  await f('yard').selectOption('HUU_NGHI_CHO');
  await f('goods[0].customsDeclarationNumber').fill('306 123 456 789');
  await f('goods[0].category').selectOption('PERISHABLE');
  await f('goods[0].items[0].description').fill('Thanh long ruột đỏ');
  await f('goods[0].items[0].hsCode').fill('0810.90');
  await f('goods[0].items[0].grossWeightKg').fill('18000');
  await f('goods[0].items[0].valueVnd').fill('450000000');
  await f('vehicles[0].plate').fill(plates[0]);
  await f('vehicles[0].containerNumber').fill(validContainer());
  await f('vehicles[0].sealNumber').fill('VN1234567');
  await f('vehicles[0].driver.name').fill('Hoàng Văn Bình');
  await f('vehicles[0].driver.document.number').fill('020123456789');
  await f('vehicles[0].driver.phone').fill('0912 345 678');
  await form()
    .getByRole('button', { name: /Thêm phương tiện/ })
    .click();
  await f('vehicles[1].plate').fill(plates[1]);
  await f('vehicles[1].feeClass').selectOption({ index: 0 });
  await f('vehicles[1].driver.name').fill('Nông Thị Hoa');
  await f('vehicles[1].driver.document.type').selectOption('PASSPORT');
  await f('vehicles[1].driver.document.number').fill('C1234567');
  // The last keystroke, then the reload at once: nothing waits for a pause in typing.
  await f('vehicles[1].driver.phone').pressSequentially('0987654321');
  const typed = await values();
  expect(Object.keys(typed).length).toBeGreaterThanOrEqual(25);
  await page.reload();
  await page.locator('[data-testid=draft-restored]').waitFor();
  expect(await values()).toEqual(typed);
  expect(await accessibilityProblems(page)).toEqual([]);
});

test('a filing whose response is lost, reloaded and sent again, is one declaration', async () => {
  let lost = 0;
  // The request reaches the server and is answered; the phone never hears the answer.
  await page.route(/\/api\/declarations$/, async (route) => {
    if (route.request().method() !== 'POST' || lost > 0) return route.continue();
    lost++;
    await route.fetch();
    await route.abort('connectionreset');
  });
  await form().locator('button[value=submit]').click();
  await page.locator('[data-testid=form-summary]:not([hidden])').waitFor();
  await page.unroute(/\/api\/declarations$/);
  expect(lost).toBe(1);
  await page.reload();
  await page.locator('[data-testid=draft-restored]').waitFor();
  await form().locator('button[value=submit]').click();
  const detail = page.locator('article.decl.detail');
  await detail.waitFor();
  await detail.locator('header [data-status=SUBMITTED]').waitFor();
  const { rows } = await db.query<{ n: number; status: string }>(
    `SELECT count(DISTINCT d.id)::int AS n, min(d.status) AS status FROM declaration.declarations d
       JOIN declaration.vehicles v ON v.declaration_id = d.id WHERE v.plate = ANY($1)`,
    [plates],
  );
  expect(rows[0]).toEqual({ n: 1, status: 'SUBMITTED' });
  // Filed: the next new form starts empty.
  await page.evaluate(() => (location.hash = '#/new'));
  await form().waitFor();
  expect(await f('vehicles[0].plate').inputValue()).toBe('');
  expect(await page.locator('[data-testid=draft-restored]').count()).toBe(0);
});

test('customs’ decision shows on the phone within two seconds, and a plate already filed is refused naming its declaration', async () => {
  const plate = uniqueVnPlate();
  const d = await api<{ id: string; number: string; vehicles: { id: string }[] }>(
    'POST',
    '/declarations',
    firmToken,
    declarationBody({ vehicles: [{ plate }] }),
  );
  await api('POST', `/declarations/${d.id}/submit`, firmToken, {});
  await page.evaluate(() => (location.hash = '#/'));
  const card = page.locator(`article.decl[data-id="${d.id}"]`);
  await card.locator('header [data-status=SUBMITTED]').waitFor();
  await page.locator('.conn[data-conn=live]').waitFor();
  const customs = await api<{ accessToken: string }>('POST', '/auth/login', null, {
    email: 'haiquan.huunghi@demo.cuakhau.vn',
    password: DEMO_PASSWORD,
  });
  const started = Date.now();
  await api('POST', `/declarations/${d.id}/accept`, customs.accessToken, {});
  const committed = Date.now();
  await card.locator('header [data-status=ACCEPTED]').waitFor({ timeout: 10_000 });
  const accepted = Date.now() - started;
  const afterCommit = Date.now() - committed;
  acceptedDecl = { id: d.id, vehicleId: d.vehicles[0].id };
  const second = await api<{ id: string }>(
    'POST',
    '/declarations',
    firmToken,
    declarationBody({ vehicles: [{ plate: uniqueVnPlate() }] }),
  );
  await api('POST', `/declarations/${second.id}/submit`, firmToken, {});
  await page.locator(`article.decl[data-id="${second.id}"] header [data-status=SUBMITTED]`).waitFor();
  const asked = Date.now();
  await api('POST', `/declarations/${second.id}/correction-requests`, customs.accessToken, {
    message: 'Số niêm phong không khớp với biên bản niêm phong',
    fields: ['vehicles[0].sealNumber'],
  });
  const askedCommitted = Date.now();
  await page.locator(`article.decl[data-id="${second.id}"] .notice`).waitFor({ timeout: 10_000 });
  const correction = Date.now() - asked;
  const correctionAfterCommit = Date.now() - askedCommitted;
  process.stdout.write(
    `firm phone (360×740, ${NETWORK ? 'Slow 3G' : 'unthrottled link'}, CPU ${CPU_SLOWDOWN}×): acceptance shown ${accepted} ms ` +
      `after customs' request was sent (${afterCommit} ms after its answer), correction request ${correction} ms ` +
      `(${correctionAfterCommit} ms)\n`,
  );
  // Within two seconds of the decision being recorded (twice that on Slow 3G, whose every frame may wait on a
  // loaded machine: the figures are printed); the whole round, customs' own request included, bounded loosely.
  const bound = NETWORK ? 4000 : 2000;
  expect(afterCommit).toBeLessThan(bound);
  expect(correctionAfterCommit).toBeLessThan(bound);
  expect(Math.max(accepted, correction)).toBeLessThan(6000);
  // The card that needs the firm (a correction asked) comes first once the list is read again.
  await page.reload();
  await page.locator(`article.decl[data-id="${second.id}"]`).waitFor();
  await expect(page.locator('article.decl').first().getAttribute('data-id')).resolves.toBe(second.id);

  // The accepted plate typed again in a new form: pointed out before filing, refused on filing, and opened.
  await page.evaluate(() => (location.hash = '#/new'));
  await form().waitFor();
  await f('vehicles[0].plate').fill(plate.toLowerCase().replace(/[-.]/g, ' '));
  await f('vehicles[0].plate').blur();
  const offer = page.locator('[data-testid=open-plate]:not([hidden])');
  await offer.waitFor();
  await expect(offer.textContent()).resolves.toContain(d.number);
  await offer.locator('[data-testid=open-existing]').click();
  await page.locator(`article.decl.detail[data-id="${d.id}"]`).waitFor();
});

test('the portal installs as an app, and a slip already seen opens with no network', async () => {
  const manifest = await api<{ start_url: string; scope: string; display: string; icons: unknown[] }>(
    'GET',
    '/../firm/manifest.webmanifest',
    null,
  );
  expect(manifest).toMatchObject({ start_url: '/firm/', scope: '/firm/', display: 'standalone' });
  expect(await page.locator('link[rel=manifest]').getAttribute('href')).toBe('/firm/manifest.webmanifest');
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  expect(new URL(scope).pathname).toBe('/firm/');
  const slip = page.locator('[data-testid=slip] [data-slip-code]');
  await page.evaluate((a) => (location.hash = `#/slip/${a.id}/${a.vehicleId}`), acceptedDecl!);
  await slip.waitFor();
  const code = await slip.getAttribute('data-slip-code');
  await context.setOffline(true);
  try {
    await page.reload();
    await slip.waitFor();
    expect(await slip.getAttribute('data-slip-code')).toBe(code);
  } finally {
    await context.setOffline(false);
  }
});
