import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { recordTokenVersion } from '#libs/auth/src/index.js';
import { DIRECTIONS, segmentSeconds, vietnamHour } from '#libs/domain/src/index.js';
import {
  type AnyEventEnvelope,
  type EventEnvelope,
  consumeBatchOnce,
  inEventContext,
  type QueueEntryView,
} from '#libs/events/src/index.js';
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
  no_show_waived_at: Date | null;
  confirmed: string[];
}

interface SubmittedRow {
  submitted_at: Date;
}

interface WaitingRow {
  entry_id: string;
  direction: string;
  checked_in_at: Date;
}

/** The waiting entries of one lane as the projection stands: entry id → its check-in. */
type WaitingLane = Map<string, Date>;

/**
 * What a batch has read and changed so far, kept in memory so that each entry is read once and written once
 * per batch, and the hour's queue peaks are computed after each event as they would be from the table.
 */
class BatchState {
  readonly tally = new Tally();
  /** Every entry the batch's queue changes name: its state before the batch (null: new), then after each event. */
  readonly entries = new Map<string, EntryState | null>();
  /** Entries to write at the end, with the lane and categories they are inserted with. */
  readonly written = new Map<string, { e: QueueEntryView; at: Date }>();
  /** Per gate (then direction), the waiting entries: loaded at the batch's first change of the gate. */
  readonly waiting = new Map<string, Map<string, WaitingLane>>();
  /** Per hour and lane, the peaks sampled in this batch and the last length. */
  readonly hours = new Map<string, QueueHourRow>();
}

interface QueueHourRow {
  gate: string;
  direction: string;
  hour: Date;
  maxWaiting: number;
  maxOldestSeconds: number;
  lastWaiting: number;
}

/**
 * Applies each event once (the inbox) to the projections. A delivered batch is one transaction — one inbox insert,
 * the entries it names read once and written once, the counts and histograms merged and written once — instead of
 * a transaction of a dozen statements per event: the projection keeps up with the yard at its peak.
 */
@Injectable()
export class ProjectionRepository {
  constructor(@InjectDataSource(STATISTICS_DB) private readonly ds: DataSource) {}

  async applyBatch(events: AnyEventEnvelope[]): Promise<void> {
    await consumeBatchOnce(this.ds, events, async (em, fresh) => {
      const batch = new BatchState();
      await this.loadEntries(em, fresh, batch);
      for (const event of fresh) await inEventContext(event, () => this.applyOne(em, event, batch));
      await this.writeEntries(em, batch);
      await this.writeQueueHours(em, batch);
      await this.flush(em, batch.tally);
    });
  }

  private async applyOne(em: EntityManager, event: AnyEventEnvelope, batch: BatchState): Promise<void> {
    const at = new Date(event.occurredAt);
    const tally = batch.tally;
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
        await this.queueChanged(em, event, at, batch);
        break;
      case 'user.revoked':
        await recordTokenVersion(em, STATISTICS_DB, event.payload.userId, event.payload.tokenVersion, at);
        break;
      default:
        break;
    }
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

  /** The entries the batch's queue changes name, locked, in one read. */
  private async loadEntries(em: EntityManager, events: AnyEventEnvelope[], batch: BatchState): Promise<void> {
    const ids = new Set<string>();
    for (const event of events)
      if (event.type === 'queue.changed') for (const e of event.payload.entries) ids.add(e.id);
    if (ids.size === 0) return;
    const rows = await em.query<EntryRow[]>(
      'SELECT * FROM stat_entries WHERE entry_id = ANY($1::uuid[]) ORDER BY entry_id FOR UPDATE',
      [[...ids]],
    );
    for (const id of ids) batch.entries.set(id, null);
    for (const r of rows)
      batch.entries.set(r.entry_id, {
        status: r.status,
        checkedInAt: r.checked_in_at,
        calledAt: r.called_at,
        arrivedAt: r.arrived_at,
        heldAt: r.held_at,
        noShows: r.no_shows,
        noShowWaivedAt: r.no_show_waived_at,
        confirmed: r.confirmed,
      });
  }

  private async queueChanged(
    em: EntityManager,
    event: EventEnvelope<'queue.changed'>,
    at: Date,
    batch: BatchState,
  ): Promise<void> {
    const entries = event.payload.entries;
    if (entries.length === 0) return;
    const gate = event.payload.gate;
    const waiting = await this.waitingOf(em, gate, batch);
    for (const e of entries) {
      const prev = batch.entries.get(e.id) ?? null;
      const s = applyEntryChange(prev, e, at, batch.tally, event.payload.actor ?? null);
      // The stored check-in is the first one seen (an update does not change it), as in the table.
      const stored = { ...s, checkedInAt: prev?.checkedInAt ?? s.checkedInAt };
      batch.entries.set(e.id, stored);
      batch.written.set(e.id, { e: batch.written.get(e.id)?.e ?? e, at });
      const lane = waiting.get(e.direction);
      if (e.gate === gate && lane) {
        if (stored.status === 'CHECKED_IN') lane.set(e.id, stored.checkedInAt);
        else lane.delete(e.id);
      }
    }
    this.sampleQueues(gate, waiting, at, batch);
  }

  /** The gate's waiting entries per direction, read at the batch's first change of the gate and kept from then on. */
  private async waitingOf(em: EntityManager, gate: string, batch: BatchState): Promise<Map<string, WaitingLane>> {
    let lanes = batch.waiting.get(gate);
    if (lanes) return lanes;
    lanes = new Map(DIRECTIONS.map((d) => [d, new Map<string, Date>()]));
    const rows = await em.query<WaitingRow[]>(
      `SELECT entry_id, direction, checked_in_at FROM stat_entries WHERE gate = $1 AND status = 'CHECKED_IN'`,
      [gate],
    );
    // The entries this batch names count as the batch has them (their rows are written at its end).
    for (const r of rows) if (!batch.written.has(r.entry_id)) lanes.get(r.direction)?.set(r.entry_id, r.checked_in_at);
    for (const [id, w] of batch.written) {
      const s = batch.entries.get(id);
      if (w.e.gate === gate && s?.status === 'CHECKED_IN') lanes.get(w.e.direction)?.set(id, s.checkedInAt);
    }
    batch.waiting.set(gate, lanes);
    return lanes;
  }

  /** The gate's queue as it stands after the change: its length and oldest wait count toward the hour's peaks. */
  private sampleQueues(gate: string, lanes: Map<string, WaitingLane>, at: Date, batch: BatchState): void {
    const hour = vietnamHour(at);
    for (const [direction, lane] of lanes) {
      let oldest: Date | null = null;
      for (const t of lane.values()) if (!oldest || t < oldest) oldest = t;
      const seconds = oldest ? segmentSeconds(oldest, at) : 0;
      const key = `${hour.toISOString()} ${gate} ${direction}`;
      const had = batch.hours.get(key);
      if (had) {
        had.maxWaiting = Math.max(had.maxWaiting, lane.size);
        had.maxOldestSeconds = Math.max(had.maxOldestSeconds, seconds);
        had.lastWaiting = lane.size;
      } else
        batch.hours.set(key, {
          gate,
          direction,
          hour,
          maxWaiting: lane.size,
          maxOldestSeconds: seconds,
          lastWaiting: lane.size,
        });
    }
  }

  /** Every entry the batch changed, as it stands after its last event, in one statement. */
  private async writeEntries(em: EntityManager, batch: BatchState): Promise<void> {
    if (batch.written.size === 0) return;
    const next: unknown[][] = [[], [], [], [], [], [], [], [], [], [], [], [], []];
    for (const [id, { e, at }] of batch.written) {
      const s = batch.entries.get(id)!;
      const values = [
        id,
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
        s.noShowWaivedAt,
      ];
      values.forEach((v, i) => next[i].push(v));
    }
    await em.query(
      `INSERT INTO stat_entries (entry_id, gate, direction, categories, status, checked_in_at, called_at, arrived_at, held_at, no_shows, confirmed, changed_at, no_show_waived_at)
       SELECT id, gate, direction, cats::text[], status, checked_in, called, arrived, held, no_shows, confirmed::text[], changed, waived
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::timestamptz[],
                     $8::timestamptz[], $9::timestamptz[], $10::int[], $11::text[], $12::timestamptz[], $13::timestamptz[])
           AS u(id, gate, direction, cats, status, checked_in, called, arrived, held, no_shows, confirmed, changed, waived)
       ON CONFLICT (entry_id) DO UPDATE SET status = EXCLUDED.status, called_at = EXCLUDED.called_at,
         arrived_at = EXCLUDED.arrived_at, held_at = EXCLUDED.held_at, no_shows = EXCLUDED.no_shows,
         confirmed = EXCLUDED.confirmed, changed_at = EXCLUDED.changed_at, no_show_waived_at = EXCLUDED.no_show_waived_at`,
      next,
    );
  }

  /** The batch's queue samples: the hour's peaks only grow, and the last length is the batch's last. */
  private async writeQueueHours(em: EntityManager, batch: BatchState): Promise<void> {
    const rows = [...batch.hours.values()];
    if (rows.length === 0) return;
    await em.query(
      `INSERT INTO stat_queue_hours AS q (gate, direction, hour, max_waiting, max_oldest_seconds, last_waiting)
       SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::int[], $5::int[], $6::int[])
       ON CONFLICT (hour, gate, direction) DO UPDATE SET max_waiting = GREATEST(q.max_waiting, EXCLUDED.max_waiting),
         max_oldest_seconds = GREATEST(q.max_oldest_seconds, EXCLUDED.max_oldest_seconds), last_waiting = EXCLUDED.last_waiting`,
      [
        rows.map((r) => r.gate),
        rows.map((r) => r.direction),
        rows.map((r) => r.hour),
        rows.map((r) => r.maxWaiting),
        rows.map((r) => r.maxOldestSeconds),
        rows.map((r) => r.lastWaiting),
      ],
    );
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
