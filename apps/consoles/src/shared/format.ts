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

type EtaRange = { p10: string; p50: string; p90: string };
type Suspension = { reason: string; until: string | null };

/** A long wait is said in hours first: "in 14 hours" reads at a glance where "02/12 10:40" needs working out. */
const LONG_WAIT_MS = 3 * 3600_000;

/** A time, with its date when that is not today in Vietnam. */
function fmtWhen(iso: string): string {
  return localDay(new Date(iso)) === localDay(new Date()) ? fmtTime(iso) : fmtDateTime(iso);
}

/**
 * The estimate in words, median first: `khoảng 10:40, có thể 10:10–11:30`, and for a long wait
 * `sau khoảng 14 giờ — khoảng 02/12 10:40, có thể …`. Without an estimate during a suspension, the
 * suspension and its reason: the driver is told why, not "no estimate".
 */
export function fmtEta(eta: EtaRange | null | undefined, suspension?: Suspension | null): string {
  if (!eta) {
    if (!suspension) return t('noEta');
    const until = suspension.until ? ` ${t('suspendedUntil', { time: fmtDateTime(suspension.until) })}` : '';
    return `${t('suspended', { reason: suspension.reason })}${until}`;
  }
  const to = localDay(new Date(eta.p90)) === localDay(new Date(eta.p10)) ? fmtTime(eta.p90) : fmtWhen(eta.p90);
  const text = t('etaText', { mid: fmtWhen(eta.p50), from: fmtWhen(eta.p10), to });
  const wait = new Date(eta.p50).getTime() - Date.now();
  return wait >= LONG_WAIT_MS ? `${t('etaWait', { hours: fmtNumber(Math.round(wait / 3600_000)) })} — ${text}` : text;
}

/** The estimate where space is short (a TV lane read from across the yard): `10:40 (10:10–11:30)`. */
export function fmtEtaCompact(eta: EtaRange | null | undefined): string {
  if (!eta) return t('noEta');
  const to = localDay(new Date(eta.p90)) === localDay(new Date(eta.p10)) ? fmtTime(eta.p90) : fmtWhen(eta.p90);
  return `${fmtWhen(eta.p50)} (${fmtWhen(eta.p10)}–${to})`;
}

export function etaTitle(eta: EtaRange | null | undefined): string {
  return eta
    ? t('etaHint', { from: fmtDateTime(eta.p10), to: fmtDateTime(eta.p90), mid: fmtDateTime(eta.p50) })
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

// Building a formatter costs far more than using one, and using one far more than looking the text up: the desks
// format their counts on every live change, and the counts are few.
const numberFormats = new Map<string, { format: Intl.NumberFormat; texts: Map<number, string> }>();

export function fmtNumber(n: number): string {
  const locale = { vi: 'vi-VN', zh: 'zh-CN', en: 'en-GB' }[lang()];
  let f = numberFormats.get(locale);
  if (!f) numberFormats.set(locale, (f = { format: new Intl.NumberFormat(locale), texts: new Map() }));
  let text = f.texts.get(n);
  if (text === undefined) {
    if (f.texts.size >= 10_000) f.texts.clear();
    f.texts.set(n, (text = f.format.format(n)));
  }
  return text;
}
