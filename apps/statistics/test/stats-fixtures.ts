import type { ManualClock } from '#libs/clock/src/index.js';
import { ADMIN_ENV, createTestApp, type TestApp } from '#libs/testing/src/index.js';
import { DECLARATION_DB } from '../../declaration/src/database/declaration-database.js';
import { DeclarationServiceModule } from '../../declaration/src/declaration-service.module.js';
import { YARD_QUEUE_DB } from '../../yard-queue/src/database/yard-queue-database.js';
import { YardQueueServiceModule } from '../../yard-queue/src/yard-queue-service.module.js';
import { STATISTICS_DB } from '../src/database/statistics-database.js';
import { StatisticsServiceModule } from '../src/statistics-service.module.js';

/** The declaration, yard-queue and statistics services in one app, fed by their real relays; `env` adds settings. */
export function createStatsTestApp(
  label: string,
  clock?: ManualClock,
  env: Record<string, string> = {},
): Promise<TestApp> {
  return createTestApp({
    label,
    services: [DeclarationServiceModule, YardQueueServiceModule, StatisticsServiceModule],
    databases: [DECLARATION_DB, YARD_QUEUE_DB, STATISTICS_DB],
    clock,
    env: { ...ADMIN_ENV, QUEUE_SWEEPER: 'off', ...env },
  });
}
