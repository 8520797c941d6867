import type { LiveChanges, LiveEntry } from './protocol.js';

export function emptyChanges<E extends LiveEntry>(): LiveChanges<E> {
  return { upserts: [], removals: [], positions: {} };
}

/**
 * Folds `later` into `earlier`: applying the result to the state before `earlier` gives the state after
 * `later`. Values are absolute, so the result also applies to any state in between.
 */
export function mergeChanges<E extends LiveEntry>(earlier: LiveChanges<E>, later: LiveChanges<E>): LiveChanges<E> {
  const upserts = new Map(earlier.upserts.map((e) => [e.id, e]));
  const removals = new Set(earlier.removals);
  const positions = new Map(Object.entries(earlier.positions));
  for (const id of later.removals) {
    upserts.delete(id);
    positions.delete(id);
    removals.add(id);
  }
  for (const e of later.upserts) {
    removals.delete(e.id);
    positions.delete(e.id);
    upserts.set(e.id, e);
  }
  for (const [id, position] of Object.entries(later.positions)) {
    const u = upserts.get(id);
    if (u) upserts.set(id, { ...u, position });
    else if (!removals.has(id)) positions.set(id, position);
  }
  return { upserts: [...upserts.values()], removals: [...removals], positions: Object.fromEntries(positions) };
}

/** Applies changes to a view's entries (by id), in place. */
export function applyChanges<E extends LiveEntry>(entries: Map<string, E>, c: LiveChanges<E>): void {
  for (const id of c.removals) entries.delete(id);
  for (const e of c.upserts) entries.set(e.id, e);
  // A call moves every waiting entry: no array of pairs made for each.
  for (const id in c.positions) {
    const e = entries.get(id);
    if (e) entries.set(id, { ...e, position: c.positions[id] });
  }
}

/** The order the REST listing uses: vehicles being handled first, then the waiting ones by position. */
export function compareEntries(a: LiveEntry, b: LiveEntry): number {
  const ca = 'checkedInAt' in a ? a.checkedInAt : '';
  const cb = 'checkedInAt' in b ? b.checkedInAt : '';
  return (a.position ?? 0) - (b.position ?? 0) || byCodeUnits(ca, cb) || byCodeUnits(a.id, b.id);
}

/** ISO times and ids compare as the database orders them, by code unit (a console sorts every entry per change). */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
