// The firm portal's webhooks page on a 360 px phone: the firm subscribes its receiver, reads the secret once,
// a truck is checked in, and the delivery log shows the signed delivery its receiver took.
import { jest } from '@jest/globals';
import type { Browser } from 'playwright-core';
import request from 'supertest';
import { acceptedDeclaration, declarationBody, eventually, freePort, login } from '#libs/testing/src/index.js';
import { DECLARATION_DB } from '../../apps/declaration/src/database/declaration-database.js';
import { DeclarationServiceModule } from '../../apps/declaration/src/declaration-service.module.js';
import { YARD_QUEUE_DB } from '../../apps/yard-queue/src/database/yard-queue-database.js';
import { YardQueueServiceModule } from '../../apps/yard-queue/src/yard-queue-service.module.js';
import { WebhookReceiver } from '../support/webhook-receiver.js';
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
let receiver: WebhookReceiver;
const http = () => request(platform.url);

beforeAll(async () => {
  ensureChromium();
  platform = await startPlatform({
    services: [DeclarationServiceModule, YardQueueServiceModule],
    databases: [DECLARATION_DB, YARD_QUEUE_DB],
    env: { WEBHOOK_POLL_MS: '50' },
  });
  browser = await launchChromium();
  receiver = new WebhookReceiver(await freePort());
  await receiver.start();
});
afterAll(async () => {
  await receiver?.stop();
  await browser?.close();
  await platform?.close();
});

test('a firm subscribes on its phone, keeps the secret, and sees the delivery of its truck’s check-in', async () => {
  const { context, page } = await loginPage(browser, `${platform.url}/firm/`, 'doanhnghiep@demo.cuakhau.vn', {
    viewport: { width: 360, height: 740 },
  });
  try {
    await page.click('[data-testid="webhooks-link"]');
    await page.fill('input[name="url"]', receiver.url);
    await page.click('form.hooks-form button[type="submit"]');
    const secret = (await page.locator('.hooks-secret code').textContent())!;
    expect(secret).toMatch(/^whsec_/);
    receiver.secret = secret;
    await page.locator('[data-testid="webhook"]').waitFor();

    const firm = await login(http, 'doanhnghiep@demo.cuakhau.vn', DEMO_PASSWORD);
    const customs = await login(http, 'haiquan.huunghi@demo.cuakhau.vn', DEMO_PASSWORD);
    const yard = await login(http, 'baixe.huunghi@demo.cuakhau.vn', DEMO_PASSWORD);
    const d = await acceptedDeclaration(http, firm, customs, declarationBody({ gate: 'HUU_NGHI' }));
    const plate = d.vehicles[0].plate;
    await eventually(async () => {
      const r = await http().post('/api/check-ins').set('authorization', yard.auth).send({ gate: 'HUU_NGHI', plate });
      expect(r.status).toBe(201);
    });
    await eventually(() => expect(receiver.accepted.map((m) => m.type)).toContain('vehicle.checked_in'), 20_000);

    await page.click('[data-testid="webhook"] button:has-text("Nhật ký gửi")');
    const row = page.locator('.hooks-log tbody tr', { hasText: plate }).first();
    await row.waitFor();
    expect(await row.textContent()).toContain('Đã gửi');
    expect(await row.getAttribute('data-status')).toBe('DELIVERED');
    expect(await accessibilityProblems(page)).toEqual([]);
    // Nothing wider than the phone: the log scrolls inside its own box.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  } finally {
    await context.close();
  }
});
