// Filing many trucks from a phone (360×740): a truck and its driver offered back from the firm's book, a
// vehicle copied, vehicles imported from a CSV file with one bad row listed by line, and every slip of a
// declaration printed at once, one page per truck; a slip shared as a picture; the waiting yard picked from the
// gate's list (in the page's language, changing with the gate), named so on the declaration and its slips.
import { readFile } from 'node:fs/promises';
import { jest } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { declarationBody, uniqueTaxCode, uniqueVnPlate, validContainer } from '#libs/testing/src/index.js';
import { DECLARATION_DB } from '../../apps/declaration/src/database/declaration-database.js';
import { DeclarationServiceModule } from '../../apps/declaration/src/declaration-service.module.js';
import { GATEWAY_DB } from '../../apps/gateway/src/database/gateway-database.js';
import { GatewayServiceModule } from '../../apps/gateway/src/gateway-service.module.js';
import { YARD_QUEUE_DB } from '../../apps/yard-queue/src/database/yard-queue-database.js';
import { YardQueueServiceModule } from '../../apps/yard-queue/src/yard-queue-service.module.js';
import {
  chooseArrival,
  DEMO_PASSWORD,
  ensureChromium,
  launchChromium,
  type Platform,
  startPlatform,
} from './harness.js';

jest.setTimeout(120_000);

let platform: Platform;
let browser: Browser;
let context: BrowserContext;
let page: Page;
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

type Filed = { id: string; vehicles: { id: string; plate: string }[] };
const booked = { plate: uniqueVnPlate(), trailer: '12R-012.34' };
let accepted: Filed;

beforeAll(async () => {
  ensureChromium();
  platform = await startPlatform({
    services: [DeclarationServiceModule, YardQueueServiceModule, GatewayServiceModule],
    databases: [DECLARATION_DB, YARD_QUEUE_DB, GATEWAY_DB],
  });
  browser = await launchChromium();
  const session = await api<{ accessToken: string }>('POST', '/auth/register', null, {
    firmName: 'Công ty TNHH Vận tải Đồng Đăng',
    taxCode: uniqueTaxCode(),
    email: `dieuphoi.${Date.now()}@dongdang.vn`,
    password: 'MatKhau@2026',
    phone: '0987 654 321',
  });
  firmToken = session.accessToken;
  // Three trucks filed and accepted: the first goes into the book with its driver, all three get slips.
  const body = declarationBody({
    vehicles: [{ plate: booked.plate, trailerPlate: booked.trailer }, {}, { plate: '桂F23456', nationality: 'CN' }],
  });
  body.vehicles[0].driver = {
    name: 'Lò Văn Sáng',
    document: { type: 'PASSPORT', number: 'C7654321' },
    phone: '0911222333',
  };
  accepted = await api<Filed>('POST', '/declarations', firmToken, body);
  await api('POST', `/declarations/${accepted.id}/submit`, firmToken, {});
  const customs = await api<{ accessToken: string }>('POST', '/auth/login', null, {
    email: 'haiquan.huunghi@demo.cuakhau.vn',
    password: DEMO_PASSWORD,
  });
  await api('POST', `/declarations/${accepted.id}/accept`, customs.accessToken, {});
  context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    isMobile: true,
    hasTouch: true,
  });
  await context.addInitScript((s) => localStorage.setItem('cks.session.firm', s), JSON.stringify(session));
  page = await context.newPage();
  page.setDefaultTimeout(30_000);
  page.on('pageerror', (e) => errors.push(e.message));
});

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close();
  await platform?.close();
});

afterEach(() => expect(errors).toEqual([]));

const form = () => page.locator('[data-testid=declaration-form]');
const f = (field: string) => form().locator(`[data-field="${field}"]`);

test('a booked truck fills its driver, a copy keeps him, and a CSV adds the good rows and lists the bad one', async () => {
  await page.goto(`${platform.url}/firm/#/new`);
  await form().waitFor();
  // The book's suggestions are there; the plate typed in another spelling still finds the truck.
  await page.locator(`#book-plates option[value="${booked.plate}"]`).waitFor({ state: 'attached' });
  await f('vehicles[0].plate').pressSequentially(booked.plate.replace(/[-.]/g, ' ').toLowerCase());
  await page.waitForFunction(
    () => document.querySelector<HTMLInputElement>('[data-field="vehicles[0].driver.name"]')?.value === 'Lò Văn Sáng',
  );
  expect(await f('vehicles[0].trailerPlate').inputValue()).toBe(booked.trailer);
  expect(await f('vehicles[0].driver.document.type').inputValue()).toBe('PASSPORT');
  expect(await f('vehicles[0].driver.document.number').inputValue()).toBe('C7654321');
  expect(await f('vehicles[0].driver.phone').inputValue()).toBe('+84911222333');
  // Upper case with dashes as it is typed, and spelt as the server stores it once left.
  expect(await f('vehicles[0].plate').inputValue()).toBe(booked.plate.replace(/[-.]/g, '-'));
  await f('vehicles[0].plate').blur();
  expect(await f('vehicles[0].plate').inputValue()).toBe(booked.plate);

  await form().locator('[data-testid=copy-vehicle]').first().click();
  expect(await f('vehicles[1].plate').inputValue()).toBe('');
  expect(await f('vehicles[1].driver.name').inputValue()).toBe('Lò Văn Sáng');
  expect(await f('vehicles[1].trailerPlate').inputValue()).toBe(booked.trailer);
  await f('vehicles[1].plate').fill(uniqueVnPlate());

  const good = '桂F12345';
  const csv =
    '\uFEFFBiển số;Họ tên lái xe;Loại giấy tờ;Số giấy tờ;Điện thoại lái xe;Ngôn ngữ của lái xe\r\n' +
    `${good};李明;Hộ chiếu;E12345678;0912000111;zh\r\n` +
    '12X-1;Hoàng Văn Bình;CCCD;020123456789;0912345678;vi\r\n';
  await form().locator('summary', { hasText: 'CSV' }).click();
  await form()
    .locator('[data-testid=csv-file]')
    .setInputFiles({ name: 'xe.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  const bad = page.locator('[data-testid=csv-errors] li');
  await bad.waitFor();
  expect(await bad.count()).toBe(1);
  expect(await bad.getAttribute('data-line')).toBe('3');
  expect(await bad.textContent()).toMatch(/^Dòng 3: Biển số không hợp lệ: "12X-1"/);
  expect(await f('vehicles[2].plate').inputValue()).toBe(good);
  expect(await f('vehicles[2].driver.name').inputValue()).toBe('李明');
  expect(await f('vehicles[2].driver.document.type').inputValue()).toBe('PASSPORT');
  expect(await f('vehicles[2].driverLanguage').inputValue()).toBe('zh');
  expect(await form().locator('[data-vehicle]').count()).toBe(3);
});

/** The yard list's options as the firm sees them: value and text. */
const yardOptions = () =>
  f('yard')
    .locator('option')
    .evaluateAll((os) => os.map((o) => [(o as HTMLOptionElement).value, o.textContent]));

test("the yard is picked from the chosen gate's list, in the page's language, and filed by its code", async () => {
  await page.goto(`${platform.url}/firm/#/new`);
  await form().waitFor();
  // A draft left by the first test: this one starts from an empty form.
  const discard = page.locator('[data-testid=draft-restored] button');
  if (await discard.count()) await discard.click();
  await form().waitFor();
  expect(await f('yard').evaluate((e) => e.tagName)).toBe('SELECT');
  expect(await yardOptions()).toEqual([
    ['', '— Chọn bãi chờ —'],
    ['HUU_NGHI_CHO', 'Bãi chờ Hữu Nghị'],
    ['HUU_NGHI_TAP_KET', 'Bãi tập kết Hữu Nghị'],
  ]);
  await f('gate').selectOption('TAN_THANH');
  await page.waitForFunction(() => document.querySelector('[data-field="yard"] option[value="TAN_THANH_CHO"]'));
  expect((await yardOptions()).map(([v]) => v)).toEqual(['', 'TAN_THANH_CHO', 'TAN_THANH_TAP_KET']);
  await f('yard').selectOption('TAN_THANH_TAP_KET');
  // The page in Chinese: the same list, its names in Chinese, the choice kept.
  await page.click('header [data-lang=zh]');
  await page.waitForFunction(
    () =>
      document.querySelector('[data-field="yard"] option[value="TAN_THANH_TAP_KET"]')?.textContent === '新清集结停车场',
  );
  expect(await f('yard').inputValue()).toBe('TAN_THANH_TAP_KET');
  await page.click('header [data-testid=lang]');
  await page.locator('html[lang=vi]').waitFor();
  // A reload restores the choice from the draft.
  await page.reload();
  await form().waitFor();
  expect(await f('gate').inputValue()).toBe('TAN_THANH');
  expect(await f('yard').inputValue()).toBe('TAN_THANH_TAP_KET');

  const arrival = new Date(Date.now() + 7 * 3600_000 + 86400_000).toISOString().slice(0, 10);
  await chooseArrival(form(), `${arrival}T08:30`);
  await f('goods[0].customsDeclarationNumber').fill('306 123 456 789');
  await f('goods[0].items[0].description').fill('Linh kiện điện tử');
  await f('goods[0].items[0].hsCode').fill('8542.31');
  await f('goods[0].items[0].grossWeightKg').fill('18000');
  await f('goods[0].items[0].valueVnd').fill('450000000');
  await f('vehicles[0].plate').fill(uniqueVnPlate());
  await f('vehicles[0].containerNumber').fill(validContainer());
  await f('vehicles[0].driver.name').fill('Hoàng Văn Bình');
  await f('vehicles[0].driver.document.number').fill('020123456789');
  await f('vehicles[0].driver.phone').fill('0912 345 678');
  await form().locator('button[value=draft]').click();
  const detail = page.locator('article.decl.detail');
  await detail.waitFor();
  expect(await detail.locator('[data-testid=declaration-yard]').textContent()).toContain(
    'Bãi chờ: Bãi tập kết Tân Thanh',
  );
  const id = await detail.getAttribute('data-id');
  const stored = await api<{ yard: string }>('GET', `/declarations/${id}`, firmToken);
  expect(stored.yard).toBe('TAN_THANH_TAP_KET');
});

test('every slip of a declaration prints at once, one page per truck', async () => {
  await page.evaluate((id) => (location.hash = `#/d/${id}`), accepted.id);
  await page.locator('[data-testid=print-all]').click();
  await page.locator('[data-testid=slip]').first().waitFor();
  expect(await page.locator('[data-testid=slip]').count()).toBe(3);
  // Each slip names the waiting yard by its name, not its code.
  expect(await page.locator('[data-testid=slip-yard]').allTextContents()).toEqual(Array(3).fill('Bãi chờ Hữu Nghị'));
  await page.emulateMedia({ media: 'print' });
  expect(await page.locator('.no-print').first().isVisible()).toBe(false);
  // A page tall enough for all three: only the break between slips makes three pages.
  const pdf = (await page.pdf({ width: '360px', height: '6000px' })).toString('latin1');
  expect(pdf.match(/\/Type\s*\/Page\b/g)).toHaveLength(3);
  await page.emulateMedia({ media: 'screen' });
});

test("a slip's picture is drawn in the browser and, without Web Share, downloaded as a PNG", async () => {
  const v = accepted.vehicles[2];
  await page.evaluate((a) => (location.hash = `#/slip/${a.id}/${a.v}`), { id: accepted.id, v: v.id });
  await page.locator('[data-testid=share-slip]').waitFor();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('[data-testid=share-slip]').click(),
  ]);
  expect(download.suggestedFilename()).toBe('phieu-桂F23456.png');
  const png = await readFile(await download.path());
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  // 720 pixels wide, and tall enough for the QR and every line of the slip.
  expect(png.readUInt32BE(16)).toBe(720);
  expect(png.readUInt32BE(20)).toBeGreaterThan(900);
});
