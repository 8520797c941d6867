import type { VehicleState } from '#libs/domain/src/index.js';
import type { VehicleSnapshot } from './contracts.js';

/**
 * Ownership of a vehicle's state across the two services (README, "Who owns a vehicle's state"): the
 * declaration service owns it until acceptance; from the acceptance event on, the yard-queue service does.
 * A firm's amendment or cancellation of a vehicle the yard owns is therefore a request to the yard, decided
 * there under the same row lock as a check-in, before the declaration service acknowledges anything.
 */

/** Where the declaration service asks the yard (internal token). */
export const VEHICLE_HANDOFF_PATH = '/api/internal/vehicle-handoffs';

export const HANDOFF_KINDS = ['amend', 'cancel'] as const;
export type HandoffKind = (typeof HANDOFF_KINDS)[number];

export interface VehicleHandoffRequest {
  /** The request's id: asking again with it returns the decision already taken. */
  id: string;
  kind: HandoffKind;
  declarationId: string;
  /** The declaration version the change produces (an amendment's new version; a cancel's current one). */
  version: number;
  /** The vehicles that stay, as they are after the change (an amendment); empty for a cancel. */
  vehicles: VehicleSnapshot[];
  /** The vehicles that leave the yard's list: all of them on a cancel, the removed ones on an amendment. */
  withdrawn: VehicleSnapshot[];
}

/** Where a vehicle is in the yard when the yard refuses a change. */
export interface YardPosition {
  vehicleId: string;
  plate: string;
  gate: string;
  /** The latest queue entry's status (CHECKED_IN, CALLED, AT_GATE, … or CROSSED, TURNED_BACK, CANCELLED). */
  status: string;
  checkedInAt: string | null;
  windowStart: string | null;
}

/** A refusal's `message` is the Vietnamese of `firmChangeRefusal(kind, position)`, which says it in any language. */
export type VehicleHandoffDecision =
  { outcome: 'APPLIED' } | { outcome: 'REFUSED'; message: string; position: YardPosition };

/**
 * Where the yard asks about a vehicle it does not hold (`?plateKey=` or `?vehicleId=`): the acceptance the
 * relay has not delivered yet (a truck checking in moments after customs accepted it), or else why the
 * vehicle cannot be checked in.
 */
export const VEHICLE_DECLARATIONS_PATH = '/api/internal/vehicle-declarations';

export interface VehicleDeclarations {
  /** The ACCEPTED vehicles, as the acceptance event carries them. */
  accepted: VehicleSnapshot[];
  /** The vehicle's other declarations, newest first. */
  others: { declarationNumber: string; gate: string; status: VehicleState; reason: string | null }[];
}
