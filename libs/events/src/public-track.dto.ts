// The public tracking page of one vehicle (`/t/<slip code>`): what anyone holding the slip's code may read.
// The plate is the only thing naming the vehicle: no driver, document, phone, firm, declaration number or goods.
import { ApiProperty } from '@nestjs/swagger';
import { type DeclarationStatus, type Direction, HOLD_PARTIES, type HoldParty } from '#libs/domain/src/index.js';
import { Eta, GateSuspension, TimeWindow } from './queue-listing.dto.js';

/** GET /api/public/track/:code, and each `data:` line of its event stream. */
export class PublicTrackView {
  plate: string;
  gate: string;
  gateName: string;
  direction: Direction;
  /** The vehicle's state (a queue entry's NO_SHOW included). */
  status: string;
  /** The declaration's state; IN_QUEUE while any of its vehicles is in the yard queue. */
  declarationStatus: DeclarationStatus;
  /** 1 = next to be called in its direction; null when not waiting. */
  position: number | null;
  window: TimeWindow | null;
  /** Estimated call, while it waits. */
  eta: Eta | null;
  calledAt: string | null;
  /** Once called: when it must be at the gate. */
  callDeadline: string | null;
  /**
   * While held: who holds it, the reason as a category (customs inspection, the border guard, the gate), which
   * the page puts in words. Not the officer's note: free text that may name the driver, the firm or the goods.
   */
  @ApiProperty({ enum: HOLD_PARTIES, nullable: true })
  heldBy: HoldParty | null;
  /** The gate's suspension, with its reason, while it lasts. */
  suspension: GateSuspension | null;
}

/** What the declaration service tells the gateway of a vehicle that is not in a yard queue (internal token). */
export type VehicleStatusRecord = Pick<
  PublicTrackView,
  'plate' | 'gate' | 'gateName' | 'direction' | 'status' | 'declarationStatus'
>;

export const VEHICLE_STATUS_PREFIX = '/api/internal/declaration/vehicles';

export function vehicleStatusPath(vehicleId: string): string {
  return `${VEHICLE_STATUS_PREFIX}/${encodeURIComponent(vehicleId)}/status`;
}
