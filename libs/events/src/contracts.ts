import type {
  DeclarationStatus,
  Direction,
  DriverDocumentType,
  FeeDue,
  GoodsCategory,
  Language,
  Nationality,
  PriorityClass,
  WaitingYard,
} from '#libs/domain/src/index.js';
import type { GateState, QueueEntryView } from './queue-listing.dto.js';

/**
 * The events services exchange. Producers write them to their outbox in the same transaction as the
 * change; the relay delivers them at least once and in order; consumers apply each event id once.
 */

export type {
  BoardEntry,
  Confirmation,
  Congestion,
  Eta,
  GateState,
  PublicQueueListing,
  QueueEntryView,
  QueueListing,
} from './queue-listing.dto.js';

/** What the yard needs to know of a vehicle to check it in and show it on the consoles. */
export interface VehicleSnapshot {
  vehicleId: string;
  declarationId: string;
  firmId: string;
  firmName: string;
  gate: string;
  direction: Direction;
  plate: string;
  plateKey: string;
  trailerPlate: string | null;
  nationality: Nationality;
  containerNumber: string | null;
  sealNumber: string | null;
  driverName: string;
  driverDocument: { type: DriverDocumentType; number: string };
  driverPhone: string;
  /** The language the driver reads his messages in. */
  driverLanguage: Language;
  priorityClass: PriorityClass;
  quarantineRequired: boolean;
  goodsCategories: GoodsCategory[];
  expectedArrival: string;
  version: number;
  /**
   * The infrastructure fee the vehicle owes, priced by the declaration service (which keeps the tariff); null
   * while the tariff has no rate for its class. Absent in snapshots written before fees existed.
   */
  fee?: FeeDue | null;
}

/** What the statistics count of a declaration when it is submitted or rejected (no names, no documents). */
export interface DeclarationFigures {
  direction: Direction;
  goodsCategories: GoodsCategory[];
  /** The vehicles the change moved. */
  vehicleCount: number;
}

export interface DeclarationEventMap {
  'declaration.created': { declarationId: string; firmId: string; gate: string; status: DeclarationStatus };
  'declaration.amended': {
    declarationId: string;
    firmId: string;
    gate: string;
    version: number;
    vehicles: VehicleSnapshot[];
  };
  'declaration.submitted': { declarationId: string; firmId: string; gate: string } & DeclarationFigures;
  'declaration.accepted': {
    declarationId: string;
    firmId: string;
    gate: string;
    automatic: boolean;
    vehicles: VehicleSnapshot[];
  };
  'declaration.rejected': { declarationId: string; firmId: string; gate: string; reason: string } & DeclarationFigures;
  'declaration.cancelled': { declarationId: string; firmId: string; gate: string; vehicleIds: string[] };
  'declaration.correction_requested': {
    declarationId: string;
    firmId: string;
    gate: string;
    requestId: string;
    message: string;
  };
  'declaration.correction_answered': { declarationId: string; firmId: string; gate: string; requestId: string };
  'declaration.correction_approved': { declarationId: string; firmId: string; gate: string; requestId: string };
}

export interface QueueEventMap {
  /**
   * One event per committed change of a gate's queue, with a per-gate version that increases by one.
   * `entries` are the entries that changed, as they are after the change.
   */
  'queue.changed': {
    gate: string;
    version: number;
    reason: string;
    entries: QueueEntryView[];
    gateState: GateState;
    /** Who asked for the change and from which console (the `X-Console` the audit records); none for the system's own. */
    actor?: ChangeActor | null;
  };
  /** Gate settings the declaration service needs (names, automatic acceptance, the waiting yards to pick from). */
  'gate.updated': {
    gate: string;
    name: string;
    autoAccept: boolean;
    /** Absent from the events written before gates had lists of yards: the copy's list then stays as it is. */
    yards?: WaitingYard[];
  };
}

/** The officer behind a queue change and the console they acted from. */
export interface ChangeActor {
  id: string | null;
  console: string | null;
}

export interface IdentityEventMap {
  /**
   * A user's tokens issued so far are void (logout, password change, account disabled): every service refuses
   * an access token of this user whose `ver` is below `tokenVersion`.
   */
  'user.revoked': { userId: string; tokenVersion: number };
}

export interface NotificationEventMap {
  /**
   * No delivery receipt came back for a call within the gate's time to reach the driver: the yard shows the
   * truck as called but not reached (`calledAt` names the call, so a later call is not marked by it).
   */
  'call.unreached': { gate: string; entryId: string; vehicleId: string; calledAt: string; at: string };
}

export type EventMap = DeclarationEventMap & QueueEventMap & IdentityEventMap & NotificationEventMap;
export type EventType = keyof EventMap;
export const EVENT_TYPES: readonly EventType[] = [
  'declaration.created',
  'declaration.amended',
  'declaration.submitted',
  'declaration.accepted',
  'declaration.rejected',
  'declaration.cancelled',
  'declaration.correction_requested',
  'declaration.correction_answered',
  'declaration.correction_approved',
  'queue.changed',
  'gate.updated',
  'user.revoked',
  'call.unreached',
];

export interface EventEnvelope<T extends EventType = EventType> {
  id: string;
  type: T;
  /** The stream an event orders within (a declaration id, a gate code). */
  aggregateId: string;
  producer: string;
  occurredAt: string;
  /** Position in the producer's outbox; consumers may use it for diagnostics only. */
  sequence: number;
  /** The request that caused the event, so logs follow a change across services. */
  requestId?: string | null;
  payload: EventMap[T];
}

export type AnyEventEnvelope = { [K in EventType]: EventEnvelope<K> }[EventType];
