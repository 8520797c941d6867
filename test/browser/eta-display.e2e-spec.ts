// The waiting-time estimate as people read it: the median in words with its range on every screen, never a
// zero-width range (not even after a capacity change pushes trucks to another day by the daily cap), and
// during a suspension the suspension and its reason on the firm's vehicle instead of "no estimate".
import { jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { declarationBody, eventually, login, type Session, uniqueVnPlate } from '#libs/testing/src/index.js';
import { DECLARATION_DB } from '../../apps/declaration/src/database/declaration-database.js';
import { DeclarationServiceModule } from '../../apps/declaration/src/declaration-service.module.js';
import { GATEWAY_DB } from '../../apps/gateway/src/database/gateway-database.js';
import { GatewayServiceModule } from '../../apps/gateway/src/gateway-service.module.js';
import { YARD_QUEUE_DB } from '../../apps/yard-queue/src/database/yard-queue-database.js';
import { YardQueueServiceModule } from '../../apps/yard-queue/src/yard-queue-service.module.js';
import { DEMO_PASSWORD, ensureChromium, launchChromium, loginPage, type Platform, startPlatform } from './harness.js';

jest.setTimeout(180_000);

const GATE = 'HUU_NGHI';
const TRUCKS = 24;
const REASON = 'Phía Trung Quốc tạm dừng tiếp nhận để kiểm tra';
let platform: Platform;
let browser: Browser;
let firm: Session, customs: Session, yard: Session, admin: Session;
const http = () => request(platform.url);

beforeAll(async () => {
  ensureChromium();
  platform = await startPlatform({
    services: [DeclarationServiceModule, YardQueueServiceModule, GatewayServiceModule],
    databases: [DECLARATION_DB, YARD_QUEUE_DB, GATEWAY_DB],
  });
  browser = await launchChromium();
  firm = await login(http, 'doanhnghiep@demo.cuakhau.vn', DEMO_PASSWORD);
  customs = await login(http, 'haiquan.huunghi@demo.cuakhau.vn', DEMO_PASSWORD);
  yard = await login(http, 'baixe.huunghi@demo.cuakhau.vn', DEMO_PASSWORD);
  admin = await login(http, 'admin@demo.cuakhau.vn', DEMO_PASSWORD);
  // One declaration of many trucks, accepted, every truck checked in.
  const plates = Array.from({ length: TRUCKS }, () => uniqueVnPlate());
  const created = await http()
    .post('/api/declarations')
    .set('authorization', firm.auth)
    .send(declarationBody({ gate: GATE, vehicles: plates.map((plate) => ({ plate })) }));
  expect(created.status).toBe(201);
  expect(
    (await http().post(`/api/declarations/${created.body.id}/submit`).set('authorization', firm.auth)).status,
  ).toBe(200);
  expect(
    (await http().post(`/api/declarations/${created.body.id}/accept`).set('authorization', customs.auth)).status,
  ).toBe(200);
  for (const plate of plates) {
    const r = await http().post('/api/check-ins').set('authorization', yard.auth).send({ gate: GATE, plate });
    expect(r.status).toBe(201);
  }
});

afterAll(async () => {
  await browser?.close();
  await platform?.close();
});

interface Entry {
  status: string;
  eta: { p10: string; p50: string; p90: string } | null;
}
const queue = async (): Promise<Entry[]> =>
  (await http().get(`/api/gates/${GATE}/queue`).set('authorization', customs.auth)).body.entries;

/** "khoảng 10:40, có thể 10:10–11:30" (dates before the times when not today): the two ends of the range. */
const RANGE = /khoảng (?:\d\d\/\d\d )?\d\d:\d\d, có thể ((?:\d\d\/\d\d )?\d\d:\d\d)–((?:\d\d\/\d\d )?\d\d:\d\d)/;

async function etaTexts(page: Page): Promise<string[]> {
  return page.locator('.vehicle-row .eta').allTextContents();
}

test('the firm reads every estimate as a median with a real range, also after a capacity change moves trucks to another day', async () => {
  const { context, page } = await loginPage(browser, `${platform.url}/firm/`, 'doanhnghiep@demo.cuakhau.vn', {
    viewport: { width: 360, height: 740 },
  });
  try {
    await eventually(async () =>
      expect((await queue()).filter((e) => e.status === 'CHECKED_IN' && !e.eta)).toEqual([]),
    );
    // Capacity down to 4 an hour and 10 a day: most trucks move to later days.
    const patched = await http()
      .patch(`/api/gates/${GATE}`)
      .set('authorization', admin.auth)
      .send({ directions: { EXPORT: { capacityPerHour: 4, dailyCap: 10 } } });
    expect(patched.status).toBe(200);
    await eventually(async () => {
      const entries = (await queue()).filter((e) => e.status === 'CHECKED_IN');
      expect(entries.filter((e) => !e.eta)).toEqual([]);
      // Re-estimated: the trucks the daily cap pushed to later days are estimated there, hours away.
      expect(Math.max(...entries.map((e) => new Date(e.eta!.p50).getTime())) - Date.now()).toBeGreaterThan(
        3 * 3600_000,
      );
      // Never zero width, on any truck: at least ten minutes either side of the median.
      for (const e of entries) {
        const [p10, p50, p90] = [e.eta!.p10, e.eta!.p50, e.eta!.p90].map((x) => new Date(x).getTime());
        expect(p50 - p10).toBeGreaterThanOrEqual(10 * 60_000);
        expect(p90 - p50).toBeGreaterThanOrEqual(10 * 60_000);
      }
    });
    // The firm's list follows live; the long waits are there without a reload.
    const texts = await eventually(async () => {
      const now = await etaTexts(page);
      if (!now.some((x) => /sau khoảng \d+ giờ/.test(x))) throw new Error(`not yet: ${now.at(-1)}`);
      return now;
    }, 20_000);
    expect(texts.length).toBeGreaterThan(0);
    for (const text of texts) {
      const m = RANGE.exec(text);
      expect(m).not.toBeNull();
      expect(m![1]).not.toBe(m![2]);
    }
    console.log(`ETA on the firm's phone after the capacity change: ${texts[0]} … ${texts.at(-1)}`);
  } finally {
    await context.close();
  }
});

test("during a suspension the firm's waiting truck shows the suspension and its reason, not 'no estimate'", async () => {
  const { context, page } = await loginPage(browser, `${platform.url}/firm/`, 'doanhnghiep@demo.cuakhau.vn', {
    viewport: { width: 360, height: 740 },
  });
  try {
    await page.locator('.vehicle-row .eta').first().waitFor();
    const suspended = await http()
      .post(`/api/gates/${GATE}/suspend`)
      .set('authorization', admin.auth)
      .send({ reason: REASON });
    expect(suspended.status).toBe(200);
    // Live: the firm's feed hears of the change; no reload.
    await eventually(async () => {
      const texts = await etaTexts(page);
      expect(texts.length).toBeGreaterThan(0);
      for (const text of texts) expect(text).toContain(`Tạm dừng thông quan: ${REASON}`);
    }, 20_000);
    expect(await page.locator('.vehicle-row').first().textContent()).not.toContain('chưa ước tính được');
  } finally {
    await context.close();
    await http().post(`/api/gates/${GATE}/resume`).set('authorization', admin.auth).send({ reason: 'Mở lại' });
  }
});

test('the administration shows how the estimates fared once the trucks were called, as the API counts them', async () => {
  // Estimated again since the gate resumed: the calls below score those estimates.
  await eventually(async () => expect((await queue()).filter((e) => e.status === 'CHECKED_IN' && !e.eta)).toEqual([]));
  for (let i = 0; i < 3; i++) {
    const r = await http()
      .post(`/api/gates/${GATE}/call-next`)
      .set('authorization', customs.auth)
      .send({ direction: 'EXPORT' });
    expect(r.status).toBe(200);
  }
  const api = (await http().get('/api/eta/accuracy').set('authorization', admin.auth)).body as {
    gate: string;
    direction: string;
    period: string;
    scored: number;
    coverage: number;
  }[];
  const day = api.find((r) => r.gate === GATE && r.direction === 'EXPORT' && r.period === 'day')!;
  expect(day.scored).toBeGreaterThanOrEqual(3);
  const { context, page } = await loginPage(browser, `${platform.url}/admin/`, 'admin@demo.cuakhau.vn');
  try {
    const panel = page.locator(`article.gate[data-gate=${GATE}] [data-testid=eta-accuracy]`);
    await panel.locator('summary').click();
    const row = panel.locator('tr[data-direction=EXPORT][data-period=day]');
    await row.waitFor();
    const cells = await row.locator('td').allTextContents();
    expect(cells[2]).toBe(String(day.scored));
    expect(cells[3]).toBe(`${Math.round(day.coverage * 100)} %`);
  } finally {
    await context.close();
  }
});
