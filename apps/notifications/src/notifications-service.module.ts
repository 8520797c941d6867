import { Module } from '@nestjs/common';
import { tokenRevocationFeed } from '#libs/auth/src/index.js';
import { NotificationsController } from './api/notifications.controller.js';
import { NotificationsService } from './api/notifications.service.js';
import { ReceiptsController } from './api/receipts.controller.js';
import { ReceiptsService } from './api/receipts.service.js';
import { NOTIFICATIONS_DB, NotificationsDatabaseModule } from './database/notifications-database.js';
import { Dispatcher } from './delivery/dispatcher.js';
import { NoticePlanner } from './delivery/notice-planner.js';
import { NotificationRepository } from './delivery/notification.repository.js';
import { ProviderChannels } from './delivery/provider-channels.js';
import { NotificationEventsConsumer } from './events/notification-events.consumer.js';
import { NotificationsInternalEventsController } from './events/notifications-events.js';
import { NotificationsRelayProvider } from './events/notifications-relay.js';

/**
 * Notifications: SMS (eSMS.vn), Zalo ZNS, Web Push and e-mail to drivers and firms, from the declaration and
 * yard-queue services' events, with its own messages table delivered like an outbox.
 * Needs PlatformConfigModule, ClockModule and AuthModule from the root that hosts it.
 */
@Module({
  imports: [NotificationsDatabaseModule],
  controllers: [NotificationsController, ReceiptsController, NotificationsInternalEventsController],
  providers: [
    NotificationRepository,
    ProviderChannels,
    NoticePlanner,
    Dispatcher,
    NotificationEventsConsumer,
    NotificationsService,
    ReceiptsService,
    NotificationsRelayProvider,
    tokenRevocationFeed(NOTIFICATIONS_DB),
  ],
})
export class NotificationsServiceModule {}
