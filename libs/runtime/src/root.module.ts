import { type DynamicModule, Module, type Type } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { TerminusModule } from '@nestjs/terminus';
import { AuthModule } from '#libs/auth/src/index.js';
import { type Clock, ClockModule } from '#libs/clock/src/index.js';
import { type PlatformConfig, PlatformConfigModule } from '#libs/config/src/index.js';
import { loggingModule } from '#libs/logging/src/index.js';
import { HEALTH_DATABASES, HealthController } from './health.controller.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsModule } from './metrics.module.js';
import { WriteRateLimitModule } from './write-rate-limit.module.js';

@Module({})
class PlatformRootModule {}

export interface RootOptions {
  config: PlatformConfig;
  /** The service modules this process hosts (one for a service's own process, all for `npm start`). */
  services: Type[];
  /** The connection names of the hosted services, checked by GET /api/health. */
  databases: string[];
  clock?: Clock;
  extraControllers?: Type[];
}

/** Composes a process: shared infrastructure once, then the hosted services. */
export function rootModule(o: RootOptions): DynamicModule {
  return {
    module: PlatformRootModule,
    imports: [
      PlatformConfigModule.forRoot(o.config),
      loggingModule(o.config.log),
      // Once per process, whatever services it hosts: each @Interval job of a hosted service runs once.
      ScheduleModule.forRoot(),
      ClockModule.forRoot(o.clock),
      AuthModule,
      // Counted in the first hosted service's schema.
      WriteRateLimitModule.forRoot(o.databases[0]),
      TerminusModule,
      MetricsModule,
      ...o.services,
    ],
    controllers: [HealthController, MetricsController, ...(o.extraControllers ?? [])],
    providers: [{ provide: HEALTH_DATABASES, useValue: o.databases }],
  };
}
