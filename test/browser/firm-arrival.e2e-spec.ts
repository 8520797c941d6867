// The firm's expected arrival on a phone whose clock is elsewhere and whose locale writes 12-hour times (en-US in
// Beijing, en-US in New York): the time is chosen from a 24-hour list, echoed in words as Vietnam time, and filed
// as that Vietnam time.
import { jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { uniqueVnPlate } from '#libs/testing/src/index.js';
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
const pageErrors: string[] = [];

beforeAll(async () => {
  ensureChromium();
  platform = await startPlatform({
    services: [DeclarationServiceModule, YardQueueServiceModule, GatewayServiceModule],
    databases: [DECLARATION_DB, YARD_QUEUE_DB, GATEWAY_DB],
  });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await platform?.close();
});
afterEach(() => expect(pageErrors).toEqual([]));

/** The Vietnam calendar day `days` from now, `YYYY-MM-DD`, and its weekday (0 = Sunday). */
function vietnamDay(days: number): { iso: string; weekday: number; dmy: string } {
  const d = new Date(Date.now() + 7 * 3600_000 + days * 86400_000);
  const iso = d.toISOString().slice(0, 10);
  const [y, m, day] = iso.split('-');
  return { iso, weekday: d.getUTCDay(), dmy: `${day}/${m}/${y}` };
}

async function firmPhone(timezoneId: string): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    locale: 'en-US',
    timezoneId,
    isMobile: true,
    hasTouch: true,
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(`${platform.url}/firm/`);
  await page.fill('#login-email', 'doanhnghiep@demo.cuakhau.vn');
  await page.fill('#login-password', DEMO_PASSWORD);
  await page.click('[data-testid=login] button[type=submit]');
  await page.waitForSelector('[data-testid=new-declaration]');
  return page;
}

/** The rest of a valid declaration, so that it can be saved. */
async function fillTheRest(page: Page): Promise<void> {
  const f = (field: string) => page.locator(`[data-testid=declaration-form] [data-field="${field}"]`);
  await f('yard').selectOption('HUU_NGHI_CHO');
  await f('goods[0].customsDeclarationNumber').fill('306123456789');
  await f('goods[0].items[0].description').fill('Thanh long ruột đỏ');
  await f('goods[0].items[0].hsCode').fill('0810.90');
  await f('goods[0].items[0].grossWeightKg').fill('18000');
  await f('goods[0].items[0].valueVnd').fill('450000000');
  await f('vehicles[0].plate').fill(uniqueVnPlate());
  await f('vehicles[0].driver.name').fill('Hoàng Văn Bình');
  await f('vehicles[0].driver.document.number').fill('020123456789');
  await f('vehicles[0].driver.phone').fill('0912345678');
}

const VI_WEEKDAYS = ['Chủ Nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'];
const EN_WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

test.each([
  { timezoneId: 'Asia/Shanghai', vietnamese: true },
  { timezoneId: 'America/New_York', vietnamese: false },
])('a phone in $timezoneId with a 12-hour locale files 14:30 Vietnam time', async ({ timezoneId, vietnamese }) => {
  const page = await firmPhone(timezoneId);
  // The phone's own clock and habits, as the page sees them.
  const device = await page.evaluate(() => ({
    zone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    clock: new Date(2026, 0, 1, 14, 30).toLocaleTimeString(),
  }));
  expect(device.zone).toBe(timezoneId);
  expect(device.clock).toMatch(/PM/);
  // One phone reads the page in Vietnamese, the other in English (the header's toggle).
  const wanted = vietnamese ? 'vi' : 'en';
  if ((await page.locator('html').getAttribute('lang')) !== wanted) await page.click('header [data-testid=lang]');
  await expect(page.locator('html').getAttribute('lang')).resolves.toBe(wanted);
  await page.click('[data-testid=new-declaration]');
  const form = page.locator('[data-testid=declaration-form]');
  await form.waitFor();

  const hours = await form.locator('[name=arrivalHour] option').allTextContents();
  expect(hours).toEqual(['--', ...Array.from({ length: 24 }, (_, i) => String(i).padStart(2, '0'))]);
  const day = vietnamDay(3);
  await chooseArrival(form, `${day.iso}T14:30`);
  const echo = form.locator('[data-testid=arrival-echo]');
  await expect(echo.textContent()).resolves.toBe(
    vietnamese
      ? `${VI_WEEKDAYS[day.weekday]}, ${day.dmy}, 14:30 giờ Việt Nam`
      : `${EN_WEEKDAYS[day.weekday]}, ${day.dmy}, 14:30 Vietnam time`,
  );
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

  await fillTheRest(page);
  await form.locator('button[value=draft]').click();
  await page.waitForURL(/#\/d\//);
  const id = page.url().split('#/d/')[1];
  const token = await page.evaluate(() => JSON.parse(localStorage.getItem('cks.session.firm')!).accessToken as string);
  const filed = (await (
    await fetch(`${platform.url}/api/declarations/${id}`, { headers: { authorization: `Bearer ${token}` } })
  ).json()) as { expectedArrival: string };
  expect(new Date(filed.expectedArrival).toISOString()).toBe(`${day.iso}T07:30:00.000Z`);
  // The declaration reads the time back in Vietnam time, not the phone's.
  await page.waitForSelector(`text=${day.dmy.slice(0, 5)} 14:30`);

  // Amending shows the same choice, and the echo, again.
  await page.goto(`${platform.url}/firm/#/d/${id}/amend`);
  await form.waitFor();
  await expect(form.locator('[name=arrivalHour]').inputValue()).resolves.toBe('14');
  await expect(form.locator('[name=arrivalMinute]').inputValue()).resolves.toBe('30');
  await expect(echo.textContent()).resolves.toContain('14:30');
  await page.context().close();
});
