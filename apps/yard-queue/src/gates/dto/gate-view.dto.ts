// What the gate endpoints return: a gate's settings per direction, its waiting yards and its suspension.
import { ApiProperty } from '@nestjs/swagger';
import type { GateSchedule, Language, OpeningHours, WaitingYard, Weekday } from '#libs/domain/src/index.js';
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

export class WaitingYardNames implements Record<Language, string> {
  vi: string;
  zh: string;
  en: string;
}

/** A waiting yard a declaration for the gate may name: its code (what the declaration stores) and its names. */
export class WaitingYardView implements WaitingYard {
  code: string;
  names: WaitingYardNames;
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
  /** The waiting yards a declaration for this gate picks from (`yard` is one of their codes). */
  yards: WaitingYardView[];
  suspension: GateSuspension | null;
  version: number;
  directions: GateDirections;
}
