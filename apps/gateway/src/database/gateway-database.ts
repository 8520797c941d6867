import { TokenRevocation } from '#libs/auth/src/index.js';
import { serviceDatabaseModule } from '#libs/database/src/index.js';
import { INBOX_ENTITIES } from '#libs/events/src/index.js';
import { RateLimitCounter } from '#libs/runtime/src/rate-limits.js';
import { QueueCopyEntryEntity, QueueLogEntity, QueueStreamEntity } from '../live/entities/queue-stream.entity.js';
import { SocketIoAttachmentEntity } from '../live/entities/socket-io-attachment.entity.js';
import { GATEWAY_MIGRATIONS } from '../migrations/index.js';

/** The gateway's connection: schema `gateway` (its event log, its copy of the queues, the socket.io adapter's table). */
export const GATEWAY_DB = 'gateway';

/** Every table of the schema (the agreement test checks them against the migrations). */
export const GATEWAY_ENTITIES = [
  QueueStreamEntity,
  QueueCopyEntryEntity,
  QueueLogEntity,
  SocketIoAttachmentEntity,
  TokenRevocation,
  ...INBOX_ENTITIES,
  RateLimitCounter,
];

export const GatewayDatabaseModule = serviceDatabaseModule({
  schema: GATEWAY_DB,
  migrations: GATEWAY_MIGRATIONS,
  entities: GATEWAY_ENTITIES,
  applicationName: 'gateway',
  poolSize: 20,
});
