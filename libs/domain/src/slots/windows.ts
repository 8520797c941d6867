import { addLocalDays, localDay, MS_PER_MINUTE } from './local-time.js';
import { openSpanOfDay, type GateSchedule } from './schedule.js';

/** One slot window. `reserved` of its `capacity` places are kept for the PRIORITY class until release. */
export interface SlotWindow {
  start: Date;
  end: Date;
  /** Local day of the window ('YYYY-MM-DD'); the daily cap counts per this day. */
  day: string;
  capacity: number;
  reserved: number;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/**
 * Places in the window with index `index` (0 = first window after opening) of length `minutes`.
 *
 * Every full window gets floor(C·W/60); the remainder of each period of lcm(W, 60) minutes (counted from opening)
 * goes one place each to the first windows of that period. When W divides 60 the period is one hour, so the
 * windows of each hour sum to exactly C (25/h in 30-min windows → 13, 12). A window cut short by closing time
 * gets floor(C·minutes/60). This split, unlike cumulative rounding, never lowers any window when C is raised,
 * which is what keeps "raising capacity never makes anyone later" true.
 */
export function windowCapacity(capacityPerHour: number, windowMinutes: number, index: number, minutes: number): number {
  const c = Math.max(0, Math.floor(capacityPerHour));
  if (minutes < windowMinutes) return Math.floor((c * minutes) / 60);
  const periodMinutes = (windowMinutes * 60) / gcd(windowMinutes, 60);
  const windowsPerPeriod = periodMinutes / windowMinutes;
  const base = Math.floor((c * windowMinutes) / 60);
  const bonuses = (c * periodMinutes) / 60 - windowsPerPeriod * base;
  return base + (index % windowsPerPeriod < bonuses ? 1 : 0);
}

/** Places of a window kept for PRIORITY: round(capacity × share), never more than the capacity. */
export function reservedPlaces(capacity: number, priorityShare: number): number {
  const share = Math.min(1, Math.max(0, priorityShare));
  return Math.min(capacity, Math.round(capacity * share));
}

/**
 * Every window of every open local day that intersects [from, to), in time order. Windows tile each day's
 * opening span from `open`; the last one is cut at `close`. A window is returned whole even when it only
 * partly overlaps [from, to).
 */
export function generateWindows(schedule: GateSchedule, from: Date, to: Date): SlotWindow[] {
  const fromMs = from.getTime();
  const toMs = to.getTime();
  if (!(toMs > fromMs)) return [];
  const w = schedule.windowMinutes;
  if (!Number.isInteger(w) || w <= 0) throw new RangeError(`windowMinutes must be a positive integer, got ${w}`);
  const offset = schedule.utcOffsetMinutes;
  const closed = new Set(schedule.closedDates);
  const last = localDay(to, offset);
  const out: SlotWindow[] = [];
  for (let day = localDay(from, offset); day <= last; day = addLocalDays(day, 1)) {
    const span = openSpanOfDay(schedule, day, closed);
    if (!span) continue;
    const openMs = span.start.getTime();
    const spanMinutes = (span.end.getTime() - openMs) / MS_PER_MINUTE;
    for (let index = 0, at = 0; at < spanMinutes; index++, at += w) {
      const minutes = Math.min(w, spanMinutes - at);
      const startMs = openMs + at * MS_PER_MINUTE;
      const endMs = startMs + minutes * MS_PER_MINUTE;
      if (endMs <= fromMs || startMs >= toMs) continue;
      const capacity = windowCapacity(schedule.capacityPerHour, w, index, minutes);
      out.push({
        start: new Date(startMs),
        end: new Date(endMs),
        day,
        capacity,
        reserved: reservedPlaces(capacity, schedule.priorityShare),
      });
    }
  }
  return out;
}
