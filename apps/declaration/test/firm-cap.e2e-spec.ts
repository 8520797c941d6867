import pg from 'pg';
import {
  ADMIN_ENV,
  createOfficer,
  createTestApp,
  declarationBody,
  login,
  registerFirm,
  type Session,
  TEST_ADMIN,
  type TestApp,
} from '#libs/testing/src/index.js';
import { OPEN_DECLARATION_STATUSES } from '#libs/domain/src/index.js';
import { DECLARATION_DB } from '../src/database/declaration-database.js';
import { DeclarationServiceModule } from '../src/declaration-service.module.js';
import { DeclarationOneStatementCreate1732300300000 } from '../src/migrations/1732300300000-declaration-one-statement-create.js';

// The per-firm cap on open declarations, held by a counter (`firms.open_declarations`) that the create's one
// statement checks and triggers keep: exact at the boundary under concurrent filings of one firm, and equal to
// the firm's open declarations after whatever closes or reopens them.
const CAP = 6;

let t: TestApp;
let db: pg.Client;
let admin: Session;
let customs: Session;
const http = () => t.http();

beforeAll(async () => {
  t = await createTestApp({
    label: 'firm-cap',
    services: [DeclarationServiceModule],
    databases: [DECLARATION_DB],
    env: { ...ADMIN_ENV, MAX_ACTIVE_DECLARATIONS: String(CAP), OUTBOX_RELAY: 'off' },
  });
  db = new pg.Client({ connectionString: t.databaseUrl });
  await db.connect();
  admin = await login(http, TEST_ADMIN.email, TEST_ADMIN.password);
  customs = await createOfficer(http, admin, 'CUSTOMS', ['HUU_NGHI']);
});
afterAll(async () => {
  await db?.end();
  await t?.close();
});

const create = (s: Session, key?: string, body: object = declarationBody()) => {
  const r = http().post('/api/declarations').set('authorization', s.auth);
  if (key) r.set('idempotency-key', key);
  return r.send(body);
};
const act = (s: Session, id: string, action: string, body: object = {}) =>
  http().post(`/api/declarations/${id}/${action}`).set('authorization', s.auth).send(body);

/** The counter and what it stands for, counted from the rows. */
async function counted(firmId: string): Promise<{ counter: number; open: number }> {
  const { rows } = await db.query<{ counter: number; open: number }>(
    `SELECT f.open_declarations AS counter,
            (SELECT count(*)::int FROM declaration.declarations d WHERE d.firm_id = f.id AND d.status = ANY ($2)) AS open
       FROM declaration.firms f WHERE f.id = $1`,
    [firmId, OPEN_DECLARATION_STATUSES],
  );
  return rows[0];
}

const rowsOf = async (table: string, firmId: string) =>
  Number(
    (
      await db.query(
        `SELECT count(*)::int AS n FROM declaration.${table} x
           JOIN declaration.declarations d ON d.id::text = x.${table === 'outbox' ? 'aggregate_id' : 'declaration_id'}::text
          WHERE d.firm_id = $1`,
        [firmId],
      )
    ).rows[0].n,
  );

it(`lets exactly ${CAP} of ${3 * CAP} concurrent filings of one firm through, and writes nothing for the others`, async () => {
  const firm = await registerFirm(http, 'Công ty TNHH Giới hạn Đồng thời');
  const results = await Promise.all(Array.from({ length: 3 * CAP }, (_, i) => create(firm, `cap-burst-${i}`)));
  const filed = results.filter((r) => r.status === 201);
  expect(filed).toHaveLength(CAP);
  const refused = results.filter((r) => r.status !== 201);
  expect(refused.map((r) => [r.status, r.body.code])).toEqual(Array(2 * CAP).fill([409, 'CONFLICT']));
  expect(refused[0].body.message).toBe(
    `Doanh nghiệp đã có ${CAP} tờ khai đang mở (nháp, đã nộp, đã chấp nhận hoặc đang chờ): hãy hoàn tất hoặc hủy bớt trước khi tạo mới`,
  );
  expect(await counted(firm.user.firm!.id)).toEqual({ counter: CAP, open: CAP });
  // A refused filing leaves no trace: one version, vehicle set, audit line and event per filed declaration.
  for (const table of ['declaration_versions', 'audit_log', 'outbox'])
    expect([table, await rowsOf(table, firm.user.firm!.id)]).toEqual([table, CAP]);
  expect(
    Number(
      (
        await db.query('SELECT count(*)::int AS n FROM declaration.idempotency_keys WHERE firm_id = $1', [
          firm.user.firm!.id,
        ])
      ).rows[0].n,
    ),
  ).toBe(CAP);
  // Each filing has its own number, as the sequence gave it.
  expect(new Set(filed.map((r) => r.body.number)).size).toBe(CAP);
  expect(filed.every((r) => r.body.firm.name === 'Công ty TNHH Giới hạn Đồng thời')).toBe(true);
});

it('keeps the counter equal to the open declarations through cancels, submits, rejections and writes from elsewhere', async () => {
  const firm = await registerFirm(http, 'Công ty TNHH Đếm Tờ khai');
  const firmId = firm.user.firm!.id;
  const ids = (await Promise.all(Array.from({ length: CAP }, () => create(firm)))).map((r) => r.body.id as string);
  expect(await counted(firmId)).toEqual({ counter: CAP, open: CAP });

  // Two cancelled at once and one filed then rejected: three places free, counted on commit.
  const closing = await Promise.all([
    act(firm, ids[0], 'cancel'),
    act(firm, ids[1], 'cancel'),
    act(firm, ids[2], 'submit'),
  ]);
  expect(closing.map((r) => r.status)).toEqual([200, 200, 200]);
  expect(await counted(firmId)).toEqual({ counter: CAP - 2, open: CAP - 2 });
  expect((await act(customs, ids[2], 'reject', { reason: 'Thiếu chứng từ kiểm dịch' })).status).toBe(200);
  expect(await counted(firmId)).toEqual({ counter: CAP - 3, open: CAP - 3 });

  // The freed places, and no more, go to the next burst.
  const burst = await Promise.all(Array.from({ length: 3 * CAP }, () => create(firm)));
  expect(burst.filter((r) => r.status === 201)).toHaveLength(3);
  expect(await counted(firmId)).toEqual({ counter: CAP, open: CAP });

  // A status written by other means (a script, the yard's events) moves the counter too.
  await db.query(`UPDATE declaration.declarations SET status = 'COMPLETED' WHERE id = ANY ($1)`, [ids.slice(3, 5)]);
  expect(await counted(firmId)).toEqual({ counter: CAP - 2, open: CAP - 2 });
  await db.query(`UPDATE declaration.declarations SET status = 'ACCEPTED' WHERE id = $1`, [ids[3]]);
  expect(await counted(firmId)).toEqual({ counter: CAP - 1, open: CAP - 1 });
  // A rolled-back change leaves it as it was.
  await db.query('BEGIN');
  await db.query(`UPDATE declaration.declarations SET status = 'CANCELLED' WHERE id = $1`, [ids[3]]);
  await db.query('ROLLBACK');
  expect(await counted(firmId)).toEqual({ counter: CAP - 1, open: CAP - 1 });
});

it('answers a retried filing of a firm at its cap as the first time, not with the cap', async () => {
  const firm = await registerFirm(http, 'Công ty TNHH Gửi lại');
  const body = declarationBody();
  const first = await create(firm, 'at-cap-retry-1', body);
  await Promise.all(Array.from({ length: CAP - 1 }, () => create(firm)));
  const retries = await Promise.all(Array.from({ length: 4 }, () => create(firm, 'at-cap-retry-1', body)));
  expect(retries.map((r) => [r.status, r.body.id, r.body.number])).toEqual(
    Array(4).fill([201, first.body.id, first.body.number]),
  );
  // The same key with another body is refused as reuse, not as the cap.
  expect((await create(firm, 'at-cap-retry-1')).body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  expect((await create(firm)).status).toBe(409);
});

it('sets every counter from the rows when the migration runs on existing declarations', async () => {
  const firm = await registerFirm(http, 'Công ty TNHH Trước Nâng cấp');
  const firmId = firm.user.firm!.id;
  const ids = (await Promise.all(Array.from({ length: 4 }, () => create(firm)))).map((r) => r.body.id as string);
  expect((await act(firm, ids[0], 'cancel')).status).toBe(200);
  const migration = new DeclarationOneStatementCreate1732300300000();
  const runner = { query: (sql: string, params?: unknown[]) => db.query(sql, params) };
  await db.query('BEGIN');
  try {
    await db.query('SET LOCAL search_path = declaration');
    await migration.down(runner as never);
    // Written while no trigger counts them, as before the upgrade.
    await db.query(`UPDATE declaration.declarations SET status = 'CANCELLED' WHERE id = $1`, [ids[1]]);
    await migration.up(runner as never);
    expect(await counted(firmId)).toEqual({ counter: 2, open: 2 });
    const everyFirm = await db.query(
      `SELECT count(*)::int AS n FROM declaration.firms f
        WHERE f.open_declarations <> (SELECT count(*) FROM declaration.declarations d
                                       WHERE d.firm_id = f.id AND d.status = ANY ($1))`,
      [OPEN_DECLARATION_STATUSES],
    );
    expect(everyFirm.rows[0].n).toBe(0);
  } finally {
    await db.query('ROLLBACK');
  }
});
