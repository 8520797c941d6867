// Peak-day replay: the December 2021 queue (6,000 trucks) across both gates through the whole lifecycle —
// declare, accept, check in, call, confirm, cross — with no-shows and one suspension, at machine speed,
// while consoles watch the live queue. At the end every console must equal the REST queue and the slot
// invariants must hold; `failures` lists what did not (errors, retried check-ins, consoles, trucks left).
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { io } from 'socket.io-client';
import { ADMIN, api, ROOT, sleep } from './lib.mjs';
import { declarationBody, uniqueTaxCode } from '../../libs/testing/src/builders.mjs';

const GATES = ['HUU_NGHI', 'TAN_THANH'];

async function login(origin, email, password) {
  return (await api(origin, '/auth/login', { body: { email, password } })).accessToken;
}

/** Runs `tasks` with at most `limit` in flight. */
async function pool(items, limit, fn) {
  let i = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (i < items.length) await fn(items[i++]);
    }),
  );
}

export async function peakDay(platform, databaseUrl, o) {
  const { LiveQueueClient } = await import(`${ROOT}dist/libs/live-client/src/index.js`);
  const origin = platform.origin;
  const admin = await login(origin, ADMIN.email, ADMIN.password);
  const officers = {};
  for (const gate of GATES) {
    for (const role of ['CUSTOMS', 'BORDER_GUARD', 'YARD_OPERATOR']) {
      const email = `${role.toLowerCase()}.${gate.toLowerCase()}@peak.vn`;
      await api(origin, '/users', { token: admin, body: { email, password: 'peak-password-1', role, gates: [gate] } });
      officers[`${role}:${gate}`] = await login(origin, email, 'peak-password-1');
    }
    // Open round the clock with room for the whole queue, so the replay runs at machine speed.
    const allDay = Object.fromEntries([0, 1, 2, 3, 4, 5, 6].map((d) => [d, { open: '00:00', close: '24:00' }]));
    const schedule = {
      openingHours: allDay,
      capacityPerHour: 4000,
      windowMinutes: 30,
      priorityShare: 0.2,
      dailyCap: null,
    };
    await api(origin, `/gates/${gate}`, {
      token: admin,
      method: 'PATCH',
      body: { directions: { EXPORT: schedule, IMPORT: schedule } },
    });
  }
  const firms = [];
  for (let f = 0; f < o.firms; f++) {
    const reg = await api(origin, '/auth/register', {
      body: {
        firmName: `Công ty Xuất nhập khẩu ${f}`,
        taxCode: uniqueTaxCode(),
        email: `firm${f}@peak.vn`,
        password: 'peak-password-1',
        phone: '0912345678',
      },
    });
    firms.push(reg.accessToken);
    await o.onFirm?.(reg.accessToken, f);
  }

  // Consoles: a few officer consoles with full deltas per gate, the rest public boards (throttled by the gateway).
  const consoles = [];
  for (let c = 0; c < o.consoles; c++) {
    const gate = GATES[c % GATES.length];
    const officer = c < o.officerConsoles;
    const client = new LiveQueueClient({
      url: origin,
      io,
      token: officer ? officers[`CUSTOMS:${gate}`] : null,
      socketOptions: { forceNew: true },
    });
    const sub = client.subscribe(gate, officer ? 'customs' : 'board');
    consoles.push({ client, sub, gate, officer });
  }
  await Promise.all(consoles.map((c) => c.sub.ready));

  const trucks = Array.from({ length: o.trucks }, (_, i) => ({
    i,
    gate: GATES[i % 2 === 0 || i % 7 === 0 ? 0 : 1],
    direction: i % 3 === 0 ? 'EXPORT' : 'IMPORT',
    perishable: i % 5 < 2,
    noShow: i % 40 === 7,
    firm: firms[i % firms.length],
  }));
  const counters = { requests: 0, errors: 0, noShows: 0, crossed: 0, retriesWaitingForRelay: 0 };
  const errors = [];
  const call = async (path, token, body, method) => {
    counters.requests++;
    try {
      return await api(origin, path, { token, body: body ?? {}, method });
    } catch (e) {
      counters.errors++;
      if (errors.length < 10) errors.push(String(e.message).slice(0, 300));
      throw e;
    }
  };

  const started = performance.now();
  let suspended = false;
  await pool(trucks, o.concurrency, async (t) => {
    if (!suspended && t.i === Math.floor(o.trucks / 2)) {
      suspended = true;
      // One suspension mid-day: the receiving side stops for a moment; waiting vehicles are re-slotted.
      // A 503 asks to try again (the re-slotting of a whole gate can wait on a loaded machine): as a console would.
      const adminAction = async (path, reason) => {
        for (let attempt = 0; ; attempt++) {
          try {
            return await call(path, admin, { reason });
          } catch (e) {
            if (!String(e.message).includes(' 503 ') || attempt >= 5) throw e;
            counters.errors--;
            await sleep(1000);
          }
        }
      };
      await adminAction('/gates/HUU_NGHI/suspend', 'Phía bạn tạm dừng tiếp nhận');
      // The resumption too: a gate left suspended would hold every truck behind it for the rest of the day.
      setTimeout(() => void adminAction('/gates/HUU_NGHI/resume', 'Tiếp nhận trở lại').catch(() => undefined), 3000);
    }
    try {
      // One truck, declared for its gate's own waiting yard.
      const body = declarationBody({
        gate: t.gate,
        direction: t.direction,
        category: t.perishable ? 'PERISHABLE' : 'GENERAL',
      });
      const plate = body.vehicles[0].plate;
      const d = await callWithKey(origin, t.firm, body, counters, errors);
      await call(`/declarations/${d.id}/submit`, t.firm);
      const accepted = await call(`/declarations/${d.id}/accept`, officers[`CUSTOMS:${t.gate}`]);
      await o.onAccepted?.(t, accepted);
      // The acceptance reaches the yard through the outbox relay: retry the check-in until it has.
      let entry;
      for (let attempt = 0; ; attempt++) {
        counters.requests++;
        try {
          entry = await api(origin, '/check-ins', {
            token: officers[`YARD_OPERATOR:${t.gate}`],
            body: { gate: t.gate, plate },
          });
          break;
        } catch (e) {
          if (!String(e.message).includes(' 404 ') || attempt > 200) throw e;
          counters.retriesWaitingForRelay++;
          if (errors.length < 10) errors.push(`retried: ${String(e.message).slice(0, 300)}`);
          await sleep(50);
        }
      }
      const customs = officers[`CUSTOMS:${t.gate}`];
      const guard = officers[`BORDER_GUARD:${t.gate}`];
      // `onCalled` hears of each call when its answer arrives, just after the call committed. The call is made
      // first: `o.onCalled?.(…, await call(…))` would skip the call itself when there is no listener.
      const called = await call(`/queue-entries/${entry.id}/call`, customs);
      o.onCalled?.(t, plate, called);
      if (t.noShow) {
        await call(`/queue-entries/${entry.id}/no-show`, customs);
        counters.noShows++;
        const calledAgain = await call(`/queue-entries/${entry.id}/call`, customs);
        o.onCalled?.(t, plate, calledAgain);
      }
      await call(`/queue-entries/${entry.id}/arrive`, customs);
      await call(`/queue-entries/${entry.id}/confirm`, customs, { agency: 'CUSTOMS' });
      if (t.perishable) await call(`/queue-entries/${entry.id}/confirm`, customs, { agency: 'QUARANTINE' });
      await call(`/queue-entries/${entry.id}/confirm`, guard, { agency: 'BORDER_GUARD' });
      await call(`/queue-entries/${entry.id}/cross`, guard);
      counters.crossed++;
    } catch {
      // counted in `errors`
    }
    if (o.onProgress && (t.i + 1) % 500 === 0) o.onProgress(t.i + 1);
  });
  const seconds = (performance.now() - started) / 1000;

  // Every console converges to the REST queue: same version, same entries and statuses.
  const convergeStart = performance.now();
  const readRest = (gate, view) =>
    view === 'officer'
      ? api(origin, `/gates/${gate}/queue`, { token: officers[`CUSTOMS:${gate}`] })
      : api(origin, `/public/gates/${gate}/queue`, {});
  const restFor = {};
  for (const gate of GATES)
    restFor[gate] = { officer: await readRest(gate, 'officer'), board: await readRest(gate, 'board') };
  let converged = 0;
  const mismatches = [];
  for (const c of consoles) {
    const view = c.officer ? 'officer' : 'board';
    let rest = restFor[c.gate][view];
    const deadline = performance.now() + 15000;
    while (c.sub.version !== rest.version && performance.now() < deadline) {
      // The queue moved on after REST was read (the sweeper's estimates, a no-show past its grace): read it again
      // rather than wait for a version that is gone.
      if (c.sub.version > rest.version) rest = restFor[c.gate][view] = await readRest(c.gate, view);
      else await sleep(50);
    }
    const mine = c.sub
      .entries()
      .map((e) => `${e.id}:${e.status}`)
      .sort();
    const theirs = rest.entries.map((e) => `${e.id}:${e.status}`).sort();
    if (c.sub.version === rest.version && JSON.stringify(mine) === JSON.stringify(theirs)) converged++;
    else if (mismatches.length < 5)
      mismatches.push({
        gate: c.gate,
        officer: c.officer,
        version: c.sub.version,
        restVersion: rest.version,
        entries: mine.length,
        restEntries: theirs.length,
      });
  }
  const convergeSeconds = (performance.now() - convergeStart) / 1000;
  for (const c of consoles) c.client.close();

  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const [over, dup] = await Promise.all([
    db.query('SELECT count(*)::int AS n FROM yard_queue.window_usage WHERE issued_total > capacity'),
    db.query(
      `SELECT count(*)::int AS n FROM (SELECT vehicle_id FROM yard_queue.queue_entries WHERE status IN ('CHECKED_IN','CALLED','AT_GATE','HELD','CLEARED') GROUP BY vehicle_id HAVING count(*) > 1) x`,
    ),
  ]);
  const yardReady = await acceptanceToYard(db);
  await db.end();
  const result = {
    trucks: o.trucks,
    seconds,
    trucksPerMinute: (counters.crossed / seconds) * 60,
    requestsPerSec: counters.requests / seconds,
    ...counters,
    consoles: consoles.length,
    converged,
    convergeSeconds,
    mismatches,
    invariantViolations: over.rows[0].n + dup.rows[0].n,
    yardReady,
    errorSamples: errors,
  };
  // The replay passes only clean: no error, no check-in sent back, every console equal to REST, invariants held.
  const failures = [
    result.errors && `${result.errors} errors`,
    result.retriesWaitingForRelay && `${result.retriesWaitingForRelay} check-ins retried`,
    result.converged !== result.consoles && `${result.consoles - result.converged} consoles differ from REST`,
    result.invariantViolations && `${result.invariantViolations} invariant violations`,
    result.crossed !== result.trucks && `${result.trucks - result.crossed} trucks did not cross`,
  ].filter(Boolean);
  return { ...result, failures };
}

/**
 * Acceptance → yard-ready, from what the database recorded: the commit of the acceptance (the commit
 * timestamp of its audit row's transaction; needs `track_commit_timestamp`) to the yard's first copy of the
 * vehicle (`received_at`, set at its insert). Null when the server does not record commit timestamps.
 */
async function acceptanceToYard(db) {
  const { rows: on } = await db.query(`SELECT current_setting('track_commit_timestamp') = 'on' AS on`);
  if (!on[0].on) return null;
  const { rows } = await db.query(
    `SELECT count(*)::int AS n,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50,
            percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) AS p99,
            max(ms) AS max
       FROM (SELECT (extract(epoch FROM v.received_at - min(pg_xact_commit_timestamp(a.xmin))) * 1000)::float8 AS ms
               FROM yard_queue.vehicles v
               JOIN declaration.audit_log a ON a.declaration_id = v.declaration_id AND a.action = 'accept'
              GROUP BY v.vehicle_id, v.received_at) x`,
  );
  return rows[0];
}

/** POST /api/declarations with an Idempotency-Key, retried with the same key on failure (a flaky link). */
async function callWithKey(origin, token, body, counters, errors) {
  const key = randomUUID();
  for (let attempt = 0; ; attempt++) {
    counters.requests++;
    const res = await fetch(`${origin}/api/declarations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': key },
      body: JSON.stringify(body),
    }).catch((e) => ({ ok: false, status: 0, text: async () => String(e) }));
    if (res.ok) return res.json();
    if (attempt >= 3) {
      counters.errors++;
      if (errors.length < 10) errors.push(`create: ${res.status} ${(await res.text()).slice(0, 200)}`);
      throw new Error('create failed');
    }
    await sleep(100);
  }
}
