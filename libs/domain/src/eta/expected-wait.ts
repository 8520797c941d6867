import type { GateSchedule } from '../slots/index.js';
import { addOpenMinutes } from './open-time.js';

const MS_PER_MINUTE = 60_000;

/** What the public board says of a direction's queue: how long a truck joining it now waits, and when the gate opens. */
export interface ExpectedWait {
  /** Minutes from now until the last vehicle waiting now is called (0 for an empty queue at an open gate). */
  minutes: number;
  /** The next opening when the gate is closed now; null while it is open. */
  opensAt: Date | null;
}

/**
 * The wait in the queue's own terms: the vehicles ahead are called at the direction's hourly capacity, during
 * opening hours only — so 227 trucks at night wait for the opening and then for their turn, never "clear".
 * Null when the gate does not open within the search horizon or calls nobody (capacity 0).
 */
export function expectedWait(schedule: GateSchedule, waiting: number, now: Date): ExpectedWait | null {
  if (!Number.isFinite(waiting) || waiting < 0)
    throw new RangeError(`waiting must be a non-negative number, got ${waiting}`);
  const open = addOpenMinutes(schedule, now, 0);
  if (!open) return null;
  if (waiting > 0 && !(schedule.capacityPerHour > 0)) return null;
  const service = waiting === 0 ? 0 : (waiting / schedule.capacityPerHour) * 60;
  const until = addOpenMinutes(schedule, now, service);
  if (!until) return null;
  return {
    minutes: Math.round((until.getTime() - now.getTime()) / MS_PER_MINUTE),
    opensAt: open.getTime() > now.getTime() ? open : null,
  };
}
