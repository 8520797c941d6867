// The leadership dashboard in a real browser: a leadership account opens the admin console on the statistics,
// filters to one gate, downloads the counts as CSV, and the file's totals are the API's; it shows the response
// times per console with their distribution, and the ETA accuracy of the range; the page passes axe and fits a
// 360 px phone.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { jest } from '@jest/globals';
import pg from 'pg';
import type { Browser, BrowserContext } from 'playwright-core';
import { vietnamDay } from '#libs/domain/src/index.js';
import { DECLARATION_DB } from '../../apps/declaration/src/database/declaration-database.js';
import { DeclarationServiceModule } from '../../apps/declaration/src/declaration-service.module.js';
import { GATEWAY_DB } from '../../apps/gateway/src/database/gateway-database.js';
import { GatewayServiceModule } from '../../apps/gateway/src/gateway-service.module.js';
import { STATISTICS_DB } from '../../apps/statistics/src/database/statistics-database.js';
import { StatisticsServiceModule } from '../../apps/statistics/src/statistics-service.module.js';
import { YARD_QUEUE_DB } from '../../apps/yard-queue/src/database/yard-queue-database.js';
import { YardQueueServiceModule } from '../../apps/yard-queue/src/yard-queue-service.module.js';
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
const contexts: BrowserContext[] = [];
const LEADER = 'lanhdao@demo.cuakhau.vn';

async function api(path: string, token: string | null, body?: unknown): Promise<Response> {
  return fetch(`${platform.url}/api${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** Two customs officers: the first answers at both gates' desks, the second at Hữu Nghị's only. */
const OFFICERS = ['00000000-0000-4000-8000-0000000000a1', '00000000-0000-4000-8000-0000000000a2'];
const officerOf = (i: number) => OFFICERS[i % 3 === 0 || i % 2 === 0 ? 0 : 1];

/**
 * A queue entry as the yard-queue's events carry it, at the given stage of its way through the gate: crossed,
 * customs confirmed it 5 + 3·i minutes after the call.
 */
function entry(i: number, at: number, stage: 'CHECKED_IN' | 'CROSSED') {
  const iso = (minutesAfter: number) => new Date(at + minutesAfter * 60_000).toISOString();
  return {
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    gate: i % 3 === 0 ? 'TAN_THANH' : 'HUU_NGHI',
    direction: i % 2 ? 'IMPORT' : 'EXPORT',
    goodsCategories: [i % 4 ? 'GENERAL' : 'PERISHABLE'],
    status: stage,
    noShowCount: 0,
    checkedInAt: iso(0),
    calledAt: stage === 'CROSSED' ? iso(40 + i) : null,
    arrivedAt: stage === 'CROSSED' ? iso(50 + i) : null,
    closedAt: stage === 'CROSSED' ? iso(70 + i) : null,
    confirmations: stage === 'CROSSED' ? { CUSTOMS: { officerId: officerOf(i), at: iso(45 + 4 * i), note: null } } : {},
  };
}

beforeAll(async () => {
  ensureChromium();
  platform = await startPlatform({
    services: [DeclarationServiceModule, YardQueueServiceModule, GatewayServiceModule, StatisticsServiceModule],
    databases: [DECLARATION_DB, YARD_QUEUE_DB, GATEWAY_DB, STATISTICS_DB],
  });
  browser = await launchChromium();
  // A morning's traffic, delivered to the statistics as the yard-queue's relay delivers it.
  const start = Date.now() - 3 * 3_600_000;
  const events = [];
  let version = 0;
  for (let i = 1; i <= 24; i++)
    for (const stage of ['CHECKED_IN', 'CROSSED'] as const) {
      if (stage === 'CROSSED' && i % 5 === 0) continue;
      const e = entry(i, start + i * 4 * 60_000, stage);
      events.push({
        id: randomUUID(),
        type: 'queue.changed',
        aggregateId: e.gate,
        producer: 'yard_queue',
        occurredAt: stage === 'CROSSED' ? e.closedAt : e.checkedInAt,
        sequence: ++version,
        payload: {
          gate: e.gate,
          version,
          reason: 'test',
          entries: [e],
          gateState: {},
          actor: { id: officerOf(i), console: `customs ${e.gate}` },
        },
      });
    }
  const res = await fetch(`${platform.url}/api/internal/statistics/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer browser-test-internal-token' },
    body: JSON.stringify({ events }),
  });
  expect(res.status).toBe(204);
  // Four estimates shown at Hữu Nghị (export) and scored an hour ago: each called half an hour after its p50,
  // inside its [p10, p90].
  const db = new pg.Client({ connectionString: platform.databaseUrl });
  await db.connect();
  const called = Date.now() - 3_600_000;
  for (let i = 0; i < 4; i++) {
    const p50 = called - 30 * 60_000;
    await db.query(
      `INSERT INTO yard_queue.eta_forecasts (entry_id, gate, direction, made_at, position, p10, p50, p90, raw_p50, sigma, basis, called_at)
       VALUES (gen_random_uuid(), 'HUU_NGHI', 'EXPORT', $1, 3, $2, $3, $4, $3, 0.4, 'history', $5)`,
      [
        new Date(called - 7_200_000),
        new Date(p50 - 3_600_000),
        new Date(p50),
        new Date(p50 + 3_600_000),
        new Date(called),
      ],
    );
  }
  await db.end();
  const admin = (await (
    await api('/auth/login', null, { email: 'admin@demo.cuakhau.vn', password: DEMO_PASSWORD })
  ).json()) as { accessToken: string };
  const created = await api('/users', admin.accessToken, {
    email: LEADER,
    password: DEMO_PASSWORD,
    role: 'LEADERSHIP',
    gates: [],
  });
  expect(created.status).toBe(201);
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await platform?.close();
});

it('filters, downloads a CSV whose totals are the API’s, and passes axe on a phone', async () => {
  const { context, page } = await loginPage(browser, `${platform.url}/admin/`, LEADER);
  contexts.push(context);
  page.setDefaultTimeout(30_000);
  // Leadership sees the statistics only: no gate settings, no officer accounts.
  await page.waitForSelector('.stats-table[data-table^="thong-ke-so-luot"] tbody tr');
  expect(await page.locator('nav.tabs').count()).toBe(0);
  // Counts, queue, and the distribution of answers per agency.
  expect(await page.locator('.stats-chart canvas').count()).toBe(3);

  // The traffic was seeded over the last three hours: in the first hours of a Vietnamese day it began the day
  // before, so the range runs from that day to today (one day, as the page's default, at any other hour).
  const from = vietnamDay(new Date(Date.now() - 4 * 3_600_000));
  const to = vietnamDay(new Date());
  await page.fill('input[name=from]', from);
  await page.fill('input[name=to]', to);
  await page.selectOption('select[name=gate]', 'HUU_NGHI');
  await page.selectOption('select[name=by]', 'day');
  await page.click('.stats-filters button[type=submit]');
  await page.waitForSelector('.stats-heading:has-text("HUU_NGHI")');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click('.stats-table[data-table^="thong-ke-so-luot"] [data-export=csv]'),
  ]);
  const csv = readFileSync(await download.path(), 'utf8').replace(/^\ufeff/, '');
  const lines = csv.trim().split('\r\n');
  const header = lines[0].split(',');
  const total = lines.at(-1)!.split(',');
  expect(total[0]).toBe('Tổng');

  const session = JSON.parse((await page.evaluate(() => localStorage.getItem('cks.session.admin')))!) as {
    accessToken: string;
  };
  const fromApi = (await (
    await api(`/stats/counts?from=${from}&to=${to}&gate=HUU_NGHI&by=day`, session.accessToken)
  ).json()) as { totals: Record<string, number>; rows: unknown[] };
  expect(fromApi.totals.CHECKED_IN).toBeGreaterThan(0);
  expect(fromApi.totals.CROSSED).toBeGreaterThan(0);
  expect(Number(total[header.indexOf('Vào bãi')])).toBe(fromApi.totals.CHECKED_IN);
  expect(Number(total[header.indexOf('Qua cửa khẩu')])).toBe(fromApi.totals.CROSSED);
  // One line per row of the API's answer, then the totals.
  expect(lines.length).toBe(1 + fromApi.rows.length + 1);

  // Per console: each desk's answers with their percentiles and how many fell in each band, as the API says.
  const responses = (await (
    await api(`/stats/responses?from=${from}&to=${to}&gate=HUU_NGHI`, session.accessToken)
  ).json()) as {
    rows: { console: string | null; officer: string | null; n: number; histogram: { n: number }[] }[];
  };
  const desk = responses.rows.find((r) => r.console === 'customs HUU_NGHI')!;
  expect(desk.n).toBeGreaterThan(0);
  const deskRow = page.locator('.stats-table[data-table^="phan-hoi_"] tbody tr', { hasText: 'customs HUU_NGHI' });
  const cells = (await deskRow.locator('td').allInnerTexts()).map((c) => c.trim());
  expect(Number(cells[3])).toBe(desk.n);
  expect(cells.slice(7).map(Number)).toEqual(desk.histogram.map((b) => b.n));
  expect(desk.histogram.reduce((sum, b) => sum + b.n, 0)).toBe(desk.n);
  // One gate filtered: the other gate's desk is not shown; both officers have their own rows.
  expect(await page.locator('.stats-table[data-table^="phan-hoi_"] tbody tr', { hasText: 'TAN_THANH' }).count()).toBe(
    0,
  );
  expect(await page.locator('.stats-table[data-table^="phan-hoi-can-bo"] tbody tr').count()).toBe(2);

  // The ETA accuracy over the range, for the filtered gate.
  const eta = page.locator('.stats-table[data-table^="du-kien-chinh-xac"] tbody tr');
  expect(await eta.count()).toBe(1);
  expect((await eta.locator('td').allInnerTexts()).map((c) => c.trim()).slice(2)).toEqual(['4', '100', '0,5', '0,5']);

  expect(await accessibilityProblems(page)).toEqual([]);
  await page.setViewportSize({ width: 360, height: 740 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});
