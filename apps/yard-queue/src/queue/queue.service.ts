import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { type AuthUser, canActAtGate, verifySlipCode } from '#libs/auth/src/index.js';
import { CLOCK, type Clock } from '#libs/clock/src/index.js';
import { PLATFORM_CONFIG, type PlatformConfig } from '#libs/config/src/index.js';
import { PG_LOCK_NOT_AVAILABLE, PG_UNIQUE_VIOLATION, pgErrorCode } from '#libs/database/src/index.js';
import {
  ACTIVE_QUEUE_STATES,
  applyAction,
  congestionLevel,
  CONFIRMING_ROLE,
  type Direction,
  DIRECTIONS,
  checkInRefusal,
  formatVietnamTime,
  generateWindows,
  isVehicleState,
  isPermitted,
  isQueueChangeKind,
  judgeNoShow,
  liveBookingRefusal,
  type NoShowJudgement,
  normalisePlateKey,
  orderChangeReason,
  type QueueChangeKind,
  type SuspensionInterval,
  type Permission,
  refusal,
  type Refusal,
  type VehicleState,
} from '#libs/domain/src/index.js';
import {
  type ManagedOutboxRelay,
  type PublicQueueListing,
  type QueueEntryView,
  type QueueListing,
  toPublicListing,
} from '#libs/events/src/index.js';
import { YARD_QUEUE_RELAY } from '../events/yard-queue-events.js';
import { AppError, type Message, refusalMessage, stateMessage } from '#libs/errors/src/index.js';
import { PlatformMetrics } from '#libs/runtime/src/platform-metrics.js';
import type { Counter } from 'prom-client';
import type { CheckInDto, ConfirmDto, NoteDto } from './dto/queue.dto.js';
import {
  applyCall,
  applySharedAction,
  delayRows,
  delaysClosedBy,
  DOMAIN_ACTION,
  type GateAction,
  isFiledAtOnce,
  isSharedAction,
  type SharedAction,
} from './gate-actions.js';
import {
  type CheckInDecision,
  type OrderChangeRow,
  type QueueTx,
  QueueRepository,
  type ReplicaWithLastEntry,
  type VehicleKey,
} from './queue.repository.js';
import { type EntryRecord, type GateRecord, type QueueActor } from './queue.types.js';
import { EtaService } from '../eta/eta.service.js';
import { VehicleDeclarationsClient } from '../events/vehicle-declarations.client.js';
import { compareQueueOrder, gateStateOf, toEntryView } from './queue.view.js';
import { admitted, SlotEngine, SlotRules } from './slot-engine.js';

export interface ChangeOptions {
  /** The change is to the gate itself (suspension, settings): emit it even when no vehicle moved. */
  gateChange?: boolean;
  /** The directions the change may touch: only their lanes are locked. Every direction by default. */
  directions?: readonly Direction[];
  /** Fail at once (PG_LOCK_NOT_AVAILABLE) when another change holds a lane, instead of waiting for it. */
  nowait?: boolean;
  /** Who asked for the change: the event names them and their console (per-console response times). */
  actor?: QueueActor;
  /** Take the lanes in share mode: only for `SHARED_ACTIONS`, on an entry the change locks itself. */
  shared?: boolean;
}

/** A queue entry's status as every message names a state: `CALLED (đã được gọi vào cổng)`. */
const stateInWords = (status: string): Message | string =>
  isVehicleState(status) || status === 'NO_SHOW' ? stateMessage(status) : status;

/** The places of the lane's window open at `now` (none when the gate is closed at this hour), as a call records them. */
const openPlaces = (gate: GateRecord, direction: Direction, now: Date): number =>
  generateWindows(gate.schedules[direction].schedule, now, new Date(now.getTime() + 1))[0]?.capacity ?? 0;

/** A change is followed this soon by new estimates for the gate (changes in between share one). */
const ETA_REFRESH_DELAY_MS = 200;
/** A gate's next refresh of estimates waits at least this many times as long as its last one took… */
const ETA_REFRESH_SPACING = 4;
/** …but never longer than this: estimates follow a change within about two seconds however slow the last pass. */
const ETA_REFRESH_MAX_DELAY_MS = 2000;
/** Times a refresh steps aside for changes holding the lanes before it waits for them (about 5 s). */
const ETA_BUSY_RETRIES = 25;

/** Check-ins decided from unlocked reads tried before the check-in takes its lane for the whole change. */
const CHECK_IN_ATTEMPTS = 3;
/** Shared gate actions decided from unlocked reads tried before the action takes its lane for the whole change. */
const ACTION_ATTEMPTS = 3;
/** Windows a check-in decided without a lock names, in order, for the filing to take the first with a place. */
const CHECK_IN_WINDOWS = 12;

/**
 * Of a plate's (or slip's) copies in the yard, the vehicle this gate may check in, or the refusal that says why not:
 * withdrawn, declared at the other gate, queued already, or its trip over.
 */
function admittedVehicle<V extends ReplicaWithLastEntry>(
  candidates: readonly V[],
  gate: string,
  shown: Refusal | string,
): V {
  const vehicle =
    candidates.find((v) => v.status === 'ACCEPTED' && v.gate === gate) ??
    candidates.find((v) => v.status === 'ACCEPTED') ??
    candidates[0];
  if (!vehicle)
    throw AppError.notFound('acceptedVehicleNotFound', {
      plate: typeof shown === 'string' ? shown : refusalMessage(shown),
    });
  if (vehicle.status !== 'ACCEPTED')
    throw new AppError('CONFLICT', 'declarationWithdrawnNoEntry', { plate: vehicle.snapshot.plate });
  if (vehicle.gate !== gate) {
    throw new AppError('CONFLICT', 'declaredAtOtherGate', {
      plate: vehicle.snapshot.plate,
      declared: vehicle.gate,
      gate,
    });
  }
  const last = vehicle.last;
  if (last && (ACTIVE_QUEUE_STATES as readonly string[]).includes(last.status)) {
    const window: Message | string = last.windowStart
      ? { key: 'windowFrom', params: { time: formatVietnamTime(last.windowStart) } }
      : '';
    throw new AppError('CONFLICT', 'alreadyQueuedAs', {
      plate: vehicle.snapshot.plate,
      state: stateInWords(last.status),
      window,
    });
  }
  // Crossed, turned back or withdrawn from the yard is final for this declaration: a new trip needs a new one.
  if (last && last.status !== 'NO_SHOW') {
    throw new AppError('CONFLICT', 'tripOver', { plate: vehicle.snapshot.plate, state: stateInWords(last.status) });
  }
  // One live booking per vehicle across both gates (a unique index holds it against concurrent check-ins).
  if (vehicle.live) throw AppError.refused('CONFLICT', liveBookingRefusal(vehicle.snapshot.plate, gate, vehicle.live));
  return vehicle;
}

/** A new entry for an admitted vehicle, checked in now, without a window yet. */
function draftEntry(
  vehicle: ReplicaWithLastEntry,
  gate: string,
  now: Date,
  checkedInBy: string,
): EntryRecord & { checkedInBy: string | null } {
  return {
    id: randomUUID(),
    seq: 0,
    vehicleId: vehicle.vehicleId,
    gate,
    direction: vehicle.direction,
    plateKey: vehicle.plateKey,
    priorityClass: vehicle.snapshot.priorityClass,
    status: 'CHECKED_IN',
    snapshot: vehicle.snapshot,
    checkedInAt: now,
    checkedInBy,
    windowStart: null,
    windowEnd: null,
    notBefore: null,
    noShowCount: 0,
    quarantineRequired: vehicle.snapshot.quarantineRequired,
    confirmations: {},
    calledAt: null,
    callDeadline: null,
    callUnreachedAt: null,
    heldBy: null,
    arrivedAt: null,
    clearedAt: null,
    closedAt: null,
    noShowWaiver: null,
  };
}

@Injectable()
export class QueueService implements OnModuleDestroy {
  private readonly logger = new Logger('QueueService');
  /** Per gate, the pending or running refresh of its estimates, and whether another change came meanwhile. */
  private readonly etaRefreshes = new Map<string, { timer: ReturnType<typeof setTimeout> | null; again: boolean }>();
  /** Per gate, how long its last refresh of estimates took (ms). */
  private readonly etaRefreshCost = new Map<string, number>();
  /** Per gate, the gate as a check-in decided without a lock last read it; dropped when a filing finds it moved. */
  private readonly gatesRead = new Map<string, GateRecord>();
  private stopped = false;

  constructor(
    private readonly repo: QueueRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    private readonly metrics: PlatformMetrics,
    @Inject(YARD_QUEUE_RELAY) private readonly relay: ManagedOutboxRelay,
    private readonly declarations: VehicleDeclarationsClient,
    private readonly etas: EtaService,
  ) {
    this.metrics.registerQueueStats(() => this.repo.queueStats(this.clock.now()));
  }

  async checkIn(user: AuthUser, dto: CheckInDto, actor: QueueActor): Promise<QueueEntryView> {
    this.requireGatePermission(user, dto.gate, 'queue.check-in');
    if (!dto.plate === !dto.qr) throw AppError.invalid('plate', 'plateOrQr');
    let vehicleId: string | null = null;
    let plateKey: string | null = null;
    if (dto.qr) {
      vehicleId = verifySlipCode(dto.qr, this.config.jwt.secret);
      if (!vehicleId) throw AppError.invalid('qr', 'qrInvalid');
    } else {
      plateKey = normalisePlateKey(dto.plate);
      if (!plateKey) throw AppError.invalid('plate', 'plateInvalidQuoted', { plate: dto.plate! });
    }
    const by = vehicleId ? { vehicleId } : { plateKey: plateKey! };
    // Checked in by the slip's code: the truck is named as the one on the slip.
    const shown = dto.plate ?? refusal('onTheSlip');
    let checking: { plate: string; plateKey: string } | null = null;
    try {
      // Decided from unlocked reads and filed in one statement; when what it read moved first, read again, and
      // after a few tries (or for a truck that must wait or re-slot others) take the lane for the whole change.
      let fetched = false;
      for (let attempt = 0; attempt < CHECK_IN_ATTEMPTS; attempt++) {
        const filed = await this.checkInAtOnce(user, by, shown, dto.gate, actor, (c) => (checking = c));
        if (filed === 'unknown' && !fetched) {
          await this.fetchAcceptance(by, shown, dto.gate);
          fetched = true;
        } else if (filed !== 'stale') {
          if (filed && filed !== 'unknown') return filed;
          break;
        }
      }
      // Gate and direction of a vehicle never change after acceptance: read them first to lock only its lane.
      let lane = await this.repo.vehicleLane(by, dto.gate);
      if (!lane && !fetched) {
        await this.fetchAcceptance(by, shown, dto.gate);
        lane = await this.repo.vehicleLane(by, dto.gate);
      }
      if (!lane) throw AppError.refused('NOT_FOUND', checkInRefusal(shown, dto.gate, []));
      const view = await this.change(
        dto.gate,
        'check-in',
        async (tx, now) => {
          const vehicle = admittedVehicle(await tx.replicas(by), tx.gate.code, shown);
          checking = { plate: vehicle.snapshot.plate, plateKey: vehicle.plateKey };
          const draft = draftEntry(vehicle, tx.gate.code, now, user.id);
          // Behind every waiting entry of its class (all checked in earlier), then inserted with its window.
          // If some of them wait without a slot, places released or freed since may fit them now: re-slot first.
          const engine = new SlotEngine(tx, now);
          const { floor, usage } = await engine.admission(draft);
          const moved =
            floor === 'WAITING' ? await engine.reflow(draft.direction, await tx.waitingEntries(draft.direction)) : [];
          for (const m of moved) await tx.saveEntry(m, now);
          // After a re-slot the class's windows and the lane's usage moved: both are read again.
          const w = await engine.allocate(draft, { isNew: true, ...(floor === 'WAITING' ? {} : { floor, usage }) });
          draft.windowStart = w?.start ?? null;
          draft.windowEnd = w?.end ?? null;
          const entry = await tx.insertEntry(draft, now, {
            entryId: draft.id,
            action: 'check-in',
            from: 'ACCEPTED',
            to: 'CHECKED_IN',
            actor,
            note: w ? null : 'chưa có khung giờ trống',
            at: now,
          });
          tx.moves.push({ entry, before: null, own: true });
          return [entry, ...moved];
        },
        { directions: [lane.direction] },
      );
      this.metrics.checkIns.inc({ path: 'locked' });
      return view[0];
    } catch (e) {
      if (pgErrorCode(e) !== PG_UNIQUE_VIOLATION) throw e;
      // Another check-in of the same truck committed first, at this gate or the other one: name where it is.
      const c = checking as { plate: string; plateKey: string } | null;
      const live = c ? await this.repo.liveBookingOf(c.plateKey) : null;
      if (c && live) throw AppError.refused('CONFLICT', liveBookingRefusal(c.plate, dto.gate, live));
      throw new AppError('CONFLICT', 'alreadyQueued');
    }
  }

  /**
   * A vehicle's acceptance fetched from the declaration service into the yard: accepted moments ago, its event may
   * still be on its way, and the driver is not refused for that. Without one, the refusal says why in words the
   * driver can act on.
   */
  private async fetchAcceptance(by: VehicleKey, shown: Refusal | string, gate: string): Promise<void> {
    const found = await this.declarations.find(by);
    if (!found.accepted.length) throw AppError.refused('NOT_FOUND', checkInRefusal(shown, gate, found.others));
    await this.repo.saveAcceptedCopies(found.accepted, this.clock.now());
  }

  /**
   * A check-in decided without a lock and filed in one statement (`QueueRepository.fileCheckIn`), so its lane is held
   * only for that statement: the view when filed, 'stale' when something it read moved before it was filed, null
   * when it is not for this path (see `decideCheckIn`).
   */
  private async checkInAtOnce(
    user: AuthUser,
    by: VehicleKey,
    shown: Refusal | string,
    gateCode: string,
    actor: QueueActor,
    checking: (c: { plate: string; plateKey: string }) => void,
  ): Promise<QueueEntryView | 'stale' | 'unknown' | null> {
    // The gate as last read: the filing checks every setting the decision used, and it is read again when one moved.
    const gate = this.gatesRead.get(gateCode) ?? (await this.repo.gate(gateCode));
    if (!gate) return null;
    this.gatesRead.set(gateCode, gate);
    const d = await this.decideCheckIn(by, shown, gate, user.id, actor);
    if (!d || d === 'unknown') return d;
    checking({ plate: d.entry.snapshot.plate, plateKey: d.entry.plateKey });
    const r = await this.repo.fileCheckIn(d);
    if (!this.filedAtOnce(r, gateCode, this.metrics.checkIns, this.metrics.checkInsStale) || 'stale' in r)
      return 'stale';
    const entry = { ...d.entry, seq: r.seq, windowStart: r.window.start, windowEnd: r.window.end };
    return toEntryView(entry, { position: r.position, eta: null });
  }

  /**
   * A check-in decided from reads that lock nothing, by the locked path's rules (the same refusals, `pickWindow`), on
   * `gate` as the caller last read it, for `QueueRepository.fileCheckIn`. Null when it is not for this path: a truck
   * that gets no window or whose class has trucks waiting without one (the locked path re-slots them first);
   * 'unknown' for a vehicle the yard has no copy of (its acceptance is fetched, then the check-in decided again).
   */
  async decideCheckIn(
    by: VehicleKey,
    shown: Refusal | string,
    gate: GateRecord,
    checkedInBy: string,
    actor: QueueActor,
  ): Promise<CheckInDecision | 'unknown' | null> {
    const now = this.clock.now();
    const rules = new SlotRules(gate, now);
    const candidates = await this.repo.checkInReads(by, gate.code, {
      EXPORT: rules.dayStart('EXPORT'),
      IMPORT: rules.dayStart('IMPORT'),
    });
    if (candidates.length === 0) return 'unknown';
    const vehicle = admittedVehicle(candidates, gate.code, shown);
    const entry = draftEntry(vehicle, gate.code, now, checkedInBy);
    const { floor, usage } = admitted(vehicle.admission!);
    // The window the rules give it, then the one they would give it were that one full, and so on: a burst of
    // check-ins decides on the same usage, and the filing takes the first of these that still has a place.
    const windows = rules
      .pickInTurn(entry, floor, usage, CHECK_IN_WINDOWS)
      .map((w) => ({ window: w, released: rules.released(w, entry.direction) }));
    if (windows.length === 0) return null;
    entry.windowStart = windows[0].window.start;
    entry.windowEnd = windows[0].window.end;
    const reason = (aheadOf: number) =>
      orderChangeReason('check-in', { own: true, priorityClass: entry.priorityClass, aheadOf });
    return {
      gate,
      entry,
      windows,
      actor,
      ledger: { reason: reason(0), reasonAhead: reason(1) },
      event: {
        gate: gate.code,
        version: gate.version,
        reason: 'check-in',
        entries: [toEntryView(entry, { position: null, eta: null })],
        gateState: gateStateOf(gate),
        actor: { id: actor.id, console: actor.console },
      },
    };
  }

  async act(
    user: AuthUser,
    entryId: string,
    action: GateAction,
    body: ConfirmDto | NoteDto | undefined,
    actor: QueueActor,
  ): Promise<QueueEntryView> {
    // A call, and the actions past it: decided from unlocked reads and filed in one statement; when what they read
    // moved first, read again, and after a few tries take the lane for the whole change.
    for (let attempt = 0; attempt < ACTION_ATTEMPTS && isFiledAtOnce(action); attempt++) {
      const filed =
        action === 'call'
          ? await this.callAtOnce(user, { entryId }, actor, body)
          : await this.actAtOnce(user, entryId, action, body, actor);
      if (filed === null) break;
      if (filed !== 'stale') return filed;
    }
    const lane = await this.repo.laneOfEntry(entryId);
    if (!lane) throw AppError.notFound('queueEntryNotFound');
    const gate = lane.gate;
    this.requireActor(user, gate, action, body);
    const views = await this.change(
      gate,
      action,
      async (tx, now) => {
        const e = await tx.entry(entryId);
        if (!e) throw AppError.notFound('queueEntryNotFound');
        await this.apply(tx, e, action, body, user, actor, now);
        return [e];
      },
      { directions: [lane.direction], actor, shared: isSharedAction(action) },
    );
    if (isFiledAtOnce(action)) this.metrics.gateActions.inc({ path: 'locked' });
    return views[0];
  }

  /** Whether `user` may take `action` at `gate`: the gate's permission, and for a confirmation the agency's role. */
  private requireActor(user: AuthUser, gate: string, action: GateAction, body: ConfirmDto | NoteDto | undefined): void {
    this.requireGatePermission(user, gate, `queue.${action}`);
    if (action === 'confirm') {
      const agency = (body as ConfirmDto).agency;
      if (CONFIRMING_ROLE[agency] !== user.role)
        throw AppError.forbidden('confirmingRole', { agency, role: CONFIRMING_ROLE[agency] });
    }
  }

  /**
   * A shared action decided without a lock and filed in one statement (`QueueRepository.fileAction`), so its lane is
   * held only for that statement: the view when filed, 'stale' when the entry or the gate moved before it was filed.
   */
  private async actAtOnce(
    user: AuthUser,
    entryId: string,
    action: SharedAction,
    body: ConfirmDto | NoteDto | undefined,
    actor: QueueActor,
  ): Promise<QueueEntryView | 'stale'> {
    const read = await this.repo.actionReads(entryId);
    if (!read) throw AppError.notFound('queueEntryNotFound');
    const { entry: e, history: h } = read;
    this.requireActor(user, e.gate, action, body);
    const gate = await this.gateRead(e.gate);
    const now = this.clock.now();
    const audit = applySharedAction(e, action, body, user, actor, now);
    const view = toEntryView(e, { position: null, eta: null });
    const r = await this.repo.fileAction({
      gate,
      entry: e,
      seen: read.seen,
      audit,
      delays: delaysClosedBy(e, h, audit, gate.delayAttributionMinutes),
      event: this.eventOf(gate, action, view, actor),
    });
    return this.filedAtOnce(r, gate.code, this.metrics.gateActions, this.metrics.gateActionsStale) ? view : 'stale';
  }

  /** The gate as last read: a filing checks every setting its decision used, and it is read again when one moved. */
  private async gateRead(code: string): Promise<GateRecord> {
    const gate = this.gatesRead.get(code) ?? (await this.repo.gate(code));
    if (!gate) throw AppError.notFound('gateNotFound', { gate: code });
    this.gatesRead.set(code, gate);
    return gate;
  }

  /** The event of a one-entry change filed in one statement, which stamps the gate's version into it. */
  private eventOf(gate: GateRecord, reason: string, view: QueueEntryView, actor: QueueActor) {
    return {
      gate: gate.code,
      version: gate.version,
      reason,
      entries: [view],
      gateState: gateStateOf(gate),
      actor: { id: actor.id, console: actor.console },
    };
  }

  /**
   * After a one-statement filing: true when it was filed (the relay woken, new estimates due), false when what it was
   * decided on had moved (counted by what moved; a gate that moved is read again next time).
   */
  private filedAtOnce(
    r: object | { stale: string },
    gate: string,
    filed: Counter<'path'>,
    stale: Counter<'moved'>,
  ): boolean {
    if ('stale' in r) {
      if (r.stale === 'schedule' || r.stale === 'gate') this.gatesRead.delete(gate);
      stale.inc({ moved: r.stale });
      return false;
    }
    filed.inc({ path: 'one-statement' });
    this.relay.poke();
    this.scheduleEtaRefresh(gate);
    return true;
  }

  /**
   * A call decided without a lock and filed in one statement (`QueueRepository.fileCall`), so its lane is held only for
   * that statement: the view when filed, 'stale' when what it read moved first, null when no waiting entry with a
   * window is at the lane (the locked path then says why: no such gate, or none waiting).
   */
  private async callAtOnce(
    user: AuthUser,
    by: { entryId: string } | { gate: string; direction: Direction },
    actor: QueueActor,
    body: NoteDto | undefined,
  ): Promise<QueueEntryView | 'stale' | null> {
    const read = await this.repo.callReads(by);
    if (!read) {
      if ('entryId' in by) throw AppError.notFound('queueEntryNotFound');
      return null;
    }
    const { entry: e, history: h, area } = read;
    if ('entryId' in by) this.requireActor(user, e.gate, 'call', body);
    const gate = await this.gateRead(e.gate);
    const now = this.clock.now();
    const lane = { windowStart: e.windowStart, windowCapacity: openPlaces(gate, e.direction, now), ...area };
    const note = body?.note ?? null;
    const audit = applyCall(e, lane, gate.graceMinutes, actor, note, now);
    const view = toEntryView(e, { position: null, eta: null });
    const r = await this.repo.fileCall({
      gate,
      entry: e,
      seen: read.seen,
      audit,
      delays: delaysClosedBy(e, h, audit, gate.delayAttributionMinutes, lane),
      next: !('entryId' in by),
      area,
      event: this.eventOf(gate, 'call', view, actor),
    });
    return this.filedAtOnce(r, gate.code, this.metrics.gateActions, this.metrics.gateActionsStale) ? view : 'stale';
  }

  /** Calls the next waiting vehicle of a gate and direction (queue order: window, then check-in). */
  async callNext(user: AuthUser, gate: string, direction: Direction, actor: QueueActor): Promise<QueueEntryView> {
    this.requireGatePermission(user, gate, 'queue.call');
    for (let attempt = 0; attempt < ACTION_ATTEMPTS; attempt++) {
      const filed = await this.callAtOnce(user, { gate, direction }, actor, undefined);
      if (filed === null) break;
      if (filed !== 'stale') return filed;
    }
    const views = await this.change(
      gate,
      'call',
      async (tx, now) => {
        const next = await tx.nextToCall(direction);
        if (!next)
          throw new AppError('CONFLICT', 'noneWaiting', {
            direction: { key: direction === 'EXPORT' ? 'directionExport' : 'directionImport' },
          });
        await this.apply(tx, next, 'call', undefined, user, actor, now);
        return [next];
      },
      { directions: [direction], actor },
    );
    this.metrics.gateActions.inc({ path: 'locked' });
    return views[0];
  }

  /** The full queue of a gate for its officers, with positions, ETAs and congestion. */
  async queue(user: AuthUser, gate: string): Promise<QueueListing> {
    this.requireGatePermission(user, gate, 'queue.view');
    return this.listing(gate);
  }

  /** The same listing for a trusted service (the live gateway, by internal token): there is no user to check. */
  internalQueue(gate: string): Promise<QueueListing> {
    return this.listing(gate);
  }

  /** The public board: the listing through the board's privacy mask. */
  async publicQueue(gate: string): Promise<PublicQueueListing> {
    return toPublicListing(await this.listing(gate));
  }

  /** One entry: officers of its gate, or the firm whose vehicle it is. */
  async entry(user: AuthUser, id: string): Promise<QueueEntryView> {
    const e = await this.repo.entry(id);
    if (!e) throw AppError.notFound('queueEntryNotFound');
    if (user.role === 'FIRM' ? e.snapshot.firmId !== user.firmId : !canActAtGate(user, e.gate))
      throw AppError.notFound('queueEntryNotFound');
    const l = await this.listing(e.gate);
    return l.entries.find((x) => x.id === id) ?? toEntryView(e, { position: null, eta: null });
  }

  /** Marks called vehicles whose grace period ran out as no-shows. Returns how many. */
  async sweepNoShows(): Promise<number> {
    const overdue = await this.repo.overdueCalls(this.clock.now());
    let n = 0;
    for (const o of overdue) {
      await this.change(
        o.gate,
        'no-show',
        async (tx, now) => {
          const e = await tx.entry(o.id);
          if (!e || e.status !== 'CALLED' || !e.callDeadline || e.callDeadline >= now) return [];
          await this.apply(
            tx,
            e,
            'no-show',
            undefined,
            null,
            { id: null, role: 'SYSTEM', console: 'grace-period' },
            now,
          );
          n++;
          return [e];
        },
        { directions: [o.direction] },
      );
    }
    return n;
  }

  /**
   * Marks a call the notification service could not confirm reaching the driver, so the yard board shows it. Only
   * the call it names, while the entry is still called: a report that comes late (the truck arrived, or was called
   * again) changes nothing. Applying it twice changes nothing either, so a redelivered event needs no inbox row.
   */
  async markCallUnreached(p: { gate: string; entryId: string; calledAt: string; at: string }): Promise<void> {
    const lane = await this.repo.laneOfEntry(p.entryId);
    if (!lane || lane.gate !== p.gate) return;
    await this.change(
      p.gate,
      'call-unreached',
      async (tx, now) => {
        const e = await tx.entry(p.entryId);
        if (!e || e.status !== 'CALLED' || e.calledAt?.toISOString() !== p.calledAt || e.callUnreachedAt) return [];
        e.callUnreachedAt = new Date(p.at);
        await tx.saveEntry(e, now);
        return [e];
      },
      { directions: [lane.direction] },
    );
  }

  /**
   * Re-slots every direction of every gate: reserved places that reached their release time go to the
   * general queue, and places freed by calls and cancellations are filled in order. Emits only on change.
   */
  async sweepReflow(): Promise<number> {
    let moved = 0;
    for (const gate of await this.repo.gateCodes()) {
      await this.change(gate, 'reflow', async (tx, now) => {
        const engine = new SlotEngine(tx, now);
        const changed: EntryRecord[] = [];
        for (const d of DIRECTIONS) changed.push(...(await engine.reflow(d, await tx.waitingEntries(d))));
        for (const e of changed) await tx.saveEntry(e, now);
        moved += changed.length;
        return changed;
      });
    }
    return moved;
  }

  /**
   * Runs one change of a gate's queue in one transaction: the change, one version, one event with every
   * entry it touched. A change that touches nothing emits nothing, unless it changed the gate itself
   * (`gateChange`: suspension, settings), which consoles must see even when no vehicle moved.
   */
  async change(
    gate: string,
    reason: string,
    work: (tx: QueueTx, now: Date) => Promise<EntryRecord[]>,
    { gateChange = false, directions = DIRECTIONS, nowait = false, actor, shared = false }: ChangeOptions = {},
  ): Promise<QueueEntryView[]> {
    const result = await this.repo.withGate(
      gate,
      directions,
      async (tx) => {
        const now = this.clock.now();
        const touched = await work(tx, now);
        if (touched.length === 0 && !gateChange) return [];
        const views = await this.viewsOf(tx, touched);
        const ledger = isQueueChangeKind(reason) ? await this.orderChanges(tx, reason, views) : [];
        // Last, in one statement: the version that numbers this change, its ledger rows and its event.
        await tx.commitChange(now, ledger, {
          gate,
          version: tx.gate.version,
          reason,
          entries: views,
          gateState: gateStateOf(tx.gate),
          actor: actor ? { id: actor.id, console: actor.console } : null,
        });
        return views;
      },
      { nowait, shared },
    );
    if (result === null) throw AppError.notFound('gateNotFound', { gate });
    // Committed: hand the event to the relay now rather than at its next poll (consoles update at once).
    if (result.length > 0 || gateChange) {
      this.relay.poke();
      if (reason !== 'eta') this.scheduleEtaRefresh(gate);
    }
    return result;
  }

  /**
   * New estimates for every waiting vehicle of a gate, as one change of its queue: the entries whose shown
   * estimate moved go out in a versioned event like any other change, so every console gets them in order.
   */
  async refreshEtas(gate: string): Promise<number> {
    const changed = await this.change(gate, 'eta', (tx, now) => this.etas.refresh(tx, now));
    return changed.length;
  }

  /** The same, unless another change holds the gate's lanes: then null, and the caller tries again later. */
  private async refreshEtasIfFree(gate: string): Promise<number | null> {
    try {
      const changed = await this.change(gate, 'eta', (tx, now) => this.etas.refresh(tx, now), { nowait: true });
      return changed.length;
    } catch (e) {
      if (pgErrorCode(e) === PG_LOCK_NOT_AVAILABLE) return null;
      throw e;
    }
  }

  /** Refreshes every gate's estimates (the clock moves them too: a stall that lasts, a window that starts). */
  async sweepEtas(): Promise<number> {
    let n = 0;
    for (const gate of await this.repo.gateCodes()) n += await this.refreshEtas(gate);
    await this.etas.prune(this.clock.now());
    return n;
  }

  /**
   * A refresh shortly after a change; during a burst of check-ins it waits for a moment when the lanes are free
   * rather than queue for them with the trucks (at most ETA_BUSY_RETRIES times, then it waits its turn).
   */
  private scheduleEtaRefresh(gate: string, busy = 0): void {
    if (this.stopped) return;
    const pending = this.etaRefreshes.get(gate);
    if (pending) {
      // Running: one more pass once it is done. Waiting: the change is covered by it.
      if (!pending.timer) pending.again = true;
      return;
    }
    const state = { timer: null as ReturnType<typeof setTimeout> | null, again: false };
    // Spaced by what the last one cost: under a steady stream of changes a refresh, which holds every lane of the
    // gate, takes at most about a fifth of the gate's time and leaves the rest to the trucks.
    const spaced = ETA_REFRESH_SPACING * (this.etaRefreshCost.get(gate) ?? 0);
    const delay = Math.min(ETA_REFRESH_MAX_DELAY_MS, Math.max(ETA_REFRESH_DELAY_MS, spaced));
    state.timer = setTimeout(() => {
      state.timer = null;
      const started = performance.now();
      const run = busy < ETA_BUSY_RETRIES ? this.refreshEtasIfFree(gate) : this.refreshEtas(gate);
      run
        .then((n) => {
          if (n !== null) this.etaRefreshCost.set(gate, performance.now() - started);
          this.etaRefreshes.delete(gate);
          if (n === null) this.scheduleEtaRefresh(gate, busy + 1);
          else if (state.again) this.scheduleEtaRefresh(gate);
        })
        .catch((e: Error) => {
          this.etaRefreshes.delete(gate);
          this.logger.warn(`estimates of ${gate}: ${e.message}`);
        });
    }, delay);
    this.etaRefreshes.set(gate, state);
  }

  onModuleDestroy(): void {
    this.stopped = true;
    for (const r of this.etaRefreshes.values()) if (r.timer) clearTimeout(r.timer);
  }

  private async apply(
    tx: QueueTx,
    e: EntryRecord,
    action: GateAction,
    body: ConfirmDto | NoteDto | undefined,
    user: AuthUser | null,
    actor: QueueActor,
    now: Date,
  ): Promise<void> {
    if (isSharedAction(action)) {
      // Read before the write, the new row appended: the trail as the locked and the one-statement paths both see it.
      const h = await tx.history(e.id, e.checkedInAt);
      const audit = applySharedAction(e, action, body, user!, actor, now);
      await tx.saveEntry(e, now, audit);
      await tx.recordDelays(delaysClosedBy(e, h, audit, tx.gate.delayAttributionMinutes));
      return;
    }
    const note = body && 'note' in body ? (body.note ?? null) : null;
    if (action === 'call') {
      const h = await tx.history(e.id, e.checkedInAt);
      const lane = await tx.laneConditions(e.direction, e.windowStart, openPlaces(tx.gate, e.direction, now));
      const audit = applyCall(e, lane, tx.gate.graceMinutes, actor, note, now);
      await this.etas.called(tx, e, now);
      await tx.saveEntry(e, now, audit);
      await tx.recordDelays(delaysClosedBy(e, h, audit, tx.gate.delayAttributionMinutes, lane));
      return;
    }
    const from = e.status;
    const engine = new SlotEngine(tx, now);
    let context: object | null = null;
    let judgement: NoShowJudgement | null = null;
    let suspensions: SuspensionInterval[] | null = null;
    if (action === 'no-show' && e.status === 'CALLED') {
      // Judged from the trail: a miss the gate, an agency or a suspension caused is not held against the firm.
      const h = await tx.history(e.id, e.checkedInAt);
      suspensions = h.suspensions;
      judgement = judgeNoShow(h.trail, now, suspensions);
    }
    const waived = judgement?.waived === true;
    const r = applyAction(e.status as VehicleState, DOMAIN_ACTION[action], {
      previousNoShows: waived ? 0 : e.noShowCount,
    });
    if (!r.ok) throw AppError.refused('ILLEGAL_TRANSITION', r.refusal);
    switch (action) {
      case 'no-show': {
        const before = e.windowStart;
        await engine.release(e);
        if (waived) e.noShowWaiver = { at: now.toISOString(), reason: judgement!.reason };
        else e.noShowCount += 1;
        // The audit keeps the judgement by code, the note stays the officer's own.
        if (judgement) context = { waived, party: judgement.party, agency: judgement.agency, reason: judgement.reason };
        e.calledAt = null;
        e.callDeadline = null;
        e.windowStart = null;
        e.windowEnd = null;
        if (r.state === 'ACCEPTED') {
          e.status = 'NO_SHOW';
          e.closedAt = now;
        } else {
          e.status = r.state;
          // Missed calls are re-slotted outside the check-in order (their places went to the trucks behind);
          // a waived one loses no time: the first free window from now.
          e.notBefore = waived ? now : new Date(now.getTime() + tx.gate.noShowPenaltyMinutes * 60_000);
          const w = await engine.allocate(e);
          e.windowStart = w?.start ?? null;
          e.windowEnd = w?.end ?? null;
          tx.moves.push({ entry: e, before, own: true });
        }
        break;
      }
      case 'cancel':
        await engine.release(e);
        e.status = r.state;
        e.closedAt = now;
        break;
    }
    if (from === 'CHECKED_IN' && e.status !== 'CHECKED_IN') await this.etas.withdrawn(tx, e, now);
    await tx.saveEntry(e, now, {
      entryId: e.id,
      action,
      from,
      to: e.status,
      actor,
      note,
      at: now,
      context,
    });
    await this.attributeDelays(tx, e, now, suspensions, judgement);
  }

  /** Records the delays a call, a no-show or a cancellation just closed (see `delayRows`). */
  private async attributeDelays(
    tx: QueueTx,
    e: EntryRecord,
    now: Date,
    known: SuspensionInterval[] | null,
    judgement: NoShowJudgement | null,
  ): Promise<void> {
    const { trail, suspensions } = known
      ? { trail: await tx.trail(e.id), suspensions: known }
      : await tx.history(e.id, e.checkedInAt);
    const rows = delayRows(e, trail, suspensions, tx.gate.delayAttributionMinutes, judgement, now);
    await tx.recordDelays(rows);
  }

  /** The fairness ledger's rows: every truck this change placed or moved, with the reason. */
  private async orderChanges(
    tx: QueueTx,
    kind: QueueChangeKind,
    views: readonly QueueEntryView[],
  ): Promise<OrderChangeRow[]> {
    const positions = new Map(views.map((v) => [v.id, v.position]));
    const rows: OrderChangeRow[] = [];
    for (const m of tx.moves) {
      const position = positions.get(m.entry.id) ?? null;
      const aheadOf =
        m.own && kind === 'check-in' && m.entry.priorityClass === 'PRIORITY' ? await tx.waitingBehind(m.entry) : 0;
      rows.push({
        direction: m.entry.direction,
        entryId: m.entry.id,
        plate: m.entry.snapshot.plate,
        reason: orderChangeReason(kind, { own: m.own, priorityClass: m.entry.priorityClass, aheadOf }),
        windowBefore: m.before,
        windowAfter: m.entry.windowStart,
        position,
      });
    }
    return rows;
  }

  private requireGatePermission(user: AuthUser, gate: string, permission: Permission): void {
    if (!isPermitted(user.role, permission)) throw AppError.forbidden();
    if (!canActAtGate(user, gate)) throw AppError.forbidden('notAssignedGate', { gate });
  }

  /** Views of the touched entries with their current positions and the estimates shown for them. */
  private async viewsOf(tx: QueueTx, touched: EntryRecord[]): Promise<QueueEntryView[]> {
    const waiting = touched.filter((e) => e.status === 'CHECKED_IN');
    const positions = await tx.positions(waiting);
    const etas = await this.etas.shownFor(waiting, tx);
    return touched.map((e) => toEntryView(e, { position: positions.get(e.id) ?? null, eta: etas.get(e.id) ?? null }));
  }

  /**
   * The gate's listing with the version it is at: read again when a change committed between the reads,
   * so a version never labels entries newer than it.
   */
  private async listing(gateCode: string): Promise<QueueListing> {
    for (let attempt = 0; ; attempt++) {
      const l = await this.readListing(gateCode);
      const after = await this.repo.gate(gateCode);
      if (after?.version === l.version || attempt >= 4) return l;
    }
  }

  private async readListing(gateCode: string): Promise<QueueListing> {
    const gate = await this.repo.gate(gateCode);
    if (!gate) throw AppError.notFound('gateNotFound', { gate: gateCode });
    const entries = await this.repo.activeEntries(gateCode);
    const etas = await this.etas.shownFor(entries);
    const views: QueueEntryView[] = [];
    const congestion = {} as QueueListing['congestion'];
    for (const d of DIRECTIONS) {
      const mine = entries.filter((e) => e.direction === d);
      const waiting = mine.filter((e) => e.status === 'CHECKED_IN').sort(compareQueueOrder);
      congestion[d] = { waiting: waiting.length, level: congestionLevel(waiting.length) };
      const positions = new Map(waiting.map((e, i) => [e.id, i + 1]));
      for (const e of mine)
        views.push(toEntryView(e, { position: positions.get(e.id) ?? null, eta: etas.get(e.id) ?? null }));
    }
    views.sort((a, b) => (a.position ?? 0) - (b.position ?? 0) || a.checkedInAt.localeCompare(b.checkedInAt));
    return { gate: gateCode, version: gate.version, gateState: gateStateOf(gate), congestion, entries: views };
  }
}
