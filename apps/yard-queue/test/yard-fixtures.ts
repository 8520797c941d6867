import type { ManualClock } from '#libs/clock/src/index.js';
import {
  acceptedVehicleEvents,
  type AcceptedVehiclesOptions,
  ADMIN_ENV,
  createTestApp,
  type TestApp,
} from '#libs/testing/src/index.js';
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

export interface SeededVehicle {
  vehicleId: string;
  plate: string;
  plateKey: string;
}

/**
 * Accepted vehicles delivered to the yard-queue service exactly as the declaration service's relay would
 * deliver them (through the consumer), for tests whose subject is the queue, not filing.
 */
export async function seedAcceptedVehicles(
  t: TestApp,
  n: number,
  o: AcceptedVehiclesOptions = {},
): Promise<SeededVehicle[]> {
  const { events, vehicles } = acceptedVehicleEvents(n, o);
  await t.app.get(DeclarationEventsConsumer).handle(events);
  return vehicles.map((v) => ({ vehicleId: v.vehicleId, plate: v.plate, plateKey: v.plateKey }));
}
