import { refusal, type FieldRefusal, type RefusalCode, type RefusalParams } from '../refusal.js';
import {
  isValidLocalDate,
  localDay,
  localMidnight,
  addLocalDays,
  MS_PER_MINUTE,
  parseHhMm,
  weekdayOf,
} from './local-time.js';

export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;
export const WEEKDAYS: readonly Weekday[] = [0, 1, 2, 3, 4, 5, 6];

/** Local opening hours of one weekday; `close` may be '24:00'. Spans do not cross midnight. */
export interface OpeningHours {
  open: string;
  close: string;
}

/** Slot configuration of one gate and direction. */
export interface GateSchedule {
  /** Fixed offset of the gate's local time from UTC (420 for Asia/Ho_Chi_Minh). */
  utcOffsetMinutes: number;
  /** Indexed by weekday, 0 = Sunday; null = closed all day. */
  openingHours: Record<Weekday, OpeningHours | null>;
  /** Local dates ('YYYY-MM-DD') closed regardless of weekday (holidays, Tết). */
  closedDates: string[];
  windowMinutes: number;
  capacityPerHour: number;
  /** Vehicles per local day over all windows; null = no cap beyond the windows. */
  dailyCap: number | null;
  /** Share (0..1) of each window reserved for PERISHABLE/FROZEN goods. */
  priorityShare: number;
  /** Reserved places still free this many minutes before a window starts go to the general queue. */
  releaseLeadMinutes: number;
}

export const WINDOW_MINUTES_MIN = 5;
export const WINDOW_MINUTES_MAX = 240;

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Every problem of a schedule, one per field; empty when valid. */
export function validateSchedule(schedule: GateSchedule): FieldRefusal[] {
  // Read defensively: the value may come straight from an HTTP body.
  const s = (schedule ?? {}) as unknown as Record<string, unknown>;
  const problems: FieldRefusal[] = [];
  const add = (field: string, code: RefusalCode, params?: RefusalParams): void => {
    problems.push({ field, refusal: refusal(code, params) });
  };

  if (!isInt(s.utcOffsetMinutes) || s.utcOffsetMinutes < -720 || s.utcOffsetMinutes > 840) {
    add('utcOffsetMinutes', 'scheduleUtcOffset');
  }

  const hours = s.openingHours;
  if (hours === null || typeof hours !== 'object') {
    add('openingHours', 'scheduleOpeningHours');
  } else {
    for (const d of WEEKDAYS) {
      const field = `openingHours.${d}`;
      const h = (hours as Record<string, unknown>)[d];
      if (h === undefined) {
        add(field, 'scheduleDayMissing');
        continue;
      }
      if (h === null) continue;
      if (typeof h !== 'object') {
        add(field, 'scheduleDayShape');
        continue;
      }
      const { open, close } = h as Record<string, unknown>;
      const o = parseHhMm(open);
      const c = parseHhMm(close, { allowEndOfDay: true });
      if (o === null) add(`${field}.open`, 'scheduleOpenTime');
      if (c === null) add(`${field}.close`, 'scheduleCloseTime');
      if (o !== null && c !== null && c <= o) add(`${field}.close`, 'scheduleCloseAfterOpen');
    }
  }

  if (!Array.isArray(s.closedDates)) {
    add('closedDates', 'scheduleClosedDates');
  } else {
    s.closedDates.forEach((d, i) => {
      if (!isValidLocalDate(d)) add(`closedDates.${i}`, 'scheduleClosedDate');
    });
  }

  if (!isInt(s.windowMinutes) || s.windowMinutes < WINDOW_MINUTES_MIN || s.windowMinutes > WINDOW_MINUTES_MAX) {
    add('windowMinutes', 'scheduleWindowMinutes', { min: WINDOW_MINUTES_MIN, max: WINDOW_MINUTES_MAX });
  }
  if (!isInt(s.capacityPerHour) || s.capacityPerHour < 0) {
    add('capacityPerHour', 'scheduleCapacity');
  }
  if (s.dailyCap !== null && (!isInt(s.dailyCap) || s.dailyCap < 0)) {
    add('dailyCap', 'scheduleDailyCap');
  }
  if (!isNum(s.priorityShare) || s.priorityShare < 0 || s.priorityShare > 1) {
    add('priorityShare', 'schedulePriorityShare');
  }
  if (!isNum(s.releaseLeadMinutes) || s.releaseLeadMinutes < 0) {
    add('releaseLeadMinutes', 'scheduleReleaseLead');
  }
  return problems;
}

/** A UTC interval [start, end). */
export interface Interval {
  start: Date;
  end: Date;
}

/** The opening span of one local day as UTC instants, or null when the day is closed. */
export function openSpanOfDay(
  schedule: GateSchedule,
  day: string,
  closedDates: ReadonlySet<string> = new Set(schedule.closedDates),
): Interval | null {
  if (closedDates.has(day)) return null;
  const hours = schedule.openingHours[weekdayOf(day)];
  if (!hours) return null;
  const open = parseHhMm(hours.open);
  const close = parseHhMm(hours.close, { allowEndOfDay: true });
  if (open === null || close === null || close <= open) return null;
  const midnight = localMidnight(day, schedule.utcOffsetMinutes).getTime();
  return { start: new Date(midnight + open * MS_PER_MINUTE), end: new Date(midnight + close * MS_PER_MINUTE) };
}

/** Open spans intersecting [from, to), clipped to it, in time order. */
export function openIntervals(schedule: GateSchedule, from: Date, to: Date): Interval[] {
  if (!(to.getTime() > from.getTime())) return [];
  const closed = new Set(schedule.closedDates);
  const last = localDay(to, schedule.utcOffsetMinutes);
  const out: Interval[] = [];
  for (let day = localDay(from, schedule.utcOffsetMinutes); day <= last; day = addLocalDays(day, 1)) {
    const span = openSpanOfDay(schedule, day, closed);
    if (!span) continue;
    const start = Math.max(span.start.getTime(), from.getTime());
    const end = Math.min(span.end.getTime(), to.getTime());
    if (end > start) out.push({ start: new Date(start), end: new Date(end) });
  }
  return out;
}
