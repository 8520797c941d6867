import pg from 'pg';
import { ManualClock } from '#libs/clock/src/index.js';
import { createOfficer, login, type Session, TEST_ADMIN, type TestApp } from '#libs/testing/src/index.js';
import { PlatformMetrics } from '#libs/runtime/src/platform-metrics.js';
import { type CheckInDecision, QueueRepository } from '../src/queue/queue.repository.js';
import { QueueService } from '../src/queue/queue.service.js';
import type { QueueActor } from '../src/queue/queue.types.js';
import { createPlatformTestApp, seedAcceptedVehicles } from './yard-fixtures.js';

// A check-in is decided from reads that lock nothing and filed by one statement, `queue_check_in`, that holds the
// lane only while it runs. Here the state moves between the decision and the filing, as another service's or another
// officer's change would: each time the statement must write nothing and name what moved, and the check-in over
// HTTP must still end in the right window. Tuesday 1 December 2026, 07:40 in Lạng Sơn.
const START = '2026-12-01T00:40:00.000Z';
const clock = new ManualClock(START);
let t: TestApp;
let db: pg.Client;
let admin: Session, yard: Session;
let svc: QueueService;
let repo: QueueRepository;
const http = () => t.http();
const actor: QueueActor = { id: null, role: 'YARD_OPERATOR', console: null };

beforeAll(async () => {
  t = await createPlatformTestApp('check_in_at_once', clock);
  db = new pg.Client({ connectionString: t.databaseUrl });
  await db.connect();
  admin = await login(http, TEST_ADMIN.email, TEST_ADMIN.password);
  yard = await createOfficer(http, admin, 'YARD_OPERATOR', ['HUU_NGHI']);
  svc = t.app.get(QueueService);
  repo = t.app.get(QueueRepository);
}, 180_000);
afterAll(async () => {
  await db?.end();
  await t?.close();
});

const LANE = {
  capacityPerHour: 2,
  priorityShare: 0,
  dailyCap: null,
  releaseLeadMinutes: 30,
  windowMinutes: 30,
  closedDates: [],
};

/** Sets Hữu Nghị's export schedule (the officer's PATCH): LANE with `schedule` over it. */
async function patchLane(schedule: object = {}) {
  const res = await http()
    .patch('/api/gates/HUU_NGHI')
    .set('authorization', admin.auth)
    .send({ directions: { EXPORT: { ...LANE, ...schedule } } });
  expect(res.status).toBe(200);
}

/** Hữu Nghị's export lane empty, two places an hour in 30-minute windows (one a window), no cap, not suspended. */
async function resetLane(schedule: object = {}) {
  clock.set(START);
  for (const table of ['queue_entries', 'window_usage', 'day_usage'])
    await db.query(`DELETE FROM yard_queue.${table} WHERE gate = 'HUU_NGHI'`);
  await db.query(
    `UPDATE yard_queue.gates SET suspended_from = NULL, suspended_until = NULL, suspension_reason = NULL WHERE code = 'HUU_NGHI'`,
  );
  await patchLane(schedule);
}

const checkIn = (plate: string) =>
  http().post('/api/check-ins').set('authorization', yard.auth).send({ gate: 'HUU_NGHI', plate });

async function decide(plateKey: string): Promise<CheckInDecision> {
  const gate = await repo.gate('HUU_NGHI');
  const d = await svc.decideCheckIn({ plateKey }, plateKey, gate!, '00000000-0000-4000-8000-000000000001', actor);
  if (!d || d === 'unknown') throw new Error(`no decision: ${d}`);
  return d;
}

/**
 * What check-ins wrote at the gate: entries, places, ledger rows and events, so "wrote nothing" can be checked (the
 * gate's version is left out: a refresh of estimates, due 200 ms after any change, may take one meanwhile).
 */
async function state() {
  const q = async (sql: string) => (await db.query(sql)).rows;
  return {
    entries: await q(`SELECT id, window_start FROM yard_queue.queue_entries WHERE gate = 'HUU_NGHI' ORDER BY seq`),
    usage: await q(`SELECT window_start, issued_total FROM yard_queue.window_usage WHERE gate = 'HUU_NGHI' ORDER BY 1`),
    events: await q(
      `SELECT count(*)::int AS n FROM yard_queue.outbox WHERE aggregate_id = 'HUU_NGHI' AND payload->>'reason' = 'check-in'`,
    ),
    ledger: await q(`SELECT count(*)::int AS n FROM yard_queue.queue_order_changes WHERE gate = 'HUU_NGHI'`),
  };
}

/** Files `d` after `move` ran, expects it refused as `stale` with nothing written, then checks the truck in over HTTP. */
async function staleAfter(d: CheckInDecision, move: () => Promise<unknown>, stale: string) {
  await move();
  const before = await state();
  expect(await repo.fileCheckIn(d)).toEqual({ stale });
  expect(await state()).toEqual(before);
}

it('files a fresh decision in one statement: the entry, its place, the version, the ledger row and the event', async () => {
  await resetLane();
  const [v] = await seedAcceptedVehicles(t, 1);
  const before = await state();
  const d = await decide(v.plateKey);
  const r = await repo.fileCheckIn(d);
  expect(r).toEqual({ seq: expect.any(Number), version: expect.any(Number), position: 1, window: d.windows[0].window });
  if ('stale' in r) throw new Error(`stale: ${r.stale}`);
  expect(r.version).toBeGreaterThan(d.gate.version);
  const after = await state();
  expect(after.entries).toEqual([{ id: d.entry.id, window_start: d.windows[0].window.start }]);
  expect(after.usage).toEqual([{ window_start: d.windows[0].window.start, issued_total: 1 }]);
  expect(after.ledger[0].n).toBe(before.ledger[0].n + 1);
  const [event] = (
    await db.query(
      `SELECT payload FROM yard_queue.outbox WHERE aggregate_id = 'HUU_NGHI' AND payload->>'reason' = 'check-in'
        ORDER BY sequence DESC LIMIT 1`,
    )
  ).rows;
  expect(event.payload).toMatchObject({
    version: r.version,
    gateState: { version: r.version },
    entries: [{ id: d.entry.id, position: 1, window: { start: d.windows[0].window.start.toISOString() } }],
  });
});

it('takes the next window the decision names when the first filled after it, and none when all did', async () => {
  await resetLane();
  const [a, b, c] = await seedAcceptedVehicles(t, 3);
  const d = await decide(b.plateKey);
  expect(d.windows.length).toBeGreaterThan(2);
  // Another truck takes the first window's one place first.
  expect((await checkIn(a.plate)).status).toBe(201);
  const r = await repo.fileCheckIn(d);
  expect(r).toMatchObject({ window: d.windows[1].window, position: 2 });
  const [event] = (
    await db.query(
      `SELECT payload FROM yard_queue.outbox WHERE aggregate_id = 'HUU_NGHI' AND payload->>'reason' = 'check-in'
        ORDER BY sequence DESC LIMIT 1`,
    )
  ).rows;
  expect(event.payload.entries[0].window).toEqual({
    start: d.windows[1].window.start.toISOString(),
    end: d.windows[1].window.end.toISOString(),
  });
  // Every window it names is full by the filing: nothing is written, and over HTTP the truck gets the next free one.
  const e = await decide(c.plateKey);
  const last = e.windows[e.windows.length - 1].window;
  await staleAfter(
    e,
    () =>
      db.query(
        `INSERT INTO yard_queue.window_usage (gate, direction, window_start, window_end, capacity, reserved, issued_total, issued_general)
         SELECT 'HUU_NGHI', 'EXPORT', s, s + interval '30 minutes', 1, 0, 1, 1 FROM unnest($1::timestamptz[]) s
         ON CONFLICT (gate, direction, window_start) DO UPDATE SET issued_total = 1, issued_general = 1`,
        [e.windows.map((w) => w.window.start)],
      ),
    'window',
  );
  const res = await checkIn(c.plate);
  expect(res.status).toBe(201);
  expect(new Date(res.body.window.start).getTime()).toBe(last.start.getTime() + 30 * 60_000);
});

it('writes nothing when a truck checked in later already holds an earlier window of the class', async () => {
  await resetLane();
  const [a, b, c] = await seedAcceptedVehicles(t, 3);
  expect((await checkIn(a.plate)).status).toBe(201);
  // c is decided at 07:40 into the second window; meanwhile a place of the first is given back and b, checked in a
  // minute later, takes it: filing c now would serve it after a truck that came after it.
  const d = await decide(c.plateKey);
  await staleAfter(
    d,
    async () => {
      await db.query(`UPDATE yard_queue.window_usage SET issued_total = 0, issued_general = 0 WHERE gate = 'HUU_NGHI'`);
      await db.query(`UPDATE yard_queue.queue_entries SET status = 'CANCELLED' WHERE vehicle_id = $1`, [a.vehicleId]);
      clock.advance(60_000);
      expect((await checkIn(b.plate)).status).toBe(201);
    },
    'order',
  );
});

it('takes no window before one an earlier truck of the class now holds', async () => {
  await resetLane();
  const [a, b] = await seedAcceptedVehicles(t, 2);
  const d = await decide(b.plateKey);
  expect((await checkIn(a.plate)).status).toBe(201);
  // Its window moved an hour on, past the decision's first two, as a re-slot would move it.
  await db.query(
    `UPDATE yard_queue.queue_entries SET window_start = window_start + interval '1 hour', window_end = window_end + interval '1 hour' WHERE vehicle_id = $1`,
    [a.vehicleId],
  );
  expect(await repo.fileCheckIn(d)).toMatchObject({ window: d.windows[2].window });
});

it('writes nothing when the schedule, the suspension or the vehicle changed after the decision', async () => {
  await resetLane();
  const [a, b, c, d] = await seedAcceptedVehicles(t, 4);
  await staleAfter(await decide(a.plateKey), () => patchLane({ capacityPerHour: 4 }), 'schedule');
  await staleAfter(
    await decide(b.plateKey),
    () => http().post('/api/gates/HUU_NGHI/suspend').set('authorization', admin.auth).send({ reason: 'Sương mù dày' }),
    'gate',
  );
  await http().post('/api/gates/HUU_NGHI/resume').set('authorization', admin.auth).send({});
  await staleAfter(
    await decide(c.plateKey),
    () => db.query(`UPDATE yard_queue.vehicles SET status = 'WITHDRAWN' WHERE vehicle_id = $1`, [c.vehicleId]),
    'vehicle',
  );
  // An amendment's copy, with another driver, written as the firm's change is handed to the yard.
  await staleAfter(
    await decide(d.plateKey),
    () =>
      db.query(
        `UPDATE yard_queue.vehicles SET snapshot = jsonb_set(snapshot, '{driverName}', '"Nông Thị Hoa"'),
           declaration_version = declaration_version + 1 WHERE vehicle_id = $1`,
        [d.vehicleId],
      ),
    'vehicle',
  );
});

it('writes nothing when the day reached its cap after the decision (every window it names is that day)', async () => {
  await resetLane({ dailyCap: 3, capacityPerHour: 8 });
  const [a] = await seedAcceptedVehicles(t, 1);
  const d = await decide(a.plateKey);
  await staleAfter(
    d,
    () =>
      db.query(
        `INSERT INTO yard_queue.day_usage (gate, direction, day, cap, issued) VALUES ('HUU_NGHI', 'EXPORT', $1, 3, 3)`,
        [d.windows[0].window.day],
      ),
    'window',
  );
});

it('keeps first come, first served and every count exact when 120 check-ins race while the clock moves', async () => {
  await resetLane({ capacityPerHour: 6, priorityShare: 0.5 });
  const vehicles = await seedAcceptedVehicles(t, 120, { priority: (i) => i % 4 === 0 });
  const metrics = t.app.get(PlatformMetrics);
  const filed = async () => (await metrics.checkIns.get()).values.reduce((n, v) => n + v.value, 0);
  const before = await filed();
  // A second passes every few milliseconds: each decision is made at its own time, most of them stale by the filing.
  const tick = setInterval(() => clock.advance(1000), 3);
  const results = await Promise.all(vehicles.map((v) => checkIn(v.plate))).finally(() => clearInterval(tick));
  expect(results.filter((r) => r.status !== 201).map((r) => r.body)).toEqual([]);
  expect((await filed()) - before).toBe(120);
  const byLabel = async (c: typeof metrics.checkIns | typeof metrics.checkInsStale) =>
    (await c.get()).values.map((v) => `${Object.values(v.labels).join('')} ${v.value}`).join(', ');
  process.stdout.write(
    `Nhận xe vào bãi (cộng dồn cả tệp): ${await byLabel(metrics.checkIns)}; đọc lại: ${await byLabel(metrics.checkInsStale)}\n`,
  );
  const rows = (
    await db.query(
      `SELECT priority_class, window_start, checked_in_at, seq FROM yard_queue.queue_entries
        WHERE gate = 'HUU_NGHI' AND status = 'CHECKED_IN' ORDER BY checked_in_at, seq`,
    )
  ).rows as { priority_class: string; window_start: Date | null }[];
  expect(rows).toHaveLength(120);
  for (const cls of ['PRIORITY', 'GENERAL']) {
    const windows = rows.filter((r) => r.priority_class === cls).map((r) => r.window_start?.getTime() ?? Infinity);
    expect(windows).toEqual([...windows].sort((x, y) => x - y));
  }
  const mismatch = await db.query(
    `SELECT u.window_start FROM yard_queue.window_usage u
     LEFT JOIN yard_queue.queue_entries e ON e.gate = u.gate AND e.direction = u.direction AND e.window_start = u.window_start AND e.status = 'CHECKED_IN'
     WHERE u.gate = 'HUU_NGHI' GROUP BY u.window_start, u.issued_total, u.capacity
     HAVING u.issued_total <> count(e.id) OR u.issued_total > u.capacity`,
  );
  expect(mismatch.rows).toEqual([]);
  const versions = (
    await db.query(
      `SELECT (payload->>'version')::int AS v FROM yard_queue.outbox WHERE type = 'queue.changed' AND aggregate_id = 'HUU_NGHI' ORDER BY sequence DESC LIMIT 120`,
    )
  ).rows.map((r) => r.v);
  expect(versions).toEqual([...versions].sort((x, y) => y - x));
  expect(new Set(versions).size).toBe(120);
});
