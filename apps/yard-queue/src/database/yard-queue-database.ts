import { TokenRevocation } from '#libs/auth/src/index.js';
import { serviceDatabaseModule } from '#libs/database/src/index.js';
import { OUTBOX_ENTITIES } from '#libs/events/src/index.js';
import { DelayAttributionEntity, QueueOrderChangeEntity } from '../accountability/accountability.entities.js';
import { EtaForecastEntity, GateCallEntity } from '../eta/eta.entities.js';
import { FeePaymentEntity, FeeRefundEntity } from '../fees/fee-payment.entities.js';
import { VehicleHandoffEntity } from '../handoffs/vehicle-handoff.entity.js';
import { RateLimitCounter } from '#libs/runtime/src/rate-limits.js';
import { YARD_QUEUE_MIGRATIONS } from '../migrations/index.js';
import { GateConfigAuditEntity, GateEntity, GateScheduleEntity } from '../queue/entities/gate.entity.js';
import { QueueAuditEntity, QueueEntryEntity } from '../queue/entities/queue-entry.entity.js';
import { DayUsageEntity, WindowUsageEntity } from '../queue/entities/usage.entity.js';
import { VehicleEntity } from '../queue/entities/vehicle.entity.js';

/** The yard-queue service's connection: schema `yard_queue`. */
export const YARD_QUEUE_DB = 'yard_queue';

/** Every table of the schema (the agreement test checks them against the migrations). */
export const YARD_QUEUE_ENTITIES = [
  GateEntity,
  GateScheduleEntity,
  GateConfigAuditEntity,
  VehicleEntity,
  QueueEntryEntity,
  WindowUsageEntity,
  DayUsageEntity,
  QueueAuditEntity,
  VehicleHandoffEntity,
  GateCallEntity,
  EtaForecastEntity,
  DelayAttributionEntity,
  QueueOrderChangeEntity,
  TokenRevocation,
  ...OUTBOX_ENTITIES,
  RateLimitCounter,
  FeePaymentEntity,
  FeeRefundEntity,
];

export const YardQueueDatabaseModule = serviceDatabaseModule({
  schema: YARD_QUEUE_DB,
  migrations: YARD_QUEUE_MIGRATIONS,
  entities: YARD_QUEUE_ENTITIES,
  applicationName: 'yard-queue',
  poolSize: 30,
});
