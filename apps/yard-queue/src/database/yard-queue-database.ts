import { serviceDatabaseModule } from '#libs/database/src/index.js';
import { OUTBOX_ENTITIES } from '#libs/events/src/index.js';
import { YARD_QUEUE_MIGRATIONS } from '../migrations/index.js';

/** The yard-queue service's connection: schema `yard_queue`. */
export const YARD_QUEUE_DB = 'yard_queue';

export const YardQueueDatabaseModule = serviceDatabaseModule({
  schema: YARD_QUEUE_DB,
  migrations: YARD_QUEUE_MIGRATIONS,
  entities: OUTBOX_ENTITIES,
  applicationName: 'yard-queue',
  poolSize: 30,
});
