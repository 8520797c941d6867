// "Forgot password" in the firm portal on a phone (360×740): the link asked for on the login page arrives by
// e-mail (an SMTP stand-in), opens the form that sets the new password, the new password logs in, the old
// session on another phone no longer refreshes, and the same link opened again is refused.
import { jest } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { uniqueTaxCode } from '#libs/testing/src/index.js';
import { type Mail, SmtpStandIn } from '#libs/testing/src/smtp-stand-in.js';
import { DECLARATION_DB } from '../../apps/declaration/src/database/declaration-database.js';
import { DeclarationServiceModule } from '../../apps/declaration/src/declaration-service.module.js';
import { GATEWAY_DB } from '../../apps/gateway/src/database/gateway-database.js';
import { GatewayServiceModule } from '../../apps/gateway/src/gateway-service.module.js';
import { YARD_QUEUE_DB } from '../../apps/yard-queue/src/database/yard-queue-database.js';
import { YardQueueServiceModule } from '../../apps/yard-queue/src/yard-queue-service.module.js';
import { DEMO_PASSWORD, ensureChromium, launchChromium, type Platform, startPlatform } from './harness.js';

jest.setTimeout(120_000);

const FIRM = 'doanhnghiep@demo.cuakhau.vn';
const smtp = new SmtpStandIn();
let platform: Platform;
let browser: Browser;
const pageErrors: string[] = [];

beforeAll(async () => {
  ensureChromium();
  await smtp.start();
  platform = await startPlatform({
    services: [DeclarationServiceModule, YardQueueServiceModule, GatewayServiceModule],
    databases: [DECLARATION_DB, YARD_QUEUE_DB, GATEWAY_DB],
    env: { SMTP_URL: smtp.url },
  });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await platform?.close();
  await smtp.stop();
});
afterEach(() => expect(pageErrors).toEqual([]));

async function phone(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    hasTouch: true,
    isMobile: true,
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  return { context, page };
}

async function mailTo(to: string): Promise<Mail> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const m = smtp.mails.find((x) => x.to.includes(to));
    if (m) return m;
    if (Date.now() > deadline) throw new Error(`no mail to ${to}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const refresh = (refreshToken: string) =>
  fetch(`${platform.url}/api/auth/refresh`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ refreshToken }),
  });

test('a forgotten password is replaced through the e-mailed link, once', async () => {
  // The firm is signed in on another phone: that session must end with the new password.
  const other = (await (
    await fetch(`${platform.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: FIRM, password: DEMO_PASSWORD }),
    })
  ).json()) as { refreshToken: string };

  const { context, page } = await phone();
  await page.goto(`${platform.url}/firm/`);
  await page.click('[data-testid=forgot-link]');
  await page.fill('[data-testid=forgot] input[name=email]', FIRM);
  await page.click('[data-testid=forgot] button[type=submit]');
  const sent = page.locator('[data-testid=reset-sent]');
  await sent.waitFor();
  await expect(sent.textContent()).resolves.toContain('trong 30 phút');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

  const mail = await mailTo(FIRM);
  const link = /https?:\/\/\S+\/firm\/#\/reset\/[\w-]+/.exec(mail.text)?.[0];
  expect(link?.startsWith(`${platform.url}/firm/#/reset/`)).toBe(true);

  await page.goto(link!);
  const form = page.locator('[data-testid=reset]');
  await form.waitFor();
  await page.fill('[data-testid=reset] input[name=newPassword]', 'Mat-khau-moi-2026');
  await page.fill('[data-testid=reset] input[name=newPasswordAgain]', 'Mat-khau-moi-2025');
  await page.click('[data-testid=reset] button[type=submit]');
  await page.waitForSelector('[data-testid=reset] .field-error:text-is("Hai mật khẩu không giống nhau")');
  await page.fill('[data-testid=reset] input[name=newPasswordAgain]', 'Mat-khau-moi-2026');
  await page.click('[data-testid=reset] button[type=submit]');
  await page.waitForSelector('[data-testid=login]');
  await page.waitForSelector('text=Đã đặt mật khẩu mới');

  expect((await refresh(other.refreshToken)).status).toBe(401);
  await page.fill('#login-email', FIRM);
  await page.fill('#login-password', 'Mat-khau-moi-2026');
  await page.click('[data-testid=login] button[type=submit]');
  await page.waitForSelector('h2:text-is("Tờ khai của tôi")');

  // The same link a second time: refused, in words, and the password stays the one just set.
  const again = await (await browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
  again.on('pageerror', (e) => pageErrors.push(e.message));
  await again.goto(link!);
  await again.fill('[data-testid=reset] input[name=newPassword]', 'Lan-thu-hai-2026');
  await again.fill('[data-testid=reset] input[name=newPasswordAgain]', 'Lan-thu-hai-2026');
  await again.click('[data-testid=reset] button[type=submit]');
  await again.waitForSelector('[data-testid=reset] .error:has-text("Đường dẫn đặt lại mật khẩu không dùng được")');
  await again.context().close();
  await context.close();
});

test('"log out everywhere" ends this phone’s session and the others', async () => {
  const post = async (path: string, body: unknown) =>
    (await (
      await fetch(`${platform.url}/api${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    ).json()) as { refreshToken: string };
  const email = 'dieuphoi@dongdang.vn';
  const password = 'matkhau-dong-dang';
  const other = await post('/auth/register', {
    firmName: 'Công ty TNHH Đồng Đăng',
    taxCode: uniqueTaxCode(),
    email,
    password,
    phone: '0912345678',
  });
  const { context, page } = await phone();
  await page.goto(`${platform.url}/firm/`);
  await page.fill('#login-email', email);
  await page.fill('#login-password', password);
  await page.click('[data-testid=login] button[type=submit]');
  page.on('dialog', (d) => void d.accept());
  await page.click('[data-testid=logout-everywhere]');
  await page.waitForSelector('[data-testid=login]');
  expect((await refresh(other.refreshToken)).status).toBe(401);
  await page.reload();
  await page.waitForSelector('[data-testid=login]');
  await context.close();
});
