import { randomUUID } from 'node:crypto';
import type { ManualClock } from '#libs/clock/src/index.js';
import { type Direction, normalisePlateKey, parsePlate } from '#libs/domain/src/index.js';
import type { AnyEventEnvelope, VehicleSnapshot } from '#libs/events/src/index.js';
import { ADMIN_ENV, createTestApp, type TestApp, uniqueVnPlate } from '#libs/testing/src/index.js';
import { DECLARATION_DB } from '../../declaration/src/database/declaration-database.js';
import { DeclarationServiceModule } from '../../declaration/src/declaration-service.module.js';
import { YARD_QUEUE_DB } from '../src/database/yard-queue-database.js';
import { DeclarationEventsConsumer } from '../src/events/declaration-events.consumer.js';
import { YardQueueServiceModule } from '../src/yard-queue-service.module.js';

/** Both services in one app, as `npm start` runs them, on a database of the test file's own. */
export function createPlatformTestApp(
  label: string,
  clock: ManualClock,
  env: Record<string, string> = {},
): Promise<TestApp> {
  return createTestApp({
    label,
    services: [DeclarationServiceModule, YardQueueServiceModule],
    databases: [DECLARATION_DB, YARD_QUEUE_DB],
    clock,
    env: { ...ADMIN_ENV, QUEUE_SWEEPER: 'off', ...env },
  });
}

/** Waits until `check` passes (events travel through the outbox relay asynchronously). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 10000): Promise<T> {
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

export interface SeededVehicle {
  vehicleId: string;
  plate: string;
  plateKey: string;
}

/**
 * Accepted vehicles delivered to the yard-queue service exactly as the declaration service's relay
 * would deliver them (through the consumer), for tests whose subject is the queue, not filing.
 */
export async function seedAcceptedVehicles(
  t: TestApp,
  n: number,
  o: { gate?: string; direction?: Direction; priority?: boolean | ((i: number) => boolean) } = {},
): Promise<SeededVehicle[]> {
  const consumer = t.app.get(DeclarationEventsConsumer);
  const out: SeededVehicle[] = [];
  const events: AnyEventEnvelope[] = [];
  for (let i = 0; i < n; i++) {
    const plateText = uniqueVnPlate();
    const plate = parsePlate(plateText);
    if (!plate.ok) throw new Error(plate.message);
    const priority = typeof o.priority === 'function' ? o.priority(i) : (o.priority ?? false);
    const v: VehicleSnapshot = {
      vehicleId: randomUUID(),
      declarationId: randomUUID(),
      firmId: randomUUID(),
      firmName: 'Công ty TNHH Vận tải Đồng Đăng',
      gate: o.gate ?? 'HUU_NGHI',
      direction: o.direction ?? 'EXPORT',
      plate: plate.value.display,
      plateKey: normalisePlateKey(plateText)!,
      trailerPlate: null,
      nationality: 'VN',
      containerNumber: null,
      sealNumber: null,
      driverName: 'Lường Văn Tâm',
      driverDocument: { type: 'CCCD', number: '020123456789' },
      driverPhone: '+84912345678',
      priorityClass: priority ? 'PRIORITY' : 'GENERAL',
      quarantineRequired: priority,
      goodsCategories: [priority ? 'PERISHABLE' : 'GENERAL'],
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
    out.push({ vehicleId: v.vehicleId, plate: v.plate, plateKey: v.plateKey });
  }
  await consumer.handle(events);
  return out;
}
