import pg from 'pg';
import { ManualClock } from '#libs/clock/src/index.js';
import {
  acceptedDeclaration,
  createOfficer,
  declarationBody,
  freePort,
  login,
  registerFirm,
  TEST_ADMIN,
  type TestApp,
  uniqueVnPlate,
} from '#libs/testing/src/index.js';
import { createPlatformTestApp } from './yard-fixtures.js';

// Tuesday 1 December 2026, 07:40 in Lạng Sơn (UTC+7): Hữu Nghị is open 07:00–19:00.
const clock = new ManualClock('2026-12-01T00:40:00.000Z');
const arrival = () => new Date(clock.now().getTime() + 3600_000).toISOString();

describe('a check-in of an acceptance the relay has not delivered', () => {
  let t: TestApp;
  let db: pg.Client;
  beforeAll(async () => {
    // No relay: the yard learns of the acceptance only by asking at the check-in.
    t = await createPlatformTestApp('check_in_pull', clock, { OUTBOX_RELAY: 'off' });
    db = new pg.Client({ connectionString: t.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await t?.close();
  });

  it('checks the truck in, and records when the yard first held the acceptance', async () => {
    const http = () => t.http();
    const admin = await login(http, TEST_ADMIN.email, TEST_ADMIN.password);
    const firm = await registerFirm(http);
    const customs = await createOfficer(http, admin, 'CUSTOMS', ['HUU_NGHI']);
    const yard = await createOfficer(http, admin, 'YARD_OPERATOR', ['HUU_NGHI']);
    const plate = uniqueVnPlate();
    const d = await acceptedDeclaration(
      http,
      firm,
      customs,
      declarationBody({ vehicles: [{ plate }], arrival: arrival() }),
    );
    const before = await db.query('SELECT 1 FROM yard_queue.vehicles WHERE vehicle_id = $1', [d.vehicles[0].id]);
    expect(before.rows).toHaveLength(0);
    const res = await http().post('/api/check-ins').set('authorization', yard.auth).send({ gate: 'HUU_NGHI', plate });
    expect(res.status).toBe(201);
    expect(res.body.vehicleId).toBe(d.vehicles[0].id);
    const { rows } = await db.query<{ received: Date; accepted: Date }>(
      `SELECT v.received_at AS received, min(a.at) AS accepted FROM yard_queue.vehicles v
         JOIN declaration.audit_log a ON a.declaration_id = v.declaration_id AND a.action = 'accept'
        WHERE v.vehicle_id = $1 GROUP BY v.received_at`,
      [d.vehicles[0].id],
    );
    expect(rows).toHaveLength(1);
    // The database's own clock at the yard's insert, after the acceptance's (manual) time.
    expect(rows[0].received.getTime()).toBeGreaterThan(rows[0].accepted.getTime());
  });
});

describe('a check-in while the declaration service does not answer', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Nothing listens on this port: every question to the declaration service fails.
    t = await createPlatformTestApp('check_in_pull_down', clock, {
      DECLARATION_URL: `http://127.0.0.1:${await freePort()}`,
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('is refused as the service being down, not as a truck nobody declared', async () => {
    const http = () => t.http();
    const admin = await login(http, TEST_ADMIN.email, TEST_ADMIN.password);
    const yard = await createOfficer(http, admin, 'YARD_OPERATOR', ['HUU_NGHI']);
    const res = await http()
      .post('/api/check-ins')
      .set('authorization', yard.auth)
      .send({ gate: 'HUU_NGHI', plate: uniqueVnPlate() });
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('DEPENDENCY_DOWN');
  });
});
