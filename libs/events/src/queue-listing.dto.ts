// The queue payloads the services exchange and serve, written once: the yard-queue returns them (REST and its
// internal snapshot), the gateway reads and relays them, the consoles and libs/live-client import their types.
// Classes, so the OpenAPI document describes them: the @nestjs/swagger plugin reads the property types
// (literal unions become enums, `| null` nullable); only what it cannot infer is decorated.
import { ApiProperty } from '@nestjs/swagger';
import {
  AGENCIES,
  type Agency,
  DELAY_REASONS,
  type DelayReason,
  type DelayReasonCode,
  type DelayReasonParams,
  type Direction,
  type DriverDocumentType,
  HOLD_PARTIES,
  type HoldParty,
  type Language,
  type Nationality,
  type NoShowWaiverRecord,
  type PriorityClass,
} from '#libs/domain/src/index.js';

export class TimeWindow {
  start: string;
  end: string;
}

/** Estimated time of the call: 10th, 50th and 90th percentile. */
export class Eta {
  p10: string;
  p50: string;
  p90: string;
}

export class DriverDocumentView {
  type: DriverDocumentType;
  number: string;
}

export class DriverView {
  name: string;
  document: DriverDocumentView;
  phone: string;
}

/** One agency's confirmation of a vehicle at the gate. */
export class Confirmation {
  officerId: string;
  at: string;
  note: string | null;
}

/** The confirmations given so far, by agency. */
export class Confirmations implements Partial<Record<Agency, Confirmation>> {
  CUSTOMS?: Confirmation;
  BORDER_GUARD?: Confirmation;
  QUARANTINE?: Confirmation;
}

/** The facts a delay's reason names. */
export class DelayReasonFacts implements DelayReasonParams {
  @ApiProperty({ enum: AGENCIES, required: false })
  agency?: Agency;
  /** GATE_AREA_FULL: the vehicles already at the gate when the truck was called. */
  inGateArea?: number;
  /** GATE_AREA_FULL: the places of the window then. */
  windowCapacity?: number;
  /** LEGACY: the sentence recorded before reasons had codes, as it was (Vietnamese). */
  text?: string;
}

/** Why a delay was put down to its party (or a no-show waived): a code, and the facts it names. */
export class DelayReasonView implements DelayReason {
  @ApiProperty({ enum: DELAY_REASONS })
  code: DelayReasonCode;
  params?: DelayReasonFacts;
}

/** One text in each of the platform's languages. */
export class TextInEachLanguage implements Record<Language, string> {
  vi: string;
  zh: string;
  en: string;
}

/**
 * A no-show not held against the firm (the gate, an agency or a suspension caused it): when, and why. The view
 * is shared by the REST answers, the live socket and the events, so it says the reason in every language.
 */
export class NoShowWaiver implements NoShowWaiverRecord {
  at: string;
  reason: DelayReasonView;
  /** The reason in words: Vietnamese, Chinese (简体) and English. */
  reasonText: TextInEachLanguage;
}

/** A queue entry as officers' consoles see it (the public board gets `toBoardEntry` of it). */
export class QueueEntryView {
  id: string;
  vehicleId: string;
  declarationId: string;
  firmId: string;
  firmName: string;
  gate: string;
  direction: Direction;
  plate: string;
  trailerPlate: string | null;
  nationality: Nationality;
  containerNumber: string | null;
  sealNumber: string | null;
  driver: DriverView;
  priorityClass: PriorityClass;
  goodsCategories: string[];
  /** The entry's state: a vehicle state, or NO_SHOW when a second no-show sent the vehicle back to ACCEPTED. */
  status: string;
  /** The vehicle's lifecycle state this entry implies (ACCEPTED after a second no-show). */
  vehicleStatus: string;
  window: TimeWindow | null;
  /** 1 = next to be called among the waiting vehicles of this gate and direction; null once called. */
  position: number | null;
  checkedInAt: string;
  notBefore: string | null;
  noShowCount: number;
  /** The latest no-show of this stay that was waived, and why (null when none was). */
  noShowWaiver: NoShowWaiver | null;
  calledAt: string | null;
  callDeadline: string | null;
  /** Called, and no message of the call was confirmed delivered in the gate's time: the yard shows "Đã gọi — chưa liên lạc được". */
  callUnreached: boolean;
  /** While HELD: who holds it (an agency, or the gate) — a category, never the officer's note. */
  @ApiProperty({ enum: HOLD_PARTIES, nullable: true })
  heldBy: HoldParty | null;
  arrivedAt: string | null;
  clearedAt: string | null;
  closedAt: string | null;
  quarantineRequired: boolean;
  confirmations: Confirmations;
  @ApiProperty({ enum: AGENCIES, isArray: true })
  missingConfirmations: Agency[];
  eta: Eta | null;
}

export class GateSuspension {
  from: string;
  until: string | null;
  reason: string;
}

export class GateState {
  code: string;
  name: string;
  version: number;
  /** The gate's time to reach a called driver before the call escalates; null: the deployment's default. */
  callReachMinutes: number | null;
  suspension: GateSuspension | null;
}

export class DirectionCongestion {
  waiting: number;
  level: string;
}

/** Waiting vehicles and congestion level per direction. */
export class Congestion implements Record<Direction, DirectionCongestion> {
  EXPORT: DirectionCongestion;
  IMPORT: DirectionCongestion;
}

/** A gate's whole queue at one version: GET /api/gates/:code/queue and the gateway's snapshot. */
export class QueueListing {
  gate: string;
  version: number;
  gateState: GateState;
  congestion: Congestion;
  entries: QueueEntryView[];
}

/** A public board line: plate, place and times only — no names, documents, phones or firm. */
export class BoardEntry {
  id: string;
  plate: string;
  direction: Direction;
  priorityClass: PriorityClass;
  status: string;
  window: TimeWindow | null;
  position: number | null;
  eta: Eta | null;
}

/** The public board of a gate (GET /api/public/gates/:code/queue): the listing with masked entries. */
export class PublicQueueListing {
  gate: string;
  version: number;
  gateState: GateState;
  congestion: Congestion;
  entries: BoardEntry[];
}
