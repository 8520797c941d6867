import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { RateLimiterMemory, type RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { DataSource } from 'typeorm';
import { type AuthUser, canActAtGate } from '#libs/auth/src/index.js';
import { isPermitted, type Permission, PERMISSIONS } from '#libs/domain/src/index.js';
import { AppError } from '#libs/errors/src/index.js';
import type { QueueListing } from '#libs/events/src/index.js';
import {
  BOARD_TOP,
  type BoardLookupResult,
  type LiveView,
  type ResyncResult,
  type SubscribeResult,
  type SyncMode,
} from '#libs/live-client/src/protocol.js';
import { sharedRateLimiter } from '#libs/runtime/src/rate-limits.js';
import { GATEWAY_DB } from '../database/gateway-database.js';
import type { BoardLookupDto, ResyncDto, SubscribeDto, UnsubscribeDto } from './dto/live-messages.dto.js';
import { LiveFanout } from './live-fanout.js';
import { LIVE_OPTIONS, type LiveOptions } from './live-options.js';
import type { LiveSocket, LiveSubscriptionRecord } from './live-socket.js';
import { coalesceFor, entriesFor, type ViewScope } from './live-views.js';
import { QueueLogRepository } from './queue-log.repository.js';
import { YardQueueClient } from './yard-queue.client.js';

/** The permission each signed-in view needs (the board needs none). */
const VIEW_PERMISSION: Record<Exclude<LiveView, 'board'>, Permission> = {
  customs: 'live.customs',
  border: 'live.border',
  yard: 'live.yard',
  firm: 'live.firm',
};
/** A socket follows a handful of gates at most. */
const MAX_SUBSCRIPTIONS = 8;
/**
 * Plate lookups: a driver looks up a plate or two (a typo, then the right one); a yard's phones share a few
 * addresses behind the carrier's NAT. Enough for that, too few to walk the queue plate by plate.
 */
const LOOKUP_LIMITS = {
  perSocket: { points: 10, duration: 60 },
  perIp: { points: 120, duration: 60 },
} as const;

/**
 * Subscriptions: who may see which view of which gate, and bringing a socket up to date (a snapshot, or the
 * deltas it missed from the log). Messages arrive validated; a refusal is thrown as an AppError, which the
 * gateway's filter turns into the error ack.
 */
@Injectable()
export class LiveQueueService {
  private readonly logger = new Logger('LiveQueue');
  private readonly lookupsPerSocket = new RateLimiterMemory({ keyPrefix: 'lookup-socket', ...LOOKUP_LIMITS.perSocket });
  private readonly lookupsPerIp: RateLimiterPostgres;

  constructor(
    private readonly fanout: LiveFanout,
    private readonly repo: QueueLogRepository,
    private readonly yard: YardQueueClient,
    @Inject(LIVE_OPTIONS) private readonly opts: LiveOptions,
    @InjectDataSource(GATEWAY_DB) ds: DataSource,
  ) {
    // Counted in the database: every instance of the gateway together.
    this.lookupsPerIp = sharedRateLimiter(ds, { keyPrefix: 'lookup', ...LOOKUP_LIMITS.perIp });
  }

  async subscribe(socket: LiveSocket, dto: SubscribeDto): Promise<SubscribeResult> {
    const scope = this.authorize(socket.data.user, dto.gate, dto.view);
    if (dto.view === 'board') scope.board = { top: dto.top ?? BOARD_TOP.default, direction: dto.direction ?? null };
    else if (dto.top !== undefined || dto.direction !== undefined)
      throw AppError.invalid(dto.top !== undefined ? 'top' : 'direction', 'boardOnlyOptions');
    const subs = socket.data.subs;
    const previous = subs.get(dto.gate);
    if (!previous && subs.size >= MAX_SUBSCRIPTIONS)
      throw AppError.invalid('gate', 'maxGatesPerConnection', { n: MAX_SUBSCRIPTIONS });
    if (previous) this.drop(socket, previous);
    // A gate the gateway has no log of must exist at the yard-queue before anything is kept for it.
    if (!(await this.repo.stream(dto.gate))) await this.yard.snapshot(dto.gate);
    await this.fanout.ensureGate(dto.gate);
    // Gone while this was answered: a room joined now would never be left.
    if (!socket.connected) throw new AppError('CONFLICT', 'connectionClosed');
    const sub: LiveSubscriptionRecord = { gate: dto.gate, scope, room: this.fanout.join(socket, dto.gate, scope) };
    subs.set(dto.gate, sub);
    try {
      const { mode, version } = await this.bringUpToDate(socket, sub, dto.sinceVersion ?? null);
      return {
        gate: dto.gate,
        view: dto.view,
        mode,
        version,
        heartbeatMs: this.opts.heartbeatMs,
        ...(scope.board ? { top: scope.board.top } : {}),
      };
    } catch (e) {
      this.drop(socket, sub);
      throw e;
    }
  }

  async resync(socket: LiveSocket, dto: ResyncDto): Promise<ResyncResult> {
    const sub = socket.data.subs.get(dto.gate);
    if (!sub) throw new AppError('CONFLICT', 'notSubscribed', { gate: dto.gate });
    const { mode, version } = await this.bringUpToDate(socket, sub, dto.sinceVersion);
    return { gate: dto.gate, view: sub.scope.view, mode, version };
  }

  /** One plate on a gate whose board the socket follows; anyone may ask, a few times a minute. */
  async lookup(socket: LiveSocket, dto: BoardLookupDto): Promise<BoardLookupResult> {
    const sub = socket.data.subs.get(dto.gate);
    if (sub?.scope.view !== 'board') throw new AppError('CONFLICT', 'boardBeforePlateSearch', { gate: dto.gate });
    try {
      await this.lookupsPerSocket.consume(socket.id);
      await this.lookupsPerIp.consume(socket.handshake.address);
    } catch (e) {
      if (!(e instanceof RateLimiterRes)) throw e;
      const seconds = Math.max(1, Math.ceil(e.msBeforeNext / 1000));
      throw new AppError('RATE_LIMITED', 'tooManyPlateSearches', { seconds });
    }
    return this.fanout.lookupPlate(socket, sub.room, dto.plate);
  }

  unsubscribe(socket: LiveSocket, dto: UnsubscribeDto): { gate: string } {
    const sub = socket.data.subs.get(dto.gate);
    if (sub) this.drop(socket, sub);
    return { gate: dto.gate };
  }

  /** Role and gate scope: officers' views for that agency's officers of the gate; the firm view for a firm; the board for anyone. */
  private authorize(user: AuthUser | null, gate: string, view: LiveView): ViewScope {
    if (view === 'board') return { view, firmId: null };
    if (!user) throw new AppError('UNAUTHENTICATED', 'loginForQueue');
    if (view === 'firm') {
      if (!isPermitted(user.role, VIEW_PERMISSION.firm) || !user.firmId) throw AppError.forbidden('firmOwnVehicles');
      return { view, firmId: user.firmId };
    }
    if (!isPermitted(user.role, VIEW_PERMISSION[view]))
      throw AppError.forbidden('viewForRoles', { view, roles: PERMISSIONS[VIEW_PERMISSION[view]].join(', ') });
    if (!canActAtGate(user, gate)) throw AppError.forbidden('notAssignedGate', { gate });
    return { view, firmId: null };
  }

  private drop(socket: LiveSocket, sub: LiveSubscriptionRecord): void {
    socket.data.subs.delete(sub.gate);
    this.fanout.leave(socket, sub.room);
  }

  /**
   * The deltas since `since` from the log when it has them all and they are not too many, else a snapshot.
   * The reply is sent before the ack, so a client has it when the ack arrives.
   */
  private async bringUpToDate(
    socket: LiveSocket,
    sub: LiveSubscriptionRecord,
    since: number | null,
  ): Promise<{ mode: SyncMode; version: number }> {
    // The board holds a window, not the log's entries: its own room brings it up to date.
    if (sub.scope.board) return this.fanout.syncBoard(socket, sub.room, since);
    if (since !== null) {
      const replayed = await this.replay(socket, sub, since);
      if (replayed) return replayed;
    }
    return { mode: 'snapshot', version: await this.sendSnapshot(socket, sub) };
  }

  private async replay(
    socket: LiveSocket,
    sub: LiveSubscriptionRecord,
    since: number,
  ): Promise<{ mode: SyncMode; version: number } | null> {
    const stream = await this.repo.stream(sub.gate);
    if (!stream) return null;
    if (since === stream.version) return { mode: 'current', version: since };
    // Ahead of the log: its snapshot came straight from the yard-queue and the log follows, so the room's next
    // deltas follow on — unless the yard-queue itself is not that far (another history): then a snapshot.
    if (since > stream.version) {
      const yardVersion = await this.yard.gateVersions().then(
        (v) => v.get(sub.gate) ?? 0,
        () => since,
      );
      return since <= yardVersion ? { mode: 'current', version: since } : null;
    }
    if (since < stream.logStart || stream.version - since > this.opts.maxReplay) return null;
    const rows = await this.repo.logAfter(sub.gate, since, stream.version, this.opts.maxReplay);
    const contiguous =
      rows.length === stream.version - since && rows.every((r, i) => r.version === since + i + 1 && !r.reset);
    if (!contiguous) return null;
    const last = rows[rows.length - 1];
    socket.emit('queue.delta', {
      gate: sub.gate,
      view: sub.scope.view,
      baseVersion: since,
      version: last.version,
      reason: 'resync',
      changes: coalesceFor(
        sub.scope,
        rows.map((r) => r.changes),
      ),
      gateState: last.gateState,
      congestion: last.congestion,
    });
    return { mode: 'delta', version: last.version };
  }

  /** A consistent snapshot from the yard-queue; the gateway's own copy when the yard-queue does not answer. */
  private async sendSnapshot(socket: LiveSocket, sub: LiveSubscriptionRecord): Promise<number> {
    let listing: QueueListing | null;
    try {
      listing = await this.yard.snapshot(sub.gate, { minVersion: this.fanout.fannedVersion(sub.gate) });
    } catch (e) {
      if (!(e instanceof AppError) || e.code !== 'DEPENDENCY_DOWN') throw e;
      listing = await this.repo.listing(sub.gate);
      if (!listing) throw e;
      this.logger.warn(`${sub.gate}: yard-queue unavailable, snapshot from the gateway's copy`);
    }
    socket.emit('queue.snapshot', {
      gate: sub.gate,
      view: sub.scope.view,
      version: listing.version,
      entries: entriesFor(sub.scope, listing.entries),
      gateState: listing.gateState,
      congestion: listing.congestion,
    });
    return listing.version;
  }
}
