import { TokenRevocation } from '#libs/auth/src/index.js';
import { serviceDatabaseModule } from '#libs/database/src/index.js';
import { OUTBOX_ENTITIES } from '#libs/events/src/index.js';
import { RateLimitCounter } from '#libs/runtime/src/rate-limits.js';
import { NOTIFICATIONS_MIGRATIONS } from '../migrations/index.js';
import {
  CallWatch,
  DeliveryReceipt,
  FirmSettings,
  MessageRow,
  NotifyGate,
  NotifyVehicle,
  PushSubscriptionRow,
} from './notification.entities.js';

/** The notification service's connection: schema `notifications`. */
export const NOTIFICATIONS_DB = 'notifications';

/** Every table of the schema (the agreement test checks them against the migrations). */
export const NOTIFICATIONS_ENTITIES = [
  NotifyVehicle,
  NotifyGate,
  FirmSettings,
  PushSubscriptionRow,
  MessageRow,
  DeliveryReceipt,
  CallWatch,
  ...OUTBOX_ENTITIES,
  TokenRevocation,
  RateLimitCounter,
];

export const NotificationsDatabaseModule = serviceDatabaseModule({
  schema: NOTIFICATIONS_DB,
  migrations: NOTIFICATIONS_MIGRATIONS,
  entities: NOTIFICATIONS_ENTITIES,
  applicationName: 'notifications',
  poolSize: 10,
});
