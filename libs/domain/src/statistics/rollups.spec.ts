import fc from 'fast-check';
import { addLocalDays } from '../slots/local-time.js';
import {
  bucketRange,
  bucketValue,
  COARSE_BUCKETS,
  FINE_BUCKETS,
  responseBuckets,
  histogramOf,
  rollupBlocksOf,
  rollupCover,
  sketchBucket,
  binsOfBuckets,
} from './rollups.js';
import { distributionOf, distributionOfValues } from './statistics.js';

const day = fc.integer({ min: 0, max: 3000 }).map((i) => addLocalDays('2024-01-01', i));

describe('logarithmic buckets', () => {
  it('are exact below 64 s, contain their value, and are at most 1/32 of it wide', () => {
    for (let s = 0; s < 64; s++) expect(bucketRange(sketchBucket(s))).toEqual({ from: s, width: 1 });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 30 }), (s) => {
        const { from, width } = bucketRange(sketchBucket(s));
        expect(s).toBeGreaterThanOrEqual(from);
        expect(s).toBeLessThan(from + width);
        expect(width).toBeLessThanOrEqual(Math.max(1, s / 32));
        expect(Math.abs(bucketValue(sketchBucket(s)) - s)).toBeLessThanOrEqual(Math.max(0, s / 64));
      }),
    );
  });

  it('are, coarsely, exact below 8 s, contain their value, and are at most 1/4 of it wide', () => {
    for (let s = 0; s < 8; s++)
      expect(bucketRange(sketchBucket(s, COARSE_BUCKETS), COARSE_BUCKETS)).toEqual({ from: s, width: 1 });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 30 }), (s) => {
        const bucket = sketchBucket(s, COARSE_BUCKETS);
        const { from, width } = bucketRange(bucket, COARSE_BUCKETS);
        expect(s).toBeGreaterThanOrEqual(from);
        expect(s).toBeLessThan(from + width);
        expect(width).toBeLessThanOrEqual(Math.max(1, s / 4));
        expect(Math.abs(bucketValue(bucket, COARSE_BUCKETS) - s)).toBeLessThanOrEqual(Math.max(0, s / 8));
      }),
    );
    for (let e = 3; e < 25; e++)
      expect(sketchBucket(2 ** e, COARSE_BUCKETS)).toBe(sketchBucket(2 ** e - 1, COARSE_BUCKETS) + 1);
  });

  it('follow one another without gaps at every power of two', () => {
    for (let e = 6; e < 25; e++) {
      const p = 2 ** e;
      expect(sketchBucket(p)).toBe(sketchBucket(p - 1) + 1);
    }
  });

  it('give percentiles within 1/64 of the exact ones, coarsely within 1/8', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 200_000 }), { minLength: 1, maxLength: 300 }), (values) => {
        const exact = distributionOfValues(values);
        for (const [bits, within] of [
          [FINE_BUCKETS, 64],
          [COARSE_BUCKETS, 8],
        ]) {
          const buckets = values.map((v) => ({ bucket: sketchBucket(v, bits), n: 1 }));
          const sketched = distributionOf(binsOfBuckets(buckets, bits));
          expect(sketched.n).toBe(exact.n);
          for (const p of ['p50', 'p90', 'p99'] as const)
            expect(Math.abs(sketched[p]! - exact[p]!)).toBeLessThanOrEqual(exact[p]! / within);
        }
      }),
    );
  });

  it('are coarse for an officer or a console, fine for an agency as a whole', () => {
    expect(responseBuckets({ officer: '', console: '' })).toBe(FINE_BUCKETS);
    expect(responseBuckets({ officer: 'officer-1', console: '' })).toBe(COARSE_BUCKETS);
    expect(responseBuckets({ officer: '', console: 'customs #1' })).toBe(COARSE_BUCKETS);
  });
});

describe('roll-up blocks', () => {
  it('cover a range exactly, each block aligned and one of those a day belongs to', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 400 }), (from, length) => {
        const to = addLocalDays(from, length);
        const blocks = rollupCover(from, to);
        let next = from;
        for (const b of blocks) {
          expect(b.start).toBe(next);
          expect(rollupBlocksOf(b.start)).toContainEqual(b);
          expect(rollupBlocksOf(addLocalDays(b.start, b.span - 1))).toContainEqual(b);
          next = addLocalDays(b.start, b.span);
        }
        expect(next).toBe(addLocalDays(to, 1));
        // At most three of each smaller size at either end.
        for (const span of [16, 4, 1]) expect(blocks.filter((b) => b.span === span).length).toBeLessThanOrEqual(6);
      }),
    );
  });

  it('read 90 days as far fewer blocks than days', () => {
    expect(rollupCover('2026-01-01', '2026-03-31').length).toBeLessThanOrEqual(16);
    expect(rollupCover('2026-03-02', '2026-03-01')).toEqual([]);
  });
});

it('sorts durations into the display bins of a histogram', () => {
  expect(
    histogramOf(
      [
        { seconds: 0, n: 2 },
        { seconds: 59, n: 1 },
        { seconds: 60, n: 3 },
        { seconds: 99_999, n: 1 },
      ],
      [0, 60, 3600],
    ),
  ).toEqual([
    { fromSeconds: 0, toSeconds: 60, n: 3 },
    { fromSeconds: 60, toSeconds: 3600, n: 3 },
    { fromSeconds: 3600, toSeconds: null, n: 1 },
  ]);
});
