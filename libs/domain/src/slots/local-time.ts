// Local calendar arithmetic for gates that use a fixed UTC offset (Asia/Ho_Chi_Minh is UTC+7 with no DST),
// so a plain offset is exact and we never need a time-zone database. All Date values are UTC instants.

export const MS_PER_MINUTE = 60_000;
export const MS_PER_DAY = 86_400_000;

/** Asia/Ho_Chi_Minh: fixed UTC+7, no daylight saving. */
export const VIETNAM_UTC_OFFSET_MINUTES = 420;

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The local calendar day ('YYYY-MM-DD') that contains `instant` at the given offset. */
export function localDay(instant: Date, utcOffsetMinutes: number): string {
  return new Date(instant.getTime() + utcOffsetMinutes * MS_PER_MINUTE).toISOString().slice(0, 10);
}

/** True for a real calendar date written 'YYYY-MM-DD' (rejects 2025-02-30). */
export function isValidLocalDate(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const m = LOCAL_DATE.exec(value);
  if (!m) return false;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(ms).toISOString().slice(0, 10) === value;
}

function dayToUtcMidnightMs(day: string): number {
  const m = LOCAL_DATE.exec(day);
  if (!m) throw new RangeError(`Invalid local date: ${day}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

/** The UTC instant of local midnight that starts `day`. */
export function localMidnight(day: string, utcOffsetMinutes: number): Date {
  return new Date(dayToUtcMidnightMs(day) - utcOffsetMinutes * MS_PER_MINUTE);
}

export function addLocalDays(day: string, days: number): string {
  return new Date(dayToUtcMidnightMs(day) + days * MS_PER_DAY).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday, like Date#getUTCDay. */
export function weekdayOf(day: string): 0 | 1 | 2 | 3 | 4 | 5 | 6 {
  return new Date(dayToUtcMidnightMs(day)).getUTCDay() as 0 | 1 | 2 | 3 | 4 | 5 | 6;
}

/** Minutes since midnight for 'HH:MM' (00:00–23:59, plus 24:00 when allowed), or null when malformed. */
export function parseHhMm(value: unknown, { allowEndOfDay = false }: { allowEndOfDay?: boolean } = {}): number | null {
  if (typeof value !== 'string') return null;
  if (allowEndOfDay && value === '24:00') return 24 * 60;
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/** `HH:MM dd/MM/yyyy` in the given local time, the way people at the gate read a time. */
export function formatLocalDateTime(instant: Date, utcOffsetMinutes: number): string {
  const local = new Date(instant.getTime() + utcOffsetMinutes * MS_PER_MINUTE).toISOString();
  return `${local.slice(11, 16)} ${local.slice(8, 10)}/${local.slice(5, 7)}/${local.slice(0, 4)}`;
}

/** `08:30 24/12/2026`: an instant as people at the gates read it (Vietnam time), for messages. */
export function formatVietnamTime(at: Date): string {
  const local = new Date(at.getTime() + VIETNAM_UTC_OFFSET_MINUTES * MS_PER_MINUTE).toISOString();
  return `${local.slice(11, 16)} ${local.slice(8, 10)}/${local.slice(5, 7)}/${local.slice(0, 4)}`;
}
