import { internalEventsController } from '#libs/events/src/index.js';
import { StatisticsEventsConsumer } from './statistics-events.consumer.js';

/** POST /api/internal/statistics/events: where the declaration and yard-queue relays deliver (internal token). */
export const StatisticsInternalEventsController = internalEventsController('statistics', StatisticsEventsConsumer);
