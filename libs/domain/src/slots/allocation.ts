// Slot allocation: pure and deterministic, so the database path (incremental pickWindow under a row lock) and a
// full reflow (assignAll) give the same answer, and property tests can check both against checkInvariants.
import type { PriorityClass } from '../identifiers/reference-data.js';
import { localDay, MS_PER_MINUTE } from './local-time.js';
import type { GateSchedule } from './schedule.js';
import type { SlotWindow } from './windows.js';

/** A vehicle waiting for (or holding) a slot. */
export interface QueueEntry {
  id: string;
  priorityClass: PriorityClass;
  checkedInAt: Date;
  /**
   * Set after a no-show: the entry may only take windows starting at or after it. A penalised entry still
   * stays behind its class's floor but does not move it: otherwise one late driver would hold back every
   * later vehicle of the class and leave the windows before its penalty empty.
   */
  notBefore?: Date;
  /** Check-in order; breaks ties between equal checkedInAt. */
  seq: number;
}

/** Places already issued in the window starting at `start`. */
export interface WindowUsage {
  start: Date;
  issuedTotal: number;
  issuedGeneral: number;
}

/** A gate suspension; windows overlapping [from, until) are unusable. until null = open-ended. */
export interface Suspension {
  from: Date;
  until: Date | null;
}

export interface AllocationContext {
  now: Date;
  schedule: GateSchedule;
  suspensions?: readonly Suspension[];
  /** Per local day overrides of schedule.dailyCap. */
  dailyCaps?: Readonly<Record<string, number>>;
}

/**
 * What FIFO within a class allows the next entry of that class:
 * - null: no earlier entry of the class holds a window (any window);
 * - a Date: the start of the latest window given to an earlier entry of the class (this one or later);
 * - 'WAITING': an earlier entry of the class is waiting without a window, so this one waits too.
 */
export type ClassFloor = Date | null | 'WAITING';

/** Whether the reserved places of a window are released to the general queue at `now`. */
export function isReleased(window: Pick<SlotWindow, 'start'>, now: Date, releaseLeadMinutes: number): boolean {
  return window.start.getTime() - now.getTime() <= releaseLeadMinutes * MS_PER_MINUTE;
}

/** Whether [start, end) overlaps any suspension. */
export function isSuspended(
  window: Pick<SlotWindow, 'start' | 'end'>,
  suspensions: readonly Suspension[] = [],
): boolean {
  const s = window.start.getTime();
  const e = window.end.getTime();
  return suspensions.some((x) => s < (x.until === null ? Infinity : x.until.getTime()) && e > x.from.getTime());
}

/** The daily cap in force for a local day: the per-day override wins over the schedule's. */
export function dailyCapFor(day: string, ctx: Pick<AllocationContext, 'schedule' | 'dailyCaps'>): number | null {
  const override = ctx.dailyCaps?.[day];
  return override !== undefined ? override : ctx.schedule.dailyCap;
}

/** Check-in order: (checkedInAt, seq), then id so that the order is total. */
export function compareCheckIn(a: QueueEntry, b: QueueEntry): number {
  return a.checkedInAt.getTime() - b.checkedInAt.getTime() || a.seq - b.seq || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The class floor after `entry` was given `picked` (null = left waiting). */
export function advanceFloor(
  floor: ClassFloor,
  entry: QueueEntry,
  picked: Pick<SlotWindow, 'start'> | null,
): ClassFloor {
  if (entry.notBefore !== undefined || floor === 'WAITING') return floor;
  return picked ? picked.start : 'WAITING';
}

/** The floor for `entry` given the windows of the entries of its class checked in before it. */
export function classFloorOf(
  entry: QueueEntry,
  entries: readonly QueueEntry[],
  assignments: ReadonlyMap<string, Date | null>,
): ClassFloor {
  let floor: ClassFloor = null;
  for (const other of entries) {
    if (other.priorityClass !== entry.priorityClass || other.notBefore !== undefined) continue;
    if (compareCheckIn(other, entry) >= 0) continue;
    const start = assignments.get(other.id) ?? null;
    if (start === null) return 'WAITING';
    if (floor === null || start.getTime() > floor.getTime()) floor = start;
  }
  return floor;
}

/** Usage per window start and per local day, built from usage rows and grown as places are issued. */
class UsageBook {
  private readonly byStart = new Map<number, { total: number; general: number }>();
  private readonly byDay = new Map<string, number>();

  constructor(
    private readonly utcOffsetMinutes: number,
    rows: readonly WindowUsage[],
  ) {
    for (const r of rows) this.add(r.start, localDay(r.start, utcOffsetMinutes), r.issuedTotal, r.issuedGeneral);
  }

  add(start: Date, day: string, total: number, general: number): void {
    const key = start.getTime();
    const cur = this.byStart.get(key) ?? { total: 0, general: 0 };
    this.byStart.set(key, { total: cur.total + total, general: cur.general + general });
    this.byDay.set(day, (this.byDay.get(day) ?? 0) + total);
  }

  issue(window: SlotWindow, cls: PriorityClass): void {
    this.add(window.start, window.day, 1, cls === 'GENERAL' ? 1 : 0);
  }

  window(start: Date): { total: number; general: number } {
    return this.byStart.get(start.getTime()) ?? { total: 0, general: 0 };
  }

  day(day: string): number {
    return this.byDay.get(day) ?? 0;
  }

  days(): IterableIterator<[string, number]> {
    return this.byDay.entries();
  }

  get offset(): number {
    return this.utcOffsetMinutes;
  }
}

/** Whether `window` has a free place for `cls` at ctx.now under the given usage (ignores floor and notBefore). */
function hasFreePlace(window: SlotWindow, cls: PriorityClass, book: UsageBook, ctx: AllocationContext): boolean {
  if (window.start.getTime() < ctx.now.getTime()) return false;
  if (isSuspended(window, ctx.suspensions)) return false;
  const cap = dailyCapFor(window.day, ctx);
  if (cap !== null && book.day(window.day) >= cap) return false;
  const used = book.window(window.start);
  if (used.total >= window.capacity) return false;
  if (cls === 'GENERAL' && !isReleased(window, ctx.now, ctx.schedule.releaseLeadMinutes)) {
    return used.general < window.capacity - window.reserved;
  }
  return true;
}

function isEligible(entry: QueueEntry, window: SlotWindow, floor: ClassFloor): boolean {
  if (floor === 'WAITING') return false;
  const s = window.start.getTime();
  if (floor !== null && s < floor.getTime()) return false;
  return entry.notBefore === undefined || s >= entry.notBefore.getTime();
}

function pickFrom(
  entry: QueueEntry,
  windows: readonly SlotWindow[],
  book: UsageBook,
  floor: ClassFloor,
  ctx: AllocationContext,
): SlotWindow | null {
  if (floor === 'WAITING') return null;
  let best: SlotWindow | null = null;
  for (const w of windows) {
    if (best !== null && w.start.getTime() >= best.start.getTime()) continue;
    if (isEligible(entry, w, floor) && hasFreePlace(w, entry.priorityClass, book, ctx)) best = w;
  }
  return best;
}

/**
 * The earliest window `entry` may take now, or null when none of `windows` qualifies (the entry waits).
 * A window qualifies when: start ≥ now; start ≥ the class floor and ≥ entry.notBefore; it overlaps no suspension;
 * its local day is under its daily cap; issuedTotal < capacity; and, for GENERAL before the reserved places are
 * released (start − now > releaseLeadMinutes), issuedGeneral < capacity − reserved.
 * `usage` must cover every issued place of the days concerned (past windows included) so the daily cap holds.
 */
export function pickWindow(
  entry: QueueEntry,
  windows: readonly SlotWindow[],
  usage: readonly WindowUsage[],
  floorForClass: ClassFloor,
  ctx: AllocationContext,
): SlotWindow | null {
  if (floorForClass === 'WAITING') return null;
  return pickFrom(entry, windows, new UsageBook(ctx.schedule.utcOffsetMinutes, usage), floorForClass, ctx);
}

/**
 * The first `n` windows pickWindow would give `entry` in turn were each in its turn full (earliest first): for a
 * decision filed later, when places may have gone meanwhile. `[0]` is what pickWindow gives; fewer than `n` when
 * fewer qualify.
 */
export function pickWindows(
  entry: QueueEntry,
  windows: readonly SlotWindow[],
  usage: readonly WindowUsage[],
  floorForClass: ClassFloor,
  ctx: AllocationContext,
  n: number,
): SlotWindow[] {
  if (floorForClass === 'WAITING') return [];
  const book = new UsageBook(ctx.schedule.utcOffsetMinutes, usage);
  return windows
    .filter((w) => isEligible(entry, w, floorForClass) && hasFreePlace(w, entry.priorityClass, book, ctx))
    .sort((a, b) => a.start.getTime() - b.start.getTime())
    .slice(0, n);
}

/** Usage after issuing one place of `window` to an entry of class `cls` (returns a new array). */
export function recordIssue(
  usage: readonly WindowUsage[],
  window: Pick<SlotWindow, 'start'>,
  cls: PriorityClass,
): WindowUsage[] {
  const g = cls === 'GENERAL' ? 1 : 0;
  const key = window.start.getTime();
  let found = false;
  const out = usage.map((u) => {
    if (found || u.start.getTime() !== key) return u;
    found = true;
    return { start: u.start, issuedTotal: u.issuedTotal + 1, issuedGeneral: u.issuedGeneral + g };
  });
  if (!found) out.push({ start: window.start, issuedTotal: 1, issuedGeneral: g });
  return out;
}

/**
 * Full recompute (reflow): entries in check-in order, each given pickWindow on the usage so far, starting from
 * `baseUsage` (places held by vehicles outside this reflow, e.g. already called). Identical to calling pickWindow
 * + recordIssue + advanceFloor entry by entry. Returns each entry's window start, or null while waiting.
 */
export function assignAll(
  entries: readonly QueueEntry[],
  windows: readonly SlotWindow[],
  ctx: AllocationContext,
  baseUsage: readonly WindowUsage[] = [],
): Map<string, Date | null> {
  const book = new UsageBook(ctx.schedule.utcOffsetMinutes, baseUsage);
  const floors: Record<PriorityClass, ClassFloor> = { PRIORITY: null, GENERAL: null };
  const result = new Map<string, Date | null>();
  for (const entry of [...entries].sort(compareCheckIn)) {
    const cls = entry.priorityClass;
    const picked = pickFrom(entry, windows, book, floors[cls], ctx);
    if (picked) book.issue(picked, cls);
    floors[cls] = advanceFloor(floors[cls], entry, picked);
    result.set(entry.id, picked ? picked.start : null);
  }
  return result;
}

export type InvariantKind =
  | 'DUPLICATE_ENTRY'
  | 'UNKNOWN_ENTRY'
  | 'UNKNOWN_WINDOW'
  | 'OVER_CAPACITY'
  | 'OVER_DAILY_CAP'
  | 'RESERVED_BEFORE_RELEASE'
  | 'FIFO_INVERSION'
  | 'BEFORE_NOT_BEFORE'
  | 'SUSPENDED_WINDOW';

export interface InvariantViolation {
  kind: InvariantKind;
  message: string;
  entryId?: string;
  windowStart?: Date;
  day?: string;
}

/**
 * Every broken rule of a set of assignments (entry id → window start, null/absent = waiting), judged at ctx.now:
 * window and daily capacity (counting `baseUsage` too), reserved places used by GENERAL before release, FIFO
 * inversions within a class (penalised entries do not bind the ones after them), windows before a no-show
 * penalty, windows inside a suspension. Time-dependent rules (release) must be judged at the allocation's now
 * or later; "window starts after now" is not checked because assignments legitimately age.
 */
export function checkInvariants(
  assignments: ReadonlyMap<string, Date | null>,
  entries: readonly QueueEntry[],
  windows: readonly SlotWindow[],
  ctx: AllocationContext,
  baseUsage: readonly WindowUsage[] = [],
): InvariantViolation[] {
  const out: InvariantViolation[] = [];
  const iso = (d: Date): string => d.toISOString();
  const windowByStart = new Map<number, SlotWindow>();
  for (const w of windows) if (!windowByStart.has(w.start.getTime())) windowByStart.set(w.start.getTime(), w);

  const byId = new Map<string, QueueEntry>();
  for (const e of entries) {
    if (byId.has(e.id)) out.push({ kind: 'DUPLICATE_ENTRY', entryId: e.id, message: `entry ${e.id} appears twice` });
    byId.set(e.id, e);
  }
  for (const id of assignments.keys()) {
    if (!byId.has(id)) out.push({ kind: 'UNKNOWN_ENTRY', entryId: id, message: `assignment for unknown entry ${id}` });
  }

  const book = new UsageBook(ctx.schedule.utcOffsetMinutes, baseUsage);
  const used = new Set<number>();
  for (const e of byId.values()) {
    const start = assignments.get(e.id) ?? null;
    if (start === null) continue;
    const w = windowByStart.get(start.getTime());
    if (!w) {
      out.push({
        kind: 'UNKNOWN_WINDOW',
        entryId: e.id,
        windowStart: start,
        message: `entry ${e.id} holds unknown window ${iso(start)}`,
      });
      continue;
    }
    book.issue(w, e.priorityClass);
    used.add(w.start.getTime());
    if (e.notBefore !== undefined && start.getTime() < e.notBefore.getTime()) {
      out.push({
        kind: 'BEFORE_NOT_BEFORE',
        entryId: e.id,
        windowStart: start,
        message: `entry ${e.id} is slotted before its penalty ends`,
      });
    }
    if (isSuspended(w, ctx.suspensions)) {
      out.push({
        kind: 'SUSPENDED_WINDOW',
        entryId: e.id,
        windowStart: start,
        message: `entry ${e.id} holds a suspended window ${iso(start)}`,
      });
    }
  }

  for (const key of used) {
    const w = windowByStart.get(key)!;
    const u = book.window(w.start);
    if (u.total > w.capacity) {
      out.push({
        kind: 'OVER_CAPACITY',
        windowStart: w.start,
        message: `window ${iso(w.start)}: ${u.total} issued > capacity ${w.capacity}`,
      });
    }
    const generalPlaces = w.capacity - w.reserved;
    if (u.general > generalPlaces && !isReleased(w, ctx.now, ctx.schedule.releaseLeadMinutes)) {
      out.push({
        kind: 'RESERVED_BEFORE_RELEASE',
        windowStart: w.start,
        message: `window ${iso(w.start)}: ${u.general} general > ${generalPlaces} general places before release`,
      });
    }
  }
  for (const [day, total] of book.days()) {
    const cap = dailyCapFor(day, ctx);
    if (cap !== null && total > cap)
      out.push({ kind: 'OVER_DAILY_CAP', day, message: `day ${day}: ${total} issued > daily cap ${cap}` });
  }

  // FIFO: walk each class in check-in order with the same floor the allocator keeps.
  const floors: Record<PriorityClass, ClassFloor> = { PRIORITY: null, GENERAL: null };
  for (const e of [...byId.values()].sort(compareCheckIn)) {
    const start = assignments.get(e.id) ?? null;
    const floor = floors[e.priorityClass];
    if (start !== null && (floor === 'WAITING' || (floor !== null && start.getTime() < floor.getTime()))) {
      out.push({
        kind: 'FIFO_INVERSION',
        entryId: e.id,
        windowStart: start,
        message: `entry ${e.id} (${e.priorityClass}) is ahead of an entry of its class that checked in earlier`,
      });
    }
    const next = advanceFloor(floor, e, start === null ? null : { start });
    // Keep the highest floor so a single inversion does not cascade into reports for every later entry.
    floors[e.priorityClass] =
      next instanceof Date && floor instanceof Date && next.getTime() < floor.getTime() ? floor : next;
  }
  return out;
}
