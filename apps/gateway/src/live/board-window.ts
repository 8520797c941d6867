// The public board's window on a gate's queue: the first N waiting vehicles of each direction and those called
// forward, out of the whole (masked) queue the board room keeps. Pure: no Nest, no socket.
import { CALLED_FORWARD_STATES, type Direction, DIRECTIONS } from '#libs/domain/src/index.js';
import type { BoardEntry, LiveChanges } from '#libs/live-client/src/protocol.js';

export interface BoardWindowSpec {
  /** Waiting vehicles per direction (and at most as many called forward). */
  top: number;
  /** One lane, or both directions (null). */
  direction: Direction | null;
}

const CALLED_ORDER: readonly string[] = CALLED_FORWARD_STATES;

/** The entries the board shows of `all`, by id: positions 1…top of each direction, and the first `top` called. */
export function boardWindow(all: ReadonlyMap<string, BoardEntry>, spec: BoardWindowSpec): Map<string, BoardEntry> {
  const lanes = spec.direction ? [spec.direction] : DIRECTIONS;
  const out = new Map<string, BoardEntry>();
  const called: BoardEntry[] = [];
  for (const e of all.values()) {
    if (!lanes.includes(e.direction)) continue;
    if (e.status === 'CHECKED_IN') {
      // Positions count 1…n within a direction, so the first N are those at N or less.
      if (e.position !== null && e.position <= spec.top) out.set(e.id, e);
    } else if (CALLED_ORDER.includes(e.status)) called.push(e);
  }
  for (const d of lanes) {
    called
      .filter((e) => e.direction === d)
      .sort((a, b) => CALLED_ORDER.indexOf(a.status) - CALLED_ORDER.indexOf(b.status) || a.id.localeCompare(b.id))
      .slice(0, spec.top)
      .forEach((e) => out.set(e.id, e));
  }
  return out;
}

/** An estimate at the precision the board shows (HH:MM). */
export function minutes(eta: BoardEntry['eta']): string {
  return eta ? [eta.p10, eta.p50, eta.p90].map((t) => t.slice(0, 16)).join() : '';
}

/**
 * Equal but for the position (a move travels as a position) and an estimate that moved by seconds only (the
 * board shows minutes: not worth a message to every phone).
 */
function sameLine(a: BoardEntry, b: BoardEntry): boolean {
  return (
    minutes(a.eta) === minutes(b.eta) &&
    a.plate === b.plate &&
    a.direction === b.direction &&
    a.priorityClass === b.priorityClass &&
    a.status === b.status &&
    a.window?.start === b.window?.start &&
    a.window?.end === b.window?.end
  );
}

/**
 * How the clients' window `shown` becomes `next`: entries that came in or changed, those that left, and the
 * new positions of those that only moved (they keep the estimate the clients hold). Also the window as the
 * clients hold it afterwards.
 */
export function windowChanges(
  shown: ReadonlyMap<string, BoardEntry>,
  next: ReadonlyMap<string, BoardEntry>,
): { changes: LiveChanges<BoardEntry>; held: Map<string, BoardEntry> } {
  const changes: LiveChanges<BoardEntry> = { upserts: [], removals: [], positions: {} };
  const held = new Map<string, BoardEntry>();
  for (const [id, e] of next) {
    const was = shown.get(id);
    if (!was || !sameLine(was, e)) {
      changes.upserts.push(e);
      held.set(id, e);
    } else if (was.position !== e.position) {
      changes.positions[id] = e.position!;
      held.set(id, { ...was, position: e.position });
    } else held.set(id, was);
  }
  for (const id of shown.keys()) if (!next.has(id)) changes.removals.push(id);
  return { changes, held };
}

export function isEmpty(c: LiveChanges): boolean {
  return c.upserts.length + c.removals.length + Object.keys(c.positions).length === 0;
}
