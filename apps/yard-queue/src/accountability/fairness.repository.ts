import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ACTIVE_QUEUE_STATES, type Direction, type OrderChangeReason } from '#libs/domain/src/index.js';
import { YARD_QUEUE_DB } from '../database/yard-queue-database.js';

export interface QueueLineRow {
  plate: string;
  direction: Direction;
  status: string;
  checked_in_at: Date;
  position: number | null;
  window_start: Date | null;
}

export interface OrderChangeRow {
  at: Date;
  plate: string;
  direction: Direction;
  reason: OrderChangeReason;
  window_before: Date | null;
  window_after: Date | null;
  position: number | null;
  version: string;
}

export interface FirmRow {
  firm_name: string;
  stays: number;
  no_shows: number;
  cancellations: number;
}

/** The reads of the public fairness ledger (only the columns it shows leave the database). */
@Injectable()
export class FairnessRepository {
  constructor(@InjectDataSource(YARD_QUEUE_DB) private readonly ds: DataSource) {}

  async gateExists(code: string): Promise<boolean> {
    const rows = await this.ds.query<unknown[]>('SELECT 1 FROM gates WHERE code = $1', [code]);
    return rows.length > 0;
  }

  /** The gate's active entries, the waiting ones numbered in queue order per direction. */
  queue(gate: string): Promise<QueueLineRow[]> {
    return this.ds.query<QueueLineRow[]>(
      `SELECT snapshot->>'plate' AS plate, direction, status, checked_in_at, window_start,
              CASE WHEN status = 'CHECKED_IN' THEN row_number() OVER (
                PARTITION BY direction, status = 'CHECKED_IN'
                ORDER BY COALESCE(window_start, 'infinity'), checked_in_at, seq)::int END AS position
         FROM queue_entries WHERE gate = $1 AND status = ANY($2)
        ORDER BY direction, status <> 'CHECKED_IN', position, checked_in_at, seq`,
      [gate, [...ACTIVE_QUEUE_STATES]],
    );
  }

  changes(gate: string, since: Date, limit: number): Promise<OrderChangeRow[]> {
    return this.ds.query<OrderChangeRow[]>(
      `SELECT at, plate, direction, reason, window_before, window_after, position, version FROM queue_order_changes
        WHERE gate = $1 AND at >= $2 ORDER BY at DESC, id DESC LIMIT $3`,
      [gate, since, limit],
    );
  }

  /**
   * Per firm, its stays in the gate's queue checked in since `since`, the no-shows held against it (a waived one
   * is recorded as such with its call) and the stays cancelled.
   */
  firms(gate: string, since: Date): Promise<FirmRow[]> {
    return this.ds.query<FirmRow[]>(
      `SELECT (array_agg(e.snapshot->>'firmName' ORDER BY e.checked_in_at DESC))[1] AS firm_name,
              count(*)::int AS stays,
              COALESCE(sum(n.no_shows), 0)::int AS no_shows,
              count(*) FILTER (WHERE e.status = 'CANCELLED')::int AS cancellations
         FROM queue_entries e
         LEFT JOIN LATERAL (
           SELECT count(*) AS no_shows FROM queue_audit a
            WHERE a.entry_id = e.id AND a.action = 'no-show' AND COALESCE((a.context->>'waived')::boolean, false) = false
         ) n ON true
        WHERE e.gate = $1 AND e.checked_in_at >= $2
        GROUP BY e.snapshot->>'firmId'
        ORDER BY stays DESC, firm_name`,
      [gate, since],
    );
  }
}
