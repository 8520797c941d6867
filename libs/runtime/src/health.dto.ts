// What the health endpoints return (terminus' result for readiness).
import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import type { HealthCheckResult, HealthCheckStatus, HealthIndicatorResult } from '@nestjs/terminus';

const INDICATORS: ApiPropertyOptions = {
  type: 'object',
  description: 'By component: { status: "up" | "down", …details }',
  additionalProperties: { type: 'object', properties: { status: { type: 'string' } }, additionalProperties: true },
};

export class Liveness {
  status: 'ok';
}

export class Readiness implements HealthCheckResult {
  status: HealthCheckStatus;
  @ApiPropertyOptional(INDICATORS)
  info?: Partial<HealthIndicatorResult>;
  @ApiPropertyOptional(INDICATORS)
  error?: Partial<HealthIndicatorResult>;
  @ApiProperty(INDICATORS)
  details: HealthIndicatorResult;
}
