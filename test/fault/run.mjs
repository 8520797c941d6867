#!/usr/bin/env node
// The fault-injection suite: `npm run test:fault` (full) or `node test/fault/run.mjs --fast` (the part that
// runs inside `npm test`). Needs the services built in dist/ (`npm run test:fault` builds them first).
//   --fast                 2 kills per service, one Postgres restart, short partitions (about a minute)
//   --only=kill,postgres,partition,races   a subset of the scenarios
//   --seed=N               the load's random choices (printed at the start of every run)
//   --json=FILE            writes the figures as JSON
//   --no-gateway           leaves the socket.io gateway out
//   --dist=DIR             runs another build than ./dist (e.g. a copy with changed settings, to try a fix)
//   --keep                 keeps the temporary folder (Postgres data and every process's log); by default only
//                          the logs of a failed run are kept
//   --discard              keeps nothing, even after a failure (the Jest part)
//   --parent-watch         stops everything and exits if the process that started this one goes away
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { builtEntryPoints, Suite } from './cluster.mjs';
import { firmYardRaces } from './races.mjs';
import { killRestart, postgresRestart, slowDatabase } from './scenarios.mjs';
import { verdict } from './verdict.mjs';

const args = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, '').split('=');
    return [k, v ?? true];
  }),
);
const fast = !!args.fast;
const only = new Set(String(args.only ?? 'kill,postgres,partition,races').split(','));
const seed = Number(args.seed ?? process.env.FAULT_SEED ?? Math.floor(Math.random() * 2 ** 31));
const log = (m) => process.stdout.write(`${m}\n`);

let gateway = !args['no-gateway'];
const missing = builtEntryPoints(gateway, args.dist ? resolve(String(args.dist)) : undefined);
if (missing.some((m) => !m.includes('gateway'))) {
  log(`Not built: ${missing.join(', ')}. Run \`npx nest build\` (npm run test:fault does).`);
  process.exit(2);
}
if (gateway && missing.length) {
  log('The gateway is not built (dist/apps/gateway/src/main.js): running without it.');
  gateway = false;
}

// The kill scenario also restarts Postgres once at its end, with the services idle, to check every one of them
// (gateway included) survives it.
const profile = fast
  ? {
      kill: {
        killsPerService: 2,
        workers: 4,
        downMs: [200, 600],
        settleMs: [300, 800],
        warmupMs: 1000,
        postgresRestartAtEnd: true,
      },
      postgres: { restarts: 1, downMs: 3000, workers: 2, rate: 10, warmupMs: 1000, settleMs: 1000 },
      partition: {
        rate: 10,
        workers: 1,
        warmupMs: 1000,
        pauseMs: 500,
        phases: [
          { name: 'latency 200 ms', latencyMs: 200, ms: 2000 },
          { name: 'black hole 5 s, healed', blackhole: true, ms: 5000 },
          { name: 'connections reset 1.5 s', drop: true, ms: 1500 },
        ],
      },
      races: { races: 45, workers: 3, latencyEvery: 5 },
    }
  : {
      kill: {
        killsPerService: 10,
        workers: 6,
        downMs: [200, 2000],
        settleMs: [1000, 3000],
        warmupMs: 3000,
        postgresRestartAtEnd: true,
      },
      postgres: { restarts: 4, downMs: 7000, workers: 4, rate: 20 },
      partition: {
        rate: 20,
        workers: 2,
        phases: [
          { name: 'latency 200 ms', latencyMs: 200, ms: 6000 },
          { name: 'latency 3 s', latencyMs: 3000, ms: 10000 },
          { name: 'black hole 10 s, healed', blackhole: true, ms: 10000 },
          { name: 'black hole 30 s, healed', blackhole: true, ms: 30000 },
          { name: 'connections reset 4 s', drop: true, ms: 4000 },
          { name: 'black hole 20 s, connections stranded', blackhole: true, strand: true, ms: 20000 },
        ],
      },
      races: { races: 600, workers: 4, latencyEvery: 10 },
    };

const suite = new Suite({
  log,
  keep: args.keep ? 'always' : args.discard ? 'never' : 'on-failure',
  ...(args.dist ? { dist: resolve(String(args.dist)) } : {}),
});
const results = { mode: fast ? 'fast' : 'full', seed, gateway, startedAt: new Date().toISOString(), scenarios: [] };
let failed = false;
let cleaning = null;
const cleanup = (failedRun) => (cleaning ??= suite.close({ failed: failedRun }));
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    log(`${sig}: stopping every process of the suite…`);
    void cleanup(true).finally(() => process.exit(130));
  });
}

if (args['parent-watch']) {
  const parent = process.ppid;
  setInterval(() => {
    try {
      process.kill(parent, 0);
    } catch {
      log('the parent process is gone: stopping every process of the suite…');
      void cleanup(true).finally(() => process.exit(130));
    }
  }, 1000).unref();
}

try {
  log(`Fault-injection suite (${results.mode}), seed ${seed}, gateway ${gateway ? 'included' : 'left out'}`);
  const t0 = performance.now();
  await suite.start();
  const run = async (key, title, fn, o) => {
    if (!only.has(key)) return;
    const withGateway = gateway && o.gateway !== false;
    log(`▶ ${title}${withGateway ? '' : ' (without the gateway)'}`);
    const started = performance.now();
    const r = await fn(suite, { ...o, gateway: withGateway, log });
    r.seconds = Math.round((performance.now() - started) / 1000);
    log(`  (${r.seconds} s)`);
    results.scenarios.push(r);
  };
  await run('kill', 'kill -9 each service in turn under load', killRestart, { ...profile.kill, seed });
  await run('postgres', 'restart PostgreSQL under load', postgresRestart, { ...profile.postgres, seed: seed + 1 });
  await run('partition', 'slow and partitioned database (fault proxy)', slowDatabase, {
    ...profile.partition,
    seed: seed + 2,
  });
  await run('races', "a firm's actions racing the yard's on the same trucks, links delayed", firmYardRaces, {
    ...profile.races,
    seed: seed + 3,
  });
  results.seconds = Math.round((performance.now() - t0) / 1000);
  results.verdict = verdict(results, { fast });
  failed = results.verdict.failures.length > 0;
} catch (e) {
  failed = true;
  results.error = e.stack ?? String(e);
  log(`suite error: ${results.error}`);
} finally {
  await cleanup(failed);
}

for (const s of results.scenarios) {
  const { anomalies, ...rest } = s;
  log(`\n=== ${s.scenario} ===\n${JSON.stringify(rest, null, 1)}`);
  if (anomalies?.length) log(`anomalies: ${JSON.stringify(anomalies, null, 1)}`);
}
if (results.verdict) {
  log(`\n${results.verdict.table}`);
  for (const f of results.verdict.failures) log(`FAIL: ${f}`);
  for (const n of results.verdict.notes) log(`note: ${n}`);
}
if (args.json) await writeFile(String(args.json), JSON.stringify(results, null, 2));
log(failed ? `\nfault suite FAILED (seed ${seed})` : `\nfault suite passed in ${results.seconds} s (seed ${seed})`);
process.exit(failed ? 1 : 0);
