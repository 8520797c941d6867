import type { EtaEstimate } from './estimate-eta.js';

/** The least spread shown on each side of the median: a range "08:30–08:30" promises what no gate can keep. */
const MIN_SIDE_MS = 10 * 60_000;

/** p10 < p50 < p90, at least MIN_SIDE_MS apart, never earlier than the estimate's own p10 (now or the window). */
function widened(e: EtaEstimate): EtaEstimate {
  const p10 = e.p10.getTime();
  const p50 = Math.max(e.p50.getTime(), p10 + MIN_SIDE_MS);
  const p90 = Math.max(e.p90.getTime(), p50 + MIN_SIDE_MS);
  return { p10: new Date(p10), p50: new Date(p50), p90: new Date(p90) };
}

/**
 * The estimate to show next: the fresh one when something material happened or its median left the interval
 * shown; otherwise the one shown, so a waiting driver is not shown a new time on every tick.
 */
export function stabilizeEta(previous: EtaEstimate | null, fresh: EtaEstimate, material: boolean): EtaEstimate {
  if (!previous || material) return widened(fresh);
  const p50 = fresh.p50.getTime();
  if (p50 < previous.p10.getTime() || p50 > previous.p90.getTime()) return widened(fresh);
  return previous;
}
