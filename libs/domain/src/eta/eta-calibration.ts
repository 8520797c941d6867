// Calibration of the ETA interval by the gate's own outcomes (split-conformal on log-ratios, per horizon).
//
// Every forecast shown is kept with its uncalibrated median (queue-eta.ts). Once the vehicle is called, its score
// is the log-ratio ln(open hours to the call / open hours to the median). The 10 %, 50 % and 90 % points of the
// recent scores at a similar horizon scale the median to p10, p50 and p90 in place of the model's own spread
// (σ × the normal ±1.28): the interval widens when the gate has been less regular than the model assumes, narrows
// when it has been more, and the median moves when vehicles have been called systematically later or earlier
// than forecast.
//
// The scores are not divided by the model's σ: the queue's own errors at that horizon set the width, and σ is the
// spread of a horizon without outcomes. On the tuning part of the replay on real truck queues, scores in units of
// σ gave the same coverage with wider intervals (0.86 of the wait against 0.81, bursty departures) and covered
// more than asked where calls are evenly spaced.
//
// The outer points move out, as split-conformal does, when the scores are worth few independent ones. How many
// they are worth, the scores themselves say (`effectiveCount`): on a gate whose level drifts, the forecasts made
// within one horizon of each other are late or early together; where calls come evenly, each forecast's error is
// its own.
//
// Only outcomes known at `now` count, and a forecast counts only once enough time has passed for it to be judged
// (ELIGIBLE_AFTER × its horizon): counting only the vehicles already called would keep the fast ones and bias the
// scores early. A forecast old enough but whose vehicle is still waiting scores at least its elapsed ratio, which
// is past the 90 % point, so it counts as a late miss.
import type { GateSchedule } from '../slots/index.js';
import { openIntervals } from '../slots/index.js';

/** Calibration uses the forecasts of this many past days. */
export const ETA_CALIBRATION_DAYS = 21;
/** A forecast is judged once this many times its horizon has passed. */
const ELIGIBLE_AFTER = 2;
/** The outer points never go further out than this share of the scores. */
const MIN_TAIL = 0.05;
/** Scores needed for a horizon bucket to be calibrated; with fewer it keeps the model's own spread. */
const MIN_SCORES = 30;
/**
 * Upper bounds (open hours to the median) of the horizon buckets. A bucket never borrows from a shorter one: on
 * real queues the scores of short horizons are narrower than those of waits of days (where the level drifts), and
 * borrowing them made the long intervals too narrow (coverage 0.66 for waits over a day).
 */
const HORIZON_BUCKETS_HOURS = [2, 6, 12, 24, 48, 96, Infinity];

export interface CalibrationPoints {
  q10: number;
  q50: number;
  q90: number;
}

/** The normal 10 %, 50 % and 90 % points, in units of the model's σ: its own spread, used without outcomes. */
export const NORMAL_EDGES: CalibrationPoints = { q10: -1.2815515655, q50: 0, q90: 1.2815515655 };

export interface EtaCalibration {
  /** Log-ratio points, one per bucket of HORIZON_BUCKETS_HOURS; null where too few scores. */
  buckets: (CalibrationPoints | null)[];
  /** All horizons together: the gate's overall picture (shown, not used to forecast). */
  pooled: CalibrationPoints | null;
  scores: number;
}

/** A forecast as shown, and its outcome if known. */
export interface EtaRecord {
  madeAt: Date;
  /** The uncalibrated median (QueueEtaForecast.rawP50). */
  rawP50: Date;
  /** The model's spread for it (QueueEtaForecast.sigma): kept with the record, not needed by its score. */
  sigma?: number;
  /** When the vehicle was called; null (or later than `now`) while it waits. */
  calledAt: Date | null;
}

const quantile = (sorted: number[], q: number): number => {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
};

/**
 * The 10 %, 50 % and 90 % points of `scores`, the outer ones moved out for a small number of `independent`
 * scores as split-conformal does: it takes the (n + 1)(1 − α)/n point, here 0.1 − 0.9/n from each end.
 */
const points = (scores: number[], independent = scores.length): CalibrationPoints | null => {
  if (scores.length < MIN_SCORES) return null;
  const s = [...scores].sort((a, b) => a - b);
  const tail = Math.max(MIN_TAIL, 0.1 - 0.9 / Math.max(1, independent));
  return { q10: quantile(s, tail), q50: quantile(s, 0.5), q90: quantile(s, 1 - tail) };
};

/**
 * How many independent scores `scores` (made at `madeAt`, ms) are worth. Forecasts whose waits overlap may share
 * their errors: when the level drifts, every forecast of a stretch is late together, and a few such stretches are
 * all a bucket of waits of days holds. When the errors are each forecast's own (calls evenly spaced, the error
 * the phase of the next call), every score counts. Which one a gate is, its scores say: they are cut into blocks
 * one horizon long, and the spread of the block means against that of the scores gives the count (batch means:
 * n_eff = s² / Var(mean), Var(mean) from the block means), between 1 and the number of scores.
 */
function effectiveCount(scores: readonly number[], madeAt: readonly number[], horizonMs: number): number {
  const n = scores.length;
  if (n < 2 || !(horizonMs > 0)) return 1;
  const first = madeAt.reduce((a, t) => Math.min(a, t), Infinity);
  const blocks = new Map<number, { sum: number; count: number }>();
  let total = 0;
  for (let i = 0; i < n; i++) {
    const key = Math.floor((madeAt[i] - first) / horizonMs);
    const b = blocks.get(key) ?? { sum: 0, count: 0 };
    b.sum += scores[i];
    b.count++;
    blocks.set(key, b);
    total += scores[i];
  }
  const m = blocks.size;
  if (m < 2) return 1;
  const mean = total / n;
  const variance = scores.reduce((a, z) => a + (z - mean) ** 2, 0) / (n - 1);
  let between = 0;
  for (const { sum, count } of blocks.values()) between += (count * (sum / count - mean)) ** 2;
  const varianceOfMean = (between / (n * n)) * (m / (m - 1));
  if (!(varianceOfMean > 0)) return n;
  return Math.min(n, Math.max(1, variance / varianceOfMean));
}

const bucketOf = (hours: number): number => HORIZON_BUCKETS_HOURS.findIndex((b) => hours < b);

/** Calibration points from the outcomes known at `now` (see above). */
export function calibrateEta(records: readonly EtaRecord[], now: Date, schedule: GateSchedule): EtaCalibration {
  const nowMs = now.getTime();
  const since = nowMs - ETA_CALIBRATION_DAYS * 86_400_000;
  const byBucket: number[][] = HORIZON_BUCKETS_HOURS.map(() => []);
  const madeOf: number[][] = HORIZON_BUCKETS_HOURS.map(() => []);
  const hoursOf = HORIZON_BUCKETS_HOURS.map(() => 0);
  const all: number[] = [];
  // Every instant below lies in [since, now]: one pass over the opening hours, then a search per instant.
  const spans = openIntervals(schedule, new Date(since), now).map((i) => [i.start.getTime(), i.end.getTime()]);
  const before: number[] = [];
  spans.reduce((acc, [a, b]) => (before.push(acc), acc + (b - a)), 0);
  const openHoursAt = (t: number): number => {
    let lo = 0;
    let hi = spans.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (spans[mid][0] <= t) lo = mid + 1;
      else hi = mid;
    }
    if (lo === 0) return 0;
    const [a, b] = spans[lo - 1];
    return (before[lo - 1] + Math.min(t, b) - a) / 3_600_000;
  };
  for (const r of records) {
    const made = r.madeAt.getTime();
    const horizonMs = r.rawP50.getTime() - made;
    if (made < since || made > nowMs || horizonMs <= 0) continue;
    if (nowMs - made < ELIGIBLE_AFTER * horizonMs) continue;
    const rawOpen = openHoursAt(r.rawP50.getTime()) - openHoursAt(made);
    if (!(rawOpen > 0)) continue;
    const called = r.calledAt && r.calledAt.getTime() <= nowMs ? r.calledAt.getTime() : nowMs;
    const actualOpen = Math.max(1 / 60, openHoursAt(called) - openHoursAt(made));
    const z = Math.log(actualOpen / rawOpen);
    const b = bucketOf(rawOpen);
    byBucket[b].push(z);
    madeOf[b].push(made);
    hoursOf[b] += rawOpen;
    all.push(z);
  }
  const buckets = byBucket.map((zs, b) => {
    if (zs.length < MIN_SCORES) return null;
    const horizonMs = (hoursOf[b] / zs.length) * 3_600_000;
    return points(zs, effectiveCount(zs, madeOf[b], horizonMs));
  });
  return { buckets, pooled: points(all), scores: all.length };
}

/**
 * The log-ratio points for a forecast whose uncalibrated median is `rawOpenHours` away; null where that horizon
 * has too few outcomes (the model's own spread, σ × NORMAL_EDGES, applies).
 */
export function calibrationFor(c: EtaCalibration, rawOpenHours: number): CalibrationPoints | null {
  return c.buckets[bucketOf(rawOpenHours)] ?? null;
}
