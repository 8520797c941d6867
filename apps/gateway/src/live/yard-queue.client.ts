import { Inject, Injectable } from '@nestjs/common';
import { PLATFORM_CONFIG, type PlatformConfig } from '#libs/config/src/index.js';
import type { QueueListing } from '#libs/events/src/index.js';
import { AppError, type Message } from '#libs/errors/src/index.js';
import { LIVE_OPTIONS, type LiveOptions } from './live-options.js';

/** Where the yard-queue serves a gate's consistent snapshot to other services (internal token). */
export function queueSnapshotPath(gate: string): string {
  return `/api/internal/yard-queue/gates/${encodeURIComponent(gate)}/queue-snapshot`;
}

/**
 * Reads the yard-queue over HTTP: a gate's full queue with positions and ETAs, and the gates' versions.
 * Concurrent requests for a gate share one read, and a read younger than the TTL serves new subscribers,
 * so a reconnecting crowd costs the yard-queue one listing, not one each.
 */
@Injectable()
export class YardQueueClient {
  private readonly inflight = new Map<string, Promise<QueueListing>>();
  private readonly cache = new Map<string, { at: number; listing: QueueListing }>();

  constructor(
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @Inject(LIVE_OPTIONS) private readonly opts: LiveOptions,
  ) {}

  /** A snapshot at `minVersion` or later, from the cache when it is young enough (`maxAgeMs` 0: always a fresh read). */
  async snapshot(gate: string, o: { minVersion?: number; maxAgeMs?: number } = {}): Promise<QueueListing> {
    const minVersion = o.minVersion ?? 0;
    const cached = this.cache.get(gate);
    if (
      cached &&
      Date.now() - cached.at <= (o.maxAgeMs ?? this.opts.snapshotTtlMs) &&
      cached.listing.version >= minVersion
    )
      return cached.listing;
    const pending = this.inflight.get(gate);
    if (pending && o.maxAgeMs !== 0) {
      const l = await pending;
      if (l.version >= minVersion) return l;
    }
    return this.read(gate);
  }

  private read(gate: string): Promise<QueueListing> {
    const p = this.fetchJson<QueueListing>(queueSnapshotPath(gate), { key: 'gateNotFound', params: { gate } })
      .then((listing) => {
        this.cache.set(gate, { at: Date.now(), listing });
        return listing;
      })
      .finally(() => {
        if (this.inflight.get(gate) === p) this.inflight.delete(gate);
      });
    this.inflight.set(gate, p);
    return p;
  }

  /** Every gate's current version (the public gate list), to notice events that are not arriving. */
  async gateVersions(): Promise<Map<string, number>> {
    const gates = await this.fetchJson<{ code: string; version: number }[]>('/api/gates', { key: 'gateListNotFound' });
    return new Map(gates.map((g) => [g.code, g.version]));
  }

  private async fetchJson<T>(path: string, what: Message): Promise<T> {
    let res: Response;
    try {
      res = await fetch(new URL(path, this.config.eventTargets.yardQueue), {
        headers: { authorization: `Bearer ${this.config.internalToken}` },
        signal: AbortSignal.timeout(this.opts.snapshotTimeoutMs),
      });
    } catch {
      throw new AppError('DEPENDENCY_DOWN', 'queueServiceDown');
    }
    if (res.status === 404) throw AppError.notFound(what.key, what.params);
    if (!res.ok) throw new AppError('DEPENDENCY_DOWN', 'queueServiceError', { status: res.status });
    return (await res.json()) as T;
  }
}
