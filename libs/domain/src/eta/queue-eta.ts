// Estimated call time for a queued vehicle on real traffic: calls come in batches, stop for hours, and waits run
// to days, so the rate of the last two hours (estimate-eta.ts) says little about a call two days away.
//
// Model
// 1. Call rate, learned over ETA_HISTORY_DAYS of calls: a level (calls per open hour, recent days weighted by a
//    half-life of ETA_LEVEL_HALF_LIFE_HOURS) times an hour-of-week profile (shrunk to the hour of day, then to
//    flat, so a few weeks of data do not make noise into a pattern). The gate's schedule gives the open hours,
//    closed dates and its daily cap; no call is expected outside them nor above the cap.
// 2. Stall state. Calls stop for hours (a stall, a pause): the time since the last call is compared with the gaps
//    between calls seen in the history, and the expected rest of the current gap, beyond that of an ordinary
//    moment, delays the start. How long that rest may be is uncertain too (the gaps that lasted this long ended
//    at different times): its spread, beyond an ordinary moment's, is added to the spread of the call times, so the
//    interval of a call due soon after a stall is wide, that of a call days away hardly changes. A known
//    suspension end delays the start as well.
// 3. Spread. Calls come in batches: the variance of hourly counts is `dispersion` times their mean (1 for Poisson,
//    3–5 on real border queues, below 1 when calls are evenly spaced), and the level itself drifts. The relative
//    spread of the time to k calls is then about σ = √(dispersion / k + (0.3 / k)² + drift(H)² + (stall / H)²)
//    (compound Poisson count with a drifting rate; 0.3 / k because even evenly spaced calls leave the phase of the
//    next one unknown; `stall` the spread of the current gap's rest, in hours). drift(H) is measured, not assumed:
//    the level the model would have learned at each past hour is backtested against the calls of the following H
//    hours, for H from 3 hours to 8 days, and the spread of those ratios, less their count noise, is the drift at
//    that horizon, once the history holds two windows of H (the longest such horizon's beyond it; `levelCv`, the
//    day-to-day spread, where the history is too short for any). p50 is the time the expected calls reach the position; p10/p90 scale its open time by exp(σ·z),
//    never closer than ETA_MIN_SPREAD_MINUTES of open time to p50 (no zero-width range, even at the floor).
// 4. Calibration (eta-calibration.ts): the 10 %, 50 % and 90 % points of the log-ratios actual / median of the
//    gate's own recent forecasts at the same horizon replace σ·z, so the interval widens or narrows until it
//    covers what actually happens; without enough outcomes, z = ±1.28 (the normal 10 % and 90 % points) times σ.
import {
  addLocalDays,
  localDay,
  MS_PER_DAY,
  MS_PER_MINUTE,
  openIntervals,
  openSpanOfDay,
  type GateSchedule,
} from '../slots/index.js';
import { OPEN_TIME_SEARCH_DAYS } from './open-time.js';
import { NORMAL_EDGES, type EtaCalibration, calibrationFor } from './eta-calibration.js';
import type { EtaEstimate } from './estimate-eta.js';

/** How far back calls are learned from. */
export const ETA_HISTORY_DAYS = 28;
/** Weight half-life of the level: recent days count more, so a gate that changes pace is followed within days. */
export const ETA_LEVEL_HALF_LIFE_HOURS = 48;
/** Shrinkage of the hour-of-day factors to flat, in open hours of pseudo-observation per hour of day. */
const PROFILE_SHRINK_HOURS = 12;
/** Shrinkage of the hour-of-week factors to the hour of day. */
const WEEK_SHRINK_HOURS = 6;
/** The nominal capacity counts as this many open hours of observation (cold start). */
const PRIOR_HOURS = 1;
/** σ is capped: beyond this the interval says nothing. */
const MAX_SIGMA = 1.5;
/** Dispersion below this is not believed (a few days of evenly spaced calls). */
const MIN_DISPERSION = 0.05;
/** Horizons (hours) at which the level is backtested; longer ones use the longest measured. */
const DRIFT_HORIZONS_HOURS = [3, 6, 12, 24, 48, 96, 192];
/** A past hour is a backtest start once the level then rests on this many (weighted) open hours. */
const DRIFT_MIN_WEIGHT_HOURS = 12;
/** Backtest starts needed at a horizon to measure its drift. */
const DRIFT_MIN_STARTS = 24;
/**
 * Nor before the history holds this many windows of the horizon: starts an hour apart overlap, so 24 starts of a
 * 4-day window are about one window, whose spread says nothing (it read 0 on real queues a week into their
 * history, and intervals of waits of days were then as narrow as the count noise alone).
 */
const DRIFT_MIN_WINDOWS = 2;
/** p10 and p90 are at least this many open minutes from p50: an interval, never a point. */
export const ETA_MIN_SPREAD_MINUTES = 10;

const MS_PER_HOUR = 3_600_000;
const HOURS_PER_WEEK = 168;

export interface CallHistoryInput {
  schedule: GateSchedule;
  now: Date;
  /** Calls of this gate and direction over the last ETA_HISTORY_DAYS (any order; a batch is several equal times). */
  calls: readonly Date[];
  /** Calls are only recorded from this instant (service start): earlier time is not evidence. */
  observedFrom?: Date;
  /** A suspension in force until this time. */
  suspendedUntil?: Date | null;
}

export interface CallRateModel {
  schedule: GateSchedule;
  nowMs: number;
  /** Calls per open hour at profile factor 1. */
  level: number;
  /** Multiplicative factor per local hour of week (0 = Sunday 00:00), mean 1 over the observed open hours. */
  profile: Float64Array;
  /** Variance / mean of hourly call counts: 1 for Poisson, more when calls come in batches. */
  dispersion: number;
  /** Day-to-day coefficient of variation of the rate, beyond the count noise. */
  levelCv: number;
  /** No call is expected before this instant (a stall's expected rest, or the end of a suspension). */
  startMs: number;
  /** Calls already made today (local day of `now`), for the daily cap. */
  callsToday: number;
  /** Measured drift of the level at each of DRIFT_HORIZONS_HOURS (NaN where the history is too short). */
  drift?: Float64Array;
  /**
   * How uncertain the end of the current gap between calls is, beyond an ordinary moment's (open hours, a
   * standard deviation): 0 unless the gap is already longer than usual.
   */
  stallSpreadHours?: number;
}

const hourOfWeek = (ms: number, utcOffsetMinutes: number): number => {
  const local = ms + utcOffsetMinutes * MS_PER_MINUTE;
  const day = Math.floor(local / MS_PER_DAY);
  const hour = Math.floor((local - day * MS_PER_DAY) / MS_PER_HOUR);
  return (((day + 4) % 7) * 24 + hour) % HOURS_PER_WEEK; // 1970-01-01 was a Thursday
};

/** Start of the local hour containing `ms`. */
const hourStart = (ms: number, utcOffsetMinutes: number): number => {
  const off = utcOffsetMinutes * MS_PER_MINUTE;
  return Math.floor((ms + off) / MS_PER_HOUR) * MS_PER_HOUR - off;
};

/** Index of the first of the ascending `xs` above `x`. */
const firstAbove = (xs: Float64Array, x: number): number => {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};

/** Index of the first of the ascending `times` at or after `t`. */
const firstAtOrAfter = (times: readonly number[], t: number): number => {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};

/** Learns the call rate, its spread and the current stall state from the history of calls (see the model above). */
export function learnCallRate(input: CallHistoryInput): CallRateModel {
  const { schedule, now } = input;
  const nowMs = now.getTime();
  const off = schedule.utcOffsetMinutes;
  const fromMs = Math.max(nowMs - ETA_HISTORY_DAYS * MS_PER_DAY, input.observedFrom?.getTime() ?? -Infinity);
  const firstBin = hourStart(Math.min(fromMs, nowMs), off);
  const bins = Math.max(0, Math.ceil((nowMs - firstBin) / MS_PER_HOUR));
  const counts = new Float64Array(bins);
  const open = new Float64Array(bins); // open hours inside each bin, within [fromMs, now)
  const times: number[] = [];
  for (const c of input.calls) {
    const t = c.getTime();
    if (t < fromMs || t > nowMs) continue;
    times.push(t);
    counts[Math.min(bins - 1, Math.floor((t - firstBin) / MS_PER_HOUR))]++;
  }
  times.sort((a, b) => a - b);
  const cumOpenAt: number[] = [];
  if (fromMs < nowMs) {
    for (const iv of openIntervals(schedule, new Date(fromMs), now)) {
      for (let s = iv.start.getTime(), e = iv.end.getTime(); s < e;) {
        const b = Math.floor((s - firstBin) / MS_PER_HOUR);
        const end = Math.min(e, firstBin + (b + 1) * MS_PER_HOUR);
        open[b] += (end - s) / MS_PER_HOUR;
        s = end;
      }
    }
  }
  // Open hours elapsed at each bin start, to measure gaps between calls in open time.
  let acc = 0;
  for (let b = 0; b < bins; b++) {
    cumOpenAt.push(acc);
    acc += open[b];
  }
  const openTime = (t: number): number => {
    const b = Math.min(bins - 1, Math.max(0, Math.floor((t - firstBin) / MS_PER_HOUR)));
    return cumOpenAt[b] + Math.min(open[b], (t - (firstBin + b * MS_PER_HOUR)) / MS_PER_HOUR);
  };

  const totalCalls = times.length;
  const totalOpen = acc;
  const prior = Math.max(0, schedule.capacityPerHour);
  const mean = (totalCalls + prior * PRIOR_HOURS) / (totalOpen + PRIOR_HOURS);

  // Hour-of-day, then hour-of-week factors, each shrunk towards the coarser one.
  const profile = new Float64Array(HOURS_PER_WEEK).fill(1);
  if (mean > 0 && totalOpen > 0) {
    const cWeek = new Float64Array(HOURS_PER_WEEK);
    const oWeek = new Float64Array(HOURS_PER_WEEK);
    for (let b = 0; b < bins; b++) {
      const w = hourOfWeek(firstBin + b * MS_PER_HOUR, off);
      cWeek[w] += counts[b];
      oWeek[w] += open[b];
    }
    const day = new Float64Array(24);
    for (let h = 0; h < 24; h++) {
      let c = 0;
      let o = 0;
      for (let d = 0; d < 7; d++) {
        c += cWeek[d * 24 + h];
        o += oWeek[d * 24 + h];
      }
      day[h] = (c / mean + PROFILE_SHRINK_HOURS) / (o + PROFILE_SHRINK_HOURS);
    }
    for (let w = 0; w < HOURS_PER_WEEK; w++) {
      profile[w] = (cWeek[w] / mean + WEEK_SHRINK_HOURS * day[w % 24]) / (oWeek[w] + WEEK_SHRINK_HOURS);
    }
    let num = 0;
    let den = 0;
    for (let w = 0; w < HOURS_PER_WEEK; w++) {
      num += oWeek[w] * profile[w];
      den += oWeek[w];
    }
    if (num > 0) for (let w = 0; w < HOURS_PER_WEEK; w++) profile[w] *= den / num;
  }
  const factorOf = (b: number): number => profile[hourOfWeek(firstBin + b * MS_PER_HOUR, off)];

  // Level: recent hours weigh more; the nominal capacity is a weak prior.
  let wc = prior * PRIOR_HOURS;
  let wo = PRIOR_HOURS;
  for (let b = 0; b < bins; b++) {
    const age = (nowMs - (firstBin + (b + 0.5) * MS_PER_HOUR)) / MS_PER_HOUR;
    const w = Math.pow(0.5, age / ETA_LEVEL_HALF_LIFE_HOURS);
    wc += w * counts[b];
    wo += w * open[b] * factorOf(b);
  }
  const level = wc / wo;

  // Batches: variance / mean of hourly counts around the profile; day-to-day drift of the level beyond that.
  let sq = 0;
  let m = 0;
  const dayRatio = new Map<number, { c: number; m: number }>();
  for (let b = 0; b < bins; b++) {
    if (open[b] <= 0) continue;
    const expected = mean * factorOf(b) * open[b];
    sq += (counts[b] - expected) ** 2;
    m += expected;
    const key = Math.floor((firstBin + b * MS_PER_HOUR + off * MS_PER_MINUTE) / MS_PER_DAY);
    const d = dayRatio.get(key) ?? { c: 0, m: 0 };
    d.c += counts[b];
    d.m += expected;
    dayRatio.set(key, d);
  }
  const dispersion = m > 0 ? Math.min(50, Math.max(MIN_DISPERSION, sq / m)) : 1;
  const days = [...dayRatio.values()].filter((d) => d.m >= 1);
  let levelCv = 0;
  if (days.length >= 3) {
    const ratios = days.map((d) => d.c / d.m);
    const mr = ratios.reduce((s, r) => s + r, 0) / ratios.length;
    const v = ratios.reduce((s, r) => s + (r - mr) ** 2, 0) / (ratios.length - 1);
    const noise = (dispersion * days.length) / days.reduce((s, d) => s + d.m, 0);
    levelCv = Math.sqrt(Math.max(0, v - noise)) / Math.max(mr, 1e-9);
  }

  // Stall state: the expected rest of the current gap, beyond the rest expected at an ordinary moment.
  const gaps: number[] = [];
  for (let i = 1; i < times.length; i++) {
    if (times[i] > times[i - 1]) gaps.push(openTime(times[i]) - openTime(times[i - 1]));
  }
  const lastCall = times.length ? times[times.length - 1] : null;
  let stallHours = 0;
  let stallSpreadHours = 0;
  if (lastCall !== null && gaps.length >= 5) {
    const elapsed = openTime(nowMs) - openTime(lastCall);
    // The rests of the gaps longer than e (each less e) are a tail of the sorted gaps: their median and the spread
    // of their 10 % and 90 % points (÷ 2.56, a normal's), read in place.
    const sorted = Float64Array.from(gaps).sort();
    const rests = (e: number): { n: number; median: number | null; spread: number } => {
      const from = firstAbove(sorted, e);
      const n = sorted.length - from;
      const at = (k: number): number => sorted[from + k];
      const median = n === 0 ? null : (n % 2 ? at(n >> 1) : (at((n >> 1) - 1) + at(n >> 1)) / 2) - e;
      const spread =
        n < 2 ? 0 : (at(Math.floor(0.9 * (n - 1))) - at(Math.floor(0.1 * (n - 1)))) / (2 * NORMAL_EDGES.q90);
      return { n, median, spread };
    };
    const ordinary = rests(0);
    const current = rests(elapsed);
    // Longer than every gap seen: expect it to last about as long again.
    stallHours = Math.max(0, (current.median ?? elapsed) - (ordinary.median ?? 0));
    // How uncertain that rest is, beyond an ordinary moment's: the spread of the rests of the gaps that lasted this
    // long, or the elapsed time itself past the longest gaps seen.
    const uncertain = current.n >= 2 ? current.spread : elapsed;
    stallSpreadHours = Math.sqrt(Math.max(0, uncertain ** 2 - ordinary.spread ** 2));
  }
  const suspendedMs = input.suspendedUntil ? input.suspendedUntil.getTime() : -Infinity;
  const startMs = Math.max(nowMs + stallHours * MS_PER_HOUR, suspendedMs);
  const todayStart = Math.floor((nowMs + off * MS_PER_MINUTE) / MS_PER_DAY) * MS_PER_DAY - off * MS_PER_MINUTE;
  const callsToday = times.length - firstAtOrAfter(times, todayStart);
  return {
    schedule,
    nowMs,
    level,
    profile,
    dispersion,
    levelCv,
    startMs,
    callsToday,
    stallSpreadHours,
    drift: backtestDrift(counts, open, factorOf, prior, level, dispersion),
  };
}

/**
 * At each past hour, the level then known (same half-life and prior as the current one) against the calls of the
 * next H hours: the robust spread of log(actual / expected), less the count noise of that many calls.
 */
function backtestDrift(
  counts: Float64Array,
  open: Float64Array,
  factorOf: (b: number) => number,
  prior: number,
  level: number,
  dispersion: number,
): Float64Array {
  const bins = counts.length;
  const decay = Math.pow(0.5, 1 / ETA_LEVEL_HALF_LIFE_HOURS);
  const cumCalls = new Float64Array(bins + 1);
  const cumExpected = new Float64Array(bins + 1);
  const levelAt = new Float64Array(bins + 1);
  const weightAt = new Float64Array(bins + 1);
  let c = 0;
  let o = 0;
  for (let b = 0; b <= bins; b++) {
    levelAt[b] = (prior * PRIOR_HOURS + c) / (PRIOR_HOURS + o);
    weightAt[b] = o;
    if (b === bins) break;
    const f = open[b] * factorOf(b);
    cumCalls[b + 1] = cumCalls[b] + counts[b];
    cumExpected[b + 1] = cumExpected[b] + f;
    c = c * decay + counts[b];
    o = o * decay + f;
  }
  const buffer = new Float64Array(bins);
  return Float64Array.from(DRIFT_HORIZONS_HOURS, (h) => {
    let n = 0;
    for (let b = 0; b + h <= bins; b++) {
      const expected = levelAt[b] * (cumExpected[b + h] - cumExpected[b]);
      if (weightAt[b] < DRIFT_MIN_WEIGHT_HOURS || !(expected > 0)) continue;
      buffer[n++] = Math.log((cumCalls[b + h] - cumCalls[b] + 0.5) / (expected + 0.5));
    }
    if (n < Math.max(DRIFT_MIN_STARTS, DRIFT_MIN_WINDOWS * h)) return NaN;
    const ratios = buffer.subarray(0, n).sort(); // typed arrays sort numerically
    const at = (q: number): number => ratios[Math.round(q * (n - 1))];
    const spread = (at(0.9) - at(0.1)) / (2 * NORMAL_EDGES.q90);
    return Math.sqrt(Math.max(0, spread ** 2 - dispersion / Math.max(1, level * h)));
  });
}

/** Drift of the level over `hours`: the backtest, interpolated in log hours, else the day-to-day spread. */
function driftAt(model: CallRateModel, hours: number): number {
  const d = model.drift;
  let lo = -1;
  let hi = -1;
  if (d && hours > 0) {
    for (let i = 0; i < d.length; i++) {
      if (!Number.isFinite(d[i])) continue;
      if (DRIFT_HORIZONS_HOURS[i] <= hours || lo < 0) lo = i;
      if (DRIFT_HORIZONS_HOURS[i] >= hours && hi < 0) hi = i;
    }
  }
  if (lo < 0) return model.levelCv;
  if (hi < 0 || hi === lo || DRIFT_HORIZONS_HOURS[lo] > hours) return d![lo];
  const f = Math.log(hours / DRIFT_HORIZONS_HOURS[lo]) / Math.log(DRIFT_HORIZONS_HOURS[hi] / DRIFT_HORIZONS_HOURS[lo]);
  return d![lo] + f * (d![hi] - d![lo]);
}

/** Relative spread of the time until `position` calls, `hours` of open time away (see the model above). */
export function etaSigma(model: CallRateModel, position: number, hours = NaN): number {
  const drift = driftAt(model, hours);
  const stall = hours > 0 ? (model.stallSpreadHours ?? 0) / hours : 0;
  return Math.min(MAX_SIGMA, Math.sqrt(model.dispersion / position + (0.3 / position) ** 2 + drift ** 2 + stall ** 2));
}

/**
 * Walks the open hours from now: for each piece, its end, the open hours and the calls expected by then.
 * `until` decides when enough has been walked. The walk depends on the model only, so it is kept per model and
 * extended as far as the farthest question asked: a queue's forecasts share one walk (every answer reads the
 * first piece that reaches its target, so pieces walked beyond it change nothing).
 */
interface Step {
  t: number;
  open: number;
  calls: number;
}

const walks = new WeakMap<CallRateModel, { steps: Step[]; rest: Iterator<Step> }>();

function walk(model: CallRateModel, until: (openHours: number, calls: number, t: number) => boolean): Step[] {
  let w = walks.get(model);
  if (!w) {
    w = { steps: [{ t: model.nowMs, open: 0, calls: 0 }], rest: pieces(model) };
    walks.set(model, w);
  }
  const { steps } = w;
  for (let last = steps[steps.length - 1]; !until(last.open, last.calls, last.t);) {
    const next = w.rest.next();
    if (next.done) break;
    steps.push((last = next.value));
  }
  return steps;
}

function* pieces(model: CallRateModel): Generator<Step> {
  const { schedule, nowMs } = model;
  const off = schedule.utcOffsetMinutes;
  const closed = new Set(schedule.closedDates);
  const cap = schedule.dailyCap;
  let open = 0;
  let calls = 0;
  const today = localDay(new Date(nowMs), off);
  let day = today;
  for (let i = 0; i <= OPEN_TIME_SEARCH_DAYS; i++, day = addLocalDays(day, 1)) {
    const span = openSpanOfDay(schedule, day, closed);
    if (!span) continue;
    let dayCalls = day === today ? model.callsToday : 0;
    for (let s = Math.max(span.start.getTime(), nowMs), e = span.end.getTime(); s < e;) {
      // Pieces split at the end of a stall or suspension: calls grow linearly within each (see `reach`).
      const end = Math.min(e, hourStart(s, off) + MS_PER_HOUR, s < model.startMs ? model.startMs : Infinity);
      const hours = (end - s) / MS_PER_HOUR;
      // No call before the stall or suspension ends; none above the day's cap.
      const active = Math.max(0, (end - Math.max(s, model.startMs)) / MS_PER_HOUR);
      let expected = model.level * model.profile[hourOfWeek(s, off)] * active;
      if (cap !== null) expected = Math.max(0, Math.min(expected, cap - dayCalls));
      dayCalls += expected;
      open += hours;
      calls += expected;
      yield { t: end, open, calls };
      s = end;
    }
  }
}

/** The instant at which `key` of the walk reaches `target`, interpolated within a piece; null if never. */
function reach(steps: Step[], key: 'open' | 'calls', target: number): number | null {
  let lo = 0;
  let hi = steps.length - 1;
  if (steps[hi][key] < target) return null;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (steps[mid][key] >= target) hi = mid;
    else lo = mid;
  }
  const a = steps[lo];
  const b = steps[hi];
  const frac = (target - a[key]) / (b[key] - a[key]);
  // Within a piece, open time and calls grow linearly from its start (b.t − its open length) to its end.
  const pieceOpen = b.open - a.open;
  const start = b.t - pieceOpen * MS_PER_HOUR;
  return Math.round(start + frac * pieceOpen * MS_PER_HOUR);
}

export interface QueueEtaForecast extends EtaEstimate {
  /** The uncalibrated median and spread, kept to score this forecast later (eta-calibration.ts). */
  rawP50: Date;
  sigma: number;
}

/**
 * {p10, p50, p90} of the call of the vehicle at `position` (1 = next), from a learned call rate and the gate's
 * calibration. Never before now nor the vehicle's window. Null when no call can be expected within
 * OPEN_TIME_SEARCH_DAYS (no rate, or a gate that never opens).
 */
export function forecastQueueEta(
  model: CallRateModel,
  position: number,
  opts: { windowStart?: Date | null; calibration?: EtaCalibration | null } = {},
): QueueEtaForecast | null {
  if (!Number.isInteger(position) || position < 1)
    throw new RangeError(`position must be an integer ≥ 1, got ${position}`);
  if (!(model.level > 0)) return null;
  const steps = walk(model, (_, calls) => calls >= position);
  const rawMs = reach(steps, 'calls', position);
  if (rawMs === null) return null;
  const rawOpen = openHoursTo(steps, rawMs);
  const sigma = etaSigma(model, position, rawOpen);
  const calibrated = opts.calibration ? calibrationFor(opts.calibration, rawOpen) : null;
  const scale = calibrated ? 1 : sigma;
  const z = calibrated ?? NORMAL_EDGES;
  const [t10, t50, t90] = [z.q10, z.q50, z.q90].map((q) => rawOpen * Math.exp(scale * q));
  const floor = Math.max(model.nowMs, opts.windowStart?.getTime() ?? -Infinity);
  // In open hours from now: nothing before the floor, and p10 < p50 < p90 by at least the minimum spread.
  const gap = ETA_MIN_SPREAD_MINUTES / 60;
  const toFloor = floor > steps[steps.length - 1].t ? walk(model, (_o, _c, t) => t >= floor) : steps;
  const floorOpen = floor > model.nowMs ? openHoursTo(toFloor, floor) : 0;
  const o10 = Math.max(t10, floorOpen);
  // At least `min`, `x` itself from min + gap/2 on, and still increasing with x below: where the floor clamps,
  // two trucks never share a range.
  const atLeast = (x: number, min: number): number =>
    x >= min + gap / 2 ? x : min + (gap / 2) * Math.exp((x - min) / (gap / 2) - 1);
  const o50 = atLeast(t50, o10 + gap);
  const o90 = atLeast(t90, o50 + gap);
  const more = steps[steps.length - 1].open >= o90 ? steps : walk(model, (o) => o >= o90);
  // A p90 past the search horizon is shown as its end (the median is within it: the range is still worth showing).
  const last = more[more.length - 1].open;
  const [p10, p50, p90] = [o10, o50, o90 > last && o50 + gap <= last ? last : o90].map((h) => reach(more, 'open', h));
  if (p10 === null || p50 === null || p90 === null) return null;
  // A floor in closed hours (a window opening before the gate does) is kept as it is: the vehicle may come then.
  const a = Math.max(p10, floor);
  const b = Math.max(p50, a + 1);
  return { p10: new Date(a), p50: new Date(b), p90: new Date(Math.max(p90, b + 1)), rawP50: new Date(rawMs), sigma };
}

/** Open hours from the walk's start to instant `ms` inside it. */
function openHoursTo(steps: Step[], ms: number): number {
  for (let i = 1; i < steps.length; i++) {
    if (steps[i].t >= ms) {
      const pieceOpen = steps[i].open - steps[i - 1].open;
      const start = steps[i].t - pieceOpen * MS_PER_HOUR;
      return steps[i - 1].open + Math.max(0, (ms - start) / MS_PER_HOUR);
    }
  }
  return steps[steps.length - 1].open;
}
