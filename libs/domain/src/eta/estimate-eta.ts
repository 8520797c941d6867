// Estimated call time for a queued vehicle.
//
// Model
// 1. Throughput. λ = calls per hour of *open* time. Prior: Gamma(shape = capacityPerHour × W, rate = W) with
//    W = ETA_PRIOR_WEIGHT_HOURS, i.e. the nominal capacity counted as W hours of observation. Data: n calls of
//    this gate and direction during the last `lookbackMinutes`, over the O open hours of that lookback. Posterior:
//    Gamma(shape + n, W + O). A cold start (O = 0) uses the nominal capacity; a gate that runs slow pulls λ down
//    as fast as the evidence allows — the distrust of such systems comes from estimates that assume nominal speed.
// 2. Service time. Given λ, calls are Poisson, so the open time until the vehicle at `position` is called is
//    Gamma(position, λ); integrating λ over its posterior gives a negative-binomial tail (see distributions.ts),
//    whose p10/p50/p90 are therefore wider when little has been observed.
// 3. Calendar. Each open-time quantile is laid onto the clock from max(now, end of suspension), skipping closed
//    hours, closed weekdays and closed dates; a vehicle is never called before its window starts nor before now.
// Null when the gate is suspended open-ended, when no throughput can be expected (no capacity, nothing observed)
// or when the gate does not open enough within OPEN_TIME_SEARCH_DAYS.
import type { GateSchedule } from '../slots/index.js';
import { serviceTimeQuantile } from './distributions.js';
import { addOpenMinutes, openMinutesBetween } from './open-time.js';

export const ETA_DEFAULT_LOOKBACK_MINUTES = 120;
/** How many hours of observation the nominal capacity is worth. */
export const ETA_PRIOR_WEIGHT_HOURS = 1;

export interface EtaInput {
  /** 1 = the next vehicle to be called. */
  position: number;
  now: Date;
  schedule: GateSchedule;
  /** Start of the vehicle's slot window, if it has one: it is not called earlier. */
  windowStart: Date | null;
  /** When vehicles of this gate and direction were called (or crossed) recently. */
  recentCompletions: readonly Date[];
  lookbackMinutes?: number;
  /** Completions are only recorded from this instant (service start): earlier lookback time is not evidence. */
  observedFrom?: Date;
  /** A suspension in force: until a time, or open-ended. */
  suspendedUntil?: Date | null | 'OPEN_ENDED';
}

export interface EtaEstimate {
  p10: Date;
  p50: Date;
  p90: Date;
}

export interface ThroughputPosterior {
  /** Gamma shape: prior pseudo-calls + observed calls. */
  shape: number;
  /** Gamma rate: prior weight + observed open hours. */
  rateHours: number;
  /** Posterior mean calls per open hour. */
  perHour: number;
  observedCalls: number;
  observedOpenHours: number;
}

/** Posterior of the call rate of a gate (see the model above). */
export function throughputPosterior(
  schedule: GateSchedule,
  now: Date,
  recentCompletions: readonly Date[],
  lookbackMinutes = ETA_DEFAULT_LOOKBACK_MINUTES,
  observedFrom?: Date,
): ThroughputPosterior {
  const nowMs = now.getTime();
  const fromMs = Math.max(nowMs - Math.max(0, lookbackMinutes) * 60_000, observedFrom?.getTime() ?? -Infinity);
  const observedOpenHours = fromMs < nowMs ? openMinutesBetween(schedule, new Date(fromMs), now) / 60 : 0;
  const observedCalls = recentCompletions.filter((c) => c.getTime() >= fromMs && c.getTime() <= nowMs).length;
  const shape = Math.max(0, schedule.capacityPerHour) * ETA_PRIOR_WEIGHT_HOURS + observedCalls;
  const rateHours = ETA_PRIOR_WEIGHT_HOURS + observedOpenHours;
  return { shape, rateHours, perHour: shape / rateHours, observedCalls, observedOpenHours };
}

const maxDate = (...ds: (Date | null | undefined)[]): Date =>
  new Date(Math.max(...ds.filter((d): d is Date => d instanceof Date).map((d) => d.getTime())));

export function estimateEta(input: EtaInput): EtaEstimate | null {
  const { position, now, schedule, windowStart, suspendedUntil } = input;
  if (!Number.isInteger(position) || position < 1)
    throw new RangeError(`position must be an integer ≥ 1, got ${position}`);
  if (suspendedUntil === 'OPEN_ENDED') return null;

  const post = throughputPosterior(schedule, now, input.recentCompletions, input.lookbackMinutes, input.observedFrom);
  if (!(post.shape > 0)) return null;

  const serviceFrom = maxDate(now, suspendedUntil);
  const at = (q: number): Date | null => {
    const hours = serviceTimeQuantile(position, post.shape, post.rateHours, q);
    const t = addOpenMinutes(schedule, serviceFrom, hours * 60);
    return t && maxDate(t, windowStart, now);
  };
  const p10 = at(0.1);
  const p50 = at(0.5);
  const p90 = at(0.9);
  if (!p10 || !p50 || !p90) return null;
  // Quantiles are monotone already; this only guards against rounding at the millisecond.
  const m50 = maxDate(p10, p50);
  return { p10, p50: m50, p90: maxDate(m50, p90) };
}
