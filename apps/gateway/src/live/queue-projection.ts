// How the gateway turns one `queue.changed` event into what changed for the consoles. Pure: no Nest, no database.
import { ACTIVE_QUEUE_STATES, DIRECTIONS } from '#libs/domain/src/index.js';
import type { QueueEntryView } from '#libs/events/src/index.js';

/** Entry states the yard-queue lists on a gate's queue (its active entries); any other state leaves the listing. */
export const LISTED_STATUSES: ReadonlySet<string> = new Set(ACTIVE_QUEUE_STATES);

/** What the gateway keeps of a listed entry to place the others. */
export interface StoredEntry {
  id: string;
  firmId: string;
  direction: string;
  position: number | null;
}

/** One version's changes as the log keeps them (full views; the firm of each, for the firm view). */
export interface LoggedChanges {
  /** Entries the change touched that are still listed, as they are after it. */
  upserts: QueueEntryView[];
  /** Entries the change touched that left the listing, as they are after it. */
  removed: QueueEntryView[];
  /** Entries the change did not touch whose position moved because of it. */
  moved: { id: string; firmId: string; position: number }[];
}

export type Projection =
  { ok: true; changes: LoggedChanges; waiting: Record<string, number> } | { ok: false; reason: string };

/**
 * The yard numbers waiting vehicles 1..n per direction by (window, check-in, sequence). A change reports the
 * exact new position of every entry it touched; the entries it did not touch keep their order among
 * themselves (none of their keys changed), so they fill the remaining places in their old order.
 * A report that does not fit the gateway's copy means the copy drifted: the caller takes a snapshot.
 */
export function projectChange(current: readonly StoredEntry[], touched: readonly QueueEntryView[]): Projection {
  const byId = new Map(touched.map((t) => [t.id, t]));
  const changes: LoggedChanges = { upserts: [], removed: [], moved: [] };
  for (const t of byId.values()) (LISTED_STATUSES.has(t.status) ? changes.upserts : changes.removed).push(t);
  const waiting: Record<string, number> = {};
  const directions = new Set<string>([
    ...DIRECTIONS,
    ...current.map((e) => e.direction),
    ...[...byId.values()].map((t) => t.direction),
  ]);
  for (const d of directions) {
    const untouched = current
      .filter((e) => e.direction === d && e.position !== null && !byId.has(e.id))
      .sort((a, b) => a.position! - b.position!);
    const placed = changes.upserts.filter((t) => t.direction === d && t.position !== null);
    const n = untouched.length + placed.length;
    const slots = new Array<string | null>(n).fill(null);
    for (const t of placed) {
      const p = t.position!;
      if (!Number.isInteger(p) || p < 1 || p > n || slots[p - 1] !== null) {
        return { ok: false, reason: `position ${p} of ${t.id} does not fit ${n} waiting (${d})` };
      }
      slots[p - 1] = t.id;
    }
    let next = 0;
    for (let i = 0; i < n; i++) {
      if (slots[i] !== null) continue;
      const e = untouched[next++];
      if (e.position !== i + 1) changes.moved.push({ id: e.id, firmId: e.firmId, position: i + 1 });
    }
    waiting[d] = n;
  }
  return { ok: true, changes, waiting };
}

/** The stored entries once a projection's changes are written (as `applyChanges` leaves the table). */
export function storedAfter(current: readonly StoredEntry[], c: LoggedChanges): StoredEntry[] {
  const gone = new Set([...c.removed, ...c.upserts].map((e) => e.id));
  const moved = new Map(c.moved.map((m) => [m.id, m.position]));
  const kept = current
    .filter((e) => !gone.has(e.id))
    .map((e) => (moved.has(e.id) ? { ...e, position: moved.get(e.id)! } : e));
  return [
    ...kept,
    ...c.upserts.map((e) => ({ id: e.id, firmId: e.firmId, direction: e.direction, position: e.position })),
  ];
}
