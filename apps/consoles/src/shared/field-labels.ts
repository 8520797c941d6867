/// <reference lib="dom" />
import { fmtDateTime } from './format.js';
import { label, lang, t, type MessageKey } from './i18n.js';

// A person reads a field's label, never its path in the API: `vehicles[0].plate` is "Xe 1 — Biển số",
// `directions.EXPORT.capacityPerHour` is "Xuất — Sức chứa mỗi giờ (xe)".

const LEAF: Record<string, MessageKey> = {
  plate: 'plate',
  trailerPlate: 'trailerPlate',
  nationality: 'nationality',
  feeClass: 'feeClass',
  containerNumber: 'containerNumber',
  sealNumber: 'sealNumber',
  'driver.name': 'driverName',
  'driver.document.type': 'docType',
  'driver.document.number': 'docNumber',
  'driver.phone': 'driverPhone',
  customsDeclarationNumber: 'customsNumber',
  category: 'category',
  description: 'description',
  hsCode: 'hsCode',
  grossWeightKg: 'weight',
  valueVnd: 'value',
  direction: 'direction',
  expectedArrival: 'arrival',
  yard: 'yardName',
  yards: 'yardName',
  code: 'yardCode',
  'names.vi': 'yardNameVi',
  'names.zh': 'yardNameZh',
  'names.en': 'yardNameEn',
  gate: 'gate',
  name: 'gateName',
  autoAccept: 'autoAccept',
  graceMinutes: 'graceMinutes',
  noShowPenaltyMinutes: 'noShowPenalty',
  delayAttributionMinutes: 'delayAttribution',
  callReachMinutes: 'callReach',
  windowMinutes: 'windowMinutes',
  capacityPerHour: 'capacityPerHour',
  dailyCap: 'dailyCapShort',
  priorityShare: 'priorityShare',
  releaseLeadMinutes: 'releaseLead',
  openingHours: 'openingHours',
  closedDates: 'closedDates',
  dailyCaps: 'dailyCaps',
  suspension: 'suspensionState',
  until: 'suspendUntil',
  reason: 'reason',
  message: 'correctionMessage',
};

/** `2027-02-05` → `05/02/2027`. */
export const fmtLocalDate = (day: string): string => day.split('-').reverse().join('/');

function leafLabel(rest: string[]): string {
  const [head, ...tail] = rest;
  if (head === 'openingHours' && tail.length) {
    const day = t(`weekday${tail[0]}` as MessageKey);
    const part = tail[1] === 'open' ? t('opensAt') : tail[1] === 'close' ? t('closesAt') : null;
    return [t('openingHours'), day, part].filter(Boolean).join(' — ');
  }
  if (head === 'dailyCaps' && tail.length) return t('dailyCapOn', { day: fmtLocalDate(tail[0]) });
  if (head === 'closedDates' && tail.length) return t('closedDates');
  const key = LEAF[rest.join('.')] ?? LEAF[head];
  return key ? t(key) : rest.join('.');
}

/** The label of a field path of a declaration or of a gate's settings, in the current language. */
export function fieldLabel(path: string): string {
  const parts = path.replace(/\[(\d+)\]/g, '.$1').split('.');
  const out: string[] = [];
  let i = 0;
  while (i < parts.length) {
    const [p, n] = [parts[i], parts[i + 1]];
    if (p === 'vehicles' && /^\d+$/.test(n ?? '')) out.push(t('vehicleN', { n: Number(n) + 1 }));
    else if (p === 'goods' && /^\d+$/.test(n ?? '')) out.push(t('goodsGroup', { n: Number(n) + 1 }));
    else if (p === 'items' && /^\d+$/.test(n ?? '')) out.push(t('item', { n: Number(n) + 1 }));
    else if (p === 'directions' && n) out.push(label('dir', n));
    else if (p === 'yards' && /^\d+$/.test(n ?? '')) out.push(`${t('yardName')} ${Number(n) + 1}`);
    else break;
    i += 2;
  }
  if (i < parts.length) out.push(leafLabel(parts.slice(i)));
  return out.join(' — ');
}

/** A setting's value in words: hours as `07:00–19:00`, days as `05/02/2027`, nothing as `—`. */
export function settingValue(field: string, v: unknown): string {
  if (v === null || v === undefined) return field.includes('openingHours') ? t('closedDay') : t('none');
  if (typeof v === 'boolean') return t(v ? 'yes' : 'no');
  if (field === 'yards' && Array.isArray(v))
    return (v as { code: string; names: Record<string, string> }[])
      .map((y) => `${y.names[lang()] ?? y.names.vi} (${y.code})`)
      .join(', ');
  if (Array.isArray(v)) return v.length ? v.map((d) => fmtLocalDate(String(d))).join(', ') : t('none');
  if (typeof v === 'object') {
    const o = v as { open?: string; close?: string; reason?: string; until?: string | null };
    if (o.open) return `${o.open}–${o.close}`;
    if (o.reason !== undefined)
      return o.until ? `${o.reason} (${t('suspendedUntil', { time: fmtDateTime(o.until) })})` : o.reason;
  }
  if (field.endsWith('priorityShare') && typeof v === 'number') return `${Math.round(v * 100)} %`;
  return typeof v === 'number' || typeof v === 'string' ? String(v) : JSON.stringify(v);
}
