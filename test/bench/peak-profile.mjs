#!/usr/bin/env node
// The peak-day replay alone, shortened, with what explains its pace: trucks/min and the load average, and on
// request the platform's CPU profile (PROFILE_DIR), `pg_stat_activity` samples (what each session waits on) and
// the statements that took the database's time (`pg_stat_statements`). Run on the built platform (`npm run build`).
//   TRUCKS=1000 CONSOLES=1000 node test/bench/peak-profile.mjs
// NESTED=1 also counts the statements inside the database's functions (queue_call, queue_act…).
// SERVICES=core leaves the statistics and notification services out of the platform's process (their events are
// then dropped, as in a deployment without them), to weigh what they cost the rest.
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import pg from 'pg';
import { startThrowawayPostgres } from '../../libs/database/src/embedded-postgres.mjs';
import { freshDatabase, ROOT, sleep, startPlatform } from './lib.mjs';
import { peakDay } from './peak-day.mjs';

const env = process.env;
const TRUCKS = Number(env.TRUCKS ?? 1000);
const CONSOLES = Number(env.CONSOLES ?? 1000);
const o = {
  trucks: TRUCKS,
  consoles: CONSOLES,
  officerConsoles: Math.min(CONSOLES, Number(env.OFFICER_CONSOLES ?? 40)),
  firms: 50,
  concurrency: Number(env.CONCURRENCY ?? 32),
};
const log = (m) => process.stdout.write(`[peak] ${m}\n`);
/** CPU seconds a process has used (user + system), from /proc. */
const cpuSeconds = async (pid) => {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};
const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' / ');

/** The platform's entry without the statistics and notification services (written next to the real one). */
async function coreEntry() {
  const main = await readFile(`${ROOT}dist/apps/platform/src/main.js`, 'utf8');
  const core = main
    .replace(/^\s*StatisticsServiceModule,\n/m, '')
    .replace(/^\s*NotificationsServiceModule,\n/m, '')
    .replace(', STATISTICS_DB, NOTIFICATIONS_DB]', ']');
  if (core === main) throw new Error('could not derive the core entry');
  const path = `${ROOT}dist/apps/platform/src/main-core.js`;
  await writeFile(path, core);
  return 'dist/apps/platform/src/main-core.js';
}

const server = await startThrowawayPostgres({
  label: 'peakprof',
  durable: true,
  settings: {
    track_commit_timestamp: 'on',
    shared_preload_libraries: 'pg_stat_statements',
    // NESTED=1: the statements inside the server-side functions are counted too (what part of a gate action's one
    // statement its time goes to, lock waits included).
    'pg_stat_statements.track': env.NESTED === '1' ? 'all' : 'top',
  },
});
const db = await freshDatabase(server.url, 'peak');
const admin = new pg.Client({ connectionString: db.url });
await admin.connect();
await admin.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
const dbName = new URL(db.url).pathname.slice(1);

const nodeArgs = env.PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${env.PROFILE_DIR}`] : [];
const platform = await startPlatform(db.url, {}, nodeArgs, env.SERVICES === 'core' ? await coreEntry() : undefined);

// What the database's sessions do, sampled every 250 ms during the replay.
const waits = new Map();
const active = new Map();
const holders = new Map();
const backlog = new Map();
let samples = 0;
let sampling = true;
const sampler = (async () => {
  while (sampling) {
    const { rows } = await admin.query(
      `SELECT pid, pg_blocking_pids(pid) AS blockers, state,
              coalesce(wait_event_type || ':' || wait_event, 'cpu') AS w, left(regexp_replace(query, '\\s+', ' ', 'g'), 90) AS q
         FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
      [dbName],
    );
    samples++;
    if (samples % 20 === 1) {
      // How far each consumer is behind the yard (events queued for it), every 5 s: the worst seen.
      const { rows: lag } = await admin.query(
        'SELECT sink, count(*)::int AS n FROM yard_queue.outbox_pending GROUP BY sink',
      );
      for (const r of lag) backlog.set(r.sink, Math.max(backlog.get(r.sink) ?? 0, r.n));
    }
    const byPid = new Map(rows.map((r) => [r.pid, r]));
    for (const r of rows) {
      // Who holds what a waiting session waits for: the holder's state and its statement (for a session idle in
      // a transaction, the last one it ran).
      for (const b of r.blockers ?? []) {
        const h = byPid.get(b);
        const kh = `${r.q} ⟵ ${h ? `${h.state} | ${h.q}` : 'another database'}`;
        holders.set(kh, (holders.get(kh) ?? 0) + 1);
      }
      const k = `${r.state} ${r.w}`;
      waits.set(k, (waits.get(k) ?? 0) + 1);
      if (r.state === 'active' || r.w.startsWith('Lock')) {
        const kq = `${r.w} | ${r.q}`;
        active.set(kq, (active.get(kq) ?? 0) + 1);
      }
    }
    await sleep(250);
  }
})().catch(() => undefined);

try {
  await admin.query('SELECT pg_stat_statements_reset()');
  log(`${o.trucks} trucks, ${o.consoles} consoles, services ${env.SERVICES ?? 'all'}; load ${load()}`);
  const cpuBefore = await cpuSeconds(platform.child.pid);
  const { rows: xactBefore } = await admin.query(
    'SELECT xact_commit::bigint AS n FROM pg_stat_database WHERE datname = $1',
    [dbName],
  );
  const result = await peakDay(platform, db.url, {
    ...o,
    onProgress: (n) => log(`  ${n} trucks done, load ${load()}`),
  });
  sampling = false;
  await sampler;
  const cpu = (await cpuSeconds(platform.child.pid)) - cpuBefore;
  const { rows: xactAfter } = await admin.query(
    'SELECT xact_commit::bigint AS n FROM pg_stat_database WHERE datname = $1',
    [dbName],
  );
  log(`done; load ${load()}`);
  log(
    `platform CPU ${cpu.toFixed(1)} s (${((cpu / result.crossed) * 1000).toFixed(0)} ms per truck), ` +
      `${Number(xactAfter[0].n) - Number(xactBefore[0].n)} commits`,
  );
  const { errorSamples, ...rest } = result;
  log(JSON.stringify(rest));
  if (errorSamples.length) log(`errors: ${JSON.stringify(errorSamples)}`);
  const top = (m, n) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `  ${(v / samples).toFixed(2).padStart(6)}  ${k}`)
      .join('\n');
  log(`pg_stat_activity, mean sessions per sample (${samples} samples):\n${top(waits, 12)}`);
  log(`most events queued for a consumer of the yard: ${JSON.stringify(Object.fromEntries(backlog))}`);
  log(`active or waiting on a lock, by statement:\n${top(active, 25)}`);
  log(
    `waiting on a lock ⟵ what the holder is doing (its last statement if idle in a transaction):\n${top(holders, 20)}`,
  );
  // By time (where the database waits or works) and by calls (each a round trip, and a system call or two, of the
  // platform's busy thread).
  for (const order of ['total_exec_time', 'calls']) {
    const { rows: stmts } = await admin.query(
      `SELECT calls, round(total_exec_time)::int AS ms, round(mean_exec_time::numeric, 2) AS mean,
              left(regexp_replace(query, '\\s+', ' ', 'g'), 140) AS q
         FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = $1
        ORDER BY ${order} DESC LIMIT 25`,
      [dbName],
    );
    log(
      `pg_stat_statements by ${order === 'calls' ? 'calls' : 'total time'}:\n${stmts.map((s) => `  ${String(s.ms).padStart(7)} ms ${String(s.calls).padStart(7)} × ${s.mean} ms  ${s.q}`).join('\n')}`,
    );
  }
  const { rows: calls } = await admin.query(
    `SELECT sum(calls)::bigint AS calls, round(sum(total_exec_time))::bigint AS ms FROM pg_stat_statements s
       JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = $1`,
    [dbName],
  );
  log(`all statements: ${calls[0].calls} calls, ${calls[0].ms} ms`);
} finally {
  sampling = false;
  await admin.end().catch(() => undefined);
  // Stopped gently, and given time: the CPU profile is written as the process exits.
  if (platform.child.exitCode === null) {
    platform.child.kill('SIGINT');
    await Promise.race([new Promise((r) => platform.child.once('exit', r)), sleep(120000)]);
  }
  await platform.stop();
  await db.drop();
  await server.stop();
}
