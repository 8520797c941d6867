import { jest } from '@jest/globals';
import pg from 'pg';
import { ManualClock } from '#libs/clock/src/index.js';
import {
  addLocalDays,
  mulberry32,
  rollupBlocksOf,
  SEGMENTS,
  sketchBucket,
  vietnamDay,
  vietnamHour,
} from '#libs/domain/src/index.js';
import {
  createOfficer,
  declarationBody,
  eventually,
  login,
  registerFirm,
  type Session,
  TEST_ADMIN,
  type TestApp,
} from '#libs/testing/src/index.js';
import { createStatsTestApp } from './stats-fixtures.js';

// A recorded day, replayed through the real services: the peak day's traffic (apps/platform/src/simulator.ts,
// test/bench/peak-day.mjs — one vehicle per declaration, two gates, both directions, perishables, no-shows),
// with holds, turn-backs, a rejection and a cancellation, and the clock moved between steps so every segment
// lasts. Then the statistics' projections are checked against figures computed here from the audit logs.
// STATS_REPLAY_TRUCKS=6000 replays the whole peak day; the default suite replays a scaled-down one (the same
// hours, fewer trucks).
const TRUCKS = Number(process.env.STATS_REPLAY_TRUCKS ?? 12);
const GATES = ['HUU_NGHI', 'TAN_THANH'];

jest.setTimeout(Math.max(300_000, TRUCKS * 5_000));

let t: TestApp;
let db: pg.Client;
const clock = new ManualClock(new Date(Math.floor(Date.now() / 1000) * 1000));
const random = mulberry32(20211220);
const seconds = (lo: number, hi: number) => (lo + Math.floor(random() * (hi - lo))) * 1000;
let admin: Session;
const officers: Record<string, Session> = {};
let firms: Session[];
const started = clock.now();

async function post(
  path: string,
  who: Session,
  body: object = {},
  desk = 'test-desk',
  expected = [200, 201],
): Promise<{ id: string }> {
  const res = await t.http().post(`/api${path}`).set('authorization', who.auth).set('x-console', desk).send(body);
  if (!expected.includes(res.status)) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string };
}

interface Truck {
  i: number;
  gate: string;
  direction: 'EXPORT' | 'IMPORT';
  perishable: boolean;
  noShow: boolean;
  hold: boolean;
  turnBack: boolean;
  entryId?: string;
}

beforeAll(async () => {
  // The whole day runs for most of an hour on the logins made here: access tokens last a day (they expire in real
  // time, not on the replay's clock).
  t = await createStatsTestApp('stats-replay', clock, { ACCESS_TOKEN_TTL: '86400' });
  db = new pg.Client({ connectionString: t.databaseUrl });
  await db.connect();
  admin = await login(() => t.http(), TEST_ADMIN.email, TEST_ADMIN.password);
  const allDay = Object.fromEntries([0, 1, 2, 3, 4, 5, 6].map((d) => [d, { open: '00:00', close: '24:00' }]));
  const schedule = {
    openingHours: allDay,
    capacityPerHour: 4000,
    windowMinutes: 30,
    priorityShare: 0.2,
    dailyCap: null,
  };
  for (const gate of GATES) {
    const res = await t
      .http()
      .patch(`/api/gates/${gate}`)
      .set('authorization', admin.auth)
      .send({ directions: { EXPORT: schedule, IMPORT: schedule } });
    expect(res.status).toBe(200);
  }
  // One officer of each agency for both gates, and a second customs officer at the first gate, so response
  // times differ per console.
  for (const role of ['CUSTOMS', 'BORDER_GUARD', 'YARD_OPERATOR'])
    officers[role] = await createOfficer(() => t.http(), admin, role, GATES);
  officers.CUSTOMS2 = await createOfficer(() => t.http(), admin, 'CUSTOMS', ['HUU_NGHI']);
  // A firm per 200 trucks: each stays far below the cap on open declarations (300) however long the day.
  firms = [];
  for (let f = 0; f < Math.ceil(TRUCKS / 200); f++) firms.push(await registerFirm(() => t.http()));

  const trucks: Truck[] = Array.from({ length: TRUCKS }, (_, i) => ({
    i,
    gate: GATES[i % 2 === 0 || i % 7 === 0 ? 0 : 1],
    direction: i % 3 === 0 ? 'EXPORT' : 'IMPORT',
    perishable: i % 5 < 2,
    noShow: i % 40 === 7 || i % 9 === 4,
    hold: i % 6 === 1,
    turnBack: i % 11 === 5,
  }));
  // The day as it happens: trucks are declared one after another, one every 5 minutes or over the first 16 hours
  // if that is sooner, and each one's steps follow at realistic intervals (at most about 2 h 15 min from
  // declaration to crossing), so several trucks are in the yard at once and the whole day fits in one or two
  // Vietnamese days however many trucks it has. Every truck's steps are laid out first, then all of them run in
  // the order of their times, the clock set to each.
  const steps: { at: number; run: () => Promise<void> }[] = [];
  for (const tr of trucks) {
    let at = started.getTime() + Math.floor((tr.i * Math.min(16 * 3_600_000, TRUCKS * 300_000)) / TRUCKS);
    const step = (lo: number, hi: number, run: () => Promise<unknown>) => {
      at += seconds(lo, hi);
      steps.push({ at, run: async () => void (await run()) });
    };
    const firm = firms[tr.i % firms.length];
    const customs = officers[tr.gate === 'HUU_NGHI' && tr.i % 4 === 0 ? 'CUSTOMS2' : 'CUSTOMS'];
    const guard = officers.BORDER_GUARD;
    // Each gate's desks: both customs officers share the first gate's, the first one works at both gates.
    const desk = (who: Session) => `${who === guard ? 'border' : 'customs'} ${tr.gate}`;
    const act = (action: string, who: Session, body: object = {}, lo = 10, hi = 200) =>
      step(lo, hi, () => post(`/queue-entries/${tr.entryId}/${action}`, who, body, desk(who)));
    let declarationId = '';
    let plate = '';
    step(0, 1, async () => {
      const body = declarationBody({
        gate: tr.gate,
        direction: tr.direction,
        category: tr.perishable ? 'PERISHABLE' : 'GENERAL',
        arrival: new Date(clock.now().getTime() + 6 * 3_600_000).toISOString(),
      });
      plate = body.vehicles[0].plate;
      declarationId = (await post('/declarations', firm, body)).id;
    });
    step(10, 120, () => post(`/declarations/${declarationId}/submit`, firm));
    step(30, 600, () => post(`/declarations/${declarationId}/accept`, officers.CUSTOMS));
    step(30, 300, async () => {
      tr.entryId = (await eventually(() => post('/check-ins', officers.YARD_OPERATOR, { gate: tr.gate, plate }))).id;
    });
    act('call', customs, {}, 60, 3600);
    if (tr.noShow) {
      act('no-show', customs, {}, 300, 600);
      act('call', customs, {}, 60, 600);
    }
    act('arrive', customs, {}, 30, 300);
    if (tr.hold) act('hold', customs, { note: 'Kiểm tra thực tế hàng hóa' });
    if (tr.turnBack) {
      act('turn-back', customs, { note: 'Hàng không khớp tờ khai' });
      continue;
    }
    if (tr.hold) act('release', customs, {}, 60, 900);
    act('confirm', customs, { agency: 'CUSTOMS' });
    if (tr.perishable) act('confirm', customs, { agency: 'QUARANTINE' });
    act('confirm', guard, { agency: 'BORDER_GUARD' });
    act('cross', guard, {}, 10, 120);
  }
  // Array.prototype.sort is stable: steps at the same second keep their truck's order.
  steps.sort((a, b) => a.at - b.at);
  for (const st of steps) {
    clock.set(new Date(st.at));
    await st.run();
  }
  // One rejected declaration and one vehicle cancelled from the yard.
  const rejected = await post(
    '/declarations',
    firms[0],
    declarationBody({
      gate: 'TAN_THANH',
      category: 'GENERAL',
      arrival: new Date(clock.now().getTime() + 6 * 3_600_000).toISOString(),
    }),
  );
  await post(`/declarations/${rejected.id}/submit`, firms[0]);
  clock.advance(seconds(60, 600));
  await post(`/declarations/${rejected.id}/reject`, officers.CUSTOMS, { reason: 'Thiếu chứng từ' });
  // The projections have every event once nothing waits for the statistics in either outbox.
  await eventually(async () => {
    const { rows } = await db.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM declaration.outbox_pending WHERE sink = 'statistics')
            + (SELECT count(*) FROM yard_queue.outbox_pending WHERE sink = 'statistics') AS n`,
    );
    expect(Number(rows[0].n)).toBe(0);
  }, 30_000);
});

afterAll(async () => {
  await db?.end();
  await t?.close();
});

/** Nearest rank, computed here without the statistics' code. */
function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil((p * sorted.length) / 100) - 1];
}

const secondsBetween = (from: Date, to: Date) => Math.max(0, Math.floor((to.getTime() - from.getTime()) / 1000));

interface AuditRow {
  entry_id: string;
  gate: string;
  direction: string;
  categories: string[];
  action: string;
  actor_id: string | null;
  console: string | null;
  at: Date;
}

/** What the audit logs say, as the statistics should count it. */
async function fromAuditLogs() {
  const counts = new Map<string, number>();
  const bump = (metric: string, gate: string, direction: string, at: Date, n = 1) => {
    const k = `${vietnamHour(at).toISOString()}|${gate}|${direction}|${metric}`;
    counts.set(k, (counts.get(k) ?? 0) + n);
  };
  const segments = new Map<string, number[]>(SEGMENTS.map((s) => [s, []]));
  const responses = new Map<string, number[]>();
  const respond = (key: string, s: number) => responses.set(key, [...(responses.get(key) ?? []), s]);

  const declared = await db.query<{ vehicle_id: string; action: string; at: Date; gate: string; direction: string }>(
    `SELECT a.vehicle_id, a.action, a.at, d.gate, d.direction FROM declaration.audit_log a
       JOIN declaration.declarations d ON d.id = a.declaration_id
      WHERE a.vehicle_id IS NOT NULL AND a.action IN ('submit', 'accept', 'reject') ORDER BY a.id`,
  );
  const submittedAt = new Map<string, Date>();
  for (const r of declared.rows) {
    bump({ submit: 'DECLARED', accept: 'ACCEPTED', reject: 'REJECTED' }[r.action]!, r.gate, r.direction, r.at);
    if (r.action === 'submit') submittedAt.set(r.vehicle_id, r.at);
    if (r.action === 'accept')
      segments.get('DECLARED_TO_ACCEPTED')!.push(secondsBetween(submittedAt.get(r.vehicle_id)!, r.at));
  }

  const queue = await db.query<AuditRow>(
    `SELECT a.entry_id, a.gate, e.direction, ARRAY(SELECT jsonb_array_elements_text(e.snapshot->'goodsCategories')) AS categories,
            a.action, a.actor_id, a.console, a.at
       FROM yard_queue.queue_audit a JOIN yard_queue.queue_entries e ON e.id = a.entry_id ORDER BY a.id`,
  );
  const last = new Map<string, Record<string, Date>>();
  const metricOf: Record<string, string> = {
    'check-in': 'CHECKED_IN',
    call: 'CALLED',
    arrive: 'ARRIVED',
    cross: 'CROSSED',
    'turn-back': 'TURNED_BACK',
    'no-show': 'NO_SHOW',
    hold: 'HELD',
    release: 'RELEASED',
    cancel: 'CANCELLED',
  };
  let perishableCrossed = 0;
  for (const r of queue.rows) {
    const seen = last.get(r.entry_id) ?? {};
    last.set(r.entry_id, seen);
    if (metricOf[r.action]) bump(metricOf[r.action], r.gate, r.direction, r.at);
    if (r.action === 'call') segments.get('CHECKED_IN_TO_CALLED')!.push(secondsBetween(seen['check-in'], r.at));
    if (r.action === 'arrive') segments.get('CALLED_TO_AT_GATE')!.push(secondsBetween(seen.call, r.at));
    if (r.action === 'cross') {
      segments.get('AT_GATE_TO_CROSSED')!.push(secondsBetween(seen.arrive, r.at));
      if (r.categories.includes('PERISHABLE')) perishableCrossed++;
    }
    // Each answer counts for the agency, the officer who gave it and the console it came from.
    const answer = (kind: string, agency: string, s: number) => {
      respond(`${kind}|${agency}||`, s);
      respond(`${kind}|${agency}|${r.actor_id}|`, s);
      respond(`${kind}|${agency}||${r.console}`, s);
    };
    if (r.action === 'release') answer('HOLD_TO_RELEASE', 'CUSTOMS', secondsBetween(seen.hold, r.at));
    if (r.action.startsWith('confirm:')) {
      const agency = r.action.slice('confirm:'.length);
      const s = secondsBetween(seen.call, r.at);
      answer('CALL_TO_CONFIRMATION', agency, s);
      if (agency === 'CUSTOMS') segments.get('AT_GATE_TO_CUSTOMS')!.push(secondsBetween(seen.arrive, r.at));
      if (agency === 'BORDER_GUARD') segments.get('AT_GATE_TO_BORDER_GUARD')!.push(secondsBetween(seen.arrive, r.at));
    }
    seen[r.action] = r.at;
  }
  return { counts, segments, responses, perishableCrossed };
}

const range = () => ({ from: vietnamDay(started), to: vietnamDay(clock.now()) });

async function stats<T>(path: string, query: Record<string, string> = {}, who: Session = admin): Promise<T> {
  const res = await t
    .http()
    .get(`/api/stats/${path}`)
    .query({ ...range(), ...query })
    .set('authorization', who.auth);
  expect(res.status).toBe(200);
  return res.body as T;
}

interface Dist {
  n: number;
  p50: number | null;
  p90: number | null;
  p99: number | null;
}

function expectWithinASecond(actual: Dist, values: number[], label: string): void {
  expect({ label, n: actual.n }).toEqual({ label, n: values.length });
  for (const p of [50, 90, 99] as const) {
    const expected = percentile(values, p);
    const got = actual[`p${p}`];
    if (expected === null) expect(got).toBeNull();
    else expect({ label, p, off: Math.abs(got! - expected) <= 1 }).toEqual({ label, p, off: true });
  }
}

it('counts every event of the day per hour, gate and direction exactly as the audit logs record them', async () => {
  const audit = await fromAuditLogs();
  const view = await stats<{
    rows: { period: string; gate: string; direction: string; counts: Record<string, number> }[];
  }>('counts', { by: 'hour' });
  const projected = new Map<string, number>();
  for (const r of view.rows)
    for (const [metric, n] of Object.entries(r.counts))
      if (n) projected.set(`${r.period}|${r.gate}|${r.direction}|${metric}`, n);
  expect(new Map([...projected].sort())).toEqual(new Map([...audit.counts].sort()));
  // The replay exercised every kind of figure.
  const metrics = new Set([...audit.counts.keys()].map((k) => k.split('|')[3]));
  expect([...metrics].sort()).toEqual(
    [
      'ACCEPTED',
      'ARRIVED',
      'CALLED',
      'CHECKED_IN',
      'CROSSED',
      'DECLARED',
      'HELD',
      'NO_SHOW',
      'REJECTED',
      'RELEASED',
      'TURNED_BACK',
    ].sort(),
  );
  const perishable = await stats<{ totals: Record<string, number> }>('counts', { category: 'PERISHABLE' });
  expect(perishable.totals.CROSSED).toBe(audit.perishableCrossed);
});

it('gives every segment its percentiles within one second of the audit logs', async () => {
  const audit = await fromAuditLogs();
  const view = await stats<{ exact: boolean; segments: (Dist & { segment: string })[] }>('segments');
  expect(view.exact).toBe(true);
  for (const s of view.segments) expectWithinASecond(s, audit.segments.get(s.segment)!, s.segment);
  for (const s of view.segments) expect(s.n).toBeGreaterThan(0);
});

interface ResponseDist extends Dist {
  kind: string;
  agency: string;
  officer: string | null;
  console: string | null;
  histogram: { fromSeconds: number; toSeconds: number | null; n: number }[];
}

it('times each agency, console and officer from the call to the confirmation, and holds to their release', async () => {
  const audit = await fromAuditLogs();
  const view = await stats<{ exact: boolean; rows: ResponseDist[] }>('responses');
  expect(view.exact).toBe(true);
  const got = new Map(view.rows.map((r) => [`${r.kind}|${r.agency}|${r.officer ?? ''}|${r.console ?? ''}`, r]));
  expect([...got.keys()].sort()).toEqual([...audit.responses.keys()].sort());
  for (const [key, values] of audit.responses) {
    expectWithinASecond(got.get(key)!, values, key);
    // The histogram holds every answer, each in the bin its duration falls in.
    const histogram = got.get(key)!.histogram;
    expect(histogram.map((b) => b.n)).toEqual(
      histogram.map(
        (b) => values.filter((v) => v >= b.fromSeconds && (b.toSeconds === null || v < b.toSeconds)).length,
      ),
    );
  }
  // The desks answered as the audit log records them: per gate, whichever officer sat at them.
  const consoles = view.rows.filter((r) => r.kind === 'CALL_TO_CONFIRMATION' && r.agency === 'CUSTOMS' && r.console);
  expect(consoles.map((r) => r.console).sort()).toEqual(['customs HUU_NGHI', 'customs TAN_THANH']);
  // Two customs officers answered: each has a distribution of their own.
  const customsOfficers = view.rows.filter(
    (r) => r.kind === 'CALL_TO_CONFIRMATION' && r.agency === 'CUSTOMS' && r.officer,
  );
  expect(customsOfficers.map((r) => r.officer).sort()).toEqual(
    [officers.CUSTOMS.user.id, officers.CUSTOMS2.user.id].sort(),
  );
});

it('keeps every lane’s second-wide histograms summed for all lanes too, as one more lane', async () => {
  for (const [table, keys] of [
    ['stat_durations', 'category, day, segment, seconds'],
    ['stat_responses', 'day, kind, agency, officer, console, seconds'],
  ]) {
    const { rows } = await db.query<{ k: string; lanes: number | null; all: number | null }>(
      `SELECT concat_ws('|', ${keys}) AS k, sum(n) FILTER (WHERE gate <> '*')::int AS lanes,
              sum(n) FILTER (WHERE gate = '*' AND direction = '*')::int AS all
         FROM statistics.${table} GROUP BY ${keys}`,
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.lanes !== r.all)).toEqual([]);
  }
});

describe('the roll-ups for long ranges', () => {
  /** Within the buckets' width (1/64 of the value either way, and the second the durations are cut to). */
  /** Within half a bucket: 1/64 of the value, 1/8 for an officer's or a console's coarse buckets. */
  function expectWithinABucket(actual: Dist, values: number[], label: string, within = 64): void {
    expect({ label, n: actual.n }).toEqual({ label, n: values.length });
    for (const p of [50, 90, 99] as const) {
      const expected = percentile(values, p)!;
      const off = Math.abs(actual[`p${p}`]! - expected);
      expect({ label, p, off: off <= expected / within + 1 }).toEqual({ label, p, off: true });
    }
  }

  const longRange = () => ({ from: addLocalDays(vietnamDay(started), -40), to: vietnamDay(clock.now()) });

  it('hold, in every block of days, every duration of the day in its logarithmic bucket', async () => {
    const exact = await db.query<{
      category: string;
      gate: string;
      direction: string;
      day: string;
      segment: string;
      seconds: number;
      n: number;
    }>(
      `SELECT category, gate, direction, to_char(day, 'YYYY-MM-DD') AS day, segment, seconds, n FROM statistics.stat_durations
        WHERE gate <> '*'`,
    );
    const expected = new Map<string, number>();
    for (const r of exact.rows)
      for (const [gate, direction] of [
        [r.gate, r.direction],
        ['*', '*'],
      ])
        for (const b of rollupBlocksOf(r.day)) {
          const k = [r.category, gate, direction, b.span, b.start, r.segment, sketchBucket(r.seconds)].join('|');
          expected.set(k, (expected.get(k) ?? 0) + r.n);
        }
    const rolled = await db.query<{ k: string; n: number }>(
      `SELECT concat_ws('|', category, gate, direction, span, to_char(start, 'YYYY-MM-DD'), segment, bucket) AS k, n
         FROM statistics.stat_duration_rollups`,
    );
    expect(new Map(rolled.rows.map((r) => [r.k, r.n]))).toEqual(expected);
    expect(expected.size).toBeGreaterThan(0);
  });

  it('give each segment and each answer over 40 days within a bucket of the audit logs', async () => {
    const audit = await fromAuditLogs();
    const segments = await stats<{ exact: boolean; segments: (Dist & { segment: string })[] }>('segments', longRange());
    expect(segments.exact).toBe(false);
    for (const s of segments.segments) expectWithinABucket(s, audit.segments.get(s.segment)!, s.segment);
    const responses = await stats<{ exact: boolean; rows: ResponseDist[] }>('responses', longRange());
    expect(responses.exact).toBe(false);
    const got = new Map(responses.rows.map((r) => [`${r.kind}|${r.agency}|${r.officer ?? ''}|${r.console ?? ''}`, r]));
    expect([...got.keys()].sort()).toEqual([...audit.responses.keys()].sort());
    for (const [key, values] of audit.responses) {
      const [, , officer, console] = key.split('|');
      expectWithinABucket(got.get(key)!, values, key, officer || console ? 8 : 64);
    }
    // One direction's lanes, of every gate, add up with the other's to all lanes.
    const byDirection = await Promise.all(
      ['EXPORT', 'IMPORT'].map((direction) =>
        stats<{ segments: (Dist & { segment: string })[] }>('segments', { ...longRange(), direction }),
      ),
    );
    for (const [i, s] of segments.segments.entries())
      expect(byDirection[0].segments[i].n + byDirection[1].segments[i].n).toBe(s.n);
    // One gate's lanes read their own rows, not the all-lanes ones.
    const oneGate = await stats<{ rows: ResponseDist[] }>('responses', { ...longRange(), gate: 'TAN_THANH' });
    expect(oneGate.rows.filter((r) => r.console).map((r) => r.console)).not.toContain('customs HUU_NGHI');
    expect(oneGate.rows.filter((r) => r.console).length).toBeGreaterThan(0);
  });
});

it('records the queue length and the oldest wait per hour', async () => {
  const view = await stats<{ rows: { gate: string; maxWaiting: number; maxOldestWaitSeconds: number }[] }>('queue');
  expect(view.rows.length).toBeGreaterThan(0);
  expect(Math.max(...view.rows.map((r) => r.maxWaiting))).toBeGreaterThanOrEqual(2);
  expect(Math.max(...view.rows.map((r) => r.maxOldestWaitSeconds))).toBeGreaterThan(60);
});

it('applies a redelivered event once (the inbox)', async () => {
  const before = await stats<{ totals: Record<string, number> }>('counts');
  const { rows } = await db.query<{
    id: string;
    type: string;
    aggregate_id: string;
    payload: object;
    occurred_at: Date;
    sequence: string;
  }>(
    `SELECT id, type, aggregate_id, payload, occurred_at, sequence FROM yard_queue.outbox WHERE type = 'queue.changed' ORDER BY sequence LIMIT 50`,
  );
  const events = rows.map((r) => ({
    id: r.id,
    type: r.type,
    aggregateId: r.aggregate_id,
    producer: 'yard_queue',
    occurredAt: new Date(r.occurred_at).toISOString(),
    sequence: Number(r.sequence),
    payload: r.payload,
  }));
  const res = await t
    .http()
    .post('/api/internal/statistics/events')
    .set('authorization', `Bearer ${t.config.internalToken}`)
    .send({ events });
  expect(res.status).toBe(204);
  expect(await stats('counts')).toEqual(before);
});

it('lets leadership read the statistics, and no one else but administrators', async () => {
  const res = await t
    .http()
    .post('/api/users')
    .set('authorization', admin.auth)
    .send({ email: 'lanhdao@test.vn', password: 'lanhdao-pass-1', role: 'LEADERSHIP', gates: [] });
  expect(res.status).toBe(201);
  const leader = await login(() => t.http(), 'lanhdao@test.vn', 'lanhdao-pass-1');
  expect(await stats('counts', {}, leader)).toEqual(await stats('counts'));
  // Read-only: no gate setting, no queue.
  expect((await t.http().patch('/api/gates/HUU_NGHI').set('authorization', leader.auth).send({})).status).toBe(403);
  expect((await t.http().get('/api/gates/HUU_NGHI/queue').set('authorization', leader.auth)).status).toBe(403);
  for (const who of [firms[0], officers.CUSTOMS])
    expect((await t.http().get('/api/stats/counts').set('authorization', who.auth)).status).toBe(403);
  const bad = await t.http().get('/api/stats/counts').query({ from: '2026-02-30' }).set('authorization', admin.auth);
  expect(bad.status).toBe(400);
  expect(JSON.stringify(bad.body)).toContain('không tồn tại');
});

describe('the open data', () => {
  const CURRENT_FIELDS = ['checkedInThisHour', 'crossedThisHour', 'direction', 'gate', 'longestWaitMinutes', 'waiting'];
  const HOUR_FIELDS = [
    'checkedIn',
    'crossed',
    'direction',
    'gate',
    'hour',
    'longestWaitMinutes',
    'maxWaiting',
    'meanWaitMinutes',
  ];

  /** Everything personal the day produced: plates, containers, drivers, phones, firms, officers' ids. */
  async function personalData(): Promise<string[]> {
    const { rows } = await db.query<{ v: string }>(
      `SELECT DISTINCT v FROM (
         SELECT snapshot->>'plate' AS v FROM yard_queue.queue_entries
         UNION SELECT snapshot->>'containerNumber' FROM yard_queue.queue_entries
         UNION SELECT snapshot->>'driverName' FROM yard_queue.queue_entries
         UNION SELECT snapshot->'driverDocument'->>'number' FROM yard_queue.queue_entries
         UNION SELECT snapshot->>'driverPhone' FROM yard_queue.queue_entries
         UNION SELECT snapshot->>'firmName' FROM yard_queue.queue_entries
         UNION SELECT id::text FROM declaration.users
         UNION SELECT email FROM declaration.users
         UNION SELECT tax_code FROM declaration.firms) x WHERE v IS NOT NULL`,
    );
    return rows.map((r) => r.v);
  }

  const currentState = async () => {
    const res = await t.http().get('/api/public/open-data/current');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=30');
    expect(res.headers.link).toBe('<https://creativecommons.org/licenses/by/4.0/>; rel="license"');
    const body = res.body as { licence: { name: string }; rows: Record<string, unknown>[] };
    expect(Object.keys(body).sort()).toEqual(['generatedAt', 'licence', 'rows']);
    expect(body.licence.name).toBe('CC BY 4.0');
    expect(body.rows.length).toBeGreaterThan(0);
    for (const row of body.rows) expect(Object.keys(row).sort()).toEqual(CURRENT_FIELDS);
    const again = await t.http().get('/api/public/open-data/current').set('if-none-match', res.headers.etag);
    expect(again.status).toBe(304);
  };

  it('publishes the current state with only the listed fields, its licence and caching headers', async () => {
    // Every replayed truck has left the queue, and the replay may end in an hour with no check-in or crossing:
    // the state is read as of the last crossing, so its hour has something to publish whatever the hour now.
    const { rows: last } = await db.query<{ at: Date }>(
      `SELECT max(closed_at) AS at FROM yard_queue.queue_entries WHERE status = 'CROSSED'`,
    );
    const end = clock.now();
    clock.set(last[0].at);
    try {
      await currentState();
    } finally {
      clock.set(end);
    }
  });

  it('publishes the hourly history as JSON and CSV, whose totals are the day’s check-ins and crossings', async () => {
    const audit = await fromAuditLogs();
    const total = (metric: string) =>
      [...audit.counts].filter(([k]) => k.endsWith(`|${metric}`)).reduce((s, [, n]) => s + n, 0);
    const res = await t.http().get('/api/public/open-data/history').query(range());
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    expect(res.headers.etag).toMatch(/^".+"$/);
    const body = res.body as { licence: { name: string; url: string }; rows: Record<string, number>[] };
    expect(body.licence).toEqual(expect.objectContaining({ name: 'CC BY 4.0' }));
    for (const row of body.rows) expect(Object.keys(row).sort()).toEqual(HOUR_FIELDS);
    expect(body.rows.reduce((s, r) => s + r.checkedIn, 0)).toBe(total('CHECKED_IN'));
    expect(body.rows.reduce((s, r) => s + r.crossed, 0)).toBe(total('CROSSED'));

    const csv = await t
      .http()
      .get('/api/public/open-data/history')
      .query({ ...range(), format: 'csv' });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['x-license']).toBe('CC BY 4.0');
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe('hour,gate,direction,checkedIn,crossed,maxWaiting,longestWaitMinutes,meanWaitMinutes');
    expect(lines.length - 1).toBe(body.rows.length);
    expect(lines.slice(1).reduce((s, l) => s + Number(l.split(',')[4]), 0)).toBe(total('CROSSED'));
  });

  it('carries no personal data', async () => {
    const personal = await personalData();
    // A plate and a container per truck at least, besides the drivers, firms and officers.
    expect(personal.length).toBeGreaterThan(TRUCKS * 2);
    const payloads = [
      (await t.http().get('/api/public/open-data/current')).text,
      (await t.http().get('/api/public/open-data/current').query({ format: 'csv' })).text,
      (await t.http().get('/api/public/open-data/history').query(range())).text,
      (
        await t
          .http()
          .get('/api/public/open-data/history')
          .query({ ...range(), format: 'csv' })
      ).text,
    ];
    for (const payload of payloads)
      for (const value of personal) expect(payload.includes(value) ? value : null).toBeNull();
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await t.http().get('/api/docs-json')).body as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/public/open-data/current', '/api/public/open-data/history', '/api/stats/counts']),
    );
  });
});
