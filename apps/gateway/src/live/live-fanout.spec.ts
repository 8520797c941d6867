import { SchedulerRegistry } from '@nestjs/schedule';
import type { QueueEntryView, QueueListing } from '#libs/events/src/index.js';
import { LiveFanout } from './live-fanout.js';
import type { LiveOptions } from './live-options.js';
import type { LiveServer, LiveSocket } from './live-socket.js';
import type { LogRow, QueueLogRepository } from './queue-log.repository.js';
import type { QueueProjector } from './queue-projector.js';
import type { YardQueueClient } from './yard-queue.client.js';

// The fan-out's bookkeeping of a board room, with the log and the yard's snapshots as plain data: which versions a
// board room's clients are told of when the gateway's log starts again from a snapshot (a barrier).
const GATE = 'TAN_THANH';
const gateState = (version: number) => ({
  code: GATE,
  name: 'Tân Thanh',
  version,
  callReachMinutes: null,
  suspension: null,
});
const congestion = { EXPORT: { waiting: 1, level: 'GREEN' }, IMPORT: { waiting: 0, level: 'GREEN' } };
const entry = (id: string, position: number) =>
  ({
    id,
    plate: `20C-0${position}.11`,
    direction: 'EXPORT',
    status: 'CHECKED_IN',
    position,
    firmId: 'f',
  }) as QueueEntryView;

function listing(version: number, entries: QueueEntryView[]): QueueListing {
  return { gate: GATE, version, gateState: gateState(version), congestion, entries };
}

function row(version: number, o: { reset?: boolean; upserts?: QueueEntryView[] } = {}): LogRow {
  return {
    gate: GATE,
    version,
    reset: o.reset ?? false,
    reason: o.reset ? 'snapshot' : 'check-in',
    changes: { upserts: o.upserts ?? [], removed: [], moved: [] },
    gateState: gateState(version),
    congestion,
  };
}

it('loads a board room again after a barrier at the version its clients hold, and sends them what follows', async () => {
  const log: LogRow[] = [];
  let yardAt = listing(7, [entry('a', 1)]);
  const repo = {
    stream: () => Promise.resolve({ version: 5 }),
    logAfter: (_gate: string, after: number) => Promise.resolve(log.filter((r) => r.version > after)),
  } as unknown as QueueLogRepository;
  const yard = { snapshot: () => Promise.resolve(yardAt) } as unknown as YardQueueClient;
  const sent: { room: string; event: string; m: { version: number; baseVersion?: number } }[] = [];
  const server = {
    of: () => ({ adapter: { on: () => undefined } }),
    on: () => undefined,
    serverSideEmit: () => undefined,
    local: { to: (room: string) => ({ emit: (event: string, m: never) => sent.push({ room, event, m }) }) },
  } as unknown as LiveServer;
  const scheduler = new SchedulerRegistry();
  const opts = { heartbeatMs: 3_600_000, boardThrottleMs: 0, lagGraceMs: 3_600_000 } as LiveOptions;
  const fanout = new LiveFanout(repo, yard, {} as QueueProjector, opts, scheduler);
  fanout.attach(server);
  try {
    const socket = { id: 's1', join: () => undefined, emit: () => undefined, connected: true } as unknown as LiveSocket;
    await fanout.ensureGate(GATE);
    const room = fanout.join(socket, GATE, { view: 'board', firmId: null, board: { top: 10, direction: null } });
    // The room's picture comes from the yard at 7, ahead of the gateway's log (at 5): its clients hold 7.
    expect(await fanout.syncBoard(socket, room, null)).toEqual({ mode: 'snapshot', version: 7 });
    // The gateway's log catches up by a snapshot of its own at 7 (a barrier), then goes on with 8.
    log.push(row(6), row(7, { reset: true }));
    await fanout.notify(GATE);
    yardAt = listing(8, [entry('a', 1), entry('b', 2)]);
    log.push(row(8, { upserts: [entry('b', 2)] }));
    await fanout.notify(GATE);
    await new Promise((r) => setImmediate(r));
    const told = sent.filter((s) => s.room === room).map((s) => s.m.version);
    // Told of 8, by a delta or by a heartbeat past 7 that makes them resync: not left at 7 for good.
    expect(Math.max(...told)).toBe(8);
  } finally {
    fanout.onModuleDestroy();
  }
});
