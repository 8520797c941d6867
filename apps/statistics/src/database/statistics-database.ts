import { TokenRevocation } from '#libs/auth/src/index.js';
import { serviceDatabaseModule } from '#libs/database/src/index.js';
import { INBOX_ENTITIES } from '#libs/events/src/index.js';
import { RateLimitCounter } from '#libs/runtime/src/rate-limits.js';
import { STATISTICS_MIGRATIONS } from '../migrations/index.js';

/** The statistics' connection: schema `statistics` (the projections, read by the dashboard and the open data). */
export const STATISTICS_DB = 'statistics';

export const StatisticsDatabaseModule = serviceDatabaseModule({
  schema: STATISTICS_DB,
  migrations: STATISTICS_MIGRATIONS,
  entities: [TokenRevocation, ...INBOX_ENTITIES, RateLimitCounter],
  applicationName: 'statistics',
  poolSize: 10,
});
