import { Controller, Get, Header, Headers, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '#libs/auth/src/index.js';
import { PLATFORM_CONFIG, type PlatformConfig } from '#libs/config/src/index.js';
import { AppError } from '#libs/errors/src/index.js';
import { carriesOpsToken } from './ops-token.js';
import { PlatformMetrics } from './platform-metrics.js';

/** Prometheus scrape endpoint at /metrics (outside /api), for the scraper that holds the ops token only. */
@ApiExcludeController()
@Controller('metrics')
@Public()
export class MetricsController {
  constructor(
    private readonly metrics: PlatformMetrics,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  @Get()
  @Header('content-type', 'text/plain; version=0.0.4')
  scrape(@Headers() headers: Record<string, string | undefined>): Promise<string> {
    if (!carriesOpsToken(headers, this.config.opsToken)) throw new AppError('UNAUTHENTICATED', 'opsTokenNeeded');
    return this.metrics.registry.metrics();
  }
}
