import { addLocalDays, isValidLocalDate } from '../slots/local-time.js';
import type { HistogramBin } from './statistics.js';

// Roll-ups for long ranges. A day's durations are kept to the second (exact percentiles), but summing a
// second-wide histogram over 90 days reads millions of rows. The roll-ups keep the same observations in
// logarithmic buckets (exact below 64 s, then 32 buckets per doubling: each bucket is at most 1/32 of its
// value wide, so a percentile read from its middle is within 1/64 ≈ 1.6 % of the exact one; coarser for the
// many rows of officers and consoles, below) and in blocks
// of 1, 4, 16 and 64 days aligned on the calendar, so any range is a handful of blocks: at most 3 of each
// smaller size at either end, and whole 64-day blocks between.

/**
 * How finely a roll-up buckets: 2^bits buckets per doubling, each value below twice that its own bucket; a
 * percentile read from a bucket's middle is within 1/2^(bits+1) of the exact one. The segments and each
 * agency as a whole are bucketed finely (32 per doubling, within 1/64 ≈ 1.6 %); each officer's and each
 * console's answers coarsely (4 per doubling, within 1/8), which their minute-wide figures and display bands
 * do not need finer, and which keeps a 90-day read of a hundred officers and consoles to a few rows each.
 */
export const FINE_BUCKETS = 5;
export const COARSE_BUCKETS = 2;

/** The logarithmic bucket of a duration in whole seconds. */
export function sketchBucket(seconds: number, bits = FINE_BUCKETS): number {
  const sub = 2 ** bits;
  const s = Math.max(0, Math.floor(seconds));
  if (s < 2 * sub) return s;
  const shift = Math.floor(Math.log2(s)) - bits;
  // log2 of a float can land a hair below an exact power of two: correct it from the integer itself.
  const exact = s >= 2 ** (shift + bits + 1) ? shift + 1 : s < 2 ** (shift + bits) ? shift - 1 : shift;
  return sub * exact + Math.floor(s / 2 ** exact);
}

/** The seconds a bucket covers: [from, from + width). */
export function bucketRange(bucket: number, bits = FINE_BUCKETS): { from: number; width: number } {
  const sub = 2 ** bits;
  if (bucket < 2 * sub) return { from: bucket, width: 1 };
  const shift = Math.floor(bucket / sub) - 1;
  return { from: (bucket - sub * shift) * 2 ** shift, width: 2 ** shift };
}

/** The value a bucket stands for in percentiles: its middle, in whole seconds. */
export function bucketValue(bucket: number, bits = FINE_BUCKETS): number {
  const { from, width } = bucketRange(bucket, bits);
  return from + Math.floor((width - 1) / 2);
}

/** Bucketed bins as second-valued bins, for `distributionOf`. */
export function binsOfBuckets(rows: readonly { bucket: number; n: number }[], bits = FINE_BUCKETS): HistogramBin[] {
  return rows.map((r) => ({ seconds: bucketValue(r.bucket, bits), n: r.n }));
}

/** The buckets of a response-time row: fine for an agency as a whole, coarse per officer or console. */
export const responseBuckets = (row: { officer: string; console: string }): number =>
  row.officer || row.console ? COARSE_BUCKETS : FINE_BUCKETS;

/** The block sizes the roll-ups keep, in days, largest first. */
export const ROLLUP_SPANS = [64, 16, 4, 1] as const;
export type RollupSpan = (typeof ROLLUP_SPANS)[number];

/** One block of a roll-up: `span` days from `start` (a Vietnam calendar day). */
export interface RollupBlock {
  span: RollupSpan;
  start: string;
}

const MS_PER_DAY = 86_400_000;
const dayIndex = (day: string) => Math.round(Date.parse(`${day}T00:00:00Z`) / MS_PER_DAY);

/** The block of each size that contains a day: what one observation of that day adds to. */
export function rollupBlocksOf(day: string): RollupBlock[] {
  const i = dayIndex(day);
  return ROLLUP_SPANS.map((span) => ({ span, start: addLocalDays(day, -(((i % span) + span) % span)) }));
}

/** The fewest aligned blocks that cover the days from `fromDay` to `toDay` (both included) exactly. */
export function rollupCover(fromDay: string, toDay: string): RollupBlock[] {
  if (!isValidLocalDate(fromDay) || !isValidLocalDate(toDay) || fromDay > toDay) return [];
  const out: RollupBlock[] = [];
  const last = dayIndex(toDay);
  let day = fromDay;
  let i = dayIndex(day);
  while (i <= last) {
    const span = ROLLUP_SPANS.find((s) => i % s === 0 && i + s - 1 <= last) ?? 1;
    out.push({ span, start: day });
    day = addLocalDays(day, span);
    i += span;
  }
  return out;
}

/**
 * Display bins of a response-time histogram, in seconds (the last is open): under a minute, then minutes,
 * quarter and half hours, hours.
 */
export const RESPONSE_HISTOGRAM_EDGES = [0, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14_400] as const;

/** How many observations of `bins` fall in each display bin of `edges`. */
export function histogramOf(
  bins: readonly HistogramBin[],
  edges: readonly number[] = RESPONSE_HISTOGRAM_EDGES,
): { fromSeconds: number; toSeconds: number | null; n: number }[] {
  const out = edges.map((from, i) => ({ fromSeconds: from, toSeconds: edges[i + 1] ?? null, n: 0 }));
  for (const b of bins) {
    let i = edges.length - 1;
    while (i > 0 && b.seconds < edges[i]) i--;
    out[i].n += b.n;
  }
  return out;
}
