import { stateLabel } from '../lifecycle/vehicle-states.js';
import { refusal, type Refusal } from '../refusal.js';

/** The truck's live booking elsewhere that stops a check-in: its gate (code and name) and its state there. */
export interface LiveBooking {
  gate: string;
  gateName: string;
  status: string;
}

/**
 * Why a truck cannot be checked in at `gate` while it holds a live place at another gate (one live booking per
 * vehicle across both gates), naming the other gate so the yard operator can tell the driver where it is booked.
 */
export function liveBookingRefusal(plate: string, gate: string, other: LiveBooking): Refusal {
  const state = stateLabel(other.status);
  if (other.gate === gate) return refusal('liveBookingHere', { plate, state });
  return refusal('liveBookingElsewhere', { plate, gateName: other.gateName, gate: other.gate, state, here: gate });
}

/** A share of `part` in `total` rounded to 3 decimals (0 when there is nothing to share). */
export function rate(part: number, total: number): number {
  return total > 0 ? Math.round((part / total) * 1000) / 1000 : 0;
}
