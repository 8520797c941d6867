import { internalEventsController } from '#libs/events/src/index.js';
import { NotificationEventsConsumer } from './notification-events.consumer.js';

/** POST /api/internal/notifications/events: where the declaration and yard-queue relays deliver (internal token). */
export const NotificationsInternalEventsController = internalEventsController(
  'notifications',
  NotificationEventsConsumer,
);
