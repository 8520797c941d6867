import type { Agency } from '#libs/domain/src/index.js';
import type { ChangeActor, QueueEntryView } from '#libs/events/src/index.js';
import type { Lane, Tally } from './tally.js';

/** What the projection remembers of a queue entry between two of its events. */
export interface EntryState {
  status: string;
  checkedInAt: Date;
  calledAt: Date | null;
  arrivedAt: Date | null;
  heldAt: Date | null;
  /** No-shows the firm answers for (the entry's own count). */
  noShows: number;
  /** When the last waived no-show happened: a waived one leaves the count alone. */
  noShowWaivedAt: Date | null;
  /** Agencies whose confirmation was seen. */
  confirmed: string[];
}

const SEGMENT_OF: Partial<Record<Agency, 'AT_GATE_TO_CUSTOMS' | 'AT_GATE_TO_BORDER_GUARD'>> = {
  CUSTOMS: 'AT_GATE_TO_CUSTOMS',
  BORDER_GUARD: 'AT_GATE_TO_BORDER_GUARD',
};

const date = (s: string | null) => (s ? new Date(s) : null);
const same = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);

/**
 * Counts what changed between what was known of an entry and the entry as an event shows it (`at` is when
 * the change was committed; `actor` who asked for it, from which console), and returns what to remember. An
 * entry seen for the first time was checked in.
 */
export function applyEntryChange(
  prev: EntryState | null,
  e: QueueEntryView,
  at: Date,
  tally: Tally,
  actor: ChangeActor | null = null,
): EntryState {
  const lane: Lane = { gate: e.gate, direction: e.direction, categories: e.goodsCategories };
  const checkedInAt = new Date(e.checkedInAt);
  const before: EntryState = prev ?? {
    status: 'CHECKED_IN',
    checkedInAt,
    calledAt: null,
    arrivedAt: null,
    heldAt: null,
    noShows: 0,
    noShowWaivedAt: null,
    confirmed: [],
  };
  if (!prev) tally.count('CHECKED_IN', lane, checkedInAt);
  const calledAt = date(e.calledAt);
  const arrivedAt = date(e.arrivedAt);
  if (calledAt && !same(calledAt, before.calledAt)) {
    tally.count('CALLED', lane, calledAt);
    tally.duration('CHECKED_IN_TO_CALLED', lane, checkedInAt, calledAt);
  }
  if (arrivedAt && !same(arrivedAt, before.arrivedAt)) {
    tally.count('ARRIVED', lane, arrivedAt);
    if (calledAt) tally.duration('CALLED_TO_AT_GATE', lane, calledAt, arrivedAt);
  }
  const confirmations = e.confirmations as Partial<Record<Agency, { officerId: string; at: string }>>;
  for (const [agency, c] of Object.entries(confirmations) as [Agency, { officerId: string; at: string }][]) {
    const confirmedAt = new Date(c.at);
    const isNew = !before.confirmed.includes(agency);
    // The change that brought the confirmation was the confirming officer's: their console is the event's.
    const console = actor?.id === c.officerId ? actor.console : null;
    if (isNew && calledAt)
      tally.response('CALL_TO_CONFIRMATION', agency, { officer: c.officerId, console }, lane, calledAt, confirmedAt);
    // At the gate and confirmed: the segment is complete the first time both are known.
    const segment = SEGMENT_OF[agency];
    if (segment && arrivedAt && (isNew || !before.arrivedAt)) tally.duration(segment, lane, arrivedAt, confirmedAt);
  }
  let heldAt = before.heldAt;
  if (e.status !== before.status) {
    if (e.status === 'HELD') {
      tally.count('HELD', lane, at);
      heldAt = at;
    } else if (before.status === 'HELD') {
      if (e.status === 'AT_GATE' || e.status === 'CLEARED') {
        tally.count('RELEASED', lane, at);
        // Only customs (or an administrator for them) release a hold.
        if (heldAt)
          tally.response(
            'HOLD_TO_RELEASE',
            'CUSTOMS',
            { officer: actor?.id ?? null, console: actor?.console ?? null },
            lane,
            heldAt,
            at,
          );
      }
      heldAt = null;
    }
    if (e.status === 'CROSSED') {
      const crossedAt = date(e.closedAt) ?? at;
      tally.count('CROSSED', lane, crossedAt);
      if (arrivedAt) tally.duration('AT_GATE_TO_CROSSED', lane, arrivedAt, crossedAt);
    }
    if (e.status === 'TURNED_BACK') tally.count('TURNED_BACK', lane, at);
    if (e.status === 'CANCELLED') tally.count('CANCELLED', lane, at);
  }
  // Every no-show counts, the firm's and those waived because the gate or an agency caused the delay.
  const noShowWaivedAt = date(e.noShowWaiver?.at ?? null) ?? before.noShowWaivedAt;
  const waived = noShowWaivedAt !== null && !same(noShowWaivedAt, before.noShowWaivedAt) ? 1 : 0;
  tally.count('NO_SHOW', lane, at, e.noShowCount - before.noShows + waived);
  return {
    status: e.status,
    checkedInAt,
    calledAt,
    arrivedAt,
    heldAt,
    noShows: Math.max(before.noShows, e.noShowCount),
    noShowWaivedAt,
    confirmed: [...new Set([...before.confirmed, ...Object.keys(confirmations)])],
  };
}
