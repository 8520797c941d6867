import { Global, Module } from '@nestjs/common';
import { PlatformMetrics } from './platform-metrics.js';

@Global()
@Module({ providers: [PlatformMetrics], exports: [PlatformMetrics] })
export class MetricsModule {}
