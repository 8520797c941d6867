// The firm portal and the public board read in Chinese (简体) once chosen: the login, the declarations list, the
// form's many-trucks tools (copy, CSV import with a Chinese header) and the board in Chinese words, a refusal of the server in Chinese (the page sends its language as Accept-Language),
// why a no-show was not held against the firm (kept by code, said in the page's language),
// and a Chinese plate drawn with a CJK font from the pages' fallback list (fonts-noto-cjk on this machine).
import { jest } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DECLARATION_DB } from '../../apps/declaration/src/database/declaration-database.js';
import { DeclarationServiceModule } from '../../apps/declaration/src/declaration-service.module.js';
import { GATEWAY_DB } from '../../apps/gateway/src/database/gateway-database.js';
import { GatewayServiceModule } from '../../apps/gateway/src/gateway-service.module.js';
import { YARD_QUEUE_DB } from '../../apps/yard-queue/src/database/yard-queue-database.js';
import { YardQueueServiceModule } from '../../apps/yard-queue/src/yard-queue-service.module.js';
import { declarationBody, eventually } from '#libs/testing/src/index.js';
import { DEMO_PASSWORD, ensureChromium, launchChromium, type Platform, platformApi, startPlatform } from './harness.js';

jest.setTimeout(120_000);

let platform: Platform;
let browser: Browser;
const pageErrors: string[] = [];
const { api, loginAs } = platformApi(() => platform.url);

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

/** A Vietnamese phone of its own (the language chosen is kept per device): Chinese comes from the page's switcher. */
async function open(path: string): Promise<Page> {
  const context: BrowserContext = await browser.newContext({
    viewport: { width: 360, height: 740 },
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(`${platform.url}${path}`);
  return page;
}

/** The fonts Chromium really drew an element's text with. */
async function fontsOf(page: Page, selector: string): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root } = await cdp.send('DOM.getDocument');
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
  const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
  await cdp.detach();
  return fonts.map((f) => f.familyName);
}

test('the firm portal in Chinese: login, a refusal of the server, the declarations list', async () => {
  const page = await open('/firm/');
  await page.waitForSelector('[data-testid=login]');
  await page.click('header [data-lang=zh]');
  await page.waitForSelector('header.top h1:text-is("企业门户")');
  await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh');
  await expect(page.locator('[data-testid=login] button[type=submit]').textContent()).resolves.toBe('登录');
  await expect(page.locator('[data-testid=forgot-link]').textContent()).resolves.toBe('忘记密码？');

  await page.fill('#login-email', 'doanhnghiep@demo.cuakhau.vn');
  await page.fill('#login-password', 'not-the-password');
  await page.click('[data-testid=login] button[type=submit]');
  await page.waitForSelector('[data-testid=login] .error:text-is("电子邮件或密码不正确")');

  await page.fill('#login-password', DEMO_PASSWORD);
  await page.click('[data-testid=login] button[type=submit]');
  await page.waitForSelector('h2:text-is("我的申报单")');
  await expect(page.locator('[data-testid=new-declaration]').textContent()).resolves.toBe('+ 新申报单');
  await expect(page.locator('[data-testid=book-link]').textContent()).resolves.toBe('车辆和司机名册');
  await expect(page.locator('[data-testid=logout-everywhere]').textContent()).resolves.toBe('在所有设备上退出登录');
  // The form's many-trucks tools: copy, the CSV import with its header in Chinese (and accepted as such).
  await page.click('[data-testid=new-declaration]');
  await expect(page.locator('[data-testid=copy-vehicle]').first().textContent()).resolves.toBe('复制此车辆');
  await expect(page.locator('.csv-import summary').textContent()).resolves.toBe('从 CSV 文件（Excel）导入车辆');
  await expect(page.locator('.csv-header').textContent()).resolves.toMatch(/^车牌;挂车车牌;车辆国籍;/);
  await page.setInputFiles('[data-testid=csv-file]', {
    name: 'xe.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(
      '车牌;司机姓名;证件类型;证件号码;司机电话;车辆国籍\n桂F12345;李明;护照;E12345678;0912000111;火星\n',
    ),
  });
  await expect(page.locator('[data-testid=csv-result] p').textContent()).resolves.toBe('已添加 0 辆车；1 行有错误');
  await expect(page.locator('[data-testid=csv-errors] li').textContent()).resolves.toMatch(
    /^第 2 行：车辆国籍无效："火星"/,
  );
  await page.context().close();
});

test('the public board in Chinese, a Chinese plate drawn with a CJK font', async () => {
  const page = await open('/board/');
  await page.waitForSelector('[data-testid=find-plate]');
  await page.click('header [data-lang=zh]');
  await page.waitForSelector('header.top h1:text-is("公共排队看板")');
  await expect(page.locator('label[for=find-plate]').textContent()).resolves.toBe('查找我的车牌');
  await page.fill('#find-plate', '桂F12345');
  await page.click('[data-testid=find-plate] button[type=submit]');
  const none = page.locator('[data-testid=find-result] [data-found=none]');
  await none.waitFor();
  await expect(none.textContent()).resolves.toMatch(/队列中没有车辆 桂F12345$/);
  // The page declares the CJK families itself (a kiosk's fontconfig may have no fallback), and one of them draws 桂.
  const declared = await none.evaluate((el) => getComputedStyle(el).fontFamily);
  expect(declared).toContain('"Noto Sans CJK SC"');
  expect(declared).toContain('"Microsoft YaHei"');
  expect((await fontsOf(page, '[data-testid=find-result] [data-found=none]')).join(', ')).toMatch(/CJK|Han Sans/);
  // The choice holds on the next visit.
  await page.reload();
  await page.waitForSelector('header.top h1:text-is("公共排队看板")');
  await page.context().close();
});

test('a no-show the suspended gate caused reads on the firm’s truck in Chinese, and in Vietnamese and English once switched', async () => {
  const [firm, customs, yard, admin] = await Promise.all(
    ['doanhnghiep', 'haiquan.huunghi', 'baixe.huunghi', 'admin'].map((u) => loginAs(`${u}@demo.cuakhau.vn`)),
  );
  const d = await api<{ id: string; number: string }>(
    '/declarations',
    firm,
    declarationBody({ vehicles: [{ plate: '桂A54321', nationality: 'CN' }] }),
  );
  await api(`/declarations/${d.id}/submit`, firm, {});
  const accepted = await api<{ vehicles: { slipCode: string }[] }>(`/declarations/${d.id}/accept`, customs, {});
  const entry = await api<{ id: string }>('/check-ins', yard, { gate: 'HUU_NGHI', qr: accepted.vehicles[0].slipCode });
  // Called while the gate is suspended: the miss is the suspension's, not the firm's.
  await api('/gates/HUU_NGHI/suspend', admin, { reason: 'Phía Trung Quốc tạm dừng tiếp nhận' });
  await api(`/queue-entries/${entry.id}/call`, customs, {});
  await api(`/queue-entries/${entry.id}/no-show`, customs, {});
  await api('/gates/HUU_NGHI/resume', admin, {});

  const page = await open('/firm/');
  await page.waitForSelector('[data-testid=login]');
  await page.click('header [data-lang=zh]');
  await page.fill('#login-email', 'doanhnghiep@demo.cuakhau.vn');
  await page.fill('#login-password', DEMO_PASSWORD);
  await page.click('[data-testid=login] button[type=submit]');
  await page.waitForSelector('h2:text-is("我的申报单")');
  // The declaration service's copy follows the yard through the outbox: the list shows it once relayed.
  const waiver = page.locator(`[data-declaration="${d.number}"] [data-testid=no-show-waiver]`);
  const said = await eventually(async () => {
    if (await waiver.count()) return waiver.textContent();
    await page.reload();
    await page.waitForSelector('h2:text-is("我的申报单")');
    throw new Error('not yet relayed');
  }, 20_000);
  expect(said).toBe('不计未到: 车辆被叫号时，口岸正处于暂停状态。');
  // The page's other languages say it from the same code: Vietnamese, then English.
  await page.click('header [data-testid=lang]');
  await page.waitForSelector('h2:text-is("Tờ khai của tôi")');
  await expect(waiver.textContent()).resolves.toBe(
    'Không tính vắng mặt: Xe được gọi trong lúc cửa khẩu đang tạm dừng hoạt động.',
  );
  await page.click('header [data-testid=lang]');
  await page.waitForSelector('h2:text-is("My declarations")');
  await expect(waiver.textContent()).resolves.toBe(
    'No-show waived: The truck was called while the gate was suspended.',
  );
  await page.context().close();
});
