import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { And, type DataSource, type EntityManager, In, LessThan, LessThanOrEqual, MoreThan } from 'typeorm';
import { inTransaction } from '#libs/database/src/index.js';
import { recordTokenVersion } from '#libs/auth/src/index.js';
import {
  type AnyEventEnvelope,
  consumeBatchOnce,
  consumeOnce,
  type QueueEntryView,
  type QueueListing,
} from '#libs/events/src/index.js';
import { GATEWAY_DB } from '../database/gateway-database.js';
import { QueueCopyEntryEntity, QueueLogEntity, QueueStreamEntity } from './entities/queue-stream.entity.js';
import type { LoggedChanges, StoredEntry } from './queue-projection.js';

/** A gate's stream: the version its copy is at and where its continuous log starts. */
export type StreamRow = Omit<QueueStreamEntity, 'updatedAt'>;

/** One version of a gate's log, as replays send it. */
export type LogRow = Omit<QueueLogEntity, 'eventId' | 'firmIds' | 'recordedAt'>;

/** Entries are kept whole, their estimate too: the yard sends a new estimate as a change of its own. */
const stored = (e: QueueEntryView): string => JSON.stringify(e);

/**
 * The unit of work of one change to the gateway's copy of a gate's queue: it locks the gate's stream first,
 * so the changes of a gate are applied one at a time.
 */
export class QueueLogTx {
  constructor(private readonly em: EntityManager) {}

  /** The stream of a gate, locked for the rest of the transaction. */
  lockStream(gate: string): Promise<StreamRow | null> {
    return this.em.findOne(QueueStreamEntity, { where: { gate }, lock: { mode: 'pessimistic_write' } });
  }

  /** The gateway's copy of a user's token version (every gateway instance then refuses older tokens). */
  async revokeTokens(userId: string, tokenVersion: number, at: Date): Promise<void> {
    await recordTokenVersion(this.em, GATEWAY_DB, userId, tokenVersion, at);
  }

  /** Starts a gate's stream at `version` (concurrent starters: the first one wins). */
  async createStream(s: Omit<StreamRow, 'logStart'>, at: Date): Promise<void> {
    await this.em
      .createQueryBuilder()
      .insert()
      .into(QueueStreamEntity)
      .values({ ...s, logStart: s.version, updatedAt: at })
      .orIgnore()
      .execute();
  }

  storedEntries(gate: string): Promise<StoredEntry[]> {
    return this.em.find(QueueCopyEntryEntity, {
      select: { gate: true, id: true, firmId: true, direction: true, position: true },
      where: { gate },
    });
  }

  /** Writes one version's changes to the copy of the queue. */
  async applyChanges(gate: string, c: LoggedChanges): Promise<void> {
    const gone = [...c.removed, ...c.upserts].map((e) => e.id);
    if (gone.length) await this.em.delete(QueueCopyEntryEntity, { gate, id: In(gone) });
    await this.insertEntries(gate, c.upserts);
    if (c.moved.length) {
      await this.em.query(
        `UPDATE queue_entries q SET position = m.position FROM unnest($2::uuid[], $3::int[]) AS m(id, position) WHERE q.gate = $1 AND q.id = m.id`,
        [gate, c.moved.map((m) => m.id), c.moved.map((m) => m.position)],
      );
    }
  }

  private async insertEntries(gate: string, entries: QueueEntryView[]): Promise<void> {
    // In chunks: a long queue taken from a snapshot is thousands of rows, each chunk one statement.
    for (let i = 0; i < entries.length; i += 500) {
      const chunk = entries.slice(i, i + 500);
      await this.em.query(
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

  async appendLog(row: LogRow & { eventId: string | null; firmIds: string[] }, at: Date): Promise<void> {
    await this.em.insert(QueueLogEntity, {
      gate: row.gate,
      version: row.version,
      eventId: row.eventId,
      reset: row.reset,
      reason: row.reason,
      changes: row.changes,
      firmIds: row.firmIds,
      gateState: row.gateState,
      congestion: row.congestion,
      recordedAt: at,
    });
  }

  async advanceStream(s: Omit<StreamRow, 'logStart'>, at: Date): Promise<void> {
    await this.em.update(
      QueueStreamEntity,
      { gate: s.gate },
      { version: s.version, gateState: s.gateState, congestion: s.congestion, updatedAt: at },
    );
  }

  /** Replaces a gate's copy by a snapshot: the log starts again at its version (a `reset` row). */
  async rebase(l: QueueListing, at: Date): Promise<void> {
    await this.createStream({ gate: l.gate, version: l.version, gateState: l.gateState, congestion: l.congestion }, at);
    await this.em.update(
      QueueStreamEntity,
      { gate: l.gate },
      { version: l.version, logStart: l.version, gateState: l.gateState, congestion: l.congestion, updatedAt: at },
    );
    await this.em.delete(QueueCopyEntryEntity, { gate: l.gate });
    await this.insertEntries(l.gate, l.entries);
    await this.em.delete(QueueLogEntity, { gate: l.gate, version: LessThanOrEqual(l.version) });
    const empty: LoggedChanges = { upserts: [], removed: [], moved: [] };
    await this.appendLog(
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
  async prune(gate: string, keepFrom: number): Promise<void> {
    await this.em.delete(QueueLogEntity, { gate, version: LessThan(keepFrom) });
    await this.em
      .createQueryBuilder()
      .update(QueueStreamEntity)
      .set({ logStart: () => 'GREATEST(log_start, :floor::bigint)' })
      .where({ gate })
      .setParameters({ floor: keepFrom - 1 })
      .execute();
  }
}

/** The gateway's tables: per gate a stream (version), a copy of the listed entries, and the log of changes. */
@Injectable()
export class QueueLogRepository {
  constructor(@InjectDataSource(GATEWAY_DB) private readonly ds: DataSource) {}

  /**
   * Applies a delivered batch in one transaction, each event once: `work` gets the events not applied before, in
   * order. Any failure rolls the whole batch back.
   */
  consumeBatch(
    events: AnyEventEnvelope[],
    work: (tx: QueueLogTx, fresh: AnyEventEnvelope[]) => Promise<void>,
  ): Promise<number> {
    return consumeBatchOnce(this.ds, events, (em, fresh) => work(new QueueLogTx(em), fresh));
  }

  /** Applies an event once: its id goes to the inbox in the transaction of `work`. False when already applied. */
  consumeOnce(event: AnyEventEnvelope, work: (tx: QueueLogTx) => Promise<void>): Promise<boolean> {
    return consumeOnce(this.ds, event, (em) => work(new QueueLogTx(em)));
  }

  /** The gateway's copy of a user's token version: every gateway instance then refuses older tokens. */
  async revokeTokens(event: AnyEventEnvelope & { type: 'user.revoked' }): Promise<void> {
    const { userId, tokenVersion } = event.payload;
    await consumeOnce(this.ds, event, (em) =>
      recordTokenVersion(em, GATEWAY_DB, userId, tokenVersion, new Date(event.occurredAt)),
    );
  }

  /** Records an event the gateway takes no action on, so a redelivery is recognised. */
  /** Records an event as consumed; false when it already was (a redelivery). */
  recordIgnored(event: AnyEventEnvelope): Promise<boolean> {
    return consumeOnce(this.ds, event, () => Promise.resolve());
  }

  /** Runs `work` in one transaction (retried on a serialization failure or deadlock). */
  inTransaction<T>(work: (tx: QueueLogTx) => Promise<T>): Promise<T> {
    return inTransaction(this.ds, (em) => work(new QueueLogTx(em)));
  }

  stream(gate: string): Promise<StreamRow | null> {
    return this.ds.manager.findOneBy(QueueStreamEntity, { gate });
  }

  /** The listed entries of these vehicles in the gateway's copy, at their current places (index on the vehicle id). */
  async entriesOfVehicles(
    vehicleIds: string[],
  ): Promise<{ gate: string; position: number | null; entry: QueueEntryView }[]> {
    if (!vehicleIds.length) return [];
    return this.ds.query(
      `SELECT gate, position, entry FROM queue_entries WHERE entry->>'vehicleId' = ANY($1::text[])`,
      [vehicleIds],
    );
  }

  streams(): Promise<StreamRow[]> {
    return this.ds.manager.find(QueueStreamEntity, { order: { gate: 'ASC' } });
  }

  /** Log rows after `after`, oldest first, up to `upTo` (inclusive) and at most `limit` of them. */
  logAfter(gate: string, after: number, upTo: number | null, limit: number): Promise<LogRow[]> {
    return this.ds.manager.find(QueueLogEntity, {
      select: {
        gate: true,
        version: true,
        reset: true,
        reason: true,
        changes: true,
        gateState: true,
        congestion: true,
      },
      where: { gate, version: upTo === null ? MoreThan(after) : And(MoreThan(after), LessThanOrEqual(upTo)) },
      order: { version: 'ASC' },
      take: limit,
    });
  }

  /** The gateway's own copy of a gate's queue, when the yard-queue cannot be asked (entries without ETAs). */
  async listing(gate: string): Promise<QueueListing | null> {
    return this.ds.transaction('REPEATABLE READ', async (em) => {
      const s = await em.findOneBy(QueueStreamEntity, { gate });
      if (!s) return null;
      const entries = await em.find(QueueCopyEntryEntity, {
        select: { gate: true, id: true, entry: true, position: true },
        where: { gate },
      });
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
