#!/usr/bin/env node
// The declaration submit of `npm run bench` alone, quickly and repeatably: the bare Fastify + pg baseline and the
// built platform (`npx nest build platform` first), alternating PAIRS times, each pair's ratio printed with the
// load average. PROFILE_DIR: each platform run is profiled (`--cpu-prof`) and its profile summarised over the
// measured window only (start-up and warm-up left out): self time by package, then each sample charged to the
// nearest frame in a package or the app (a socket write counts for the driver that made it), then functions.
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres PAIRS=2 node test/bench/submit-profile.mjs
//   PROFILE_DIR=/tmp/submit-prof PAIRS=1 node test/bench/submit-profile.mjs
// Each run also prints the CPU time its Node process and its database's Postgres backends used per request
// (from /proc, over the measured window): where a request's cost lies, beside the time each took.
// OTHER=<checkout>: each pair also runs the platform built in that checkout (`npx nest build platform` there),
// the two in alternating order, to compare two versions in one run.
// Without DATABASE_URL a throwaway embedded PostgreSQL is used, as by `npm run bench`. The platform serves a
// one-page consoles stand-in (CONSOLES_DIR) unless the consoles are built.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startThrowawayPostgres } from '../../libs/database/src/embedded-postgres.mjs';
import { declarationBaseline, declarationSubmit } from './benchmarks.mjs';
import pg from 'pg';
import { ROOT } from './lib.mjs';

const env = process.env;
const PAIRS = Number(env.PAIRS ?? 2);
const o = { connections: Number(env.CONNECTIONS ?? 64), duration: Number(env.DURATION ?? 8) };
const log = (m) => process.stdout.write(`[submit] ${m}\n`);
const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' / ');

if (!env.CONSOLES_DIR && !existsSync(join(ROOT, 'apps/gateway/public/index.html'))) {
  const dir = join(tmpdir(), 'cks-submit-bench-consoles');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Cửa khẩu số</title>');
  process.env.CONSOLES_DIR = dir;
}

/** Summary of one .cpuprofile between `from` and `to` (µs since the profile started). */
function summarise(file, from, to) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const area = (n) => {
    const u = n.callFrame.url;
    const m = u.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
    if (m) return m[1];
    const app = u.match(/dist\/((?:apps|libs)\/[^/]+)/);
    if (app) return app[1];
    if (u.startsWith('node:')) return 'node internals';
    return n.callFrame.functionName.startsWith('(') ? n.callFrame.functionName : '(native)';
  };
  const own = (a) => !a.startsWith('(') && a !== 'node internals';
  const self = new Map();
  let at = 0;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (at >= from && at <= to) self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const bySelf = new Map();
  const charged = new Map();
  const fns = new Map();
  const add = (m, k, t) => m.set(k, (m.get(k) ?? 0) + t);
  for (const [id, t] of self) {
    const n = byId.get(id);
    add(bySelf, area(n), t);
    let cur = id;
    while (cur !== undefined && !own(area(byId.get(cur)))) cur = parent.get(cur);
    add(charged, cur === undefined ? area(n) : area(byId.get(cur)), t);
    const f = n.callFrame;
    add(
      fns,
      `${f.functionName || '(anonymous)'} ${f.url ? `${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}` : ''}`,
      t,
    );
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const busy = total - (bySelf.get('(idle)') ?? 0);
  const top = (m, n) =>
    [...m]
      .filter(([k]) => !k.startsWith('(idle)'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, t]) => `  ${((100 * t) / busy).toFixed(1).padStart(5)} %  ${k}`)
      .join('\n');
  return [
    `${(total / 1e6).toFixed(1)} s sampled, ${((100 * busy) / total).toFixed(0)} % busy`,
    `self time by package:\n${top(bySelf, 15)}`,
    `charged to the nearest package or app frame:\n${top(charged, 15)}`,
    `functions (self):\n${top(fns, Number(env.TOP ?? 25))}`,
  ].join('\n');
}

/** CPU seconds a process has used (user + system), from /proc; 0 for one that is gone. */
const cpuSeconds = async (pid) => {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  if (!stat) return 0;
  const fields = stat.split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};

/** CPU used so far by the process `pid` and by the Postgres backends connected to the database of `dbUrl`. */
async function sample(pid, dbUrl) {
  const c = new pg.Client({ connectionString: dbUrl });
  await c.connect();
  const { rows } = await c.query(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
  );
  await c.end();
  const backends = new Map();
  for (const r of rows) backends.set(r.pid, await cpuSeconds(r.pid));
  return { node: await cpuSeconds(pid), backends };
}

/** CPU ms per request over the window: the Node process, and the backends (those present at its end). */
function perRequest(window, requests) {
  const pgSeconds = [...window.atEnd.backends].reduce(
    (s, [pid, t]) => s + t - (window.atStart.backends.get(pid) ?? 0),
    0,
  );
  const ms = (s) => ((1000 * s) / requests).toFixed(2);
  return `CPU per request: Node ${ms(window.atEnd.node - window.atStart.node)} ms, Postgres backends ${ms(pgSeconds)} ms`;
}

let serverUrl = env.DATABASE_URL;
let stopPg = async () => {};
if (!serverUrl) {
  const pg = await startThrowawayPostgres({ label: 'bench-submit', durable: true });
  serverUrl = pg.url;
  stopPg = pg.stop;
}
const profileDir = env.PROFILE_DIR;
if (profileDir) mkdirSync(profileDir, { recursive: true });
const ratios = {};
try {
  for (let p = 1; p <= PAIRS; p++) {
    const baseWindow = { sample };
    const base = await declarationBaseline(serverUrl, o, { window: baseWindow });
    log(
      `pair ${p}: baseline ${base.requestsPerSec.toFixed(0)} req/s, p99 ${base.p99} ms; ` +
        `${perRequest(baseWindow, base.total)} (load ${load()})`,
    );
    const builds = env.OTHER ? [null, resolve(env.OTHER, 'dist/apps/platform/src/main.js')] : [null];
    for (const script of p % 2 ? builds : [...builds].reverse()) {
      const before = profileDir ? new Set(readdirSync(profileDir)) : null;
      const window = { sample };
      const r = await declarationSubmit(serverUrl, o, {
        nodeArgs: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
        window,
        script: script ?? undefined,
      });
      (ratios[script ?? 'this'] ??= []).push(r.requestsPerSec / base.requestsPerSec);
      log(
        `pair ${p}: ${script ? env.OTHER : 'this checkout'}: ${r.requestsPerSec.toFixed(0)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, ` +
          `${r.non2xx + r.errors} failed — ${((100 * r.requestsPerSec) / base.requestsPerSec).toFixed(0)} % of the baseline; ` +
          `${perRequest(window, r.total)} (load ${load()})`,
      );
      if (profileDir) {
        const file = readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile') && !before.has(f));
        if (file)
          log(
            `profile ${join(profileDir, file)}, measured from ${(window.from / 1e6).toFixed(1)} s to ${(window.to / 1e6).toFixed(1)} s\n` +
              summarise(join(profileDir, file), window.from, window.to),
          );
      }
    }
  }
} finally {
  await stopPg();
}
for (const [build, xs] of Object.entries(ratios)) {
  const sorted = [...xs].sort((a, b) => a - b);
  log(
    `${build === 'this' ? 'this checkout' : env.OTHER}: ratios ${xs.map((x) => `${(100 * x).toFixed(0)} %`).join(', ')}; ` +
      `median ${(100 * sorted[Math.floor((sorted.length - 1) / 2)]).toFixed(0)} %`,
  );
}
