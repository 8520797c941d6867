import fc from 'fast-check';
import type { EtaEstimate } from './estimate-eta.js';
import { stabilizeEta } from './stabilize-eta.js';
import { ETA_MIN_SPREAD_MINUTES } from './queue-eta.js';

const MIN = 60_000;
const base = Date.parse('2025-07-10T03:00:00Z');
const at = (minutes: number): Date => new Date(base + minutes * MIN);
const est = (p10: number, p50: number, p90: number): EtaEstimate => ({ p10: at(p10), p50: at(p50), p90: at(p90) });

/** An estimate from `now` on: p10 ≥ now, each side at least the minimum spread. */
const estimate = (now: number): fc.Arbitrary<EtaEstimate> =>
  fc
    .tuple(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 600 }), fc.integer({ min: 0, max: 600 }))
    .map(([lead, lo, hi]) => {
      const p10 = now + lead;
      const p50 = p10 + ETA_MIN_SPREAD_MINUTES + lo;
      return est(p10, p50, p50 + ETA_MIN_SPREAD_MINUTES + hi);
    });

describe('stabilizeEta', () => {
  it('keeps the shown estimate while the fresh median stays inside it, and moves it when it leaves', () => {
    const shown = est(60, 90, 150);
    expect(stabilizeEta(shown, est(70, 100, 130), false)).toEqual(shown);
    expect(stabilizeEta(shown, est(120, 160, 200), false)).toEqual(est(120, 160, 200));
    // Something material: the fresh one, even inside.
    expect(stabilizeEta(shown, est(70, 100, 130), true)).toEqual(est(70, 100, 130));
    expect(stabilizeEta(null, est(70, 100, 130), false)).toEqual(est(70, 100, 130));
  });

  it('never keeps a median already past, nor a shown range without spread', () => {
    // Time has moved on to 80 (the fresh p10): the shown median of 90 is still ahead, the shown range stays.
    expect(stabilizeEta(est(60, 90, 150), est(80, 100, 140), false)).toEqual(est(60, 90, 150));
    // The shown median (90) is behind the fresh p10 (95): the fresh one, though its median is inside.
    expect(stabilizeEta(est(60, 90, 150), est(95, 120, 140), false)).toEqual(est(95, 120, 140));
    // A zero-width range shown before ("08:30–08:30") is replaced.
    expect(stabilizeEta(est(90, 90, 90), est(80, 90, 100), false)).toEqual(est(80, 90, 100));
  });

  it('moves by less than the shown interval unless material or the fresh median left it; always ordered', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2000 }),
        fc.integer({ min: 0, max: 2000 }),
        fc.boolean(),
        fc.boolean(),
        (before, elapsed, material, hasPrevious) => {
          const now = before + elapsed;
          return fc.assert(
            fc.property(estimate(before), estimate(now), (previous, fresh) => {
              const out = stabilizeEta(hasPrevious ? previous : null, fresh, material);
              // Never a range ending before now, nor a median behind the fresh p10.
              expect(out.p90.getTime()).toBeGreaterThanOrEqual(at(now).getTime());
              expect(out.p50.getTime()).toBeGreaterThanOrEqual(fresh.p10.getTime());
              expect(out.p50.getTime() - out.p10.getTime()).toBeGreaterThanOrEqual(ETA_MIN_SPREAD_MINUTES * MIN);
              expect(out.p90.getTime() - out.p50.getTime()).toBeGreaterThanOrEqual(ETA_MIN_SPREAD_MINUTES * MIN);
              const inside = fresh.p50 >= previous.p10 && fresh.p50 <= previous.p90;
              if (hasPrevious && !material && inside) {
                const width = previous.p90.getTime() - previous.p10.getTime();
                expect(Math.abs(out.p50.getTime() - previous.p50.getTime())).toBeLessThan(width);
              }
            }),
            { numRuns: 20 },
          );
        },
      ),
      { numRuns: 50 },
    );
  });
});
