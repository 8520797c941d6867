import { Module } from '@nestjs/common';
import { tokenRevocationFeed } from '#libs/auth/src/index.js';
import { DECLARATION_DB, DeclarationDatabaseModule } from './database/declaration-database.js';
import { DeclarationController } from './declarations/declaration.controller.js';
import { DeclarationRepository } from './declarations/declaration.repository.js';
import { DeclarationService } from './declarations/declaration.service.js';
import { HandoffSweeper } from './declarations/handoff-sweeper.js';
import { IdempotencyJanitor } from './declarations/idempotency-janitor.js';
import { YardHandoffClient } from './declarations/yard-handoff.client.js';
import {
  DECLARATION_RELAY,
  DeclarationInternalEventsController,
  DeclarationRelayProvider,
} from './events/declaration-events.js';
import { QueueEventsConsumer } from './events/queue-events.consumer.js';
import { FeeTariffController } from './fees/fee-tariff.controller.js';
import { FeeTariffRepository } from './fees/fee-tariff.repository.js';
import { FeeTariffService } from './fees/fee-tariff.service.js';
import { GateDirectory } from './gates/gate-directory.js';
import { GateRepository } from './gates/gate.repository.js';
import { AuthController } from './identity/auth.controller.js';
import { AuthService } from './identity/auth.service.js';
import { PasswordResetMailer } from './identity/password-reset.mailer.js';
import { PasswordResetService } from './identity/password-reset.service.js';
import { SeedService } from './identity/seed.service.js';
import { UserRepository } from './identity/user.repository.js';
import { UsersController } from './identity/users.controller.js';
import { UsersService } from './identity/users.service.js';
import { VehicleDeclarationsController } from './vehicles/vehicle-declarations.controller.js';
import { FleetBookController } from './vehicles/fleet-book.controller.js';
import { FleetBookRepository } from './vehicles/fleet-book.repository.js';
import { FleetController } from './vehicles/fleet.controller.js';
import { FleetRepository } from './vehicles/fleet.repository.js';
import { VehicleController } from './vehicles/vehicle.controller.js';
import { WebhookController } from './webhooks/webhook.controller.js';
import { WebhookDispatcher } from './webhooks/webhook-dispatcher.js';
import { WebhookRepository } from './webhooks/webhook.repository.js';
import { WebhookService } from './webhooks/webhook.service.js';
import { VehicleStatusController } from './vehicles/vehicle-status.controller.js';

/**
 * The declaration service: identity (firms, officers, tokens) and pre-arrival declarations.
 * Needs PlatformConfigModule, ClockModule and AuthModule from the root that hosts it.
 */
@Module({
  imports: [DeclarationDatabaseModule],
  controllers: [
    AuthController,
    UsersController,
    DeclarationController,
    VehicleController,
    VehicleDeclarationsController,
    VehicleStatusController,
    DeclarationInternalEventsController,
    WebhookController,
    FleetController,
    FleetBookController,
    FeeTariffController,
  ],
  providers: [
    UserRepository,
    AuthService,
    PasswordResetService,
    PasswordResetMailer,
    UsersService,
    SeedService,
    GateRepository,
    GateDirectory,
    DeclarationRepository,
    DeclarationService,
    YardHandoffClient,
    HandoffSweeper,
    IdempotencyJanitor,
    QueueEventsConsumer,
    DeclarationRelayProvider,
    FeeTariffRepository,
    FeeTariffService,
    tokenRevocationFeed(DECLARATION_DB),
    WebhookRepository,
    WebhookService,
    WebhookDispatcher,
    FleetRepository,
    FleetBookRepository,
  ],
  exports: [DECLARATION_RELAY],
})
export class DeclarationServiceModule {}
