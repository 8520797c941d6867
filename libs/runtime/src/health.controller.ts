import { Controller, Get, Inject } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Public } from '#libs/auth/src/index.js';

export const HEALTH_DATABASES = Symbol('HEALTH_DATABASES');

@ApiTags('health')
@Controller('health')
@Public()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly moduleRef: ModuleRef,
    @Inject(HEALTH_DATABASES) private readonly databases: string[],
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({ summary: 'Trạng thái dịch vụ và cơ sở dữ liệu (503 khi có thành phần lỗi)' })
  check() {
    return this.health.check(
      this.databases.map((name) => () => {
        const connection = this.moduleRef.get<DataSource>(getDataSourceToken(name), { strict: false });
        return this.db.pingCheck(`database:${name}`, { connection, timeout: 2000 });
      }),
    );
  }
}
