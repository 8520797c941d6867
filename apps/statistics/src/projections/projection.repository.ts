import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { recordTokenVersion } from '#libs/auth/src/index.js';
import { segmentSeconds, vietnamHour } from '#libs/domain/src/index.js';
import { type AnyEventEnvelope, type EventEnvelope, consumeOnce } from '#libs/events/src/index.js';
import { STATISTICS_DB } from '../database/statistics-database.js';
import { applyEntryChange, type EntryState } from './entry-transitions.js';
import { Tally } from './tally.js';

interface EntryRow {
  entry_id: string;
  status: string;
  checked_in_at: Date;
  called_at: Date | null;
  arrived_at: Date | null;
  held_at: Date | null;
  no_shows: number;
  confirmed: string[];
}

interface SubmittedRow {
  submitted_at: Date;
}

interface WaitingRow {
  gate: string;
  direction: string;
  waiting: number;
  oldest: Date | null;
}

/** Applies each event once (the inbox) to the projections, in the transaction that records its id. */
@Injectable()
export class ProjectionRepository {
  constructor(@InjectDataSource(STATISTICS_DB) private readonly ds: DataSource) {}

  async apply(event: AnyEventEnvelope): Promise<void> {
    await consumeOnce(this.ds, event, async (em) => {
      const at = new Date(event.occurredAt);
      const tally = new Tally();
      switch (event.type) {
        case 'declaration.submitted': {
          const p = event.payload;
          const lane = { gate: p.gate, direction: p.direction, categories: p.goodsCategories };
          await em.query(
            `INSERT INTO stat_declarations (declaration_id, gate, direction, categories, submitted_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (declaration_id) DO UPDATE SET submitted_at = EXCLUDED.submitted_at`,
            [p.declarationId, p.gate, p.direction, p.goodsCategories, at],
          );
          tally.count('DECLARED', lane, at, p.vehicleCount);
          break;
        }
        case 'declaration.accepted':
          await this.accepted(em, event, at, tally);
          break;
        case 'declaration.rejected': {
          const p = event.payload;
          tally.count(
            'REJECTED',
            { gate: p.gate, direction: p.direction, categories: p.goodsCategories },
            at,
            p.vehicleCount,
          );
          break;
        }
        case 'queue.changed':
          await this.queueChanged(em, event, at, tally);
          break;
        case 'user.revoked':
          await recordTokenVersion(em, STATISTICS_DB, event.payload.userId, event.payload.tokenVersion, at);
          break;
        default:
          break;
      }
      await this.flush(em, tally);
    });
  }

  private async accepted(
    em: EntityManager,
    event: EventEnvelope<'declaration.accepted'>,
    at: Date,
    tally: Tally,
  ): Promise<void> {
    const { vehicles, declarationId } = event.payload;
    if (vehicles.length === 0) return;
    const lane = {
      gate: event.payload.gate,
      direction: vehicles[0].direction,
      categories: [...new Set(vehicles.flatMap((v) => v.goodsCategories))],
    };
    tally.count('ACCEPTED', lane, at, vehicles.length);
    const [declared] = await em.query<SubmittedRow[]>(
      'SELECT submitted_at FROM stat_declarations WHERE declaration_id = $1',
      [declarationId],
    );
    if (declared) tally.duration('DECLARED_TO_ACCEPTED', lane, declared.submitted_at, at, vehicles.length);
  }

  private async queueChanged(
    em: EntityManager,
    event: EventEnvelope<'queue.changed'>,
    at: Date,
    tally: Tally,
  ): Promise<void> {
    const entries = event.payload.entries;
    if (entries.length === 0) return;
    const rows = await em.query<EntryRow[]>(
      'SELECT * FROM stat_entries WHERE entry_id = ANY($1::uuid[]) ORDER BY entry_id FOR UPDATE',
      [entries.map((e) => e.id)],
    );
    const known = new Map(rows.map((r) => [r.entry_id, r]));
    const next: unknown[][] = [[], [], [], [], [], [], [], [], [], [], [], []];
    for (const e of entries) {
      const r = known.get(e.id);
      const prev: EntryState | null = r
        ? {
            status: r.status,
            checkedInAt: r.checked_in_at,
            calledAt: r.called_at,
            arrivedAt: r.arrived_at,
            heldAt: r.held_at,
            noShows: r.no_shows,
            confirmed: r.confirmed,
          }
        : null;
      const s = applyEntryChange(prev, e, at, tally, event.payload.actor ?? null);
      const values = [
        e.id,
        e.gate,
        e.direction,
        `{${e.goodsCategories.map((c) => JSON.stringify(c)).join(',')}}`,
        s.status,
        s.checkedInAt,
        s.calledAt,
        s.arrivedAt,
        s.heldAt,
        s.noShows,
        `{${s.confirmed.join(',')}}`,
        at,
      ];
      values.forEach((v, i) => next[i].push(v));
    }
    await em.query(
      `INSERT INTO stat_entries (entry_id, gate, direction, categories, status, checked_in_at, called_at, arrived_at, held_at, no_shows, confirmed, changed_at)
       SELECT id, gate, direction, cats::text[], status, checked_in, called, arrived, held, no_shows, confirmed::text[], changed
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::timestamptz[],
                     $8::timestamptz[], $9::timestamptz[], $10::int[], $11::text[], $12::timestamptz[])
           AS u(id, gate, direction, cats, status, checked_in, called, arrived, held, no_shows, confirmed, changed)
       ON CONFLICT (entry_id) DO UPDATE SET status = EXCLUDED.status, called_at = EXCLUDED.called_at,
         arrived_at = EXCLUDED.arrived_at, held_at = EXCLUDED.held_at, no_shows = EXCLUDED.no_shows,
         confirmed = EXCLUDED.confirmed, changed_at = EXCLUDED.changed_at`,
      next,
    );
    await this.sampleQueues(em, event.payload.gate, at);
  }

  /** The gate's queue as it stands after the change: its length and oldest wait count toward the hour's peaks. */
  private async sampleQueues(em: EntityManager, gate: string, at: Date): Promise<void> {
    const lanes = await em.query<WaitingRow[]>(
      `SELECT d.direction, $1::text AS gate, count(e.entry_id)::int AS waiting, min(e.checked_in_at) AS oldest
         FROM unnest(ARRAY['EXPORT','IMPORT']) AS d(direction)
         LEFT JOIN stat_entries e ON e.gate = $1 AND e.direction = d.direction AND e.status = 'CHECKED_IN'
        GROUP BY d.direction`,
      [gate],
    );
    const hour = vietnamHour(at);
    for (const l of lanes) {
      const oldest = l.oldest ? segmentSeconds(l.oldest, at) : 0;
      await em.query(
        `INSERT INTO stat_queue_hours (gate, direction, hour, max_waiting, max_oldest_seconds, last_waiting) VALUES ($1, $2, $3, $4, $5, $4)
         ON CONFLICT (hour, gate, direction) DO UPDATE SET max_waiting = GREATEST(stat_queue_hours.max_waiting, $4),
           max_oldest_seconds = GREATEST(stat_queue_hours.max_oldest_seconds, $5), last_waiting = $4`,
        [l.gate, l.direction, hour, l.waiting, oldest],
      );
    }
  }

  private async flush(em: EntityManager, t: Tally): Promise<void> {
    const columns = <T>(rows: T[], keys: (keyof T)[]) => keys.map((k) => rows.map((r) => r[k]));
    const counts = [...t.counts.values()];
    if (counts.length)
      await em.query(
        `INSERT INTO stat_counts (metric, category, gate, direction, hour, n)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::int[])
         ON CONFLICT (category, hour, gate, direction, metric) DO UPDATE SET n = stat_counts.n + EXCLUDED.n`,
        columns(counts, ['metric', 'category', 'gate', 'direction', 'hour', 'n']),
      );
    const dayCounts = [...t.dayCounts.values()];
    if (dayCounts.length)
      await em.query(
        `INSERT INTO stat_count_days (metric, category, gate, direction, day, n)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::date[], $6::int[])
         ON CONFLICT (category, day, gate, direction, metric) DO UPDATE SET n = stat_count_days.n + EXCLUDED.n`,
        columns(dayCounts, ['metric', 'category', 'gate', 'direction', 'day', 'n']),
      );
    const durations = [...t.durations.values()];
    if (durations.length)
      await em.query(
        `INSERT INTO stat_durations (segment, category, gate, direction, day, seconds, n)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::date[], $6::int[], $7::int[])
         ON CONFLICT (category, day, segment, gate, direction, seconds) DO UPDATE SET n = stat_durations.n + EXCLUDED.n`,
        columns(durations, ['segment', 'category', 'gate', 'direction', 'day', 'seconds', 'n']),
      );
    const responses = [...t.responses.values()];
    if (responses.length)
      await em.query(
        `INSERT INTO stat_responses (kind, agency, officer, console, gate, direction, day, seconds, n)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::date[], $8::int[], $9::int[])
         ON CONFLICT (day, kind, agency, officer, console, gate, direction, seconds) DO UPDATE SET n = stat_responses.n + EXCLUDED.n`,
        columns(responses, ['kind', 'agency', 'officer', 'console', 'gate', 'direction', 'day', 'seconds', 'n']),
      );
    const durationRollups = [...t.durationRollups.values()];
    if (durationRollups.length)
      await em.query(
        `INSERT INTO stat_duration_rollups (category, gate, direction, span, start, segment, bucket, n)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::smallint[], $5::date[], $6::text[], $7::smallint[], $8::int[])
         ON CONFLICT (category, gate, direction, span, start, segment, bucket) DO UPDATE SET n = stat_duration_rollups.n + EXCLUDED.n`,
        columns(durationRollups, ['category', 'gate', 'direction', 'span', 'start', 'segment', 'bucket', 'n']),
      );
    const responseRollups = [...t.responseRollups.values()];
    if (responseRollups.length)
      await em.query(
        `INSERT INTO stat_response_rollups (gate, direction, span, start, kind, agency, officer, console, bucket, n)
         SELECT * FROM unnest($1::text[], $2::text[], $3::smallint[], $4::date[], $5::text[], $6::text[], $7::text[], $8::text[], $9::smallint[], $10::int[])
         ON CONFLICT (gate, direction, span, start, kind, agency, officer, console, bucket) DO UPDATE SET n = stat_response_rollups.n + EXCLUDED.n`,
        columns(responseRollups, [
          'gate',
          'direction',
          'span',
          'start',
          'kind',
          'agency',
          'officer',
          'console',
          'bucket',
          'n',
        ]),
      );
    const waits = [...t.waits.values()];
    if (waits.length)
      await em.query(
        `INSERT INTO stat_waits (gate, direction, hour, n, seconds)
         SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::int[], $5::bigint[])
         ON CONFLICT (hour, gate, direction) DO UPDATE SET n = stat_waits.n + EXCLUDED.n, seconds = stat_waits.seconds + EXCLUDED.seconds`,
        columns(waits, ['gate', 'direction', 'hour', 'n', 'seconds']),
      );
  }
}
