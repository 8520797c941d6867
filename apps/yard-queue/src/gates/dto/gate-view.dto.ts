// What the gate endpoints return: a gate's settings per direction and its suspension.
import { ApiProperty } from '@nestjs/swagger';
import type { GateSchedule, OpeningHours, Weekday } from '#libs/domain/src/index.js';
import { GateSuspension } from '#libs/events/src/index.js';

const OPENING_HOURS = { type: 'object', properties: { open: { type: 'string' }, close: { type: 'string' } } };

export class DirectionSettings implements GateSchedule {
  utcOffsetMinutes: number;
  /** By weekday, 0 = Sunday; null = closed all day. */
  @ApiProperty({ type: 'object', additionalProperties: { ...OPENING_HOURS, nullable: true } })
  openingHours: Record<Weekday, OpeningHours | null>;
  closedDates: string[];
  windowMinutes: number;
  capacityPerHour: number;
  dailyCap: number | null;
  priorityShare: number;
  releaseLeadMinutes: number;
  /** Per local day overrides of the daily cap ('YYYY-MM-DD' → cap). */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' } })
  dailyCaps: Record<string, number>;
}

export class GateDirections {
  EXPORT: DirectionSettings;
  IMPORT: DirectionSettings;
}

export class GateView {
  code: string;
  name: string;
  autoAccept: boolean;
  graceMinutes: number;
  noShowPenaltyMinutes: number;
  /** Delays longer than this are attributed (firm, gate, agency, suspension). */
  delayAttributionMinutes: number;
  /** A call not confirmed delivered within this escalates; null: the deployment's default (CALL_REACH_SECONDS). */
  callReachMinutes: number | null;
  suspension: GateSuspension | null;
  version: number;
  directions: GateDirections;
}
