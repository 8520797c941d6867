import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { normalisePlateKey } from '#libs/domain/src/index.js';
import { AppError } from '#libs/errors/src/index.js';
import type { QueueListing } from '#libs/events/src/index.js';
import { applyChanges } from '#libs/live-client/src/changes.js';
import type {
  BoardEntry,
  BoardLookupResult,
  Congestion,
  DeclarationUpdateMessage,
  GateState,
  LiveChanges,
  QueueEntryView,
  ServerToClientEvents,
  SyncMode,
} from '#libs/live-client/src/protocol.js';
import { boardWindow, isEmpty, minutes, windowChanges } from './board-window.js';
import { LIVE_OPTIONS, type LiveOptions } from './live-options.js';
import { firmRoom, type LiveServer, type LiveSocket, liveRoom } from './live-socket.js';
import { changesFor, entriesFor, firmsIn, type ViewScope } from './live-views.js';
import { type LogRow, QueueLogRepository } from './queue-log.repository.js';
import { QueueProjector } from './queue-projector.js';
import { YardQueueClient } from './yard-queue.client.js';

/** The fan-out's periodic jobs, by their name in the SchedulerRegistry. */
const LIVE_JOBS = { heartbeat: 'live-heartbeat', lagCheck: 'live-lag-check' } as const;

/**
 * A board room's picture of the gate: the whole queue (masked) kept from the log, and the window its clients
 * hold. Deltas are the window's changes, so they come only when the window or the counts change.
 */
interface BoardState {
  /** Every listed entry of the gate at `version`, masked, with the last estimate heard. */
  all: Map<string, BoardEntry>;
  version: number;
  latest: { reason: string | null; gateState: GateState; congestion: Congestion };
  /** The window as the room's clients hold it (at `lastEmitted`, or at `version` when nothing is pending). */
  shown: Map<string, BoardEntry>;
  /** The gate state and counts last sent (JSON), to send a delta when only they changed. */
  sentHead: string;
  /** Plate match keys by entry id, for lookups. */
  keys: Map<string, string | null>;
  /** Sockets following one plate (`board.lookup`), with what they were last sent (JSON). */
  watchers: Map<string, { socket: LiveSocket; plateKey: string; last: string }>;
}

/** What this instance has told a room (all its sockets got the same messages). */
interface RoomState {
  room: string;
  gate: string;
  scope: ViewScope;
  /** Version of the last delta or heartbeat sent: the next message's baseVersion. */
  lastEmitted: number;
  /** Officer and firm rooms: nothing is held back. Board rooms: the window changed since the last message. */
  pending: boolean;
  lastFlushAt: number;
  flushTimer: ReturnType<typeof setTimeout> | null;
  /** Board rooms, once loaded (null until a subscriber needs it, or after a barrier). */
  board: BoardState | null;
}

/**
 * Each instance feeds its own sockets from the shared log. Whichever instance applied a version tells
 * the others through the socket.io adapter (Postgres NOTIFY, or Redis); each reads the rows it has not
 * sent yet and sends every room its part: one delta per version to officers, coalesced and throttled
 * deltas to the board, only its own vehicles to a firm. A lost notification costs at most a heartbeat:
 * the heartbeat tick reads the streams' versions and catches up.
 */
@Injectable()
export class LiveFanout implements OnModuleDestroy {
  private readonly logger = new Logger('LiveFanout');
  private server: LiveServer | null = null;
  /** Per gate, the last version this instance has sent out (read from the stream on first use). */
  private readonly fanned = new Map<string, number>();
  private readonly chains = new Map<string, Promise<unknown>>();
  private readonly rooms = new Map<string, RoomState>();
  /** Told of every version applied on any instance (the tracking pages' feed), whether or not a room here follows the gate. */
  private readonly appliedListeners = new Set<(gate: string) => void>();

  constructor(
    private readonly repo: QueueLogRepository,
    private readonly yard: YardQueueClient,
    private readonly projector: QueueProjector,
    @Inject(LIVE_OPTIONS) private readonly opts: LiveOptions,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  attach(server: LiveServer): void {
    this.server = server;
    server.of('/').adapter.on('delete-room', (room: string) => this.dropRoom(room));
    // Only gates this instance serves matter to it; it reads what changed from the log, not from the message.
    server.on('live:applied', (m) => {
      if (typeof m?.gate !== 'string') return;
      this.tellApplied(m.gate);
      if (this.fanned.has(m.gate)) void this.notify(m.gate);
    });
    // Periods from the config, so registered here rather than with @Interval.
    for (const [name, job, ms] of this.jobs())
      this.scheduler.addInterval(
        name,
        setInterval(() => void job(), ms),
      );
  }

  private jobs(): [string, () => Promise<void>, number][] {
    return [
      [LIVE_JOBS.heartbeat, () => this.tick(), this.opts.heartbeatMs],
      [LIVE_JOBS.lagCheck, () => this.checkLag(), Math.max(1000, Math.floor(this.opts.lagGraceMs / 3))],
    ];
  }

  onModuleDestroy(): void {
    // Stopped before the sockets and the database go (the scheduler itself would clear them later at shutdown).
    for (const name of Object.values(LIVE_JOBS))
      if (this.scheduler.doesExist('interval', name)) this.scheduler.deleteInterval(name);
    for (const r of this.rooms.values()) if (r.flushTimer) clearTimeout(r.flushTimer);
    this.server = null;
  }

  /** After this instance applied a version: send it here, and tell the other instances. */
  announce(gate: string, version: number): void {
    this.tellApplied(gate);
    void this.notify(gate);
    try {
      this.server?.serverSideEmit('live:applied', { gate, version });
    } catch (e) {
      // The others still catch up at their next heartbeat.
      this.logger.warn(`could not tell the other instances about ${gate}@${version}: ${(e as Error).message}`);
    }
  }

  onApplied(listener: (gate: string) => void): () => void {
    this.appliedListeners.add(listener);
    return () => this.appliedListeners.delete(listener);
  }

  private tellApplied(gate: string): void {
    for (const listener of this.appliedListeners) listener(gate);
  }

  notify(gate: string): Promise<void> {
    return this.serial(gate, () => this.catchUp(gate)).catch((e: Error) =>
      this.logger.error(`fan-out of ${gate}: ${e.stack ?? e.message}`),
    );
  }

  /** The version this instance has sent out for a gate (a room created now starts from it). */
  ensureGate(gate: string): Promise<number> {
    return this.serial(gate, async () => {
      let v = this.fanned.get(gate);
      if (v === undefined) {
        v = (await this.repo.stream(gate))?.version ?? 0;
        this.fanned.set(gate, v);
      }
      return v;
    });
  }

  fannedVersion(gate: string): number {
    return this.fanned.get(gate) ?? 0;
  }

  /** Puts a socket in a view's room (call after ensureGate, and only after the checks). */
  join(socket: LiveSocket, gate: string, scope: ViewScope): string {
    const room = liveRoom(gate, scope);
    void socket.join(room);
    if (!this.rooms.has(room)) {
      this.rooms.set(room, {
        room,
        gate,
        scope,
        lastEmitted: this.fannedVersion(gate),
        pending: false,
        lastFlushAt: 0,
        flushTimer: null,
        board: null,
      });
    }
    return room;
  }

  leave(socket: LiveSocket, room: string): void {
    this.rooms.get(room)?.board?.watchers.delete(socket.id);
    void socket.leave(room);
  }

  /**
   * Brings a board subscriber up to its room's window: nothing when it already holds it (`since` at or after
   * what the room last sent), else the window as a snapshot. In the gate's chain, so no delta slips in between.
   */
  syncBoard(socket: LiveSocket, room: string, since: number | null): Promise<{ mode: SyncMode; version: number }> {
    const r = this.rooms.get(room);
    if (!r) throw new AppError('CONFLICT', 'connectionClosed');
    return this.serial(r.gate, async () => {
      const b = await this.loadBoard(r);
      const version = r.pending ? r.lastEmitted : b.version;
      if (since !== null && since >= r.lastEmitted && since <= version) return { mode: 'current' as const, version };
      socket.emit('queue.snapshot', {
        gate: r.gate,
        view: 'board',
        version,
        entries: [...b.shown.values()],
        ...(JSON.parse(b.sentHead) as { gateState: GateState; congestion: Congestion }),
      });
      return { mode: 'snapshot' as const, version };
    });
  }

  /** One plate's entry, looked up in the room's whole queue; the socket follows it from now on. */
  lookupPlate(socket: LiveSocket, room: string, plate: string): Promise<BoardLookupResult> {
    const r = this.rooms.get(room);
    if (!r) throw new AppError('CONFLICT', 'connectionClosed');
    return this.serial(r.gate, async () => {
      const b = await this.loadBoard(r);
      const plateKey = normalisePlateKey(plate);
      const entry = plateKey ? this.entryOfPlate(b, plateKey) : null;
      if (plateKey)
        b.watchers.set(socket.id, {
          socket,
          plateKey,
          last: JSON.stringify(entry && { ...entry, eta: minutes(entry.eta) }),
        });
      else b.watchers.delete(socket.id);
      return { gate: r.gate, plateKey, version: b.version, entry };
    });
  }

  private entryOfPlate(b: BoardState, plateKey: string): BoardEntry | null {
    for (const [id, e] of b.all) {
      let key = b.keys.get(id);
      if (key === undefined) b.keys.set(id, (key = normalisePlateKey(e.plate)));
      if (key === plateKey) return e;
    }
    return null;
  }

  /** A board room's picture of the gate, from a snapshot of the yard-queue (or the gateway's copy without it). */
  private async loadBoard(r: RoomState): Promise<BoardState> {
    if (r.board) return r.board;
    let listing: QueueListing | null;
    try {
      listing = await this.yard.snapshot(r.gate, { minVersion: this.fannedVersion(r.gate) });
    } catch (e) {
      if (!(e instanceof AppError) || e.code !== 'DEPENDENCY_DOWN') throw e;
      listing = await this.repo.listing(r.gate);
      if (!listing) throw e;
    }
    const all = new Map(entriesFor(r.scope, listing.entries).map((e) => [e.id, e]));
    const head = { gateState: listing.gateState, congestion: listing.congestion };
    const b: BoardState = {
      all,
      version: listing.version,
      latest: { reason: null, ...head },
      shown: boardWindow(all, r.scope.board!),
      sentHead: JSON.stringify(head),
      keys: new Map(),
      watchers: new Map(),
    };
    if (r.flushTimer) clearTimeout(r.flushTimer);
    r.flushTimer = null;
    r.pending = false;
    r.board = b;
    // Its clients, if any, held an older picture: the heartbeat makes those behind it resync.
    if (r.lastEmitted !== b.version)
      this.emitTo(r.room, 'queue.heartbeat', {
        gate: r.gate,
        view: 'board',
        baseVersion: b.version,
        version: b.version,
      });
    r.lastEmitted = b.version;
    return b;
  }

  private serial<T>(gate: string, work: () => T | Promise<T>): Promise<T> {
    const next = (this.chains.get(gate) ?? Promise.resolve()).then(work, work);
    this.chains.set(
      gate,
      next.catch(() => undefined),
    );
    return next;
  }

  private roomsOf(gate: string): RoomState[] {
    return [...this.rooms.values()].filter((r) => r.gate === gate);
  }

  private async catchUp(gate: string): Promise<void> {
    let from = this.fanned.get(gate);
    if (from === undefined) return;
    if (this.roomsOf(gate).length === 0) {
      // Nobody here watches the gate: only move the marker.
      this.fanned.set(gate, (await this.repo.stream(gate))?.version ?? from);
      return;
    }
    for (;;) {
      const rows = await this.repo.logAfter(gate, from, null, 200);
      for (const row of rows) {
        // A snapshot taken by the gateway, or rows pruned: what came before is not in the log.
        if (row.reset || row.version !== from + 1) this.barrier(gate, row.reset ? row.version : row.version - 1);
        if (!row.reset) this.deliver(row);
        from = row.version;
        this.fanned.set(gate, from);
      }
      if (rows.length < 200) break;
    }
  }

  /** Clients older than `version` cannot be brought forward by deltas: the heartbeat makes them resync. */
  private barrier(gate: string, version: number): void {
    for (const r of this.roomsOf(gate)) {
      if (r.flushTimer) clearTimeout(r.flushTimer);
      r.flushTimer = null;
      r.pending = false;
      this.emitTo(r.room, 'queue.heartbeat', { gate, view: r.scope.view, baseVersion: version, version });
      r.lastEmitted = version;
      if (r.scope.view !== 'board') continue;
      // A board room's picture is loaded again at once, after this catch-up. Its clients may already hold
      // `version` (a snapshot the room took ahead of the log): none of them would resync to reload it, and the
      // room would follow no version after this one.
      r.board = null;
      void this.serial(gate, () => (this.rooms.get(r.room) === r ? this.loadBoard(r) : null)).catch((e: Error) =>
        // The next client to resync loads it.
        this.logger.warn(`board picture of ${r.room} after a barrier: ${e.message}`),
      );
    }
  }

  private deliver(row: LogRow): void {
    const c = row.changes;
    const gateLevel = c.upserts.length + c.removed.length + c.moved.length === 0;
    const firms = new Set(firmsIn(c));
    for (const r of this.roomsOf(row.gate)) {
      // A firm hears of versions that touched its vehicles, and of gate-level changes (suspension, settings).
      if (r.scope.view === 'firm' && !gateLevel && !firms.has(r.scope.firmId!)) continue;
      if (r.scope.view === 'board') {
        this.queueBoard(r, row);
        continue;
      }
      const changes = changesFor(r.scope, c);
      this.emitDelta(r, row.version, row.reason, changes, row.gateState, row.congestion);
    }
    for (const entry of [...c.upserts, ...c.removed]) this.notifyFirm(row, entry);
  }

  /**
   * A decision on one of a firm's declarations, to every socket of that firm on any instance (through the
   * adapter): there is no log to catch up from, so a socket that misses it reloads at its next reconnect.
   */
  notifyDeclaration(firmId: string, message: DeclarationUpdateMessage): void {
    this.server?.to(firmRoom(firmId)).emit('declaration.update', message);
  }

  private notifyFirm(row: LogRow, entry: QueueEntryView): void {
    this.emitTo(firmRoom(entry.firmId), 'vehicle.update', {
      gate: row.gate,
      version: row.version,
      reason: row.reason ?? '',
      entry,
    });
  }

  private emitDelta(
    r: RoomState,
    version: number,
    reason: string | null,
    changes: LiveChanges,
    gateState: GateState,
    congestion: Congestion,
  ): void {
    this.emitTo(r.room, 'queue.delta', {
      gate: r.gate,
      view: r.scope.view,
      baseVersion: r.lastEmitted,
      version,
      reason,
      changes,
      gateState,
      congestion,
    });
    r.lastEmitted = version;
  }

  /**
   * A version into the board room's picture of the gate; its window is compared at most once per throttle
   * period, so changes in between are folded into one message (or none, when the window did not change).
   */
  private queueBoard(r: RoomState, row: LogRow): void {
    const b = r.board;
    // Not loaded yet, or already past this version (its snapshot was newer than the log here).
    if (!b || row.version <= b.version) return;
    const changes = changesFor(r.scope, row.changes);
    applyChanges(b.all, changes as LiveChanges<BoardEntry>);
    for (const id of changes.removals) b.keys.delete(id);
    b.version = row.version;
    b.latest = { reason: row.reason, gateState: row.gateState, congestion: row.congestion };
    r.pending = true;
    const wait = r.lastFlushAt + this.opts.boardThrottleMs - Date.now();
    if (wait <= 0) this.flushBoard(r);
    else r.flushTimer ??= setTimeout(() => this.flushBoard(r), wait);
  }

  private flushBoard(r: RoomState): void {
    if (r.flushTimer) clearTimeout(r.flushTimer);
    r.flushTimer = null;
    const b = r.board;
    if (!r.pending || !b || this.rooms.get(r.room) !== r) return;
    r.pending = false;
    r.lastFlushAt = Date.now();
    const { changes, held } = windowChanges(b.shown, boardWindow(b.all, r.scope.board!));
    const head = JSON.stringify({ gateState: b.latest.gateState, congestion: b.latest.congestion });
    if (!isEmpty(changes) || head !== b.sentHead) {
      b.shown = held;
      b.sentHead = head;
      this.emitDelta(r, b.version, b.latest.reason, changes, b.latest.gateState, b.latest.congestion);
    }
    this.tellWatchers(b, r.gate);
  }

  /** Each socket following a plate hears of it when its entry changed (moved, called, estimated) or left. */
  private tellWatchers(b: BoardState, gate: string): void {
    for (const [id, w] of b.watchers) {
      if (!w.socket.connected) {
        b.watchers.delete(id);
        continue;
      }
      const entry = this.entryOfPlate(b, w.plateKey);
      // As shown: an estimate that moved by seconds does not make a message.
      const json = JSON.stringify(entry && { ...entry, eta: minutes(entry.eta) });
      if (json === w.last) continue;
      w.last = json;
      w.socket.emit('board.plate', { gate, plateKey: w.plateKey, version: b.version, entry });
    }
  }

  /** Local only: every instance sends its own sockets their part (the adapter carries only the notification). */
  private emitTo<E extends keyof ServerToClientEvents>(
    room: string,
    event: E,
    ...args: Parameters<ServerToClientEvents[E]>
  ): void {
    this.server?.local.to(room).emit(event, ...args);
  }

  private dropRoom(room: string): void {
    const r = this.rooms.get(room);
    if (!r) return;
    if (r.flushTimer) clearTimeout(r.flushTimer);
    this.rooms.delete(room);
  }

  /** Heartbeats: every room hears from the server even when nothing changes, after a catch-up from the log. */
  private async tick(): Promise<void> {
    if (!this.server) return;
    try {
      for (const s of await this.repo.streams()) {
        const f = this.fanned.get(s.gate);
        if (f !== undefined && s.version > f) await this.notify(s.gate);
      }
    } catch (e) {
      this.logger.warn(`heartbeat catch-up: ${(e as Error).message}`);
    }
    for (const r of this.rooms.values()) {
      // A firm's room is current up to everything sent out here: versions without its vehicles did not concern it;
      // a board room up to its picture's version, unless a change to its window is still held back.
      const covered =
        r.scope.view === 'firm'
          ? Math.max(r.lastEmitted, this.fannedVersion(r.gate))
          : r.board && !r.pending
            ? Math.max(r.lastEmitted, r.board.version)
            : r.lastEmitted;
      this.emitTo(r.room, 'queue.heartbeat', {
        gate: r.gate,
        view: r.scope.view,
        baseVersion: r.lastEmitted,
        version: covered,
      });
      r.lastEmitted = covered;
    }
  }

  private async checkLag(): Promise<void> {
    if (!this.server) return;
    try {
      for (const { gate, version } of await this.projector.catchUpWithYard()) this.announce(gate, version);
    } catch (e) {
      this.logger.warn(`lag check: ${(e as Error).message}`);
    }
  }
}
