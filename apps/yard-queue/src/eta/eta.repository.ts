import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Direction, EtaRecord } from '#libs/domain/src/index.js';
import { YARD_QUEUE_DB } from '../database/yard-queue-database.js';
import type { EtaAccuracyView, EtaRangeAccuracyView } from './dto/eta-accuracy.dto.js';
import { EtaForecastEntity } from './eta.entities.js';

/** An estimate as shown for a waiting vehicle: what the next one is compared with. */
export interface ShownEta {
  p10: Date;
  p50: Date;
  p90: Date;
  position: number;
  basis: string;
}

export type NewForecast = Omit<EtaForecastEntity, 'id' | 'calledAt' | 'withdrawnAt'>;

interface ShownRow {
  entry_id: string;
  p10: Date;
  p50: Date;
  p90: Date;
  position: number;
  basis: string;
}

/** Scored estimates' figures, for the rows a FROM and GROUP BY give (`f` the estimates). */
const SCORES = `count(*)::int AS scored,
  avg((f.called_at BETWEEN f.p10 AND f.p90)::int)::float8 AS coverage,
  percentile_cont(0.5) WITHIN GROUP (ORDER BY abs(extract(epoch FROM f.called_at - f.p50))) / 3600 AS mae_h,
  percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM f.called_at - f.p50)) / 3600 AS bias_h`;

interface ScoresSqlRow {
  gate: string;
  direction: Direction;
  scored: number;
  coverage: number | null;
  mae_h: number | null;
  bias_h: number | null;
}

const scoresOf = (r: ScoresSqlRow): EtaRangeAccuracyView => ({
  gate: r.gate,
  direction: r.direction,
  scored: r.scored,
  coverage: r.coverage,
  medianAbsErrorHours: r.mae_h,
  biasHours: r.bias_h,
});

interface AccuracySqlRow {
  gate: string;
  direction: Direction;
  period: 'day' | 'week';
  scored: number;
  coverage: number | null;
  mae_h: number | null;
  bias_h: number | null;
}

/** The latest estimate of each entry, still open (neither called nor withdrawn). */
const SHOWN_SQL = `SELECT DISTINCT ON (entry_id) entry_id, p10, p50, p90, position, basis, called_at, withdrawn_at
  FROM eta_forecasts WHERE entry_id = ANY($1) ORDER BY entry_id, id DESC`;

/** The ETA's rows inside a gate's change (see QueueTx): calls, and estimates as shown and as scored. */
export class EtaTx {
  constructor(
    private readonly em: EntityManager,
    private readonly gate: string,
  ) {}

  async recordCall(entryId: string, direction: Direction, at: Date): Promise<void> {
    // With the closing of its forecasts for scoring, in one statement.
    await this.em.query(
      `WITH call AS (INSERT INTO gate_calls (gate, direction, entry_id, called_at) VALUES ($3, $4, $1, $2))
       UPDATE eta_forecasts SET called_at = $2 WHERE entry_id = $1 AND called_at IS NULL AND withdrawn_at IS NULL`,
      [entryId, at, this.gate, direction],
    );
  }

  /** The vehicle left the waiting queue without being called: its estimates are not scored. */
  async withdrawForecasts(entryId: string, at: Date): Promise<void> {
    await this.em.query(
      `UPDATE eta_forecasts SET withdrawn_at = $2 WHERE entry_id = $1 AND called_at IS NULL AND withdrawn_at IS NULL`,
      [entryId, at],
    );
  }

  /** Calls of a lane after the call `afterId` (ids grow in commit order under the lane's lock) and since `since`. */
  async callsAfter(direction: Direction, afterId: number, since: Date): Promise<{ id: number; at: number }[]> {
    const rows = await this.em.query<{ id: string; called_at: Date }[]>(
      `SELECT id, called_at FROM gate_calls WHERE gate = $1 AND direction = $2 AND id > $3 AND called_at >= $4 ORDER BY id`,
      [this.gate, direction, afterId, since],
    );
    return rows.map((r) => ({ id: Number(r.id), at: r.called_at.getTime() }));
  }

  /** The lane's estimates made since `since` that were not withdrawn, with their outcome if known. */
  async outcomes(direction: Direction, since: Date): Promise<EtaRecord[]> {
    const rows = await this.em.query<{ made_at: Date; raw_p50: Date; sigma: number; called_at: Date | null }[]>(
      `SELECT made_at, raw_p50, sigma, called_at FROM eta_forecasts
       WHERE gate = $1 AND direction = $2 AND made_at >= $3 AND withdrawn_at IS NULL`,
      [this.gate, direction, since],
    );
    return rows.map((r) => ({ madeAt: r.made_at, rawP50: r.raw_p50, sigma: r.sigma, calledAt: r.called_at }));
  }

  shown(entryIds: readonly string[]): Promise<Map<string, ShownEta>> {
    return shownOf(this.em, entryIds);
  }

  async record(forecasts: readonly NewForecast[]): Promise<void> {
    for (let i = 0; i < forecasts.length; i += 500)
      await this.em.insert(EtaForecastEntity, forecasts.slice(i, i + 500));
  }
}

async function shownOf(em: EntityManager, entryIds: readonly string[]): Promise<Map<string, ShownEta>> {
  if (entryIds.length === 0) return new Map();
  const rows = await em.query<(ShownRow & { called_at: Date | null; withdrawn_at: Date | null })[]>(SHOWN_SQL, [
    [...entryIds],
  ]);
  return new Map(
    rows
      .filter((r) => !r.called_at && !r.withdrawn_at)
      .map((r) => [r.entry_id, { p10: r.p10, p50: r.p50, p90: r.p90, position: r.position, basis: r.basis }]),
  );
}

/** Reads outside a change: the shown estimates of a listing, the accuracy figures. */
@Injectable()
export class EtaRepository {
  constructor(@InjectDataSource(YARD_QUEUE_DB) private readonly ds: DataSource) {}

  within(em: EntityManager, gate: string): EtaTx {
    return new EtaTx(em, gate);
  }

  shown(entryIds: readonly string[]): Promise<Map<string, ShownEta>> {
    return shownOf(this.ds.manager, entryIds);
  }

  /**
   * Per gate and direction, the estimates whose vehicle was called in the last day and week: the share called
   * inside [p10, p90], the median of |called − p50| and of (called − p50), in hours.
   */
  accuracy(now: Date): Promise<EtaAccuracyView[]> {
    return this.ds
      .query<AccuracySqlRow[]>(
        `SELECT f.gate, f.direction, p.period, ${SCORES}
         FROM eta_forecasts f
         JOIN (VALUES ('day', interval '1 day'), ('week', interval '7 days')) AS p(period, span)
           ON f.called_at >= $1::timestamptz - p.span AND f.called_at <= $1::timestamptz
         GROUP BY f.gate, f.direction, p.period ORDER BY f.gate, f.direction, p.period`,
        [now],
      )
      .then((rows) => rows.map((r) => ({ ...scoresOf(r), period: r.period })));
  }

  /** The same per gate and direction, over the estimates whose vehicle was called in [from, to). */
  async accuracyBetween(from: Date, to: Date): Promise<EtaRangeAccuracyView[]> {
    const rows = await this.ds.query<ScoresSqlRow[]>(
      `SELECT f.gate, f.direction, ${SCORES} FROM eta_forecasts f
        WHERE f.called_at >= $1 AND f.called_at < $2 GROUP BY f.gate, f.direction ORDER BY f.gate, f.direction`,
      [from, to],
    );
    return rows.map(scoresOf);
  }

  /** Estimates and calls older than the calibration and the history need. */
  async prune(before: Date): Promise<void> {
    await this.ds.query('DELETE FROM eta_forecasts WHERE made_at < $1', [before]);
    await this.ds.query('DELETE FROM gate_calls WHERE called_at < $1', [before]);
  }
}
