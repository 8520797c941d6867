import { TokenRevocation } from '#libs/auth/src/index.js';
import { serviceDatabaseModule } from '#libs/database/src/index.js';
import { OUTBOX_ENTITIES } from '#libs/events/src/index.js';
import { RateLimitCounter } from '#libs/runtime/src/rate-limits.js';
import { AuditLogEntry } from '../declarations/entities/audit-log-entry.entity.js';
import { CorrectionRequest } from '../declarations/entities/correction-request.entity.js';
import { DeclarationVersion } from '../declarations/entities/declaration-version.entity.js';
import { Declaration } from '../declarations/entities/declaration.entity.js';
import { IdempotencyKey } from '../declarations/entities/idempotency-key.entity.js';
import { Vehicle } from '../declarations/entities/vehicle.entity.js';
import { YardHandoff } from '../declarations/entities/yard-handoff.entity.js';
import { FeeTariff } from '../fees/fee-tariff.entity.js';
import { Gate } from '../gates/entities/gate.entity.js';
import { Firm } from '../identity/entities/firm.entity.js';
import { PasswordReset } from '../identity/entities/password-reset.entity.js';
import { RefreshToken } from '../identity/entities/refresh-token.entity.js';
import { User } from '../identity/entities/user.entity.js';
import { DECLARATION_MIGRATIONS } from '../migrations/index.js';
import { FleetBookDriver, FleetBookVehicle } from '../vehicles/entities/fleet-book.entities.js';
import { WebhookDelivery, WebhookEvent, WebhookSubscription } from '../webhooks/entities/webhook.entities.js';

/** The declaration service's connection: schema `declaration`. */
export const DECLARATION_DB = 'declaration';

/** Every table of the schema, as its migrations create it (checked by test/schema-agreement.e2e-spec.ts). */
export const DECLARATION_ENTITIES = [
  Firm,
  User,
  RefreshToken,
  PasswordReset,
  TokenRevocation,
  Gate,
  Declaration,
  DeclarationVersion,
  Vehicle,
  CorrectionRequest,
  AuditLogEntry,
  IdempotencyKey,
  YardHandoff,
  ...OUTBOX_ENTITIES,
  RateLimitCounter,
  WebhookSubscription,
  WebhookEvent,
  WebhookDelivery,
  FeeTariff,
  FleetBookDriver,
  FleetBookVehicle,
];

export const DeclarationDatabaseModule = serviceDatabaseModule({
  schema: DECLARATION_DB,
  migrations: DECLARATION_MIGRATIONS,
  entities: DECLARATION_ENTITIES,
  applicationName: 'declaration',
  poolSize: 20,
});
