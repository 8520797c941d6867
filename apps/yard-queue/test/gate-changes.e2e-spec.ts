// An administrator's change of a gate, previewed and then saved at a busy gate: the preview writes nothing and
// says exactly what the save then does (how many of the 227 waiting trucks move, and where the last one ends up),
// and the change history records who changed what from what to what, with the same count.
import pg from 'pg';
import { ManualClock } from '#libs/clock/src/index.js';
import { createOfficer, login, type Session, TEST_ADMIN, type TestApp } from '#libs/testing/src/index.js';
import { QueueService } from '../src/queue/queue.service.js';
import { createPlatformTestApp, seedAcceptedVehicles } from './yard-fixtures.js';

// Tuesday 1 December 2026, 07:40 local (UTC+7).
const clock = new ManualClock('2026-12-01T00:40:00.000Z');
let t: TestApp;
let db: pg.Client;
let admin: Session, yard: Session;
const http = () => t.http();
const TRUCKS = 227;

interface LaneImpact {
  waiting: number;
  reslotted: number;
  unslotted: number;
  lastWindowBefore: string | null;
  lastWindowAfter: string | null;
}
interface Preview {
  changes: { field: string; before: unknown; after: unknown }[];
  impact: { reslotted: number; EXPORT?: LaneImpact; IMPORT?: LaneImpact };
}

beforeAll(async () => {
  t = await createPlatformTestApp('gate_changes', clock);
  db = new pg.Client({ connectionString: t.databaseUrl });
  await db.connect();
  admin = await login(http, TEST_ADMIN.email, TEST_ADMIN.password);
  yard = await createOfficer(http, admin, 'YARD_OPERATOR', ['HUU_NGHI']);
  const set = await http()
    .patch('/api/gates/HUU_NGHI')
    .set('authorization', admin.auth)
    .send({ directions: { EXPORT: { capacityPerHour: 60, windowMinutes: 30, priorityShare: 0.2, dailyCap: null } } });
  expect(set.status).toBe(200);
  const vehicles = await seedAcceptedVehicles(t, TRUCKS, { priority: (i) => i % 7 === 0 });
  for (const v of vehicles) {
    const res = await http()
      .post('/api/check-ins')
      .set('authorization', yard.auth)
      .send({ gate: 'HUU_NGHI', plate: v.plate });
    expect(res.status).toBe(201);
  }
}, 180_000);
afterAll(async () => {
  await db?.end();
  await t?.close();
});

/** Every table a change writes, summarised: equal before and after a preview means it wrote nothing. */
async function everythingWritten(): Promise<string> {
  // The estimates follow an earlier change on their own a moment later: brought to rest first, they are not
  // taken for a write of the preview.
  await t.app.get(QueueService).sweepEtas();
  const { rows } = await db.query(
    `SELECT (SELECT md5(string_agg(id || coalesce(window_start::text, '-'), ',' ORDER BY id)) FROM yard_queue.queue_entries) AS entries,
            (SELECT md5(string_agg(window_start::text || issued_total || capacity, ',' ORDER BY window_start, direction)) FROM yard_queue.window_usage) AS windows,
            (SELECT md5(string_agg(day::text || issued || coalesce(cap::text, '-'), ',' ORDER BY day, direction)) FROM yard_queue.day_usage) AS days,
            (SELECT md5(string_agg(schedule::text || daily_caps::text, ',' ORDER BY gate, direction)) FROM yard_queue.gate_schedules) AS schedules,
            (SELECT string_agg(code || version || coalesce(suspended_from::text, '-'), ',' ORDER BY code) FROM yard_queue.gates) AS gates,
            (SELECT count(*) FROM yard_queue.gate_config_audit) AS audit,
            (SELECT count(*) FROM yard_queue.outbox) AS outbox`,
  );
  return JSON.stringify(rows[0]);
}

/** Each waiting truck's window, by entry id. */
async function windows(): Promise<Map<string, string | null>> {
  const { rows } = await db.query<{ id: string; window_start: Date | null }>(
    `SELECT id, window_start FROM yard_queue.queue_entries WHERE gate = 'HUU_NGHI' AND direction = 'EXPORT' AND status = 'CHECKED_IN'`,
  );
  return new Map(rows.map((r) => [r.id, r.window_start?.toISOString() ?? null]));
}

/** What the save really did: trucks whose window changed, and the latest window after it. */
function compare(before: Map<string, string | null>, after: Map<string, string | null>) {
  let moved = 0;
  for (const [id, w] of before) if (after.get(id) !== w) moved++;
  const last =
    [...after.values()]
      .filter((w): w is string => w !== null)
      .sort()
      .at(-1) ?? null;
  return { moved, last, unslotted: [...after.values()].filter((w) => w === null).length };
}

const post = (path: string, body: object) => http().post(path).set('authorization', admin.auth).send(body);

describe('previewing a change of capacity, a Tết closed date and a per-date cap at a gate with 227 trucks waiting', () => {
  const change = {
    directions: {
      EXPORT: { capacityPerHour: 12, closedDates: ['2026-12-02'], dailyCaps: { '2026-12-03': 50 } },
    },
  };
  let preview: Preview;

  it('says what would change and how many trucks would move, and writes nothing', async () => {
    const before = await everythingWritten();
    const res = await post('/api/gates/HUU_NGHI/preview', change);
    expect(res.status).toBe(200);
    preview = res.body as Preview;
    expect(await everythingWritten()).toBe(before);
    const lane = preview.impact.EXPORT!;
    process.stdout.write(
      `preview: ${lane.reslotted} of ${lane.waiting} trucks re-slotted, last window ${lane.lastWindowBefore} → ${lane.lastWindowAfter}\n`,
    );
    expect(lane.waiting).toBe(TRUCKS);
    expect(lane.reslotted).toBeGreaterThan(150);
    // Past the closed day and the capped one: the last truck now goes on 4 December.
    expect(lane.lastWindowAfter! > '2026-12-03T17:00:00.000Z').toBe(true);
    expect(preview.impact.reslotted).toBe(lane.reslotted);
    expect(preview.changes).toEqual([
      { field: 'directions.EXPORT.capacityPerHour', before: 60, after: 12 },
      { field: 'directions.EXPORT.closedDates', before: [], after: ['2026-12-02'] },
      { field: 'directions.EXPORT.dailyCaps.2026-12-03', before: null, after: 50 },
    ]);
  });

  it('is exactly what the save then does: the same trucks re-slotted and the same last window', async () => {
    const before = await windows();
    const res = await http().patch('/api/gates/HUU_NGHI').set('authorization', admin.auth).send(change);
    expect(res.status).toBe(200);
    const actual = compare(before, await windows());
    const lane = preview.impact.EXPORT!;
    process.stdout.write(`saved: ${actual.moved} trucks re-slotted, last window ${actual.last}\n`);
    expect(actual.moved).toBe(lane.reslotted);
    expect(actual.last).toBe(lane.lastWindowAfter);
    expect(actual.unslotted).toBe(lane.unslotted);
    // Nobody is slotted on the closed day, and the capped day holds no more than its cap.
    const days = await db.query<{ day: string; n: number }>(
      `SELECT to_char(window_start AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD') AS day, count(*)::int AS n
         FROM yard_queue.queue_entries WHERE gate = 'HUU_NGHI' AND direction = 'EXPORT' AND status = 'CHECKED_IN' AND window_start IS NOT NULL
        GROUP BY 1`,
    );
    const byDay = Object.fromEntries(days.rows.map((r) => [r.day, r.n]));
    expect(byDay['2026-12-02']).toBeUndefined();
    expect(byDay['2026-12-03']).toBe(50);
  });

  it('records the change in the history: who, when, each setting before → after, and the trucks it moved', async () => {
    const res = await http().get('/api/gates/HUU_NGHI/history').set('authorization', admin.auth);
    expect(res.status).toBe(200);
    const [last] = res.body as {
      action: string;
      actorId: string;
      actorRole: string;
      at: string;
      changes: Preview['changes'];
      reslotted: number;
    }[];
    expect(last).toMatchObject({
      action: 'update',
      actorId: admin.user.id,
      actorRole: 'ADMIN',
      at: clock.now().toISOString(),
      changes: preview.changes,
      reslotted: preview.impact.EXPORT!.reslotted,
    });
  });

  it('previews a suspension as exactly what the suspension then does, and the history keeps its reason', async () => {
    const body = { reason: 'Phía Trung Quốc tạm dừng tiếp nhận', until: '2026-12-01T14:00:00+07:00' };
    const before = await everythingWritten();
    const res = await post('/api/gates/HUU_NGHI/suspend/preview', body);
    expect(res.status).toBe(200);
    expect(await everythingWritten()).toBe(before);
    const p = res.body as Preview;
    expect(p.changes.map((c) => c.field)).toEqual(['suspension']);
    const windowsBefore = await windows();
    expect((await post('/api/gates/HUU_NGHI/suspend', body)).status).toBe(200);
    const actual = compare(windowsBefore, await windows());
    process.stdout.write(`suspension: preview ${p.impact.EXPORT!.reslotted}, saved ${actual.moved} re-slotted\n`);
    expect(actual.moved).toBe(p.impact.EXPORT!.reslotted);
    expect(actual.last).toBe(p.impact.EXPORT!.lastWindowAfter);
    const history = await http().get('/api/gates/HUU_NGHI/history').set('authorization', admin.auth);
    expect(history.body[0]).toMatchObject({ action: 'suspend', reason: body.reason, reslotted: actual.moved });
  });

  it('refuses a preview of an invalid change with the same per-field errors as the save, and to anyone but an administrator', async () => {
    const bad = { directions: { EXPORT: { windowMinutes: 3 } } };
    const preview = await post('/api/gates/HUU_NGHI/preview', bad);
    const save = await http().patch('/api/gates/HUU_NGHI').set('authorization', admin.auth).send(bad);
    expect(preview.status).toBe(400);
    expect(preview.body.errors).toEqual(save.body.errors);
    expect(preview.body.message).not.toContain('directions.');
    const officer = await http().post('/api/gates/HUU_NGHI/preview').set('authorization', yard.auth).send({});
    expect(officer.status).toBe(403);
    expect((await http().get('/api/gates/HUU_NGHI/history').set('authorization', yard.auth)).status).toBe(403);
  });
});
