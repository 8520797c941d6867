import pg from 'pg';
import type { QueryRunner } from 'typeorm';
import { ManualClock } from '#libs/clock/src/index.js';
import { normalisePlateKey } from '#libs/domain/src/index.js';
import {
  acceptedDeclaration,
  createOfficer,
  declarationBody,
  eventually,
  login,
  registerFirm,
  SEEDED_DRIVER,
  type Session,
  TEST_ADMIN,
  type TestApp,
  uniqueVnPlate,
} from '#libs/testing/src/index.js';
import { DeclarationCodedWaiverReasons1732300310000 } from '../../declaration/src/migrations/1732300310000-declaration-coded-waiver-reasons.js';
import { YardQueueCodedDelayReasons1732300300000 } from '../src/migrations/1732300300000-yard-queue-coded-delay-reasons.js';
import { QueueService } from '../src/queue/queue.service.js';
import { createPlatformTestApp, seedAcceptedVehicles } from './yard-fixtures.js';

// Two-sided accountability and the public fairness ledger, on the real database. Tuesday 1 December 2026, 07:40 in
// Lạng Sơn: both gates open. Each part works in its own lane (gate and direction) so their queues stay apart.
const clock = new ManualClock('2026-12-01T00:40:00.000Z');
let t: TestApp;
let db: pg.Client;
let admin: Session, firm: Session, customs: Session, customsTT: Session, yard: Session, yardTT: Session;
const http = () => t.http();
const MIN = 60_000;

beforeAll(async () => {
  t = await createPlatformTestApp('fairness_ledger', clock);
  db = new pg.Client({ connectionString: t.databaseUrl });
  await db.connect();
  admin = await login(http, TEST_ADMIN.email, TEST_ADMIN.password);
  firm = await registerFirm(http, 'Công ty TNHH Hồi Lạng Sơn');
  // One officer per role for both gates: fewer accounts to create (password hashing is slow on a loaded machine).
  customs = customsTT = await createOfficer(http, admin, 'CUSTOMS', ['HUU_NGHI', 'TAN_THANH']);
  yard = yardTT = await createOfficer(http, admin, 'YARD_OPERATOR', ['HUU_NGHI', 'TAN_THANH']);
}, 180_000);
afterAll(async () => {
  await db?.end();
  await t?.close();
});

const checkIn = (s: Session, gate: string, plate: string) =>
  http().post('/api/check-ins').set('authorization', s.auth).send({ gate, plate });
const act = (s: Session, id: string, action: string, body: object = {}) =>
  http().post(`/api/queue-entries/${id}/${action}`).set('authorization', s.auth).send(body);
const sweep = () => t.app.get(QueueService).sweepNoShows();
async function checkedIn(s: Session, gate: string, plate: string): Promise<{ id: string }> {
  const res = await checkIn(s, gate, plate);
  expect(res.status).toBe(201);
  return res.body;
}
const delays = async (entryId: string) =>
  (
    await db.query(
      `SELECT segment, party, agency, minutes, no_show_waived, reason, reason_params FROM yard_queue.delay_attributions
        WHERE entry_id = $1 ORDER BY id`,
      [entryId],
    )
  ).rows;

describe('one live booking per vehicle across both gates', () => {
  it('lets exactly one of many concurrent check-ins of one plate at both gates win, and names the other gate', async () => {
    for (let round = 0; round < 3; round++) {
      const plate = uniqueVnPlate();
      // The same truck declared at both gates (two declarations), as the yard receives them.
      await seedAcceptedVehicles(t, 2, { plate: () => plate, gate: (i) => (i ? 'TAN_THANH' : 'HUU_NGHI') });
      const spellings = [plate, plate.toLowerCase().replace('-', ' ').replace('.', '')];
      const attempts = Array.from({ length: 16 }, (_, i) =>
        i % 2
          ? checkIn(yardTT, 'TAN_THANH', spellings[(i % 4) >> 1])
          : checkIn(yard, 'HUU_NGHI', spellings[(i % 4) >> 1]),
      );
      const results = await Promise.all(attempts);
      const won = results.filter((r) => r.status === 201);
      expect(won).toHaveLength(1);
      expect(results.filter((r) => r.status === 409)).toHaveLength(15);
      const winner = won[0].body as { gate: string };
      const other = winner.gate === 'HUU_NGHI' ? 'TAN_THANH' : 'HUU_NGHI';
      for (const [i, r] of results.entries()) {
        if (r.status === 201) continue;
        const here = i % 2 ? 'TAN_THANH' : 'HUU_NGHI';
        if (here === other)
          expect(r.body.message).toMatch(
            new RegExp(
              `^Xe ${plate.replace('.', '\\.')} đang có lượt xếp hàng tại .+ \\(${winner.gate}; đã vào bãi chờ`,
            ),
          );
        else expect(r.body.message).toMatch(/đã có trong hàng chờ/);
      }
      const live = await db.query(
        `SELECT gate FROM yard_queue.queue_entries WHERE plate_key = $1 AND status IN ('CHECKED_IN','CALLED','AT_GATE','HELD','CLEARED')`,
        [normalisePlateKey(plate)],
      );
      expect(live.rows).toEqual([{ gate: winner.gate }]);
    }
  });

  it('is the database’s rule: a second active entry of a plate is refused whatever the service does', async () => {
    const plate = uniqueVnPlate();
    const [a, b] = await seedAcceptedVehicles(t, 2, {
      plate: () => plate,
      gate: (i) => (i ? 'TAN_THANH' : 'HUU_NGHI'),
    });
    await checkedIn(yard, 'HUU_NGHI', plate);
    const copy = `INSERT INTO yard_queue.queue_entries (id, vehicle_id, gate, direction, plate_key, priority_class, status, snapshot,
        checked_in_at, quarantine_required, updated_at)
      SELECT gen_random_uuid(), $1, 'TAN_THANH', direction, plate_key, priority_class, 'CHECKED_IN', snapshot, now(), false, now()
        FROM yard_queue.queue_entries WHERE vehicle_id = $2`;
    await expect(db.query(copy, [b.vehicleId, a.vehicleId])).rejects.toThrow(/queue_entries_one_live_per_plate/);
  });
});

describe('no-show waivers and delay attribution', () => {
  const firmId = '6f1d2c3b-4a59-4e8f-9b0a-1c2d3e4f5a6b';
  const firmName = 'Công ty TNHH Vận tải Kỳ Lừa';
  const seed = (n: number) => seedAcceptedVehicles(t, n, { gate: 'TAN_THANH', firmId, firmName });

  it('keeps the gate setting with the others, editable by the administrator', async () => {
    const res = await http()
      .patch('/api/gates/TAN_THANH')
      .set('authorization', admin.auth)
      .send({ delayAttributionMinutes: 20 });
    expect(res.status).toBe(200);
    expect(res.body.delayAttributionMinutes).toBe(20);
    const bad = await http()
      .patch('/api/gates/TAN_THANH')
      .set('authorization', admin.auth)
      .send({ delayAttributionMinutes: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('delayAttributionMinutes');
  });

  it('waives a no-show when an agency held a vehicle of the lane at the call, and attributes the hold to it', async () => {
    const [held, missed] = await seed(2);
    const a = await checkedIn(yardTT, 'TAN_THANH', held.plate);
    const b = await checkedIn(yardTT, 'TAN_THANH', missed.plate);
    expect((await act(customsTT, a.id, 'call')).status).toBe(200);
    expect((await act(customsTT, a.id, 'arrive')).status).toBe(200);
    expect((await act(customsTT, a.id, 'hold', { note: 'Kiểm hóa' })).status).toBe(200);
    expect((await act(customsTT, b.id, 'call')).status).toBe(200);
    clock.advance(31 * MIN);
    expect(await sweep()).toBeGreaterThanOrEqual(1);
    const after = (await http().get(`/api/queue-entries/${b.id}`).set('authorization', customsTT.auth)).body;
    // No penalty: re-slotted from the moment of the missed call, not after the gate's penalty.
    expect(after).toMatchObject({ status: 'CHECKED_IN', noShowCount: 0, notBefore: clock.now().toISOString() });
    // Kept by code and facts, said in every language.
    expect(after.noShowWaiver).toEqual({
      at: clock.now().toISOString(),
      reason: { code: 'LANE_BLOCKED_BY_HOLD', params: { agency: 'CUSTOMS' } },
      reasonText: {
        vi: 'Khi xe được gọi, Hải quan đang giữ xe khác tại cổng để kiểm tra, làn vào cổng bị chặn.',
        zh: '车辆被叫号时，海关正在闸口扣留其他车辆检查，进闸车道被堵。',
        en: 'When the truck was called, Customs was holding another truck at the gate for inspection, blocking the lane.',
      },
    });
    const stored = await db.query('SELECT no_show_waiver FROM yard_queue.queue_entries WHERE id = $1', [b.id]);
    expect(stored.rows[0].no_show_waiver).toEqual({
      at: clock.now().toISOString(),
      reason: { code: 'LANE_BLOCKED_BY_HOLD', params: { agency: 'CUSTOMS' } },
    });
    expect(await delays(b.id)).toEqual([
      expect.objectContaining({
        segment: 'CALL_TO_ARRIVAL',
        party: 'AGENCY',
        agency: 'CUSTOMS',
        minutes: 31,
        no_show_waived: true,
        reason: 'LANE_BLOCKED_BY_HOLD',
        reason_params: { agency: 'CUSTOMS' },
      }),
    ]);
    // The hold itself: 31 + 14 minutes, over the gate's 20.
    clock.advance(14 * MIN);
    expect((await act(customsTT, a.id, 'release')).status).toBe(200);
    expect(await delays(a.id)).toEqual([
      expect.objectContaining({
        segment: 'HOLD',
        party: 'AGENCY',
        agency: 'CUSTOMS',
        minutes: 45,
        no_show_waived: false,
        reason: 'HELD_BY_AGENCY',
        reason_params: { agency: 'CUSTOMS' },
      }),
    ]);
    const audit = await db.query(
      `SELECT note, context FROM yard_queue.queue_audit WHERE entry_id = $1 AND action = 'no-show'`,
      [b.id],
    );
    // The judgement by code in the audit; the note stays the officer's own (none from the sweep).
    expect(audit.rows[0].note).toBeNull();
    expect(audit.rows[0].context).toEqual({
      waived: true,
      party: 'AGENCY',
      agency: 'CUSTOMS',
      reason: { code: 'LANE_BLOCKED_BY_HOLD', params: { agency: 'CUSTOMS' } },
    });
  });

  it('holds a no-show against the firm when the lane was free and the gate open', async () => {
    const [v, gone] = await seed(2);
    const e = await checkedIn(yardTT, 'TAN_THANH', v.plate);
    expect((await act(customsTT, e.id, 'call')).status).toBe(200);
    clock.advance(31 * MIN);
    await sweep();
    const after = (await http().get(`/api/queue-entries/${e.id}`).set('authorization', customsTT.auth)).body;
    expect(after).toMatchObject({ status: 'CHECKED_IN', noShowCount: 1, noShowWaiver: null });
    expect(new Date(after.notBefore).getTime()).toBe(clock.now().getTime() + 60 * MIN);
    expect(await delays(e.id)).toEqual([
      expect.objectContaining({
        segment: 'CALL_TO_ARRIVAL',
        party: 'FIRM',
        agency: null,
        minutes: 31,
        no_show_waived: false,
        reason: 'NOT_ARRIVED_AFTER_CALL',
        reason_params: null,
      }),
    ]);
    const c = await checkedIn(yardTT, 'TAN_THANH', gone.plate);
    expect((await act(yardTT, c.id, 'cancel', { note: 'xe rời bãi' })).status).toBe(200);
  });

  it('publishes each firm’s no-show and cancellation rates over 30 days, waived no-shows not counted', async () => {
    const res = await http().get('/api/public/fairness/TAN_THANH');
    expect(res.status).toBe(200);
    // Stays: the held truck, the waived one, the counted one, the cancelled one.
    expect(res.body.firms.find((f: { firmName: string }) => f.firmName === firmName)).toEqual({
      firmName,
      stays: 4,
      noShows: 1,
      cancellations: 1,
      noShowRate: 0.25,
      cancellationRate: 0.25,
    });
  });

  it('waives a no-show called during a suspension, and the firm reads why on its vehicle', async () => {
    const plate = uniqueVnPlate();
    const d = await acceptedDeclaration(
      http,
      firm,
      customs,
      declarationBody({ vehicles: [{ plate }], arrival: new Date(clock.now().getTime() + 3600_000).toISOString() }),
    );
    await eventually(async () => {
      const { rows } = await db.query('SELECT 1 FROM yard_queue.vehicles WHERE vehicle_id = $1', [d.vehicles[0].id]);
      if (!rows.length) throw new Error('not yet relayed');
    });
    const e = await checkedIn(yard, 'HUU_NGHI', plate);
    const suspended = await http()
      .post('/api/gates/HUU_NGHI/suspend')
      .set('authorization', admin.auth)
      .send({ reason: 'Phía Trung Quốc tạm dừng tiếp nhận' });
    expect(suspended.status).toBe(200);
    expect((await act(customs, e.id, 'call')).status).toBe(200);
    clock.advance(31 * MIN);
    await sweep();
    const waiver = {
      at: clock.now().toISOString(),
      reason: { code: 'CALLED_DURING_SUSPENSION' },
      reasonText: {
        vi: 'Xe được gọi trong lúc cửa khẩu đang tạm dừng hoạt động.',
        zh: '车辆被叫号时，口岸正处于暂停状态。',
        en: 'The truck was called while the gate was suspended.',
      },
    };
    const mine = await http().get(`/api/queue-entries/${e.id}`).set('authorization', firm.auth);
    expect(mine.body).toMatchObject({ status: 'CHECKED_IN', noShowCount: 0, noShowWaiver: waiver });
    const seen = await eventually(async () => {
      const v = (await http().get(`/api/declarations/${d.id}`).set('authorization', firm.auth)).body.vehicles[0];
      if (!v.queue?.noShowWaiver) throw new Error('not yet relayed');
      return v;
    });
    // The firm's copy keeps the code; its view says it in every language, whatever the request's.
    expect(seen.queue.noShowWaiver).toEqual(waiver);
    const copy = await db.query('SELECT queue FROM declaration.vehicles WHERE id = $1', [d.vehicles[0].id]);
    expect(copy.rows[0].queue.noShowWaiver).toEqual({ at: waiver.at, reason: waiver.reason });
    expect((await http().post('/api/gates/HUU_NGHI/resume').set('authorization', admin.auth).send({})).status).toBe(
      200,
    );
    expect(await delays(e.id)).toEqual([
      expect.objectContaining({
        segment: 'CALL_TO_ARRIVAL',
        party: 'SUSPENSION',
        no_show_waived: true,
        reason: 'CALLED_DURING_SUSPENSION',
        reason_params: null,
      }),
    ]);
  });
});

describe('the public fairness ledger', () => {
  const QUEUE_FIELDS = ['checkedInAt', 'direction', 'plate', 'position', 'status', 'windowStart'];
  const CHANGE_FIELDS = [
    'at',
    'direction',
    'plate',
    'position',
    'reason',
    'reasonText',
    'version',
    'windowAfter',
    'windowBefore',
  ];
  const FIRM_FIELDS = ['cancellationRate', 'cancellations', 'firmName', 'noShowRate', 'noShows', 'stays'];

  it('records each change of order with its reason as it happens: check-in, capacity change, priority share', async () => {
    const generals = await seedAcceptedVehicles(t, 4, { gate: 'TAN_THANH', direction: 'IMPORT' });
    const [perishable] = await seedAcceptedVehicles(t, 1, { gate: 'TAN_THANH', direction: 'IMPORT', priority: true });
    for (const g of generals) await checkedIn(yardTT, 'TAN_THANH', g.plate);
    const patched = await http()
      .patch('/api/gates/TAN_THANH')
      .set('authorization', admin.auth)
      .send({ directions: { IMPORT: { capacityPerHour: 4, priorityShare: 0.5, releaseLeadMinutes: 0 } } });
    expect(patched.status).toBe(200);
    const p = await checkedIn(yardTT, 'TAN_THANH', perishable.plate);
    const res = await http().get('/api/public/fairness/TAN_THANH');
    const lane = (res.body.changes as { plate: string; reason: string; direction: string; position: number }[]).filter(
      (c) => c.direction === 'IMPORT',
    );
    const reasonsOf = (plate: string) =>
      lane
        .filter((c) => c.plate === plate)
        .map((c) => c.reason)
        .reverse();
    // Newest first; per truck oldest first: joined, then moved by the capacity change (all but the first window's).
    for (const g of generals) expect(reasonsOf(g.plate)[0]).toBe('CHECK_IN');
    expect(lane.filter((c) => c.reason === 'CAPACITY_CHANGE').length).toBeGreaterThanOrEqual(2);
    const share = lane.find((c) => c.plate === perishable.plate)!;
    expect(share).toMatchObject({
      reason: 'PRIORITY_SHARE',
      reasonText: 'Hàng ưu tiên (nông sản tươi) dùng chỗ dành riêng',
    });
    expect(share.position).toBeLessThan(5);
    // The reasons in the reader's language.
    for (const [lang, text] of [
      ['zh-CN', '优先货物（生鲜农产品）使用预留名额'],
      ['en', 'Priority goods (fresh produce) used a reserved place'],
    ]) {
      const said = await http().get('/api/public/fairness/TAN_THANH').set('accept-language', lang);
      const change = said.body.changes.find((c: { plate: string; reason: string }) => c.plate === perishable.plate);
      expect(change.reasonText).toBe(text);
    }
    const line = res.body.queue.find((q: { plate: string }) => q.plate === perishable.plate);
    expect(line).toMatchObject({ status: 'CHECKED_IN', position: share.position, direction: 'IMPORT' });
    expect(typeof p.id).toBe('string');
    // The rows are written in the changes' own transactions: one version each, never rewritten.
    await expect(db.query('UPDATE yard_queue.queue_order_changes SET reason = $1', ['CHECK_IN'])).rejects.toThrow(
      /append-only/,
    );
  });

  it('records the suspension’s and the no-show’s re-slots, and the resumption', async () => {
    const res = await http().get('/api/public/fairness/HUU_NGHI');
    const reasons = new Set((res.body.changes as { reason: string }[]).map((c) => c.reason));
    for (const r of ['CHECK_IN', 'SUSPENSION', 'NO_SHOW_RESLOT', 'RESUMPTION']) expect(reasons).toContain(r);
  });

  it('carries exactly the listed fields, and nothing personal', async () => {
    for (const gate of ['HUU_NGHI', 'TAN_THANH']) {
      const res = await http().get(`/api/public/fairness/${gate}`);
      expect(res.status).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual([
        'changes',
        'changesHours',
        'firms',
        'gate',
        'generatedAt',
        'periodDays',
        'queue',
      ]);
      expect(res.body.queue.length).toBeGreaterThan(0);
      expect(res.body.changes.length).toBeGreaterThan(0);
      expect(res.body.firms.length).toBeGreaterThan(0);
      for (const q of res.body.queue) expect(Object.keys(q).sort()).toEqual(QUEUE_FIELDS);
      for (const c of res.body.changes) expect(Object.keys(c).sort()).toEqual(CHANGE_FIELDS);
      for (const f of res.body.firms) expect(Object.keys(f).sort()).toEqual(FIRM_FIELDS);
      const text = JSON.stringify({ queue: res.body.queue, changes: res.body.changes });
      for (const secret of [SEEDED_DRIVER.name, SEEDED_DRIVER.document.number, SEEDED_DRIVER.phone, 'Công ty'])
        expect(text).not.toContain(secret);
      expect(JSON.stringify(res.body)).not.toMatch(
        /driver|phone|document|firmId|declaration|[0-9a-f]{8}-[0-9a-f]{4}-/i,
      );
    }
    expect((await http().get('/api/public/fairness/NOWHERE')).status).toBe(404);
  });
});

describe('reasons recorded as sentences before they had codes', () => {
  /** The migration's view of one service's schema, on its own connection. */
  async function schemaRunner(schema: string) {
    const c = new pg.Client({ connectionString: t.databaseUrl, options: `-c search_path=${schema}` });
    await c.connect();
    const q = { query: async (sql: string, params?: unknown[]) => (await c.query(sql, params)).rows };
    return { c, q: q as unknown as QueryRunner };
  }
  const asWaiverSentence = (s: string) =>
    `Không tính lỗi vắng mặt cho doanh nghiệp: ${s[0].toLowerCase()}${s.slice(1)}`;

  it('reads the yard’s recorded sentences back to their codes, and keeps one it does not know as it was', async () => {
    const { c, q } = await schemaRunner('yard_queue');
    try {
      const rows = async () => (await c.query('SELECT reason, reason_params FROM delay_attributions ORDER BY id')).rows;
      const waivers = async () =>
        (await c.query('SELECT id, no_show_waiver FROM queue_entries WHERE no_show_waiver IS NOT NULL ORDER BY id'))
          .rows;
      const coded = await rows();
      const codedWaivers = await waivers();
      expect(coded.map((r) => r.reason)).toEqual(
        expect.arrayContaining(['LANE_BLOCKED_BY_HOLD', 'HELD_BY_AGENCY', 'NOT_ARRIVED_AFTER_CALL']),
      );
      expect(codedWaivers.length).toBeGreaterThanOrEqual(2);
      const migration = new YardQueueCodedDelayReasons1732300300000();
      // Back to the rows as the yard wrote them before: Vietnamese sentences.
      await migration.down(q);
      const written = (await c.query('SELECT reason FROM delay_attributions ORDER BY id')).rows.map((r) => r.reason);
      expect(written).toContain('Xe bị Hải quan giữ lại để kiểm tra.');
      expect(written).toContain(
        'Khi xe được gọi, Hải quan đang giữ xe khác tại cổng để kiểm tra, làn vào cổng bị chặn.',
      );
      // A waiver as it was recorded (the cause behind its prefix), and a sentence the attribution never wrote.
      const [first] = await waivers();
      await c.query('UPDATE queue_entries SET no_show_waiver = $2 WHERE id = $1', [
        first.id,
        { ...first.no_show_waiver, reason: asWaiverSentence(first.no_show_waiver.reason) },
      ]);
      await c.query(
        `INSERT INTO delay_attributions (entry_id, gate, direction, firm_id, segment, started_at, ended_at, minutes, party,
                                         agency, reason, no_show_waived, recorded_at)
         SELECT entry_id, gate, direction, firm_id, segment, started_at, ended_at, minutes, party, agency,
                'Xe hỏng giữa đường, lái xe báo qua điện thoại', no_show_waived, recorded_at
           FROM delay_attributions ORDER BY id DESC LIMIT 1`,
      );
      await migration.up(q);
      expect(await rows()).toEqual([
        ...coded,
        { reason: 'LEGACY', reason_params: { text: 'Xe hỏng giữa đường, lái xe báo qua điện thoại' } },
      ]);
      expect(await waivers()).toEqual(codedWaivers);
      await expect(c.query(`UPDATE delay_attributions SET reason = 'CALLED_LATE'`)).rejects.toThrow(/append-only/);
    } finally {
      await c.end();
    }
  });

  it('reads the firm’s copies of the yard’s waivers back to their codes', async () => {
    const { c, q } = await schemaRunner('declaration');
    try {
      const copies = async () =>
        (
          await c.query(
            `SELECT id, queue FROM vehicles WHERE queue ? 'noShowWaiver' AND queue->'noShowWaiver' <> 'null' ORDER BY id`,
          )
        ).rows;
      const coded = await copies();
      expect(coded.length).toBeGreaterThanOrEqual(1);
      const migration = new DeclarationCodedWaiverReasons1732300310000();
      await migration.down(q);
      const written = await copies();
      expect(written.map((r) => r.queue.noShowWaiver.reason)).toContain(
        'Xe được gọi trong lúc cửa khẩu đang tạm dừng hoạt động.',
      );
      const [first] = written;
      await c.query('UPDATE vehicles SET queue = $2 WHERE id = $1', [
        first.id,
        {
          ...first.queue,
          noShowWaiver: { ...first.queue.noShowWaiver, reason: asWaiverSentence(first.queue.noShowWaiver.reason) },
        },
      ]);
      await migration.up(q);
      expect(await copies()).toEqual(coded);
    } finally {
      await c.end();
    }
  });
});
