// What the health endpoints return (terminus' result for readiness).
import { ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import type { HealthCheckResult, HealthCheckStatus, HealthIndicatorResult } from '@nestjs/terminus';

const INDICATORS: ApiPropertyOptions = {
  type: 'object',
  description: 'By component: { status: "up" | "down", …details }',
  additionalProperties: { type: 'object', properties: { status: { type: 'string' } }, additionalProperties: true },
};

export class Liveness {
  status: 'ok';
}

/** Readiness: the status for anyone; the components only for the ops token. */
export class Readiness implements Partial<HealthCheckResult> {
  status: HealthCheckStatus;
  @ApiPropertyOptional(INDICATORS)
  info?: Partial<HealthIndicatorResult>;
  @ApiPropertyOptional(INDICATORS)
  error?: Partial<HealthIndicatorResult>;
  @ApiPropertyOptional(INDICATORS)
  details?: HealthIndicatorResult;
}
