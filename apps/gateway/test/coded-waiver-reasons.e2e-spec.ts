import type { DataSource } from 'typeorm';
import { createServiceDataSource, migrateServiceSchema } from '#libs/database/src/index.js';
import { createTestDatabase } from '#libs/testing/src/index.js';
import { GATEWAY_DB } from '../src/database/gateway-database.js';
import { GatewayCodedWaiverReasons1732300300000 } from '../src/migrations/1732300300000-gateway-coded-waiver-reasons.js';
import { GATEWAY_MIGRATIONS } from '../src/migrations/index.js';

// The gateway's copy of a queue kept entries with a waived no-show's reason as the yard wrote it then, a Vietnamese
// sentence: the migration gives them the view the yard now sends (the code, its facts, its words in each language).
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let ds: DataSource;

beforeAll(async () => {
  db = await createTestDatabase('gateway_waivers');
  ds = createServiceDataSource({
    url: db.url,
    schema: GATEWAY_DB,
    migrations: GATEWAY_MIGRATIONS,
    entities: [],
    applicationName: 'gateway-waivers',
    poolSize: 2,
  });
  await ds.initialize();
  await migrateServiceSchema(ds, GATEWAY_DB);
}, 60_000);
afterAll(async () => {
  if (ds?.isInitialized) await ds.destroy();
  await db?.drop();
});

const AT = '2026-12-01T01:30:00.000Z';
const entry = (id: string, noShowWaiver: unknown) => ({ id, vehicleId: id, plate: '12C-123.45', noShowWaiver });

it('reads the copied sentences back to their codes, says them in each language, and leaves the rest alone', async () => {
  await ds.query(
    `INSERT INTO queue_streams (gate, version, log_start, gate_state, congestion, updated_at)
     VALUES ('HUU_NGHI', 3, 0, '{}', '{}', now())`,
  );
  const rows: [string, unknown][] = [
    [
      '00000000-0000-4000-8000-000000000001',
      {
        at: AT,
        reason:
          'Không tính lỗi vắng mặt cho doanh nghiệp: khi xe được gọi, Biên phòng đang giữ xe khác tại cổng để kiểm tra, làn vào cổng bị chặn.',
      },
    ],
    ['00000000-0000-4000-8000-000000000002', { at: AT, reason: 'Xe hỏng giữa đường' }],
    ['00000000-0000-4000-8000-000000000003', null],
  ];
  for (const [id, waiver] of rows)
    await ds.query(
      `INSERT INTO queue_entries (gate, id, firm_id, direction, position, entry) VALUES ('HUU_NGHI', $1, 'f', 'EXPORT', 1, $2)`,
      [id, JSON.stringify(entry(id, waiver))],
    );
  const migration = new GatewayCodedWaiverReasons1732300300000();
  const runner = ds.createQueryRunner();
  try {
    await migration.up(runner);
    const copied = async () =>
      (await ds.query<{ entry: { noShowWaiver: unknown } }[]>('SELECT entry FROM queue_entries ORDER BY id')).map(
        (r) => r.entry.noShowWaiver,
      );
    const views = await copied();
    expect(views).toEqual([
      {
        at: AT,
        reason: { code: 'LANE_BLOCKED_BY_HOLD', params: { agency: 'BORDER_GUARD' } },
        reasonText: {
          vi: 'Khi xe được gọi, Biên phòng đang giữ xe khác tại cổng để kiểm tra, làn vào cổng bị chặn.',
          zh: '车辆被叫号时，边防正在闸口扣留其他车辆检查，进闸车道被堵。',
          en: 'When the truck was called, Border Guard was holding another truck at the gate for inspection, blocking the lane.',
        },
      },
      {
        at: AT,
        reason: { code: 'LEGACY', params: { text: 'Xe hỏng giữa đường' } },
        reasonText: {
          vi: 'Xe hỏng giữa đường',
          zh: 'Xe hỏng giữa đường（原始记录，越南语）',
          en: 'Xe hỏng giữa đường (the original record, in Vietnamese)',
        },
      },
      null,
    ]);
    // Coded views are left as they are: a second run changes nothing.
    await migration.up(runner);
    expect(await copied()).toEqual(views);
    // And back: the sentence of each reason.
    await migration.down(runner);
    expect(await copied()).toEqual([
      { at: AT, reason: 'Khi xe được gọi, Biên phòng đang giữ xe khác tại cổng để kiểm tra, làn vào cổng bị chặn.' },
      { at: AT, reason: 'Xe hỏng giữa đường' },
      null,
    ]);
  } finally {
    await runner.release();
  }
});
