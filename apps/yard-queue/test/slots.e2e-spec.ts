import pg from 'pg';
import { ManualClock } from '#libs/clock/src/index.js';
import { assignAll, generateWindows, type GateSchedule, type QueueEntry } from '#libs/domain/src/index.js';
import { createOfficer, eventually, login, type Session, TEST_ADMIN, type TestApp } from '#libs/testing/src/index.js';
import { QueueService } from '../src/queue/queue.service.js';
import { createPlatformTestApp, seedAcceptedVehicles } from './yard-fixtures.js';

// Tuesday 1 December 2026, 07:40 local (UTC+7).
const START = '2026-12-01T00:40:00.000Z';
const clock = new ManualClock(START);
let t: TestApp;
let db: pg.Client;
let admin: Session, yard: Session, customs: Session;
const http = () => t.http();

beforeAll(async () => {
  t = await createPlatformTestApp('slots', clock);
  db = new pg.Client({ connectionString: t.databaseUrl });
  await db.connect();
  admin = await login(http, TEST_ADMIN.email, TEST_ADMIN.password);
  yard = await createOfficer(http, admin, 'YARD_OPERATOR', ['HUU_NGHI', 'TAN_THANH']);
  customs = await createOfficer(http, admin, 'CUSTOMS', ['HUU_NGHI', 'TAN_THANH']);
});
afterAll(async () => {
  await db?.end();
  await t?.close();
});

/** Empties a gate's queue and sets its schedule, so each scenario starts from a known state. */
async function resetGate(gate: string, schedule: Partial<GateSchedule> & { dailyCaps?: Record<string, number> }) {
  clock.set(START);
  for (const table of ['queue_entries', 'window_usage', 'day_usage'])
    await db.query(`DELETE FROM yard_queue.${table} WHERE gate = $1`, [gate]);
  await db.query(
    'UPDATE yard_queue.gates SET suspended_from = NULL, suspended_until = NULL, suspension_reason = NULL WHERE code = $1',
    [gate],
  );
  const res = await patchGate(gate, {
    directions: {
      EXPORT: {
        priorityShare: 0,
        dailyCap: null,
        releaseLeadMinutes: 30,
        windowMinutes: 30,
        closedDates: [],
        ...schedule,
      },
    },
  });
  expect(res.status).toBe(200);
}

const patchGate = (gate: string, body: object, who: Session = admin) =>
  http().patch(`/api/gates/${gate}`).set('authorization', who.auth).send(body);
const checkIn = (plate: string, gate = 'HUU_NGHI') =>
  http().post('/api/check-ins').set('authorization', yard.auth).send({ gate, plate });

interface Row {
  id: string;
  seq: string;
  priority_class: string;
  window_start: Date | null;
  checked_in_at: Date;
  not_before: Date | null;
}

async function waiting(gate = 'HUU_NGHI'): Promise<Row[]> {
  return (
    await db.query(
      `SELECT id, seq, priority_class, window_start, checked_in_at, not_before FROM yard_queue.queue_entries WHERE gate = $1 AND status = 'CHECKED_IN' ORDER BY checked_in_at, seq`,
      [gate],
    )
  ).rows;
}

/** The database invariants: windows and days never overbooked and counters equal to the entries holding them. */
async function assertUsageMatchesEntries(gate = 'HUU_NGHI') {
  const over = await db.query(`SELECT * FROM yard_queue.window_usage WHERE gate = $1 AND issued_total > capacity`, [
    gate,
  ]);
  expect(over.rows).toEqual([]);
  const mismatch = await db.query(
    `SELECT u.window_start, u.issued_total, count(e.id)::int AS held FROM yard_queue.window_usage u
     LEFT JOIN yard_queue.queue_entries e ON e.gate = u.gate AND e.direction = u.direction AND e.window_start = u.window_start
       AND e.status IN ('CHECKED_IN','CALLED','AT_GATE','HELD','CLEARED')
     WHERE u.gate = $1 GROUP BY u.window_start, u.issued_total HAVING u.issued_total <> count(e.id)`,
    [gate],
  );
  expect(mismatch.rows).toEqual([]);
  const dup = await db.query(
    `SELECT vehicle_id FROM yard_queue.queue_entries WHERE status IN ('CHECKED_IN','CALLED','AT_GATE','HELD','CLEARED') GROUP BY vehicle_id HAVING count(*) > 1`,
  );
  expect(dup.rows).toEqual([]);
}

/** Within a class, an earlier check-in never holds a later window than a later check-in. */
function assertFifoPerClass(rows: Row[]) {
  for (const cls of ['PRIORITY', 'GENERAL']) {
    let last = -Infinity;
    for (const r of rows.filter((x) => x.priority_class === cls && !x.not_before)) {
      const w = r.window_start ? r.window_start.getTime() : Infinity;
      expect(w).toBeGreaterThanOrEqual(last);
      last = w;
    }
  }
}

const windowsOf = (rows: Row[]) => rows.map((r) => r.window_start?.toISOString() ?? null);

describe('concurrent check-ins', () => {
  it('issues 200 simultaneous check-ins into windows of 2 places: none refused, none over capacity, FIFO per class, identical to a full recompute', async () => {
    await resetGate('HUU_NGHI', { capacityPerHour: 4, priorityShare: 0.5 });
    const vehicles = await seedAcceptedVehicles(t, 200, { priority: (i) => i % 5 === 0 });
    const results = await Promise.all(vehicles.map((v) => checkIn(v.plate)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s !== 201)).toEqual([]);
    await assertUsageMatchesEntries();
    const rows = await waiting();
    expect(rows).toHaveLength(200);
    expect(rows.every((r) => r.window_start !== null)).toBe(true);
    assertFifoPerClass(rows);
    const perWindow = new Map<string, number>();
    for (const w of windowsOf(rows)) perWindow.set(w!, (perWindow.get(w!) ?? 0) + 1);
    expect(Math.max(...perWindow.values())).toBe(2);
    // The incremental path under concurrency gave exactly what one full recompute in check-in order gives.
    const schedule = (await http().get('/api/gates/HUU_NGHI')).body.directions.EXPORT as GateSchedule;
    const now = clock.now();
    const entries: QueueEntry[] = rows.map((r) => ({
      id: r.id,
      priorityClass: r.priority_class as QueueEntry['priorityClass'],
      checkedInAt: r.checked_in_at,
      seq: Number(r.seq),
    }));
    const expected = assignAll(entries, generateWindows(schedule, now, new Date(now.getTime() + 14 * 86400_000)), {
      now,
      schedule,
    });
    expect(windowsOf(rows)).toEqual(rows.map((r) => expected.get(r.id)?.toISOString() ?? null));
    // Versions: one per check-in, consecutive.
    const versions = (
      await db.query(
        `SELECT (payload->>'version')::int AS v FROM yard_queue.outbox WHERE type = 'queue.changed' AND aggregate_id = 'HUU_NGHI' ORDER BY sequence`,
      )
    ).rows.map((r) => r.v);
    expect(versions).toEqual(versions.map((_, i) => versions[0] + i));
  });

  it('gives one slot when the same vehicle is checked in many times at once', async () => {
    await resetGate('HUU_NGHI', { capacityPerHour: 4 });
    const [v] = await seedAcceptedVehicles(t, 1);
    const results = await Promise.all(Array.from({ length: 20 }, () => checkIn(v.plate)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(19);
    await assertUsageMatchesEntries();
  });

  it('refuses, in the database itself, a write that would overbook a window or a day', async () => {
    await expect(
      db.query(`UPDATE yard_queue.window_usage SET issued_total = capacity + 1 WHERE gate = 'HUU_NGHI'`),
    ).rejects.toThrow(/window_not_overbooked/);
    await db.query(
      `INSERT INTO yard_queue.day_usage (gate, direction, day, cap, issued) VALUES ('TAN_THANH', 'IMPORT', '2030-01-01', 1, 1)`,
    );
    await expect(
      db.query(`UPDATE yard_queue.day_usage SET issued = 2 WHERE gate = 'TAN_THANH' AND day = '2030-01-01'`),
    ).rejects.toThrow(/day_not_over_cap/);
  });
});

describe('suspension and capacity changes', () => {
  it('suspends open-ended (everyone waits, order kept), then resumes with the same order', async () => {
    await resetGate('HUU_NGHI', { capacityPerHour: 4 });
    const vs = await seedAcceptedVehicles(t, 6);
    for (const v of vs) expect((await checkIn(v.plate)).status).toBe(201);
    const before = await waiting();
    const susp = await http()
      .post('/api/gates/HUU_NGHI/suspend')
      .set('authorization', admin.auth)
      .send({ reason: 'Phía Trung Quốc tạm dừng tiếp nhận' });
    expect(susp.status).toBe(200);
    expect(susp.body.suspension).toMatchObject({ reason: 'Phía Trung Quốc tạm dừng tiếp nhận', until: null });
    const during = await waiting();
    expect(during.map((r) => r.window_start)).toEqual(Array(6).fill(null));
    const q = await http().get('/api/gates/HUU_NGHI/queue').set('authorization', customs.auth);
    expect(
      q.body.entries.filter((e: { status: string }) => e.status === 'CHECKED_IN').map((e: { id: string }) => e.id),
    ).toEqual(before.map((r) => r.id));
    expect(q.body.gateState.suspension.reason).toContain('tạm dừng');
    // No time can be promised while the gate is suspended with no end: the estimates shown are withdrawn.
    await eventually(async () => {
      const now = await http().get('/api/gates/HUU_NGHI/queue').set('authorization', customs.auth);
      expect(now.body.entries.every((e: { eta: unknown }) => e.eta === null)).toBe(true);
    });
    // A check-in while suspended is accepted and waits behind the others.
    const [late] = await seedAcceptedVehicles(t, 1);
    expect((await checkIn(late.plate)).body).toMatchObject({ window: null, position: 7 });
    const res = await http()
      .post('/api/gates/HUU_NGHI/resume')
      .set('authorization', admin.auth)
      .send({ reason: 'Mở lại' });
    expect(res.status).toBe(200);
    const after = await waiting();
    expect(after.map((r) => r.id)).toEqual([...before.map((r) => r.id), after[6].id]);
    expect(windowsOf(after).slice(0, 6)).toEqual(windowsOf(before));
    assertFifoPerClass(after);
    await assertUsageMatchesEntries();
    expect((await http().post('/api/gates/HUU_NGHI/resume').set('authorization', admin.auth).send({})).status).toBe(
      409,
    );
    const events = (
      await db.query(
        `SELECT payload->>'reason' AS reason, payload->'gateState'->'suspension' AS s FROM yard_queue.outbox WHERE type = 'queue.changed' AND payload->>'reason' <> 'eta' ORDER BY sequence DESC LIMIT 3`,
      )
    ).rows;
    expect(events.map((e) => e.reason)).toEqual(['resume', 'check-in', 'suspend']);
  });

  it('suspends until a time: every waiting vehicle moves past it, in order', async () => {
    await resetGate('HUU_NGHI', { capacityPerHour: 4 });
    const vs = await seedAcceptedVehicles(t, 5);
    for (const v of vs) await checkIn(v.plate);
    const until = '2026-12-01T04:00:00.000Z'; // 11:00 local
    await http()
      .post('/api/gates/HUU_NGHI/suspend')
      .set('authorization', admin.auth)
      .send({ reason: 'Sự cố hệ thống phía bạn', until });
    const rows = await waiting();
    expect(rows.every((r) => r.window_start!.getTime() >= new Date(until).getTime())).toBe(true);
    expect(windowsOf(rows)).toEqual([
      '2026-12-01T04:00:00.000Z',
      '2026-12-01T04:00:00.000Z',
      '2026-12-01T04:30:00.000Z',
      '2026-12-01T04:30:00.000Z',
      '2026-12-01T05:00:00.000Z',
    ]);
    const pastUntil = await http()
      .post('/api/gates/HUU_NGHI/suspend')
      .set('authorization', admin.auth)
      .send({ reason: 'lỗi', until: '2026-12-01T00:00:00.000Z' });
    expect(pastUntil.status).toBe(400);
    await assertUsageMatchesEntries();
  });

  it('lowering capacity moves vehicles later in order; raising it never moves anyone later', async () => {
    await resetGate('HUU_NGHI', { capacityPerHour: 8 });
    const vs = await seedAcceptedVehicles(t, 8, { priority: (i) => i === 3 });
    for (const v of vs) await checkIn(v.plate);
    const initial = await waiting();
    expect((await patchGate('HUU_NGHI', { directions: { EXPORT: { capacityPerHour: 2 } } })).status).toBe(200);
    const lowered = await waiting();
    lowered.forEach((r, i) =>
      expect(r.window_start!.getTime()).toBeGreaterThanOrEqual(initial[i].window_start!.getTime()),
    );
    assertFifoPerClass(lowered);
    await assertUsageMatchesEntries();
    expect((await patchGate('HUU_NGHI', { directions: { EXPORT: { capacityPerHour: 6 } } })).status).toBe(200);
    const raised = await waiting();
    raised.forEach((r, i) => expect(r.window_start!.getTime()).toBeLessThanOrEqual(lowered[i].window_start!.getTime()));
    assertFifoPerClass(raised);
    await assertUsageMatchesEntries();
    const audit = await db.query(
      `SELECT action, change FROM yard_queue.gate_config_audit WHERE gate = 'HUU_NGHI' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit.rows[0].change.directions.EXPORT.capacityPerHour).toBe(6);
  });

  it('applies a daily cap, and closing today moves everyone to the next open day', async () => {
    await resetGate('HUU_NGHI', { capacityPerHour: 8, dailyCap: 3 });
    const vs = await seedAcceptedVehicles(t, 5);
    for (const v of vs) await checkIn(v.plate);
    const rows = await waiting();
    const days = rows.map((r) => new Date(r.window_start!.getTime() + 7 * 3600_000).toISOString().slice(0, 10));
    expect(days).toEqual(['2026-12-01', '2026-12-01', '2026-12-01', '2026-12-02', '2026-12-02']);
    expect((await patchGate('HUU_NGHI', { directions: { EXPORT: { closedDates: ['2026-12-01'] } } })).status).toBe(200);
    const moved = await waiting();
    expect(
      moved.every((r) => new Date(r.window_start!.getTime() + 7 * 3600_000).toISOString().slice(0, 10) >= '2026-12-02'),
    ).toBe(true);
    assertFifoPerClass(moved);
    await assertUsageMatchesEntries();
    const capped = (
      await db.query(
        `SELECT to_char(day, 'YYYY-MM-DD') AS day, cap, issued FROM yard_queue.day_usage WHERE gate = 'HUU_NGHI' AND issued > 0 ORDER BY day`,
      )
    ).rows;
    expect(capped.every((d) => d.issued <= d.cap)).toBe(true);
  });
});

describe('priority share', () => {
  it('keeps reserved places for perishables until the release time, then gives them to the waiting general queue', async () => {
    // 4/h in 30-minute windows: 2 places each, 1 reserved for PRIORITY; released 30 minutes before the window.
    await resetGate('HUU_NGHI', { capacityPerHour: 4, priorityShare: 0.5 });
    const general = await seedAcceptedVehicles(t, 4);
    for (const v of general) await checkIn(v.plate);
    // 08:00 is within the release lead at 07:40 (both places general); 08:30 and 09:00 keep one reserved place.
    expect(windowsOf(await waiting())).toEqual([
      '2026-12-01T01:00:00.000Z',
      '2026-12-01T01:00:00.000Z',
      '2026-12-01T01:30:00.000Z',
      '2026-12-01T02:00:00.000Z',
    ]);
    const [fruit] = await seedAcceptedVehicles(t, 1, { priority: true });
    const p = await checkIn(fruit.plate);
    expect(p.body).toMatchObject({ priorityClass: 'PRIORITY', window: { start: '2026-12-01T01:30:00.000Z' } });
    // At 08:35 the 09:00 window's reserved place is released: the last general vehicle keeps its place there,
    // and a new general one gets the released place instead of 09:30.
    clock.set('2026-12-01T01:35:00.000Z');
    const [late] = await seedAcceptedVehicles(t, 1);
    expect((await checkIn(late.plate)).body.window.start).toBe('2026-12-01T02:00:00.000Z');
    await assertUsageMatchesEntries();
  });

  it('pulls waiting general vehicles forward into released places at the sweep', async () => {
    await resetGate('HUU_NGHI', { capacityPerHour: 4, priorityShare: 0.5 });
    const general = await seedAcceptedVehicles(t, 4);
    for (const v of general) await checkIn(v.plate);
    const before = await waiting();
    expect(windowsOf(before)[3]).toBe('2026-12-01T02:00:00.000Z');
    // 08:05: the 08:30 window is now within the release lead and its reserved place is still free.
    clock.set('2026-12-01T01:05:00.000Z');
    expect(await t.app.get(QueueService).sweepReflow()).toBeGreaterThan(0);
    const after = await waiting();
    expect(windowsOf(after)[3]).toBe('2026-12-01T01:30:00.000Z');
    assertFifoPerClass(after);
    await assertUsageMatchesEntries();
    // A sweep with nothing to move writes no event (the estimates' own refresh, started by the first sweep's
    // change, may write one meanwhile: not the sweep's).
    const count = async () =>
      Number(
        (
          await db.query(
            `SELECT count(*)::int AS n FROM yard_queue.outbox WHERE NOT (type = 'queue.changed' AND payload->>'reason' = 'eta')`,
          )
        ).rows[0].n,
      );
    const n = await count();
    await t.app.get(QueueService).sweepReflow();
    expect(await count()).toBe(n);
  });
});

describe('gate configuration', () => {
  it.each([
    ['directions.EXPORT.capacityPerHour', { capacityPerHour: -1 }],
    ['directions.EXPORT.windowMinutes', { windowMinutes: 0 }],
    ['directions.EXPORT.priorityShare', { priorityShare: 1.5 }],
    ['directions.EXPORT.openingHours.1.close', { openingHours: { 1: { open: '19:00', close: '07:00' } } }],
    ['directions.EXPORT.openingHours.2.open', { openingHours: { 2: { open: '7h', close: '19:00' } } }],
    ['directions.EXPORT.dailyCap', { dailyCap: -5 }],
    ['directions.EXPORT.closedDates.0', { closedDates: ['01/12/2026'] }],
    ['directions.EXPORT.dailyCaps.2026-13-01', { dailyCaps: { '2026-13-01': 10 } }],
  ])('refuses an absurd %s with 400 naming it, changing nothing', async (field, change) => {
    // The queue's version is not a setting: the yard's own estimate refresh may move it at any moment.
    const settings = async () => {
      const { version, ...rest } = (await http().get('/api/gates/HUU_NGHI')).body as { version: number };
      void version;
      return rest;
    };
    const before = await settings();
    const res = await patchGate('HUU_NGHI', { directions: { EXPORT: change } });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await settings()).toEqual(before);
  });

  it('lets only admins change gates, lists gates publicly, and tells the declaration service about auto-accept', async () => {
    expect((await patchGate('HUU_NGHI', { autoAccept: true }, customs)).status).toBe(403);
    expect(
      (await http().post('/api/gates/HUU_NGHI/suspend').set('authorization', customs.auth).send({ reason: 'thử' }))
        .status,
    ).toBe(403);
    expect((await patchGate('NOWHERE', { autoAccept: true })).status).toBe(404);
    expect((await patchGate('HUU_NGHI', { bogus: 1 })).status).toBe(400);
    const list = await http().get('/api/gates');
    expect(list.body.map((g: { code: string }) => g.code)).toEqual(['HUU_NGHI', 'TAN_THANH']);
    expect(list.body[0].directions.EXPORT).toMatchObject({
      windowMinutes: 30,
      openingHours: { 1: { open: '07:00', close: '19:00' } },
    });
    expect((await patchGate('TAN_THANH', { autoAccept: true, graceMinutes: 45 })).body).toMatchObject({
      autoAccept: true,
      graceMinutes: 45,
    });
    const deadline = Date.now() + 10000;
    for (;;) {
      const { rows } = await db.query(`SELECT auto_accept FROM declaration.gates WHERE code = 'TAN_THANH'`);
      if (rows[0].auto_accept) break;
      if (Date.now() > deadline) throw new Error('gate.updated never reached the declaration service');
      await new Promise((r) => setTimeout(r, 50));
    }
    await patchGate('TAN_THANH', { autoAccept: false });
  });
});
