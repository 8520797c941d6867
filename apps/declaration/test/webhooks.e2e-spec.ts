// Firms' webhooks end to end: a real receiver on a loopback port, down for a while and then back, verifying
// every delivery with the Standard Webhooks library; replay from a cursor; the fleet endpoint; and many
// vehicles' events at once, dispatched by two replicas to a flaky receiver, still in order per vehicle.
import pg from 'pg';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { ManualClock } from '#libs/clock/src/index.js';
import type { WebhookMessage } from '#libs/events/src/index.js';
import {
  acceptedDeclaration,
  createOfficer,
  createTestApp,
  declarationBody,
  eventually,
  freePort,
  login,
  registerFirm,
  type Session,
  TEST_ADMIN,
  type TestApp,
} from '#libs/testing/src/index.js';
import { WebhookReceiver } from '../../../test/support/webhook-receiver.js';
import { createPlatformTestApp } from '../../yard-queue/test/yard-fixtures.js';
import { DECLARATION_DB } from '../src/database/declaration-database.js';
import { DeclarationServiceModule } from '../src/declaration-service.module.js';

// Tuesday 1 December 2026, 07:40 in Lạng Sơn: Hữu Nghị is open. Business time is the manual clock; delivery
// (retries, signature timestamps) runs on the wall clock, as receivers check it.
const clock = new ManualClock('2026-12-01T00:40:00.000Z');
const FAST = { WEBHOOK_POLL_MS: '25', WEBHOOK_RETRY_BASE_MS: '40', WEBHOOK_RETRY_MAX_MS: '250' };
let t: TestApp;
let replica: TestApp;
let db: pg.Client;
let customs: Session, guard: Session, yard: Session;
const http = () => t.http();
const arrival = () => new Date(clock.now().getTime() + 3600_000).toISOString();

beforeAll(async () => {
  t = await createPlatformTestApp('webhooks', clock, FAST);
  // A second declaration-service replica on the same database: its delivery worker competes for the same queue.
  replica = await createTestApp({
    label: 'webhooks_replica',
    services: [DeclarationServiceModule],
    databases: [DECLARATION_DB],
    databaseUrl: t.databaseUrl,
    clock,
    env: { OUTBOX_RELAY: 'off', ...FAST },
  });
  db = new pg.Client({ connectionString: t.databaseUrl });
  await db.connect();
  const admin = await login(http, TEST_ADMIN.email, TEST_ADMIN.password);
  customs = await createOfficer(http, admin, 'CUSTOMS', ['HUU_NGHI']);
  guard = await createOfficer(http, admin, 'BORDER_GUARD', ['HUU_NGHI']);
  yard = await createOfficer(http, admin, 'YARD_OPERATOR', ['HUU_NGHI']);
});
afterAll(async () => {
  await db?.end();
  await replica?.close();
  await t?.close();
});

const act = (id: string, action: string, s = customs) =>
  http().post(`/api/queue-entries/${id}/${action}`).set('authorization', s.auth).send({});

/** A declaration of `n` vehicles accepted and known to the yard; returns the vehicles' ids and plates. */
async function acceptedVehicles(firm: Session, n: number) {
  const d = await acceptedDeclaration(
    http,
    firm,
    customs,
    declarationBody({ vehicles: Array.from({ length: n }, () => ({})), arrival: arrival() }),
  );
  await eventually(async () => {
    const { rows } = await db.query('SELECT count(*)::int AS n FROM yard_queue.vehicles WHERE declaration_id = $1', [
      d.id,
    ]);
    if (rows[0].n !== n) throw new Error('not yet relayed');
  });
  return d.vehicles.map((v) => ({ id: v.id, plate: v.plate }));
}

async function checkIn(plate: string): Promise<string> {
  const res = await http().post('/api/check-ins').set('authorization', yard.auth).send({ gate: 'HUU_NGHI', plate });
  if (res.status !== 201) throw new Error(`check-in ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

async function subscribe(firm: Session, url: string) {
  const res = await http()
    .post('/api/webhooks')
    .set('authorization', firm.auth)
    .send({
      url,
      eventTypes: [
        'declaration.accepted',
        'declaration.rejected',
        'vehicle.checked_in',
        'vehicle.called',
        'vehicle.at_gate',
        'vehicle.held',
        'vehicle.released',
        'vehicle.turned_back',
        'vehicle.reslotted',
      ],
    });
  expect(res.status).toBe(201);
  return res.body as { id: string; secret: string; url: string };
}

/** The firm's events as written, in cursor order, per vehicle. */
async function eventsByVehicle(firmId: string): Promise<Map<string, { id: string; cursor: number; type: string }[]>> {
  const { rows } = await db.query(
    'SELECT id, seq::int AS cursor, type, vehicle_id FROM declaration.webhook_events WHERE firm_id = $1 ORDER BY seq',
    [firmId],
  );
  const by = new Map<string, { id: string; cursor: number; type: string }[]>();
  for (const r of rows)
    by.set(r.vehicle_id, [...(by.get(r.vehicle_id) ?? []), { id: r.id, cursor: r.cursor, type: r.type }]);
  return by;
}

/** Waits until the yard's events have reached the declaration service: the firm's fleet shows these states. */
async function settled(firm: Session, states: Record<string, string>): Promise<void> {
  await eventually(async () => {
    const res = await http().get('/api/fleet').set('authorization', firm.auth);
    const now = Object.fromEntries(
      res.body.items.map((v: { vehicleId: string; status: string }) => [v.vehicleId, v.status]),
    );
    if (Object.entries(states).some(([id, s]) => now[id] !== s)) throw new Error('yard events still on their way');
  }, 20_000);
}

const byVehicle = (messages: WebhookMessage[]) => {
  const by = new Map<string, WebhookMessage[]>();
  for (const m of messages) by.set(m.data.vehicleId, [...(by.get(m.data.vehicleId) ?? []), m]);
  return by;
};

it('delivers every event once a receiver that was down comes back: once per id, in order per vehicle, signed; replays from a cursor', async () => {
  const firm = await registerFirm(http, 'Công ty TNHH Vận tải Kỳ Lừa');
  const otherFirm = await registerFirm(http, 'Công ty Khác');
  const receiver = new WebhookReceiver(await freePort());

  // Only https, or http to this machine; only known event types; the secret shown once.
  const bad = await http()
    .post('/api/webhooks')
    .set('authorization', firm.auth)
    .send({ url: 'http://erp.example.vn/hooks', eventTypes: ['vehicle.called'] });
  expect(bad.status).toBe(400);
  expect(JSON.stringify(bad.body)).toContain('https');
  const unknownType = await http()
    .post('/api/webhooks')
    .set('authorization', firm.auth)
    .send({ url: receiver.url, eventTypes: ['vehicle.teleported'] });
  expect(unknownType.status).toBe(400);
  expect(
    (
      await http()
        .post('/api/webhooks')
        .set('authorization', customs.auth)
        .send({ url: receiver.url, eventTypes: ['vehicle.called'] })
    ).status,
  ).toBe(403);
  const sub = await subscribe(firm, receiver.url);
  expect(sub.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
  receiver.secret = sub.secret;
  const listed = await http().get('/api/webhooks').set('authorization', firm.auth);
  expect(listed.body).toEqual([
    { id: sub.id, url: receiver.url, eventTypes: expect.any(Array), createdAt: expect.any(String) },
  ]);
  expect((await http().get('/api/webhooks').set('authorization', otherFirm.auth)).body).toEqual([]);
  expect((await http().get(`/api/webhooks/${sub.id}/deliveries`).set('authorization', otherFirm.auth)).status).toBe(
    404,
  );
  expect((await http().delete(`/api/webhooks/${sub.id}`).set('authorization', otherFirm.auth)).status).toBe(404);

  // The receiver is down (nothing listens on its port) while three vehicles go through the gate.
  const [a, b, c] = await acceptedVehicles(firm, 3);
  const [foreign] = await acceptedVehicles(otherFirm, 1);
  const ea = await checkIn(a.plate);
  const eb = await checkIn(b.plate);
  await checkIn(c.plate);
  await checkIn(foreign.plate);
  for (const step of ['call', 'arrive', 'hold', 'release', 'turn-back']) expect((await act(ea, step)).status).toBe(200);
  expect((await act(eb, 'call')).status).toBe(200);
  expect((await act(eb, 'arrive', guard)).status).toBe(200);

  // Tried and tried again while down, each failure in the delivery log.
  const log = await eventually(async () => {
    const res = await http().get(`/api/webhooks/${sub.id}/deliveries`).set('authorization', firm.auth);
    const retried = res.body.items.filter((d: { attempts: number }) => d.attempts >= 3);
    if (retried.length === 0) throw new Error('no retries yet');
    return res.body.items;
  });
  expect(log[0]).toMatchObject({ status: 'PENDING', deliveredAt: null, lastStatus: null });
  expect(log.find((d: { attempts: number }) => d.attempts >= 3).lastError).toMatch(/ECONNREFUSED|fetch failed/);

  // Back up: everything arrives.
  // A declaration customs reject: its vehicle's event carries the reason.
  const filed = await http()
    .post('/api/declarations')
    .set('authorization', firm.auth)
    .send(declarationBody({ arrival: arrival() }));
  const r = filed.body.vehicles[0].id as string;
  expect((await http().post(`/api/declarations/${filed.body.id}/submit`).set('authorization', firm.auth)).status).toBe(
    200,
  );
  const reason = 'Thiếu giấy chứng nhận kiểm dịch thực vật';
  const rejected = await http()
    .post(`/api/declarations/${filed.body.id}/reject`)
    .set('authorization', customs.auth)
    .send({ reason });
  expect(rejected.status).toBe(200);
  await settled(firm, { [a.id]: 'TURNED_BACK', [b.id]: 'AT_GATE', [c.id]: 'CHECKED_IN', [r]: 'REJECTED' });
  const expected = await eventsByVehicle(firm.user.firm!.id);
  const total = [...expected.values()].reduce((n, l) => n + l.length, 0);
  const started = Date.now();
  await receiver.start();
  try {
    await eventually(() => {
      if (receiver.accepted.length < total) throw new Error(`${receiver.accepted.length} of ${total}`);
    }, 20_000);
    process.stdout.write(
      `webhooks: ${total} events delivered ${Date.now() - started} ms after the receiver came back\n`,
    );
    // Nothing more comes: the worker considers all of them delivered.
    await eventually(async () => {
      const res = await http().get(`/api/webhooks/${sub.id}/deliveries?limit=200`).set('authorization', firm.auth);
      if (res.body.items.some((d: { status: string }) => d.status !== 'DELIVERED')) throw new Error('still pending');
    });
    const accepted = receiver.accepted;
    expect(accepted).toHaveLength(total);
    expect(new Set(accepted.map((m) => m.id)).size).toBe(total);
    expect(receiver.requests.every((r) => r.answered === 204)).toBe(true);
    // Exactly the firm's vehicles, each vehicle's events in the order they happened.
    const got = byVehicle(accepted);
    expect(new Set(got.keys())).toEqual(new Set([a.id, b.id, c.id, r]));
    expect(got.get(r)!.map((m) => [m.type, m.data.status, m.data.reason])).toEqual([
      ['declaration.rejected', 'REJECTED', reason],
    ]);
    for (const [vehicleId, events] of expected)
      expect(got.get(vehicleId)!.map((m) => [m.id, m.cursor, m.type])).toEqual(
        events.map((e) => [e.id, e.cursor, e.type]),
      );
    const core = (v: string) =>
      got
        .get(v)!
        .map((m) => m.type)
        .filter((x) => x !== 'vehicle.reslotted');
    expect(core(a.id)).toEqual([
      'declaration.accepted',
      'vehicle.checked_in',
      'vehicle.called',
      'vehicle.at_gate',
      'vehicle.held',
      'vehicle.released',
      'vehicle.turned_back',
    ]);
    expect(core(b.id)).toEqual(['declaration.accepted', 'vehicle.checked_in', 'vehicle.called', 'vehicle.at_gate']);
    expect(core(c.id)).toEqual(['declaration.accepted', 'vehicle.checked_in']);
    const called = got.get(a.id)!.find((m) => m.type === 'vehicle.called')!;
    expect(called.data).toMatchObject({
      plate: a.plate,
      gate: 'HUU_NGHI',
      status: 'CALLED',
      callDeadline: expect.any(String),
    });

    // Every request verifies; a tampered body, a shifted timestamp or another secret does not.
    const sample = receiver.requests[0];
    expect(sample.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    const wh = new Webhook(sub.secret);
    expect(() => wh.verify(sample.body, sample.headers)).not.toThrow();
    const tampered = sample.body.replace(/"plate":"[^"]*"/, '"plate":"99Z-999.99"');
    expect(tampered).not.toBe(sample.body);
    expect(() => wh.verify(tampered, sample.headers)).toThrow(WebhookVerificationError);
    expect(() =>
      wh.verify(sample.body, {
        ...sample.headers,
        'webhook-timestamp': String(Number(sample.headers['webhook-timestamp']) + 1),
      }),
    ).toThrow(WebhookVerificationError);
    expect(() =>
      new Webhook(`whsec_${Buffer.alloc(24, 7).toString('base64')}`).verify(sample.body, sample.headers),
    ).toThrow(WebhookVerificationError);

    // Replay from a cursor: the events from there on again, with their ids, in order per vehicle.
    const from = got.get(a.id)![2].cursor;
    const again = [...expected.values()].flat().filter((e) => e.cursor >= from);
    const replay = await http().post(`/api/webhooks/${sub.id}/replay`).set('authorization', firm.auth).send({ from });
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual({ queued: again.length });
    await eventually(() => {
      if (receiver.accepted.length < total + again.length) throw new Error('replay not done');
    });
    const replayed = receiver.accepted.slice(total);
    expect(new Set(replayed.map((m) => m.id))).toEqual(new Set(again.map((e) => e.id)));
    for (const [vehicleId, list] of byVehicle(replayed)) {
      const cursors = list.map((m) => m.cursor);
      expect(cursors).toEqual([...cursors].sort((x, y) => x - y));
      expect(list.every((m) => expected.get(vehicleId)!.some((e) => e.id === m.id && e.cursor === m.cursor))).toBe(
        true,
      );
    }
    const replayLog = await http()
      .get(`/api/webhooks/${sub.id}/deliveries?limit=${again.length}`)
      .set('authorization', firm.auth);
    expect(
      replayLog.body.items.every((d: { replay: boolean; status: string }) => d.replay && d.status === 'DELIVERED'),
    ).toBe(true);
    expect(
      (await http().post(`/api/webhooks/${sub.id}/replay`).set('authorization', firm.auth).send({ from: -1 })).status,
    ).toBe(400);
  } finally {
    await receiver.stop();
  }

  // The fleet: exactly the firm's vehicles, with their states, paged by cursor.
  const fleet = await http().get('/api/fleet').set('authorization', firm.auth);
  expect(fleet.status).toBe(200);
  expect(fleet.body.nextCursor).toBeNull();
  expect(
    Object.fromEntries(fleet.body.items.map((v: { vehicleId: string; status: string }) => [v.vehicleId, v.status])),
  ).toEqual({ [a.id]: 'TURNED_BACK', [b.id]: 'AT_GATE', [c.id]: 'CHECKED_IN', [r]: 'REJECTED' });
  expect(fleet.body.items.find((v: { vehicleId: string }) => v.vehicleId === c.id)).toMatchObject({
    plate: c.plate,
    gate: 'HUU_NGHI',
    direction: 'EXPORT',
    window: { start: expect.any(String), end: expect.any(String) },
    position: expect.any(Number),
  });
  const page1 = await http().get('/api/fleet?limit=3').set('authorization', firm.auth);
  const page2 = await http().get(`/api/fleet?limit=3&cursor=${page1.body.nextCursor}`).set('authorization', firm.auth);
  expect([...page1.body.items, ...page2.body.items].map((v: { vehicleId: string }) => v.vehicleId)).toEqual(
    fleet.body.items.map((v: { vehicleId: string }) => v.vehicleId),
  );
  expect(page2.body.nextCursor).toBeNull();
  const others = await http().get('/api/fleet').set('authorization', otherFirm.auth);
  expect(others.body.items.map((v: { vehicleId: string }) => v.vehicleId)).toEqual([foreign.id]);
  expect((await http().get('/api/fleet').set('authorization', customs.auth)).status).toBe(403);
  expect((await http().get('/api/fleet?cursor=abc').set('authorization', firm.auth)).status).toBe(400);

  // Deleting the subscription stops it: nothing more is queued for it.
  expect((await http().delete(`/api/webhooks/${sub.id}`).set('authorization', firm.auth)).status).toBe(204);
  expect((await http().get('/api/webhooks').set('authorization', firm.auth)).body).toEqual([]);
});

it('keeps each vehicle in order with many vehicles moving at once, two replicas delivering, and a receiver that often fails', async () => {
  const firm = await registerFirm(http, 'Công ty Cổ phần Logistics Đồng Đăng');
  const receiver = new WebhookReceiver(await freePort());
  receiver.failureRate = 0.3;
  receiver.maxDelayMs = 15;
  const sub = await subscribe(firm, receiver.url);
  receiver.secret = sub.secret;
  await receiver.start();
  try {
    const vehicles = (await Promise.all([1, 2, 3].map(() => acceptedVehicles(firm, 5)))).flat();
    const entries = await Promise.all(vehicles.map((v) => checkIn(v.plate)));
    const all = (state: string) => Object.fromEntries(vehicles.map((v) => [v.id, state]));
    for (const step of ['call', 'arrive', 'hold', 'release']) {
      for (const r of await Promise.all(entries.map((e) => act(e, step)))) expect(r.status).toBe(200);
      // AT_GATE is reached twice (arrive, release): the copy must have seen the holds before it can tell them apart.
      if (step === 'hold') await settled(firm, all('HELD'));
    }

    await settled(firm, all('AT_GATE'));
    const expected = await eventsByVehicle(firm.user.firm!.id);
    const total = [...expected.values()].reduce((n, l) => n + l.length, 0);
    expect(total).toBeGreaterThanOrEqual(vehicles.length * 6);
    await eventually(() => {
      if (receiver.accepted.length < total) throw new Error(`${receiver.accepted.length} of ${total}`);
    }, 30_000);
    const accepted = receiver.accepted;
    expect(new Set(accepted.map((m) => m.id)).size).toBe(accepted.length);
    const got = byVehicle(accepted);
    for (const [vehicleId, events] of expected)
      expect(got.get(vehicleId)!.map((m) => m.id)).toEqual(events.map((e) => e.id));
    // No request for a vehicle's event arrived before every earlier event of that vehicle had been taken.
    const takenAt = new Map(receiver.requests.filter((r) => r.answered === 204).map((r) => [r.id, r.answeredAt]));
    const failures = receiver.requests.filter((r) => r.answered !== 204).length;
    for (const r of receiver.requests) {
      const earlier = expected.get(r.message!.data.vehicleId)!.filter((e) => e.cursor < r.message!.cursor);
      for (const e of earlier) expect(takenAt.get(e.id)!).toBeLessThan(r.arrivedAt);
    }
    process.stdout.write(
      `webhooks: ${total} events of ${vehicles.length} vehicles, ${failures} refused attempts retried\n`,
    );
    expect(failures).toBeGreaterThan(0);
  } finally {
    await receiver.stop();
  }
});

it('gives up on an event once it is older than WEBHOOK_GIVE_UP_HOURS on the platform clock, and not before', async () => {
  const firm = await registerFirm(http, 'Công ty Máy chủ Tắt');
  const sub = await subscribe(firm, `http://127.0.0.1:${await freePort()}/hooks`);
  const [v] = await acceptedVehicles(firm, 1);
  await checkIn(v.plate);
  const deliveries = async () =>
    (await http().get(`/api/webhooks/${sub.id}/deliveries`).set('authorization', firm.auth)).body.items as {
      status: string;
      attempts: number;
    }[];
  // Nothing listens: tried again and again, and still pending whatever the date on the wall: the events are
  // minutes old on the clock that stamped them.
  await eventually(async () => {
    if (!(await deliveries()).some((d) => d.attempts >= 3)) throw new Error('not tried again yet');
  });
  expect(new Set((await deliveries()).map((d) => d.status))).toEqual(new Set(['PENDING']));
  // 73 hours later on that clock (the limit is 72): the next attempt gives up.
  clock.advance(73 * 3_600_000);
  try {
    await eventually(async () => {
      if (!(await deliveries()).some((d) => d.status === 'FAILED')) throw new Error('not given up yet');
    });
  } finally {
    clock.advance(-73 * 3_600_000);
  }
});
