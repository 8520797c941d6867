import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { DIRECTIONS, type Direction } from '#libs/domain/src/index.js';

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

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class OpenDataQuery {
  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'csv'], { message: 'Định dạng phải là json hoặc csv' })
  format?: 'json' | 'csv';
}

export class OpenDataHistoryQuery extends OpenDataQuery {
  @ApiPropertyOptional({ example: '2026-03-01', description: 'Ngày đầu (giờ Việt Nam); mặc định 7 ngày trước' })
  @IsOptional()
  @Matches(DAY, { message: 'Ngày phải có dạng YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({
    example: '2026-03-07',
    description: 'Ngày cuối (giờ Việt Nam), gồm cả ngày này; mặc định hôm nay',
  })
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
