// A firm's change to an accepted vehicle while the yard-queue service is down: refused as "not yet decided"
// (503), kept, and carried through by the sweep once the yard answers — never acknowledged and then undone.
import pg from 'pg';
import { ManualClock } from '#libs/clock/src/index.js';
import {
  acceptedDeclaration,
  ADMIN_ENV,
  createOfficer,
  createTestApp,
  freePort,
  login,
  registerFirm,
  TEST_ADMIN,
  type TestApp,
} from '#libs/testing/src/index.js';
import { YARD_QUEUE_DB } from '../../yard-queue/src/database/yard-queue-database.js';
import { YardQueueServiceModule } from '../../yard-queue/src/yard-queue-service.module.js';
import { DECLARATION_DB } from '../src/database/declaration-database.js';
import { DeclarationServiceModule } from '../src/declaration-service.module.js';
import { HandoffSweeper } from '../src/declarations/handoff-sweeper.js';

const clock = new ManualClock('2026-12-01T01:00:00.000Z');
let declarations: TestApp;
let yardQueue: TestApp | null = null;
let db: pg.Client;
let yardPort: number;

beforeAll(async () => {
  yardPort = await freePort();
  declarations = await createTestApp({
    label: 'handoff_outage',
    services: [DeclarationServiceModule],
    databases: [DECLARATION_DB],
    clock,
    env: { ...ADMIN_ENV, OUTBOX_RELAY: 'off', YARD_QUEUE_URL: `http://127.0.0.1:${yardPort}` },
  });
  db = new pg.Client({ connectionString: declarations.databaseUrl });
  await db.connect();
  // The yard's schema exists (its service ran before); the service itself is down until the test starts it.
  const migrate = await createTestApp({
    label: 'handoff_outage_yard',
    services: [YardQueueServiceModule],
    databases: [YARD_QUEUE_DB],
    databaseUrl: declarations.databaseUrl,
    env: { OUTBOX_RELAY: 'off', QUEUE_SWEEPER: 'off' },
  });
  await migrate.close();
});
afterAll(async () => {
  await db?.end();
  await yardQueue?.close();
  await declarations?.close();
});

it('answers 503 while the yard is down, blocks a second change, and completes the cancel once the yard is back', async () => {
  const http = () => declarations.http();
  const admin = await login(http, TEST_ADMIN.email, TEST_ADMIN.password);
  const firm = await registerFirm(http);
  const customs = await createOfficer(http, admin, 'CUSTOMS', ['HUU_NGHI']);
  const d = await acceptedDeclaration(http, firm, customs);
  const cancel = () =>
    http().post(`/api/declarations/${d.id}/cancel`).set('authorization', firm.auth).send({ reason: 'Hủy chuyến' });

  const down = await cancel();
  expect(down.status).toBe(503);
  expect(down.body.message).toContain('Chưa liên lạc được với bãi chờ');
  const again = await cancel();
  expect(again.status).toBe(409);
  expect(again.body.message).toContain('đang chờ bãi chờ xác nhận');
  expect((await http().get(`/api/declarations/${d.id}`).set('authorization', firm.auth)).body.status).toBe('ACCEPTED');

  yardQueue = await createTestApp({
    label: 'handoff_outage_yard',
    services: [YardQueueServiceModule],
    databases: [YARD_QUEUE_DB],
    databaseUrl: declarations.databaseUrl,
    port: yardPort,
    env: { OUTBOX_RELAY: 'off', QUEUE_SWEEPER: 'off' },
  });
  clock.advance(11_000);
  expect(await declarations.app.get(HandoffSweeper).sweep()).toBe(1);
  const after = await http().get(`/api/declarations/${d.id}`).set('authorization', firm.auth);
  expect(after.body.status).toBe('CANCELLED');
  const copy = await db.query('SELECT status FROM yard_queue.vehicles WHERE vehicle_id = $1', [d.vehicles[0].id]);
  expect(copy.rows[0].status).toBe('WITHDRAWN');
  const handoffs = await db.query('SELECT status FROM declaration.yard_handoffs WHERE declaration_id = $1', [d.id]);
  expect(handoffs.rows).toEqual([{ status: 'APPLIED' }]);
});
