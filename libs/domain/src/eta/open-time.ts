import { addLocalDays, localDay, openIntervals, openSpanOfDay, type GateSchedule } from '../slots/index.js';

const MS_PER_MINUTE = 60_000;

/** Default horizon when mapping open time onto the calendar: a gate closed longer than this gets no estimate. */
export const OPEN_TIME_SEARCH_DAYS = 400;

/** Minutes of opening hours inside [from, to). */
export function openMinutesBetween(schedule: GateSchedule, from: Date, to: Date): number {
  return (
    openIntervals(schedule, from, to).reduce((sum, i) => sum + (i.end.getTime() - i.start.getTime()), 0) / MS_PER_MINUTE
  );
}

/**
 * The instant at which `minutes` of opening hours have elapsed since `from`, skipping closed hours, closed
 * weekdays and closed dates. With 0 minutes this is the first open instant at or after `from`.
 * Null when the gate does not open enough within `maxDays`.
 */
export function addOpenMinutes(
  schedule: GateSchedule,
  from: Date,
  minutes: number,
  maxDays = OPEN_TIME_SEARCH_DAYS,
): Date | null {
  let remaining = Math.max(0, minutes) * MS_PER_MINUTE;
  const closed = new Set(schedule.closedDates);
  let day = localDay(from, schedule.utcOffsetMinutes);
  for (let i = 0; i <= maxDays; i++, day = addLocalDays(day, 1)) {
    const span = openSpanOfDay(schedule, day, closed);
    if (!span) continue;
    const start = Math.max(span.start.getTime(), from.getTime());
    const available = span.end.getTime() - start;
    if (available <= 0) continue;
    if (remaining <= available) return new Date(Math.round(start + remaining));
    remaining -= available;
  }
  return null;
}
