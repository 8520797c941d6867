import { Global, Module } from '@nestjs/common';
import { PlatformMetrics } from './platform-metrics.js';
import { ReadinessChecks } from './readiness-checks.js';

@Global()
/** The process-wide registries services report into: metrics sources and readiness checks. */
@Module({ providers: [PlatformMetrics, ReadinessChecks], exports: [PlatformMetrics, ReadinessChecks] })
export class MetricsModule {}
