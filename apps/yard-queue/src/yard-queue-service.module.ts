import { Module } from '@nestjs/common';
import { tokenRevocationFeed } from '#libs/auth/src/index.js';
import { FairnessController } from './accountability/fairness.controller.js';
import { FairnessRepository } from './accountability/fairness.repository.js';
import { FairnessService } from './accountability/fairness.service.js';
import { YARD_QUEUE_DB, YardQueueDatabaseModule } from './database/yard-queue-database.js';
import { VehicleDeclarationsClient } from './events/vehicle-declarations.client.js';
import { DeclarationEventsConsumer } from './events/declaration-events.consumer.js';
import { YARD_QUEUE_RELAY, YardQueueRelayProvider } from './events/yard-queue-events.js';
import { YardQueueInternalEventsController } from './events/yard-queue-internal-events.js';
import { EtaController } from './eta/eta.controller.js';
import { EtaRepository } from './eta/eta.repository.js';
import { EtaService } from './eta/eta.service.js';
import { FeePaymentRepository } from './fees/fee-payment.repository.js';
import { FeesController } from './fees/fees.controller.js';
import { FeesService } from './fees/fees.service.js';
import { VehicleHandoffController } from './handoffs/vehicle-handoff.controller.js';
import { VehicleHandoffRepository } from './handoffs/vehicle-handoff.repository.js';
import { VehicleHandoffService } from './handoffs/vehicle-handoff.service.js';
import { GatesController } from './gates/gates.controller.js';
import { GatesService } from './gates/gates.service.js';
import { QueueController } from './queue/queue.controller.js';
import { QueueRepository } from './queue/queue.repository.js';
import { QueueService } from './queue/queue.service.js';
import { QueueSnapshotController } from './queue/queue-snapshot.controller.js';
import { QueueSweeper } from './queue/queue-sweeper.js';

/**
 * The yard-queue service: gates as configuration, check-in, slots, gate actions, suspension.
 * Needs PlatformConfigModule, ClockModule and AuthModule from the root that hosts it.
 */
@Module({
  imports: [YardQueueDatabaseModule],
  controllers: [
    GatesController,
    QueueController,
    QueueSnapshotController,
    YardQueueInternalEventsController,
    VehicleHandoffController,
    EtaController,
    FairnessController,
    FeesController,
  ],
  providers: [
    QueueRepository,
    QueueService,
    EtaRepository,
    EtaService,
    GatesService,
    FairnessRepository,
    FairnessService,
    QueueSweeper,
    DeclarationEventsConsumer,
    VehicleDeclarationsClient,
    VehicleHandoffRepository,
    VehicleHandoffService,
    YardQueueRelayProvider,
    FeePaymentRepository,
    FeesService,
    tokenRevocationFeed(YARD_QUEUE_DB),
  ],
  exports: [YARD_QUEUE_RELAY, QueueService],
})
export class YardQueueServiceModule {}
