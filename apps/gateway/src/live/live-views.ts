// What each view may see of the queue. The board shows what the REST public board shows, through the same mask
// (`toBoardEntry`); the firm view shows a firm its own vehicles only; officers see full entries.
import { type QueueEntryView, toBoardEntry } from '#libs/events/src/index.js';
import { emptyChanges, mergeChanges } from '#libs/live-client/src/changes.js';
import type { LiveChanges, LiveEntry, LiveView } from '#libs/live-client/src/protocol.js';
import type { BoardWindowSpec } from './board-window.js';
import type { LoggedChanges } from './queue-projection.js';

/** Who a subscription is for: the view, for the firm view the firm, for the board its window. */
export interface ViewScope {
  view: LiveView;
  firmId: string | null;
  board?: BoardWindowSpec;
}

/** A scope's entries out of the full listing. */
export function entriesFor(scope: ViewScope, entries: readonly QueueEntryView[]): LiveEntry[] {
  if (scope.view === 'board') return entries.map(toBoardEntry);
  if (scope.view === 'firm') return entries.filter((e) => e.firmId === scope.firmId);
  return [...entries];
}

/** A scope's part of one version's changes. */
export function changesFor(scope: ViewScope, c: LoggedChanges): LiveChanges {
  const mine = scope.view === 'firm' ? (x: { firmId: string }) => x.firmId === scope.firmId : () => true;
  const upserts = c.upserts.filter(mine);
  return {
    upserts: scope.view === 'board' ? upserts.map(toBoardEntry) : upserts,
    removals: c.removed.filter(mine).map((e) => e.id),
    positions: Object.fromEntries(c.moved.filter(mine).map((m) => [m.id, m.position])),
  };
}

/** Several consecutive versions' changes as one (for a replay, or the board's coalesced message). */
export function coalesceFor(scope: ViewScope, versions: readonly LoggedChanges[]): LiveChanges {
  return versions.reduce<LiveChanges>((acc, c) => mergeChanges(acc, changesFor(scope, c)), emptyChanges());
}

/** Firms with a vehicle in a version's changes (whose firm views and notifications it concerns). */
export function firmsIn(c: LoggedChanges): string[] {
  return [...new Set([...c.upserts, ...c.removed, ...c.moved].map((x) => x.firmId))];
}
