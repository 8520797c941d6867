import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import {
  DIRECTIONS,
  type Direction,
  GOODS_CATEGORIES,
  type GoodsCategory,
  RESPONSE_KINDS,
  type ResponseKind,
  SEGMENTS,
  type Segment,
} from '#libs/domain/src/index.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A range of Vietnam calendar days, both included, and optionally one gate and one direction. */
export class LaneRangeQuery {
  @ApiPropertyOptional({ example: '2026-03-01', description: 'Ngày đầu (giờ Việt Nam), gồm cả ngày này' })
  @IsOptional()
  @Matches(DAY, { message: 'Ngày phải có dạng YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-03-31', description: 'Ngày cuối (giờ Việt Nam), gồm cả ngày này' })
  @IsOptional()
  @Matches(DAY, { message: 'Ngày phải có dạng YYYY-MM-DD' })
  to?: string;

  @ApiPropertyOptional({ example: 'HUU_NGHI' })
  @IsOptional()
  @Matches(/^[A-Z][A-Z0-9_]{1,31}$/, { message: 'Mã cửa khẩu không hợp lệ' })
  gate?: string;

  @ApiPropertyOptional({ enum: DIRECTIONS })
  @IsOptional()
  @IsIn(DIRECTIONS, { message: 'Chiều phải là EXPORT hoặc IMPORT' })
  direction?: Direction;
}

/** The dashboard's filters (today when no day is given). */
export class StatsQuery extends LaneRangeQuery {
  @ApiPropertyOptional({ enum: GOODS_CATEGORIES, description: 'Chỉ các xe chở loại hàng này' })
  @IsOptional()
  @IsIn(GOODS_CATEGORIES, { message: 'Loại hàng không hợp lệ' })
  category?: GoodsCategory;
}

export class CountsQuery extends StatsQuery {
  @ApiPropertyOptional({ enum: ['hour', 'day'], default: 'day' })
  @IsOptional()
  @IsIn(['hour', 'day'], { message: 'Gộp theo hour hoặc day' })
  by?: 'hour' | 'day';
}

/** The figures of one period, gate and direction, by metric (every metric present, 0 when none). */
export class CountsRow {
  /** A Vietnam day 'YYYY-MM-DD', or the UTC instant its hour starts. */
  period: string;
  gate: string;
  direction: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } })
  counts: Record<string, number>;
}

export class CountsView {
  from: string;
  to: string;
  by: 'hour' | 'day';
  rows: CountsRow[];
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } })
  totals: Record<string, number>;
}

/** A distribution in seconds (nearest-rank percentiles, exact to the second). */
export class DistributionView {
  n: number;
  p50: number | null;
  p90: number | null;
  p99: number | null;
  max: number | null;
}

export class SegmentRow extends DistributionView {
  @ApiProperty({ enum: SEGMENTS })
  segment: Segment;
}

export class SegmentsView {
  from: string;
  to: string;
  /**
   * true: ranges of up to two days, percentiles exact to the second; false: longer ranges, read from
   * logarithmic buckets, each percentile within 1/64 (1.6 %) of the exact one.
   */
  exact: boolean;
  segments: SegmentRow[];
}

/** How many answers took from `fromSeconds` to `toSeconds` (null: no upper bound). */
export class HistogramBinView {
  fromSeconds: number;
  toSeconds: number | null;
  n: number;
}

/**
 * One agency's answer times (officer and console null), or those given from one console (the `X-Console`
 * of the request), or by one officer; holds are released by customs.
 */
export class ResponseRow extends DistributionView {
  @ApiProperty({ enum: RESPONSE_KINDS })
  kind: ResponseKind;
  agency: string;
  officer: string | null;
  console: string | null;
  @ApiProperty({ type: [HistogramBinView] })
  histogram: HistogramBinView[];
}

export class ResponsesView {
  from: string;
  to: string;
  /**
   * As for the segments: exact to the second up to two days; beyond, within 1/64 for an agency as a whole and
   * within 1/8 (12.5 %) for an officer or a console.
   */
  exact: boolean;
  rows: ResponseRow[];
}

/** The longest queue and the longest wait seen in an hour (the UTC instant it starts). */
export class QueueHourRow {
  hour: string;
  gate: string;
  direction: string;
  maxWaiting: number;
  maxOldestWaitSeconds: number;
}

export class QueueView {
  from: string;
  to: string;
  rows: QueueHourRow[];
}
