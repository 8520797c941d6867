import { type DataSource, In } from 'typeorm';
import type { AnyEventEnvelope, EventType } from './contracts.js';
import type { SinkRegistration } from './outbox.js';
import { OutboxPending, OutboxSink } from './outbox.entities.js';

/** Rough upper bound of one delivered batch (stored size; JSON on the wire is of the same order). */
export const MAX_BATCH_BYTES = 4 * 1024 * 1024;

export interface EventSink extends SinkRegistration {
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

/** What one sink has still to receive. */
export interface SinkBacklog {
  sink: string;
  events: number;
  /** Age of the oldest event the sink has not received (0 when none). */
  oldestSeconds: number;
}

/** An event queued for a sink, with its stored size (one row of the batch query). */
interface OutboxRow {
  sequence: string;
  id: string;
  type: EventType;
  aggregate_id: string;
  payload: unknown;
  occurred_at: Date;
  request_id: string | null;
  bytes: number;
}

interface LockRow {
  locked: boolean;
}

interface QueuedRow {
  queued: boolean;
}

interface LagRow {
  n: number;
}

interface BacklogRow {
  sink: string;
  events: number;
  oldest: number;
}

/**
 * Delivers a service's outbox to its sinks, at least once and in outbox order (so in order per aggregate).
 * Each sink has its own queue (`outbox_pending`, filled by a trigger) and its own loop and backoff, so a sink
 * that is down delays only itself. Per sink, one relay works at a time (a transaction-scoped advisory lock),
 * and a batch leaves the queue in the transaction that read it: a relay that dies mid-batch leaves the batch
 * queued, and the next relay delivers it again to consumers that ignore event ids they have already applied.
 * Every step is bounded (the client's query timeout, the sink's request timeout), so a lost database
 * connection fails the batch instead of stopping the loop.
 */
export class OutboxRelay {
  private running = false;
  private readonly wakers = new Set<() => void>();
  private loops: Promise<void>[] = [];
  private registered = false;
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

  /** Records this relay's sinks and the event types each takes (events written from then on are queued for them). */
  async register(): Promise<void> {
    const sinks = this.ds.getRepository(OutboxSink);
    for (const s of this.sinks) await sinks.upsert({ sink: s.name, types: [...s.types] }, ['sink']);
    this.registered = true;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loops = this.sinks.map((sink) => this.run(sink));
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const wake of this.wakers) wake();
    await Promise.all(this.loops);
  }

  /** Tells the relay new events were committed, so it need not wait for its next poll. */
  poke(): void {
    for (const wake of this.wakers) wake();
  }

  /** Delivers one batch to each sink (or to the one named); returns how many events were delivered. Exposed for tests. */
  async relayOnce(sinkName?: string): Promise<number> {
    let n = 0;
    for (const sink of this.sinks) if (!sinkName || sink.name === sinkName) n += await this.deliverBatch(sink);
    return n;
  }

  /** Events not yet delivered, over all sinks. */
  async lag(): Promise<number> {
    const [{ n }] = await this.ds.query<LagRow[]>('SELECT count(*)::int AS n FROM outbox_pending');
    return n;
  }

  /** Per registered sink: events it has still to receive and how old the oldest is. */
  async backlog(): Promise<SinkBacklog[]> {
    const rows = await this.ds.query<BacklogRow[]>(
      `SELECT s.sink, count(p.sequence)::int AS events, coalesce(extract(epoch FROM now() - min(p.since)), 0)::float8 AS oldest
         FROM outbox_sinks s LEFT JOIN outbox_pending p USING (sink) GROUP BY s.sink ORDER BY s.sink`,
    );
    return rows.map((r) => ({ sink: r.sink, events: r.events, oldestSeconds: Math.round(r.oldest * 10) / 10 }));
  }

  private async deliverBatch(sink: EventSink): Promise<number> {
    // Most polls find nothing: one statement says so, instead of a transaction of four (begin, lock, read,
    // commit) on every poll of every sink of every service. An event queued just after it is the next poll's.
    const [{ queued }] = await this.ds.query<QueuedRow[]>(
      'SELECT EXISTS (SELECT 1 FROM outbox_pending WHERE sink = $1) AS queued',
      [sink.name],
    );
    if (!queued) return 0;
    return this.ds.transaction(async (em) => {
      const [{ locked }] = await em.query<LockRow[]>('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked', [
        `outbox-relay:${this.opts.producer}:${sink.name}`,
      ]);
      if (!locked) return 0;
      const candidates = await em.query<OutboxRow[]>(
        `SELECT o.sequence, o.id, o.type, o.aggregate_id, o.payload, o.occurred_at, o.request_id, pg_column_size(o.payload) AS bytes
           FROM outbox_pending p JOIN outbox o USING (sequence) WHERE p.sink = $1 ORDER BY p.sequence LIMIT $2`,
        [sink.name, this.batchSize],
      );
      if (candidates.length === 0) return 0;
      // Keep a batch to a few megabytes: one event after a big reflow can carry hundreds of entries.
      let total = 0;
      const rows = candidates.filter((r, i) => (total += Number(r.bytes)) <= MAX_BATCH_BYTES || i === 0);
      // The payload was written by `writeEvent` with the shape its type names.
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
      await sink.deliver(events);
      await em.delete(OutboxPending, { sink: sink.name, sequence: In(rows.map((r) => r.sequence)) });
      this.opts.onDelivered?.(sink.name, events.length);
      return rows.length;
    });
  }

  private async run(sink: EventSink): Promise<void> {
    let backoff = 0;
    while (this.running) {
      let delivered = 0;
      try {
        if (!this.registered) await this.register();
        delivered = await this.deliverBatch(sink);
        backoff = 0;
      } catch (e) {
        backoff = Math.min(this.maxBackoffMs, backoff ? backoff * 2 : 100);
        this.opts.log?.(
          `outbox relay ${this.opts.producer} → ${sink.name}: ${(e as Error).message}; retry in ${backoff} ms`,
        );
      }
      if (!this.running) break;
      if (delivered > 0 && backoff === 0) continue;
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(t);
          this.wakers.delete(wake);
          resolve();
        };
        const t = setTimeout(wake, backoff || this.idleDelayMs);
        this.wakers.add(wake);
      });
    }
  }
}
