import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  bucketValue,
  COARSE_BUCKETS,
  DIRECTIONS,
  FINE_BUCKETS,
  RESPONSE_HISTOGRAM_EDGES,
  type RollupBlock,
  STAT_PERCENTILES,
  sketchBucket,
} from '#libs/domain/src/index.js';
import { STATISTICS_DB } from '../database/statistics-database.js';

/** The filters as the queries take them: an instant range for hours, a day range for days. */
export interface Filter {
  fromDay: string;
  toDay: string;
  fromHour: Date;
  /** Exclusive. */
  toHour: Date;
  gate: string | null;
  direction: string | null;
  category: string;
}

/** A period's counts in one lane: `n[i]` of `metrics[i]`. */
interface CountRow {
  period: string;
  gate: string;
  direction: string;
  metrics: string[];
  n: number[];
}

/** A group's distribution as the database computes it, and its display bands when asked for. */
export interface DistributionRow {
  n: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  bands?: number[];
}

export interface SegmentDistributionRow extends DistributionRow {
  segment: string;
}

interface ResponseGroup {
  kind: string;
  agency: string;
  officer: string;
  console: string;
}

export interface ResponseDistributionRow extends DistributionRow, ResponseGroup {}

/** A group's second-wide histogram: `n[i]` observations took `seconds[i]` (a value may repeat). */
export interface HistogramRow {
  seconds: number[];
  n: number[];
}

export interface SegmentHistogramRow extends HistogramRow {
  segment: string;
}

export interface ResponseHistogramRow extends HistogramRow, ResponseGroup {}

interface QueueRow {
  /** ISO 8601, UTC. */
  hour: string;
  gate: string;
  direction: string;
  max_waiting: number;
  max_oldest_seconds: number;
}

interface WaitingRow {
  gate: string;
  direction: string;
  waiting: number;
  oldest: Date | null;
}

interface HourlyRow {
  hour: Date;
  gate: string;
  direction: string;
  checked_in: number;
  crossed: number;
  max_waiting: number;
  max_oldest_seconds: number;
  waits: number;
  wait_seconds: string;
}

/** An hour's start as JSON writes an instant (`Date.toISOString`). */
const UTC_HOUR = `to_char(hour AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:00:00.000"Z"')`;

const LANE = `($3::text IS NULL OR gate = $3) AND ($4::text IS NULL OR direction = $4)`;

const ALL_LANES = `gate = '*' AND direction = '*' AND $3::text IS NULL AND $4::text IS NULL`;

/**
 * Each group's second-wide histogram over a filter's days and lanes ($1 first day, $2 last, $3 gate, $4
 * direction) as two arrays, values and counts, in no given order and a value possibly repeated (one per lane
 * or day): `distributionOf` merges them. The rows of all lanes ('*') are read when no lane is asked for, else
 * the lanes' own. A single day of all lanes comes along the primary key grouped already, so the database
 * only gathers the rows; summing them per second and ranking them there took five times longer (timed in
 * psql on the 34,000 response rows of a peak day).
 */
function histogramArrays(f: Filter, table: string, keys: string, where = 'true'): string {
  const days = f.fromDay === f.toDay ? 'day = $1::date AND day = $2::date' : 'day BETWEEN $1::date AND $2::date';
  return `SELECT ${keys}, array_agg(seconds) AS seconds, array_agg(n) AS n FROM ${table}
     WHERE ${where} AND ${days} AND ${f.gate || f.direction ? `gate <> '*' AND ${LANE}` : ALL_LANES}
     GROUP BY ${keys}`;
}

/**
 * The roll-up rows of a filter ($3 gate, $4 direction, `gates` the lanes' gates for a direction alone): the
 * all-lanes rows ('*') when neither is given, else the lanes' own rows. Every column before the block is an
 * equality or a list, so each block reads one stretch of the primary key.
 */
function rollupLane(f: Filter, gates: string): string {
  if (f.gate && f.direction) return `gate = $3 AND direction = $4`;
  if (f.gate) return `gate = $3 AND direction IN (${DIRECTIONS.map((d) => `'${d}'`).join(', ')}) AND $4::text IS NULL`;
  if (f.direction) return `gate = ANY(${gates}::text[]) AND direction = $4 AND $3::text IS NULL`;
  return ALL_LANES;
}

const blockColumns = (blocks: readonly RollupBlock[]) => [blocks.map((b) => b.span), blocks.map((b) => b.start)];

/** The seconds each roll-up bucket stands for (`bucketValue`), indexed by bucket + 1, up to the longest int. */
const bucketValues = (bits: number) =>
  Array.from({ length: sketchBucket(2 ** 31 - 1, bits) + 1 }, (_, bucket) => bucketValue(bucket, bits));
const FINE_VALUES = bucketValues(FINE_BUCKETS);
const COARSE_VALUES = bucketValues(COARSE_BUCKETS);

/**
 * Each group's nearest-rank percentiles (`distributionOf`: the smallest value with at least ⌈p·n/100⌉
 * observations at or below it, i.e. 100·below ≥ p·n), its maximum and, with `bands`, how many observations
 * fall in each display band (`histogramOf`), computed where the roll-ups' rows are: only one row per group
 * leaves the database. `bins` yields the `keys`, `seconds` and `n` of the merged histogram, one row per value.
 */
function distributions(bins: string, keys: string, bands: boolean): string {
  const edges = RESPONSE_HISTOGRAM_EDGES;
  const band = (i: number) =>
    `coalesce(sum(n) FILTER (WHERE ${[i > 0 && `seconds >= ${edges[i]}`, i + 1 < edges.length && `seconds < ${edges[i + 1]}`].filter(Boolean).join(' AND ')}), 0)::int`;
  return `WITH bins AS (${bins}),
    ranked AS (
      SELECT ${keys}, seconds, n, sum(n) OVER (PARTITION BY ${keys} ORDER BY seconds) AS below,
             sum(n) OVER (PARTITION BY ${keys}) AS total
        FROM bins)
    SELECT ${keys}, max(total)::int AS n,
           ${STAT_PERCENTILES.map((p) => `min(seconds) FILTER (WHERE 100 * below >= ${p} * total) AS p${p}`).join(', ')},
           max(seconds) AS max${bands ? `, ARRAY[${edges.map((_, i) => band(i)).join(', ')}] AS bands` : ''}
      FROM ranked GROUP BY ${keys}`;
}

const RESPONSE_KEYS = 'kind, agency, officer, console';

/** Reads of the projections: each query touches one table's rows of the range, never the events. */
@Injectable()
export class StatsRepository {
  constructor(@InjectDataSource(STATISTICS_DB) private readonly ds: DataSource) {}

  /**
   * Per hour from the hourly counts, per day from the daily ones; one row per period and lane, its metrics
   * gathered by the database (a week by hour is 8,000 rows of one metric each).
   */
  counts(f: Filter, by: 'hour' | 'day'): Promise<CountRow[]> {
    if (by === 'day')
      return this.ds.query<CountRow[]>(
        `SELECT to_char(day, 'YYYY-MM-DD') AS period, gate, direction, array_agg(metric) AS metrics, array_agg(n) AS n
           FROM stat_count_days
          WHERE category = $5 AND day BETWEEN $1::date AND $2::date AND ${LANE}
          GROUP BY day, gate, direction ORDER BY day, gate, direction`,
        [f.fromDay, f.toDay, f.gate, f.direction, f.category],
      );
    return this.ds.query<CountRow[]>(
      `SELECT ${UTC_HOUR} AS period, gate, direction, array_agg(metric) AS metrics, array_agg(n) AS n
         FROM stat_counts
        WHERE category = $5 AND hour >= $1 AND hour < $2 AND ${LANE}
        GROUP BY hour, gate, direction ORDER BY hour, gate, direction`,
      [f.fromHour, f.toHour, f.gate, f.direction, f.category],
    );
  }

  /** Each segment's second-wide histogram over the range, for exact percentiles. */
  durations(f: Filter): Promise<SegmentHistogramRow[]> {
    return this.ds.query<SegmentHistogramRow[]>(histogramArrays(f, 'stat_durations', 'segment', 'category = $5'), [
      f.fromDay,
      f.toDay,
      f.gate,
      f.direction,
      f.category,
    ]);
  }

  /** The same from the roll-ups over the blocks that cover the range, each bucket at its middle. */
  async durationRollups(f: Filter, blocks: readonly RollupBlock[]): Promise<SegmentDistributionRow[]> {
    return this.ds.query<SegmentDistributionRow[]>(
      distributions(
        `SELECT segment, ($6::int[])[bucket + 1] AS seconds, sum(n) AS n
           FROM stat_duration_rollups JOIN unnest($1::smallint[], $2::date[]) b(span, start) USING (span, start)
          WHERE category = $5 AND ${rollupLane(f, '$7')}
          GROUP BY segment, bucket`,
        'segment',
        false,
      ),
      [...blockColumns(blocks), f.gate, f.direction, f.category, FINE_VALUES, ...(await this.laneGates(f))],
    );
  }

  /** Each agency's, console's and officer's second-wide histogram of answers over the range. */
  responses(f: Filter): Promise<ResponseHistogramRow[]> {
    return this.ds.query<ResponseHistogramRow[]>(histogramArrays(f, 'stat_responses', RESPONSE_KEYS), [
      f.fromDay,
      f.toDay,
      f.gate,
      f.direction,
    ]);
  }

  async responseRollups(f: Filter, blocks: readonly RollupBlock[]): Promise<ResponseDistributionRow[]> {
    return this.ds.query<ResponseDistributionRow[]>(
      distributions(
        // An agency's rows in fine buckets, an officer's or a console's in coarse ones (responseBuckets).
        `SELECT ${RESPONSE_KEYS}, (CASE WHEN officer = '' AND console = '' THEN $5::int[] ELSE $6::int[] END)[bucket + 1] AS seconds,
                sum(n) AS n
           FROM stat_response_rollups JOIN unnest($1::smallint[], $2::date[]) b(span, start) USING (span, start)
          WHERE ${rollupLane(f, '$7')}
          GROUP BY ${RESPONSE_KEYS}, bucket`,
        RESPONSE_KEYS,
        true,
      ),
      [...blockColumns(blocks), f.gate, f.direction, FINE_VALUES, COARSE_VALUES, ...(await this.laneGates(f))],
    );
  }

  /**
   * The last parameter of a roll-up query filtered by a direction alone: the gates it spans (every gate whose
   * queue was ever seen). No parameter otherwise.
   */
  private async laneGates(f: Filter): Promise<[string[]] | []> {
    if (f.gate || !f.direction) return [];
    const rows = await this.ds.query<{ gate: string }[]>('SELECT DISTINCT gate FROM stat_queue_hours');
    return [rows.map((r) => r.gate)];
  }

  queue(f: Filter): Promise<QueueRow[]> {
    return this.ds.query<QueueRow[]>(
      // The hour as the view writes it: thousands of rows a month, each parsed into a Date and back otherwise.
      `SELECT ${UTC_HOUR} AS hour, gate, direction, max_waiting, max_oldest_seconds FROM stat_queue_hours
        WHERE hour >= $1 AND hour < $2 AND ${LANE} ORDER BY stat_queue_hours.hour, gate, direction`,
      [f.fromHour, f.toHour, f.gate, f.direction],
    );
  }

  /** Vehicles waiting in the yard now, per gate and direction, and since when the longest has waited. */
  waitingNow(): Promise<WaitingRow[]> {
    return this.ds.query<WaitingRow[]>(
      `SELECT gate, direction, count(*)::int AS waiting, min(checked_in_at) AS oldest
         FROM stat_entries WHERE status = 'CHECKED_IN' GROUP BY gate, direction ORDER BY gate, direction`,
    );
  }

  /** Per hour, gate and direction: check-ins, crossings, the queue's peaks and the summed waits. */
  hourly(from: Date, to: Date, gate: string | null, direction: string | null): Promise<HourlyRow[]> {
    return this.ds.query<HourlyRow[]>(
      `WITH c AS (
         SELECT hour, gate, direction,
                coalesce(sum(n) FILTER (WHERE metric = 'CHECKED_IN'), 0)::int AS checked_in,
                coalesce(sum(n) FILTER (WHERE metric = 'CROSSED'), 0)::int AS crossed
           FROM stat_counts WHERE category = '*' AND metric IN ('CHECKED_IN', 'CROSSED')
            AND hour >= $1 AND hour < $2 AND ${LANE} GROUP BY hour, gate, direction)
       SELECT hour, gate, direction, coalesce(c.checked_in, 0) AS checked_in, coalesce(c.crossed, 0) AS crossed,
              coalesce(q.max_waiting, 0) AS max_waiting, coalesce(q.max_oldest_seconds, 0) AS max_oldest_seconds,
              coalesce(w.n, 0) AS waits, coalesce(w.seconds, 0) AS wait_seconds
         FROM c
         FULL JOIN (SELECT * FROM stat_queue_hours WHERE hour >= $1 AND hour < $2 AND ${LANE}) q USING (hour, gate, direction)
         FULL JOIN (SELECT * FROM stat_waits WHERE hour >= $1 AND hour < $2 AND ${LANE}) w USING (hour, gate, direction)
        ORDER BY hour, gate, direction`,
      [from, to, gate, direction],
    );
  }
}
