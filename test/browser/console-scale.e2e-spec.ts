// The customs desk at a real gate's scale, in Chromium with the CPU throttled 4× (an office PC or a TV
// stick): 300 trucks waiting at one gate, filed, accepted and checked in through the services' own APIs, and
// one real change a second through the yard-queue API (call, check-in, arrival, confirmation), so the deltas
// and estimates reach the page through the gateway. While the officer's pointer rests on the list, the row
// under it never changes and the keyboard focus stays on its truck; each live change costs at most 16 ms
// of main-thread work (measured in the page: from the socket message to the page laid out again); a truck
// at position 290 is found by its Chinese plate typed in Latin letters and called from the keyboard; axe
// finds nothing critical or serious in any state visited.
//
// CONSOLE_SCALE_SECONDS (default 15) sets the length of the held phase. npm test holds the median change to
// 16 ms; `npm run test:console-scale` runs the full minute and holds every change to it (CONSOLE_SCALE_STRICT=1),
// and the apply when the pointer leaves to 100 ms, which is meaningful on a quiet machine only: the figures are
// wall-clock times. Each change's time is printed by stage (the client applying it, sorting, the page's own
// code, style and layout), calls apart from the rest. CONSOLE_SCALE_TRACE=file records a
// Chromium trace of both phases (read it with scripts/console-trace-top.mjs: style and layout per change).
// CONSOLE_SCALE_CPU (default 4) sets the CPU slowdown: at 1 the figures are the page's own work, without the
// throttle's uneven pauses, which is what to compare two versions of the page by. CONSOLE_SCALE_TRACE_CATEGORIES
// replaces the trace's categories (e.g. `blink,blink.user_timing,disabled-by-default-v8.cpu_profiler` for the
// page's JavaScript and the browser's layout steps).
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg, setPriority } from 'node:os';
import { createRequire } from 'node:module';
import { jest } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { declarationBody, uniqueTaxCode } from '#libs/testing/src/index.js';
import type { ChangeMeasure } from '../../apps/consoles/src/shared/live.js';
import { DECLARATION_DB } from '../../apps/declaration/src/database/declaration-database.js';
import { DeclarationServiceModule } from '../../apps/declaration/src/declaration-service.module.js';
import { GATEWAY_DB } from '../../apps/gateway/src/database/gateway-database.js';
import { GatewayServiceModule } from '../../apps/gateway/src/gateway-service.module.js';
import { YARD_QUEUE_DB } from '../../apps/yard-queue/src/database/yard-queue-database.js';
import { YardQueueServiceModule } from '../../apps/yard-queue/src/yard-queue-service.module.js';
import {
  DEMO_PASSWORD,
  ensureChromium,
  launchChromium,
  loginPage,
  type Platform,
  screenshotPath,
  startPlatform,
} from './harness.js';

const SECONDS = Number(process.env.CONSOLE_SCALE_SECONDS ?? 15);
const WAITING = 300;
const CN_AT = 290;
const BUDGET_MS = 16;
/** A response to the officer's own input (RAIL: under 100 ms reads as immediate). */
const RESPONSE_MS = 100;
const STRICT = process.env.CONSOLE_SCALE_STRICT === '1';
const CPU_RATE = Number(process.env.CONSOLE_SCALE_CPU ?? 4);
const PROFILE = process.env.CONSOLE_SCALE_PROFILE;
const TRACE = process.env.CONSOLE_SCALE_TRACE;
jest.setTimeout(300_000 + SECONDS * 4_000);

const require = createRequire(import.meta.url);
// The rules run inside the page: the file is read and evaluated there.
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

let platform: Platform;
let browser: Browser;
let context: BrowserContext | undefined;
const tokens: Record<string, string> = {};

async function api<T>(path: string, body: unknown, as: string, method = 'POST', tries = 3): Promise<T> {
  const res = await fetch(`${platform.url}/api${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${as}` },
    body: method === 'GET' ? undefined : JSON.stringify(body),
  });
  // A 503 asks the caller to try again (the database stalled, on a machine shared with other work): the seeding does.
  if (res.status === 503 && tries > 1) {
    await new Promise((r) => setTimeout(r, 1000));
    return api(path, body, as, method, tries - 1);
  }
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function tokenOf(email: string, password = DEMO_PASSWORD): Promise<string> {
  const res = await fetch(`${platform.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/** Firms file declarations of ten trucks each; customs accept them. Returns the plates, in filing order. */
async function acceptedPlates(n: number, firms: string[], cnPlateAt = -1): Promise<string[]> {
  const plates: string[] = [];
  for (let d = 0; d * 10 < n; d++) {
    const vehicles = Array.from({ length: Math.min(10, n - d * 10) }, (_, i) =>
      d * 10 + i === cnPlateAt ? { plate: cnPlate, nationality: 'CN' as const } : {},
    );
    const firm = firms[d % firms.length];
    const body = declarationBody({ gate: 'HUU_NGHI', direction: 'EXPORT', vehicles });
    const created = await api<{ id: string; vehicles: { plate: string }[] }>('/declarations', body, firm);
    await api(`/declarations/${created.id}/submit`, {}, firm);
    await api(`/declarations/${created.id}/accept`, {}, tokens.customs);
    plates.push(...created.vehicles.map((v) => v.plate));
  }
  return plates;
}

const checkIn = (plate: string) =>
  api<{ id: string; position: number | null }>('/check-ins', { gate: 'HUU_NGHI', plate }, tokens.yard);

const cnDigits = String(10000 + (process.pid % 89999)).padStart(5, '0');
const cnPlate = `桂F${cnDigits}`;
let spare: string[] = [];

/** axe-core in the page (evaluated, so the platform's CSP does not apply to it): critical and serious only. */
async function axe(page: Page, state: string): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const found = await page.evaluate(async () => {
    const r = await (
      window as unknown as {
        axe: { run(o: object): Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> };
      }
    ).axe.run({ resultTypes: ['violations'] });
    return r.violations
      .filter((v) => v.impact === 'critical' || v.impact === 'serious')
      .map((v) => `${v.impact} ${v.id} (${v.nodes.length})`);
  });
  process.stdout.write(`axe — ${state}: ${found.length ? found.join(', ') : '0 critical, 0 serious'}\n`);
  expect({ state, found }).toEqual({ state, found: [] });
  // The checks leave garbage in the page that an officer's page never holds: axe's colour-contrast rule creates
  // DOM Ranges, and until the page's next full garbage collection the document updates every one of them on
  // each text change and node removal (after two checks a text change in the desk cost 30–40 µs instead of
  // 5 µs once collected). Collected now, between changes, so the changes measure the desk, not axe's leftovers;
  // the measure itself is unchanged.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.detach();
}

/**
 * On a gate the platform runs on a machine of its own; here it shares two cores with the browser, and the
 * throttled page spins a core by itself. The pages' renderers get a higher CPU priority than the platform (nice
 * −10, where the test may set it) so that the server's own work after each change (answering the call, the new
 * estimates, the notifications) does not stop the page in the middle of a measured change. Says what was done.
 */
async function renderersFirst(): Promise<string> {
  const session = await browser.newBrowserCDPSession();
  const info = (await session.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
  await session.detach();
  const renderers = info.processInfo.filter((p) => p.type === 'renderer');
  try {
    for (const p of renderers) setPriority(p.id, -10);
    return `trình duyệt ưu tiên CPU hơn máy chủ (nice −10, ${renderers.length} tiến trình)`;
  } catch (e) {
    return `trình duyệt cùng mức ưu tiên CPU với máy chủ (${(e as Error).message})`;
  }
}

interface Measure {
  name: string;
  duration: number;
  /** A live change's (apps/consoles/src/shared/live.ts): entries changed, and where the time went. */
  detail?: ChangeMeasure;
}

/** The changes that move every waiting truck (a call) apart from the rest, each with its mean time per stage. */
function byKind(ms: Measure[]): string {
  const isCall = (d: ChangeMeasure) => d.changes * 2 >= d.entries;
  const kinds = [
    ['mọi vị trí đổi (gọi xe)', true],
    ['vài xe đổi', false],
  ] as const;
  return kinds
    .map(([label, call]) => {
      const xs = ms.filter((m) => m.name === 'queue-change' && m.detail && isCall(m.detail) === call);
      if (!xs.length) return `${label}: 0 lần`;
      const mean = (f: (m: Measure) => number) => (xs.reduce((a, m) => a + f(m), 0) / xs.length).toFixed(1);
      const st = (k: 'apply' | 'sort' | 'render' | 'layout') => mean((m) => m.detail!.stages[k]);
      return (
        `${label}: ${fmt(stats(xs.map((m) => m.duration)))}; trung bình ${mean((m) => m.duration)} ms = ` +
        `áp dụng ${st('apply')} + sắp xếp ${st('sort')} + dựng trang ${st('render')} + style và layout ${st('layout')}`
      );
    })
    .join('\n');
}

/** The five slowest changes: their phase and place in it, what they changed and where the time went. */
function slowest(ms: Measure[], live: Measure[]): string {
  const changes = ms.filter((m) => m.name === 'queue-change' && m.detail);
  const held = changes.filter((m) => !live.includes(m));
  const livePlace = live.filter((m) => m.name === 'queue-change');
  return [...changes]
    .sort((a, b) => b.duration - a.duration)
    .slice(0, 5)
    .map((m) => {
      const d = m.detail!;
      const st = (Object.keys(d.stages) as (keyof ChangeMeasure['stages'])[]).map((k) => d.stages[k].toFixed(1));
      const phase = live.includes(m) ? `không giữ, thứ ${livePlace.indexOf(m) + 1}` : `giữ, thứ ${held.indexOf(m) + 1}`;
      return `${m.duration.toFixed(1)} ms (${phase}, ${d.changes} thay đổi: ${st.join(' + ')})`;
    })
    .join('; ');
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0;
  return { n: s.length, p50: q(0.5), p95: q(0.95), max: s[s.length - 1] ?? 0 };
};

const fmt = (x: { n: number; p50: number; p95: number; max: number }) =>
  `${x.n} lần, trung vị ${x.p50.toFixed(1)} ms, p95 ${x.p95.toFixed(1)} ms, tối đa ${x.max.toFixed(1)} ms`;

beforeAll(async () => {
  ensureChromium();
  platform = await startPlatform({
    services: [DeclarationServiceModule, YardQueueServiceModule, GatewayServiceModule],
    databases: [DECLARATION_DB, YARD_QUEUE_DB, GATEWAY_DB],
  });
  browser = await launchChromium();
  tokens.customs = await tokenOf('haiquan.huunghi@demo.cuakhau.vn');
  tokens.yard = await tokenOf('baixe.huunghi@demo.cuakhau.vn');
  const firms: string[] = [];
  for (const name of ['Công ty TNHH Thanh Long Lạng Sơn', 'Công ty CP Nông sản Đồng Đăng', 'HTX Vải thiều Lục Ngạn']) {
    const res = await fetch(`${platform.url}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        firmName: name,
        taxCode: uniqueTaxCode(),
        email: `scale.${firms.length}.${Date.now()}@test.vn`,
        password: 'matkhau-123',
        phone: '0912345678',
      }),
    });
    firms.push(((await res.json()) as { accessToken: string }).accessToken);
  }
  const plates = await acceptedPlates(WAITING, firms, CN_AT - 1);
  spare = await acceptedPlates(Math.ceil((SECONDS * 1.25) / 4) + 4, firms);
  // One after the other, as the yard does (the gate's queue takes one change at a time): the Chinese truck
  // is the 290th checked in, so 290th in the queue.
  for (const p of plates) await checkIn(p);
}, 600_000);

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close();
  await platform?.close();
});

test(`300 trucks at one gate, 4× slower CPU, one live change a second for ${SECONDS} s`, async () => {
  const queue = await api<{ entries: { plate: string; position: number | null; status: string }[] }>(
    '/gates/HUU_NGHI/queue',
    null,
    tokens.customs,
    'GET',
  );
  const waiting = queue.entries.filter((e) => e.status === 'CHECKED_IN');
  expect(waiting).toHaveLength(WAITING);
  expect(waiting.find((e) => e.plate === cnPlate)?.position).toBe(CN_AT);

  const logged = await loginPage(browser, `${platform.url}/customs/?gate=HUU_NGHI`, 'haiquan.huunghi@demo.cuakhau.vn', {
    viewport: { width: 1920, height: 1080 },
    before: async (p) => {
      await p.addInitScript(() => {
        // Every live change the page measures, kept for the test.
        const seen: { name: string; duration: number; detail?: unknown }[] = [];
        (window as unknown as { __measures: typeof seen }).__measures = seen;
        new PerformanceObserver((l) => {
          for (const e of l.getEntries())
            seen.push({ name: e.name, duration: e.duration, detail: (e as PerformanceMeasure).detail });
        }).observe({ type: 'measure' });
      });
    },
  });
  context = logged.context;
  const page = logged.page;
  page.setDefaultTimeout(30_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_RATE });
  const priority = await renderersFirst();

  const lane = page.locator('section.lane[data-dir=EXPORT]');
  const waitingList = lane.locator('[data-testid=queue-waiting]');
  await waitingList.locator('[data-entry]').first().waitFor();
  await page.locator('.conn[data-conn=live]').waitFor();
  await expect(lane.locator('[data-testid=lane-counts]').textContent()).resolves.toContain(`${WAITING} đang chờ`);
  // The gate screen's whole width is used.
  const width = await page.evaluate(() => document.querySelector('.lanes')!.getBoundingClientRect().width);
  expect(width).toBeGreaterThan(1800);
  await axe(page, 'bàn hải quan, 300 xe chờ');
  await page.screenshot({ path: screenshotPath('customs-desk-300', true) });

  // Position 290, found by the plate typed without a Chinese keyboard, then called from the keyboard.
  await page.mouse.move(5, 5);
  await page.keyboard.press('/');
  await page.keyboard.type(`GUI F${cnDigits}`);
  const found = waitingList.locator(`[data-plate="${cnPlate}"]`);
  await found.waitFor();
  expect(await waitingList.locator('[data-entry]').count()).toBe(1);
  // Its position, as read (the cell's name) and as seen (the number column beside the one row found).
  expect(await found.locator('.num').getAttribute('aria-label')).toBe(String(CN_AT));
  expect(await waitingList.locator('.ll-gutter').textContent()).toBe(String(CN_AT));
  await axe(page, 'tìm theo biển số chữ Latinh');
  await page.keyboard.press('Enter');
  await expect(page.evaluate(() => document.activeElement?.getAttribute('data-plate'))).resolves.toBe(cnPlate);
  await page.keyboard.press('g');
  await lane.locator(`[data-testid=queue-atGate] [data-plate="${cnPlate}"][data-status=CALLED]`).waitFor();
  await page.locator('text=Gọi — xong').first().waitFor();
  await page.click('[data-testid=search]');
  await page.keyboard.press('Escape');
  await expect(lane.locator('[data-testid=lane-counts]').textContent()).resolves.toContain(`${WAITING - 1} đang chờ`);

  // The officer's place: the keyboard on the 41st waiting truck, the pointer resting on the 9th row in view.
  await waitingList.locator('[data-entry]').first().focus();
  for (let i = 0; i < 40; i++) await page.keyboard.press('j');
  const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-entry'));
  expect(focused).toBeTruthy();
  await waitingList.evaluate((el) => (el.querySelector('.ll-scroll')!.scrollTop = 0));
  const box = (await waitingList.locator('[aria-rowindex="10"]').boundingBox())!;
  const point = { x: box.x + box.width * 0.35, y: box.y + box.height / 2 };
  await page.mouse.move(point.x, point.y);
  // Sampled in the page ten times a second: what is focused, and which row is under the pointer.
  await page.evaluate(
    ({ x, y, want }) => {
      const w = window as unknown as { __samples: { focus: string[]; under: string[] } };
      w.__samples = { focus: [], under: [] };
      setInterval(() => {
        w.__samples.focus.push(document.activeElement?.closest('[data-entry]')?.getAttribute('data-entry') ?? 'none');
        w.__samples.under.push(
          document.elementFromPoint(x, y)?.closest('[data-entry]')?.getAttribute('data-entry') ?? 'none',
        );
      }, 100);
      void want;
    },
    { ...point, want: focused },
  );
  const under = await page.evaluate(
    ({ x, y }) => document.elementFromPoint(x, y)?.closest('[data-entry]')?.getAttribute('data-entry'),
    point,
  );
  expect(under).toBeTruthy();
  const before = await page.evaluate(() => (window as unknown as { __measures: Measure[] }).__measures.length);

  // One real change a second through the yard-queue API: call, check in, arrival, confirmation.
  const called: string[] = [];
  const change = async (i: number) => {
    switch (i % 4) {
      case 0:
        called.push(
          (await api<{ id: string }>('/gates/HUU_NGHI/call-next', { direction: 'EXPORT' }, tokens.customs)).id,
        );
        break;
      case 1:
        await checkIn(spare.shift()!);
        break;
      case 2:
        if (called.length) await api(`/queue-entries/${called[0]}/arrive`, {}, tokens.customs);
        break;
      case 3:
        if (called.length) await api(`/queue-entries/${called.shift()}/confirm`, { agency: 'CUSTOMS' }, tokens.customs);
        break;
    }
  };
  const run = async (seconds: number, from: number) => {
    const t0 = Date.now();
    for (let i = 0; i < seconds; i++) {
      await change(from + i);
      const wait = t0 + (i + 1) * 1000 - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      if (i === Math.floor(seconds / 2) && from === 0) await axe(page, 'danh sách giữ nguyên dưới con trỏ');
    }
  };
  // CONSOLE_SCALE_PROFILE=file: the page's CPU profile of the held phase (read it with scripts/cpu-profile-top.mjs).
  if (PROFILE)
    await cdp
      .send('Profiler.enable')
      .then(() => cdp.send('Profiler.setSamplingInterval', { interval: 100 }))
      .then(() => cdp.send('Profiler.start'));
  if (TRACE)
    await browser.startTracing(page, {
      path: TRACE,
      categories: (
        process.env.CONSOLE_SCALE_TRACE_CATEGORIES ??
        'devtools.timeline,blink.user_timing,disabled-by-default-devtools.timeline'
      ).split(','),
    });
  await run(SECONDS, 0);
  await new Promise((r) => setTimeout(r, 1500));
  if (PROFILE) writeFileSync(PROFILE, JSON.stringify((await cdp.send('Profiler.stop')).profile));

  const samples = await page.evaluate(
    () => (window as unknown as { __samples: { focus: string[]; under: string[] } }).__samples,
  );
  const held = await page.evaluate((n) => (window as unknown as { __measures: Measure[] }).__measures.slice(n), before);
  const pending = await page.locator('[data-testid=apply-changes]').textContent();
  process.stdout.write(
    `Giữ nguyên ${SECONDS} s dưới con trỏ: ${samples.focus.length} mẫu, tiêu điểm đổi ${new Set(samples.focus).size - 1} lần, ` +
      `hàng dưới con trỏ đổi ${new Set(samples.under).size - 1} lần; chờ áp dụng: «${pending}»\n` +
      `Mỗi thay đổi trực tiếp (tin socket → trang dựng lại, CPU chậm ${CPU_RATE}×, 300 hàng, ${priority}, tải máy ${loadavg()[0].toFixed(1)}): ${fmt(stats(held.filter((m) => m.name === 'queue-change').map((m) => m.duration)))}\n`,
  );
  expect(samples.focus.length).toBeGreaterThan(SECONDS * 5);
  expect(new Set(samples.focus)).toEqual(new Set([focused]));
  expect(new Set(samples.under)).toEqual(new Set([under]));
  expect(pending).toMatch(/^\d+ thay đổi — áp dụng$/);

  // The pointer leaves: what waited is applied at once, the keyboard focus still on its truck.
  await page.mouse.move(5, 5);
  await page.locator('[data-testid=apply-changes]').waitFor({ state: 'hidden' });
  await expect(page.evaluate(() => document.activeElement?.getAttribute('data-entry'))).resolves.toBe(focused);
  await axe(page, 'sau khi áp dụng thay đổi');

  // And with nothing holding the rows: the changes move them, the focus stays on its truck.
  // Each row's first truck is noted: the rows that the moving list hands to other trucks are found afterwards.
  await waitingList.evaluate((el) => {
    for (const row of el.querySelectorAll<HTMLElement>('[data-entry]')) row.dataset.firstPlate = row.dataset.plate;
  });
  const mark = await page.evaluate(() => (window as unknown as { __measures: Measure[] }).__measures.length);
  await run(Math.max(4, Math.round(SECONDS / 3)), SECONDS);
  await new Promise((r) => setTimeout(r, 1500));
  await expect(page.evaluate(() => document.activeElement?.getAttribute('data-entry'))).resolves.toBe(focused);
  if (TRACE) await browser.stopTracing();
  const live = await page.evaluate((n) => (window as unknown as { __measures: Measure[] }).__measures.slice(n), mark);
  const all = [...held, ...live];
  const changes = all.filter((m) => m.name === 'queue-change').map((m) => m.duration);
  // The apply on the pointer leaving was measured between the two phases.
  const applies = (await page.evaluate(() => (window as unknown as { __measures: Measure[] }).__measures))
    .filter((m) => m.name === 'queue-apply')
    .map((m) => m.duration);
  process.stdout.write(
    `Không giữ (hàng dịch chuyển): ${fmt(stats(live.filter((m) => m.name === 'queue-change').map((m) => m.duration)))}\n` +
      `Áp dụng thay đổi đã giữ: ${fmt(stats(applies))}\n` +
      `Theo loại (cả hai pha): ${byKind(all)}\n` +
      `Chậm nhất: ${slowest(all, live)}\n`,
  );
  expect(changes.length).toBeGreaterThanOrEqual(SECONDS);
  expect(applies.length).toBeGreaterThanOrEqual(1);
  // Wall-clock times: on a machine shared with other work a few changes wait for the CPU, so npm test holds
  // the typical change to the budget; STRICT (npm run test:console-scale, on a quiet machine) holds every one.
  // The apply answers the officer's own move (the pointer leaving), not a live change: it is held to the time
  // within which a response to input reads as immediate.
  const worst = STRICT ? stats(changes).max : stats(changes).p50;
  expect(worst).toBeLessThanOrEqual(BUDGET_MS);
  if (STRICT) expect(stats(applies).max).toBeLessThanOrEqual(RESPONSE_MS);

  // A row the moving list handed to another truck keeps its buttons; pressed, they act on the truck it shows now.
  const handedOver = waitingList.locator('.ll-row[data-first-plate]:not([data-gone])').filter({
    has: page.locator('button[data-action=a_call]'),
  });
  // In sight: a row drawn beyond the list's edge would be scrolled to, and scrolling hands rows over again. The
  // rows handed over by the calls come in at the foot, beyond the edge: the list is scrolled to bring them in.
  await waitingList.evaluate(async (el) => {
    el.querySelector('.ll-scroll')!.scrollTop += 6 * el.querySelector<HTMLElement>('.ll-row[data-entry]')!.offsetHeight;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  });
  const reused = await handedOver.evaluateAll((rows) =>
    rows
      .filter((r) => {
        const view = r.closest('.ll-scroll')!.getBoundingClientRect();
        const box = r.getBoundingClientRect();
        const inSight = box.top >= view.top && box.bottom <= view.bottom;
        return inSight && r.dataset.firstPlate !== r.dataset.plate && r.getAttribute('tabindex') !== '0';
      })
      .map((r) => r.dataset.plate!),
  );
  expect(reused.length).toBeGreaterThan(0);
  // What each handed-over row shows is its new truck's (its texts were rewritten, its elements kept).
  const shown = await waitingList.evaluate((el) =>
    [...el.querySelectorAll<HTMLElement>('.ll-row[data-first-plate]')]
      .filter((r) => r.dataset.firstPlate !== r.dataset.plate)
      .map((r) => [r.dataset.plate, r.querySelector('.plate')?.textContent]),
  );
  for (const [plate, text] of shown) expect(text).toBe(plate);
  await waitingList.locator(`[data-plate="${reused[0]}"] button[data-action=a_call]`).click();
  await page.locator(`text=${reused[0]}: Gọi — xong`).first().waitFor();
  // Asked of the queue itself: the called list holds more trucks by now than it draws.
  const after = await api<{ entries: { plate: string; status: string }[] }>(
    '/gates/HUU_NGHI/queue',
    null,
    tokens.customs,
    'GET',
  );
  expect(after.entries.find((e) => e.plate === reused[0])?.status).toBe('CALLED');

  // The border guard's desk, at the same scale.
  const border = await loginPage(
    browser,
    `${platform.url}/border/?gate=HUU_NGHI`,
    'bienphong.huunghi@demo.cuakhau.vn',
    {
      viewport: { width: 1920, height: 1080 },
    },
  );
  await border.page.locator('section.lane[data-dir=EXPORT] [data-testid=queue-waiting] [data-entry]').first().waitFor();
  await border.page.locator('section.lane[data-dir=EXPORT] article[data-entry]').first().waitFor();
  await axe(border.page, 'bảng biên phòng');
  await border.page.screenshot({ path: screenshotPath('border-desk-300', true) });
  await border.context.close();
  expect(errors).toEqual([]);
});
