// Real gateway processes for the cross-service tests: the compiled standalone entry (dist), spawned with the
// environment a deployment would give it, killed for real, and always reaped — even when a test fails.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOfficer, login, type Session, TEST_ADMIN, type TestApp } from '#libs/testing/src/index.js';

const ROOT = process.cwd();
const ENTRY = join(ROOT, 'dist/apps/gateway/src/main.js');
const STAMP = join(ROOT, 'dist/.live-test-build');
const LOCK = join(tmpdir(), `cks-build-${Buffer.from(ROOT).toString('base64url').slice(-24)}.lock`);

function newestSource(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'test' || e.name === 'public') continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

const mtime = (p: string) => {
  try {
    return statSync(p).mtimeMs;
  } catch {
    return 0;
  }
};

/** Compiles the apps (`nest build`, as `npm run build` does) unless they were built since the last change of a source; one build at a time across test files. */
export async function buildDist(): Promise<void> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // Another test file is building; a lock older than three minutes was left by a killed run.
      if (Date.now() - mtime(LOCK) > 180_000) rmSync(LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`build lock ${LOCK} held too long`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    const started = Date.now();
    if (mtime(ENTRY) && mtime(STAMP) > Math.max(newestSource(join(ROOT, 'apps')), newestSource(join(ROOT, 'libs'))))
      return;
    const out = await new Promise<string>((res) =>
      execFile(
        process.execPath,
        [join(ROOT, 'node_modules/@nestjs/cli/bin/nest.js'), 'build'],
        { cwd: ROOT, maxBuffer: 16 << 20 },
        (_e, stdout, stderr) => res(`${stdout}${stderr}`),
      ),
    );
    // The CLI emits even with type errors elsewhere in the tree (and leaves unchanged outputs alone).
    if (!mtime(ENTRY)) throw new Error(`build did not produce ${ENTRY}:\n${out.slice(0, 4000)}`);
    writeFileSync(STAMP, String(started));
    utimesSync(STAMP, started / 1000, started / 1000);
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

const running = new Set<GatewayProcess>();
process.once('exit', () => {
  for (const g of running) g.child?.kill('SIGKILL');
});

/** One gateway instance: `node dist/apps/gateway/src/main.js` with its own port, on the test's database (or
 * another service's standalone entry). */
export class GatewayProcess {
  child: ChildProcess | null = null;
  readonly output: string[] = [];

  constructor(
    readonly name: string,
    readonly port: number,
    private readonly env: Record<string, string>,
    private readonly entry = ENTRY,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(timeoutMs = 30_000): Promise<void> {
    const child = spawn(process.execPath, [this.entry], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? tmpdir(),
        HOST: '127.0.0.1',
        PORT: String(this.port),
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    running.add(this);
    const keep = (chunk: Buffer) => {
      this.output.push(...chunk.toString().split('\n').filter(Boolean));
      this.output.splice(0, Math.max(0, this.output.length - 300));
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('exit', () => running.delete(this));
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`${this.name} exited at start:\n${this.output.join('\n')}`);
      try {
        const res = await fetch(`${this.url}/api/health/live`, { signal: AbortSignal.timeout(1000) });
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline)
        throw new Error(`${this.name} did not start in ${timeoutMs} ms:\n${this.output.join('\n')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Kills the process (SIGKILL: no shutdown hook runs, as in a crash) and waits for it to be gone. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await exited;
    // The port is free once the listening socket is gone.
    for (let i = 0; i < 50 && (await portOpen(this.port)); i++) await new Promise((r) => setTimeout(r, 50));
  }
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((r) => {
    const s = createConnection({ port, host: '127.0.0.1' });
    s.once('connect', () => (s.destroy(), r(true)));
    s.once('error', () => r(false));
  });
}

export async function killAllGateways(): Promise<void> {
  await Promise.all([...running].map((g) => g.kill()));
}

/** A consoles folder of one page, shared by the runs: the consoles' build is not this test's subject. */
export function consolesStub(): string {
  const dir = join(tmpdir(), 'cks-gateway-test-consoles');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Cửa khẩu số</title>');
  return dir;
}

/** The environment of a standalone gateway serving `port`, next to the yard-queue and declaration services of `t`. */
export function gatewayEnv(t: TestApp, port: number, extra: Record<string, string> = {}): Record<string, string> {
  const own = `http://127.0.0.1:${port}`;
  return {
    NODE_ENV: 'test',
    DATABASE_URL: t.databaseUrl,
    JWT_SECRET: t.config.jwt.secret,
    INTERNAL_TOKEN: t.config.internalToken,
    YARD_QUEUE_URL: t.url,
    DECLARATION_URL: t.url,
    GATEWAY_URL: own,
    PUBLIC_ORIGIN: own,
    CORS_ORIGINS: own,
    DATA_DIR: join(tmpdir(), 'cks-gateway-test'),
    SEED_DEMO: 'false',
    CONSOLES_DIR: consolesStub(),
    ...extra,
  };
}

/** Whether a Redis server answers on this host and port (the Redis adapter's tests need one). */
export function redisReachable(host = '127.0.0.1', port = 6379): Promise<boolean> {
  return new Promise((r) => {
    const s = createConnection({ port, host });
    s.setTimeout(500, () => (s.destroy(), r(false)));
    s.once('connect', () => {
      s.write('PING\r\n');
      s.once('data', (d) => (s.destroy(), r(d.toString().startsWith('+PONG'))));
    });
    s.once('error', () => r(false));
  });
}

/** Two gateway instances (`gateway-a`, `gateway-b`) on the test's database, started together. */
export async function startGatewayPair(
  t: TestApp,
  [portA, portB]: [number, number],
  env: Record<string, string>,
): Promise<[GatewayProcess, GatewayProcess]> {
  const a = new GatewayProcess('gateway-a', portA, gatewayEnv(t, portA, env));
  const b = new GatewayProcess('gateway-b', portB, gatewayEnv(t, portB, env));
  await Promise.all([a.start(), b.start()]);
  return [a, b];
}

/** A customs officer and a yard operator of `gate`, created by the test administrator. */
export async function gateOfficers(t: TestApp, gate: string): Promise<{ customs: Session; yard: Session }> {
  const admin = await login(() => t.http(), TEST_ADMIN.email, TEST_ADMIN.password);
  return {
    customs: await createOfficer(() => t.http(), admin, 'CUSTOMS', [gate]),
    yard: await createOfficer(() => t.http(), admin, 'YARD_OPERATOR', [gate]),
  };
}
