#!/usr/bin/env node
// Runs every test suite against a real PostgreSQL: the server in DATABASE_URL when given, otherwise an
// embedded one started here in a throw-away folder. Each test file creates its own database on it.
//
// With no arguments the suites run in two passes. Most of a file's time is spent waiting (on PostgreSQL, a
// browser, a socket or a timer), so the first pass runs TEST_WORKERS files at once (3 by default, on two
// cores). Files that hold a time budget (a frame budget, a stale-banner deadline, a hand-over time) then run
// one at a time, so the others' load cannot eat into the budget they measure. With arguments (paths or Jest
// options) it is one Jest run, one file at a time, as before.
import { spawn } from 'node:child_process';
import { relative } from 'node:path';
import { startThrowawayPostgres } from '../libs/database/src/embedded-postgres.mjs';

/**
 * Files measured against a clock, run alone in the second pass. The slots file is one too: 200 check-ins at once
 * must all get a database connection within the pool's 5 s wait, which other files' load can exceed; so is the
 * shortened peak-day replay, whose every request must succeed while its own platform process carries the load.
 */
const TIMED = [
  'test/bench/peak-day.e2e-spec.ts',
  'apps/yard-queue/test/slots.e2e-spec.ts',
  'test/browser/console-scale.e2e-spec.ts',
  'test/browser/consoles.e2e-spec.ts',
  'test/browser/firm-phone.e2e-spec.ts',
  'test/browser/track.e2e-spec.ts',
  'test/fault/fault-injection.e2e-spec.ts',
  'test/live/gateway-handover.e2e-spec.ts',
  'test/live/token-revocation.e2e-spec.ts',
];

const args = process.argv.slice(2);
const workers = Math.max(1, Number(process.env.TEST_WORKERS ?? 3));

let stop = async () => {};
let url = process.env.DATABASE_URL;
if (!url) {
  process.stdout.write('Khởi động PostgreSQL nhúng cho kiểm thử…\n');
  const pg = await startThrowawayPostgres({ label: 'test', durable: false });
  url = pg.url;
  stop = pg.stop;
}
const env = { ...process.env, TEST_DATABASE_URL: url, NODE_ENV: 'test' };

function jest(jestArgs, stdio = 'inherit') {
  const child = spawn(process.execPath, ['--experimental-vm-modules', 'node_modules/jest/bin/jest.js', ...jestArgs], {
    stdio: ['ignore', stdio, 'inherit'],
    env,
  });
  let out = '';
  child.stdout?.on('data', (d) => (out += d));
  const forward = (sig) => child.kill(sig);
  process.on('SIGINT', forward).on('SIGTERM', forward);
  return new Promise((resolve) =>
    child.on('exit', (c, s) => {
      process.off('SIGINT', forward).off('SIGTERM', forward);
      resolve({ code: c ?? (s ? 1 : 0), out });
    }),
  );
}

let code;
if (args.length) {
  code = (await jest(args)).code;
} else {
  const listed = await jest(['--listTests'], 'pipe');
  if (listed.code !== 0) throw new Error('jest --listTests failed');
  const files = listed.out
    .split('\n')
    .filter(Boolean)
    .map((f) => relative(process.cwd(), f));
  const missing = TIMED.filter((f) => !files.includes(f));
  if (missing.length) throw new Error(`timed test files not found: ${missing.join(', ')}`);
  const rest = files.filter((f) => !TIMED.includes(f));
  const started = Date.now();
  process.stdout.write(`Lượt 1: ${rest.length} tệp kiểm thử, ${workers} tệp cùng lúc\n`);
  const first = await jest([`--maxWorkers=${workers}`, ...rest.map(exact)]);
  const firstS = Math.round((Date.now() - started) / 1000);
  process.stdout.write(`Lượt 2: ${TIMED.length} tệp đo thời gian, từng tệp một\n`);
  const second = await jest(['--runInBand', ...TIMED.map(exact)]);
  const total = Math.round((Date.now() - started) / 1000);
  process.stdout.write(`Kiểm thử: lượt 1 ${firstS} s, lượt 2 ${total - firstS} s, tổng ${total} s\n`);
  code = first.code || second.code;
}
await stop();
process.exit(code);

/** A path as a Jest pattern matching that file only. */
function exact(path) {
  return `${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;
}
