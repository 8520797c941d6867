import { Inject, Injectable, Logger } from '@nestjs/common';
import { CLOCK, type Clock } from '#libs/clock/src/index.js';
import { congestionLevel } from '#libs/domain/src/index.js';
import type { Congestion, EventEnvelope } from '#libs/events/src/index.js';
import { LIVE_OPTIONS, type LiveOptions } from './live-options.js';
import { firmsIn } from './live-views.js';
import { QueueLogRepository } from './queue-log.repository.js';
import { projectChange } from './queue-projection.js';
import { YardQueueClient } from './yard-queue.client.js';

/** The gateway cannot apply an event on its copy (no copy yet, a version gap, a copy that drifted). */
class NeedsSnapshot extends Error {}

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
    const p = event.payload;
    let applied: number | null = null;
    await this.repo.consumeOnce(event, async (tx) => {
      const now = this.clock.now();
      let stream = await tx.lockStream(p.gate);
      if (!stream && p.version === 1) {
        await tx.createStream(
          { gate: p.gate, version: 0, gateState: p.gateState, congestion: congestionOf({ EXPORT: 0, IMPORT: 0 }) },
          now,
        );
        stream = await tx.lockStream(p.gate);
      }
      if (!stream) throw new NeedsSnapshot(`first event seen is version ${p.version}`);
      if (p.version <= stream.version) return;
      if (p.version > stream.version + 1) throw new NeedsSnapshot(`version ${p.version} after ${stream.version}`);
      const projection = projectChange(await tx.storedEntries(p.gate), p.entries);
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
      await tx.advanceStream({ gate: p.gate, version: p.version, gateState: p.gateState, congestion }, now);
      if (p.version % 100 === 0) await tx.prune(p.gate, p.version - this.opts.logKeep + 1);
      applied = p.version;
    });
    return applied;
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
