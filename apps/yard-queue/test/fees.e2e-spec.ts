import pg from 'pg';
import { ManualClock } from '#libs/clock/src/index.js';
import {
  acceptedDeclaration,
  acceptedVehicleEvents,
  createOfficer,
  declarationBody,
  eventually,
  login,
  registerFirm,
  type Session,
  TEST_ADMIN,
  type TestApp,
  uniqueVnPlate,
} from '#libs/testing/src/index.js';
import { DeclarationEventsConsumer } from '../src/events/declaration-events.consumer.js';
import { createPlatformTestApp } from './yard-fixtures.js';

// Tuesday 1 December 2026, 07:40 in Lạng Sơn (UTC+7).
const clock = new ManualClock('2026-12-01T00:40:00.000Z');
let t: TestApp;
let db: pg.Client;
let admin: Session, firm: Session, customs: Session, customsTT: Session, yard: Session, yardTT: Session;
const http = () => t.http();
const arrival = () => new Date(clock.now().getTime() + 3600_000).toISOString();

beforeAll(async () => {
  t = await createPlatformTestApp('fees', clock);
  db = new pg.Client({ connectionString: t.databaseUrl });
  await db.connect();
  admin = await login(http, TEST_ADMIN.email, TEST_ADMIN.password);
  firm = await registerFirm(http, 'Công ty TNHH Vận tải Kỳ Lừa');
  customs = await createOfficer(http, admin, 'CUSTOMS', ['HUU_NGHI']);
  customsTT = await createOfficer(http, admin, 'CUSTOMS', ['TAN_THANH']);
  yard = await createOfficer(http, admin, 'YARD_OPERATOR', ['HUU_NGHI']);
  yardTT = await createOfficer(http, admin, 'YARD_OPERATOR', ['TAN_THANH']);
});
afterAll(async () => {
  await db?.end();
  await t?.close();
});

const addRow = (s: Session, body: object) => http().post('/api/fees/tariff').set('authorization', s.auth).send(body);
const pay = (s: Session, vehicleId: string, body: object) =>
  http().post(`/api/fees/vehicles/${vehicleId}/payment`).set('authorization', s.auth).send(body);
const refund = (s: Session, vehicleId: string, body: object) =>
  http().post(`/api/fees/vehicles/${vehicleId}/refunds`).set('authorization', s.auth).send(body);
const report = (s: Session, query: string) =>
  http().get(`/api/fees/reports/daily?${query}`).set('authorization', s.auth);

/** A CONTAINER_40FT vehicle filed, accepted and relayed to the yard through the API. */
async function acceptedVehicle(gate = 'HUU_NGHI') {
  const d = await acceptedDeclaration(
    http,
    firm,
    gate === 'TAN_THANH' ? customsTT : customs,
    declarationBody({ gate, vehicles: [{ plate: uniqueVnPlate() }], arrival: arrival() }),
  );
  const vehicleId = d.vehicles[0].id;
  await eventually(async () => {
    const { rows } = await db.query('SELECT 1 FROM yard_queue.vehicles WHERE vehicle_id = $1', [vehicleId]);
    if (rows.length === 0) throw new Error('not yet relayed');
  });
  return { declaration: d, vehicleId, plate: d.vehicles[0].plate };
}

/** Vehicles delivered to the yard as the relay would, each owing `amountVnd` (for the concurrency checks). */
async function vehiclesOwing(n: number, amountVnd: number): Promise<string[]> {
  const { events, vehicles } = acceptedVehicleEvents(n, { gate: 'HUU_NGHI' });
  for (const e of events)
    for (const v of (e.payload as { vehicles: { fee?: object }[] }).vehicles)
      v.fee = { feeClass: 'CONTAINER_40FT', amountVnd, effectiveFrom: '2025-05-01' };
  await t.app.get(DeclarationEventsConsumer).handle(events);
  return vehicles.map((v) => v.vehicleId);
}

describe('the tariff', () => {
  it('is seeded with the Lạng Sơn rates from May 2025, with their source, readable by anyone', async () => {
    const res = await http().get('/api/fees/tariff');
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      expect.objectContaining({
        feeClass: 'CONTAINER_40FT',
        effectiveFrom: '2025-05-01',
        amountVnd: 4_000_000,
        current: true,
      }),
      expect.objectContaining({ feeClass: 'UNDER_2T', effectiveFrom: '2025-05-01', amountVnd: 100_000, current: true }),
    ]);
    expect(res.body[0].source).toContain('Lạng Sơn');
  });

  it('takes a new rate from tomorrow on only, never replaces one, and only from an administrator', async () => {
    const row = { feeClass: 'CONTAINER_40FT', amountVnd: 4_400_000, source: 'Nghị quyết sửa đổi (thử nghiệm)' };
    const today = await addRow(admin, { ...row, effectiveFrom: '2026-12-01' });
    expect(today.status).toBe(400);
    expect(today.body.errors[0].field).toBe('effectiveFrom');
    expect((await addRow(admin, { ...row, amountVnd: 4_400_000.5, effectiveFrom: '2026-12-02' })).status).toBe(400);
    expect((await addRow(firm, { ...row, effectiveFrom: '2026-12-02' })).status).toBe(403);
    expect((await addRow(yard, { ...row, effectiveFrom: '2026-12-02' })).status).toBe(403);
    const added = await addRow(admin, { ...row, effectiveFrom: '2026-12-02' });
    expect(added.status).toBe(201);
    expect(added.body).toContainEqual(
      expect.objectContaining({ feeClass: 'CONTAINER_40FT', effectiveFrom: '2026-12-02', current: false }),
    );
    const again = await addRow(admin, { ...row, amountVnd: 1, effectiveFrom: '2026-12-02' });
    expect(again.status).toBe(409);
    // Nor can anyone change a row behind the API's back.
    await expect(
      db.query("UPDATE declaration.fee_tariffs SET amount_vnd = 1 WHERE fee_class = 'UNDER_2T'"),
    ).rejects.toThrow(/never changed/);
  });
});

describe('the fee on the declaration and at the yard', () => {
  it('prices a declaration on the day it was filed: the change applies from its effective day, and the yard collects the same amount', async () => {
    // Filed on 1 December, before the new rate starts.
    const before = await acceptedVehicle();
    expect(before.declaration.vehicles[0].fee).toEqual({
      feeClass: 'CONTAINER_40FT',
      amountVnd: 4_000_000,
      effectiveFrom: '2025-05-01',
    });
    clock.set('2026-12-02T00:40:00.000Z');
    const after = await acceptedVehicle();
    expect(after.declaration.vehicles[0].fee).toEqual({
      feeClass: 'CONTAINER_40FT',
      amountVnd: 4_400_000,
      effectiveFrom: '2026-12-02',
    });
    // The declaration filed the day before keeps its price, on the declaration and at the yard.
    const again = await http().get(`/api/declarations/${before.declaration.id}`).set('authorization', firm.auth);
    expect(again.body.vehicles[0].fee.amountVnd).toBe(4_000_000);
    const found = await http()
      .get(`/api/fees/vehicles?gate=HUU_NGHI&plate=${encodeURIComponent(before.plate.toLowerCase())}`)
      .set('authorization', yard.auth);
    expect(found.status).toBe(200);
    expect(found.body).toEqual([
      expect.objectContaining({ vehicleId: before.vehicleId, dueVnd: 4_000_000, payment: null, refunds: [] }),
    ]);
    const later = await http().get(`/api/fees/vehicles/${after.vehicleId}`).set('authorization', yard.auth);
    expect(later.body.dueVnd).toBe(4_400_000);
    // A class the tariff has no rate for shows no fee rather than a made-up one.
    const body = declarationBody({ arrival: arrival() });
    body.vehicles[0].feeClass = 'OVER_20T';
    const unpriced = await http().post('/api/declarations').set('authorization', firm.auth).send(body);
    expect(unpriced.status).toBe(201);
    expect(unpriced.body.vehicles[0].fee).toBeNull();
  });
});

describe('payments and refunds', () => {
  it('records one payment per vehicle with a receipt number unique at its gate, and refunds with a reason up to what was paid', async () => {
    const a = await acceptedVehicle();
    const b = await acceptedVehicle();
    const tt = await acceptedVehicle('TAN_THANH');
    expect((await pay(yard, a.vehicleId, { method: 'CHEQUE', receiptNumber: 'HN-1' })).status).toBe(400);
    expect((await pay(yard, a.vehicleId, { method: 'CASH', receiptNumber: 'số một' })).status).toBe(400);
    expect((await pay(yardTT, a.vehicleId, { method: 'CASH', receiptNumber: 'HN-1' })).status).toBe(403);
    expect((await pay(firm, a.vehicleId, { method: 'CASH', receiptNumber: 'HN-1' })).status).toBe(403);
    const paid = await pay(yard, a.vehicleId, { method: 'CASH', receiptNumber: ' hn-1 ' });
    expect(paid.status).toBe(201);
    expect(paid.body.payment).toMatchObject({
      method: 'CASH',
      receiptNumber: 'HN-1',
      amountVnd: 4_400_000,
      refundedVnd: 0,
    });
    const twice = await pay(yard, a.vehicleId, { method: 'TRANSFER', receiptNumber: 'HN-2' });
    expect(twice.status).toBe(409);
    expect(twice.body.message).toContain('HN-1');
    const sameReceipt = await pay(yard, b.vehicleId, { method: 'CASH', receiptNumber: 'HN-1' });
    expect(sameReceipt.status).toBe(409);
    expect(sameReceipt.body.errors[0].field).toBe('receiptNumber');
    // Receipt books are per gate: Tân Thanh may print the same number.
    expect((await pay(yardTT, tt.vehicleId, { method: 'TRANSFER', receiptNumber: 'HN-1' })).status).toBe(201);

    expect((await refund(yard, b.vehicleId, { amountVnd: 1000, reason: 'Không qua cửa khẩu' })).status).toBe(409);
    expect((await refund(yard, a.vehicleId, { amountVnd: 1000, reason: '' })).status).toBe(400);
    const tooMuch = await refund(yard, a.vehicleId, { amountVnd: 4_400_001, reason: 'Thu nhầm hạng' });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body.message).toContain('4.400.000 ₫');
    const part = await refund(yard, a.vehicleId, { amountVnd: 400_000, reason: 'Thu nhầm hạng xe' });
    expect(part.status).toBe(201);
    expect(part.body.payment.refundedVnd).toBe(400_000);
    expect(part.body.refunds).toEqual([expect.objectContaining({ amountVnd: 400_000, reason: 'Thu nhầm hạng xe' })]);
    expect((await refund(yard, a.vehicleId, { amountVnd: 4_000_001, reason: 'Hủy chuyến' })).status).toBe(409);
    expect((await refund(yard, a.vehicleId, { amountVnd: 4_000_000, reason: 'Hủy chuyến' })).status).toBe(201);
    expect((await refund(yard, a.vehicleId, { amountVnd: 1, reason: 'Hủy chuyến' })).status).toBe(409);
  });

  it('keeps exactly one of many concurrent payments of one vehicle, and of one receipt number over many vehicles', async () => {
    const [one, ...others] = await vehiclesOwing(21, 4_000_000);
    const racing = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        pay(yard, one, { method: i % 2 ? 'CASH' : 'TRANSFER', receiptNumber: `RACE-A-${i}` }),
      ),
    );
    expect(racing.map((r) => r.status).sort()).toEqual([201, ...Array(19).fill(409)]);
    const rows = await db.query('SELECT receipt_number FROM yard_queue.fee_payments WHERE vehicle_id = $1', [one]);
    expect(rows.rows).toHaveLength(1);
    const sameReceipt = await Promise.all(others.map((v) => pay(yard, v, { method: 'CASH', receiptNumber: 'RACE-B' })));
    expect(sameReceipt.filter((r) => r.status === 201)).toHaveLength(1);
    expect(sameReceipt.filter((r) => r.status === 409)).toHaveLength(19);
  });

  it('lets concurrent refunds of one payment add up to what was paid and never more', async () => {
    const [v] = await vehiclesOwing(1, 4_000_000);
    expect((await pay(yard, v, { method: 'CASH', receiptNumber: 'RACE-C' })).status).toBe(201);
    const racing = await Promise.all(
      Array.from({ length: 12 }, () => refund(yard, v, { amountVnd: 1_000_000, reason: 'Hoàn từng phần' })),
    );
    expect(racing.filter((r) => r.status === 201)).toHaveLength(4);
    expect(racing.filter((r) => r.status === 409)).toHaveLength(8);
    const { rows } = await db.query(
      `SELECT p.refunded_vnd, (SELECT sum(amount_vnd) FROM yard_queue.fee_refunds r WHERE r.payment_id = p.id) AS sum
       FROM yard_queue.fee_payments p WHERE vehicle_id = $1`,
      [v],
    );
    expect(rows[0]).toEqual({ refunded_vnd: '4000000', sum: '4000000' });
  });
});

describe('the daily report', () => {
  it("totals each class's payments minus refunds of the day, as JSON and CSV, for the gate's operators and administrators", async () => {
    // Independently of the report: every payment and refund recorded today at Hữu Nghị, summed here.
    const paid = await db.query(
      "SELECT amount_vnd, method FROM yard_queue.fee_payments WHERE gate = 'HUU_NGHI' AND paid_at >= '2026-12-01T17:00:00Z' AND paid_at < '2026-12-02T17:00:00Z'",
    );
    const refunded = await db.query(
      "SELECT amount_vnd FROM yard_queue.fee_refunds WHERE gate = 'HUU_NGHI' AND refunded_at >= '2026-12-01T17:00:00Z' AND refunded_at < '2026-12-02T17:00:00Z'",
    );
    const sum = (rows: { amount_vnd: string }[]) => rows.reduce((s, r) => s + Number(r.amount_vnd), 0);
    expect(paid.rows.length).toBeGreaterThan(2);
    const res = await report(yard, 'gate=HUU_NGHI&date=2026-12-02');
    expect(res.status).toBe(200);
    expect(res.body.totals).toEqual({
      payments: paid.rows.length,
      cashVnd: sum(paid.rows.filter((r) => r.method === 'CASH')),
      transferVnd: sum(paid.rows.filter((r) => r.method === 'TRANSFER')),
      paidVnd: sum(paid.rows),
      refunds: refunded.rows.length,
      refundedVnd: sum(refunded.rows),
      netVnd: sum(paid.rows) - sum(refunded.rows),
    });
    expect(res.body.lines.find((l: { feeClass: string }) => l.feeClass === 'CONTAINER_40FT').netVnd).toBe(
      res.body.totals.netVnd,
    );
    // Tân Thanh's payment is in Tân Thanh's report only.
    expect((await report(admin, 'gate=TAN_THANH&date=2026-12-02')).body.totals.paidVnd).toBe(4_400_000);
    // The day before had no payments.
    expect((await report(admin, 'gate=HUU_NGHI&date=2026-12-01')).body.totals.payments).toBe(0);

    const csv = await report(admin, 'gate=HUU_NGHI&date=2026-12-02&format=csv');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.text
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(lines).toHaveLength(1 + 6 + 1);
    expect(lines.at(-1)!.split(',').slice(1).map(Number)).toEqual([
      res.body.totals.payments,
      res.body.totals.cashVnd,
      res.body.totals.transferVnd,
      res.body.totals.paidVnd,
      res.body.totals.refunds,
      res.body.totals.refundedVnd,
      res.body.totals.netVnd,
    ]);

    expect((await report(yardTT, 'gate=HUU_NGHI&date=2026-12-02')).status).toBe(403);
    expect((await report(customs, 'gate=HUU_NGHI&date=2026-12-02')).status).toBe(403);
    expect((await report(firm, 'gate=HUU_NGHI&date=2026-12-02')).status).toBe(403);
    expect((await report(admin, 'gate=HUU_NGHI&date=2026-02-30')).status).toBe(400);
    expect((await report(admin, 'gate=NOWHERE&date=2026-12-02')).status).toBe(404);
  });
});
