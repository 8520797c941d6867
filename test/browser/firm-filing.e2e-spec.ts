// Filing many trucks from a phone (360×740): a truck and its driver offered back from the firm's book, a
// vehicle copied, vehicles imported from a CSV file with one bad row listed by line, and every slip of a
// declaration printed at once, one page per truck; a slip shared as a picture.
import { readFile } from 'node:fs/promises';
import { jest } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { declarationBody, uniqueTaxCode, uniqueVnPlate } from '#libs/testing/src/index.js';
import { DECLARATION_DB } from '../../apps/declaration/src/database/declaration-database.js';
import { DeclarationServiceModule } from '../../apps/declaration/src/declaration-service.module.js';
import { GATEWAY_DB } from '../../apps/gateway/src/database/gateway-database.js';
import { GatewayServiceModule } from '../../apps/gateway/src/gateway-service.module.js';
import { YARD_QUEUE_DB } from '../../apps/yard-queue/src/database/yard-queue-database.js';
import { YardQueueServiceModule } from '../../apps/yard-queue/src/yard-queue-service.module.js';
import { DEMO_PASSWORD, ensureChromium, launchChromium, type Platform, startPlatform } from './harness.js';

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

test('every slip of a declaration prints at once, one page per truck', async () => {
  await page.evaluate((id) => (location.hash = `#/d/${id}`), accepted.id);
  await page.locator('[data-testid=print-all]').click();
  await page.locator('[data-testid=slip]').first().waitFor();
  expect(await page.locator('[data-testid=slip]').count()).toBe(3);
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
