import fc from 'fast-check';
import { FEE_CLASSES, type FeeClass } from '../identifiers/reference-data.js';
import { addLocalDays } from '../slots/local-time.js';
import {
  applicableRow,
  feeDue,
  formatVnd,
  MAX_FEE_VND,
  normaliseReceiptNumber,
  refundRefusal,
  type TariffRow,
  tariffRowRefusal,
} from './tariff.js';

const BASE = '2025-01-01';
const day = fc.integer({ min: 0, max: 1500 }).map((n) => addLocalDays(BASE, n));
const feeClass = fc.constantFrom(...FEE_CLASSES);
const amount = fc.integer({ min: 1, max: MAX_FEE_VND });
const row = fc.record({ feeClass, effectiveFrom: day, amountVnd: amount });
// A tariff as the table holds it: at most one row per class and day (the primary key).
const tariff = fc.uniqueArray(row, { selector: (r) => `${r.feeClass}|${r.effectiveFrom}`, maxLength: 30 });

describe('the tariff row in force on a day', () => {
  it('is the latest row of the class that has started, and no started row of the class is later', () => {
    fc.assert(
      fc.property(tariff, feeClass, day, (rows, c, d) => {
        const r = applicableRow(rows, c, d);
        const started = rows.filter((x) => x.feeClass === c && x.effectiveFrom <= d);
        if (!started.length) return r === null;
        return (
          r !== null &&
          r.feeClass === c &&
          r.effectiveFrom <= d &&
          started.every((x) => x.effectiveFrom <= r.effectiveFrom)
        );
      }),
    );
  });

  it('does not depend on the order of the rows', () => {
    fc.assert(
      fc.property(tariff, feeClass, day, (rows, c, d) => {
        const reversed = [...rows].reverse();
        expect(applicableRow(reversed, c, d)).toEqual(applicableRow(rows, c, d));
      }),
    );
  });

  it('a row added later changes nothing before its effective day, and applies from that day on', () => {
    fc.assert(
      fc.property(tariff, row, day, (rows, added, d) => {
        const existing = rows.filter(
          (x) => !(x.feeClass === added.feeClass && x.effectiveFrom === added.effectiveFrom),
        );
        const after = [...existing, added];
        const before = feeDue(existing, added.feeClass, d);
        const now = feeDue(after, added.feeClass, d);
        if (d < added.effectiveFrom) expect(now).toEqual(before);
        else if (
          !existing.some(
            (x) => x.feeClass === added.feeClass && x.effectiveFrom > added.effectiveFrom && x.effectiveFrom <= d,
          )
        )
          expect(now).toEqual({
            feeClass: added.feeClass,
            amountVnd: added.amountVnd,
            effectiveFrom: added.effectiveFrom,
          });
      }),
    );
  });

  it('other classes are never affected by a row of another class', () => {
    fc.assert(
      fc.property(tariff, row, day, (rows, added, d) => {
        for (const c of FEE_CLASSES.filter((x) => x !== added.feeClass))
          expect(feeDue([...rows, added], c, d)).toEqual(feeDue(rows, c, d));
      }),
    );
  });

  it('an example: the May 2025 rate, then a rise from 1 January 2026', () => {
    const rows: TariffRow[] = [
      { feeClass: 'CONTAINER_40FT', effectiveFrom: '2025-05-01', amountVnd: 4_000_000 },
      { feeClass: 'CONTAINER_40FT', effectiveFrom: '2026-01-01', amountVnd: 4_400_000 },
    ];
    const due = (c: FeeClass, d: string) => feeDue(rows, c, d)?.amountVnd ?? null;
    expect(due('CONTAINER_40FT', '2025-04-30')).toBeNull();
    expect(due('CONTAINER_40FT', '2025-05-01')).toBe(4_000_000);
    expect(due('CONTAINER_40FT', '2025-12-31')).toBe(4_000_000);
    expect(due('CONTAINER_40FT', '2026-01-01')).toBe(4_400_000);
    expect(due('UNDER_2T', '2026-01-01')).toBeNull();
  });
});

describe('adding a tariff row', () => {
  it('is allowed from tomorrow on only, with a whole positive amount', () => {
    fc.assert(
      fc.property(row, day, (r, today) => {
        const refusal = tariffRowRefusal(r, today);
        expect(refusal === null).toBe(r.effectiveFrom > today);
      }),
    );
  });

  it('refuses a day that does not exist, a fraction of a đồng, zero and too much', () => {
    const ok: TariffRow = { feeClass: 'UNDER_2T', effectiveFrom: '2026-02-01', amountVnd: 100_000 };
    expect(tariffRowRefusal(ok, '2026-01-31')).toBeNull();
    expect(tariffRowRefusal({ ...ok, effectiveFrom: '2026-02-30' }, '2026-01-01')).toEqual({
      field: 'effectiveFrom',
      refusal: { code: 'tariffDateInvalid' },
    });
    expect(tariffRowRefusal(ok, '2026-02-01')).toEqual({
      field: 'effectiveFrom',
      refusal: { code: 'tariffFromTomorrow', params: { today: '2026-02-01' } },
    });
    for (const amountVnd of [0, -1, 100.5, MAX_FEE_VND + 1, Number.NaN])
      expect(tariffRowRefusal({ ...ok, amountVnd }, '2026-01-01')).toEqual({
        field: 'amountVnd',
        refusal: { code: 'tariffAmount', params: { max: '100.000.000 ₫' } },
      });
  });
});

describe('refunds', () => {
  it('never let the total refunded exceed what was paid, however they are split', () => {
    fc.assert(
      fc.property(amount, fc.array(amount, { maxLength: 10 }), (paid, asks) => {
        let refunded = 0;
        for (const a of asks) if (refundRefusal(paid, refunded, a) === null) refunded += a;
        expect(refunded).toBeLessThanOrEqual(paid);
        // Whatever is left can always be refunded in one go.
        if (paid > refunded) expect(refundRefusal(paid, refunded, paid - refunded)).toBeNull();
      }),
    );
  });

  it('refuse more than is left, and say how much is left', () => {
    expect(refundRefusal(4_000_000, 3_000_000, 1_000_001)).toEqual({
      code: 'refundOverLeft',
      params: { amount: '1.000.001 ₫', left: '1.000.000 ₫', paid: '4.000.000 ₫', refunded: '3.000.000 ₫' },
    });
    expect(refundRefusal(4_000_000, 0, 0)).toEqual({ code: 'refundAmount' });
  });
});

describe('formatVnd', () => {
  it('writes thousands with dots and the đồng sign', () => {
    expect(formatVnd(1_234_000)).toBe('1.234.000 ₫');
    expect(formatVnd(100_000)).toBe('100.000 ₫');
    expect(formatVnd(999)).toBe('999 ₫');
    expect(formatVnd(0)).toBe('0 ₫');
    expect(formatVnd(-4_000_000)).toBe('-4.000.000 ₫');
  });

  it('reads back to the same integer', () => {
    fc.assert(
      fc.property(fc.integer({ min: -MAX_FEE_VND, max: MAX_FEE_VND }), (n) => {
        const s = formatVnd(n);
        expect(Number(s.replace(' ₫', '').replaceAll('.', ''))).toBe(n);
        expect(s).toMatch(/^-?\d{1,3}(\.\d{3})* ₫$/);
      }),
    );
  });
});

describe('receipt numbers', () => {
  it('have one spelling', () => {
    expect(normaliseReceiptNumber('  bl-0001/25 ')).toBe('BL-0001/25');
    expect(normaliseReceiptNumber('')).toBeNull();
    expect(normaliseReceiptNumber('số 1')).toBeNull();
    expect(normaliseReceiptNumber('A'.repeat(41))).toBeNull();
    expect(normaliseReceiptNumber(12)).toBeNull();
  });
});
