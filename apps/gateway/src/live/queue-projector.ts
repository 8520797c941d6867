import { Inject, Injectable, Logger } from '@nestjs/common';
import { CLOCK, type Clock } from '#libs/clock/src/index.js';
import { congestionLevel } from '#libs/domain/src/index.js';
import type { Congestion, EventEnvelope, GateState } from '#libs/events/src/index.js';
import { LIVE_OPTIONS, type LiveOptions } from './live-options.js';
import { firmsIn } from './live-views.js';
import { QueueLogRepository, type QueueLogTx } from './queue-log.repository.js';
import { projectChange, type StoredEntry, storedAfter } from './queue-projection.js';
import { YardQueueClient } from './yard-queue.client.js';

/** The gateway cannot apply an event on its copy (no copy yet, a version gap, a copy that drifted). */
export class NeedsSnapshot extends Error {}

/** A gate's copy as a transaction has it: the stream's version and head after the versions applied so far. */
interface GateCopy {
  version: number;
  entries: StoredEntry[];
  head: { gate: string; version: number; gateState: GateState; congestion: Congestion } | null;
}

function congestionOf(waiting: Record<string, number>): Congestion {
  const of = (n = 0) => ({ waiting: n, level: congestionLevel(n) });
  return { EXPORT: of(waiting.EXPORT), IMPORT: of(waiting.IMPORT) };
}

/**
 * Applies the yard-queue's `queue.changed` events to the gateway's copy of each gate's queue and writes
 * what changed to the log, one version at a time and each event once. Whatever it cannot apply in order
 * (the first event it ever sees is not version 1, a version is missing) it replaces by a snapshot.
 */
@Injectable()
export class QueueProjector {
  private readonly logger = new Logger('QueueProjector');
  /** Since when the yard-queue has been ahead of the log, per gate. */
  private readonly behindSince = new Map<string, number>();

  constructor(
    private readonly repo: QueueLogRepository,
    private readonly yard: YardQueueClient,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LIVE_OPTIONS) private readonly opts: LiveOptions,
  ) {}

  /** Applies one event; returns the gate's version when it moved (so the consoles must hear of it), else null. */
  async apply(event: EventEnvelope<'queue.changed'>): Promise<number | null> {
    try {
      return await this.applyOnce(event);
    } catch (e) {
      if (!(e instanceof NeedsSnapshot)) throw e;
      this.logger.warn(`${event.payload.gate}: ${e.message}; taking a snapshot`);
    }
    const rebased = await this.rebase(event.payload.gate);
    // Now covered by the snapshot: recorded in the inbox and skipped.
    const applied = await this.applyOnce(event);
    return applied ?? rebased;
  }

  private async applyOnce(event: EventEnvelope<'queue.changed'>): Promise<number | null> {
    let applied: number | null = null;
    await this.repo.consumeOnce(event, async (tx) => {
      const gates = new Map<string, GateCopy>();
      applied = await this.applyIn(tx, event, gates);
      await this.advance(tx, gates);
    });
    return applied;
  }

  /**
   * Applies the queue changes of a delivered batch in one transaction (the caller's): each gate's stream is
   * locked and its copy read once, each version logged in order, the stream advanced once. Throws NeedsSnapshot
   * (rolling the batch back) when one cannot be applied in order: the caller then applies them one by one.
   * Returns the gates that moved, with their versions.
   */
  async applyBatch(tx: QueueLogTx, events: EventEnvelope<'queue.changed'>[]): Promise<Map<string, number>> {
    const gates = new Map<string, GateCopy>();
    const moved = new Map<string, number>();
    for (const event of events) {
      const v = await this.applyIn(tx, event, gates);
      if (v !== null) moved.set(event.payload.gate, v);
    }
    await this.advance(tx, gates);
    return moved;
  }

  /** One version on the gate's copy, in `tx`; the copy (locked stream, stored entries) is read once per transaction. */
  private async applyIn(
    tx: QueueLogTx,
    event: EventEnvelope<'queue.changed'>,
    gates: Map<string, GateCopy>,
  ): Promise<number | null> {
    const p = event.payload;
    const now = this.clock.now();
    let copy = gates.get(p.gate);
    if (!copy) {
      let stream = await tx.lockStream(p.gate);
      if (!stream && p.version === 1) {
        await tx.createStream(
          { gate: p.gate, version: 0, gateState: p.gateState, congestion: congestionOf({ EXPORT: 0, IMPORT: 0 }) },
          now,
        );
        stream = await tx.lockStream(p.gate);
      }
      if (!stream) throw new NeedsSnapshot(`first event seen is version ${p.version}`);
      copy = { version: stream.version, entries: await tx.storedEntries(p.gate), head: null };
      gates.set(p.gate, copy);
    }
    if (p.version <= copy.version) return null;
    if (p.version > copy.version + 1) throw new NeedsSnapshot(`version ${p.version} after ${copy.version}`);
    const projection = projectChange(copy.entries, p.entries);
    if (!projection.ok) throw new NeedsSnapshot(projection.reason);
    const congestion = congestionOf(projection.waiting);
    await tx.applyChanges(p.gate, projection.changes);
    await tx.appendLog(
      {
        gate: p.gate,
        version: p.version,
        reset: false,
        reason: p.reason,
        changes: projection.changes,
        gateState: p.gateState,
        congestion,
        eventId: event.id,
        firmIds: firmsIn(projection.changes),
      },
      now,
    );
    copy.entries = storedAfter(copy.entries, projection.changes);
    copy.version = p.version;
    copy.head = { gate: p.gate, version: p.version, gateState: p.gateState, congestion };
    if (p.version % 100 === 0) await tx.prune(p.gate, p.version - this.opts.logKeep + 1);
    return p.version;
  }

  /** Each gate's stream moved to the last version applied. */
  private async advance(tx: QueueLogTx, gates: Map<string, GateCopy>): Promise<void> {
    for (const copy of gates.values()) if (copy.head) await tx.advanceStream(copy.head, this.clock.now());
  }

  /** Replaces a gate's copy by a fresh snapshot of the yard-queue; returns its version when the copy moved. */
  async rebase(gate: string): Promise<number | null> {
    const listing = await this.yard.snapshot(gate, { maxAgeMs: 0 });
    return this.repo.inTransaction(async (tx) => {
      const stream = await tx.lockStream(gate);
      if (stream && stream.version >= listing.version) return null;
      await tx.rebase(listing, this.clock.now());
      this.behindSince.delete(gate);
      return listing.version;
    });
  }

  /**
   * Events normally arrive within a second. A yard-queue ahead of the log for longer than the grace means
   * they are not arriving (relay stuck, gateway left out): the copy is taken from a snapshot instead, so no
   * console is told "current" about a queue that moved on. Returns the gates that moved.
   */
  async catchUpWithYard(): Promise<{ gate: string; version: number }[]> {
    const [yard, streams] = await Promise.all([this.yard.gateVersions(), this.repo.streams()]);
    const known = new Map(streams.map((s) => [s.gate, s.version]));
    const moved: { gate: string; version: number }[] = [];
    for (const [gate, version] of yard) {
      if (version <= (known.get(gate) ?? 0)) {
        this.behindSince.delete(gate);
        continue;
      }
      const since = this.behindSince.get(gate) ?? Date.now();
      this.behindSince.set(gate, since);
      if (Date.now() - since < this.opts.lagGraceMs) continue;
      this.logger.warn(
        `${gate}: the yard-queue is at version ${version}, the log at ${known.get(gate) ?? 0} for ${Date.now() - since} ms; taking a snapshot`,
      );
      const v = await this.rebase(gate);
      if (v !== null) moved.push({ gate, version: v });
    }
    return moved;
  }
}
