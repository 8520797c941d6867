import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DIRECTIONS, type HistogramBin, type RollupBlock } from '#libs/domain/src/index.js';
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

interface CountRow {
  period: string;
  gate: string;
  direction: string;
  metric: string;
  n: number;
}

interface BinRow extends HistogramBin {
  key: string;
}

interface BucketRow {
  key: string;
  bucket: number;
  n: number;
}

interface ResponseBinRow extends HistogramBin {
  kind: string;
  agency: string;
  officer: string;
  console: string;
}

interface ResponseBucketRow {
  kind: string;
  agency: string;
  officer: string;
  console: string;
  bucket: number;
  n: number;
}

interface QueueRow {
  hour: Date;
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

const LANE = `($3::text IS NULL OR gate = $3) AND ($4::text IS NULL OR direction = $4)`;

/**
 * The roll-up rows of a filter ($3 gate, $4 direction, `gates` the lanes' gates for a direction alone): the
 * all-lanes rows ('*') when neither is given, else the lanes' own rows. Every column before the block is an
 * equality or a list, so each block reads one stretch of the primary key.
 */
function rollupLane(f: Filter, gates: string): string {
  if (f.gate && f.direction) return `gate = $3 AND direction = $4`;
  if (f.gate) return `gate = $3 AND direction IN (${DIRECTIONS.map((d) => `'${d}'`).join(', ')}) AND $4::text IS NULL`;
  if (f.direction) return `gate = ANY(${gates}::text[]) AND direction = $4 AND $3::text IS NULL`;
  return `gate = '*' AND direction = '*' AND $3::text IS NULL AND $4::text IS NULL`;
}

const blockColumns = (blocks: readonly RollupBlock[]) => [blocks.map((b) => b.span), blocks.map((b) => b.start)];

/** Reads of the projections: each query touches one table's rows of the range, never the events. */
@Injectable()
export class StatsRepository {
  constructor(@InjectDataSource(STATISTICS_DB) private readonly ds: DataSource) {}

  counts(f: Filter, by: 'hour' | 'day'): Promise<CountRow[]> {
    const period =
      by === 'hour'
        ? `to_char(hour AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:00:00.000"Z"')`
        : `to_char(hour AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD')`;
    return this.ds.query<CountRow[]>(
      `SELECT ${period} AS period, gate, direction, metric, sum(n)::int AS n
         FROM stat_counts
        WHERE category = $5 AND hour >= $1 AND hour < $2 AND ${LANE}
        GROUP BY 1, gate, direction, metric ORDER BY 1, gate, direction`,
      [f.fromHour, f.toHour, f.gate, f.direction, f.category],
    );
  }

  /** The segments' merged histograms: one row per segment and second. */
  durations(f: Filter): Promise<BinRow[]> {
    return this.ds.query<BinRow[]>(
      `SELECT segment AS key, seconds, sum(n)::int AS n
         FROM stat_durations
        WHERE category = $5 AND day BETWEEN $1::date AND $2::date AND ${LANE}
        GROUP BY segment, seconds`,
      [f.fromDay, f.toDay, f.gate, f.direction, f.category],
    );
  }

  /** The same from the roll-ups over the blocks that cover the range: one row per segment and bucket. */
  async durationRollups(f: Filter, blocks: readonly RollupBlock[]): Promise<BucketRow[]> {
    return this.ds.query<BucketRow[]>(
      `SELECT segment AS key, bucket, sum(n)::int AS n
         FROM stat_duration_rollups JOIN unnest($1::smallint[], $2::date[]) b(span, start) USING (span, start)
        WHERE category = $5 AND ${rollupLane(f, '$6')}
        GROUP BY segment, bucket`,
      [...blockColumns(blocks), f.gate, f.direction, f.category, ...(await this.laneGates(f))],
    );
  }

  responses(f: Filter): Promise<ResponseBinRow[]> {
    return this.ds.query<ResponseBinRow[]>(
      `SELECT kind, agency, officer, console, seconds, sum(n)::int AS n
         FROM stat_responses
        WHERE day BETWEEN $1::date AND $2::date AND ${LANE}
        GROUP BY kind, agency, officer, console, seconds`,
      [f.fromDay, f.toDay, f.gate, f.direction],
    );
  }

  async responseRollups(f: Filter, blocks: readonly RollupBlock[]): Promise<ResponseBucketRow[]> {
    return this.ds.query<ResponseBucketRow[]>(
      `SELECT kind, agency, officer, console, bucket, sum(n)::int AS n
         FROM stat_response_rollups JOIN unnest($1::smallint[], $2::date[]) b(span, start) USING (span, start)
        WHERE ${rollupLane(f, '$5')}
        GROUP BY kind, agency, officer, console, bucket`,
      [...blockColumns(blocks), f.gate, f.direction, ...(await this.laneGates(f))],
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
      `SELECT hour, gate, direction, max_waiting, max_oldest_seconds FROM stat_queue_hours
        WHERE hour >= $1 AND hour < $2 AND ${LANE} ORDER BY hour, gate, direction`,
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
