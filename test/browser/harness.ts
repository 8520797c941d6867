// What the browser tests share: Debian's Chromium (installed on demand, never a downloaded browser), the
// consoles built into a folder of their own, and every service on one origin with the consoles at `/`.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AxeResults } from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { loadPlatformConfig } from '#libs/config/src/index.js';
import { configureApp, createFastifyAdapter } from '#libs/http/src/index.js';
import { rootModule } from '#libs/runtime/src/index.js';
import { createTestDatabase, freePort } from '#libs/testing/src/index.js';
import { serveConsoles } from '../../apps/gateway/src/consoles.js';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];
export const SCREENSHOTS = join(process.cwd(), 'docs/screenshots');

/**
 * Where a screenshot is written: the README's own (`inReadme`) go to docs/screenshots when UPDATE_SCREENSHOTS=1,
 * every other shot, and every shot of an ordinary run, to test-results/screenshots.
 */
export function screenshotPath(name: string, inReadme = false): string {
  const dir =
    process.env.UPDATE_SCREENSHOTS === '1' && inReadme ? SCREENSHOTS : join(process.cwd(), 'test-results/screenshots');
  mkdirSync(dir, { recursive: true });
  return join(dir, `${name}.png`);
}

/** Debian's Chromium, installed with apt-get when missing (CI's .ci/run installs it beforehand). */
export function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) {
    throw new Error(`${CHROMIUM} is missing: install Debian's Chromium (apt-get install -y chromium)`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env, timeout: 300_000 });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env, timeout: 600_000 });
}

/** Builds the consoles into a temporary folder (a child process: esbuild and Jest's VM do not mix). */
export function buildConsoles(): string {
  const out = mkdtempSync(join(tmpdir(), 'cks-consoles-'));
  execFileSync(process.execPath, ['scripts/build-consoles.mjs', '--out', out], { stdio: 'pipe', timeout: 120_000 });
  return out;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export interface Platform {
  url: string;
  /** The platform's own database (every service's schema), for tests that count what was written. */
  databaseUrl: string;
  app: NestFastifyApplication;
  consolesDir: string;
  close(): Promise<void>;
}

/** Every hosted service on one loopback origin, a database of its own, and the consoles at `/`. */
export async function startPlatform(o: {
  services: Type[];
  databases: string[];
  env?: Record<string, string>;
}): Promise<Platform> {
  const consolesDir = buildConsoles();
  const db = await createTestDatabase('browser');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const config = loadPlatformConfig({
    NODE_ENV: 'test',
    PORT: String(port),
    DATABASE_URL: db.url,
    JWT_SECRET: 'browser-test-secret-browser-test-secret',
    INTERNAL_TOKEN: 'browser-test-internal-token',
    PUBLIC_ORIGIN: url,
    DATA_DIR: '/tmp/cks-test-unused',
    // The demo accounts: an officer of every role at both gates, and an administrator.
    SEED_DEMO: 'true',
    LOGIN_RATE_LIMIT: '1000',
    WRITE_RATE_LIMIT_PER_IP: '100000',
    ...o.env,
  });
  const moduleRef = await Test.createTestingModule({
    imports: [rootModule({ config, services: o.services, databases: o.databases })],
  }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createFastifyAdapter(config.log));
  await configureApp(app, { title: 'browser test' });
  serveConsoles(app, consolesDir);
  await app.listen({ port, host: '127.0.0.1' });
  return {
    url,
    databaseUrl: db.url,
    app,
    consolesDir,
    close: async () => {
      await app.close();
      await db.drop();
      rmSync(consolesDir, { recursive: true, force: true });
    },
  };
}

export const DEMO_PASSWORD = 'CuaKhau@2026';

/** The platform's REST API as a test drives it: GET without a body, POST with one; anything but 2xx throws. */
export function platformApi(url: () => string): {
  api: <T>(path: string, token: string | null, body?: unknown) => Promise<T>;
  loginAs: (email: string) => Promise<string>;
} {
  async function api<T>(path: string, token: string | null, body?: unknown): Promise<T> {
    const res = await fetch(`${url()}/api${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }
  const loginAs = async (email: string) =>
    (await api<{ accessToken: string }>('/auth/login', null, { email, password: DEMO_PASSWORD })).accessToken;
  return { api, loginAs };
}

/**
 * Picks the firm form's expected arrival (`2026-12-02T14:30`, Vietnam time) as a person does: the day in the date
 * field, the hour and the minute from their 24-hour lists.
 */
export async function chooseArrival(form: Locator, value: string): Promise<void> {
  const [date, time] = value.split('T');
  const [hour, minute] = time.split(':');
  await form.locator('[name=arrivalDate]').fill(date);
  await form.locator('[name=arrivalHour]').selectOption(hour);
  await form.locator('[name=arrivalMinute]').selectOption(minute);
}

/** A console page logged in through its own login form; `before` runs before the page loads (routes). */
export async function loginPage(
  browser: Browser,
  url: string,
  email: string,
  o: { viewport?: { width: number; height: number }; before?: (page: Page) => Promise<void> } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: o.viewport ?? { width: 1280, height: 860 },
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
  });
  const page = await context.newPage();
  await o.before?.(page);
  await page.goto(url);
  await page.fill('#login-email', email);
  await page.fill('#login-password', DEMO_PASSWORD);
  await page.click('[data-testid=login] button[type=submit]');
  await page.waitForSelector('[data-testid=login]', { state: 'detached' });
  return { context, page };
}

/** Lets a test take the live connection away from a page and give it back, as a dead gateway would. */
export async function cuttableLive(page: Page): Promise<{ cut(): Promise<void>; restore(): Promise<void> }> {
  let down = false;
  const open = new Set<{ close(): Promise<void> }>();
  await page.routeWebSocket(/\/socket\.io\//, (ws) => {
    if (down) return void ws.close();
    ws.connectToServer();
    open.add(ws);
  });
  // Polling reads (the REST fallback of the live module) fail the same way.
  await page.route(/\/api\/(public\/)?gates\/[A-Z_]+\/queue$/, (route) =>
    down ? route.abort('connectionrefused') : route.continue(),
  );
  return {
    cut: async () => {
      down = true;
      for (const ws of open) await ws.close().catch(() => undefined);
      open.clear();
    },
    restore: () => {
      down = false;
      return Promise.resolve();
    },
  };
}

let axeSource: string | null = null;

/**
 * axe-core's serious and critical findings on what the page shows now, one line each (rule, help, where).
 * Evaluated through the browser's devtools protocol: the pages' Content-Security-Policy allows no injected script.
 */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  axeSource ??= readFileSync(join(process.cwd(), 'node_modules/axe-core/axe.min.js'), 'utf8');
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(o: object): Promise<AxeResults> } }).axe;
    const r = await axe.run({ resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      targets: v.nodes.slice(0, 4).map((n) => n.target.join(' ')),
    }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.targets.join(', ')}`);
}
