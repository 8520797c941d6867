import type { DailyFeeReport } from './dto/fees.dto.js';

const HEADER = [
  'Hạng phí (fee class)',
  'Số lượt thu (payments)',
  'Tiền mặt VND (cash)',
  'Chuyển khoản VND (transfer)',
  'Tổng thu VND (paid)',
  'Số lượt hoàn (refunds)',
  'Tổng hoàn VND (refunded)',
  'Thực thu VND (net)',
];

/**
 * The daily report as CSV: one line per fee class and a total line, amounts as plain integers so a
 * spreadsheet sums them; a byte-order mark first so spreadsheet programs read the Vietnamese as UTF-8.
 */
export function dailyReportCsv(r: DailyFeeReport): string {
  const row = (label: string, l: DailyFeeReport['totals']) =>
    [label, l.payments, l.cashVnd, l.transferVnd, l.paidVnd, l.refunds, l.refundedVnd, l.netVnd].join(',');
  return `\ufeff${[HEADER.join(','), ...r.lines.map((l) => row(l.feeClass, l)), row('TOTAL', r.totals)].join(
    '\r\n',
  )}\r\n`;
}
