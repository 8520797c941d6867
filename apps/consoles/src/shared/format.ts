/// <reference lib="dom" />
import { lang, t } from './i18n.js';

// Every time is shown in the gates' local time whatever the device's zone: Vietnam keeps UTC+7 all year.
const OFFSET_MS = 7 * 3600_000;

// Fixed-offset arithmetic rather than Intl: the same `24/11 07:30` on every phone, whatever its locale data.
const pad = (n: number) => String(n).padStart(2, '0');
const local = (iso: string | Date) => new Date((iso instanceof Date ? iso : new Date(iso)).getTime() + OFFSET_MS);

export function fmtTime(iso: string | Date | null | undefined): string {
  if (!iso) return t('none');
  const d = local(iso);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** `24/11` */
function fmtDay(iso: string | Date): string {
  const d = local(iso);
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}`;
}

export function fmtDateTime(iso: string | Date | null | undefined): string {
  return iso ? `${fmtDay(iso)} ${fmtTime(iso)}` : t('none');
}

/** Local calendar day (YYYY-MM-DD) of an instant in Vietnam. */
function localDay(d: Date): string {
  return new Date(d.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** `07:00–07:30` (with the date when it is not today in Vietnam). */
export function fmtWindow(w: { start: string; end: string } | null | undefined): string {
  if (!w) return t('noWindow');
  const sameDay = localDay(new Date(w.start)) === localDay(new Date());
  return `${sameDay ? '' : `${fmtDay(w.start)} `}${fmtTime(w.start)}–${fmtTime(w.end)}`;
}

/** The 80 % range of the estimate: `07:02–07:40`; the median goes in the tooltip. */
export function fmtEta(eta: { p10: string; p50: string; p90: string } | null | undefined): string {
  if (!eta) return t('noEta');
  const day = localDay(new Date(eta.p10)) === localDay(new Date()) ? '' : `${fmtDay(eta.p10)} `;
  return `${day}${fmtTime(eta.p10)}–${fmtTime(eta.p90)}`;
}

export function etaTitle(eta: { p10: string; p50: string; p90: string } | null | undefined): string {
  return eta
    ? t('etaHint', { from: fmtDateTime(eta.p10), to: fmtDateTime(eta.p90), mid: fmtTime(eta.p50) })
    : t('noEta');
}

/** A `datetime-local` value read as Vietnam time, as ISO 8601 with its offset. */
export function localInputToIso(value: string): string {
  return `${value.length === 16 ? `${value}:00` : value}+07:00`;
}

/** An instant as a `datetime-local` value in Vietnam time. */
export function isoToLocalInput(iso: string): string {
  return new Date(new Date(iso).getTime() + OFFSET_MS).toISOString().slice(0, 16);
}

// Building a formatter costs far more than using one: the desks format counts on every live change.
const numberFormats = new Map<string, Intl.NumberFormat>();

export function fmtNumber(n: number): string {
  const locale = lang() === 'vi' ? 'vi-VN' : 'en-GB';
  let f = numberFormats.get(locale);
  if (!f) numberFormats.set(locale, (f = new Intl.NumberFormat(locale)));
  return f.format(n);
}
