// The public board's privacy mask, the one function both channels apply: the yard-queue's REST board
// (GET /api/public/gates/:code/queue) and the gateway's socket board view. A field shown here is shown to anyone.
import type { BoardEntry, PublicQueueListing, QueueEntryView, QueueListing } from './queue-listing.dto.js';

/** Plate, place and times only: no names, documents, phones, firm or declaration. */
export function toBoardEntry(v: QueueEntryView): BoardEntry {
  return {
    id: v.id,
    plate: v.plate,
    direction: v.direction,
    priorityClass: v.priorityClass,
    status: v.status,
    window: v.window,
    position: v.position,
    eta: v.eta,
  };
}

/** A gate's listing as the public board shows it. */
export function toPublicListing(l: QueueListing): PublicQueueListing {
  return {
    gate: l.gate,
    version: l.version,
    gateState: l.gateState,
    congestion: l.congestion,
    entries: l.entries.map(toBoardEntry),
  };
}
