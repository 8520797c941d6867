import fc from 'fast-check';
import {
  distributionOf,
  distributionOfValues,
  segmentSeconds,
  vietnamDay,
  vietnamHour,
  vietnamHourOfDay,
} from './statistics.js';
import { toCsv } from './csv.js';

const seconds = fc.array(fc.integer({ min: 0, max: 200_000 }), { minLength: 1, maxLength: 400 });

/** Nearest rank over a sorted copy: the definition the histogram must reproduce. */
function nearestRank(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil((p * sorted.length) / 100)) - 1];
}

describe('distributionOf', () => {
  it('gives the nearest-rank percentiles of the raw observations', () => {
    fc.assert(
      fc.property(seconds, (values) => {
        const d = distributionOfValues(values);
        expect(d.n).toBe(values.length);
        expect(d.p50).toBe(nearestRank(values, 50));
        expect(d.p90).toBe(nearestRank(values, 90));
        expect(d.p99).toBe(nearestRank(values, 99));
        expect(d.max).toBe(Math.max(...values));
      }),
    );
  });

  it('merges: histograms of parts added together give the percentiles of the whole', () => {
    fc.assert(
      fc.property(fc.array(seconds, { minLength: 1, maxLength: 6 }), (parts) => {
        const bins = parts.flatMap((part) => {
          const counts = new Map<number, number>();
          for (const v of part) counts.set(v, (counts.get(v) ?? 0) + 1);
          return [...counts].map(([s, n]) => ({ seconds: s, n }));
        });
        expect(distributionOf(bins)).toEqual(distributionOfValues(parts.flat()));
      }),
    );
  });

  it('is empty with no observations', () => {
    expect(distributionOf([])).toEqual({ n: 0, p50: null, p90: null, p99: null, max: null });
    expect(distributionOf([{ seconds: 5, n: 0 }]).n).toBe(0);
  });

  it('truncates fractional observations to the second below', () => {
    expect(distributionOfValues([1.9, 2.2, 2.99]).p50).toBe(2);
  });
});

describe('Vietnam-time buckets', () => {
  const instant = fc.date({
    min: new Date('2020-01-01T00:00:00Z'),
    max: new Date('2035-01-01T00:00:00Z'),
    noInvalidDate: true,
  });

  it('puts an instant in the hour that starts at most an hour before it, on the Vietnam day of that hour', () => {
    fc.assert(
      fc.property(instant, (at) => {
        const hour = vietnamHour(at);
        expect(hour.getTime()).toBeLessThanOrEqual(at.getTime());
        expect(at.getTime() - hour.getTime()).toBeLessThan(3_600_000);
        expect(hour.getUTCMinutes()).toBe(0);
        expect(vietnamDay(hour)).toBe(vietnamDay(at));
        expect(vietnamHourOfDay(hour)).toBe((hour.getUTCHours() + 7) % 24);
      }),
    );
  });

  it('starts the Vietnam day at 17:00 UTC', () => {
    expect(vietnamDay(new Date('2026-03-01T16:59:59Z'))).toBe('2026-03-01');
    expect(vietnamDay(new Date('2026-03-01T17:00:00Z'))).toBe('2026-03-02');
    expect(vietnamHourOfDay(new Date('2026-03-01T17:30:00Z'))).toBe(0);
  });
});

describe('segmentSeconds', () => {
  it('counts whole seconds and never goes below zero', () => {
    expect(segmentSeconds(new Date('2026-01-01T00:00:00.900Z'), new Date('2026-01-01T00:00:02.100Z'))).toBe(1);
    expect(segmentSeconds(new Date('2026-01-01T00:00:05Z'), new Date('2026-01-01T00:00:02Z'))).toBe(0);
  });
});

describe('toCsv', () => {
  /** A minimal RFC 4180 reader, to check that what is written reads back as it was. */
  function parse(text: string): string[][] {
    const rows: string[][] = [];
    let row: string[] = [];
    let field = '';
    let quoted = false;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (quoted && c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (quoted && c === '"') quoted = false;
      else if (quoted) field += c;
      else if (c === '"') quoted = true;
      else if (c === ',') {
        row.push(field);
        field = '';
      } else if (c === '\r' && text[i + 1] === '\n') {
        row.push(field);
        rows.push(row);
        row = [];
        field = '';
        i++;
      } else field += c;
    }
    return rows;
  }

  it('reads back every row and field as written', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string(), { minLength: 2, maxLength: 2 }), { maxLength: 20 }), (rows) => {
        expect(parse(toCsv(['a', 'b'], rows))).toEqual([['a', 'b'], ...rows]);
      }),
    );
  });

  it('writes numbers bare and quotes what a spreadsheet would take for a formula', () => {
    expect(toCsv(['n', 's'], [[-5, '=1+1']])).toBe('n,s\r\n-5,"=1+1"\r\n');
  });
});
