import { holdPartyOf, missingConfirmations, type Agency } from '#libs/domain/src/index.js';
import { type GateState, noShowWaiverView, type QueueEntryView } from '#libs/events/src/index.js';
import type { EntryRecord, GateRecord } from './queue.types.js';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** The vehicle state an entry implies: a closed NO_SHOW entry means the vehicle is ACCEPTED again. */
export function vehicleStatusOf(entryStatus: string): string {
  return entryStatus === 'NO_SHOW' ? 'ACCEPTED' : entryStatus;
}

export function toEntryView(
  e: EntryRecord,
  extra: { position: number | null; eta: QueueEntryView['eta'] },
): QueueEntryView {
  const s = e.snapshot;
  return {
    id: e.id,
    vehicleId: e.vehicleId,
    declarationId: s.declarationId,
    firmId: s.firmId,
    firmName: s.firmName,
    gate: e.gate,
    direction: e.direction,
    plate: s.plate,
    trailerPlate: s.trailerPlate,
    nationality: s.nationality,
    containerNumber: s.containerNumber,
    sealNumber: s.sealNumber,
    driver: { name: s.driverName, document: s.driverDocument, phone: s.driverPhone },
    priorityClass: e.priorityClass,
    goodsCategories: s.goodsCategories,
    status: e.status,
    vehicleStatus: vehicleStatusOf(e.status),
    window:
      e.windowStart && e.windowEnd ? { start: e.windowStart.toISOString(), end: e.windowEnd.toISOString() } : null,
    position: extra.position,
    checkedInAt: e.checkedInAt.toISOString(),
    notBefore: iso(e.notBefore),
    noShowCount: e.noShowCount,
    noShowWaiver: noShowWaiverView(e.noShowWaiver),
    calledAt: iso(e.calledAt),
    callDeadline: iso(e.callDeadline),
    // The current call only: a later call (after a no-show) starts unconfirmed again, not unreached.
    callUnreached: e.status === 'CALLED' && !!e.calledAt && !!e.callUnreachedAt && e.callUnreachedAt >= e.calledAt,
    heldBy: e.status === 'HELD' ? holdPartyOf(e.heldBy) : null,
    arrivedAt: iso(e.arrivedAt),
    clearedAt: iso(e.clearedAt),
    closedAt: iso(e.closedAt),
    quarantineRequired: e.quarantineRequired,
    confirmations: e.confirmations,
    missingConfirmations: missingConfirmations(Object.keys(e.confirmations) as Agency[], e.quarantineRequired),
    eta: extra.eta,
  };
}

export function gateStateOf(g: GateRecord): GateState {
  return {
    code: g.code,
    name: g.name,
    version: g.version,
    callReachMinutes: g.callReachMinutes,
    suspension: g.suspension
      ? { from: g.suspension.from.toISOString(), until: iso(g.suspension.until), reason: g.suspension.reason }
      : null,
  };
}

/** Queue order of waiting entries: by window (unslotted last), then check-in order. */
export function compareQueueOrder(a: EntryRecord, b: EntryRecord): number {
  const wa = a.windowStart?.getTime() ?? Infinity;
  const wb = b.windowStart?.getTime() ?? Infinity;
  return wa - wb || a.checkedInAt.getTime() - b.checkedInAt.getTime() || a.seq - b.seq;
}
