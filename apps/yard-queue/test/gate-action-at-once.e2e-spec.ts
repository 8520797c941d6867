import { jest } from '@jest/globals';
import pg from 'pg';
import type { AuthUser } from '#libs/auth/src/index.js';
import { ManualClock } from '#libs/clock/src/index.js';
import { PlatformMetrics } from '#libs/runtime/src/platform-metrics.js';
import { createOfficer, login, type Session, TEST_ADMIN, type TestApp } from '#libs/testing/src/index.js';
import { applyCall, applySharedAction, delayRows, trailEventOf } from '../src/queue/gate-actions.js';
import { type ActionDecision, QueueRepository } from '../src/queue/queue.repository.js';
import { toEntryView, gateStateOf } from '../src/queue/queue.view.js';
import { createPlatformTestApp, seedAcceptedVehicles } from './yard-fixtures.js';

// A call and a gate action past it (arrive, confirm, hold, release, turn back, cross) are decided from reads that lock
// nothing and filed by one statement, `queue_call` or `queue_act`, that holds the lane only while it runs. Here
// officers of two agencies confirm the same trucks at once, each twice, consoles call the next truck at once, and the
// gate is changed between a decision and its filing: no confirmation or call is lost or made twice, every change gets
// its own version, calls follow the queue's order, and a filing whose entry, gate or lane moved writes nothing. Tuesday 1 December 2026, 07:40 in Lạng Sơn: the gates are open.
const START = '2026-12-01T00:40:00.000Z';
const clock = new ManualClock(START);
let t: TestApp;
let db: pg.Client;
let admin: Session, customs: Session, guard: Session, yard: Session;
let repo: QueueRepository;
const http = () => t.http();

beforeAll(async () => {
  t = await createPlatformTestApp('gate_action_at_once', clock);
  db = new pg.Client({ connectionString: t.databaseUrl });
  await db.connect();
  admin = await login(http, TEST_ADMIN.email, TEST_ADMIN.password);
  customs = await createOfficer(http, admin, 'CUSTOMS', ['HUU_NGHI']);
  guard = await createOfficer(http, admin, 'BORDER_GUARD', ['HUU_NGHI']);
  yard = await createOfficer(http, admin, 'YARD_OPERATOR', ['HUU_NGHI']);
  repo = t.app.get(QueueRepository);
}, 180_000);
afterAll(async () => {
  await db?.end();
  await t?.close();
});

const act = (s: Session, id: string, action: string, body: object = {}) =>
  http().post(`/api/queue-entries/${id}/${action}`).set('authorization', s.auth).send(body);

/** `n` trucks accepted and checked in at Hữu Nghị, in order: their entries' ids. */
async function checkedIn(n: number): Promise<string[]> {
  const ids: string[] = [];
  for (const v of await seedAcceptedVehicles(t, n)) {
    const res = await http()
      .post('/api/check-ins')
      .set('authorization', yard.auth)
      .send({ gate: 'HUU_NGHI', plate: v.plate });
    expect(res.status).toBe(201);
    ids.push(res.body.id);
  }
  return ids;
}

/** `n` trucks checked in, called and arrived at Hữu Nghị: each waits for its two confirmations. */
async function atGate(n: number): Promise<string[]> {
  const ids = await checkedIn(n);
  for (const id of ids) {
    expect((await act(customs, id, 'call')).status).toBe(200);
    expect((await act(customs, id, 'arrive')).status).toBe(200);
  }
  return ids;
}

/** What gate actions wrote at the gate: entries' states, audit rows, delays and events. */
async function written(ids: string[]) {
  const { rows } = await db.query(
    `SELECT (SELECT json_agg(json_build_object('id', id, 'status', status, 'confirmations', confirmations) ORDER BY id)
               FROM yard_queue.queue_entries WHERE id = ANY($1)) AS entries,
            (SELECT count(*)::int FROM yard_queue.queue_audit WHERE entry_id = ANY($1)) AS audit,
            (SELECT count(*)::int FROM yard_queue.delay_attributions WHERE entry_id = ANY($1)) AS delays,
            (SELECT count(*)::int FROM yard_queue.outbox WHERE type = 'queue.changed' AND payload->>'reason' <> 'eta') AS events`,
    [ids],
  );
  return rows[0];
}

it('files concurrent confirmations of two agencies, each sent twice, once each and in order of version', async () => {
  const ids = await atGate(30);
  const { rows: quarantined } = await db.query(
    'SELECT count(*)::int AS n FROM yard_queue.queue_entries WHERE id = ANY($1) AND quarantine_required',
    [ids],
  );
  expect(quarantined[0].n).toBe(0);
  const eventsBefore = (await written(ids)).events;
  const sent = ids.flatMap((id) => [
    { id, agency: 'CUSTOMS', s: customs },
    { id, agency: 'BORDER_GUARD', s: guard },
    { id, agency: 'CUSTOMS', s: customs },
    { id, agency: 'BORDER_GUARD', s: guard },
  ]);
  const answers = await Promise.all(sent.map((r) => act(r.s, r.id, 'confirm', { agency: r.agency })));
  const statuses = answers.map((a) => a.status);
  expect(statuses.filter((s) => s !== 200 && s !== 409)).toEqual([]);
  // Per truck and agency: one confirmation filed, the repeat refused as one.
  for (const id of ids)
    for (const agency of ['CUSTOMS', 'BORDER_GUARD']) {
      const mine = sent
        .map((r, i) => ({ ...r, status: statuses[i] }))
        .filter((r) => r.id === id && r.agency === agency);
      expect(mine.map((r) => r.status).sort()).toEqual([200, 409]);
    }
  const after = await written(ids);
  for (const e of after.entries) {
    expect(e.status).toBe('CLEARED');
    expect(Object.keys(e.confirmations).sort()).toEqual(['BORDER_GUARD', 'CUSTOMS']);
  }
  const { rows: audit } = await db.query(
    `SELECT entry_id, action, count(*)::int AS n FROM yard_queue.queue_audit
      WHERE entry_id = ANY($1) AND action LIKE 'confirm:%' GROUP BY 1, 2`,
    [ids],
  );
  expect(audit).toHaveLength(ids.length * 2);
  expect(audit.every((r) => r.n === 1)).toBe(true);
  // One event per filed confirmation, each with a version of its own, and the later of a truck's two clears it.
  expect(after.events - eventsBefore).toBe(ids.length * 2);
  const { rows: events } = await db.query(
    `SELECT (payload->>'version')::bigint AS version, payload->'entries'->0->>'id' AS id, payload->'entries'->0->>'status' AS status
       FROM yard_queue.outbox WHERE type = 'queue.changed' AND payload->>'reason' = 'confirm' AND payload->'entries'->0->>'id' = ANY($1::text[])
      ORDER BY version`,
    [ids],
  );
  expect(new Set(events.map((e) => e.version)).size).toBe(events.length);
  for (const id of ids) expect(events.filter((e) => e.id === id).map((e) => e.status)).toEqual(['AT_GATE', 'CLEARED']);
  // Each twice again, at once: one crossing each.
  const crossed = await Promise.all(ids.flatMap((id) => [act(guard, id, 'cross'), act(guard, id, 'cross')]));
  expect(crossed.filter((a) => a.status === 200)).toHaveLength(ids.length);
  expect(crossed.filter((a) => a.status === 409)).toHaveLength(ids.length);
  const metrics = t.app.get(PlatformMetrics);
  const byLabel = async (c: typeof metrics.gateActions | typeof metrics.gateActionsStale) =>
    (await c.get()).values.map((v) => `${Object.values(v.labels).join('/')}=${v.value}`).join(', ') || 'none';
  process.stdout.write(
    `Thao tác ở cổng: ${await byLabel(metrics.gateActions)}; đọc lại: ${await byLabel(metrics.gateActionsStale)}\n`,
  );
}, 180_000);

/** A confirmation by customs, decided on the entry as it is now, not filed yet. */
async function decideConfirm(id: string): Promise<ActionDecision> {
  const read = await repo.actionReads(id);
  if (!read) throw new Error(`no entry ${id}`);
  const gate = (await repo.gate('HUU_NGHI'))!;
  const user = { id: '00000000-0000-4000-8000-000000000001', role: 'CUSTOMS' } as AuthUser;
  const actor = { id: user.id, role: 'CUSTOMS', console: null };
  const now = clock.now();
  const audit = applySharedAction(read.entry, 'confirm', { agency: 'CUSTOMS' }, user, actor, now);
  const h = read.history;
  const view = toEntryView(read.entry, { position: null, eta: null });
  return {
    gate,
    entry: read.entry,
    seen: read.seen,
    audit,
    delays: delayRows(
      read.entry,
      [...h.trail, trailEventOf(audit)],
      h.suspensions,
      gate.delayAttributionMinutes,
      null,
      now,
    ),
    event: {
      gate: 'HUU_NGHI',
      version: gate.version,
      reason: 'confirm',
      entries: [view],
      gateState: gateStateOf(gate),
      actor,
    },
  };
}

it('writes nothing when the entry moved between the decision and the filing, and the action read again keeps both', async () => {
  const [id] = await atGate(1);
  const d = await decideConfirm(id);
  expect((await act(guard, id, 'confirm', { agency: 'BORDER_GUARD' })).status).toBe(200);
  const before = await written([id]);
  expect(await repo.fileAction(d)).toEqual({ stale: 'entry' });
  expect(await written([id])).toEqual(before);
  // Over HTTP the same confirmation reads the entry again and clears the truck with both agencies' marks.
  const res = await act(customs, id, 'confirm', { agency: 'CUSTOMS' });
  expect(res.status).toBe(200);
  expect(res.body.status).toBe('CLEARED');
  expect(Object.keys((await written([id])).entries[0].confirmations).sort()).toEqual(['BORDER_GUARD', 'CUSTOMS']);
});

it('writes nothing when the gate was suspended between the decision and the filing', async () => {
  const [id] = await atGate(1);
  const d = await decideConfirm(id);
  const suspended = await http()
    .post('/api/gates/HUU_NGHI/suspend')
    .set('authorization', admin.auth)
    .send({ reason: 'Sương mù dày' });
  expect(suspended.status).toBe(200);
  const before = await written([id]);
  expect(await repo.fileAction(d)).toEqual({ stale: 'gate' });
  expect(await written([id])).toEqual(before);
  // Filed over HTTP, the event carries the suspension the consoles must show.
  expect((await act(customs, id, 'confirm', { agency: 'CUSTOMS' })).status).toBe(200);
  const { rows } = await db.query(
    `SELECT payload->'gateState'->'suspension'->>'reason' AS reason FROM yard_queue.outbox
      WHERE type = 'queue.changed' AND payload->>'reason' = 'confirm' AND payload->'entries'->0->>'id' = $1`,
    [id],
  );
  expect(rows).toEqual([{ reason: 'Sương mù dày' }]);
  expect((await http().post('/api/gates/HUU_NGHI/resume').set('authorization', admin.auth).send({})).status).toBe(200);
});

it('records the same delays when the action falls back to holding its lane as when it is filed in one statement', async () => {
  const [fast, locked] = await atGate(2);
  // Both arrived just now; customs confirms at once, the border guard 50 minutes later, past the gate's 30-minute
  // threshold: the clearing closes a delay of the border guard's.
  for (const id of [fast, locked]) expect((await act(customs, id, 'confirm', { agency: 'CUSTOMS' })).status).toBe(200);
  clock.set(new Date(clock.now().getTime() + 50 * 60_000).toISOString());
  const metrics = t.app.get(PlatformMetrics);
  const locks = async () =>
    (await metrics.gateActions.get()).values.find((v) => v.labels.path === 'locked')?.value ?? 0;
  const lockedBefore = await locks();
  expect((await act(guard, fast, 'confirm', { agency: 'BORDER_GUARD' })).status).toBe(200);
  // Every filing finds its entry moved: after its tries the action holds the lane for the whole change.
  const file = jest.spyOn(repo, 'fileAction').mockResolvedValue({ stale: 'entry' });
  try {
    const res = await act(guard, locked, 'confirm', { agency: 'BORDER_GUARD' });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('CLEARED');
    expect(file).toHaveBeenCalledTimes(3);
  } finally {
    file.mockRestore();
  }
  expect((await locks()) - lockedBefore).toBe(1);
  const { rows } = await db.query(
    `SELECT entry_id, segment, minutes, party, agency, reason FROM yard_queue.delay_attributions WHERE entry_id = ANY($1)`,
    [[fast, locked]],
  );
  const of = (id: string) =>
    rows.filter((r) => r.entry_id === id).map((r) => [r.segment, r.minutes, r.party, r.agency, r.reason]);
  expect(of(fast).length).toBeGreaterThan(0);
  expect(of(locked)).toEqual(of(fast));
});

it('calls the next waiting truck from many consoles at once: each truck once, in queue order, the rest refused', async () => {
  await db.query(
    `UPDATE yard_queue.queue_entries SET status = 'CROSSED' WHERE gate = 'HUU_NGHI' AND status <> 'CROSSED'`,
  );
  const ids = await checkedIn(20);
  const answers = await Promise.all(
    Array.from({ length: 24 }, () =>
      http().post('/api/gates/HUU_NGHI/call-next').set('authorization', customs.auth).send({ direction: 'EXPORT' }),
    ),
  );
  expect(answers.filter((a) => a.status === 200)).toHaveLength(20);
  expect(answers.filter((a) => a.status === 409).map((a) => a.body.code)).toEqual(Array(4).fill('CONFLICT'));
  expect(new Set(answers.filter((a) => a.status === 200).map((a) => a.body.id))).toEqual(new Set(ids));
  const { rows: audit } = await db.query(
    `SELECT entry_id, count(*)::int AS n FROM yard_queue.queue_audit WHERE entry_id = ANY($1) AND action = 'call' GROUP BY 1`,
    [ids],
  );
  expect(audit.map((r) => r.n)).toEqual(Array(20).fill(1));
  // The calls' versions follow the queue order the trucks held (window, then check-in).
  const { rows } = await db.query(
    `SELECT payload->'entries'->0->>'id' AS id FROM yard_queue.outbox
      WHERE type = 'queue.changed' AND payload->>'reason' = 'call' AND payload->'entries'->0->>'id' = ANY($1::text[])
      ORDER BY (payload->>'version')::bigint`,
    [ids],
  );
  const { rows: order } = await db.query(
    `SELECT id::text FROM yard_queue.queue_entries WHERE id = ANY($1) ORDER BY window_start, checked_in_at, seq`,
    [ids],
  );
  expect(rows.map((r) => r.id)).toEqual(order.map((r) => r.id));
}, 120_000);

it('writes no call when the gate area changed between the decision and the filing', async () => {
  const [crossing] = await atGate(1);
  expect((await act(customs, crossing, 'confirm', { agency: 'CUSTOMS' })).status).toBe(200);
  expect((await act(guard, crossing, 'confirm', { agency: 'BORDER_GUARD' })).status).toBe(200);
  const [v] = await seedAcceptedVehicles(t, 1);
  const waiting = await http()
    .post('/api/check-ins')
    .set('authorization', yard.auth)
    .send({ gate: 'HUU_NGHI', plate: v.plate });
  expect(waiting.status).toBe(201);
  const read = (await repo.callReads({ entryId: waiting.body.id }))!;
  const gate = (await repo.gate('HUU_NGHI'))!;
  const actor = { id: null, role: 'CUSTOMS', console: null };
  const now = clock.now();
  const lane = { windowStart: read.entry.windowStart, windowCapacity: 0, ...read.area };
  const audit = applyCall(read.entry, lane, gate.graceMinutes, actor, null, now);
  const view = toEntryView(read.entry, { position: null, eta: null });
  const d = {
    gate,
    entry: read.entry,
    seen: read.seen,
    audit,
    delays: [],
    next: false,
    area: read.area,
    event: {
      gate: 'HUU_NGHI',
      version: gate.version,
      reason: 'call',
      entries: [view],
      gateState: gateStateOf(gate),
      actor,
    },
  };
  // The truck at the gate crosses: the gate area the call would record is not the lane's any more.
  expect((await act(guard, crossing, 'cross')).status).toBe(200);
  const before = await written([waiting.body.id]);
  expect(await repo.fileCall(d)).toEqual({ stale: 'lane' });
  expect(await written([waiting.body.id])).toEqual(before);
  const called = await act(customs, waiting.body.id, 'call');
  expect(called.status).toBe(200);
  const { rows } = await db.query(
    `SELECT context->>'inGateArea' AS area FROM yard_queue.queue_audit WHERE entry_id = $1 AND action = 'call'`,
    [waiting.body.id],
  );
  expect(rows).toEqual([{ area: String(read.area.inGateArea - 1) }]);
});

it('records a call held for its lane throughout as it records one filed in one statement', async () => {
  await db.query(
    `UPDATE yard_queue.queue_entries SET status = 'CROSSED' WHERE gate = 'HUU_NGHI' AND status <> 'CROSSED'`,
  );
  const [inArea] = await atGate(1);
  const ids = await checkedIn(2);
  expect((await act(customs, inArea, 'hold', { note: 'Kiểm tra niêm phong' })).status).toBe(200);
  // Called three hours after check-in: the wait is long enough for the attribution to record it.
  clock.set(new Date(clock.now().getTime() + 3 * 3_600_000).toISOString());
  const [fast, locked] = ids;
  expect((await act(customs, fast, 'call')).status).toBe(200);
  const file = jest.spyOn(repo, 'fileCall').mockResolvedValue({ stale: 'lane' });
  try {
    expect((await act(customs, locked, 'call')).status).toBe(200);
    expect(file).toHaveBeenCalledTimes(3);
  } finally {
    file.mockRestore();
  }
  const { rows } = await db.query(
    `SELECT e.status, e.call_deadline - e.called_at AS grace, a.context - 'windowStart' AS context, a.actor_role,
            (SELECT json_agg(json_build_array(d.segment, d.party, d.agency, d.reason) ORDER BY d.id)
               FROM yard_queue.delay_attributions d WHERE d.entry_id = e.id) AS delays,
            (SELECT count(*)::int FROM yard_queue.gate_calls c WHERE c.entry_id = e.id) AS calls
       FROM yard_queue.queue_entries e JOIN yard_queue.queue_audit a ON a.entry_id = e.id AND a.action = 'call'
      WHERE e.id = ANY($1) ORDER BY e.id = $2 DESC`,
    [ids, fast],
  );
  const [f, l] = rows;
  expect(f.status).toBe('CALLED');
  expect(f.calls).toBe(1);
  expect(f.context.held).toEqual({ CUSTOMS: 1 });
  // The second call finds the first truck in the gate area too.
  expect(l).toEqual({ ...f, context: { ...f.context, inGateArea: f.context.inGateArea + 1 } });
});
