import pg from 'pg';
import { ManualClock } from '#libs/clock/src/index.js';
import { createOfficer, eventually, login, type Session, TEST_ADMIN, type TestApp } from '#libs/testing/src/index.js';
import { QueueService } from '../src/queue/queue.service.js';
import { createPlatformTestApp, seedAcceptedVehicles } from './yard-fixtures.js';

// Tuesday 1 December 2026, 07:40 in Lạng Sơn (UTC+7): Hữu Nghị is open 07:00–19:00.
const clock = new ManualClock('2026-12-01T00:40:00.000Z');
const GATE = 'HUU_NGHI';
let t: TestApp;
let db: pg.Client;
let admin: Session, customs: Session, yard: Session;
const http = () => t.http();

interface ForecastRow {
  entry_id: string;
  direction: string;
  made_at: Date;
  position: number;
  p10: Date;
  p50: Date;
  p90: Date;
  raw_p50: Date;
  basis: string;
  called_at: Date | null;
  withdrawn_at: Date | null;
}
interface Entry {
  id: string;
  status: string;
  direction: string;
  position: number | null;
  eta: { p10: string; p50: string; p90: string } | null;
}

beforeAll(async () => {
  t = await createPlatformTestApp('eta_record', clock);
  db = new pg.Client({ connectionString: t.databaseUrl });
  await db.connect();
  admin = await login(http, TEST_ADMIN.email, TEST_ADMIN.password);
  customs = await createOfficer(http, admin, 'CUSTOMS', [GATE]);
  yard = await createOfficer(http, admin, 'YARD_OPERATOR', [GATE]);
});
afterAll(async () => {
  await db?.end();
  await t?.close();
});

const queue = async (): Promise<{ version: number; entries: Entry[] }> =>
  (await http().get(`/api/gates/${GATE}/queue`).set('authorization', customs.auth)).body;
const forecasts = async (direction: string): Promise<ForecastRow[]> =>
  (
    await db.query<ForecastRow>(
      'SELECT * FROM yard_queue.eta_forecasts WHERE gate = $1 AND direction = $2 ORDER BY id',
      [GATE, direction],
    )
  ).rows;
const act = (s: Session, id: string, action: string) =>
  http().post(`/api/queue-entries/${id}/${action}`).set('authorization', s.auth).send({});

async function checkInAll(n: number, direction: 'EXPORT' | 'IMPORT'): Promise<string[]> {
  const vs = await seedAcceptedVehicles(t, n, { gate: GATE, direction });
  const ids: string[] = [];
  for (const v of vs) {
    const r = await http().post('/api/check-ins').set('authorization', yard.auth).send({ gate: GATE, plate: v.plate });
    expect(r.status).toBe(201);
    ids.push(r.body.id);
  }
  return ids;
}

/** Every waiting truck of the direction shows an estimate. */
const estimated = (direction: string) =>
  eventually(async () => {
    const q = await queue();
    const waiting = q.entries.filter((e) => e.direction === direction && e.status === 'CHECKED_IN');
    if (waiting.some((e) => !e.eta)) throw new Error('not estimated yet');
    return { ...q, waiting };
  });

const ms = (d: Date | string) => new Date(d).getTime();
const shownOf = (rows: ForecastRow[], entryId: string) => rows.filter((r) => r.entry_id === entryId).at(-1)!;

describe('estimates recorded and scored', () => {
  it('records every estimate as shown, moves it only when something material happens, and scores it at the call', async () => {
    const ids = await checkInAll(6, 'EXPORT');
    const first = await estimated('EXPORT');
    let rows = await forecasts('EXPORT');
    // One record per truck, exactly what the queue shows, never a zero-width range.
    expect(rows).toHaveLength(6);
    for (const e of first.waiting) {
      const r = shownOf(rows, e.id);
      expect({ p10: r.p10.toISOString(), p50: r.p50.toISOString(), p90: r.p90.toISOString() }).toEqual(e.eta);
      expect(r.position).toBe(e.position);
      expect(ms(r.p10) < ms(r.p50) && ms(r.p50) < ms(r.p90)).toBe(true);
    }

    // Nothing happened: a refresh changes nothing, not even the version.
    expect(await t.app.get(QueueService).refreshEtas(GATE)).toBe(0);
    expect((await queue()).version).toBe(first.version);
    expect(await forecasts('EXPORT')).toHaveLength(6);

    // A capacity change is material: every waiting truck gets a new estimate, recorded and sent as one change.
    const patched = await http()
      .patch(`/api/gates/${GATE}`)
      .set('authorization', admin.auth)
      .send({ directions: { EXPORT: { capacityPerHour: 6 } } });
    expect(patched.status).toBe(200);
    // (A truck whose estimate comes out the same, e.g. held at its window's start, gets no new record.)
    await eventually(async () => expect((await forecasts('EXPORT')).length).toBeGreaterThanOrEqual(10));
    const after = await estimated('EXPORT');
    rows = await forecasts('EXPORT');
    const recorded = rows.slice(6);
    expect(new Set(recorded.map((r) => r.basis.split('|')[2])).size).toBe(1);
    expect(recorded[0].basis).not.toBe(rows[0].basis);
    for (const e of after.waiting) {
      const r = shownOf(rows, e.id);
      expect({ p10: r.p10.toISOString(), p50: r.p50.toISOString(), p90: r.p90.toISOString() }).toEqual(e.eta);
    }

    // Calls at known times: each truck's estimates are closed with its call time, and the figures follow from them.
    for (const [i, id] of ids.slice(0, 4).entries()) {
      clock.set(new Date(ms('2026-12-01T01:00:00.000Z') + i * 25 * 60_000));
      expect((await act(customs, id, 'call')).status).toBe(200);
    }
    rows = await forecasts('EXPORT');
    for (const [i, id] of ids.slice(0, 4).entries())
      for (const r of rows.filter((x) => x.entry_id === id))
        expect(r.called_at?.toISOString()).toBe(
          new Date(ms('2026-12-01T01:00:00.000Z') + i * 25 * 60_000).toISOString(),
        );
    // The fifth truck leaves without a call (cancelled at the yard): its estimates are not scored.
    expect((await act(yard, ids[4], 'cancel')).status).toBe(200);
    rows = await forecasts('EXPORT');
    expect(rows.filter((r) => r.entry_id === ids[4]).every((r) => r.withdrawn_at && !r.called_at)).toBe(true);

    const scored = rows.filter((r) => r.called_at);
    const hours = (d: number) => d / 3_600_000;
    const median = (xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      const m = s.length / 2;
      return s.length % 2 ? s[Math.floor(m)] : (s[m - 1] + s[m]) / 2;
    };
    const expected = {
      scored: scored.length,
      coverage:
        scored.filter((r) => ms(r.called_at!) >= ms(r.p10) && ms(r.called_at!) <= ms(r.p90)).length / scored.length,
      medianAbsErrorHours: median(scored.map((r) => Math.abs(hours(ms(r.called_at!) - ms(r.p50))))),
      biasHours: median(scored.map((r) => hours(ms(r.called_at!) - ms(r.p50)))),
    };
    expect(scored.length).toBeGreaterThanOrEqual(8);
    const res = await http().get('/api/eta/accuracy').set('authorization', admin.auth);
    expect(res.status).toBe(200);
    for (const period of ['day', 'week']) {
      const row = res.body.find(
        (r: { gate: string; direction: string; period: string }) =>
          r.gate === GATE && r.direction === 'EXPORT' && r.period === period,
      );
      expect(row.scored).toBe(expected.scored);
      expect(row.coverage).toBeCloseTo(expected.coverage, 6);
      expect(row.medianAbsErrorHours).toBeCloseTo(expected.medianAbsErrorHours, 6);
      expect(row.biasHours).toBeCloseTo(expected.biasHours, 6);
    }
    expect((await http().get('/api/eta/accuracy').set('authorization', customs.auth)).status).toBe(403);
    // Over a range of days (the leadership dashboard): the calls of 1 December, and none the day before.
    const day = await http()
      .get('/api/eta/accuracy/days')
      .query({ from: '2026-12-01', to: '2026-12-01' })
      .set('authorization', admin.auth);
    expect(day.status).toBe(200);
    const lane = day.body.rows.find(
      (r: { gate: string; direction: string }) => r.gate === GATE && r.direction === 'EXPORT',
    );
    expect(lane.scored).toBe(expected.scored);
    expect(lane.coverage).toBeCloseTo(expected.coverage, 6);
    expect(lane.medianAbsErrorHours).toBeCloseTo(expected.medianAbsErrorHours, 6);
    expect(lane.biasHours).toBeCloseTo(expected.biasHours, 6);
    const before = await http()
      .get('/api/eta/accuracy/days')
      .query({ from: '2026-11-30', to: '2026-11-30' })
      .set('authorization', admin.auth);
    expect(before.body.rows.filter((r: { gate: string }) => r.gate === GATE)).toEqual([]);
    const metrics = await http().get('/metrics').set('authorization', `Bearer ${t.config.opsToken}`);
    expect(metrics.text).toContain(
      `eta_scored_estimates{gate="${GATE}",direction="EXPORT",period="day"} ${expected.scored}`,
    );
    const coverage = /eta_coverage_ratio\{gate="HUU_NGHI",direction="EXPORT",period="week"\} ([\d.]+)/.exec(
      metrics.text,
    );
    expect(Number(coverage?.[1])).toBeCloseTo(expected.coverage, 6);
  });

  it("calibrates the interval by the gate's own outcomes: a gate that has run four times slower than estimated is shown later times", async () => {
    // Three days ago, 60 estimates of one hour each whose trucks were all called four hours later.
    const made = ms('2026-11-28T01:00:00.000Z');
    for (let i = 0; i < 60; i++) {
      const at = made + i * 60_000;
      await db.query(
        `INSERT INTO yard_queue.eta_forecasts (entry_id, gate, direction, made_at, position, p10, p50, p90, raw_p50, sigma, basis, called_at)
         VALUES (gen_random_uuid(), $1, 'IMPORT', $2, 10, $3, $4, $5, $4, 0.5, 'history', $6)`,
        [
          GATE,
          new Date(at),
          new Date(at + 1_800_000),
          new Date(at + 3_600_000),
          new Date(at + 7_200_000),
          new Date(at + 4 * 3_600_000),
        ],
      );
    }
    clock.set(new Date('2026-12-01T02:00:00.000Z'));
    await checkInAll(20, 'IMPORT');
    const { waiting } = await estimated('IMPORT');
    const last = shownOf(await forecasts('IMPORT'), waiting.at(-1)!.id);
    const now = clock.now().getTime();
    // Without the outcomes the median would be the model's own (raw_p50); with them it is about four times as far.
    expect(ms(last.p50) - now).toBeGreaterThan(2.5 * (ms(last.raw_p50) - now));
  });
});
