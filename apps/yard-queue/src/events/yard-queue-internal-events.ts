import { internalEventsController } from '#libs/events/src/index.js';
import { DeclarationEventsConsumer } from './declaration-events.consumer.js';

/**
 * POST /api/internal/yard-queue/events: the declaration service's vehicles and the notification service's
 * unreached calls (internal token). Apart from the relay, so the consumer may use the queue service.
 */
export const YardQueueInternalEventsController = internalEventsController('yard-queue', DeclarationEventsConsumer);
