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
import { GateDirectory } from './gates/gate-directory.js';
import { GateRepository } from './gates/gate.repository.js';
import { AuthController } from './identity/auth.controller.js';
import { AuthService } from './identity/auth.service.js';
import { SeedService } from './identity/seed.service.js';
import { UserRepository } from './identity/user.repository.js';
import { UsersController } from './identity/users.controller.js';
import { UsersService } from './identity/users.service.js';
import { VehicleDeclarationsController } from './vehicles/vehicle-declarations.controller.js';
import { VehicleController } from './vehicles/vehicle.controller.js';
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
  ],
  providers: [
    UserRepository,
    AuthService,
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
    tokenRevocationFeed(DECLARATION_DB),
  ],
  exports: [DECLARATION_RELAY],
})
export class DeclarationServiceModule {}
