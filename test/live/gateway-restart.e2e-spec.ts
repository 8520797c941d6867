import pg from 'pg';
import { io } from 'socket.io-client';
import { ManualClock } from '#libs/clock/src/index.js';
import { LiveQueueClient, type LiveStatus, type QueueEntryView } from '#libs/live-client/src/index.js';
import { ADMIN_ENV, createTestApp, eventually, freePort, type Session, type TestApp } from '#libs/testing/src/index.js';
import { DECLARATION_DB } from '../../apps/declaration/src/database/declaration-database.js';
import { DeclarationServiceModule } from '../../apps/declaration/src/declaration-service.module.js';
import { byId, checkInPlate, gatewayVersion, officerQueue } from '../../apps/gateway/test/live-fixtures.js';
import { seedAcceptedVehicles } from '../../apps/yard-queue/test/yard-fixtures.js';
import { YARD_QUEUE_DB } from '../../apps/yard-queue/src/database/yard-queue-database.js';
import { YardQueueServiceModule } from '../../apps/yard-queue/src/yard-queue-service.module.js';
import { buildDist, GatewayProcess, gateOfficers, gatewayEnv, killAllGateways } from './gateway-processes.js';

// The production shape: declaration and yard-queue in this process, the gateway alone in its own, killed
// with SIGKILL (no shutdown hook runs) while a console is connected to it, then started again.
const GATE = 'HUU_NGHI';
const clock = new ManualClock('2026-12-01T00:40:00.000Z');
let t: TestApp;
let gateway: GatewayProcess;
let client: LiveQueueClient | undefined;
let db: pg.Client;
let customs: Session, yard: Session;

beforeAll(async () => {
  await buildDist();
  const port = await freePort();
  t = await createTestApp({
    label: 'gw_restart',
    services: [DeclarationServiceModule, YardQueueServiceModule],
    databases: [DECLARATION_DB, YARD_QUEUE_DB],
    clock,
    env: { ...ADMIN_ENV, QUEUE_SWEEPER: 'off', GATEWAY_URL: `http://127.0.0.1:${port}` },
  });
  gateway = new GatewayProcess('gateway', port, gatewayEnv(t, port, { LIVE_HEARTBEAT_MS: '1000' }));
  await gateway.start();
  db = new pg.Client({ connectionString: t.databaseUrl });
  await db.connect();
  ({ customs, yard } = await gateOfficers(t, GATE));
}, 120_000);

afterAll(async () => {
  client?.close();
  await killAllGateways();
  await db?.end();
  await t?.close();
});

const checkIn = (plate: string) => checkInPlate(t, yard, GATE, plate);
const restQueue = () => officerQueue(t, customs, GATE);

it('a gateway killed (SIGKILL) and restarted while a client is connected: the client converges to exactly GET /api/gates/:code/queue', async () => {
  const vehicles = await seedAcceptedVehicles(t, 6);
  const first = await checkIn(vehicles[0].plate);
  await checkIn(vehicles[1].plate);
  client = new LiveQueueClient({
    url: gateway.url,
    io: io,
    token: customs.token,
    socketOptions: { forceNew: true, reconnectionDelay: 200, reconnectionDelayMax: 1000 },
  });
  const statuses: LiveStatus[] = [];
  client.onStatus((s) => statuses.push(s));
  const sub = client.subscribe<QueueEntryView>(GATE, 'customs');
  await sub.ready;
  const converged = () =>
    eventually(async () => {
      const rest = await restQueue();
      expect(sub.version).toBe(rest.version);
      expect(byId(sub.entries())).toEqual(byId(rest.entries));
      expect(sub.congestion).toEqual(rest.congestion);
      expect(sub.gateState).toEqual(rest.gateState);
      expect(client!.status).toBe('live');
    }, 20_000);
  await converged();
  // Everything the client holds is in the gateway's log when it dies.
  await eventually(async () => expect(await gatewayVersion(t.databaseUrl, GATE)).toBe(sub.version));

  await gateway.kill('SIGKILL');
  await eventually(() => expect(client!.status).toBe('reconnecting'));
  // The queue moves on while the gateway is down: the yard-queue's relay keeps these events until it is back.
  for (const v of vehicles.slice(2)) await checkIn(v.plate);
  const called = await t.http().post(`/api/queue-entries/${first.id}/call`).set('authorization', customs.auth).send({});
  expect(called.status).toBe(200);

  await gateway.start();
  await converged();
  expect(statuses).toEqual(expect.arrayContaining(['live', 'reconnecting']));
  // Brought up to date from the gateway's log, not by starting over.
  expect(sub.stats.snapshots).toBe(1);
  expect(['delta', 'current']).toContain(sub.stats.lastSync);
  // The gateway lost nothing: one log row per version, without a gap or a snapshot taken in between.
  const { rows } = await db.query<{ version: string; reset: boolean }>(
    'SELECT version, reset FROM gateway.queue_log WHERE gate = $1 ORDER BY version',
    [GATE],
  );
  expect(rows.map((r) => Number(r.version))).toEqual(
    Array.from({ length: (await restQueue()).version }, (_, i) => i + 1),
  );
  expect(rows.some((r) => r.reset)).toBe(false);
}, 60_000);
