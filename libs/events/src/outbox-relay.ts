import type { DataSource } from 'typeorm';
import type { AnyEventEnvelope, EventType } from './contracts.js';

/** Rough upper bound of one delivered batch (stored size; JSON on the wire is of the same order). */
export const MAX_BATCH_BYTES = 4 * 1024 * 1024;

export interface EventSink {
  name: string;
  /** Which event types this sink wants. */
  accepts(type: EventType): boolean;
  /** Delivers a batch in order; throws if the batch was not accepted as a whole. */
  deliver(events: AnyEventEnvelope[]): Promise<void>;
}

export interface RelayOptions {
  producer: string;
  batchSize?: number;
  idleDelayMs?: number;
  maxBackoffMs?: number;
  log?: (msg: string) => void;
  /** Called after a sink accepted a batch (for metrics). */
  onDelivered?: (sink: string, count: number) => void;
}

interface OutboxRow {
  sequence: string;
  id: string;
  type: EventType;
  aggregate_id: string;
  payload: unknown;
  occurred_at: Date;
  request_id: string | null;
}

/**
 * Delivers a service's outbox to its sinks, at least once and in outbox order (so in order per
 * aggregate). Only one relay of a service works at a time (a transaction-scoped advisory lock), and a
 * batch is marked published in the same transaction that read it: a relay that dies mid-batch
 * leaves the batch unpublished, and the next relay delivers it again to consumers that ignore
 * event ids they have already applied.
 */
export class OutboxRelay {
  private running = false;
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private readonly batchSize: number;
  private readonly idleDelayMs: number;
  private readonly maxBackoffMs: number;

  constructor(
    private readonly ds: DataSource,
    private readonly sinks: EventSink[],
    private readonly opts: RelayOptions,
  ) {
    this.batchSize = opts.batchSize ?? 200;
    this.idleDelayMs = opts.idleDelayMs ?? 250;
    this.maxBackoffMs = opts.maxBackoffMs ?? 5000;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** Tells the relay new events were committed, so it need not wait for its next poll. */
  poke(): void {
    this.wake?.();
  }

  /** Delivers one batch; returns how many events it published. Exposed for tests. */
  async relayOnce(): Promise<number> {
    return this.ds.transaction(async (em) => {
      const [{ locked }] = await em.query('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked', [`outbox-relay:${this.opts.producer}`]);
      if (!locked) return 0;
      const candidates: (OutboxRow & { bytes: number })[] = await em.query(
        'SELECT sequence, id, type, aggregate_id, payload, occurred_at, request_id, pg_column_size(payload) AS bytes FROM outbox WHERE published_at IS NULL ORDER BY sequence LIMIT $1',
        [this.batchSize],
      );
      if (candidates.length === 0) return 0;
      // Keep a batch to a few megabytes: one event after a big reflow can carry hundreds of entries.
      let total = 0;
      const rows = candidates.filter((r, i) => (total += Number(r.bytes)) <= MAX_BATCH_BYTES || i === 0);
      const events = rows.map(
        (r) =>
          ({
            id: r.id,
            type: r.type,
            aggregateId: r.aggregate_id,
            producer: this.opts.producer,
            occurredAt: new Date(r.occurred_at).toISOString(),
            sequence: Number(r.sequence),
            requestId: r.request_id,
            payload: r.payload,
          }) as AnyEventEnvelope,
      );
      for (const sink of this.sinks) {
        const wanted = events.filter((e) => sink.accepts(e.type));
        if (wanted.length) {
          await sink.deliver(wanted);
          this.opts.onDelivered?.(sink.name, wanted.length);
        }
      }
      await em.query('UPDATE outbox SET published_at = now() WHERE sequence = ANY($1::bigint[])', [rows.map((r) => r.sequence)]);
      return rows.length;
    });
  }

  /** Number of events not yet published (the outbox lag). */
  async lag(): Promise<number> {
    const [{ n }] = await this.ds.query('SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL');
    return n;
  }

  private async run(): Promise<void> {
    let backoff = 0;
    while (this.running) {
      let delivered = 0;
      try {
        delivered = await this.relayOnce();
        backoff = 0;
      } catch (e) {
        backoff = Math.min(this.maxBackoffMs, backoff ? backoff * 2 : 100);
        this.opts.log?.(`outbox relay ${this.opts.producer}: ${(e as Error).message}; retry in ${backoff} ms`);
      }
      if (delivered > 0 && backoff === 0) continue;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, backoff || this.idleDelayMs);
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wake = null;
    }
  }
}
