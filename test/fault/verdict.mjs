// What the fault suite requires of each scenario's figures: named checks (the Jest part asserts them by name),
// and the summary table it prints.

/** Consoles show the REST state again within 5 seconds of a restart (issue #7). */
export const CONVERGENCE_LIMIT_MS = 5000;

export function verdict(results, { fast }) {
  const checks = [];
  const check = (id, ok, detail) => checks.push({ id, ok: !!ok, detail: ok ? undefined : detail });
  const rows = [];
  const notes = [];
  for (const s of results.scenarios) {
    const name = s.scenario;
    if (name === 'firm-yard-races') {
      check(
        `${name}.ran`,
        s.races >= (fast ? 40 : 500),
        `${s.races} races run, setup errors ${JSON.stringify(s.setupErrors.slice(0, 3))}`,
      );
      check(
        `${name}.no-violation`,
        s.violationCount === 0,
        `${s.violationCount} violations: ${JSON.stringify(s.violations)}`,
      );
      check(`${name}.quiescent`, s.quiescentAfterMs !== null, `never quiescent: ${JSON.stringify(s.eventGaps)}`);
      check(
        `${name}.consoles-agree`,
        s.consolesAgree !== false,
        `consoles differ from REST: ${JSON.stringify(s.consoleDivergences)}`,
      );
      check(
        `${name}.no-crash`,
        s.crashes.length === 0,
        `processes died: ${JSON.stringify(s.crashes.map((c) => c.service))}`,
      );
      rows.push([
        'firm × yard races',
        `${s.races} races, links delayed ${s.linkLatenciesMs.join('/')} ms`,
        s.acknowledged,
        `${s.violationCount} model violations`,
        '—',
        '—',
        s.quiescentAfterMs === null ? 'never quiet' : 0,
        s.consolesAgree === null ? '—' : s.consolesAgree ? 'consoles = REST' : 'consoles differ',
      ]);
      continue;
    }
    check(`${name}.no-loss`, s.losses === 0, `${s.losses} acknowledged writes missing ${JSON.stringify(s.lost)}`);
    check(
      `${name}.no-duplicate`,
      s.duplicates === 0,
      `${s.duplicates} duplicate declarations ${JSON.stringify(s.duplicateDetail)}`,
    );
    check(`${name}.invariants`, s.invariantViolations === 0, `slot invariants broken ${JSON.stringify(s.invariants)}`);
    check(
      `${name}.events-delivered`,
      s.eventsNotDelivered === 0,
      `events not delivered after ${s.catchUpMs ?? 'the wait'}: ${JSON.stringify(s.eventGaps)}`,
    );
    check(
      `${name}.no-crash`,
      s.crashes.length === 0,
      `processes died by themselves: ${JSON.stringify(s.crashes.map((c) => ({ service: c.service, code: c.code, signal: c.signal, error: c.output.split('\n').find((l) => /^\w*Error|^error:/.test(l)) ?? c.output.slice(-300) })))}`,
    );
    if (s.consolesAgree !== null && s.consolesAgree !== undefined)
      check(
        `${name}.consoles-agree`,
        s.consolesAgree,
        `consoles do not show the REST queue: ${JSON.stringify(s.consoleDivergences)}`,
      );
    if (s.anomalies?.length)
      notes.push(`${name}: ${s.anomalies.length} client anomalies, first: ${JSON.stringify(s.anomalies[0])}`);

    if (name === 'kill-restart') {
      const want = fast ? 2 : 10;
      check(
        'kill-restart.kills',
        Object.values(s.kills).every((n) => n >= want),
        `kills ${JSON.stringify(s.kills)}, want ${want} per service`,
      );
      if (s.services.includes('gateway')) {
        check(
          'kill-restart.convergence',
          s.maxConvergenceMs !== null && s.maxConvergenceMs <= CONVERGENCE_LIMIT_MS,
          `consoles converged in ${s.maxConvergenceMs ?? 'never'} ms (limit ${CONVERGENCE_LIMIT_MS}): ${JSON.stringify(s.convergence.filter((c) => c.ms === null || c.ms > CONVERGENCE_LIMIT_MS))}`,
        );
      }
      if (s.afterPostgresRestart) {
        for (const [svc, r] of Object.entries(s.afterPostgresRestart)) {
          check(
            `kill-restart.${svc}-survives-postgres-restart`,
            r.alive && r.healthyAfterMs !== null,
            `${svc} after a Postgres restart: ${JSON.stringify(r)}`,
          );
        }
      }
      rows.push([
        'kill -9 + restart',
        `${s.totalKills} kills (${Object.entries(s.kills)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')})`,
        s.ackedWrites,
        s.losses,
        s.duplicates,
        s.invariantViolations,
        s.eventsNotDelivered,
        s.maxConvergenceMs === undefined || !s.services.includes('gateway')
          ? '—'
          : `max ${s.maxConvergenceMs ?? 'never'} ms`,
      ]);
    } else if (name === 'postgres-restart') {
      check(
        'postgres-restart.no-hang',
        s.hungRequests === 0,
        `${s.hungRequests} requests took longer than ${s.hangMs} ms while the database was down`,
      );
      check(
        'postgres-restart.503-not-500',
        s.internalErrors === 0,
        `${s.internalErrors} answers were 500 instead of 503 while the database was down`,
      );
      for (const o of s.outages) {
        for (const [svc, h] of Object.entries(o.healthWhileDown))
          check(
            `postgres-restart.${svc}-health-503`,
            h.status === 503,
            `${svc} health answered ${h.status} in ${h.ms} ms while the database was down (${o.mode})`,
          );
        for (const [svc, ms] of Object.entries(o.healthBackMs))
          check(`postgres-restart.${svc}-recovers`, ms !== null, `${svc} not healthy again after the ${o.mode}`);
        check(
          'postgres-restart.writes-again',
          o.firstWriteMs !== null && o.fullPipelineMs !== null,
          `after the ${o.mode}: first write ${o.firstWriteMs} ms, declaration→check-in stopped at ${o.pipelineStoppedAt}`,
        );
      }
      rows.push([
        'Postgres restart',
        `${s.restarts} restarts (${s.outages.map((o) => o.mode).join(', ')})`,
        s.ackedWrites,
        s.losses,
        s.duplicates,
        s.invariantViolations,
        s.eventsNotDelivered,
        `recovery ≤ ${s.maxRecoveryMs ?? 'never'} ms`,
      ]);
    } else if (name === 'slow-database') {
      check(
        'slow-database.bounded-time',
        s.requestsOverBound === 0,
        `${s.requestsOverBound} requests ran longer than ${s.boundMs} ms: ${JSON.stringify(s.phases.filter((p) => p.during.overBound || p.unfinished).map((p) => ({ phase: p.phase, overBound: p.during.overBound, unfinished: p.unfinished, maxMs: p.during.maxMs, maxInflight: p.maxInflight })))}`,
      );
      check(
        'slow-database.connections-bounded',
        s.maxDbConnections <= s.dbConnectionBudget,
        `${s.maxDbConnections} connections to the database (budget ${s.dbConnectionBudget})`,
      );
      check(
        'slow-database.memory-bounded',
        Object.values(s.rssGrowthMiB).every((g) => g <= 256),
        `resident memory grew by ${JSON.stringify(s.rssGrowthMiB)} MiB`,
      );
      check(
        'slow-database.recovers',
        s.recovered,
        `did not recover after heal: ${JSON.stringify(s.phases.map((p) => ({ phase: p.phase, health: p.healthBackMs, firstWriteMs: p.firstWriteMs, pipeline: p.fullPipelineMs ?? p.pipelineStoppedAt })))}`,
      );
      check('slow-database.503-not-500', s.internalErrors === 0, `${s.internalErrors} answers were 500`);
      rows.push([
        'slow / partitioned DB',
        `${s.phases.length} phases`,
        s.ackedWrites,
        s.losses,
        s.duplicates,
        s.invariantViolations,
        s.eventsNotDelivered,
        `max request ${s.maxRequestMs} ms${s.requestsOverBound ? `, ${s.requestsOverBound} over ${s.boundMs} ms` : ''}`,
      ]);
    }
  }
  const header = [
    'scenario',
    'faults',
    'acknowledged writes',
    'losses',
    'duplicates',
    'invariant violations',
    'events undelivered',
    'convergence / recovery',
  ];
  const table = [header, ...rows].map((r) => `| ${r.join(' | ')} |`);
  table.splice(1, 0, `|${header.map(() => '---').join('|')}|`);
  const failures = checks.filter((c) => !c.ok).map((c) => `${c.id}: ${c.detail}`);
  return { checks, failures, notes, table: table.join('\n') };
}
