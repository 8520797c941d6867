import { MS_PER_MINUTE, VIETNAM_UTC_OFFSET_MINUTES } from '../slots/local-time.js';

// The leadership statistics' arithmetic: which hour and day an instant counts in (Vietnam time), how long a
// segment lasted, and percentiles from second-wide histograms, which merge by adding counts and give each
// percentile exactly to the second.

/** The segments of a vehicle's way through the gate, in order. */
export const SEGMENTS = [
  'DECLARED_TO_ACCEPTED',
  'CHECKED_IN_TO_CALLED',
  'CALLED_TO_AT_GATE',
  'AT_GATE_TO_CUSTOMS',
  'AT_GATE_TO_BORDER_GUARD',
  'AT_GATE_TO_CROSSED',
] as const;
export type Segment = (typeof SEGMENTS)[number];

/** What the statistics count, per gate, direction and hour. */
export const STAT_METRICS = [
  'DECLARED',
  'ACCEPTED',
  'REJECTED',
  'CHECKED_IN',
  'CALLED',
  'ARRIVED',
  'CROSSED',
  'TURNED_BACK',
  'NO_SHOW',
  'HELD',
  'RELEASED',
  'CANCELLED',
] as const;
export type StatMetric = (typeof STAT_METRICS)[number];

/** An officer's answer the statistics time: a call answered by a confirmation, a hold ended by a release. */
export const RESPONSE_KINDS = ['CALL_TO_CONFIRMATION', 'HOLD_TO_RELEASE'] as const;
export type ResponseKind = (typeof RESPONSE_KINDS)[number];

/** The percentiles the dashboard and the open data show. */
export const STAT_PERCENTILES = [50, 90, 99] as const;

const MS_PER_HOUR = 60 * MS_PER_MINUTE;

/** The start (a UTC instant) of the Vietnam-time hour that contains `instant`; hours are whole in UTC too. */
export function vietnamHour(instant: Date): Date {
  return new Date(Math.floor(instant.getTime() / MS_PER_HOUR) * MS_PER_HOUR);
}

/** The Vietnam calendar day ('YYYY-MM-DD') that contains `instant`. */
export function vietnamDay(instant: Date): string {
  return new Date(instant.getTime() + VIETNAM_UTC_OFFSET_MINUTES * MS_PER_MINUTE).toISOString().slice(0, 10);
}

/** The hour of the Vietnam day (0–23) that contains `instant`. */
export function vietnamHourOfDay(instant: Date): number {
  return new Date(instant.getTime() + VIETNAM_UTC_OFFSET_MINUTES * MS_PER_MINUTE).getUTCHours();
}

/** Whole seconds from `from` to `to`, never negative (a confirmation given before arrival took no gate time). */
export function segmentSeconds(from: Date, to: Date): number {
  return Math.max(0, Math.floor((to.getTime() - from.getTime()) / 1000));
}

/** One bin of a histogram: `n` observations of `seconds`. */
export interface HistogramBin {
  seconds: number;
  n: number;
}

export interface Distribution {
  n: number;
  p50: number | null;
  p90: number | null;
  p99: number | null;
  max: number | null;
}

/**
 * Nearest-rank percentiles of merged bins (in any order, a value may appear in several bins): the p-th
 * percentile is the smallest value with at least ⌈p·n/100⌉ observations at or below it.
 */
export function distributionOf(bins: readonly HistogramBin[]): Distribution {
  // Bins of the same value need no merging: walked in order of value, the count crosses a rank on one of
  // them. Bins that come sorted (a day's histogram in its key's order) sort in a single pass.
  const sorted = bins.filter((b) => b.n > 0).sort((a, b) => a.seconds - b.seconds);
  const n = sorted.reduce((s, b) => s + b.n, 0);
  const out: Distribution = { n, p50: null, p90: null, p99: null, max: null };
  if (n === 0) return out;
  const ranks = STAT_PERCENTILES.map((p) => Math.max(1, Math.ceil((p * n) / 100)));
  const found: number[] = [];
  let seen = 0;
  for (const { seconds, n: c } of sorted) {
    seen += c;
    while (found.length < ranks.length && seen >= ranks[found.length]) found.push(seconds);
  }
  [out.p50, out.p90, out.p99] = found;
  out.max = sorted[sorted.length - 1].seconds;
  return out;
}

/** The same percentiles of raw observations (what the histogram must agree with). */
export function distributionOfValues(values: readonly number[]): Distribution {
  return distributionOf(values.map((v) => ({ seconds: Math.floor(v), n: 1 })));
}
