import type { FeeClass } from '../identifiers/reference-data.js';
import { refusal, type FieldRefusal, type Refusal } from '../refusal.js';
import { isValidLocalDate } from '../slots/local-time.js';

// The infrastructure fee (phí sử dụng công trình kết cấu hạ tầng) charged per trip through the gate, by the
// vehicle's fee class. The tariff is dated: each row says "from this day on, this class pays this much", and a
// row is never edited once written — a change is a new row with a later effective day. Amounts are whole VND
// (the đồng has no minor unit), carried as integers end to end.

/** One row of the tariff: from `effectiveFrom` (a local day, 'YYYY-MM-DD') on, `feeClass` pays `amountVnd`. */
export interface TariffRow {
  feeClass: FeeClass;
  effectiveFrom: string;
  amountVnd: number;
}

/** The fee a vehicle owes, with the tariff row it comes from. */
export interface FeeDue {
  feeClass: FeeClass;
  amountVnd: number;
  effectiveFrom: string;
}

/** Ways a fee is paid at the yard. */
export const PAYMENT_METHODS = ['CASH', 'TRANSFER'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** The largest fee or refund accepted (a hundred million đồng, far above any published rate). */
export const MAX_FEE_VND = 100_000_000;

/**
 * The row in force for `feeClass` on local day `day`: the one with the latest effective day not after it.
 * Days compare as strings because 'YYYY-MM-DD' sorts chronologically. Null when no row has started yet.
 */
export function applicableRow(rows: readonly TariffRow[], feeClass: FeeClass, day: string): TariffRow | null {
  let best: TariffRow | null = null;
  for (const r of rows)
    if (r.feeClass === feeClass && r.effectiveFrom <= day && (!best || r.effectiveFrom > best.effectiveFrom)) best = r;
  return best;
}

/** What a vehicle of `feeClass` owes for a trip on local day `day`, or null when the tariff has no rate yet. */
export function feeDue(rows: readonly TariffRow[], feeClass: FeeClass, day: string): FeeDue | null {
  const row = applicableRow(rows, feeClass, day);
  return row ? { feeClass, amountVnd: row.amountVnd, effectiveFrom: row.effectiveFrom } : null;
}

/** True for an amount the fee tables accept: a whole, positive number of đồng up to MAX_FEE_VND. */
export function isFeeAmount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v > 0 && v <= MAX_FEE_VND;
}

/**
 * Why a new tariff row cannot be added on local day `today`, or null when it can. A row takes effect from
 * tomorrow at the earliest: a declaration's fee is priced on the day it is filed, so a row starting today or
 * earlier would change what vehicles already filed owe (and what their slips already show).
 */
export function tariffRowRefusal(row: TariffRow, today: string): FieldRefusal | null {
  if (!isValidLocalDate(row.effectiveFrom)) return { field: 'effectiveFrom', refusal: refusal('tariffDateInvalid') };
  if (row.effectiveFrom <= today) return { field: 'effectiveFrom', refusal: refusal('tariffFromTomorrow', { today }) };
  if (!isFeeAmount(row.amountVnd))
    return { field: 'amountVnd', refusal: refusal('tariffAmount', { max: formatVnd(MAX_FEE_VND) }) };
  return null;
}

/**
 * Why a refund of `amountVnd` cannot be made on a payment of `paidVnd` of which `refundedVnd` is already
 * refunded, or null when it can. The database enforces the same bound on its own (a check constraint and a
 * conditional update); this gives the operator the reason in words.
 */
export function refundRefusal(paidVnd: number, refundedVnd: number, amountVnd: number): Refusal | null {
  if (!isFeeAmount(amountVnd)) return refusal('refundAmount');
  const left = paidVnd - refundedVnd;
  if (amountVnd > left)
    return refusal('refundOverLeft', {
      amount: formatVnd(amountVnd),
      left: formatVnd(left),
      paid: formatVnd(paidVnd),
      refunded: formatVnd(refundedVnd),
    });
  return null;
}

/** `1.234.000 ₫`: dots between thousands, as Vietnamese writes amounts, whatever the device's locale. */
export function formatVnd(amountVnd: number): string {
  const sign = amountVnd < 0 ? '-' : '';
  const digits = String(Math.abs(Math.trunc(amountVnd)));
  return `${sign}${digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.')} ₫`;
}

/** Receipt numbers as printed on the receipt book: letters, digits, '-', '/' and '.', up to 40 characters. */
const RECEIPT_NUMBER = /^[A-Z0-9][A-Z0-9./-]{0,39}$/;

/** A receipt number in its one spelling (trimmed, upper case), or null when it is not one. */
export function normaliseReceiptNumber(input: unknown): string | null {
  if (typeof input !== 'string') return null;
  const s = input.trim().toUpperCase();
  return RECEIPT_NUMBER.test(s) ? s : null;
}
