import { refusal, type Refusal } from '../refusal.js';
import { formatVietnamTime } from '../slots/local-time.js';
import { isActiveQueueState, isVehicleState, stateRefusal } from './vehicle-states.js';

/**
 * Whether a firm may still amend or cancel a vehicle the yard owns (accepted, perhaps already in the yard),
 * decided from the vehicle's latest queue entry, as the yard sees it under the row lock a check-in takes.
 * No entry, or a second no-show (sent back to ACCEPTED), leaves the vehicle outside the yard: the change may
 * go through. An active entry means the truck is in the yard and its data is frozen (DESIGN §3); a closed one
 * (crossed, turned back, cancelled by the yard) means this trip is over.
 */

export type FirmChange = 'amend' | 'cancel';

export interface LatestEntry {
  plate: string;
  gate: string;
  /** A vehicle state, or NO_SHOW (the entry a second no-show closed). */
  status: string;
  checkedInAt: Date | null;
  windowStart: Date | null;
}

/** Null when the change may go through; otherwise the refusal, naming where the truck is and what to do. */
export function firmChangeRefusal(change: FirmChange, latest: LatestEntry | null): Refusal | null {
  if (!latest || latest.status === 'NO_SHOW') return null;
  const where = {
    change: refusal(`change_${change}`),
    plate: latest.plate,
    gate: latest.gate,
    state: stateRefusal(latest.status),
  };
  if (isVehicleState(latest.status) && isActiveQueueState(latest.status)) {
    return refusal('firmChangeInYard', {
      ...where,
      since: latest.checkedInAt ? refusal('inYardSince', { time: formatVietnamTime(latest.checkedInAt) }) : '',
      window: latest.windowStart ? refusal('inYardWindow', { time: formatVietnamTime(latest.windowStart) }) : '',
      instead: refusal(`instead_${change}`),
    });
  }
  return refusal('firmChangeOver', where);
}
