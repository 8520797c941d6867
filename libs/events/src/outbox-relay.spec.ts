import { DataSource } from 'typeorm';
import { createTestDatabase } from '#libs/testing/src/index.js';
import type { AnyEventEnvelope } from './contracts.js';
import { consumeOnce } from './inbox.js';
import { OUTBOX_DDL, OUTBOX_REQUEST_ID_DDL, writeEvent } from './outbox.js';
import { type EventSink, OutboxRelay } from './outbox-relay.js';

let ds: DataSource;
let drop: () => Promise<void>;

beforeAll(async () => {
  const db = await createTestDatabase('outbox');
  drop = db.drop;
  ds = await new DataSource({ type: 'postgres', url: db.url, extra: { max: 10 } }).initialize();
  for (const s of [...OUTBOX_DDL, OUTBOX_REQUEST_ID_DDL]) await ds.query(s);
  await ds.query('CREATE TABLE effects (event_id uuid, aggregate_id text, seq int)');
});
afterAll(async () => {
  await ds?.destroy();
  await drop?.();
});
beforeEach(async () => {
  await ds.query('TRUNCATE outbox, inbox, effects RESTART IDENTITY');
});

/** Writes n events for each aggregate, interleaved as concurrent requests would. */
async function writeEvents(aggregates: string[], n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    for (const a of aggregates) {
      await ds.transaction((em) => writeEvent(em, 'declaration.submitted', a, { declarationId: a, firmId: 'f', gate: 'HUU_NGHI', seq: i } as never, new Date()));
    }
  }
}

class RecordingSink implements EventSink {
  name = 'recording';
  received: AnyEventEnvelope[] = [];
  constructor(private readonly onDeliver?: (events: AnyEventEnvelope[], call: number) => Promise<void>) {}
  private calls = 0;
  accepts(): boolean {
    return true;
  }
  async deliver(events: AnyEventEnvelope[]): Promise<void> {
    this.calls++;
    await this.onDeliver?.(events, this.calls);
    this.received.push(...events);
  }
}

/** An idempotent consumer: applies each event once, in the database, through the inbox. */
function consumerSink(onDeliver?: (events: AnyEventEnvelope[], call: number) => Promise<void>): RecordingSink {
  return new RecordingSink(async (events, call) => {
    await onDeliver?.(events, call);
    for (const e of events) {
      await consumeOnce(ds, e, async (em) => {
        await em.query('INSERT INTO effects (event_id, aggregate_id, seq) VALUES ($1, $2, $3)', [e.id, e.aggregateId, (e.payload as unknown as { seq: number }).seq]);
      });
    }
  });
}

function assertInOrderPerAggregate(events: AnyEventEnvelope[]): void {
  const last = new Map<string, number>();
  for (const e of events) {
    const seq = (e.payload as unknown as { seq: number }).seq;
    expect(seq).toBeGreaterThanOrEqual(last.get(e.aggregateId) ?? -1);
    last.set(e.aggregateId, seq);
  }
}

it('writes no event when the change rolls back', async () => {
  await expect(
    ds.transaction(async (em) => {
      await writeEvent(em, 'declaration.created', 'a1', { declarationId: 'a1', firmId: 'f', gate: 'HUU_NGHI', status: 'DRAFT' }, new Date());
      throw new Error('the change failed after writing its event');
    }),
  ).rejects.toThrow('the change failed');
  expect((await ds.query('SELECT count(*)::int AS n FROM outbox'))[0].n).toBe(0);
});

it('delivers every event in order per aggregate, and marks them published', async () => {
  await writeEvents(['d1', 'd2', 'd3'], 20);
  const sink = new RecordingSink();
  const relay = new OutboxRelay(ds, [sink], { producer: 'test', batchSize: 7 });
  while ((await relay.relayOnce()) > 0);
  expect(sink.received).toHaveLength(60);
  assertInOrderPerAggregate(sink.received);
  expect(await relay.lag()).toBe(0);
  expect(sink.received.map((e) => e.sequence)).toEqual([...sink.received.map((e) => e.sequence)].sort((a, b) => a - b));
});

it('loses nothing when a sink fails mid-way: the failed batch stays unpublished and is redelivered', async () => {
  await writeEvents(['d1', 'd2'], 15);
  const failing = consumerSink(async (_e, call) => {
    if (call === 3) throw new Error('consumer down');
  });
  const relay = new OutboxRelay(ds, [failing], { producer: 'test', batchSize: 5 });
  await relay.relayOnce();
  await relay.relayOnce();
  await expect(relay.relayOnce()).rejects.toThrow('consumer down');
  expect(await relay.lag()).toBe(20);
  const healthy = consumerSink();
  const next = new OutboxRelay(ds, [healthy], { producer: 'test', batchSize: 5 });
  while ((await next.relayOnce()) > 0);
  expect(await next.lag()).toBe(0);
  const effects = await ds.query('SELECT aggregate_id, seq FROM effects ORDER BY aggregate_id, seq');
  expect(effects).toHaveLength(30);
});

it('loses nothing when the relay dies mid-batch (its connection killed after delivering), and consumers apply each event once', async () => {
  await writeEvents(['d1', 'd2', 'd3'], 10);
  let killed = false;
  const dying = consumerSink(async () => {
    if (killed) return;
    killed = true;
    // The relay's transaction holds the advisory lock: find that backend and kill it, as a crash would.
    await ds.query(`SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid()`);
  });
  const relay = new OutboxRelay(ds, [dying], { producer: 'test', batchSize: 8 });
  await expect(relay.relayOnce()).rejects.toThrow();
  // The whole first batch was delivered (and applied) but not marked published.
  expect(dying.received).toHaveLength(8);
  const restarted = new OutboxRelay(ds, [consumerSink()], { producer: 'test', batchSize: 8 });
  while ((await restarted.relayOnce()) > 0);
  expect(await restarted.lag()).toBe(0);
  const effects = await ds.query('SELECT event_id FROM effects');
  expect(effects).toHaveLength(30);
  expect(new Set(effects.map((e: { event_id: string }) => e.event_id)).size).toBe(30);
});

it('lets only one relay deliver at a time, so two running relays keep the order', async () => {
  await writeEvents(['d1', 'd2', 'd3', 'd4'], 25);
  const sink = new RecordingSink(async () => new Promise((r) => setTimeout(r, 2)));
  const a = new OutboxRelay(ds, [sink], { producer: 'test', batchSize: 6, idleDelayMs: 5 });
  const b = new OutboxRelay(ds, [sink], { producer: 'test', batchSize: 6, idleDelayMs: 5 });
  a.start();
  b.start();
  const deadline = Date.now() + 10000;
  while ((await a.lag()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  await Promise.all([a.stop(), b.stop()]);
  expect(sink.received).toHaveLength(100);
  assertInOrderPerAggregate(sink.received);
});

it('applies a redelivered event once', async () => {
  await writeEvents(['d1'], 3);
  const events: AnyEventEnvelope[] = (await ds.query('SELECT * FROM outbox ORDER BY sequence')).map((r: Record<string, unknown>) => ({
    id: r.id,
    type: r.type,
    aggregateId: r.aggregate_id,
    producer: 'test',
    occurredAt: new Date(r.occurred_at as Date).toISOString(),
    sequence: Number(r.sequence),
    payload: r.payload,
  }));
  const sink = consumerSink();
  await sink.deliver(events);
  await sink.deliver(events);
  await sink.deliver(events.slice(1));
  expect((await ds.query('SELECT count(*)::int AS n FROM effects'))[0].n).toBe(3);
});
