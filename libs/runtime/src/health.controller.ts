import { Controller, Get, Inject } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Public } from '#libs/auth/src/index.js';
import { PlatformMetrics } from './platform-metrics.js';

export const HEALTH_DATABASES = Symbol('HEALTH_DATABASES');

/** Undelivered events above which a process reports itself not ready. */
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
    @Inject(HEALTH_DATABASES) private readonly databases: string[],
  ) {}

  /** Readiness: every database answers and no outbox is backed up (503 otherwise). */
  @Get()
  @HealthCheck()
  @ApiOperation({ summary: 'Sẵn sàng phục vụ: cơ sở dữ liệu và độ trễ outbox (503 khi có thành phần lỗi)' })
  check() {
    return this.health.check([
      ...this.databases.map((name) => () => {
        const connection = this.moduleRef.get<DataSource>(getDataSourceToken(name), { strict: false });
        return this.db.pingCheck(`database:${name}`, { connection, timeout: 2000 });
      }),
      async () => {
        const lags = await this.metrics.outboxLags();
        const check = this.indicators.check('outbox');
        const worst = Math.max(0, ...Object.values(lags));
        return worst <= MAX_OUTBOX_LAG ? check.up(lags) : check.down({ ...lags, limit: MAX_OUTBOX_LAG });
      },
    ]);
  }

  /** Liveness: the process answers (no dependency checked, so a database outage does not restart it). */
  @Get('live')
  @ApiOperation({ summary: 'Tiến trình còn sống' })
  live() {
    return { status: 'ok' };
  }
}
