import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import type { Clock } from '#libs/clock/src/index.js';
import { normalisePlateKey, parsePlate } from '#libs/domain/src/index.js';
import type { AnyEventEnvelope, VehicleSnapshot } from '#libs/events/src/index.js';
import type { ClientToServerEvents, LiveAck, LiveError, ServerToClientEvents } from '#libs/live-client/src/index.js';
import { ADMIN_ENV, createTestApp, type TestApp, uniqueVnPlate } from '#libs/testing/src/index.js';
import { DECLARATION_DB } from '../../declaration/src/database/declaration-database.js';
import { DeclarationServiceModule } from '../../declaration/src/declaration-service.module.js';
import { YARD_QUEUE_DB } from '../../yard-queue/src/database/yard-queue-database.js';
import { DeclarationEventsConsumer } from '../../yard-queue/src/events/declaration-events.consumer.js';
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

/** Waits until `check` passes. */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 10000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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

/**
 * Accepted vehicles delivered to the yard-queue through its consumer, exactly as the declaration service's
 * relay delivers them, optionally all of one firm (for the firm view).
 */
export async function seedVehicles(
  t: TestApp,
  n: number,
  o: { gate?: string; firmId?: string; firmName?: string } = {},
): Promise<{ vehicleId: string; plate: string }[]> {
  const events: AnyEventEnvelope[] = [];
  const out: { vehicleId: string; plate: string }[] = [];
  for (let i = 0; i < n; i++) {
    const text = uniqueVnPlate();
    const plate = parsePlate(text);
    if (!plate.ok) throw new Error(plate.message);
    const v: VehicleSnapshot = {
      vehicleId: randomUUID(),
      declarationId: randomUUID(),
      firmId: o.firmId ?? randomUUID(),
      firmName: o.firmName ?? 'Công ty TNHH Vận tải Lạng Sơn',
      gate: o.gate ?? 'HUU_NGHI',
      direction: 'EXPORT',
      plate: plate.value.display,
      plateKey: normalisePlateKey(text)!,
      trailerPlate: null,
      nationality: 'VN',
      containerNumber: null,
      sealNumber: null,
      driverName: 'Nông Văn Thắng',
      driverDocument: { type: 'CCCD', number: '020198765432' },
      driverPhone: '+84987654321',
      priorityClass: 'GENERAL',
      quarantineRequired: false,
      goodsCategories: ['GENERAL'],
      expectedArrival: new Date().toISOString(),
      version: 1,
    };
    events.push({
      id: randomUUID(),
      type: 'declaration.accepted',
      aggregateId: v.declarationId,
      producer: 'test',
      occurredAt: new Date().toISOString(),
      sequence: i,
      payload: { declarationId: v.declarationId, firmId: v.firmId, gate: v.gate, automatic: false, vehicles: [v] },
    });
    out.push({ vehicleId: v.vehicleId, plate: v.plate });
  }
  await t.app.get(DeclarationEventsConsumer).handle(events);
  return out;
}

/** Entries compared by id, with or without their estimates. */
export function byId<T extends { id: string }>(entries: T[], o: { withoutEta?: boolean } = {}): T[] {
  return [...entries]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((e) => (o.withoutEta ? { ...e, eta: undefined } : e));
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
