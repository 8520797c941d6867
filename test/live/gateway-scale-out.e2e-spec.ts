import { randomBytes } from 'node:crypto';
import { io } from 'socket.io-client';
import { ManualClock } from '#libs/clock/src/index.js';
import {
  LiveQueueClient,
  type QueueDeltaMessage,
  type QueueEntryView,
  type VehicleUpdateMessage,
} from '#libs/live-client/src/index.js';
import {
  ADMIN_ENV,
  createTestApp,
  eventually,
  freePort,
  registerFirm,
  type Session,
  type TestApp,
} from '#libs/testing/src/index.js';
import { DECLARATION_DB } from '../../apps/declaration/src/database/declaration-database.js';
import { DeclarationServiceModule } from '../../apps/declaration/src/declaration-service.module.js';
import {
  ask,
  byId,
  checkInPlate,
  connect,
  officerQueue,
  type RawSocket,
  record,
} from '../../apps/gateway/test/live-fixtures.js';
import { seedAcceptedVehicles } from '../../apps/yard-queue/test/yard-fixtures.js';
import { YARD_QUEUE_DB } from '../../apps/yard-queue/src/database/yard-queue-database.js';
import { YardQueueServiceModule } from '../../apps/yard-queue/src/yard-queue-service.module.js';
import {
  buildDist,
  type GatewayProcess,
  gateOfficers,
  killAllGateways,
  redisReachable,
  startGatewayPair,
} from './gateway-processes.js';

// Two gateway instances on one database. The yard-queue's relay delivers to instance A only; consoles on
// instance B must see the same queue, through the socket.io adapter: Postgres (the default) or Redis.
const GATE = 'HUU_NGHI';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const redis = await redisReachable(new URL(REDIS_URL).hostname, Number(new URL(REDIS_URL).port || 6379));

describe.each([
  ['Postgres', {}],
  ['Redis', { REDIS_URL }],
] as const)('two gateway instances sharing broadcasts through the %s adapter', (adapter, extra) => {
  const run = adapter === 'Redis' && !redis ? it.skip : it;
  const clock = new ManualClock('2026-12-01T00:40:00.000Z');
  let t: TestApp;
  let a: GatewayProcess, b: GatewayProcess;
  let customs: Session, yard: Session, firm: Session;
  const clients: LiveQueueClient[] = [];
  const sockets: RawSocket[] = [];

  beforeAll(async () => {
    if (adapter === 'Redis' && !redis) return;
    await buildDist();
    const [portA, portB] = [await freePort(), await freePort()];
    t = await createTestApp({
      label: `gw_scale_${adapter}`,
      services: [DeclarationServiceModule, YardQueueServiceModule],
      databases: [DECLARATION_DB, YARD_QUEUE_DB],
      clock,
      env: { ...ADMIN_ENV, QUEUE_SWEEPER: 'off', GATEWAY_URL: `http://127.0.0.1:${portA}` },
    });
    // Heartbeats far apart: what reaches B within seconds came through the adapter, not B's own polling of the log.
    const env = {
      LIVE_HEARTBEAT_MS: '30000',
      LIVE_LAG_GRACE_MS: '600000',
      LIVE_ADAPTER_CHANNEL: `test-${randomBytes(4).toString('hex')}`,
      ...extra,
    };
    [a, b] = await startGatewayPair(t, [portA, portB], env);
    ({ customs, yard } = await gateOfficers(t, GATE));
    firm = await registerFirm(() => t.http(), 'Công ty TNHH Hai Phiên Bản');
  }, 120_000);

  afterAll(async () => {
    for (const c of clients) c.close();
    for (const s of sockets) s.disconnect();
    await killAllGateways();
    await t?.close();
  });

  const checkIn = (plate: string) => checkInPlate(t, yard, GATE, plate);
  const restQueue = () => officerQueue(t, customs, GATE);
  const client = (url: string) => {
    const c = new LiveQueueClient({
      url,
      io: io,
      token: customs.token,
      socketOptions: { forceNew: true },
    });
    clients.push(c);
    return c;
  };

  run(
    'a change relayed to one instance reaches the clients of the other, in order, within seconds',
    async () => {
      const onA = client(a.url).subscribe<QueueEntryView>(GATE, 'customs');
      const onB = client(b.url).subscribe<QueueEntryView>(GATE, 'customs');
      const board = await connect(b.url);
      const firmSocket = await connect(b.url, firm.token);
      sockets.push(board, firmSocket);
      const boardSeen = record(board);
      const firmSeen = record(firmSocket);
      await Promise.all([onA.ready, onB.ready]);
      expect(await ask(board, 'subscribe', { gate: GATE, view: 'board' })).toMatchObject({ ok: true });
      expect(await ask(firmSocket, 'subscribe', { gate: GATE, view: 'firm' })).toMatchObject({ ok: true });
      const [mine] = await seedAcceptedVehicles(t, 1, { firmId: firm.user.firm!.id, firmName: firm.user.firm!.name });
      const others = await seedAcceptedVehicles(t, 2);
      const started = Date.now();
      const entry = await checkIn(mine.plate);
      for (const v of others) await checkIn(v.plate);
      await eventually(async () => {
        const rest = await restQueue();
        for (const sub of [onA, onB]) {
          expect(sub.version).toBe(rest.version);
          expect(byId(sub.entries())).toEqual(byId(rest.entries));
        }
        expect(boardSeen.of<QueueDeltaMessage>('queue.delta').at(-1)?.version).toBe(rest.version);
        // Its check-in, then its estimate as a change of its own: nothing of the other firms' trucks.
        expect([...new Set(firmSeen.of<VehicleUpdateMessage>('vehicle.update').map((u) => u.entry.id))]).toEqual([
          entry.id,
        ]);
        expect(firmSeen.of<VehicleUpdateMessage>('vehicle.update').at(-1)?.entry.eta).not.toBeNull();
      }, 10_000);
      // Well inside B's 30 s heartbeat: carried by the adapter.
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(onB.stats).toMatchObject({ snapshots: 1, gaps: 0 });
      expect(onB.stats.deltas).toBeGreaterThanOrEqual(3);
    },
    60_000,
  );
});
