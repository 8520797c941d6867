import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { ManualClock } from '#libs/clock/src/index.js';
import { vietnamTime } from '#libs/domain/src/index.js';
import {
  acceptedDeclaration,
  ADMIN_ENV,
  createOfficer,
  createTestApp,
  declarationBody,
  eventually,
  login,
  registerFirm,
  type Session,
  sleep,
  TEST_ADMIN,
  type TestApp,
  uniqueVnPlate,
} from '#libs/testing/src/index.js';
import { createTestDatabase } from '#libs/testing/src/test-database.js';
import { DeclarationServiceModule } from '../../declaration/src/declaration-service.module.js';
import { DECLARATION_DB } from '../../declaration/src/database/declaration-database.js';
import { YARD_QUEUE_DB } from '../../yard-queue/src/database/yard-queue-database.js';
import { YardQueueServiceModule } from '../../yard-queue/src/yard-queue-service.module.js';
import { NOTIFICATIONS_DB } from '../src/database/notifications-database.js';
import { NotificationsServiceModule } from '../src/notifications-service.module.js';
import { ProviderStandIns } from './support/provider-stand-ins.js';

// Tuesday 1 December 2026, 07:40 in Lạng Sơn: Hữu Nghị is open. The clock moves only when the test moves it, so
// retry delays and the time to reach a driver are exact.
const clock = new ManualClock('2026-12-01T00:40:00.000Z');
const CALL_REACH_SECONDS = 60;
const providers = new ProviderStandIns();
const { esms, zns, push, smtp, vapid } = providers;
let database: { url: string; drop(): Promise<void> };
let t: TestApp;
let db: pg.Client;
let admin: Session, firm: Session, customs: Session, yard: Session;
const http = () => t.http();

function boot(port?: number): Promise<TestApp> {
  return createTestApp({
    label: 'notifications',
    services: [DeclarationServiceModule, YardQueueServiceModule, NotificationsServiceModule],
    databases: [DECLARATION_DB, YARD_QUEUE_DB, NOTIFICATIONS_DB],
    clock,
    databaseUrl: database.url,
    port,
    env: {
      ...ADMIN_ENV,
      QUEUE_SWEEPER: 'off',
      ...providers.env(),
      CALL_REACH_SECONDS: String(CALL_REACH_SECONDS),
      NOTIFY_RETRY_BASE_MS: '200',
      NOTIFY_REQUEST_TIMEOUT_MS: '3000',
    },
  });
}

beforeAll(async () => {
  await providers.start();
  database = await createTestDatabase('notifications');
  t = await boot();
  providers.receiptsTo(t.url);
  db = new pg.Client({ connectionString: t.databaseUrl });
  await db.connect();
  admin = await login(http, TEST_ADMIN.email, TEST_ADMIN.password);
  firm = await registerFirm(http, 'Công ty TNHH Vận tải Bằng Tường');
  customs = await createOfficer(http, admin, 'CUSTOMS', ['HUU_NGHI']);
  yard = await createOfficer(http, admin, 'YARD_OPERATOR', ['HUU_NGHI']);
  const saved = await http()
    .put('/api/notifications/settings')
    .set('authorization', firm.auth)
    .send({ driverChannels: ['sms', 'zns', 'push'], emailEnabled: true, email: 'dieuvan@bangtuong.vn' });
  expect(saved.status).toBe(200);
});

afterAll(async () => {
  await db?.end();
  await t?.close();
  await database?.drop();
  await providers.stop();
});

interface Called {
  vehicleId: string;
  entryId: string;
  plate: string;
  slipCode: string;
  deadline: string;
}

/**
 * A truck filed, accepted, checked in and called through the API (`beforeCall` runs once it is accepted); at
 * Hữu Nghị unless `at` names another gate and its officers.
 */
async function calledTruck(o: {
  owner: Session;
  language: string;
  beforeCall?: (slipCode: string) => Promise<void>;
  at?: { gate: string; customs: Session; yard: Session };
}) {
  const at = o.at ?? { gate: 'HUU_NGHI', customs, yard };
  const plate = uniqueVnPlate();
  const body = declarationBody({
    gate: at.gate,
    vehicles: [{ plate }],
    arrival: new Date(clock.now().getTime() + 3600_000).toISOString(),
  });
  (body.vehicles[0] as Record<string, unknown>).driverLanguage = o.language;
  const d = await acceptedDeclaration(http, o.owner, at.customs, body);
  const vehicle = d.vehicles[0] as unknown as { id: string; slipCode: string };
  // At a gate a truck is accepted hours before it is called: this service knows its driver's language by then.
  // Here the call follows at once, so the test waits for the acceptance to reach it (otherwise, on a loaded
  // machine, the yard's check-in may arrive first and the driver is written to in the default language).
  await eventually(async () => {
    const known = await rows('SELECT driver_language FROM notifications.notify_vehicles WHERE vehicle_id = $1', [
      vehicle.id,
    ]);
    if (known[0]?.driver_language !== o.language) throw new Error('acceptance not yet known to notifications');
  });
  await o.beforeCall?.(vehicle.slipCode);
  const checkedIn = await eventually(async () => {
    const res = await http().post('/api/check-ins').set('authorization', at.yard.auth).send({ gate: at.gate, plate });
    if (res.status !== 201) throw new Error(`check-in: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string };
  });
  const called = await http()
    .post(`/api/queue-entries/${checkedIn.id}/call`)
    .set('authorization', at.customs.auth)
    .send({});
  expect(called.status).toBe(200);
  const entry = called.body as { callDeadline: string };
  return {
    vehicleId: vehicle.id,
    entryId: checkedIn.id,
    plate,
    slipCode: vehicle.slipCode,
    deadline: entry.callDeadline,
  } satisfies Called;
}

const rows = async (sql: string, params: unknown[] = []) => (await db.query(sql, params)).rows;
const callMessages = (vehicleId: string) =>
  rows(
    `SELECT channel, status, attempts, next_attempt_at, id FROM notifications.messages WHERE subject_id = $1 AND kind = 'called' ORDER BY channel`,
    [vehicleId],
  );

let first: Called;

it('a Chinese driver’s truck called: the SMS, ZNS, push and e-mail stand-ins each get exactly one message, with the link and the deadline', async () => {
  const key = await http().get('/api/notifications/push-key');
  expect(key.body).toEqual({ publicKey: vapid.publicKey });
  first = await calledTruck({
    owner: firm,
    language: 'zh',
    beforeCall: async (code) => {
      const res = await http()
        .post('/api/notifications/push-subscriptions')
        .send({ code, subscription: push.subscribe(), language: 'zh' });
      expect(res.status).toBe(201);
    },
  });
  const link = `${t.url}/t/${encodeURIComponent(first.slipCode)}`;
  const hhmm = vietnamTime(first.deadline);
  const isCall = (text: string) => text.includes(hhmm) && text.includes(first.plate);
  await eventually(() => {
    expect(esms.messages.filter((m) => isCall(m.content))).toHaveLength(1);
    expect(zns.messages.filter((m) => isCall(m.templateData.content))).toHaveLength(1);
    expect(push.messages.filter((m) => isCall(m.payload.body))).toHaveLength(1);
    expect(smtp.mails.filter((m) => isCall(m.subject))).toHaveLength(1);
  });
  const sms = esms.messages.find((m) => isCall(m.content))!;
  expect(sms.content).toContain('请于');
  expect(sms.content).toContain(link);
  expect(sms.phone).toBe('+84912345678');
  const z = zns.messages.find((m) => isCall(m.templateData.content))!;
  expect(z).toMatchObject({ phone: '84912345678', templateData: { plate: first.plate, link } });
  expect(z.templateData.content).toContain('越南时间');
  const p = push.messages.find((m) => isCall(m.payload.body))!;
  expect(p.payload).toMatchObject({ url: link, lang: 'zh' });
  const mail = smtp.mails.find((m) => isCall(m.subject))!;
  expect(mail.to).toEqual(['dieuvan@bangtuong.vn']);
  expect(mail.subject).toContain(`hạn đến cổng ${hhmm}`);
  expect(mail.text).toContain(`Hạn đến cổng ${hhmm}`);
  expect(mail.text).toContain('请于');
  expect(mail.text).toContain(link);
  // The acceptance went out before (no push: the browser subscribed after it); nothing else did.
  expect(esms.messages.filter((m) => m.content.includes(first.plate))).toHaveLength(2);
  // Receipts: eSMS's callback and Zalo's webhook confirm delivery, and with them the call is reached.
  await eventually(async () => {
    expect((await callMessages(first.vehicleId)).map((m) => [m.channel, m.status])).toEqual([
      ['email', 'DELIVERED'],
      ['push', 'SENT'],
      ['sms', 'DELIVERED'],
      ['zns', 'DELIVERED'],
    ]);
    expect(
      await rows('SELECT 1 FROM notifications.call_watches WHERE vehicle_id = $1 AND reached_at IS NOT NULL', [
        first.vehicleId,
      ]),
    ).toHaveLength(1);
  });
});

it('refuses a delivery receipt with a bad signature (401) and records nothing', async () => {
  const [sms] = (await callMessages(first.vehicleId)).filter((m) => m.channel === 'sms');
  const before = await rows('SELECT count(*)::int AS n FROM notifications.delivery_receipts');
  const forged = await http().get(
    `/api/notifications/receipts/esms?ref=${sms.id}&sig=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA&SendStatus=4&SMSID=x`,
  );
  expect(forged.status).toBe(401);
  const unsigned = await http().get(`/api/notifications/receipts/esms?ref=${sms.id}&SendStatus=4`);
  expect(unsigned.status).toBe(401);
  const zalo = await zns.deliveryReport('forged', sms.id, 'not-the-oa-secret');
  expect(zalo.status).toBe(401);
  const noHeader = await http()
    .post('/api/notifications/receipts/zalo')
    .send({ event_name: 'user_received_message', timestamp: '1' });
  expect(noHeader.status).toBe(401);
  expect(await rows('SELECT count(*)::int AS n FROM notifications.delivery_receipts')).toEqual(before);
  expect((await callMessages(first.vehicleId)).find((m) => m.channel === 'sms')!.status).toBe('DELIVERED');
});

it('an SMS gateway answering 429 is asked again after its Retry-After, and the SMS goes out exactly once', async () => {
  const attemptAt = clock.now().getTime();
  const c = await calledTruck({
    owner: firm,
    language: 'en',
    // Once the acceptance's SMS is out, the gateway turns busy for one request: the call's.
    beforeCall: async () => {
      await eventually(() => expect(esms.messages.filter((m) => m.content.includes('accepted'))).not.toHaveLength(0));
      await esms.server.set({ mode: 'busy', count: 1, retryAfterSeconds: 7 });
    },
  });
  await eventually(async () => {
    const [sms] = (await callMessages(c.vehicleId)).filter((m) => m.channel === 'sms');
    expect(sms).toMatchObject({ status: 'PENDING', attempts: 1 });
    expect(new Date(sms.next_attempt_at).getTime() - attemptAt).toBe(7000);
  });
  expect(esms.server.refused).toBe(1);
  expect(esms.messages.filter((m) => m.content.includes(c.plate))).toHaveLength(1); // the acceptance only
  clock.advance(7000);
  await eventually(async () => {
    const [sms] = (await callMessages(c.vehicleId)).filter((m) => m.channel === 'sms');
    expect(sms.attempts).toBe(2);
    expect(['SENT', 'DELIVERED']).toContain(sms.status);
  });
  await sleep(300);
  const calls = esms.messages.filter((m) => m.content.includes(c.plate) && m.content.includes('Reach the gate'));
  expect(calls).toHaveLength(1);
});

it('with the SMS gateway down, an unreached call shows on the yard board in the configured time and the firm is told', async () => {
  const other = await registerFirm(http, 'Công ty CP Logistics Đồng Đăng');
  await http()
    .put('/api/notifications/settings')
    .set('authorization', other.auth)
    .send({ driverChannels: ['sms'], emailEnabled: true, email: 'trucban@dongdang.vn' });
  await esms.server.set({ mode: 'down' });
  const c = await calledTruck({ owner: other, language: 'vi' });
  const unreached = async () => {
    const q = await http().get('/api/gates/HUU_NGHI/queue').set('authorization', yard.auth);
    return (q.body.entries as { id: string; callUnreached: boolean }[]).find((e) => e.id === c.entryId)!.callUnreached;
  };
  await eventually(async () => {
    const [sms] = (await callMessages(c.vehicleId)).filter((m) => m.channel === 'sms');
    expect(sms.attempts).toBeGreaterThanOrEqual(1);
    expect(sms.status).toBe('PENDING');
  });
  clock.advance((CALL_REACH_SECONDS - 1) * 1000);
  await sleep(500);
  expect(await unreached()).toBe(false);
  clock.advance(2000);
  await eventually(async () => expect(await unreached()).toBe(true));
  await eventually(() =>
    expect(
      smtp.mails.filter((m) => m.to[0] === 'trucban@dongdang.vn' && m.subject.includes('chưa liên lạc được')),
    ).toHaveLength(1),
  );
  await esms.server.set({ mode: 'up' });
});

it('each gate escalates an unreached call after its own time to reach the driver, set by the administrator', async () => {
  const setReach = async (gate: string, callReachMinutes: number | null) => {
    const res = await http().patch(`/api/gates/${gate}`).set('authorization', admin.auth).send({ callReachMinutes });
    expect(res.status).toBe(200);
    expect(res.body.callReachMinutes).toBe(callReachMinutes);
  };
  await Promise.all([setReach('HUU_NGHI', 2), setReach('TAN_THANH', 5)]);
  // Audited like every other gate setting: who changed it, from what to what.
  const history = await http().get('/api/gates/TAN_THANH/history').set('authorization', admin.auth);
  expect(history.body[0].changes).toEqual([{ field: 'callReachMinutes', before: null, after: 5 }]);
  const [tanCustoms, tanYard, owner] = await Promise.all([
    createOfficer(http, admin, 'CUSTOMS', ['TAN_THANH']),
    createOfficer(http, admin, 'YARD_OPERATOR', ['TAN_THANH']),
    registerFirm(http, 'Công ty TNHH Vận tải Hai Cửa'),
  ]);
  const tanThanh = { gate: 'TAN_THANH', customs: tanCustoms, yard: tanYard };
  await http()
    .put('/api/notifications/settings')
    .set('authorization', owner.auth)
    .send({ driverChannels: ['sms'], emailEnabled: false });
  await esms.server.set({ mode: 'down' });
  const [a, b] = await Promise.all([
    calledTruck({ owner, language: 'vi' }),
    calledTruck({ owner, language: 'vi', at: tanThanh }),
  ]);
  const unreached = async (gate: string, viewer: Session, entryId: string) => {
    const q = await http().get(`/api/gates/${gate}/queue`).set('authorization', viewer.auth);
    return (q.body.entries as { id: string; callUnreached: boolean }[]).find((e) => e.id === entryId)!.callUnreached;
  };
  const state = async () => [
    await unreached('HUU_NGHI', yard, a.entryId),
    await unreached('TAN_THANH', tanThanh.yard, b.entryId),
  ];
  // Both calls are watched from the moment their event is applied, each for its gate's time.
  const watches = await eventually(async () => {
    const w = await rows(
      `SELECT vehicle_id, extract(epoch FROM reach_by - called_at)::int AS seconds, reach_by
         FROM notifications.call_watches WHERE vehicle_id = ANY($1)`,
      [[a.vehicleId, b.vehicleId]],
    );
    expect(w).toHaveLength(2);
    return new Map(w.map((r) => [r.vehicle_id as string, r as { seconds: number; reach_by: Date }]));
  });
  expect([watches.get(a.vehicleId)!.seconds, watches.get(b.vehicleId)!.seconds]).toEqual([120, 300]);
  const until = (v: Called) => watches.get(v.vehicleId)!.reach_by.getTime() - clock.now().getTime();
  clock.advance(until(a) - 1000);
  await sleep(500);
  expect(await state()).toEqual([false, false]);
  clock.advance(2000);
  await eventually(async () => expect(await state()).toEqual([true, false]));
  clock.advance(until(b) - 1000);
  await sleep(500);
  expect(await state()).toEqual([true, false]);
  clock.advance(2000);
  await eventually(async () => expect(await state()).toEqual([true, true]));
  await esms.server.set({ mode: 'up' });
  await Promise.all([setReach('HUU_NGHI', null), setReach('TAN_THANH', null)]);
});

it('a restart of the notification service in the middle of a delivery sends nothing twice', async () => {
  await esms.server.set({ mode: 'slow', delayMs: 1500 });
  const received = esms.server.received;
  const c = await calledTruck({ owner: firm, language: 'vi' });
  // The call's SMS is on its way to the (slow) gateway: stop the service now, and start it again.
  await eventually(() => expect(esms.server.received).toBeGreaterThanOrEqual(received + 2), 15000);
  const port = t.config.port;
  await db.end();
  await t.close();
  t = await boot(port);
  db = new pg.Client({ connectionString: t.databaseUrl });
  await db.connect();
  await esms.server.set({ mode: 'up' });
  await eventually(async () => {
    const messages = await callMessages(c.vehicleId);
    expect(messages.map((m) => m.channel)).toEqual(['email', 'sms', 'zns']);
    for (const m of messages) expect(['SENT', 'DELIVERED']).toContain(m.status);
  }, 15000);
  await sleep(500);
  const hhmm = vietnamTime(c.deadline);
  expect(esms.messages.filter((m) => m.content.includes(c.plate) && m.content.includes(hhmm))).toHaveLength(1);
  expect(
    zns.messages.filter((m) => m.templateData.plate === c.plate && m.templateData.content.includes(hhmm)),
  ).toHaveLength(1);
  expect(smtp.mails.filter((m) => m.subject.includes(c.plate) && m.subject.includes(hhmm))).toHaveLength(1);
});

it('tells a gate’s queued drivers once of each suspension and resumption, however the events are batched, and not of a replayed older one', async () => {
  // A truck waiting at Tân Thanh as the yard's events describe it, delivered to the service's endpoint in batches
  // as a relay would: several changes of the gate in one batch are applied in order, each against the state the
  // one before it left, and the last is what is recorded.
  const vehicleId = randomUUID();
  const entry = {
    id: randomUUID(),
    vehicleId,
    declarationId: randomUUID(),
    firmId: firm.user.firm!.id,
    gate: 'TAN_THANH',
    plate: uniqueVnPlate(),
    driver: { name: 'Hoàng Văn Nam', phone: '+84912000111', document: { type: 'CCCD', number: '020123456780' } },
    status: 'CHECKED_IN',
    window: { start: '2026-12-01T02:00:00.000Z', end: '2026-12-01T02:30:00.000Z' },
    calledAt: null,
    callDeadline: null,
  };
  const [seen] = await rows(`SELECT version::int AS v FROM notifications.notify_gates WHERE gate = 'TAN_THANH'`);
  // Past any version the yard has sent of this gate, so its own events do not interleave with these.
  const base = Number(seen?.v ?? 0) + 1000;
  const suspension = { reason: 'Kiểm tra liên ngành', from: '2026-12-01T00:00:00.000Z', until: null };
  const event = (version: number, suspended: boolean, entries: object[] = []) => ({
    id: randomUUID(),
    type: 'queue.changed',
    aggregateId: 'TAN_THANH',
    producer: 'yard_queue',
    occurredAt: clock.now().toISOString(),
    sequence: version,
    payload: {
      gate: 'TAN_THANH',
      version,
      reason: suspended ? 'suspend' : 'resume',
      entries,
      gateState: {
        code: 'TAN_THANH',
        name: 'Cửa khẩu Tân Thanh',
        version,
        suspension: suspended ? suspension : null,
        callReachMinutes: null,
      },
      actor: null,
    },
  });
  const deliver = async (...events: object[]) => {
    const res = await http()
      .post('/api/internal/notifications/events')
      .set('authorization', `Bearer ${t.config.internalToken}`)
      .send({ events });
    expect(res.status).toBe(204);
  };
  const notices = async () =>
    (
      await rows(
        `SELECT kind, count(DISTINCT notice)::int AS n FROM notifications.messages
          WHERE subject_id = $1 AND kind IN ('suspended', 'resumed') GROUP BY kind ORDER BY kind`,
        [vehicleId],
      )
    ).map((r) => `${r.kind} ${r.n}`);
  const gate = async () =>
    (await rows(`SELECT suspended, version::int AS v FROM notifications.notify_gates WHERE gate = 'TAN_THANH'`))[0];

  await deliver(event(base + 1, false, [entry]));
  expect(await notices()).toEqual([]);
  await deliver(event(base + 2, true), event(base + 3, true), event(base + 4, false));
  expect(await notices()).toEqual(['resumed 1', 'suspended 1']);
  expect(await gate()).toEqual({ suspended: false, v: base + 4 });
  // An older change delivered late (a redelivery under a new id): nothing to tell, nothing recorded.
  await deliver(event(base + 3, true));
  expect(await notices()).toEqual(['resumed 1', 'suspended 1']);
  expect(await gate()).toEqual({ suspended: false, v: base + 4 });
  await deliver(event(base + 5, true));
  expect(await notices()).toEqual(['resumed 1', 'suspended 2']);
  expect(await gate()).toEqual({ suspended: true, v: base + 5 });
});
