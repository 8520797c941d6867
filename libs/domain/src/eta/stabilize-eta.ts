// What a firm is shown should not flap on every tick: a fresh estimate whose median still lies inside the interval
// shown before says nothing new, so the shown one stays. It moves when something material happened (the caller
// knows: the vehicle's position changed by a call, a turn back or a hold, the capacity changed, a suspension
// began or ended), when the fresh median leaves the shown interval, or when the shown one has gone stale (its
// median no longer ahead of the fresh p10, which is never before now).
import type { EtaEstimate } from './estimate-eta.js';
import { ETA_MIN_SPREAD_MINUTES } from './queue-eta.js';

const MIN_SPREAD_MS = ETA_MIN_SPREAD_MINUTES * 60_000;

/** The estimate to show, given the one shown before (null if none) and a fresh one (see above). */
export function stabilizeEta(previous: EtaEstimate | null, fresh: EtaEstimate, material: boolean): EtaEstimate {
  if (!previous || material) return fresh;
  const [p10, p50, p90] = [previous.p10, previous.p50, previous.p90].map((d) => d.getTime());
  const median = fresh.p50.getTime();
  // The shown median must still lie ahead (not before the fresh p10, itself never before now), and the shown one
  // must be an interval (one from before ETA_MIN_SPREAD_MINUTES may not be).
  if (median < p10 || median > p90 || p50 < fresh.p10.getTime()) return fresh;
  if (p50 - p10 < MIN_SPREAD_MS || p90 - p50 < MIN_SPREAD_MS) return fresh;
  return previous;
}
