// What the ETA accuracy endpoint returns: how the estimates shown fared once the vehicles were called.
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import type { Direction } from '#libs/domain/src/index.js';

export class EtaAccuracyView {
  gate: string;
  direction: Direction;
  /** Estimates whose vehicle was called in the last day, or in the last seven days. */
  period: 'day' | 'week';
  /** Estimates scored (each estimate shown, once its vehicle was called). */
  scored: number;
  /** Share called inside [p10, p90]; null when none was scored. */
  coverage: number | null;
  /** Median of |called − p50|, in hours. */
  medianAbsErrorHours: number | null;
  /** Median of (called − p50), in hours: positive when vehicles were called later than shown. */
  biasHours: number | null;
}

/** The leadership dashboard's range: Vietnam calendar days, both included (today when none is given). */
export class EtaAccuracyRangeQuery {
  @ApiPropertyOptional({ example: '2026-03-01' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'Ngày phải có dạng YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-03-31' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'Ngày phải có dạng YYYY-MM-DD' })
  to?: string;
}

/** The same figures over the estimates whose vehicle was called within a range of days. */
export class EtaRangeAccuracyView {
  gate: string;
  direction: Direction;
  scored: number;
  coverage: number | null;
  medianAbsErrorHours: number | null;
  biasHours: number | null;
}

export class EtaRangeAccuracy {
  from: string;
  to: string;
  /** The first day whose estimates are still kept (older ones are pruned): earlier days of the range count none. */
  keptSince: string;
  rows: EtaRangeAccuracyView[];
}
