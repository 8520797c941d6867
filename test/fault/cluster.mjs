// The production shape on loopback for the fault suite: an embedded PostgreSQL owned by the suite (so it can
// be stopped and started), optionally a fault proxy in front of it, and each service as its own process from
// dist/ (declaration, yard-queue, gateway), started, killed with SIGKILL and restarted on the same port.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync } from 'node:fs';
import { chmod, cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createEmbeddedPostgres, freePort } from '../../libs/database/src/embedded-postgres.mjs';
import { FaultProxy } from './tcp-proxy.mjs';

export const ROOT = new URL('../../', import.meta.url).pathname;
export const JWT_SECRET = 'fault-suite-secret-fault-suite-secret-0001';
export const INTERNAL_TOKEN = 'fault-suite-internal-token';
export const ADMIN = { email: 'fault-admin@cuakhau.vn', password: 'fault-admin-password' };
const GUARD = new URL('./orphan-guard.mjs', import.meta.url).href;

export const SCRIPTS = {
  declaration: 'dist/apps/declaration/src/main.js',
  'yard-queue': 'dist/apps/yard-queue/src/main.js',
  gateway: 'dist/apps/gateway/src/main.js',
};

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export { freePort };

/** The built entry points the suite needs that are missing from dist/ (the gateway's only when asked for). */
export function builtEntryPoints(withGateway, dist = join(ROOT, 'dist')) {
  const missing = Object.entries(SCRIPTS)
    .filter(([name]) => withGateway || name !== 'gateway')
    .filter(([, script]) => !existsSync(join(dist, script.replace(/^dist\//, ''))))
    .map(([, s]) => s);
  return missing;
}

/** Resident memory of a process in MiB (Linux /proc), or null. */
export async function rssMiB(pid) {
  try {
    const { readFile } = await import('node:fs/promises');
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return Number.isFinite(kb) ? Math.round(kb / 102.4) / 10 : null;
  } catch {
    return null;
  }
}

/** The embedded PostgreSQL of one suite run: its own data folder and port, stoppable and restartable. */
export class SuitePostgres {
  constructor(dir, log) {
    this.dir = dir;
    this.log = log;
    this.running = false;
  }

  async start() {
    if (!this.pg) {
      this.port = await freePort();
      this.pg = await createEmbeddedPostgres({
        dataDir: join(this.dir, 'pgdata'),
        port: this.port,
        password: 'fault',
        // synchronous_commit stays on: a commit acknowledged before a restart must survive it.
        settings: { max_connections: '400', fsync: 'off', shared_buffers: '64MB' },
        logError: (line) => this.log?.(`[postgres] ${line}`),
      });
    }
    await this.pg.start();
    this.running = true;
    this.url = `postgres://postgres:fault@127.0.0.1:${this.port}/postgres`;
  }

  /** Fast shutdown (SIGINT: open sessions are terminated with 57P01), as a restart or failover does. */
  async stop() {
    if (!this.running) return;
    await this.pg.stop();
    this.running = false;
  }

  /** Immediate shutdown (SIGQUIT): no checkpoint, crash recovery at the next start. */
  async crash() {
    if (!this.running) return;
    const proc = this.pg.process;
    const exited = once(proc, 'exit');
    proc.kill('SIGQUIT');
    await Promise.race([exited, sleep(15000)]);
    this.pg.process = undefined;
    this.running = false;
  }

  databaseUrl(name, port = this.port) {
    return `postgres://postgres:fault@127.0.0.1:${port}/${name}`;
  }

  async createDatabase(name) {
    const c = new pg.Client({ connectionString: this.url });
    await c.connect();
    try {
      await c.query(`CREATE DATABASE ${name}`);
    } finally {
      await c.end();
    }
  }
}

/** One service process: started from dist with its env, killed, restarted on the same port. */
export class ServiceProcess {
  constructor(name, { port, env, logFile, appDir, healthPath = '/api/health' }) {
    this.name = name;
    this.appDir = appDir;
    this.port = port;
    this.url = `http://127.0.0.1:${port}`;
    this.env = env;
    this.logFile = logFile;
    this.healthPath = healthPath;
    this.child = null;
    this.starts = 0;
    this.tail = '';
    /** Exits the suite did not cause (a crash): each with its exit code or signal and the output before it. */
    this.crashes = [];
    this.expectExit = false;
  }

  get pid() {
    return this.child?.pid ?? null;
  }

  get alive() {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts the process and resolves once its health answers 200; returns how long that took (ms). */
  async start(timeoutMs = 60000) {
    const started = performance.now();
    const out = createWriteStream(this.logFile, { flags: 'a' });
    out.write(`\n===== start ${++this.starts} at ${new Date().toISOString()} =====\n`);
    // Started through an entry file of the suite's own copy of dist/ (see Suite.start).
    const child = spawn(process.execPath, ['--import', GUARD, join(this.appDir, 'bin', `fault-${this.name}.mjs`)], {
      cwd: this.appDir,
      env: { ...process.env, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.expectExit = false;
    const keep = (d) => {
      out.write(d);
      this.tail = (this.tail + d).slice(-4000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('exit', (code, signal) => {
      out.end(`===== exit code=${code} signal=${signal} =====\n`);
      if (!this.expectExit)
        this.crashes.push({ at: new Date().toISOString(), code, signal, output: this.tail.slice(-1500) });
    });
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`${this.name} exited while starting: ${this.tail.slice(-2000)}`);
      if (this.stopped) {
        this.expectExit = true;
        child.kill('SIGKILL');
        throw new Error(`${this.name}: start abandoned (suite closing)`);
      }
      if (await this.healthy(1000)) break;
      if (performance.now() - started > timeoutMs) {
        this.expectExit = true;
        child.kill('SIGKILL');
        throw new Error(`${this.name} not healthy after ${timeoutMs} ms: ${this.tail.slice(-2000)}`);
      }
      await sleep(50);
    }
    return performance.now() - started;
  }

  async healthy(timeoutMs = 1000) {
    try {
      const res = await fetch(`${this.url}${this.healthPath}`, { signal: AbortSignal.timeout(timeoutMs) });
      await res.arrayBuffer();
      return res.ok;
    } catch {
      return false;
    }
  }

  /** kill -9, and wait until the process is gone. */
  async kill() {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    this.expectExit = true;
    child.kill('SIGKILL');
    await exited;
  }

  /** SIGTERM (graceful), then SIGKILL after `graceMs`. */
  async stop(graceMs = 5000) {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    this.expectExit = true;
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(t);
  }
}

/**
 * The whole topology of one scenario: a fresh database on the suite's Postgres (through the fault proxy when
 * `proxy` is set), and the services, each on its own port and pointing at the others' internal endpoints.
 */
export class Cluster {
  constructor(suite, { label, gateway = true, proxy = false, linkProxies = false, extraEnv = {} }) {
    this.suite = suite;
    this.label = label;
    this.withGateway = gateway;
    this.withProxy = proxy;
    /** Services reach each other (relays, the yard's decisions) through a fault proxy each: `this.links`. */
    this.withLinkProxies = linkProxies;
    this.links = new Map();
    this.extraEnv = extraEnv;
    this.services = new Map();
  }

  get order() {
    return ['declaration', 'yard-queue', ...(this.withGateway ? ['gateway'] : [])];
  }

  service(name) {
    return this.services.get(name);
  }

  async start() {
    const db = `fault_${this.label}_${process.pid}_${Date.now().toString(36)}`;
    await this.suite.postgres.createDatabase(db);
    this.databaseName = db;
    /** Where the checks read: straight to Postgres, never through the proxy. */
    this.directUrl = this.suite.postgres.databaseUrl(db);
    if (this.withProxy) {
      this.proxy = new FaultProxy({ targetPort: this.suite.postgres.port });
      await this.proxy.listen();
    }
    const serviceDbUrl = this.withProxy ? this.suite.postgres.databaseUrl(db, this.proxy.port) : this.directUrl;
    const ports = {};
    for (const name of this.order) ports[name] = await freePort();
    const direct = (name) => `http://127.0.0.1:${ports[name]}`;
    if (this.withLinkProxies) {
      for (const name of this.order) {
        const link = new FaultProxy({ targetPort: ports[name] });
        await link.listen();
        this.links.set(name, link);
      }
    }
    // What one service calls another by: through its link proxy when there is one.
    const url = (name) => (this.links.has(name) ? `http://127.0.0.1:${this.links.get(name).port}` : direct(name));
    for (const name of this.order) {
      const env = {
        NODE_ENV: 'production',
        PORT: String(ports[name]),
        HOST: '127.0.0.1',
        DATABASE_URL: serviceDbUrl,
        JWT_SECRET,
        INTERNAL_TOKEN,
        DECLARATION_URL: url('declaration'),
        YARD_QUEUE_URL: url('yard-queue'),
        // Without a gateway the yard-queue relays to its own origin, where 404 counts as "no gateway here".
        GATEWAY_URL: this.withGateway ? url('gateway') : url('yard-queue'),
        PUBLIC_ORIGIN: direct(name),
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        SEED_DEMO: 'false',
        LOG_LEVEL: 'warn',
        DATA_DIR: join(this.suite.dir, 'data', this.label, name),
        ACCESS_TOKEN_TTL: '3600',
        LOGIN_RATE_LIMIT: '10000',
        WRITE_RATE_LIMIT_PER_FIRM: '10000000',
        WRITE_RATE_LIMIT_PER_IP: '10000000',
        MAX_ACTIVE_DECLARATIONS: '1000000',
        CONSOLES_DIR: this.suite.consolesDir,
        ...this.extraEnv,
      };
      this.services.set(
        name,
        new ServiceProcess(name, {
          port: ports[name],
          env,
          appDir: this.suite.appDir,
          logFile: join(this.suite.logDir, `${this.label}-${name}.log`),
        }),
      );
    }
    // The declaration service first (it creates the first admin, whom the load logs in as), then the others together.
    await this.services.get('declaration').start();
    await Promise.all(this.order.filter((n) => n !== 'declaration').map((n) => this.services.get(n).start()));
    this.db = new pg.Pool({ connectionString: this.directUrl, max: 4 });
    this.db.on('error', () => undefined);
  }

  url(name) {
    return this.services.get(name).url;
  }

  /** Kills every process (SIGKILL) and closes the proxy and the checks' pool; safe to call twice. */
  async close() {
    for (const s of this.services.values()) s.stopped = true;
    await Promise.allSettled([...this.services.values()].map((s) => s.kill()));
    await this.db?.end().catch(() => undefined);
    this.db = null;
    await this.proxy?.shutdown().catch(() => undefined);
    await Promise.allSettled([...this.links.values()].map((l) => l.shutdown()));
  }
}

/** The suite's shared resources: a temporary folder, logs, the embedded Postgres, a stub consoles folder. */
export class Suite {
  constructor({ log = (m) => process.stdout.write(`${m}\n`), keep = 'on-failure', dist = join(ROOT, 'dist') } = {}) {
    this.log = log;
    this.dist = dist;
    this.keep = keep;
    this.clusters = [];
  }

  async start() {
    this.dir = await mkdtemp(join(tmpdir(), 'cks-fault-'));
    // As root, Postgres runs as `postgres`, which must reach its data folder.
    await chmod(this.dir, 0o755);
    this.logDir = join(this.dir, 'logs');
    this.consolesDir = join(this.dir, 'consoles');
    await mkdir(this.logDir, { recursive: true });
    await mkdir(this.consolesDir, { recursive: true });
    // The gateway serves the consoles' files; the fault suite does not look at them.
    await writeFile(join(this.consolesDir, 'index.html'), '<!doctype html><title>fault suite</title>\n');
    await this.snapshotBuild();
    this.postgres = new SuitePostgres(this.dir, this.log);
    await this.postgres.start();
  }

  /**
   * The suite runs its own copy of dist/: other builds of the shared tree during a run would otherwise restart
   * killed services on different code than the ones still running. Each service starts from an entry file
   * named after the suite, so its command line says which run it belongs to.
   */
  async snapshotBuild() {
    this.appDir = join(this.dir, 'app');
    await mkdir(join(this.appDir, 'bin'), { recursive: true });
    await cp(join(this.dist, 'apps'), join(this.appDir, 'dist', 'apps'), { recursive: true });
    await cp(join(this.dist, 'libs'), join(this.appDir, 'dist', 'libs'), { recursive: true });
    await symlink(join(ROOT, 'node_modules'), join(this.appDir, 'node_modules'), 'dir');
    await writeFile(
      join(this.appDir, 'package.json'),
      JSON.stringify(
        { name: 'cks-fault-run', private: true, type: 'module', imports: { '#libs/*': './dist/libs/*' } },
        null,
        2,
      ),
    );
    for (const [name, script] of Object.entries(SCRIPTS)) {
      await writeFile(
        join(this.appDir, 'bin', `fault-${name}.mjs`),
        `// ${name}, started by the fault-injection suite (test/fault)\nawait import('../${script}');\n`,
      );
    }
  }

  async cluster(o) {
    const c = new Cluster(this, o);
    this.clusters.push(c);
    try {
      await c.start();
    } catch (e) {
      await c.close();
      throw e;
    }
    return c;
  }

  /**
   * Everything down and the folder removed. `keep`: 'always' keeps it all; 'on-failure' (the default) keeps the
   * processes' logs after a failed run; 'never' removes everything.
   */
  async close({ failed = false } = {}) {
    await Promise.allSettled(this.clusters.map((c) => c.close()));
    if (this.postgres?.pg) {
      if (!this.postgres.running && this.postgres.pg.process) this.postgres.running = true;
      await this.postgres.stop().catch(() => undefined);
    }
    if (!this.dir) return;
    if (this.keep === 'always') {
      this.log(`fault suite files kept in ${this.dir} (logs in ${this.logDir})`);
    } else if (this.keep !== 'never' && failed) {
      for (const d of ['pgdata', 'app', 'data', 'consoles'])
        await rm(join(this.dir, d), { recursive: true, force: true });
      this.log(`the processes' logs are in ${this.logDir}`);
    } else {
      await rm(this.dir, { recursive: true, force: true });
    }
  }
}
