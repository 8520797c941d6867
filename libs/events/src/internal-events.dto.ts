import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { EVENT_TYPES, type EventType } from './contracts.js';

/** An event envelope as received from another service's relay: validated like any other input. */
export class EventEnvelopeDto {
  @IsUUID() id: string;
  @IsIn(EVENT_TYPES as EventType[]) type: EventType;
  @IsString() aggregateId: string;
  @IsString() producer: string;
  @IsISO8601() occurredAt: string;
  @IsInt() sequence: number;
  @IsOptional() @IsString() @MaxLength(64) requestId?: string | null;
  @IsObject() payload: Record<string, unknown>;
}

export class EventBatchDto {
  @ValidateNested({ each: true })
  @Type(() => EventEnvelopeDto)
  @ArrayMaxSize(1000)
  events: EventEnvelopeDto[];
}
