import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import type { Clock } from '#libs/clock/src/index.js';
import type {
  ClientToServerEvents,
  LiveAck,
  LiveError,
  QueueEntryView,
  ServerToClientEvents,
} from '#libs/live-client/src/index.js';
import { ADMIN_ENV, createTestApp, type Session, type TestApp } from '#libs/testing/src/index.js';
import { DECLARATION_DB } from '../../declaration/src/database/declaration-database.js';
import { DeclarationServiceModule } from '../../declaration/src/declaration-service.module.js';
import { YARD_QUEUE_DB } from '../../yard-queue/src/database/yard-queue-database.js';
import { YardQueueServiceModule } from '../../yard-queue/src/yard-queue-service.module.js';
import { GATEWAY_DB } from '../src/database/gateway-database.js';
import { GatewayServiceModule } from '../src/gateway-service.module.js';

export type RawSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Declaration, yard-queue and gateway in one app on one origin, as `npm start` runs them. */
export function createLiveTestApp(label: string, clock: Clock, env: Record<string, string> = {}): Promise<TestApp> {
  return createTestApp({
    label,
    services: [DeclarationServiceModule, YardQueueServiceModule, GatewayServiceModule],
    databases: [DECLARATION_DB, YARD_QUEUE_DB, GATEWAY_DB],
    clock,
    env: { ...ADMIN_ENV, QUEUE_SWEEPER: 'off', ...env },
  });
}

/** A raw socket.io client (no helper), connected or refused; `auth.token` when given. */
export function rawSocket(
  url: string,
  o: { token?: string; headers?: Record<string, string>; query?: Record<string, string>; transports?: string[] } = {},
): RawSocket {
  return io(url, {
    forceNew: true,
    reconnection: false,
    transports: (o.transports ?? ['websocket']) as ('websocket' | 'polling')[],
    auth: o.token ? { token: o.token } : {},
    extraHeaders: o.headers,
    query: o.query,
  });
}

/** Resolves when the socket connects; rejects with the server's error body when the handshake is refused. */
export function connected(s: RawSocket): Promise<RawSocket> {
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve(s));
    s.once('connect_error', (e: Error & { data?: LiveError }) =>
      reject(Object.assign(new Error(e.message), { live: e.data })),
    );
  });
}

export async function connect(url: string, token?: string): Promise<RawSocket> {
  return connected(rawSocket(url, { token }));
}

/** Sends a message and waits for its ack. */
export function ask<T extends object = object>(s: RawSocket, event: string, ...args: unknown[]): Promise<LiveAck<T>> {
  return (s as unknown as { timeout(ms: number): { emitWithAck(e: string, ...a: unknown[]): Promise<LiveAck<T>> } })
    .timeout(5000)
    .emitWithAck(event, ...args);
}

/** Every live message a socket receives, in order, by event name. */
export function record(s: RawSocket) {
  const seen: { event: string; payload: Record<string, unknown> }[] = [];
  s.onAny((event: string, payload: Record<string, unknown>) => seen.push({ event, payload }));
  return {
    seen,
    of: <T = Record<string, unknown>>(event: string) =>
      seen.filter((m) => m.event === event).map((m) => m.payload as T),
    clear: () => seen.splice(0),
  };
}

/** Entries compared by id. */
export function byId<T extends { id: string }>(entries: T[]): T[] {
  return [...entries].sort((a, b) => a.id.localeCompare(b.id));
}

/** The gateway's log version of a gate (0 before its first event). */
export async function gatewayVersion(databaseUrl: string, gate: string): Promise<number> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const { rows } = await c.query('SELECT version FROM gateway.queue_streams WHERE gate = $1', [gate]);
    return rows[0] ? Number(rows[0].version) : 0;
  } finally {
    await c.end();
  }
}

/** Checks a plate in at a gate as the yard operator; throws unless the yard answers 201. */
export async function checkInPlate(t: TestApp, yard: Session, gate: string, plate: string): Promise<QueueEntryView> {
  const res = await t.http().post('/api/check-ins').set('authorization', yard.auth).send({ gate, plate });
  if (res.status !== 201) throw new Error(`check-in ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as QueueEntryView;
}

/** A gate's queue as the REST API shows it to an officer. */
export async function officerQueue(
  t: TestApp,
  officer: Session,
  gate: string,
): Promise<{ version: number; entries: QueueEntryView[]; gateState: unknown; congestion: unknown }> {
  const res = await t.http().get(`/api/gates/${gate}/queue`).set('authorization', officer.auth);
  return res.body as { version: number; entries: QueueEntryView[]; gateState: unknown; congestion: unknown };
}
