/// <reference lib="dom" />
import { formatVnd } from '../../../../libs/domain/src/fees/tariff.js';
import { fmtLocalDate } from './field-labels.js';
import { label, t } from './i18n.js';

export { formatVnd };

/** `4.000.000 ₫ · Container 40 feet · theo biểu phí từ 01/05/2025`, or why there is no amount yet. */
export function feeText(feeClass: string, fee: { amountVnd: number; effectiveFrom: string } | null): string {
  if (!fee) return `${label('fee', feeClass)} · ${t('feeNoRate')}`;
  return `${formatVnd(fee.amountVnd)} · ${label('fee', feeClass)} · ${t('feeRateFrom', { from: fmtLocalDate(fee.effectiveFrom) })}`;
}
