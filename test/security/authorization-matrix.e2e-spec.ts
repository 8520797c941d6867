import { randomUUID } from 'node:crypto';
import { ManualClock } from '#libs/clock/src/index.js';
import { normalisePlateKey } from '#libs/domain/src/index.js';
import type { VehicleSnapshot } from '#libs/events/src/index.js';
import {
  amendmentOf,
  createOfficer,
  declarationBody,
  login,
  registerFirm,
  type Session,
  TEST_ADMIN,
  type TestApp,
  uniqueVnPlate,
} from '#libs/testing/src/index.js';
import { DeclarationEventsConsumer } from '../../apps/yard-queue/src/events/declaration-events.consumer.js';
import { createStatsTestApp } from '../../apps/statistics/test/stats-fixtures.js';

// Every endpoint × every role × own / other firm / other gate, each on a freshly prepared object, so one
// case's outcome cannot change another's. Tuesday 1 December 2026, 07:40 local: the gates are open.
const clock = new ManualClock('2026-12-01T00:40:00.000Z');
let t: TestApp;
const http = () => t.http();
type Role =
  | 'anon'
  | 'firm'
  | 'otherFirm'
  | 'customs'
  | 'customsOtherGate'
  | 'guard'
  | 'yard'
  | 'yardOtherGate'
  | 'leader'
  | 'admin';
const ROLES: Role[] = [
  'anon',
  'firm',
  'otherFirm',
  'customs',
  'customsOtherGate',
  'guard',
  'yard',
  'yardOtherGate',
  'leader',
  'admin',
];
const s = {} as Record<Exclude<Role, 'anon'>, Session>;

beforeAll(async () => {
  t = await createStatsTestApp('authz', clock);
  s.admin = await login(http, TEST_ADMIN.email, TEST_ADMIN.password);
  s.firm = await registerFirm(http, 'Công ty Chủ tờ khai');
  s.otherFirm = await registerFirm(http, 'Công ty Khác');
  s.customs = await createOfficer(http, s.admin, 'CUSTOMS', ['HUU_NGHI']);
  s.customsOtherGate = await createOfficer(http, s.admin, 'CUSTOMS', ['TAN_THANH']);
  s.guard = await createOfficer(http, s.admin, 'BORDER_GUARD', ['HUU_NGHI']);
  s.yard = await createOfficer(http, s.admin, 'YARD_OPERATOR', ['HUU_NGHI']);
  s.yardOtherGate = await createOfficer(http, s.admin, 'YARD_OPERATOR', ['TAN_THANH']);
  const leader = { email: 'lanhdao@test.vn', password: 'lanhdao-pass-1', role: 'LEADERSHIP', gates: [] };
  expect((await http().post('/api/users').set(auth('admin')).send(leader)).status).toBe(201);
  s.leader = await login(http, leader.email, leader.password);
});
afterAll(() => t?.close());

const auth = (role: Role) => (role === 'anon' ? {} : { authorization: s[role].auth });

async function call(
  role: Role,
  method: 'get' | 'post' | 'patch' | 'delete',
  path: string,
  body?: object,
): Promise<number> {
  const r = http()[method](path).set(auth(role));
  return (body ? await r.send(body) : await r).status;
}

/** A declaration of the owning firm at Hữu Nghị, in the given stage. */
async function declaration(
  stage: 'DRAFT' | 'SUBMITTED' | 'ACCEPTED',
): Promise<{ id: string; body: ReturnType<typeof declarationBody> }> {
  const body = declarationBody({ arrival: new Date(clock.now().getTime() + 3600_000).toISOString() });
  const d = (await http().post('/api/declarations').set(auth('firm')).send(body)).body;
  if (stage !== 'DRAFT') await http().post(`/api/declarations/${d.id}/submit`).set(auth('firm'));
  if (stage === 'ACCEPTED') await http().post(`/api/declarations/${d.id}/accept`).set(auth('customs'));
  return { id: d.id, body };
}

/** The yard's vehicle id of each plate `acceptedVehicle` delivered. */
const vehicleIds = new Map<string, string>();

/** An accepted vehicle of the owning firm, known to the yard (delivered as the relay delivers it), with its fee. */
async function acceptedVehicle(): Promise<string> {
  const plate = uniqueVnPlate();
  const v: VehicleSnapshot = {
    fee: { feeClass: 'FROM_10T_TO_20T', amountVnd: 150_000, effectiveFrom: '2026-01-01' },
    vehicleId: randomUUID(),
    declarationId: randomUUID(),
    firmId: s.firm.user.firm!.id,
    firmName: 'Công ty Chủ tờ khai',
    gate: 'HUU_NGHI',
    direction: 'EXPORT',
    plate,
    plateKey: normalisePlateKey(plate)!,
    trailerPlate: null,
    nationality: 'VN',
    containerNumber: null,
    sealNumber: null,
    driverName: 'Lò Văn Sáng',
    driverDocument: { type: 'CCCD', number: '020123456789' },
    driverPhone: '+84912345678',
    driverLanguage: 'vi',
    priorityClass: 'GENERAL',
    quarantineRequired: false,
    goodsCategories: ['GENERAL'],
    expectedArrival: clock.now().toISOString(),
    version: 1,
  };
  await t.app.get(DeclarationEventsConsumer).handle([
    {
      id: randomUUID(),
      type: 'declaration.accepted',
      aggregateId: v.declarationId,
      producer: 'test',
      occurredAt: clock.now().toISOString(),
      sequence: 0,
      payload: {
        declarationId: v.declarationId,
        firmId: v.firmId,
        gate: 'HUU_NGHI',
        automatic: false,
        vehicles: [v],
      },
    },
  ]);
  vehicleIds.set(plate, v.vehicleId);
  return plate;
}

/** A vehicle at Hữu Nghị whose fee is owed, or already paid at the yard. */
async function feeVehicle(paid = false): Promise<string> {
  const id = vehicleIds.get(await acceptedVehicle())!;
  if (paid)
    await http()
      .post(`/api/fees/vehicles/${id}/payment`)
      .set(auth('yard'))
      .send({ method: 'CASH', receiptNumber: `HN-${randomUUID().slice(0, 8)}` });
  return id;
}

/** A queue entry at Hữu Nghị brought to the given state by the admin (and the agencies for CLEARED). */
async function entry(state: 'CHECKED_IN' | 'CALLED' | 'AT_GATE' | 'HELD' | 'CLEARED'): Promise<string> {
  const plate = await acceptedVehicle();
  const id = (await http().post('/api/check-ins').set(auth('yard')).send({ gate: 'HUU_NGHI', plate })).body.id;
  const steps: Record<string, string[]> = {
    CHECKED_IN: [],
    CALLED: ['call'],
    AT_GATE: ['call', 'arrive'],
    HELD: ['call', 'arrive', 'hold'],
    CLEARED: ['call', 'arrive'],
  };
  for (const a of steps[state]) await http().post(`/api/queue-entries/${id}/${a}`).set(auth('admin')).send({});
  if (state === 'CLEARED') {
    await http().post(`/api/queue-entries/${id}/confirm`).set(auth('customs')).send({ agency: 'CUSTOMS' });
    await http().post(`/api/queue-entries/${id}/confirm`).set(auth('guard')).send({ agency: 'BORDER_GUARD' });
  }
  return id;
}

/** A fresh webhook subscription of the owning firm (its earlier ones ended: a firm holds at most ten). */
async function webhook(): Promise<string> {
  for (const w of (await http().get('/api/webhooks').set(auth('firm'))).body as { id: string }[])
    await http().delete(`/api/webhooks/${w.id}`).set(auth('firm'));
  const body = { url: 'https://erp.example.vn/hooks', eventTypes: ['vehicle.called'] };
  return (await http().post('/api/webhooks').set(auth('firm')).send(body)).body.id;
}

type Expect = Record<Role, number>;
const all = (status: number, except: Partial<Expect> = {}): Expect =>
  ({ ...Object.fromEntries(ROLES.map((r) => [r, status])), ...except }) as Expect;

interface Case {
  name: string;
  run: (role: Role) => Promise<number>;
  expect: Expect;
}

const OFFICERS_OF_GATE = { customs: 200, guard: 200, yard: 200, admin: 200 };
/** The leadership dashboard's readers. */
const DASHBOARD = all(403, { anon: 401, leader: 200, admin: 200 });
/** The yard's fee desk: its own gate only. */
const FEE_DESK = (status: number) => all(403, { anon: 401, yard: status, admin: status });
/** The first day a new rate may take effect is tomorrow: each added rate is a later day. */
let tariffDay = 0;
const CASES: Case[] = [
  {
    name: 'GET /api/declarations/:id',
    run: async (r) => call(r, 'get', `/api/declarations/${(await declaration('DRAFT')).id}`),
    expect: all(404, { anon: 401, firm: 200, ...OFFICERS_OF_GATE }),
  },
  {
    name: 'GET /api/declarations/:id/audit',
    run: async (r) => call(r, 'get', `/api/declarations/${(await declaration('DRAFT')).id}/audit`),
    expect: all(404, { anon: 401, firm: 200, ...OFFICERS_OF_GATE }),
  },
  {
    name: 'GET /api/declarations/:id/versions',
    run: async (r) => call(r, 'get', `/api/declarations/${(await declaration('DRAFT')).id}/versions`),
    expect: all(404, { anon: 401, firm: 200, ...OFFICERS_OF_GATE }),
  },
  { name: 'GET /api/declarations', run: (r) => call(r, 'get', '/api/declarations'), expect: all(200, { anon: 401 }) },
  {
    name: 'POST /api/declarations',
    run: (r) =>
      call(
        r,
        'post',
        '/api/declarations',
        declarationBody({ arrival: new Date(clock.now().getTime() + 3600_000).toISOString() }),
      ),
    expect: all(403, { anon: 401, firm: 201, otherFirm: 201 }),
  },
  {
    name: 'PATCH /api/declarations/:id',
    run: async (r) => {
      const d = await declaration('DRAFT');
      return call(r, 'patch', `/api/declarations/${d.id}`, amendmentOf(d.body));
    },
    expect: all(403, { anon: 401, firm: 200, otherFirm: 404 }),
  },
  {
    name: 'POST /api/declarations/:id/submit',
    run: async (r) => call(r, 'post', `/api/declarations/${(await declaration('DRAFT')).id}/submit`),
    expect: all(403, { anon: 401, firm: 200, otherFirm: 404 }),
  },
  {
    name: 'POST /api/declarations/:id/cancel',
    run: async (r) => call(r, 'post', `/api/declarations/${(await declaration('DRAFT')).id}/cancel`, {}),
    expect: all(403, { anon: 401, firm: 200, otherFirm: 404, admin: 200 }),
  },
  {
    name: 'POST /api/declarations/:id/accept',
    run: async (r) => call(r, 'post', `/api/declarations/${(await declaration('SUBMITTED')).id}/accept`),
    expect: all(403, { anon: 401, customs: 200, admin: 200 }),
  },
  {
    name: 'POST /api/declarations/:id/reject',
    run: async (r) =>
      call(r, 'post', `/api/declarations/${(await declaration('SUBMITTED')).id}/reject`, { reason: 'Thiếu chứng từ' }),
    expect: all(403, { anon: 401, customs: 200, admin: 200 }),
  },
  {
    name: 'POST /api/declarations/:id/correction-requests',
    run: async (r) =>
      call(r, 'post', `/api/declarations/${(await declaration('SUBMITTED')).id}/correction-requests`, {
        message: 'Sửa số container',
      }),
    expect: all(403, { anon: 401, customs: 201, admin: 201 }),
  },
  {
    name: 'GET /api/vehicles?plate=',
    run: (r) => call(r, 'get', '/api/vehicles?plate=12C-123.45'),
    expect: all(200, { anon: 401 }),
  },
  { name: 'GET /api/users/me', run: (r) => call(r, 'get', '/api/users/me'), expect: all(200, { anon: 401 }) },
  { name: 'GET /api/users', run: (r) => call(r, 'get', '/api/users'), expect: all(403, { anon: 401, admin: 200 }) },
  {
    name: 'POST /api/users',
    run: (r) =>
      call(r, 'post', '/api/users', {
        email: `${randomUUID()}@test.vn`,
        password: 'officer-pass-1',
        role: 'CUSTOMS',
        gates: ['HUU_NGHI'],
      }),
    expect: all(403, { anon: 401, admin: 201 }),
  },
  {
    name: 'PATCH /api/users/:id',
    run: async (r) => {
      const spare = await http()
        .post('/api/users')
        .set(auth('admin'))
        .send({ email: `${randomUUID()}@test.vn`, password: 'officer-pass-1', role: 'CUSTOMS', gates: ['HUU_NGHI'] });
      return call(r, 'patch', `/api/users/${spare.body.id}`, { disabled: true });
    },
    expect: all(403, { anon: 401, admin: 200 }),
  },
  { name: 'GET /api/gates', run: (r) => call(r, 'get', '/api/gates'), expect: all(200) },
  {
    name: 'PATCH /api/gates/:code',
    run: (r) => call(r, 'patch', '/api/gates/HUU_NGHI', { graceMinutes: 30 }),
    expect: all(403, { anon: 401, admin: 200 }),
  },
  {
    name: 'POST /api/gates/:code/suspend',
    run: async (r) => {
      const status = await call(r, 'post', '/api/gates/TAN_THANH/suspend', { reason: 'Kiểm thử phân quyền' });
      if (status === 200) await call('admin', 'post', '/api/gates/TAN_THANH/resume', {});
      return status;
    },
    expect: all(403, { anon: 401, admin: 200 }),
  },
  {
    name: 'POST /api/gates/:code/preview',
    run: (r) => call(r, 'post', '/api/gates/HUU_NGHI/preview', { graceMinutes: 30 }),
    expect: all(403, { anon: 401, admin: 200 }),
  },
  {
    name: 'POST /api/gates/:code/suspend/preview',
    run: (r) => call(r, 'post', '/api/gates/TAN_THANH/suspend/preview', { reason: 'Kiểm thử phân quyền' }),
    expect: all(403, { anon: 401, admin: 200 }),
  },
  {
    name: 'GET /api/gates/:code/history',
    run: (r) => call(r, 'get', '/api/gates/HUU_NGHI/history'),
    expect: all(403, { anon: 401, admin: 200 }),
  },
  {
    name: 'POST /api/check-ins',
    run: async (r) => call(r, 'post', '/api/check-ins', { gate: 'HUU_NGHI', plate: await acceptedVehicle() }),
    expect: all(403, { anon: 401, yard: 201, admin: 201 }),
  },
  {
    name: 'GET /api/gates/:code/queue',
    run: (r) => call(r, 'get', '/api/gates/HUU_NGHI/queue'),
    expect: all(403, { anon: 401, ...OFFICERS_OF_GATE }),
  },
  {
    name: 'GET /api/public/gates/:code/queue',
    run: (r) => call(r, 'get', '/api/public/gates/HUU_NGHI/queue'),
    expect: all(200),
  },
  {
    name: 'GET /api/public/fairness/:gate',
    run: (r) => call(r, 'get', '/api/public/fairness/HUU_NGHI'),
    expect: all(200),
  },
  {
    name: 'POST /api/gates/:code/call-next',
    run: async (r) => {
      await entry('CHECKED_IN');
      return call(r, 'post', '/api/gates/HUU_NGHI/call-next', { direction: 'EXPORT' });
    },
    expect: all(403, { anon: 401, customs: 200, admin: 200 }),
  },
  {
    name: 'GET /api/queue-entries/:id',
    run: async (r) => call(r, 'get', `/api/queue-entries/${await entry('CHECKED_IN')}`),
    expect: all(404, { anon: 401, firm: 200, ...OFFICERS_OF_GATE }),
  },
  {
    name: 'POST /api/queue-entries/:id/call',
    run: async (r) => call(r, 'post', `/api/queue-entries/${await entry('CHECKED_IN')}/call`, {}),
    expect: all(403, { anon: 401, customs: 200, admin: 200 }),
  },
  {
    name: 'POST /api/queue-entries/:id/arrive',
    run: async (r) => call(r, 'post', `/api/queue-entries/${await entry('CALLED')}/arrive`, {}),
    expect: all(403, { anon: 401, customs: 200, guard: 200, admin: 200 }),
  },
  {
    name: 'POST /api/queue-entries/:id/confirm CUSTOMS',
    run: async (r) => call(r, 'post', `/api/queue-entries/${await entry('AT_GATE')}/confirm`, { agency: 'CUSTOMS' }),
    expect: all(403, { anon: 401, customs: 200 }),
  },
  {
    name: 'POST /api/queue-entries/:id/confirm BORDER_GUARD',
    run: async (r) =>
      call(r, 'post', `/api/queue-entries/${await entry('AT_GATE')}/confirm`, { agency: 'BORDER_GUARD' }),
    expect: all(403, { anon: 401, guard: 200 }),
  },
  {
    name: 'POST /api/queue-entries/:id/hold',
    run: async (r) => call(r, 'post', `/api/queue-entries/${await entry('AT_GATE')}/hold`, {}),
    expect: all(403, { anon: 401, customs: 200, guard: 200, admin: 200 }),
  },
  {
    name: 'POST /api/queue-entries/:id/release',
    run: async (r) => call(r, 'post', `/api/queue-entries/${await entry('HELD')}/release`, {}),
    expect: all(403, { anon: 401, customs: 200, admin: 200 }),
  },
  {
    name: 'POST /api/queue-entries/:id/turn-back',
    run: async (r) => call(r, 'post', `/api/queue-entries/${await entry('AT_GATE')}/turn-back`, {}),
    expect: all(403, { anon: 401, customs: 200, admin: 200 }),
  },
  {
    name: 'POST /api/queue-entries/:id/no-show',
    run: async (r) => call(r, 'post', `/api/queue-entries/${await entry('CALLED')}/no-show`, {}),
    expect: all(403, { anon: 401, customs: 200, admin: 200 }),
  },
  {
    name: 'POST /api/queue-entries/:id/cross',
    run: async (r) => call(r, 'post', `/api/queue-entries/${await entry('CLEARED')}/cross`, {}),
    expect: all(403, { anon: 401, guard: 200, admin: 200 }),
  },
  {
    name: 'POST /api/queue-entries/:id/cancel',
    run: async (r) => call(r, 'post', `/api/queue-entries/${await entry('CHECKED_IN')}/cancel`, {}),
    expect: all(403, { anon: 401, yard: 200, admin: 200 }),
  },
  {
    name: 'GET /api/webhooks',
    run: (r) => call(r, 'get', '/api/webhooks'),
    expect: all(403, { anon: 401, firm: 200, otherFirm: 200 }),
  },
  {
    name: 'POST /api/webhooks',
    run: (r) =>
      call(r, 'post', '/api/webhooks', { url: 'https://erp.example.vn/hooks', eventTypes: ['vehicle.called'] }),
    expect: all(403, { anon: 401, firm: 201, otherFirm: 201 }),
  },
  {
    name: 'DELETE /api/webhooks/:id',
    run: async (r) => call(r, 'delete', `/api/webhooks/${await webhook()}`),
    expect: all(403, { anon: 401, firm: 204, otherFirm: 404 }),
  },
  {
    name: 'POST /api/webhooks/:id/replay',
    run: async (r) => call(r, 'post', `/api/webhooks/${await webhook()}/replay`, { from: 0 }),
    expect: all(403, { anon: 401, firm: 201, otherFirm: 404 }),
  },
  {
    name: 'GET /api/webhooks/:id/deliveries',
    run: async (r) => call(r, 'get', `/api/webhooks/${await webhook()}/deliveries`),
    expect: all(403, { anon: 401, firm: 200, otherFirm: 404 }),
  },
  {
    name: 'GET /api/fleet',
    run: (r) => call(r, 'get', '/api/fleet'),
    expect: all(403, { anon: 401, firm: 200, otherFirm: 200 }),
  },
  {
    name: 'GET /api/fleet-book',
    run: (r) => call(r, 'get', '/api/fleet-book'),
    expect: all(403, { anon: 401, firm: 200, otherFirm: 200 }),
  },
  {
    // Nobody's book holds this truck: a firm is let through to find nothing, everyone else is stopped.
    name: 'DELETE /api/fleet-book/vehicles/:plateKey',
    run: (r) => call(r, 'delete', '/api/fleet-book/vehicles/99C99999'),
    expect: all(403, { anon: 401, firm: 404, otherFirm: 404 }),
  },
  {
    name: 'DELETE /api/fleet-book/drivers/:type/:number',
    run: (r) => call(r, 'delete', '/api/fleet-book/drivers/CCCD/001099999999'),
    expect: all(403, { anon: 401, firm: 404, otherFirm: 404 }),
  },
  {
    name: 'GET /api/fees/vehicles?gate=&plate=',
    run: async (r) => call(r, 'get', `/api/fees/vehicles?gate=HUU_NGHI&plate=${await acceptedVehicle()}`),
    expect: FEE_DESK(200),
  },
  {
    name: 'GET /api/fees/vehicles/:vehicleId',
    run: async (r) => call(r, 'get', `/api/fees/vehicles/${await feeVehicle()}`),
    expect: FEE_DESK(200),
  },
  {
    name: 'POST /api/fees/vehicles/:vehicleId/payment',
    run: async (r) =>
      call(r, 'post', `/api/fees/vehicles/${await feeVehicle()}/payment`, {
        method: 'TRANSFER',
        receiptNumber: `HN-${randomUUID().slice(0, 8)}`,
      }),
    expect: FEE_DESK(201),
  },
  {
    name: 'POST /api/fees/vehicles/:vehicleId/refunds',
    run: async (r) =>
      call(r, 'post', `/api/fees/vehicles/${await feeVehicle(true)}/refunds`, {
        amountVnd: 50_000,
        reason: 'Thu nhầm hạng xe',
      }),
    expect: FEE_DESK(201),
  },
  {
    name: 'GET /api/fees/reports/daily',
    run: (r) => call(r, 'get', '/api/fees/reports/daily?gate=HUU_NGHI&format=csv'),
    expect: FEE_DESK(200),
  },
  { name: 'GET /api/fees/tariff', run: (r) => call(r, 'get', '/api/fees/tariff'), expect: all(200) },
  {
    name: 'POST /api/fees/tariff',
    run: (r) =>
      call(r, 'post', '/api/fees/tariff', {
        feeClass: 'UNDER_2T',
        effectiveFrom: `2027-01-${String(++tariffDay).padStart(2, '0')}`,
        amountVnd: 50_000,
        source: 'Kiểm thử phân quyền',
      }),
    expect: all(403, { anon: 401, admin: 201 }),
  },
  { name: 'GET /api/stats/counts', run: (r) => call(r, 'get', '/api/stats/counts?by=hour'), expect: DASHBOARD },
  { name: 'GET /api/stats/segments', run: (r) => call(r, 'get', '/api/stats/segments'), expect: DASHBOARD },
  {
    name: 'GET /api/stats/responses',
    run: (r) => call(r, 'get', '/api/stats/responses?from=2026-10-01&to=2026-12-01'),
    expect: DASHBOARD,
  },
  { name: 'GET /api/stats/queue', run: (r) => call(r, 'get', '/api/stats/queue'), expect: DASHBOARD },
  {
    name: 'GET /api/eta/accuracy',
    run: (r) => call(r, 'get', '/api/eta/accuracy'),
    expect: all(403, { anon: 401, admin: 200 }),
  },
  {
    name: 'GET /api/eta/accuracy/days',
    run: (r) => call(r, 'get', '/api/eta/accuracy/days?from=2026-11-01&to=2026-12-01'),
    expect: DASHBOARD,
  },
  {
    name: 'GET /api/public/open-data/current',
    run: (r) => call(r, 'get', '/api/public/open-data/current'),
    expect: all(200),
  },
  {
    name: 'GET /api/public/open-data/history',
    run: (r) => call(r, 'get', '/api/public/open-data/history?format=csv'),
    expect: all(200),
  },
];

it.each(CASES.map((c) => [c.name, c] as const))('%s: every role gets exactly its status', async (_name, c) => {
  const got = {} as Expect;
  for (const role of ROLES) got[role] = await c.run(role);
  expect(got).toEqual(c.expect);
});
