import pg from 'pg';
import { ManualClock } from '#libs/clock/src/index.js';
import {
  acceptedDeclaration,
  amendmentOf,
  createOfficer,
  declarationBody,
  eventually,
  login,
  PUBLIC_BOARD_FIELDS,
  registerFirm,
  type Session,
  TEST_ADMIN,
  type TestApp,
  uniqueVnPlate,
} from '#libs/testing/src/index.js';
import { QueueService } from '../src/queue/queue.service.js';
import { createPlatformTestApp, seedAcceptedVehicles } from './yard-fixtures.js';

// Tuesday 1 December 2026, 07:40 in Lạng Sơn (UTC+7): Hữu Nghị is open 07:00–19:00.
const START = '2026-12-01T00:40:00.000Z';
const clock = new ManualClock(START);
let t: TestApp;
let db: pg.Client;
let admin: Session,
  firm: Session,
  otherFirm: Session,
  customs: Session,
  customsTT: Session,
  guard: Session,
  yard: Session,
  yardTT: Session;
const http = () => t.http();
const arrival = () => new Date(clock.now().getTime() + 3600_000).toISOString();

beforeAll(async () => {
  t = await createPlatformTestApp('queue_flow', clock);
  db = new pg.Client({ connectionString: t.databaseUrl });
  await db.connect();
  admin = await login(http, TEST_ADMIN.email, TEST_ADMIN.password);
  firm = await registerFirm(http, 'Công ty TNHH Thanh Long Bình Thuận');
  otherFirm = await registerFirm(http);
  customs = await createOfficer(http, admin, 'CUSTOMS', ['HUU_NGHI']);
  customsTT = await createOfficer(http, admin, 'CUSTOMS', ['TAN_THANH']);
  guard = await createOfficer(http, admin, 'BORDER_GUARD', ['HUU_NGHI']);
  yard = await createOfficer(http, admin, 'YARD_OPERATOR', ['HUU_NGHI']);
  yardTT = await createOfficer(http, admin, 'YARD_OPERATOR', ['TAN_THANH']);
});
afterAll(async () => {
  await db?.end();
  await t?.close();
});

const checkIn = (s: Session, body: object) => http().post('/api/check-ins').set('authorization', s.auth).send(body);
const act = (s: Session, id: string, action: string, body: object = {}) =>
  http().post(`/api/queue-entries/${id}/${action}`).set('authorization', s.auth).send(body);

/** A declaration filed, submitted and accepted through the API, and known to the yard. */
async function acceptedVehicleViaApi(o: { gate?: string; category?: string } = {}) {
  const plate = uniqueVnPlate();
  const d = await acceptedDeclaration(
    http,
    firm,
    o.gate === 'TAN_THANH' ? customsTT : customs,
    declarationBody({ gate: o.gate, category: o.category, vehicles: [{ plate }], arrival: arrival() }),
  );
  // The acceptance reaches the yard through the outbox relay.
  await eventually(async () => {
    const { rows } = await db.query('SELECT 1 FROM yard_queue.vehicles WHERE vehicle_id = $1', [d.vehicles[0].id]);
    if (rows.length === 0) throw new Error('not yet relayed');
  });
  return { declaration: d, vehicle: d.vehicles[0], plate };
}

describe('check-in', () => {
  it('checks an accepted vehicle in by any spelling of its plate, issues the earliest window after now, and the firm sees it', async () => {
    const { declaration, plate } = await acceptedVehicleViaApi();
    const res = await checkIn(yard, {
      gate: 'HUU_NGHI',
      plate: plate.toLowerCase().replace('-', ' ').replace('.', ''),
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'CHECKED_IN',
      plate,
      direction: 'EXPORT',
      priorityClass: 'PRIORITY',
      position: 1,
    });
    // 07:40 now → the first 30-minute window starting after now is 08:00 local (01:00Z).
    expect(res.body.window).toEqual({ start: '2026-12-01T01:00:00.000Z', end: '2026-12-01T01:30:00.000Z' });
    const queue = await http().get('/api/gates/HUU_NGHI/queue').set('authorization', customs.auth);
    expect(queue.status).toBe(200);
    const entry = queue.body.entries.find((e: { id: string }) => e.id === res.body.id);
    expect(entry).toMatchObject({
      position: 1,
      status: 'CHECKED_IN',
      missingConfirmations: ['CUSTOMS', 'BORDER_GUARD', 'QUARANTINE'],
    });
    // The estimate follows as a change of its own (computed once for every change in a short while).
    const estimated = await eventually(async () => {
      const q = await http().get('/api/gates/HUU_NGHI/queue').set('authorization', customs.auth);
      const e = q.body.entries.find((x: { id: string }) => x.id === res.body.id);
      if (!e.eta) throw new Error('no estimate yet');
      return { ...q.body, entry: e };
    });
    expect(estimated.version).toBe(queue.body.version + 1);
    const { p10, p50, p90 } = estimated.entry.eta;
    expect(new Date(p10) < new Date(p50) && new Date(p50) < new Date(p90)).toBe(true);
    expect(new Date(p10).getTime()).toBeGreaterThanOrEqual(new Date(estimated.entry.window.start).getTime());
    const seen = await eventually(async () => {
      const d = await http().get(`/api/declarations/${declaration.id}`).set('authorization', firm.auth);
      if (d.body.vehicles[0].status !== 'CHECKED_IN') throw new Error('not yet');
      return d.body;
    });
    expect(seen.status).toBe('IN_QUEUE');
    expect(seen.vehicles[0].queue).toMatchObject({ entryId: res.body.id, window: res.body.window });
    // Frozen: the firm can no longer amend it.
    const content = amendmentOf(declarationBody({ arrival: arrival() }));
    expect(
      (await http().patch(`/api/declarations/${declaration.id}`).set('authorization', firm.auth).send(content)).status,
    ).toBe(409);
  });

  it('checks a vehicle in by the QR code of its slot slip', async () => {
    const { vehicle } = await acceptedVehicleViaApi();
    expect(vehicle.slipCode).toMatch(/^CKS1\./);
    const res = await checkIn(yard, { gate: 'HUU_NGHI', qr: vehicle.slipCode });
    expect(res.status).toBe(201);
    expect(res.body.vehicleId).toBe(vehicle.id);
    const forged = vehicle.slipCode.slice(0, -2) + (vehicle.slipCode.endsWith('AA') ? 'BB' : 'AA');
    const bad = await checkIn(yard, { gate: 'HUU_NGHI', qr: forged });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('qr');
  });

  it('refuses clearly: unknown plate, not accepted, wrong gate, already queued, wrong operator', async () => {
    const unknown = await checkIn(yard, { gate: 'HUU_NGHI', plate: uniqueVnPlate() });
    expect(unknown.status).toBe(404);
    const submittedOnly = await http()
      .post('/api/declarations')
      .set('authorization', firm.auth)
      .send(declarationBody({ arrival: arrival() }));
    await http().post(`/api/declarations/${submittedOnly.body.id}/submit`).set('authorization', firm.auth);
    expect((await checkIn(yard, { gate: 'HUU_NGHI', plate: submittedOnly.body.vehicles[0].plate })).status).toBe(404);
    const tt = await acceptedVehicleViaApi({ gate: 'TAN_THANH' });
    const wrongGate = await checkIn(yard, { gate: 'HUU_NGHI', plate: tt.plate });
    expect(wrongGate.status).toBe(409);
    expect(wrongGate.body.message).toContain('TAN_THANH');
    const { plate } = await acceptedVehicleViaApi();
    expect((await checkIn(yardTT, { gate: 'HUU_NGHI', plate })).status).toBe(403);
    expect((await checkIn(firm, { gate: 'HUU_NGHI', plate })).status).toBe(403);
    expect((await checkIn(customs, { gate: 'HUU_NGHI', plate })).status).toBe(403);
    expect((await checkIn(yard, { gate: 'HUU_NGHI', plate })).status).toBe(201);
    const again = await checkIn(yard, { gate: 'HUU_NGHI', plate });
    expect(again.status).toBe(409);
    // The state named as every message names one, and the window in Vietnam time, not a UTC instant.
    expect(again.body.message).toMatch(
      /đã có trong hàng chờ \(CHECKED_IN \(đã vào bãi chờ.*\); khung giờ bắt đầu \d{2}:\d{2} \d{2}\/\d{2}\/\d{4}\)$/,
    );
    expect(again.body.message).not.toMatch(/T\d{2}:\d{2}/);
    expect((await checkIn(yard, { gate: 'HUU_NGHI' })).status).toBe(400);
    expect((await checkIn(yard, { gate: 'NOWHERE', plate })).status).toBe(403);
  });
});

describe('at the gate', () => {
  it('calls, confirms and clears only with customs, border guard and quarantine, then records the crossing', async () => {
    const { declaration, plate } = await acceptedVehicleViaApi({ category: 'PERISHABLE' });
    const entry = (await checkIn(yard, { gate: 'HUU_NGHI', plate })).body;
    expect((await act(guard, entry.id, 'call')).status).toBe(403);
    const called = await act(customs, entry.id, 'call');
    expect(called.status).toBe(200);
    expect(called.body.status).toBe('CALLED');
    expect(new Date(called.body.callDeadline).getTime() - clock.now().getTime()).toBe(30 * 60_000);
    expect((await act(customs, entry.id, 'cross')).status).toBe(403);
    const early = await act(guard, entry.id, 'cross');
    expect(early.status).toBe(409);
    expect(early.body.message).toContain('CALLED');
    expect((await act(customs, entry.id, 'arrive')).body.status).toBe('AT_GATE');
    expect((await act(guard, entry.id, 'confirm', { agency: 'CUSTOMS' })).status).toBe(403);
    const c1 = await act(customs, entry.id, 'confirm', { agency: 'CUSTOMS', note: 'Đủ hồ sơ' });
    expect(c1.body).toMatchObject({ status: 'AT_GATE', missingConfirmations: ['BORDER_GUARD', 'QUARANTINE'] });
    expect(c1.body.confirmations.CUSTOMS).toMatchObject({ officerId: customs.user.id, note: 'Đủ hồ sơ' });
    const c2 = await act(guard, entry.id, 'confirm', { agency: 'BORDER_GUARD', note: 'Giấy tờ lái xe hợp lệ' });
    expect(c2.body).toMatchObject({ status: 'AT_GATE', missingConfirmations: ['QUARANTINE'] });
    const c3 = await act(customs, entry.id, 'confirm', { agency: 'QUARANTINE', note: 'Kiểm dịch thực vật đạt' });
    expect(c3.body).toMatchObject({ status: 'CLEARED', missingConfirmations: [] });
    const crossed = await act(guard, entry.id, 'cross');
    expect(crossed.body.status).toBe('CROSSED');
    const again = await act(customs, entry.id, 'call');
    expect(again.status).toBe(409);
    expect(again.body.message).toContain('CROSSED');
    await eventually(async () => {
      const d = await http().get(`/api/declarations/${declaration.id}`).set('authorization', firm.auth);
      if (d.body.vehicles[0].status !== 'CROSSED' || d.body.status !== 'COMPLETED')
        throw new Error(JSON.stringify(d.body.vehicles[0].status));
    });
  });

  it('holds for inspection, releases, and turns back', async () => {
    const [a, b] = await seedAcceptedVehicles(t, 2);
    const ea = (await checkIn(yard, { gate: 'HUU_NGHI', plate: a.plate })).body;
    const eb = (await checkIn(yard, { gate: 'HUU_NGHI', plate: b.plate })).body;
    for (const e of [ea, eb]) {
      await act(customs, e.id, 'call');
      await act(customs, e.id, 'arrive');
    }
    expect((await act(guard, ea.id, 'hold', { note: 'Nghi vấn hàng cấm' })).body.status).toBe('HELD');
    expect((await act(guard, ea.id, 'release')).status).toBe(403);
    await act(customs, ea.id, 'confirm', { agency: 'CUSTOMS' });
    await act(guard, ea.id, 'confirm', { agency: 'BORDER_GUARD' });
    // Confirmed while held: released back to the gate, it is cleared at once.
    expect((await act(customs, ea.id, 'release')).body.status).toBe('CLEARED');
    await act(customs, eb.id, 'hold');
    expect((await act(customs, eb.id, 'turn-back', { note: 'Hàng không đúng khai báo' })).body.status).toBe(
      'TURNED_BACK',
    );
    const quarantineNotNeeded = await act(customs, ea.id, 'confirm', { agency: 'QUARANTINE' });
    expect(quarantineNotNeeded.status).toBe(409);
  });

  it('refuses a second confirmation by the same agency with 409 naming who and when, even sent at once', async () => {
    const [v, w] = await seedAcceptedVehicles(t, 2);
    const e = (await checkIn(yard, { gate: 'HUU_NGHI', plate: v.plate })).body;
    await act(customs, e.id, 'call');
    const first = await act(customs, e.id, 'confirm', { agency: 'CUSTOMS', note: 'Đủ hồ sơ' });
    expect(first.status).toBe(200);
    const second = await act(customs, e.id, 'confirm', { agency: 'CUSTOMS', note: 'Ghi đè' });
    expect(second.status).toBe(409);
    expect(second.body.message).toContain('Hải quan đã xác nhận');
    expect(second.body.message).toContain(customs.user.id);
    const localTime = new Date(new Date(first.body.confirmations.CUSTOMS.at).getTime() + 7 * 3600_000);
    expect(second.body.message).toContain(localTime.toISOString().slice(11, 16));
    const after = (await http().get('/api/gates/HUU_NGHI/queue').set('authorization', customs.auth)).body.entries.find(
      (x: { id: string }) => x.id === e.id,
    );
    expect(after.confirmations.CUSTOMS).toEqual(first.body.confirmations.CUSTOMS);
    // Eight at once: exactly one is taken, the others are refused with 409.
    const f = (await checkIn(yard, { gate: 'HUU_NGHI', plate: w.plate })).body;
    await act(customs, f.id, 'call');
    const statuses = await Promise.all(
      Array.from({ length: 8 }, (_, i) => act(guard, f.id, 'confirm', { agency: 'BORDER_GUARD', note: `#${i}` })),
    );
    expect(statuses.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409, 409, 409, 409]);
  });

  it('lets only the officers of the gate act, and hides entries from other firms', async () => {
    const [v] = await seedAcceptedVehicles(t, 1);
    const e = (await checkIn(yard, { gate: 'HUU_NGHI', plate: v.plate })).body;
    expect((await act(customsTT, e.id, 'call')).status).toBe(403);
    expect((await act(firm, e.id, 'call')).status).toBe(403);
    expect((await http().get('/api/gates/HUU_NGHI/queue').set('authorization', customsTT.auth)).status).toBe(403);
    expect((await http().get('/api/gates/HUU_NGHI/queue').set('authorization', firm.auth)).status).toBe(403);
    expect((await http().get(`/api/queue-entries/${e.id}`).set('authorization', otherFirm.auth)).status).toBe(404);
    expect((await act(customs, '00000000-0000-4000-8000-000000000000', 'call')).status).toBe(404);
  });

  it('calls the next vehicle in queue order', async () => {
    const queue = await http().get('/api/gates/HUU_NGHI/queue').set('authorization', customs.auth);
    const first = queue.body.entries.find(
      (e: { position: number | null; direction: string }) => e.position === 1 && e.direction === 'EXPORT',
    );
    const res = await http()
      .post('/api/gates/HUU_NGHI/call-next')
      .set('authorization', customs.auth)
      .send({ direction: 'EXPORT' });
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(first.id);
    expect(res.body.status).toBe('CALLED');
  });
});

describe('no-show', () => {
  it('re-slots after the penalty on the first no-show, and sends the vehicle back to ACCEPTED on the second', async () => {
    const [v] = await seedAcceptedVehicles(t, 1);
    const e = (await checkIn(yard, { gate: 'HUU_NGHI', plate: v.plate })).body;
    await act(customs, e.id, 'call');
    clock.advance(31 * 60_000);
    expect(await t.app.get(QueueService).sweepNoShows()).toBeGreaterThanOrEqual(1);
    const after = (await http().get(`/api/queue-entries/${e.id}`).set('authorization', customs.auth)).body;
    expect(after).toMatchObject({ status: 'CHECKED_IN', noShowCount: 1 });
    const penaltyEnds = clock.now().getTime() + 60 * 60_000;
    expect(new Date(after.notBefore).getTime()).toBe(penaltyEnds);
    expect(new Date(after.window.start).getTime()).toBeGreaterThanOrEqual(penaltyEnds);
    await act(customs, e.id, 'call');
    const second = await act(customs, e.id, 'no-show', { note: 'Không đến lần hai' });
    expect(second.body).toMatchObject({ status: 'NO_SHOW', vehicleStatus: 'ACCEPTED', window: null });
    // Back to ACCEPTED: it must check in again, and can.
    const again = await checkIn(yard, { gate: 'HUU_NGHI', plate: v.plate });
    expect(again.status).toBe(201);
    expect(again.body.noShowCount).toBe(0);
  });
});

describe('public board', () => {
  it('shows plates, windows, positions and ETAs, and nothing personal', async () => {
    const res = await http().get('/api/public/gates/HUU_NGHI/queue');
    expect(res.status).toBe(200);
    expect(res.body.entries.length).toBeGreaterThan(0);
    expect(res.body.congestion.EXPORT).toMatchObject({ level: 'GREEN' });
    const text = JSON.stringify(res.body);
    for (const secret of [
      'Lường Văn Tâm',
      'Hoàng Văn Bình',
      '020123456789',
      '+84912345678',
      'Công ty',
      'driver',
      'firm',
      'phone',
      'document',
    ]) {
      expect(text).not.toContain(secret);
    }
    for (const e of res.body.entries) expect(Object.keys(e).sort()).toEqual([...PUBLIC_BOARD_FIELDS].sort());
    expect((await http().get('/api/public/gates/NOWHERE/queue')).status).toBe(404);
  });
});

describe('event delivery', () => {
  it('accepts event batches far larger than a client body (a reflow of a long queue), and only with the internal token', async () => {
    const vehicles = Array.from({ length: 3000 }, (_, i) => ({
      vehicleId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      padding: 'x'.repeat(300),
    }));
    const events = [
      {
        id: '11111111-1111-4111-8111-111111111111',
        type: 'declaration.cancelled',
        aggregateId: 'd',
        producer: 'test',
        occurredAt: new Date().toISOString(),
        sequence: 1,
        payload: {
          declarationId: 'd',
          firmId: 'f',
          gate: 'HUU_NGHI',
          vehicleIds: vehicles.map((v) => v.vehicleId),
          vehicles,
        },
      },
    ];
    const body = JSON.stringify({ events });
    expect(body.length).toBeGreaterThan(1024 * 1024);
    const ok = await http()
      .post('/api/internal/yard-queue/events')
      .set('authorization', `Bearer ${t.config.internalToken}`)
      .set('content-type', 'application/json')
      .send(body);
    expect(ok.status).toBe(204);
    // A newer producer's envelope fields are ignored, not refused (rolling upgrades); a malformed one is refused.
    const newer = await http()
      .post('/api/internal/yard-queue/events')
      .set('authorization', `Bearer ${t.config.internalToken}`)
      .send({
        events: [
          {
            ...events[0],
            id: '22222222-2222-4222-8222-222222222222',
            traceparent: '00-abc-01',
            payload: { ...events[0].payload, vehicles: [] },
          },
        ],
        batchId: 'b-1',
      });
    expect(newer.status).toBe(204);
    const broken = await http()
      .post('/api/internal/yard-queue/events')
      .set('authorization', `Bearer ${t.config.internalToken}`)
      .send({ events: [{ id: 'not-a-uuid' }] });
    expect(broken.status).toBe(400);
    const noToken = await http().post('/api/internal/yard-queue/events').send({ events: [] });
    expect(noToken.status).toBe(403);
    const officer = await http()
      .post('/api/internal/yard-queue/events')
      .set('authorization', customs.auth)
      .send({ events: [] });
    expect(officer.status).toBe(403);
  });
});

describe("a firm's change to a vehicle the yard owns", () => {
  const declarationOf = (id: string) => http().get(`/api/declarations/${id}`).set('authorization', firm.auth);
  const cancel = (id: string) =>
    http().post(`/api/declarations/${id}/cancel`).set('authorization', firm.auth).send({ reason: 'Hủy chuyến' });
  const amendDriver = (id: string, vehicleId: string, plate: string, driverName: string) => {
    const body = amendmentOf(declarationBody({ vehicles: [{ plate }], arrival: arrival() }));
    const v = body.vehicles[0] as Record<string, unknown>;
    v.id = vehicleId;
    v.driver = { name: driverName, document: { type: 'CCCD', number: '020987654321' }, phone: '0987654321' };
    return http().patch(`/api/declarations/${id}`).set('authorization', firm.auth).send(body);
  };
  /** The declaration service has not heard of the check-in yet: the yard's event is still in flight. */
  // The declaration service forgets a check-in it heard of, as if its event were still on the way. First every event
  // of the check-in must have arrived — the entry's first estimate follows it by a moment — or a late one would
  // bring the state back.
  const forgetCheckIn = async (declarationId: string, entryId: string) => {
    await eventually(async () => {
      const r = await db.query<{ estimated: boolean; pending: number }>(
        `SELECT EXISTS (SELECT 1 FROM yard_queue.eta_forecasts WHERE entry_id = $1) AS estimated,
                (SELECT count(*)::int FROM yard_queue.outbox_pending) AS pending`,
        [entryId],
      );
      if (!r.rows[0].estimated || r.rows[0].pending > 0) throw new Error('events of the check-in still on the way');
    });
    await db.query(`UPDATE declaration.vehicles SET status = 'ACCEPTED', queue = NULL WHERE declaration_id = $1`, [
      declarationId,
    ]);
    await db.query(`UPDATE declaration.declarations SET status = 'ACCEPTED' WHERE id = $1`, [declarationId]);
  };
  const auditActions = async (declarationId: string) =>
    (
      await db.query<{ action: string }>(
        'SELECT action FROM declaration.audit_log WHERE declaration_id = $1 ORDER BY id',
        [declarationId],
      )
    ).rows.map((r) => r.action);

  it('cancels a vehicle the yard has not checked in: the yard withdraws it first, and refuses its check-in after', async () => {
    const { declaration, plate, vehicle } = await acceptedVehicleViaApi();
    const res = await cancel(declaration.id);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('CANCELLED');
    const copy = await db.query('SELECT status FROM yard_queue.vehicles WHERE vehicle_id = $1', [vehicle.id]);
    expect(copy.rows[0].status).toBe('WITHDRAWN');
    const late = await checkIn(yard, { gate: 'HUU_NGHI', plate });
    expect(late.status).toBe(409);
    expect(late.body.message).toContain('đã bị hủy');
  });

  it('refuses with 409 naming where the truck is a cancel the declaration service accepted before hearing of the check-in', async () => {
    const { declaration, plate } = await acceptedVehicleViaApi();
    const entry = await checkIn(yard, { gate: 'HUU_NGHI', plate });
    expect(entry.status).toBe(201);
    await eventually(async () => {
      if ((await declarationOf(declaration.id)).body.status !== 'IN_QUEUE') throw new Error('not yet');
    });
    await forgetCheckIn(declaration.id, entry.body.id);
    const res = await cancel(declaration.id);
    expect(res.status).toBe(409);
    expect(res.body.message).toContain(`xe ${plate} đã vào bãi chờ cửa khẩu HUU_NGHI`);
    expect(res.body.message).toContain('hủy lượt xếp hàng');
    expect((await declarationOf(declaration.id)).body.status).not.toBe('CANCELLED');
    expect(await auditActions(declaration.id)).toContain('cancel-refused-by-yard');
    const queue = await http().get('/api/gates/HUU_NGHI/queue').set('authorization', customs.auth);
    expect(queue.body.entries.find((e: { id: string }) => e.id === entry.body.id)?.status).toBe('CHECKED_IN');
  });

  it('carries an amendment to the yard before acknowledging it: the check-in takes the version in force', async () => {
    const { declaration, plate, vehicle } = await acceptedVehicleViaApi();
    const res = await amendDriver(declaration.id, vehicle.id, plate, 'Nông Thị Hoa');
    expect(res.status).toBe(200);
    expect(res.body.version).toBe(2);
    const entry = await checkIn(yard, { gate: 'HUU_NGHI', plate });
    expect(entry.status).toBe(201);
    const row = await db.query(
      `SELECT snapshot->>'driverName' AS driver, (snapshot->>'version')::int AS version FROM yard_queue.queue_entries WHERE id = $1`,
      [entry.body.id],
    );
    expect(row.rows[0]).toEqual({ driver: 'Nông Thị Hoa', version: 2 });
  });

  it('refuses an amendment racing a check-in it lost, and the border guard keeps checking the data of the checked-in version', async () => {
    const { declaration, plate, vehicle } = await acceptedVehicleViaApi();
    const entry = await checkIn(yard, { gate: 'HUU_NGHI', plate });
    await eventually(async () => {
      if ((await declarationOf(declaration.id)).body.status !== 'IN_QUEUE') throw new Error('not yet');
    });
    await forgetCheckIn(declaration.id, entry.body.id);
    const res = await amendDriver(declaration.id, vehicle.id, plate, 'Nông Thị Hoa');
    expect(res.status).toBe(409);
    expect(res.body.message).toContain('Dữ liệu xe đã khóa khi vào bãi');
    expect((await declarationOf(declaration.id)).body.version).toBe(1);
    const row = await db.query(`SELECT snapshot->>'driverName' AS driver FROM yard_queue.queue_entries WHERE id = $1`, [
      entry.body.id,
    ]);
    expect(row.rows[0].driver).toBe('Hoàng Văn Bình');
    expect(await auditActions(declaration.id)).toContain('amend-refused-by-yard');
  });

  it('ends every cancel racing a check-in of the same truck in one agreed state, never acknowledged then undone', async () => {
    const outcomes = { cancelled: 0, checkedIn: 0 };
    for (let round = 0; round < 12; round++) {
      const { declaration, plate, vehicle } = await acceptedVehicleViaApi();
      const [c, k] = await Promise.all([cancel(declaration.id), checkIn(yard, { gate: 'HUU_NGHI', plate })]);
      // Exactly one of the two wins.
      expect([c.status, k.status].sort()).toEqual(c.status === 200 ? [200, 409] : [201, 409]);
      const yardSide = await db.query(
        `SELECT v.status AS copy, (SELECT status FROM yard_queue.queue_entries q WHERE q.vehicle_id = v.vehicle_id ORDER BY seq DESC LIMIT 1) AS entry
         FROM yard_queue.vehicles v WHERE v.vehicle_id = $1`,
        [vehicle.id],
      );
      const settled = await eventually(async () => {
        const d = (await declarationOf(declaration.id)).body;
        if (c.status !== 200 && d.vehicles[0].status !== 'CHECKED_IN') throw new Error('not yet');
        return d;
      });
      if (c.status === 200) {
        outcomes.cancelled++;
        expect(yardSide.rows[0]).toEqual({ copy: 'WITHDRAWN', entry: null });
        expect(settled.status).toBe('CANCELLED');
      } else {
        outcomes.checkedIn++;
        expect(yardSide.rows[0]).toEqual({ copy: 'ACCEPTED', entry: 'CHECKED_IN' });
        expect(settled.status).toBe('IN_QUEUE');
      }
      // A while later (every event delivered), still the same.
      await new Promise((r) => setTimeout(r, 100));
      expect((await declarationOf(declaration.id)).body.status).toBe(settled.status);
    }
    expect(outcomes.cancelled + outcomes.checkedIn).toBe(12);
  });
});
