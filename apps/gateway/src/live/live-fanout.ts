import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { mergeChanges } from '#libs/live-client/src/changes.js';
import type {
  Congestion,
  GateState,
  LiveChanges,
  QueueEntryView,
  ServerToClientEvents,
} from '#libs/live-client/src/protocol.js';
import { LIVE_OPTIONS, type LiveOptions } from './live-options.js';
import { firmRoom, type LiveServer, type LiveSocket, liveRoom } from './live-socket.js';
import { changesFor, firmsIn, type ViewScope } from './live-views.js';
import { type LogRow, QueueLogRepository } from './queue-log.repository.js';
import { QueueProjector } from './queue-projector.js';

/** The fan-out's periodic jobs, by their name in the SchedulerRegistry. */
const LIVE_JOBS = { heartbeat: 'live-heartbeat', lagCheck: 'live-lag-check' } as const;

/** What this instance has told a room (all its sockets got the same messages). */
interface RoomState {
  room: string;
  gate: string;
  scope: ViewScope;
  /** Version of the last delta or heartbeat sent: the next message's baseVersion. */
  lastEmitted: number;
  /** The board's changes waiting for the next allowed message. */
  pending: {
    changes: LiveChanges;
    version: number;
    reason: string | null;
    gateState: GateState;
    congestion: Congestion;
  } | null;
  lastFlushAt: number;
  flushTimer: ReturnType<typeof setTimeout> | null;
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

  constructor(
    private readonly repo: QueueLogRepository,
    private readonly projector: QueueProjector,
    @Inject(LIVE_OPTIONS) private readonly opts: LiveOptions,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  attach(server: LiveServer): void {
    this.server = server;
    server.of('/').adapter.on('delete-room', (room: string) => this.dropRoom(room));
    // Only gates this instance serves matter to it; it reads what changed from the log, not from the message.
    server.on('live:applied', (m) => {
      if (typeof m?.gate === 'string' && this.fanned.has(m.gate)) void this.notify(m.gate);
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
    void this.notify(gate);
    try {
      this.server?.serverSideEmit('live:applied', { gate, version });
    } catch (e) {
      // The others still catch up at their next heartbeat.
      this.logger.warn(`could not tell the other instances about ${gate}@${version}: ${(e as Error).message}`);
    }
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
        pending: null,
        lastFlushAt: 0,
        flushTimer: null,
      });
    }
    return room;
  }

  leave(socket: LiveSocket, room: string): void {
    void socket.leave(room);
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
      r.pending = null;
      this.emitTo(r.room, 'queue.heartbeat', { gate, view: r.scope.view, baseVersion: version, version });
      r.lastEmitted = version;
    }
  }

  private deliver(row: LogRow): void {
    const c = row.changes;
    const gateLevel = c.upserts.length + c.removed.length + c.moved.length === 0;
    const firms = new Set(firmsIn(c));
    for (const r of this.roomsOf(row.gate)) {
      // A firm hears of versions that touched its vehicles, and of gate-level changes (suspension, settings).
      if (r.scope.view === 'firm' && !gateLevel && !firms.has(r.scope.firmId!)) continue;
      const changes = changesFor(r.scope, c);
      if (r.scope.view === 'board') {
        this.queueBoard(r, row, changes);
        continue;
      }
      this.emitDelta(r, row.version, row.reason, changes, row.gateState, row.congestion);
    }
    for (const entry of [...c.upserts, ...c.removed]) this.notifyFirm(row, entry);
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

  /** The board gets at most one message per throttle period per gate: changes in between are folded into it. */
  private queueBoard(r: RoomState, row: LogRow, changes: LiveChanges): void {
    r.pending = {
      changes: r.pending ? mergeChanges(r.pending.changes, changes) : changes,
      version: row.version,
      reason: row.reason,
      gateState: row.gateState,
      congestion: row.congestion,
    };
    const wait = r.lastFlushAt + this.opts.boardThrottleMs - Date.now();
    if (wait <= 0) this.flushBoard(r);
    else r.flushTimer ??= setTimeout(() => this.flushBoard(r), wait);
  }

  private flushBoard(r: RoomState): void {
    if (r.flushTimer) clearTimeout(r.flushTimer);
    r.flushTimer = null;
    const p = r.pending;
    if (!p || this.rooms.get(r.room) !== r) return;
    r.pending = null;
    r.lastFlushAt = Date.now();
    this.emitDelta(r, p.version, p.reason, p.changes, p.gateState, p.congestion);
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
      // A firm's room is current up to everything sent out here: versions without its vehicles did not concern it.
      const covered = r.scope.view === 'firm' ? Math.max(r.lastEmitted, this.fannedVersion(r.gate)) : r.lastEmitted;
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
