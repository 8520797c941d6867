import fc from 'fast-check';
import {
  EXACT_SUM_MAX_K,
  logGamma,
  normalQuantile,
  PAULSON_MIN_SHAPE,
  probFewerThan,
  probFewerThanBySum,
  regularizedBeta,
  serviceTimeQuantile,
} from './distributions.js';

describe('normalQuantile', () => {
  it.each([
    [0.5, 0],
    [0.9, 1.2815515655],
    [0.1, -1.2815515655],
    [0.975, 1.9599639845],
    [0.001, -3.0902323062],
  ])('Φ⁻¹(%d) ≈ %d', (p, z) => {
    expect(normalQuantile(p)).toBeCloseTo(z, 7);
  });
});

describe('exact tails', () => {
  it('computes ln Γ', () => {
    expect(logGamma(1)).toBeCloseTo(0, 12);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    expect(logGamma(171)).toBeCloseTo(706.5730622457874, 8);
  });

  it('computes the regularized incomplete beta', () => {
    expect(regularizedBeta(0.3, 1, 1)).toBeCloseTo(0.3, 12);
    expect(regularizedBeta(0.3, 2, 1)).toBeCloseTo(0.09, 12);
    expect(regularizedBeta(0.5, 7, 7)).toBeCloseTo(0.5, 12);
  });

  it('gives the same NB tail by direct sum and by incomplete beta', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 400 }),
        fc.double({ min: 0.3, max: 3000, noNaN: true }),
        fc.double({ min: 0.1, max: 20, noNaN: true }),
        fc.double({ min: 0.001, max: 200, noNaN: true }),
        (k, shape, rate, t) => {
          expect(regularizedBeta(rate / (rate + t), shape, k)).toBeCloseTo(probFewerThanBySum(k, shape, rate, t), 9);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('serviceTimeQuantile', () => {
  // A huge shape pins λ: the predictive becomes the plain Gamma(k, λ).
  const pinned = (perHour: number): [number, number] => [perHour * 1e7, 1e7];

  it('reduces to the exponential for the next vehicle when λ is known', () => {
    for (const q of [0.1, 0.5, 0.9]) {
      expect(serviceTimeQuantile(1, ...pinned(50), q)).toBeCloseTo(-Math.log(1 - q) / 50, 5);
    }
  });

  it('matches the Gamma(k, λ) median ≈ (k − 1/3)/λ when λ is known', () => {
    expect(serviceTimeQuantile(50, ...pinned(50), 0.5)).toBeCloseTo((50 - 1 / 3) / 50, 3);
  });

  it('widens when λ is uncertain', () => {
    const known = [0.1, 0.9].map((q) => serviceTimeQuantile(40, ...pinned(20), q));
    const vague = [0.1, 0.9].map((q) => serviceTimeQuantile(40, 20, 1, q));
    expect(vague[0]).toBeLessThan(known[0]);
    expect(vague[1]).toBeGreaterThan(known[1]);
  });

  it('agrees between the exact tail and the approximation, and stays ordered across the switch-over', () => {
    for (const k of [EXACT_SUM_MAX_K + 1, 400, 3000]) {
      for (const [shape, rate] of [
        [PAULSON_MIN_SHAPE, 1],
        [60, 1],
        [250, 3],
        [3000, 2],
      ] as const) {
        for (const q of [0.1, 0.5, 0.9]) {
          const exact = (() => {
            // The exact path, forced by bisection on the NB tail.
            let lo = 0;
            let hi = (10 * k * rate) / shape;
            for (let i = 0; i < 80; i++) {
              const mid = (lo + hi) / 2;
              if (probFewerThan(k, shape, rate, mid) > 1 - q) lo = mid;
              else hi = mid;
            }
            return lo;
          })();
          const approx = serviceTimeQuantile(k, shape, rate, q);
          expect(Math.abs(approx - exact) / exact).toBeLessThan(1e-4);
        }
      }
    }
    for (const shape of [1, 10, PAULSON_MIN_SHAPE - 1, PAULSON_MIN_SHAPE, 500]) {
      for (const q of [0.1, 0.5, 0.9]) {
        const k = EXACT_SUM_MAX_K;
        expect(serviceTimeQuantile(k + 1, shape, 2, q)).toBeGreaterThan(serviceTimeQuantile(k, shape, 2, q));
      }
    }
  });

  it('is increasing in q and in k, decreasing in the rate of calls', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 5000 })),
        fc.oneof(fc.double({ min: 0.5, max: 60, noNaN: true }), fc.double({ min: 50, max: 2000, noNaN: true })),
        fc.double({ min: 0.2, max: 50, noNaN: true }),
        (k, shape, rate) => {
          const [a, b, c] = [0.1, 0.5, 0.9].map((q) => serviceTimeQuantile(k, shape, rate, q));
          expect(a).toBeGreaterThan(0);
          expect(a).toBeLessThanOrEqual(b);
          expect(b).toBeLessThanOrEqual(c);
          expect(serviceTimeQuantile(k + 1, shape, rate, 0.5)).toBeGreaterThanOrEqual(b * (1 - 1e-9));
          expect(serviceTimeQuantile(k, shape * 2, rate, 0.5)).toBeLessThanOrEqual(b * (1 + 1e-9));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('rejects nonsense', () => {
    expect(() => serviceTimeQuantile(0, 1, 1, 0.5)).toThrow(RangeError);
    expect(() => serviceTimeQuantile(1, 0, 1, 0.5)).toThrow(RangeError);
    expect(() => serviceTimeQuantile(1, 1, 1, 1)).toThrow(RangeError);
  });
});
