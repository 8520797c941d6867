import { type ChildProcess, spawn } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { declarationBody, freePort } from '#libs/testing/src/index.js';
import { buildDist } from '../live/gateway-processes.js';

// `npm start` on the embedded default, killed with SIGKILL while firms are writing, then started again: it must
// come back healthy on the same data folder (the orphaned postmaster is stopped, a stale lock removed), and every
// declaration it had acknowledged must still be there. Several times in a row.
const KILLS = 3;
const dataDir = mkdtempSync(join(tmpdir(), 'cks-crash-'));
chmodSync(dataDir, 0o755);
// The platform runs from its own copy of the build: other test files rebuild dist/ while this one restarts it.
const appDir = mkdtempSync(join(tmpdir(), 'cks-crash-app-'));
let ports: { http: number; pg: number };
let platform: ChildProcess | null = null;

function start(): ChildProcess {
  const child = spawn(process.execPath, ['dist/apps/platform/src/main.js'], {
    cwd: appDir,
    env: {
      ...process.env,
      DATABASE_URL: '',
      NODE_ENV: '',
      DATA_DIR: dataDir,
      PORT: String(ports.http),
      EMBEDDED_PG_PORT: String(ports.pg),
      SEED_DEMO: 'true',
      LOG_LEVEL: 'warn',
      // Login attempts are counted in the database, across the restarts (the demo seed logs in at each start).
      LOGIN_RATE_LIMIT: '1000',
      WRITE_RATE_LIMIT_PER_FIRM: '1000000',
      WRITE_RATE_LIMIT_PER_IP: '1000000',
      MAX_ACTIVE_DECLARATIONS: '1000000',
      CONSOLES_DIR: join(appDir, 'consoles'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  const keep = (d: Buffer) => (err = (err + d.toString()).slice(-4000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.on('exit', (code, signal) => {
    if (code && code !== 0) process.stderr.write(`platform exited ${code} ${signal ?? ''}: ${err}\n`);
  });
  return child;
}

const base = () => `http://127.0.0.1:${ports.http}/api`;

async function healthy(timeoutMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    try {
      const res = await fetch(`${base()}/health`, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return Date.now() - started;
    } catch {
      // not up yet
    }
    if (Date.now() - started > timeoutMs) throw new Error(`not healthy after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function firmToken(): Promise<string> {
  const res = await fetch(`${base()}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'doanhnghiep@demo.cuakhau.vn', password: 'CuaKhau@2026' }),
  });
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/** Files declarations from 4 clients until the platform dies; returns the ids it acknowledged. */
async function writeUntilKilled(token: string, killAfterMs: number): Promise<string[]> {
  const acked: string[] = [];
  let dead = false;
  const client = async () => {
    while (!dead) {
      try {
        const res = await fetch(`${base()}/declarations`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify(declarationBody()),
          signal: AbortSignal.timeout(5000),
        });
        if (res.status === 201) acked.push(((await res.json()) as { id: string }).id);
      } catch {
        dead = true;
      }
    }
  };
  const clients = Array.from({ length: 4 }, client);
  await new Promise((r) => setTimeout(r, killAfterMs));
  platform!.kill('SIGKILL');
  dead = true;
  await Promise.all(clients);
  return acked;
}

beforeAll(async () => {
  await buildDist();
  cpSync('dist', join(appDir, 'dist'), { recursive: true });
  cpSync('package.json', join(appDir, 'package.json'));
  symlinkSync(join(process.cwd(), 'node_modules'), join(appDir, 'node_modules'));
  mkdirSync(join(appDir, 'consoles'));
  writeFileSync(join(appDir, 'consoles', 'index.html'), '<!doctype html><title>Cửa khẩu số</title>');
  ports = { http: await freePort(), pg: await freePort() };
}, 240_000);

afterAll(async () => {
  if (platform && platform.exitCode === null) {
    platform.kill('SIGINT');
    await new Promise((r) => platform!.once('exit', r));
  }
  // A postmaster left by a failed run would hold the folder: stop it before removing it.
  const lock = join(dataDir, 'postgres', 'postmaster.pid');
  if (existsSync(lock)) {
    try {
      process.kill(Number(readFileSync(lock, 'utf8').split('\n')[0]), 'SIGQUIT');
    } catch {
      // already gone
    }
  }
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(appDir, { recursive: true, force: true });
});

it(`comes back healthy after ${KILLS} SIGKILLs under write load, with every acknowledged declaration kept`, async () => {
  const acked: string[] = [];
  const backMs: number[] = [];
  platform = start();
  await healthy(120_000);
  for (let k = 0; k < KILLS; k++) {
    acked.push(...(await writeUntilKilled(await firmToken(), 1500)));
    platform = start();
    backMs.push(await healthy(60_000));
  }
  const token = await firmToken();
  const missing: string[] = [];
  for (const id of acked) {
    const res = await fetch(`${base()}/declarations/${id}`, { headers: { authorization: `Bearer ${token}` } });
    if (res.status !== 200) missing.push(id);
  }
  process.stdout.write(
    `embedded crash: ${KILLS} SIGKILLs, ${acked.length} acknowledged declarations, ${missing.length} missing, healthy again after ${backMs.join(', ')} ms\n`,
  );
  expect(acked.length).toBeGreaterThan(KILLS);
  expect(missing).toEqual([]);
}, 300_000);
