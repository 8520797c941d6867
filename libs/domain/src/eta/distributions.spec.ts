import fc from 'fast-check';
import { EXACT_SUM_MAX_K, normalQuantile, probFewerThan, serviceTimeQuantile } from './distributions.js';

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
    expect(vague[0]!).toBeLessThan(known[0]!);
    expect(vague[1]!).toBeGreaterThan(known[1]!);
  });

  it('agrees between the exact sum and the approximation around the switch-over', () => {
    for (const k of [EXACT_SUM_MAX_K + 1, 400, 1500]) {
      for (const [shape, rate] of [[60, 1], [250, 3], [20, 1.5]] as const) {
        for (const q of [0.1, 0.5, 0.9]) {
          const exact = (() => {
            // The exact path, forced by bisection on the NB tail.
            let lo = 0;
            let hi = (10 * k * rate) / shape;
            for (let i = 0; i < 200; i++) {
              const mid = (lo + hi) / 2;
              if (probFewerThan(k, shape, rate, mid) > 1 - q) lo = mid;
              else hi = mid;
            }
            return lo;
          })();
          const approx = serviceTimeQuantile(k, shape, rate, q);
          expect(Math.abs(approx - exact) / exact).toBeLessThan(0.005);
        }
      }
    }
  });

  it('is increasing in q and in k, decreasing in the rate of calls', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3000 }),
        fc.double({ min: 0.5, max: 500, noNaN: true }),
        fc.double({ min: 0.2, max: 50, noNaN: true }),
        (k, shape, rate) => {
          const [a, b, c] = [0.1, 0.5, 0.9].map((q) => serviceTimeQuantile(k, shape, rate, q));
          expect(a).toBeGreaterThan(0);
          expect(a).toBeLessThanOrEqual(b!);
          expect(b).toBeLessThanOrEqual(c!);
          expect(serviceTimeQuantile(k + 1, shape, rate, 0.5)).toBeGreaterThanOrEqual(b! * (1 - 1e-9));
          expect(serviceTimeQuantile(k, shape * 2, rate, 0.5)).toBeLessThanOrEqual(b! * (1 + 1e-9));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('rejects nonsense', () => {
    expect(() => serviceTimeQuantile(0, 1, 1, 0.5)).toThrow(RangeError);
    expect(() => serviceTimeQuantile(1, 0, 1, 0.5)).toThrow(RangeError);
    expect(() => serviceTimeQuantile(1, 1, 1, 1)).toThrow(RangeError);
  });
});
