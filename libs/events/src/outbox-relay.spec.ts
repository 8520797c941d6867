import { DataSource } from 'typeorm';
import { createTestDatabase } from '#libs/testing/src/index.js';
import type { AnyEventEnvelope, EventType } from './contracts.js';
import { consumeOnce } from './inbox.js';
import { OUTBOX_DDL, OUTBOX_REQUEST_ID_DDL, outboxPerSinkDdl, writeEvent } from './outbox.js';
import { type EventSink, OutboxRelay } from './outbox-relay.js';
import { OUTBOX_ENTITIES } from './outbox.entities.js';

let ds: DataSource;
let drop: () => Promise<void>;

beforeAll(async () => {
  const db = await createTestDatabase('outbox');
  drop = () => db.drop();
  ds = await new DataSource({
    type: 'postgres',
    url: db.url,
    entities: OUTBOX_ENTITIES,
    extra: { max: 10 },
  }).initialize();
  for (const s of [...OUTBOX_DDL, OUTBOX_REQUEST_ID_DDL]) await ds.query(s);
  for (const s of outboxPerSinkDdl([])) await ds.query(s.sql, s.params);
  await ds.query('CREATE TABLE effects (event_id uuid, aggregate_id text, seq int)');
});
afterAll(async () => {
  await ds?.destroy();
  await drop?.();
});
beforeEach(async () => {
  await ds.query('TRUNCATE outbox, outbox_pending, outbox_sinks, inbox, effects RESTART IDENTITY');
});

/** Writes n events for each aggregate, interleaved as concurrent requests would. */
async function writeEvents(aggregates: string[], n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    for (const a of aggregates) {
      await ds.transaction((em) =>
        writeEvent(
          em,
          'declaration.submitted',
          a,
          { declarationId: a, firmId: 'f', gate: 'HUU_NGHI', seq: i } as never,
          new Date(),
        ),
      );
    }
  }
}

class RecordingSink implements EventSink {
  received: AnyEventEnvelope[] = [];
  constructor(
    private readonly onDeliver?: (events: AnyEventEnvelope[], call: number) => Promise<void>,
    readonly name = 'recording',
    readonly types: EventType[] = ['declaration.submitted', 'declaration.created'],
  ) {}
  private calls = 0;
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
        await em.query('INSERT INTO effects (event_id, aggregate_id, seq) VALUES ($1, $2, $3)', [
          e.id,
          e.aggregateId,
          (e.payload as unknown as { seq: number }).seq,
        ]);
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
      await writeEvent(
        em,
        'declaration.created',
        'a1',
        { declarationId: 'a1', firmId: 'f', gate: 'HUU_NGHI', status: 'DRAFT' },
        new Date(),
      );
      throw new Error('the change failed after writing its event');
    }),
  ).rejects.toThrow('the change failed');
  expect((await ds.query('SELECT count(*)::int AS n FROM outbox'))[0].n).toBe(0);
});

it("delivers every event in order per aggregate, and takes each off the sink's queue", async () => {
  const sink = new RecordingSink();
  const relay = new OutboxRelay(ds, [sink], { producer: 'test', batchSize: 7 });
  await relay.register();
  await writeEvents(['d1', 'd2', 'd3'], 20);
  while ((await relay.relayOnce()) > 0);
  expect(sink.received).toHaveLength(60);
  assertInOrderPerAggregate(sink.received);
  expect(await relay.lag()).toBe(0);
  expect(sink.received.map((e) => e.sequence)).toEqual([...sink.received.map((e) => e.sequence)].sort((a, b) => a - b));
});

it('loses nothing when a sink fails mid-way: the failed batch stays queued and is redelivered', async () => {
  const failing = consumerSink((_e, call) =>
    call === 3 ? Promise.reject(new Error('consumer down')) : Promise.resolve(),
  );
  const relay = new OutboxRelay(ds, [failing], { producer: 'test', batchSize: 5 });
  await relay.register();
  await writeEvents(['d1', 'd2'], 15);
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
  await new OutboxRelay(ds, [consumerSink()], { producer: 'test' }).register();
  await writeEvents(['d1', 'd2', 'd3'], 10);
  let killed = false;
  const dying = consumerSink(async () => {
    if (killed) return;
    killed = true;
    // The relay's transaction holds the advisory lock: find that backend (in this test's database only, not
    // another test file's) and kill it, as a crash would.
    await ds.query(
      `SELECT pg_terminate_backend(pid) FROM pg_locks
        WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid() AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    );
  });
  const relay = new OutboxRelay(ds, [dying], { producer: 'test', batchSize: 8 });
  await expect(relay.relayOnce()).rejects.toThrow();
  // The whole first batch was delivered (and applied) but is still queued.
  expect(dying.received).toHaveLength(8);
  const restarted = new OutboxRelay(ds, [consumerSink()], { producer: 'test', batchSize: 8 });
  while ((await restarted.relayOnce()) > 0);
  expect(await restarted.lag()).toBe(0);
  const effects = await ds.query('SELECT event_id FROM effects');
  expect(effects).toHaveLength(30);
  expect(new Set(effects.map((e: { event_id: string }) => e.event_id)).size).toBe(30);
});

it('lets only one relay deliver at a time, so two running relays keep the order', async () => {
  const sink = new RecordingSink(async () => new Promise((r) => setTimeout(r, 2)));
  const a = new OutboxRelay(ds, [sink], { producer: 'test', batchSize: 6, idleDelayMs: 5 });
  const b = new OutboxRelay(ds, [sink], { producer: 'test', batchSize: 6, idleDelayMs: 5 });
  await a.register();
  await writeEvents(['d1', 'd2', 'd3', 'd4'], 25);
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
  const events: AnyEventEnvelope[] = (await ds.query('SELECT * FROM outbox ORDER BY sequence')).map(
    (r: Record<string, unknown>) => ({
      id: r.id,
      type: r.type,
      aggregateId: r.aggregate_id,
      producer: 'test',
      occurredAt: new Date(r.occurred_at as Date).toISOString(),
      sequence: Number(r.sequence),
      payload: r.payload,
    }),
  );
  const sink = consumerSink();
  await sink.deliver(events);
  await sink.deliver(events);
  await sink.deliver(events.slice(1));
  expect((await ds.query('SELECT count(*)::int AS n FROM effects'))[0].n).toBe(3);
});

it('keeps one queue per sink: a sink that is down holds back only itself, and reports how old its backlog is', async () => {
  let down = true;
  const yard = new RecordingSink(undefined, 'yard');
  const gateway = new RecordingSink(
    () => (down ? Promise.reject(new Error('gateway down')) : Promise.resolve()),
    'gateway',
  );
  const relay = new OutboxRelay(ds, [yard, gateway], {
    producer: 'test',
    batchSize: 4,
    idleDelayMs: 5,
    maxBackoffMs: 20,
  });
  await relay.register();
  await writeEvents(['d1', 'd2'], 10);
  await new Promise((r) => setTimeout(r, 1100));
  relay.start();
  try {
    // A batch leaves its sink's queue when the relay's transaction commits, just after the sink took it.
    const deadline = Date.now() + 10000;
    const pendingFor = async (sink: string) => (await relay.backlog()).find((b) => b.sink === sink)!.events;
    while ((await pendingFor('yard')) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(yard.received).toHaveLength(20);
    expect(gateway.received).toHaveLength(0);
    const backlog = await relay.backlog();
    expect(backlog.find((b) => b.sink === 'yard')).toEqual({ sink: 'yard', events: 0, oldestSeconds: 0 });
    expect(backlog.find((b) => b.sink === 'gateway')).toMatchObject({ events: 20 });
    expect(backlog.find((b) => b.sink === 'gateway')!.oldestSeconds).toBeGreaterThanOrEqual(1);
    // Back up, the gateway gets everything, in order, without the yard's batches being sent again.
    down = false;
    while ((await relay.lag()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(gateway.received).toHaveLength(20);
    assertInOrderPerAggregate(gateway.received);
    expect(yard.received).toHaveLength(20);
    expect(await relay.lag()).toBe(0);
  } finally {
    await relay.stop();
  }
});

it('queues for a sink only the event types it takes', async () => {
  const created = new RecordingSink(undefined, 'created-only', ['declaration.created']);
  const relay = new OutboxRelay(ds, [created], { producer: 'test' });
  await relay.register();
  await writeEvents(['d1'], 3);
  await ds.transaction((em) =>
    writeEvent(
      em,
      'declaration.created',
      'd9',
      { declarationId: 'd9', firmId: 'f', gate: 'HUU_NGHI', status: 'DRAFT' },
      new Date(),
    ),
  );
  while ((await relay.relayOnce()) > 0);
  expect(created.received.map((e) => e.aggregateId)).toEqual(['d9']);
});

it('queues the events not yet published for the sinks named when a service moves to per-sink delivery', async () => {
  await ds.query('CREATE SCHEMA IF NOT EXISTS before_per_sink');
  const old = await new DataSource({
    type: 'postgres',
    url: (ds.options as { url: string }).url,
    entities: OUTBOX_ENTITIES,
    extra: { max: 2, options: '-c search_path=before_per_sink' },
  }).initialize();
  try {
    for (const s of [...OUTBOX_DDL, OUTBOX_REQUEST_ID_DDL]) await old.query(s);
    for (let i = 0; i < 6; i++) {
      await old.transaction((em) =>
        writeEvent(
          em,
          i % 2 ? 'declaration.accepted' : 'declaration.submitted',
          `d${i}`,
          { seq: i } as never,
          new Date(),
        ),
      );
    }
    await old.query('UPDATE outbox SET published_at = now() WHERE sequence <= 2');
    for (const s of outboxPerSinkDdl([{ name: 'yard-queue', types: ['declaration.accepted'] }]))
      await old.query(s.sql, s.params);
    const pending = await old.query('SELECT sink, sequence::int FROM outbox_pending ORDER BY sequence');
    expect(pending).toEqual([
      { sink: 'yard-queue', sequence: 4 },
      { sink: 'yard-queue', sequence: 6 },
    ]);
    // And what is written afterwards is queued by the trigger, in the service's own schema.
    await old.transaction((em) => writeEvent(em, 'declaration.accepted', 'd7', { seq: 7 } as never, new Date()));
    expect((await old.query('SELECT count(*)::int AS n FROM outbox_pending'))[0].n).toBe(3);
  } finally {
    await old.query('DROP SCHEMA before_per_sink CASCADE');
    await old.destroy();
  }
});
