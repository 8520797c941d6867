import { Controller, Get, Inject } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Public } from '#libs/auth/src/index.js';
import { Liveness, Readiness } from './health.dto.js';
import { PlatformMetrics } from './platform-metrics.js';
import { ReadinessChecks } from './readiness-checks.js';

export const HEALTH_DATABASES = Symbol('HEALTH_DATABASES');

/**
 * Undelivered events (for one sink) above which a process reports itself not ready. The age of the oldest is
 * reported too but does not fail readiness: a receiver that is down must not take its producer out of service.
 */
export const MAX_OUTBOX_LAG = 10_000;

@ApiTags('health')
@Controller('health')
@Public()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly moduleRef: ModuleRef,
    private readonly indicators: HealthIndicatorService,
    private readonly metrics: PlatformMetrics,
    private readonly readiness: ReadinessChecks,
    @Inject(HEALTH_DATABASES) private readonly databases: string[],
  ) {}

  /**
   * Readiness: every database answers, no outbox is backed up, and every registered check passes (503
   * otherwise); each sink's backlog in the details.
   */
  @Get()
  @HealthCheck()
  @ApiOperation({
    summary:
      'Sẵn sàng phục vụ: cơ sở dữ liệu, tồn đọng outbox theo nơi nhận và các phụ thuộc khác (503 khi có thành phần lỗi)',
  })
  check(): Promise<Readiness> {
    return this.health.check([
      ...this.databases.map((name) => () => {
        const connection = this.moduleRef.get<DataSource>(getDataSourceToken(name), { strict: false });
        return this.db.pingCheck(`database:${name}`, { connection, timeout: 2000 });
      }),
      async () => {
        const backlogs = await this.metrics.outboxBacklogs();
        const check = this.indicators.check('outbox');
        const details = Object.fromEntries(
          Object.entries(backlogs).map(([service, sinks]) => [
            service,
            Object.fromEntries(sinks.map((b) => [b.sink, { events: b.events, oldestSeconds: b.oldestSeconds }])),
          ]),
        );
        const worst = Math.max(0, ...Object.values(backlogs).flatMap((sinks) => sinks.map((b) => b.events)));
        return worst <= MAX_OUTBOX_LAG ? check.up(details) : check.down({ ...details, limit: MAX_OUTBOX_LAG });
      },
      ...[...this.readiness.checks].map(([name, run]) => async () => {
        const check = this.indicators.check(name);
        try {
          return check.up(await run());
        } catch (e) {
          return check.down({ message: (e as Error).message });
        }
      }),
    ]);
  }

  /** Liveness: the process answers (no dependency checked, so a database outage does not restart it). */
  @Get('live')
  @ApiOperation({ summary: 'Tiến trình còn sống' })
  live(): Liveness {
    return { status: 'ok' };
  }
}
