import { Module } from '@nestjs/common';
import { tokenRevocationFeed } from '#libs/auth/src/index.js';
import { GATEWAY_DB, GatewayDatabaseModule } from './database/gateway-database.js';
import { GatewayInternalEventsController } from './events/gateway-events.js';
import { QueueEventsConsumer } from './events/queue-events.consumer.js';
import { LiveAdapterProvider } from './live/live-adapter.js';
import { LiveFanout } from './live/live-fanout.js';
import { LiveOptionsProvider } from './live/live-options.js';
import { LiveQueueService } from './live/live-queue.service.js';
import { MessageThrottle } from './live/message-throttle.js';
import { QueueLogRepository } from './live/queue-log.repository.js';
import { QueueProjector } from './live/queue-projector.js';
import { QueueGateway } from './live/queue.gateway.js';
import { SocketAuthenticator } from './live/socket-authenticator.js';
import { YardQueueClient } from './live/yard-queue.client.js';
import { TrackFeed } from './track/track-feed.js';
import { TrackController } from './track/track.controller.js';
import { TrackService } from './track/track.service.js';
import { VehicleStatusClient } from './track/vehicle-status.client.js';

/**
 * The live queue gateway: socket.io on the platform's origin, fed by the yard-queue's queue events through
 * its inbox, with its own log so clients that missed something (or a restarted gateway) lose nothing.
 * Needs PlatformConfigModule, ClockModule and AuthModule from the root that hosts it.
 */
@Module({
  imports: [GatewayDatabaseModule],
  controllers: [GatewayInternalEventsController, TrackController],
  providers: [
    LiveOptionsProvider,
    LiveAdapterProvider,
    QueueLogRepository,
    YardQueueClient,
    QueueProjector,
    LiveFanout,
    LiveQueueService,
    MessageThrottle,
    SocketAuthenticator,
    QueueGateway,
    QueueEventsConsumer,
    VehicleStatusClient,
    TrackService,
    TrackFeed,
    tokenRevocationFeed(GATEWAY_DB),
  ],
})
export class GatewayServiceModule {}
