// The three fault scenarios. Each starts its own topology on a fresh database, drives load, injects its
// faults, then checks what must hold and returns its figures. Every wait is bounded; every process is killed
// in `finally`, whatever happened.
import { mulberry32 } from '#libs/domain/src/index.js';
import { rssMiB, sleep } from './cluster.mjs';
import { declarationBody, newKey } from './client.mjs';
import { ConsoleWatch } from './consoles.mjs';
import { LoadGenerator, Probe, recoveryPipeline, sessions } from './load.mjs';
import { catchUp, checkInvariants, checkLedger } from './verify.mjs';

const GATES = ['HUU_NGHI', 'TAN_THANH'];
const between = (random, [lo, hi]) => Math.round(lo + random() * (hi - lo));

function pct(values, p) {
  if (!values.length) return null;
  const v = [...values].sort((a, b) => a - b);
  return Math.round(v[Math.min(v.length - 1, Math.floor((p / 100) * v.length))]);
}

function histogram(samples) {
  const h = {};
  for (const s of samples) {
    const k =
      s.status === 0
        ? `no answer (${s.code})`
        : s.status >= 500 || s.status === 0
          ? `${s.status} ${s.code ?? ''}`.trim()
          : String(s.status);
    h[k] = (h[k] ?? 0) + 1;
  }
  return h;
}

/** Summary of probe samples: how many, what came back, how long they took, how many ran past `boundMs`. */
function summarise(samples, boundMs) {
  const ms = samples.map((s) => s.ms);
  return {
    requests: samples.length,
    answers: histogram(samples),
    p50Ms: pct(ms, 50),
    p99Ms: pct(ms, 99),
    maxMs: ms.length ? Math.round(Math.max(...ms)) : null,
    overBound: samples.filter((s) => s.ms > boundMs).length,
    internalErrors: samples.filter((s) => s.status === 500).length,
  };
}

/** Per request kind: how many, what came back, and latency. */
function byKind(samples) {
  const kinds = {};
  for (const x of samples) (kinds[x.kind] ??= []).push(x);
  return Object.fromEntries(
    Object.entries(kinds).map(([k, v]) => [
      k,
      {
        requests: v.length,
        answers: histogram(v),
        p50Ms: pct(
          v.map((x) => x.ms),
          50,
        ),
        p99Ms: pct(
          v.map((x) => x.ms),
          99,
        ),
      },
    ]),
  );
}

function clientFigures(load) {
  return {
    requests: load.stats.requests,
    retries: load.stats.retries,
    timeouts: load.stats.timeouts,
    noAnswer: load.stats.refused,
    byStatus: load.stats.byStatus,
  };
}

function crashes(cluster) {
  return [...cluster.services.values()].flatMap((s) => s.crashes.map((c) => ({ service: s.name, ...c })));
}

async function finalChecks(cluster, load, { gateway, watch }) {
  const caught = await catchUp(cluster.db, { gateway }, 45000);
  const ledger = await checkLedger(cluster.db, load.ledger);
  const invariants = await checkInvariants(cluster.db);
  const agreement = watch
    ? cluster.services.get('gateway')?.alive
      ? await watch.finalAgreement(10000)
      : { ms: null }
    : null;
  return {
    catchUpMs: caught.ms,
    eventsNotDelivered: caught.gaps.n,
    eventGaps: caught.gaps.n === 0 ? undefined : caught.gaps,
    losses: ledger.losses,
    lost: ledger.losses ? ledger.lost : undefined,
    duplicates: ledger.duplicates,
    duplicateDetail: ledger.duplicates ? ledger.duplicateDetail : undefined,
    invariants,
    invariantViolations: Object.values(invariants).reduce((a, b) => a + b, 0),
    consolesAgree: agreement ? agreement.ms !== null && watch.divergences.length === 0 : null,
    consoleDivergences: watch ? watch.divergences.slice(0, 10) : undefined,
  };
}

/**
 * kill -9 each service in turn (declaration, yard-queue, gateway) while firms file and trucks check in;
 * restart it; measure how long consoles take to show the REST state again.
 */
export async function killRestart(suite, o) {
  const {
    killsPerService = 2,
    workers = 6,
    seed = 1,
    downMs = [200, 1500],
    settleMs = [1000, 2500],
    gateway = true,
    warmupMs = 2000,
    postgresRestartAtEnd = false,
    log = () => undefined,
  } = o;
  const random = mulberry32(seed ^ 0x5eed);
  const cluster = await suite.cluster({ label: 'kill', gateway });
  let load;
  let watch;
  try {
    const s = await sessions(cluster, 4);
    if (gateway) {
      watch = new ConsoleWatch(cluster, s.admin, GATES);
      await watch.start();
    }
    load = new LoadGenerator(cluster, s, { workers, seed });
    load.start();
    await sleep(warmupMs);
    const names = cluster.order;
    const kills = Object.fromEntries(names.map((n) => [n, 0]));
    const restartMs = Object.fromEntries(names.map((n) => [n, []]));
    const convergence = [];
    for (let round = 0; round < killsPerService; round++) {
      for (const name of names) {
        const svc = cluster.service(name);
        const before = load.ledger.figures.ackedWrites;
        await svc.kill();
        kills[name]++;
        await sleep(between(random, downMs));
        restartMs[name].push(Math.round(await svc.start()));
        const up = Date.now();
        let conv = null;
        if (watch) {
          conv = await watch.convergence(up, 15000);
          convergence.push({ service: name, round, ms: conv.ms, detail: conv.ms === null ? conv : undefined });
        }
        log(
          `  kill ${round + 1}/${killsPerService} ${name}: back in ${restartMs[name].at(-1)} ms, consoles converged in ${conv ? (conv.ms ?? 'NEVER') : '—'} ms, acked writes ${before} → ${load.ledger.figures.ackedWrites}`,
        );
        await sleep(between(random, settleMs));
      }
    }
    await load.stop();
    const checks = await finalChecks(cluster, load, { gateway, watch });
    const conv = convergence.map((c) => c.ms);
    const died = crashes(cluster);
    // Afterwards, one Postgres restart with every service idle: each must still be there and healthy after it.
    let afterPostgresRestart;
    if (postgresRestartAtEnd) {
      await suite.postgres.stop();
      await sleep(1500);
      await suite.postgres.start();
      const back = await healthAgain(cluster, Date.now(), 20000);
      afterPostgresRestart = Object.fromEntries(
        cluster.order.map((n) => [
          n,
          {
            alive: cluster.service(n).alive,
            healthyAfterMs: back[n],
            crash: cluster
              .service(n)
              .crashes.slice(died.filter((d) => d.service === n).length)[0]
              ?.output.split('\n')
              .find((l) => /error|Error/.test(l)),
          },
        ]),
      );
      log(`  then a Postgres restart with the services idle: ${JSON.stringify(afterPostgresRestart)}`);
    }
    return {
      scenario: 'kill-restart',
      services: names,
      kills,
      totalKills: Object.values(kills).reduce((a, b) => a + b, 0),
      restartMs: Object.fromEntries(
        Object.entries(restartMs).map(([k, v]) => [k, { median: pct(v, 50), max: Math.max(...v) }]),
      ),
      pipelines: load.pipelines,
      ...load.ledger.figures,
      client: clientFigures(load),
      maxConvergenceMs: conv.length ? (conv.includes(null) ? null : Math.max(...conv)) : null,
      convergence: gateway ? convergence : undefined,
      ...checks,
      crashes: died,
      afterPostgresRestart,
      anomalies: load.ledger.anomalies.slice(0, 20),
    };
  } finally {
    if (!suite.postgres.running) await suite.postgres.start().catch(() => undefined);
    if (load && !load.stopping) {
      load.stopping = true;
    }
    await watch?.stop().catch(() => undefined);
    await cluster.close();
  }
}

/** Open-loop traffic of every kind the services serve: writes on both services and reads, one request each. */
function probeRequests(cluster, s, ledger) {
  return (n) => {
    const firm = s.firms[n % s.firms.length];
    switch (n % 4) {
      case 0:
      case 2: {
        // A write of its own (its key, its plates): when acknowledged it must be in the database afterwards.
        const { body, plates } = declarationBody({ gate: GATES[n % 2] });
        const key = newKey();
        const rec = {
          key,
          firm: firm.firmId,
          gate: body.gate,
          plates,
          id: null,
          ids: [],
          acked: { submit: false, accept: false },
          done: {},
          checkIns: [],
          probe: true,
        };
        ledger.records.push(rec);
        return {
          kind: 'POST /declarations',
          url: `${cluster.url('declaration')}/api/declarations`,
          method: 'POST',
          token: firm.token,
          body,
          headers: { 'idempotency-key': key },
          onAnswer: (r) => {
            if (r.status === 201 && r.body?.id) {
              rec.id = r.body.id;
              rec.ids.push(r.body.id);
            }
          },
        };
      }
      case 1:
        return {
          kind: 'GET /declarations',
          url: `${cluster.url('declaration')}/api/declarations?pageSize=5`,
          token: firm.token,
        };
      default:
        return {
          kind: 'GET /gates/:code/queue',
          url: `${cluster.url('yard-queue')}/api/gates/${GATES[n % 2]}/queue`,
          token: s.admin,
        };
    }
  };
}

/** Waits until every service's health answers 200; returns ms per service (null if not within `timeoutMs`). */
async function healthAgain(cluster, since, timeoutMs) {
  const out = {};
  await Promise.all(
    cluster.order.map(async (name) => {
      const svc = cluster.service(name);
      while (Date.now() - since < timeoutMs) {
        if (await svc.healthy(1000)) {
          out[name] = Date.now() - since;
          return;
        }
        await sleep(100);
      }
      out[name] = null;
    }),
  );
  return out;
}

/** Samples, every 500 ms, each service's memory and the proxy's open connections. */
function resourceSampler(cluster) {
  const samples = [];
  const timer = setInterval(async () => {
    const rss = {};
    for (const name of cluster.order)
      rss[name] = cluster.service(name).pid ? await rssMiB(cluster.service(name).pid) : null;
    samples.push({
      at: Date.now(),
      rss,
      dbConnections: cluster.proxy?.open ?? null,
      orphanedBackends: cluster.proxy?.orphaned ?? null,
    });
  }, 500);
  return {
    samples,
    stop: () => clearInterval(timer),
    max(from, to) {
      const s = samples.filter((x) => x.at >= from && x.at <= to);
      const rss = {};
      for (const name of cluster.order) rss[name] = Math.max(0, ...s.map((x) => x.rss[name] ?? 0));
      return {
        rssMiB: rss,
        dbConnections: cluster.proxy ? Math.max(0, ...s.map((x) => x.dbConnections ?? 0)) : undefined,
        orphanedBackends: cluster.proxy ? Math.max(0, ...s.map((x) => x.orphanedBackends ?? 0)) : undefined,
      };
    },
  };
}

/**
 * Stops PostgreSQL under load and starts it again: while it is down every request must end quickly (503
 * DEPENDENCY_DOWN), none may hang; once it is back the services must be healthy and take writes again by
 * themselves, and the relays must catch up.
 */
export async function postgresRestart(suite, o) {
  const {
    restarts = 1,
    downMs = 4000,
    workers = 3,
    seed = 2,
    rate = 10,
    gateway = true,
    hangMs = 6000,
    warmupMs = 2000,
    settleMs = 2000,
    log = () => undefined,
  } = o;
  const cluster = await suite.cluster({ label: 'pgrestart', gateway });
  let load;
  let probe;
  let watch;
  try {
    const s = await sessions(cluster, 4);
    if (gateway) {
      watch = new ConsoleWatch(cluster, s.admin, GATES);
      await watch.start();
    }
    load = new LoadGenerator(cluster, s, { workers, seed, deadlineMs: downMs + 30000 });
    probe = new Probe({ rate, timeoutMs: 60000, make: probeRequests(cluster, s, load.ledger) });
    load.start();
    probe.start();
    await sleep(warmupMs);
    const outages = [];
    for (let r = 0; r < restarts; r++) {
      const mode = r % 2 === 0 ? 'fast shutdown' : 'immediate shutdown (crash)';
      const down = Date.now();
      if (r % 2 === 0) await suite.postgres.stop();
      else await suite.postgres.crash();
      // Health while the database is away: it must answer, and say 503.
      await sleep(Math.min(1500, downMs / 2));
      const healthDown = {};
      for (const name of cluster.order) {
        const started = performance.now();
        const res = await fetch(`${cluster.url(name)}/api/health`, { signal: AbortSignal.timeout(10000) }).catch(
          (e) => ({ status: 0, error: e.name }),
        );
        healthDown[name] = { status: res.status, ms: Math.round(performance.now() - started) };
      }
      await sleep(Math.max(0, down + downMs - Date.now()));
      await suite.postgres.start();
      const up = Date.now();
      const health = await healthAgain(cluster, up, 30000);
      // The first write acknowledged after the database came back.
      let firstWriteMs = null;
      const deadline = Date.now() + 30000;
      while (firstWriteMs === null && Date.now() < deadline) {
        const ok = probe.samples.find((x) => x.kind === 'POST /declarations' && x.status === 201 && x.started >= up);
        if (ok) firstWriteMs = ok.ended - up;
        else await sleep(100);
      }
      const pipeline = await recoveryPipeline(cluster, s);
      const conv = watch && cluster.service('gateway').alive ? await watch.convergence(up, 20000) : null;
      await sleep(settleMs);
      const during = summarise(probe.between(down, up), hangMs);
      // A request of the outage still without an answer now has hung.
      during.overBound += probe.unfinished(down, up).length;
      outages.push({
        mode,
        downMs: up - down,
        healthWhileDown: healthDown,
        during,
        healthBackMs: health,
        firstWriteMs,
        fullPipelineMs: pipeline.ms,
        pipelineStoppedAt: pipeline.stoppedAt,
        consolesConvergedMs: watch ? (conv?.ms ?? null) : undefined,
      });
      log(
        `  postgres ${mode}: down ${up - down} ms, ${during.requests} requests meanwhile (${JSON.stringify(during.answers)}, max ${during.maxMs} ms, ${during.overBound} over ${hangMs} ms), health back ${JSON.stringify(health)}, first write ${firstWriteMs} ms, declaration→check-in ${pipeline.ms ?? pipeline.stoppedAt} ms${watch ? `, consoles ${conv ? (conv.ms ?? 'never') : 'none (gateway down)'}${conv?.ms != null ? ' ms' : ''}` : ''}`,
      );
    }
    await probe.stop();
    await load.stop();
    const checks = await finalChecks(cluster, load, { gateway, watch });
    const all = outages;
    return {
      scenario: 'postgres-restart',
      services: cluster.order,
      hangMs,
      restarts: outages.length,
      outages: all,
      requestsDuringOutages: all.reduce((n, x) => n + x.during.requests, 0),
      maxRequestMsDuringOutage: Math.max(...all.map((x) => x.during.maxMs ?? 0)),
      hungRequests: all.reduce((n, x) => n + x.during.overBound, 0),
      internalErrors: all.reduce((n, x) => n + x.during.internalErrors, 0),
      client: clientFigures(load),
      probe: byKind(probe.samples),
      maxRecoveryMs: ((m) => (Number.isFinite(m) ? m : null))(
        Math.max(
          ...all.flatMap((x) => [
            ...Object.values(x.healthBackMs).map((v) => v ?? Infinity),
            x.firstWriteMs ?? Infinity,
            x.fullPipelineMs ?? Infinity,
          ]),
        ),
      ),
      ...load.ledger.figures,
      ...checks,
      crashes: crashes(cluster),
      anomalies: load.ledger.anomalies.slice(0, 20),
    };
  } finally {
    if (probe) clearInterval(probe.timer);
    if (load) load.stopping = true;
    await watch?.stop().catch(() => undefined);
    if (!suite.postgres.running) await suite.postgres.start().catch(() => undefined);
    await cluster.close();
  }
}

/**
 * A slow, then partitioned database behind the fault proxy. Requests must end in bounded time (an answer,
 * or 503), memory and database connections must stay bounded, and the services must recover on heal.
 * Phases: latency, black hole healed (held bytes delivered), connections reset, black hole whose caught
 * connections never come back (stranded, as after a failover).
 */
export async function slowDatabase(suite, o) {
  const {
    phases = [
      { name: 'latency 200 ms', latencyMs: 200, ms: 4000 },
      { name: 'black hole, healed', blackhole: true, ms: 8000 },
      { name: 'connections reset', drop: true, ms: 3000 },
    ],
    rate = 20,
    boundMs = 20000,
    workers = 2,
    seed = 3,
    gateway = true,
    warmupMs = 2000,
    pauseMs = 1500,
    log = () => undefined,
  } = o;
  const cluster = await suite.cluster({ label: 'partition', gateway, proxy: true });
  let load;
  let probe;
  let sampler;
  try {
    const s = await sessions(cluster, 4);
    load = new LoadGenerator(cluster, s, { workers, seed, deadlineMs: 60000 });
    probe = new Probe({ rate, timeoutMs: 60000, make: probeRequests(cluster, s, load.ledger) });
    sampler = resourceSampler(cluster);
    load.start();
    probe.start();
    await sleep(warmupMs);
    const baseline = sampler.max(0, Date.now());
    const results = [];
    for (const ph of phases) {
      const from = Date.now();
      let maxInflight = probe.inflight;
      const watchInflight = setInterval(() => (maxInflight = Math.max(maxInflight, probe.inflight)), 100);
      if (ph.latencyMs) cluster.proxy.setLatency(ph.latencyMs);
      else if (ph.blackhole) cluster.proxy.blackhole();
      else if (ph.drop) cluster.proxy.drop();
      await sleep(ph.ms);
      cluster.proxy.heal({ strand: !!ph.strand });
      const healed = Date.now();
      const health = await healthAgain(cluster, healed, 40000);
      let firstWriteMs = null;
      const deadline = Date.now() + 40000;
      while (firstWriteMs === null && Date.now() < deadline) {
        const ok = probe.samples.find(
          (x) => x.kind === 'POST /declarations' && x.status === 201 && x.started >= healed,
        );
        if (ok) firstWriteMs = ok.ended - healed;
        else await sleep(100);
      }
      const pipeline = await recoveryPipeline(cluster, s);
      // Let what started during the fault end — or run past the bound — before summarising it.
      while (probe.unfinished(from, healed).some((t) => Date.now() - t <= boundMs + 1000)) await sleep(200);
      clearInterval(watchInflight);
      const unfinished = probe.unfinished(from, healed).length;
      const during = summarise(probe.between(from, healed), boundMs);
      const res = sampler.max(from, Date.now());
      results.push({
        phase: ph.name,
        ms: healed - from,
        during,
        unfinished,
        maxInflight,
        resources: res,
        healthBackMs: health,
        firstWriteMs,
        fullPipelineMs: pipeline.ms,
        pipelineStoppedAt: pipeline.stoppedAt,
      });
      log(
        `  ${ph.name} for ${healed - from} ms: ${during.requests + unfinished} requests (${JSON.stringify(during.answers)}), p99 ${during.p99Ms} ms, max ${during.maxMs} ms, ${during.overBound} over ${boundMs} ms, ${unfinished} without an answer after ${boundMs} ms; in flight ≤ ${maxInflight}; db connections ≤ ${res.dbConnections} (+${res.orphanedBackends} orphaned backends); rss ${JSON.stringify(res.rssMiB)} MiB; health back ${JSON.stringify(health)}; first write ${firstWriteMs} ms; declaration→check-in ${pipeline.ms ?? pipeline.stoppedAt} ms`,
      );
      await sleep(pauseMs);
    }
    await probe.stop(65000);
    await load.stop();
    sampler.stop();
    const checks = await finalChecks(cluster, load, { gateway, watch: null });
    return {
      scenario: 'slow-database',
      services: cluster.order,
      boundMs,
      baseline,
      phases: results,
      requestsOverBound: results.reduce((n, r) => n + r.during.overBound + r.unfinished, 0),
      internalErrors: results.reduce((n, r) => n + r.during.internalErrors, 0),
      maxRequestMs: Math.max(...results.map((r) => r.during.maxMs ?? 0)),
      maxDbConnections: cluster.proxy ? Math.max(...results.map((r) => r.resources.dbConnections ?? 0)) : null,
      // Each service's pool holds at most 20 connections; the gateway's socket.io adapter 3 more.
      dbConnectionBudget: 20 * cluster.order.length + (gateway ? 3 : 0) + 5,
      maxInflight: Math.max(...results.map((r) => r.maxInflight)),
      maxRssMiB: Object.fromEntries(
        cluster.order.map((n) => [n, Math.max(...results.map((r) => r.resources.rssMiB[n] ?? 0))]),
      ),
      rssGrowthMiB: Object.fromEntries(
        cluster.order.map((n) => [
          n,
          Math.round(Math.max(...results.map((r) => r.resources.rssMiB[n] ?? 0)) - (baseline.rssMiB[n] ?? 0)),
        ]),
      ),
      client: clientFigures(load),
      probe: byKind(probe.samples),
      recovered: results.every(
        (r) =>
          Object.values(r.healthBackMs).every((v) => v !== null) &&
          r.firstWriteMs !== null &&
          r.fullPipelineMs !== null,
      ),
      ...load.ledger.figures,
      ...checks,
      crashes: crashes(cluster),
      anomalies: load.ledger.anomalies.slice(0, 20),
    };
  } finally {
    if (probe) clearInterval(probe.timer);
    if (load) load.stopping = true;
    sampler?.stop();
    await cluster.close();
  }
}
