import {
  type AllocationContext,
  assignAll,
  type ClassFloor,
  generateWindows,
  isReleased,
  isSuspended,
  localDay,
  localMidnight,
  MS_PER_DAY,
  pickWindow,
  pickWindows,
  type QueueEntry,
  type SlotWindow,
  type Direction,
  type Suspension,
  type WindowUsage,
} from '#libs/domain/src/index.js';
import type { Admission, QueueTx } from './queue.repository.js';
import type { EntryRecord, GateRecord } from './queue.types.js';

/** How far ahead slots are issued; a vehicle that finds nothing within it waits unslotted. */
export const SLOT_HORIZON_DAYS = 14;

export function suspensionsOf(g: GateRecord): Suspension[] {
  return g.suspension ? [{ from: g.suspension.from, until: g.suspension.until }] : [];
}

/** A class floor and a lane's usage from what `QueueTx.admission` read. */
export function admitted(a: Admission): { floor: ClassFloor; usage: WindowUsage[] } {
  return { floor: a.anyUnslotted ? 'WAITING' : a.latestWindow, usage: a.usage };
}

function toQueueEntry(e: EntryRecord): QueueEntry {
  return {
    id: e.id,
    priorityClass: e.priorityClass,
    checkedInAt: e.checkedInAt,
    seq: e.seq,
    ...(e.notBefore ? { notBefore: e.notBefore } : {}),
  };
}

/** The allocation rules of the domain lib applied to one gate as read at `now`: what a decision needs, no database. */
export class SlotRules {
  constructor(
    readonly gate: GateRecord,
    protected readonly now: Date,
  ) {}

  context(direction: Direction): AllocationContext {
    const ds = this.gate.schedules[direction];
    return { now: this.now, schedule: ds.schedule, suspensions: suspensionsOf(this.gate), dailyCaps: ds.dailyCaps };
  }

  windows(direction: Direction): SlotWindow[] {
    return generateWindows(
      this.gate.schedules[direction].schedule,
      this.now,
      new Date(this.now.getTime() + SLOT_HORIZON_DAYS * MS_PER_DAY),
    );
  }

  /** The start of today in the lane's local time: usage is read from there on, for the daily cap. */
  dayStart(direction: Direction): Date {
    const offset = this.gate.schedules[direction].schedule.utcOffsetMinutes;
    return localMidnight(localDay(this.now, offset), offset);
  }

  /** The window `allocate` would give `e` on this floor and usage, without taking it. */
  pick(e: EntryRecord, floor: ClassFloor, usage: readonly WindowUsage[]): SlotWindow | null {
    return pickWindow(toQueueEntry(e), this.windows(e.direction), usage, floor, this.context(e.direction));
  }

  /** The first `n` windows `pick` would give `e` in turn, were each in its turn full (see `pickWindows`). */
  pickInTurn(e: EntryRecord, floor: ClassFloor, usage: readonly WindowUsage[], n: number): SlotWindow[] {
    return pickWindows(toQueueEntry(e), this.windows(e.direction), usage, floor, this.context(e.direction), n);
  }

  /** Whether the reserved places of `w` are open to every class by now. */
  released(w: SlotWindow, direction: Direction): boolean {
    return isReleased(w, this.now, this.gate.schedules[direction].schedule.releaseLeadMinutes);
  }
}

/**
 * Issues and re-issues slots through a locked QueueTx, using the pure allocation rules of the domain
 * lib: the same decision for one check-in (pickWindow) and for a whole reflow (assignAll).
 */
export class SlotEngine extends SlotRules {
  constructor(
    private readonly tx: QueueTx,
    now: Date,
  ) {
    super(tx.gate, now);
  }

  /**
   * FIFO within a class: the latest window held by an earlier waiting entry of the class, or WAITING when one
   * of them waits without a slot (then `e` waits behind it). For an entry not inserted yet (a check-in) every
   * waiting entry is earlier.
   */
  async classFloor(e: EntryRecord, isNew: boolean): Promise<ClassFloor> {
    const before = await this.tx.classQueueBefore(e, isNew);
    return before.anyUnslotted ? 'WAITING' : before.latestWindow;
  }

  /** For a check-in (an entry not inserted yet), in one read: its class floor and its lane's window usage. */
  async admission(e: EntryRecord): Promise<{ floor: ClassFloor; usage: WindowUsage[] }> {
    return admitted(await this.tx.admission(e, this.dayStart(e.direction)));
  }

  /**
   * Gives `e` the earliest window it may take now and takes the place; null when it must wait. `floor` and
   * `usage` are its class floor and its lane's usage when this change already read them and nothing moved since.
   */
  async allocate(
    e: EntryRecord,
    o: { isNew?: boolean; floor?: ClassFloor; usage?: WindowUsage[] } = {},
  ): Promise<SlotWindow | null> {
    const usage = o.usage ?? (await this.tx.usage(e.direction, this.dayStart(e.direction)));
    const floor = o.floor !== undefined ? o.floor : await this.classFloor(e, o.isNew ?? false);
    const picked = this.pick(e, floor, usage);
    if (!picked) return null;
    const taken = await this.tx.takePlace(
      e.direction,
      picked,
      e.priorityClass,
      this.released(picked, e.direction),
      this.tx.gate.schedules[e.direction],
    );
    if (!taken) throw new Error(`window ${picked.start.toISOString()} had no place although the allocation found one`);
    return picked;
  }

  async release(e: EntryRecord): Promise<void> {
    if (e.windowStart)
      await this.tx.releasePlace(
        e.direction,
        e.windowStart,
        e.priorityClass,
        this.tx.gate.schedules[e.direction].schedule.utcOffsetMinutes,
      );
  }

  /**
   * Re-slots the waiting entries of one direction after capacity, hours, caps or suspension changed, or
   * reserved places were released. Entries whose window has already started (and is not suspended) keep it;
   * the rest give their places back and are re-assigned in check-in order. Returns the entries that moved.
   */
  async reflow(direction: Direction, waiting: EntryRecord[]): Promise<EntryRecord[]> {
    const ctx = this.context(direction);
    const windows = this.windows(direction);
    const suspensions = ctx.suspensions ?? [];
    const movable = waiting.filter(
      (e) =>
        e.windowStart === null ||
        e.windowStart.getTime() >= this.now.getTime() ||
        isSuspended({ start: e.windowStart, end: e.windowEnd! }, suspensions),
    );
    for (const e of movable) await this.release(e);
    await this.tx.resizeFutureWindows(
      direction,
      this.now,
      windows.filter((w) => w.start.getTime() >= this.now.getTime()),
    );
    const offset = ctx.schedule.utcOffsetMinutes;
    await this.tx.refreshDayCaps(direction, localDay(this.now, offset), this.tx.gate.schedules[direction]);
    const usage = await this.tx.usage(direction, this.dayStart(direction));
    const assigned = assignAll(movable.map(toQueueEntry), windows, ctx, usage);
    const byStart = new Map(windows.map((w) => [w.start.getTime(), w]));
    const moved: EntryRecord[] = [];
    for (const e of movable) {
      const start = assigned.get(e.id) ?? null;
      const w = start ? byStart.get(start.getTime())! : null;
      if (
        w &&
        !(await this.tx.takePlace(
          direction,
          w,
          e.priorityClass,
          isReleased(w, this.now, ctx.schedule.releaseLeadMinutes),
          this.tx.gate.schedules[direction],
        ))
      ) {
        throw new Error(`reflow could not take a place in ${w.start.toISOString()}`);
      }
      const before = e.windowStart?.getTime() ?? null;
      e.windowStart = w?.start ?? null;
      e.windowEnd = w?.end ?? null;
      if ((e.windowStart?.getTime() ?? null) !== before) {
        moved.push(e);
        this.tx.moves.push({ entry: e, before: before === null ? null : new Date(before), own: false });
      }
    }
    return moved;
  }
}
