import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { MAX_WAITING_YARDS } from '#libs/domain/src/index.js';
import { IsInstant } from '#libs/validation/src/index.js';

/** A change to one direction's schedule; fields left out keep their value. Checked whole by the domain's validateSchedule. */
export class ScheduleChangeDto {
  @ApiPropertyOptional({
    example: { 1: { open: '07:00', close: '19:00' }, 0: null },
    description: 'Weekday (0 = Sunday) → local hours, or null for closed',
  })
  @IsOptional()
  @IsObject()
  openingHours?: Record<string, { open: string; close: string } | null>;

  @ApiPropertyOptional({ example: ['2027-02-05'], description: 'Closed local dates (holidays, Tết)' })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  closedDates?: string[];

  @ApiPropertyOptional({ example: 30 }) @IsOptional() @IsInt() @Max(1440) windowMinutes?: number;
  @ApiPropertyOptional({ example: 72 }) @IsOptional() @IsInt() @Max(10_000) capacityPerHour?: number;

  @ApiPropertyOptional({ example: 600, nullable: true, description: 'Vehicles per day; null = no cap' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsInt()
  @Max(1_000_000)
  dailyCap?: number | null;

  @ApiPropertyOptional({ example: { '2026-12-01': 300 }, description: 'Per-day overrides of the daily cap' })
  @IsOptional()
  @IsObject()
  dailyCaps?: Record<string, number>;

  @ApiPropertyOptional({ example: 0.2 }) @IsOptional() @IsNumber() priorityShare?: number;
  @ApiPropertyOptional({ example: 30 }) @IsOptional() @IsInt() @Max(1440) releaseLeadMinutes?: number;
}

export class DirectionsChangeDto {
  @ApiPropertyOptional({ type: ScheduleChangeDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ScheduleChangeDto)
  EXPORT?: ScheduleChangeDto;
  @ApiPropertyOptional({ type: ScheduleChangeDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ScheduleChangeDto)
  IMPORT?: ScheduleChangeDto;
}

/** A waiting yard's names; each is required. */
export class WaitingYardNamesDto {
  @ApiProperty({ example: 'Bãi chờ Hữu Nghị' }) @IsString() @Length(1, 200) vi: string;
  @ApiProperty({ example: '友谊关待检停车场' }) @IsString() @Length(1, 200) zh: string;
  @ApiProperty({ example: 'Hữu Nghị waiting yard' }) @IsString() @Length(1, 200) en: string;
}

/** A waiting yard of the gate's list; the list is checked whole by the domain's validateWaitingYards. */
export class WaitingYardDto {
  @ApiProperty({ example: 'HUU_NGHI_CHO' }) @IsString() @Length(1, 100) code: string;
  @ApiProperty({ type: WaitingYardNamesDto })
  @IsObject()
  @ValidateNested()
  @Type(() => WaitingYardNamesDto)
  names: WaitingYardNamesDto;
}

export class UpdateGateDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(2, 200) name?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() autoAccept?: boolean;
  @ApiPropertyOptional({ example: 30 }) @IsOptional() @IsInt() @Min(1) @Max(720) graceMinutes?: number;
  @ApiPropertyOptional({ example: 60 }) @IsOptional() @IsInt() @Min(0) @Max(10080) noShowPenaltyMinutes?: number;
  /** A vehicle's delay longer than this is attributed to the firm, the gate, an agency or a suspension. */
  @ApiPropertyOptional({ example: 30 }) @IsOptional() @IsInt() @Min(1) @Max(1440) delayAttributionMinutes?: number;
  /** A call no message of which is confirmed delivered within this escalates; null: the deployment's default. */
  @ApiPropertyOptional({ example: 5, nullable: true })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsInt()
  @Min(1)
  @Max(1440)
  callReachMinutes?: number | null;
  /** The whole list of waiting yards (it replaces the list); declarations already filed keep their yard. */
  @ApiPropertyOptional({ type: [WaitingYardDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_WAITING_YARDS)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => WaitingYardDto)
  yards?: WaitingYardDto[];
  @ApiPropertyOptional({ type: DirectionsChangeDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => DirectionsChangeDto)
  directions?: DirectionsChangeDto;
}

export class SuspendGateDto {
  @ApiProperty({ example: 'Phía Trung Quốc tạm dừng tiếp nhận' }) @IsString() @Length(3, 500) reason: string;
  @ApiPropertyOptional({ example: '2026-11-24T14:00:00+07:00', description: 'Omit for an open-ended suspension' })
  @IsOptional()
  @IsInstant()
  until?: string;
}

export class ResumeGateDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 500) reason?: string;
}
