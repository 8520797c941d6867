import { internalEventsController } from '#libs/events/src/index.js';
import { QueueEventsConsumer } from './queue-events.consumer.js';

/** POST /api/internal/gateway/events: where the yard-queue's relay delivers queue changes (internal token). */
export const GatewayInternalEventsController = internalEventsController('gateway', QueueEventsConsumer);
