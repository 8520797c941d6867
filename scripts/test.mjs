#!/usr/bin/env node
// Runs every test suite against a real PostgreSQL: the server in DATABASE_URL when given, otherwise an
// embedded one started here in a throw-away folder. Each test file creates its own database on it.
import { spawn } from 'node:child_process';
import { startThrowawayPostgres } from '../libs/database/src/embedded-postgres.mjs';

const args = process.argv.slice(2);

let stop = async () => {};
let url = process.env.DATABASE_URL;
if (!url) {
  process.stdout.write('Khởi động PostgreSQL nhúng cho kiểm thử…\n');
  const pg = await startThrowawayPostgres({ label: 'test', durable: false });
  url = pg.url;
  stop = pg.stop;
}

const child = spawn(process.execPath, ['--experimental-vm-modules', 'node_modules/jest/bin/jest.js', ...args], {
  stdio: 'inherit',
  env: { ...process.env, TEST_DATABASE_URL: url, NODE_ENV: 'test' },
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
const code = await new Promise((resolve) => child.on('exit', (c, s) => resolve(c ?? (s ? 1 : 0))));
await stop();
process.exit(code);
