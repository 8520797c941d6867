import { Module } from '@nestjs/common';
import { tokenRevocationFeed } from '#libs/auth/src/index.js';
import { STATISTICS_DB, StatisticsDatabaseModule } from './database/statistics-database.js';
import { StatisticsInternalEventsController } from './events/statistics-events.js';
import { StatisticsEventsConsumer } from './events/statistics-events.consumer.js';
import { OpenDataController } from './open-data/open-data.controller.js';
import { OpenDataService } from './open-data/open-data.service.js';
import { ProjectionRepository } from './projections/projection.repository.js';
import { StatsController } from './stats/stats.controller.js';
import { StatsRepository } from './stats/stats.repository.js';
import { StatsService } from './stats/stats.service.js';

/**
 * The statistics: projections kept from the declaration and yard-queue events (through its inbox), read by
 * the leadership dashboard (GET /api/stats/…) and the public open data (GET /api/public/open-data/…).
 * Needs PlatformConfigModule, ClockModule and AuthModule from the root that hosts it.
 */
@Module({
  imports: [StatisticsDatabaseModule],
  controllers: [StatisticsInternalEventsController, StatsController, OpenDataController],
  providers: [
    ProjectionRepository,
    StatisticsEventsConsumer,
    StatsRepository,
    StatsService,
    OpenDataService,
    tokenRevocationFeed(STATISTICS_DB),
  ],
})
export class StatisticsServiceModule {}
