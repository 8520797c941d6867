import net from 'node:net';
import { io } from 'socket.io-client';
import { ManualClock } from '#libs/clock/src/index.js';
import { LiveQueueClient, type LiveStatus, type QueueEntryView } from '#libs/live-client/src/index.js';
import { ADMIN_ENV, createTestApp, eventually, freePort, type Session, type TestApp } from '#libs/testing/src/index.js';
import { DECLARATION_DB } from '../../apps/declaration/src/database/declaration-database.js';
import { DeclarationServiceModule } from '../../apps/declaration/src/declaration-service.module.js';
import {
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
  startGatewayPair,
} from './gateway-processes.js';

// Two gateway instances behind a proxy that sends each connection to the first instance that takes it (as
// nginx does when an upstream refuses). Instance A is stopped gracefully (SIGTERM) with consoles on it: they
// are told to reconnect, do so through the proxy to B, and B's own consoles are not disturbed.
const GATE = 'HUU_NGHI';
const clock = new ManualClock('2026-12-01T00:40:00.000Z');
let t: TestApp;
let a: GatewayProcess, b: GatewayProcess;
let proxy: net.Server;
let proxyUrl: string;
let customs: Session, yard: Session;
const clients: LiveQueueClient[] = [];
const sockets: RawSocket[] = [];

/** Connects each client to the first backend that accepts, in order. */
function failoverProxy(ports: number[]): net.Server {
  return net.createServer((client) => {
    client.pause();
    const attempt = (i: number) => {
      if (i >= ports.length) return client.destroy();
      const upstream = net.connect(ports[i], '127.0.0.1');
      upstream.once('error', () => attempt(i + 1));
      upstream.once('connect', () => {
        upstream.removeAllListeners('error');
        for (const [from, to] of [
          [client, upstream],
          [upstream, client],
        ] as const) {
          from.pipe(to);
          from.on('error', () => to.destroy());
          from.on('close', () => to.destroy());
        }
        client.resume();
      });
    };
    attempt(0);
  });
}

const socketsOn = async (g: GatewayProcess) =>
  Number(/^connected_sockets (\d+)/m.exec(await (await fetch(`${g.url}/metrics`)).text())?.[1]);

beforeAll(async () => {
  await buildDist();
  const [portA, portB, portProxy] = [await freePort(), await freePort(), await freePort()];
  proxy = failoverProxy([portA, portB]);
  await new Promise<void>((resolve) => proxy.listen(portProxy, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${portProxy}`;
  t = await createTestApp({
    label: 'gw_handover',
    services: [DeclarationServiceModule, YardQueueServiceModule],
    databases: [DECLARATION_DB, YARD_QUEUE_DB],
    clock,
    // The yard's relay reaches the gateways through the proxy too.
    env: { ...ADMIN_ENV, QUEUE_SWEEPER: 'off', GATEWAY_URL: proxyUrl },
  });
  [a, b] = await startGatewayPair(t, [portA, portB], { LIVE_HEARTBEAT_MS: '1000' });
  ({ customs, yard } = await gateOfficers(t, GATE));
}, 120_000);

afterAll(async () => {
  for (const c of clients) c.close();
  for (const s of sockets) s.disconnect();
  await killAllGateways();
  await new Promise((r) => proxy?.close(r));
  await t?.close();
});

const checkIn = (plate: string) => checkInPlate(t, yard, GATE, plate);
const restQueue = () => officerQueue(t, customs, GATE);

it('a gateway stopping gracefully tells its consoles to reconnect, and they are live on another instance within a second or two', async () => {
  const vehicles = await seedAcceptedVehicles(t, 4);
  await checkIn(vehicles[0].plate);

  const client = new LiveQueueClient({
    url: proxyUrl,
    io: io,
    token: customs.token,
    socketOptions: { forceNew: true },
  });
  clients.push(client);
  const statuses: LiveStatus[] = [];
  client.onStatus((s) => statuses.push(s));
  const sub = client.subscribe<QueueEntryView>(GATE, 'customs');
  await sub.ready;
  // A raw socket on A through the proxy, to see what A says; one straight on B, which must not notice.
  const onA = await connect(proxyUrl, customs.token);
  const onB = await connect(b.url, customs.token);
  sockets.push(onA, onB);
  const heardOnA = record(onA);
  let bDisconnected = false;
  onB.on('disconnect', () => (bDisconnected = true));
  expect(await socketsOn(a)).toBe(2);
  expect(await socketsOn(b)).toBe(1);

  const stopped = performance.now();
  await a.kill('SIGTERM');
  await eventually(() => expect(client.status).toBe('live'), 10_000);
  const handoverMs = performance.now() - stopped;

  expect(heardOnA.of('server.restarting')).toEqual([
    { message: expect.stringContaining('kết nối lại'), reconnectWithinMs: expect.any(Number) },
  ]);
  expect(statuses).toContain('reconnecting');
  expect(bDisconnected).toBe(false);
  // The console is on B now (with the socket that was there all along).
  expect(await socketsOn(b)).toBe(2);
  expect(handoverMs).toBeLessThan(3000);

  // On B the console follows the queue as before.
  for (const v of vehicles.slice(1)) await checkIn(v.plate);
  await eventually(async () => {
    const rest = await restQueue();
    expect(sub.version).toBe(rest.version);
    expect(byId(sub.entries())).toEqual(byId(rest.entries));
  }, 15_000);
}, 60_000);
