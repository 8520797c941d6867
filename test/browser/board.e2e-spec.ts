// The public board in a real browser at a busy gate: 1,000 trucks waiting at Hữu Nghị, checked in through the
// yard's own endpoint. On a 360 px phone: cards that fit, the estimate in view, plates on one line, a driver
// 400 places back finding their Chinese truck by its Latin spelling and watching it move. On a 1920×1080 TV:
// every lane fitted with no scrolling, plates of 48 px or more, pages turning, "cập nhật HH:MM" in Vietnam time.
// The socket's bytes are read from Chromium's own frames (CDP) and printed; axe-core checks each state visited.
import { jest } from '@jest/globals';
import axeCore from 'axe-core';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { acceptedVehicleEvents } from '#libs/testing/src/index.js';
import { DECLARATION_DB } from '../../apps/declaration/src/database/declaration-database.js';
import { DeclarationServiceModule } from '../../apps/declaration/src/declaration-service.module.js';
import { GATEWAY_DB } from '../../apps/gateway/src/database/gateway-database.js';
import { GatewayServiceModule } from '../../apps/gateway/src/gateway-service.module.js';
import { YARD_QUEUE_DB } from '../../apps/yard-queue/src/database/yard-queue-database.js';
import { DeclarationEventsConsumer } from '../../apps/yard-queue/src/events/declaration-events.consumer.js';
import { YardQueueServiceModule } from '../../apps/yard-queue/src/yard-queue-service.module.js';
import {
  ensureChromium,
  platformApi,
  launchChromium,
  type Platform,
  screenshotPath,
  startPlatform,
} from './harness.js';

jest.setTimeout(120_000);

const WAITING = Number(process.env.BOARD_WAITING) || 1000;
/** Vehicle 700 (an export, about 420th in line) is Chinese: its driver types the province in Latin letters. */
const CN_INDEX = Math.floor(WAITING * 0.7);
const CN_PLATE = '桂F12345';
const PHONE = { width: 360, height: 740 };
const TV = { width: 1920, height: 1080 };
/** axe-core's own script, run inside the page. */
const AXE = axeCore.source;

let platform: Platform;
let browser: Browser;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];
let customsToken = '';

const { api, loginAs } = platformApi(() => platform.url);

interface Entry {
  id: string;
  plate: string;
  direction: string;
  status: string;
  position: number | null;
}
const queue = () => api<{ version: number; entries: Entry[] }>('/gates/HUU_NGHI/queue', customsToken);
const headOf = async (d: string) =>
  (await queue()).entries.find((e) => e.direction === d && e.status === 'CHECKED_IN' && e.position === 1)!;

beforeAll(async () => {
  ensureChromium();
  platform = await startPlatform({
    services: [DeclarationServiceModule, YardQueueServiceModule, GatewayServiceModule],
    databases: [DECLARATION_DB, YARD_QUEUE_DB, GATEWAY_DB],
    // A listing of 1,000 trucks with their estimates can take seconds on a loaded machine: wait for it rather than
    // fall back to the gateway's copy, which has no estimates.
    // The no-show sweeper is not this test's subject; at 1,000 trucks on a loaded machine its pass holds the gate
    // for seconds.
    env: { LIVE_SNAPSHOT_TIMEOUT_MS: '30000', QUEUE_SWEEPER: 'off' },
  });
  browser = await launchChromium();
  const yardToken = await loginAs('baixe.huunghi@demo.cuakhau.vn');
  customsToken = await loginAs('haiquan.huunghi@demo.cuakhau.vn');
  // Accepted declarations as the declaration service's relay delivers them, then checked in at the yard's endpoint.
  const { events, vehicles } = acceptedVehicleEvents(WAITING, {
    direction: (i) => (i % 5 < 3 ? 'EXPORT' : 'IMPORT'),
    plate: (i) => (i === CN_INDEX ? CN_PLATE : null),
  });
  await platform.app.get(DeclarationEventsConsumer, { strict: false }).handle(events);
  const started = Date.now();
  let retried = 0;
  for (const v of vehicles) {
    // A 503 (the gate's lock not had in time) is retried, as the yard's screen lets its operator do.
    for (let attempt = 1; ; attempt++) {
      try {
        await api('/check-ins', yardToken, { gate: 'HUU_NGHI', plate: v.plate });
        break;
      } catch (e) {
        if (attempt === 3 || !/: 503 /.test((e as Error).message)) throw e;
        retried++;
      }
    }
  }
  process.stdout.write(
    `${WAITING} xe vào bãi qua API trong ${((Date.now() - started) / 1000).toFixed(1)} s (${retried} lần thử lại sau 503)\n`,
  );
}, 900_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await platform?.close();
});

/** A page with its websocket frames counted as Chromium receives them. */
async function boardPage(
  path: string,
  viewport: { width: number; height: number },
): Promise<{
  page: Page;
  cdp: CDPSession;
  received: () => number;
  /** Bytes received by event (`queue.delta`, `board.plate`…; `engine` for pings). */
  byEvent: () => Record<string, number>;
  /** Sizes of the followed plate's messages, in order. */
  plateMessages: () => number[];
  /** The `queue.delta` frames, in order. */
  deltaFrames: () => string[];
  reset: () => void;
}> {
  const context = await browser.newContext({ viewport, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (e) => pageErrors.push(`${page.url()}: ${e.message}`));
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  let bytes = 0;
  let events: Record<string, number> = {};
  let plates: number[] = [];
  let deltas: string[] = [];
  cdp.on('Network.webSocketFrameReceived', (e: { response: { payloadData: string; opcode: number } }) => {
    const n = e.response.opcode === 1 ? Buffer.byteLength(e.response.payloadData) : e.response.payloadData.length;
    bytes += n;
    const event = /^42\["([^"]+)"/.exec(e.response.payloadData)?.[1] ?? 'engine';
    events[event] = (events[event] ?? 0) + n;
    if (event === 'board.plate') plates.push(n);
    if (event === 'queue.delta') deltas.push(e.response.payloadData);
  });
  await page.goto(`${platform.url}${path}`);
  return {
    page,
    cdp,
    received: () => bytes,
    byEvent: () => events,
    plateMessages: () => plates,
    deltaFrames: () => deltas,
    reset: () => {
      bytes = 0;
      events = {};
      plates = [];
      deltas = [];
    },
  };
}

/** axe-core on the page as it is: no critical or serious violation. */
async function axe(page: Page, state: string): Promise<void> {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const r = await (
      window as unknown as {
        axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> };
      }
    ).axe.run();
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
  });
  const bad = violations.filter((v) => v.impact === 'critical' || v.impact === 'serious');
  process.stdout.write(`axe (${state}): ${violations.length} vi phạm, ${bad.length} nghiêm trọng\n`);
  expect({ state, bad }).toEqual({ state, bad: [] });
}

/** Nothing wider than the screen; nothing taller either where the screen cannot scroll. */
async function overflow(page: Page) {
  return page.evaluate(() => ({
    width: document.documentElement.scrollWidth,
    height: document.documentElement.scrollHeight,
    innerWidth,
    innerHeight,
  }));
}

test('phone: cards fit 360 px with the estimate in view, plates on one line; a driver finds and follows their plate', async () => {
  const { page, received, byEvent, plateMessages, deltaFrames, reset } = await boardPage('/board/', PHONE);
  const cards = page.locator('[data-testid=board-HUU_NGHI] li[data-plate]');
  await cards.nth(9).waitFor();
  await page.waitForSelector('.conn[data-conn=live]');
  await page.waitForTimeout(1500);
  const firstView = received();
  expect(await cards.count()).toBe(10);
  const o = await overflow(page);
  expect(o.width).toBeLessThanOrEqual(PHONE.width);
  // Every card: its plate on one line and within the card, its estimate on the screen.
  const fit = await cards.evaluateAll((els) =>
    els.map((li) => {
      const plate = li.querySelector('.plate')!;
      const eta = li.querySelector('.eta')!.getBoundingClientRect();
      const lineHeight = parseFloat(getComputedStyle(plate).lineHeight) || 30;
      return {
        plateOneLine: plate.getBoundingClientRect().height < lineHeight * 1.5,
        plateInside: plate.getBoundingClientRect().right <= li.getBoundingClientRect().right,
        etaVisible: eta.width > 0 && eta.left >= 0 && eta.right <= innerWidth,
      };
    }),
  );
  expect(fit.every((f) => f.plateOneLine && f.plateInside && f.etaVisible)).toBe(true);
  // The wait in words: 600 exports at 72 an hour are hours, never "clear".
  const badge = (await page.locator('.summary .cong').textContent())!;
  expect(badge).toMatch(/^Chờ khoảng \d+ giờ( \d+ phút)?( — cửa khẩu mở lúc .*\d\d:\d\d)?$/);
  expect(await page.locator('.summary .counts').textContent()).toBe(`${fmt(WAITING * 0.6)} xe đang chờ`);
  await axe(page, 'điện thoại, hàng chờ');

  // Find my plate, typed on a Latin keyboard.
  await page.fill('#find-plate', 'gui f 12345');
  await page.click('[data-testid=find-plate] button[type=submit]');
  const mine = page.locator(`[data-testid=find-result] [data-plate="${CN_PLATE}"]`);
  await mine.waitFor();
  const place = async () => Number(/Vị trí (\d+)/.exec((await mine.locator('.place').textContent())!)![1]);
  const before = await place();
  expect(before).toBeGreaterThan(WAITING * 0.3);
  expect(await mine.locator('.place').textContent()).toBe(`Vị trí ${before} trong ${fmt(WAITING * 0.6)} xe xuất`);
  expect(await mine.locator('.eta').textContent()).toMatch(/\d\d:\d\d–\d\d:\d\d$/);
  // All of it on the screen: a long estimate ("sau khoảng 19 giờ — khoảng …") wraps inside the card.
  const inside = await mine.evaluate((card) => {
    const right = card.getBoundingClientRect().right;
    return [...card.querySelectorAll('dd')].every(
      (dd) => dd.getBoundingClientRect().right <= right && dd.scrollWidth <= dd.clientWidth,
    );
  });
  expect(inside).toBe(true);
  await axe(page, 'điện thoại, tìm thấy biển số');
  await page.screenshot({ path: screenshotPath('board-phone-1000', true) });

  // The head of exports is called: the board moves up, and so does the driver's place, by itself.
  await page.waitForTimeout(1500);
  reset();
  const head = await headOf('EXPORT');
  await api(`/queue-entries/${head.id}/call`, customsToken, {});
  await page.waitForFunction(
    (b) =>
      /Vị trí (\d+)/.exec(document.querySelector('[data-testid=find-result] .place')?.textContent ?? '')?.[1] ===
      String(b - 1),
    before,
  );
  await page.locator(`.called [data-plate="${head.plate}"]`).waitFor();
  await page.waitForTimeout(1500);
  // The change itself (the window's delta that carries the called truck, the followed plate's new place), apart
  // from the estimates recomputed after it (the window's, and the plate's again when its minutes moved), other
  // deltas that a loaded machine lets fall in the same 1.5 s, and the heartbeats that come anyway.
  const parts = byEvent();
  const callDelta = deltaFrames().find((f) => f.includes(head.id));
  expect(callDelta).toBeDefined();
  const perChange = Buffer.byteLength(callDelta!) + (plateMessages()[0] ?? 0);

  // Another direction, another gate.
  await page.click('[data-dir-tab=IMPORT]');
  await page.locator('[data-testid=board-HUU_NGHI][data-direction=IMPORT] li[data-plate]').nth(9).waitFor();
  expect(await page.locator('.summary .counts').textContent()).toBe(`${fmt(WAITING * 0.4)} xe đang chờ`);
  await axe(page, 'điện thoại, chiều nhập');
  await page.click('[data-gate-tab=TAN_THANH]');
  await page.locator('section.gate-panel[data-gate=TAN_THANH]').waitFor();
  await page.locator('[data-gate=TAN_THANH] .muted', { hasText: 'Không có xe nào trong hàng chờ' }).waitFor();
  await axe(page, 'điện thoại, cửa khẩu khác');
  expect((await overflow(page)).width).toBeLessThanOrEqual(PHONE.width);

  process.stdout.write(
    `Bảng trên điện thoại, ${WAITING} xe chờ: lần đầu ${firstView} byte trên socket; một lần gọi xe ${perChange} byte (delta và biển số đang theo dõi; cả socket trong 1,5 s: ${JSON.stringify(parts)})\n`,
  );
  expect(firstView).toBeLessThanOrEqual(10 * 1024);
  expect(perChange).toBeLessThanOrEqual(2 * 1024);
});

test('TV: every lane fits 1920×1080 with no overflow, plates ≥ 48 px, pages turn, "cập nhật HH:MM" in Vietnam time', async () => {
  const { page, received } = await boardPage('/board/?tv=1&rotate=3', TV);
  await page.locator('section.lane[data-lane="HUU_NGHI:IMPORT"] tbody tr').first().waitFor();
  await page.waitForSelector('.conn[data-conn=live]');
  await page.waitForTimeout(1500);
  const firstView = received();
  const o = await overflow(page);
  expect(o).toEqual({ width: TV.width, height: TV.height, innerWidth: TV.width, innerHeight: TV.height });
  // Rows shown are inside their lane; plates are big.
  const lanes = await page.locator('section.lane').evaluateAll((els) =>
    els.map((lane) => {
      const body = lane.querySelector('.lane-body')!.getBoundingClientRect();
      const shown = [...lane.querySelectorAll('tbody tr')].filter((r) => !(r as HTMLElement).hidden);
      return {
        lane: (lane as HTMLElement).dataset.lane,
        inside: lane.getBoundingClientRect().bottom <= innerHeight && lane.getBoundingClientRect().right <= innerWidth,
        rowsInside: shown.every((r) => r.getBoundingClientRect().bottom <= body.bottom + 0.5),
        shown: shown.length,
        pages: Number((lane as HTMLElement).dataset.pages ?? 0),
        plate: Math.min(...shown.map((r) => parseFloat(getComputedStyle(r.querySelector('.plate')!).fontSize))),
      };
    }),
  );
  expect(lanes.map((l) => l.lane)).toEqual([
    'HUU_NGHI:EXPORT',
    'HUU_NGHI:IMPORT',
    'TAN_THANH:EXPORT',
    'TAN_THANH:IMPORT',
  ]);
  for (const l of lanes.slice(0, 2)) {
    expect(l).toMatchObject({ inside: true, rowsInside: true });
    expect(l.shown).toBeGreaterThanOrEqual(3);
    expect(l.pages).toBeGreaterThanOrEqual(2);
    expect(l.plate).toBeGreaterThanOrEqual(48);
  }
  // "cập nhật HH:MM": the time of the data, in Vietnam whatever the TV's zone.
  const vnNow = new Date(Date.now() + 7 * 3600_000).toISOString().slice(11, 16);
  const updated = (await page.locator('[data-testid=updated]').textContent())!;
  expect(updated).toMatch(/^cập nhật \d\d:\d\d$/);
  expect(Math.abs(toMinutes(updated.slice(-5)) - toMinutes(vnNow)) % (24 * 60)).toBeLessThanOrEqual(1);
  await axe(page, 'TV, trang 1');
  await page.screenshot({ path: screenshotPath('board-tv-1000', true) });

  // Pages turn by themselves.
  const lane = page.locator('section.lane[data-lane="HUU_NGHI:EXPORT"]');
  const shown = () =>
    lane.evaluate((l) => ({
      page: l.dataset.page,
      plate: l.querySelector('tbody tr:not([hidden])')?.getAttribute('data-plate'),
      no: l.querySelector('.page-no')?.textContent,
    }));
  const before = await shown();
  await page.waitForFunction(
    (p) => document.querySelector<HTMLElement>('section.lane[data-lane="HUU_NGHI:EXPORT"]')?.dataset.page !== p,
    before.page,
    { timeout: 8000 },
  );
  const after = await shown();
  expect(after.plate).not.toBe(before.plate);
  expect(after.no).toMatch(new RegExp(`^Trang ${after.page}/\\d+$`));
  await axe(page, 'TV, trang 2');

  // One lane, as a screen over the export lane shows it.
  const one = await boardPage('/board/?tv=1&gate=HUU_NGHI&dir=EXPORT', TV);
  await one.page.locator('section.lane tbody tr').first().waitFor();
  await one.page.waitForTimeout(1500);
  expect(await one.page.locator('section.lane').count()).toBe(1);
  expect(await one.page.locator('section.lane tbody tr').count()).toBe(25);
  expect(await overflow(one.page)).toEqual({ width: 1920, height: 1080, innerWidth: 1920, innerHeight: 1080 });
  process.stdout.write(
    `Bảng TV, ${WAITING} xe chờ: lần đầu ${firstView} byte (2 cửa khẩu × 2 chiều, N = 12); một làn (N = 25) ${one.received()} byte\n`,
  );
  expect(firstView).toBeLessThanOrEqual(10 * 1024);
  expect(one.received()).toBeLessThanOrEqual(10 * 1024);
});

test('phone: the fairness ledger, linked from the board, shows each truck’s check-in and place and why the order changed', async () => {
  const { page } = await boardPage('/board/', PHONE);
  await page.locator('[data-testid=board-HUU_NGHI] li[data-plate]').first().waitFor();
  await page.click('a.ledger-link');
  await page.waitForURL(/\/board\/fairness\/\?gate=HUU_NGHI$/);
  const rows = page.locator('[data-testid=fairness-queue] tbody tr');
  await rows.first().waitFor();
  const ledger = await api<{ queue: { plate: string; position: number | null }[] }>('/public/fairness/HUU_NGHI', null);
  expect(await rows.count()).toBe(ledger.queue.length);
  const head = ledger.queue.find((q) => q.position === 1)!;
  expect(await rows.first().textContent()).toContain(head.plate);
  await page.locator('[data-testid=fairness-changes] [data-reason=CHECK_IN]').first().waitFor();
  expect(await page.locator('[data-testid=fairness-changes] [data-reason=CHECK_IN]').first().textContent()).toBe(
    'Vào bãi',
  );
  expect((await overflow(page)).width).toBeLessThanOrEqual(PHONE.width);
  await axe(page, 'điện thoại, sổ công bằng');
});

/** A count as the page writes it in Vietnamese (`1.000`). */
const fmt = (n: number) => new Intl.NumberFormat('vi-VN').format(n);

function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

test('no page raised a script error', () => {
  expect(pageErrors).toEqual([]);
});
