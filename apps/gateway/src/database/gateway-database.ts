import { serviceDatabaseModule } from '#libs/database/src/index.js';
import { GATEWAY_MIGRATIONS } from '../migrations/index.js';

/** The gateway's connection: schema `gateway` (its event log, its copy of the queues, the socket.io adapter's table). */
export const GATEWAY_DB = 'gateway';

export const GatewayDatabaseModule = serviceDatabaseModule({
  schema: GATEWAY_DB,
  migrations: GATEWAY_MIGRATIONS,
  applicationName: 'gateway',
  poolSize: 20,
});
