import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { Direction } from '#libs/domain/src/index.js';
import { LaneRangeQuery } from '../../stats/dto/stats.dto.js';

/** The licence every open-data payload states (also in the Link header). */
export class OpenDataLicence {
  name: string;
  url: string;
  attribution: string;
}

/** One gate and direction now: how many wait in the yard and for how long the longest has waited. */
export class OpenDataCurrentRow {
  gate: string;
  direction: Direction;
  waiting: number;
  longestWaitMinutes: number;
  /** The hour so far (Vietnam time). */
  checkedInThisHour: number;
  crossedThisHour: number;
}

export class OpenDataCurrent {
  licence: OpenDataLicence;
  generatedAt: string;
  rows: OpenDataCurrentRow[];
}

/** One hour (the UTC instant it starts), gate and direction. */
export class OpenDataHourRow {
  hour: string;
  gate: string;
  direction: Direction;
  /** Vehicles checked in to the yard. */
  checkedIn: number;
  /** Vehicles that crossed the border. */
  crossed: number;
  /** Congestion: the longest the yard queue was. */
  maxWaiting: number;
  longestWaitMinutes: number;
  /** Mean wait from check-in to being called, of the vehicles called in the hour (null when none). */
  meanWaitMinutes: number | null;
}

export class OpenDataHistory {
  licence: OpenDataLicence;
  generatedAt: string;
  from: string;
  to: string;
  rows: OpenDataHourRow[];
}

export class OpenDataQuery {
  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'csv'], { message: 'Định dạng phải là json hoặc csv' })
  format?: 'json' | 'csv';
}

/** The history's range (7 days to today by default) and lanes, as JSON or CSV. */
export class OpenDataHistoryQuery extends LaneRangeQuery {
  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'csv'], { message: 'Định dạng phải là json hoặc csv' })
  format?: 'json' | 'csv';
}
