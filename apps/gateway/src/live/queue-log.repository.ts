import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { GateState, QueueEntryView, QueueListing } from '#libs/events/src/index.js';
import type { Congestion } from '#libs/live-client/src/protocol.js';
import { GATEWAY_DB } from '../database/gateway-database.js';
import type { LoggedChanges, StoredEntry } from './queue-projection.js';

export interface StreamRow {
  gate: string;
  version: number;
  logStart: number;
  gateState: GateState;
  congestion: Congestion;
}

export interface LogRow {
  gate: string;
  version: number;
  reset: boolean;
  reason: string | null;
  changes: LoggedChanges;
  gateState: GateState;
  congestion: Congestion;
}

function toStream(r: Record<string, unknown>): StreamRow {
  return {
    gate: r.gate as string,
    version: Number(r.version),
    logStart: Number(r.log_start),
    gateState: r.gate_state as GateState,
    congestion: r.congestion as Congestion,
  };
}

function toLog(r: Record<string, unknown>): LogRow {
  return {
    gate: r.gate as string,
    version: Number(r.version),
    reset: r.reset as boolean,
    reason: (r.reason as string | null) ?? null,
    changes: r.changes as LoggedChanges,
    gateState: r.gate_state as GateState,
    congestion: r.congestion as Congestion,
  };
}

/** Entries are kept without their estimate: ETAs are not part of a version (they move with the clock). */
const stored = (e: QueueEntryView) => JSON.stringify({ ...e, eta: null });

/** The gateway's tables: per gate a stream (version), a copy of the listed entries, and the log of changes. */
@Injectable()
export class QueueLogRepository {
  constructor(@InjectDataSource(GATEWAY_DB) readonly ds: DataSource) {}

  /** The stream of a gate, locked for the rest of the transaction: the changes of a gate are applied one at a time. */
  async lockStream(em: EntityManager, gate: string): Promise<StreamRow | null> {
    const rows = await em.query('SELECT * FROM queue_streams WHERE gate = $1 FOR UPDATE', [gate]);
    return rows[0] ? toStream(rows[0]) : null;
  }

  /** Starts a gate's stream at `version` (concurrent starters: the first one wins). */
  async createStream(em: EntityManager, s: Omit<StreamRow, 'logStart'>, at: Date): Promise<void> {
    await em.query(
      `INSERT INTO queue_streams (gate, version, log_start, gate_state, congestion, updated_at) VALUES ($1, $2, $2, $3, $4, $5) ON CONFLICT (gate) DO NOTHING`,
      [s.gate, s.version, JSON.stringify(s.gateState), JSON.stringify(s.congestion), at],
    );
  }

  async storedEntries(em: EntityManager, gate: string): Promise<StoredEntry[]> {
    const rows: { id: string; firm_id: string; direction: string; position: number | null }[] = await em.query(
      'SELECT id, firm_id, direction, position FROM queue_entries WHERE gate = $1',
      [gate],
    );
    return rows.map((r) => ({ id: r.id, firmId: r.firm_id, direction: r.direction, position: r.position }));
  }

  /** Writes one version's changes to the copy of the queue. */
  async applyChanges(em: EntityManager, gate: string, c: LoggedChanges): Promise<void> {
    const gone = [...c.removed, ...c.upserts].map((e) => e.id);
    if (gone.length) await em.query('DELETE FROM queue_entries WHERE gate = $1 AND id = ANY($2::uuid[])', [gate, gone]);
    await this.insertEntries(em, gate, c.upserts);
    if (c.moved.length) {
      await em.query(
        `UPDATE queue_entries q SET position = m.position FROM unnest($2::uuid[], $3::int[]) AS m(id, position) WHERE q.gate = $1 AND q.id = m.id`,
        [gate, c.moved.map((m) => m.id), c.moved.map((m) => m.position)],
      );
    }
  }

  private async insertEntries(em: EntityManager, gate: string, entries: QueueEntryView[]): Promise<void> {
    // In chunks: a long queue taken from a snapshot is thousands of rows.
    for (let i = 0; i < entries.length; i += 500) {
      const chunk = entries.slice(i, i + 500);
      await em.query(
        `INSERT INTO queue_entries (gate, id, firm_id, direction, position, entry)
         SELECT $1, e.id, e.firm_id, e.direction, e.position, e.entry FROM unnest($2::uuid[], $3::text[], $4::text[], $5::int[], $6::jsonb[]) AS e(id, firm_id, direction, position, entry)`,
        [
          gate,
          chunk.map((e) => e.id),
          chunk.map((e) => e.firmId),
          chunk.map((e) => e.direction),
          chunk.map((e) => e.position),
          chunk.map(stored),
        ],
      );
    }
  }

  async appendLog(
    em: EntityManager,
    row: LogRow & { eventId: string | null; firmIds: string[] },
    at: Date,
  ): Promise<void> {
    await em.query(
      `INSERT INTO queue_log (gate, version, event_id, reset, reason, changes, firm_ids, gate_state, congestion, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        row.gate,
        row.version,
        row.eventId,
        row.reset,
        row.reason,
        JSON.stringify(row.changes),
        row.firmIds,
        JSON.stringify(row.gateState),
        JSON.stringify(row.congestion),
        at,
      ],
    );
  }

  async advanceStream(em: EntityManager, s: Omit<StreamRow, 'logStart'>, at: Date): Promise<void> {
    await em.query(
      'UPDATE queue_streams SET version = $2, gate_state = $3, congestion = $4, updated_at = $5 WHERE gate = $1',
      [s.gate, s.version, JSON.stringify(s.gateState), JSON.stringify(s.congestion), at],
    );
  }

  /** Replaces a gate's copy by a snapshot: the log starts again at its version (a `reset` row). */
  async rebase(em: EntityManager, l: QueueListing, at: Date): Promise<void> {
    await this.createStream(
      em,
      { gate: l.gate, version: l.version, gateState: l.gateState, congestion: l.congestion },
      at,
    );
    await em.query(
      'UPDATE queue_streams SET version = $2, log_start = $2, gate_state = $3, congestion = $4, updated_at = $5 WHERE gate = $1',
      [l.gate, l.version, JSON.stringify(l.gateState), JSON.stringify(l.congestion), at],
    );
    await em.query('DELETE FROM queue_entries WHERE gate = $1', [l.gate]);
    await this.insertEntries(em, l.gate, l.entries);
    await em.query('DELETE FROM queue_log WHERE gate = $1 AND version <= $2', [l.gate, l.version]);
    const empty: LoggedChanges = { upserts: [], removed: [], moved: [] };
    await this.appendLog(
      em,
      {
        gate: l.gate,
        version: l.version,
        reset: true,
        reason: 'snapshot',
        changes: empty,
        gateState: l.gateState,
        congestion: l.congestion,
        eventId: null,
        firmIds: [],
      },
      at,
    );
  }

  /** Forgets versions before `keepFrom` (a resync from before it gets a snapshot). */
  async prune(em: EntityManager, gate: string, keepFrom: number): Promise<void> {
    await em.query('DELETE FROM queue_log WHERE gate = $1 AND version < $2', [gate, keepFrom]);
    await em.query('UPDATE queue_streams SET log_start = GREATEST(log_start, $2 - 1) WHERE gate = $1', [
      gate,
      keepFrom,
    ]);
  }

  async stream(gate: string): Promise<StreamRow | null> {
    const rows = await this.ds.query('SELECT * FROM queue_streams WHERE gate = $1', [gate]);
    return rows[0] ? toStream(rows[0]) : null;
  }

  async streams(): Promise<StreamRow[]> {
    return (await this.ds.query('SELECT * FROM queue_streams ORDER BY gate')).map(toStream);
  }

  /** Log rows after `after`, oldest first, up to `upTo` (inclusive) and at most `limit` of them. */
  async logAfter(gate: string, after: number, upTo: number | null, limit: number): Promise<LogRow[]> {
    const rows = await this.ds.query(
      `SELECT * FROM queue_log WHERE gate = $1 AND version > $2 AND ($3::bigint IS NULL OR version <= $3) ORDER BY version LIMIT $4`,
      [gate, after, upTo, limit],
    );
    return rows.map(toLog);
  }

  /** The gateway's own copy of a gate's queue, when the yard-queue cannot be asked (entries without ETAs). */
  async listing(gate: string): Promise<QueueListing | null> {
    return this.ds.transaction('REPEATABLE READ', async (em) => {
      const rows = await em.query('SELECT * FROM queue_streams WHERE gate = $1', [gate]);
      if (!rows[0]) return null;
      const s = toStream(rows[0]);
      const entries: { entry: QueueEntryView; position: number | null }[] = await em.query(
        'SELECT entry, position FROM queue_entries WHERE gate = $1',
        [gate],
      );
      return {
        gate,
        version: s.version,
        gateState: s.gateState,
        congestion: s.congestion,
        entries: entries.map((r) => ({ ...r.entry, position: r.position })),
      };
    });
  }
}
