import pg from 'pg';
import { ManualClock } from '#libs/clock/src/index.js';
import {
  addLocalDays,
  binsOfBuckets,
  distributionOf,
  type HistogramBin,
  histogramOf,
  mulberry32,
  responseBuckets,
  rollupCover,
  sketchBucket,
  vietnamDay,
} from '#libs/domain/src/index.js';
import { login, type Session, TEST_ADMIN, type TestApp } from '#libs/testing/src/index.js';
import { createStatsTestApp } from './stats-fixtures.js';

// The percentiles and display bands of long ranges are computed by the database, one row per group; those of
// exact ranges by the service from each group's rows, read as arrays (all lanes' rows, or one gate's or one
// direction's lanes merged): here both are checked against the domain's own rules (distributionOf,
// histogramOf) on random histograms written straight into the projections — ties across lanes and blocks,
// single observations, values in every band and bucket size.

let t: TestApp;
let db: pg.Client;
let admin: Session;
const clock = new ManualClock(new Date());
const today = vietnamDay(clock.now());
const random = mulberry32(64);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
/** Mostly short durations with many ties, some up to half a day. */
const duration = () => (random() < 0.6 ? Math.floor(random() * 200) : Math.floor(random() * random() * 43_200));
const LANES = [
  ['HUU_NGHI', 'EXPORT'],
  ['HUU_NGHI', 'IMPORT'],
  ['TAN_THANH', 'EXPORT'],
];
const GROUPS = [
  ['CALL_TO_CONFIRMATION', 'CUSTOMS', '', ''],
  ['CALL_TO_CONFIRMATION', 'CUSTOMS', 'officer-1', ''],
  ['CALL_TO_CONFIRMATION', 'CUSTOMS', '', 'customs #1'],
  ['CALL_TO_CONFIRMATION', 'BORDER_GUARD', '', ''],
  ['HOLD_TO_RELEASE', 'CUSTOMS', 'officer-2', ''],
];

beforeAll(async () => {
  t = await createStatsTestApp('stats-distributions', clock);
  db = new pg.Client({ connectionString: t.databaseUrl });
  await db.connect();
  await db.query('SET search_path TO statistics');
  admin = await login(() => t.http(), TEST_ADMIN.email, TEST_ADMIN.password);
});

afterAll(async () => {
  await db?.end();
  await t?.close();
});

async function stats<T>(path: string, query: Record<string, string>): Promise<T> {
  const res = await t.http().get(`/api/stats/${path}`).query(query).set('authorization', admin.auth);
  expect(res.status).toBe(200);
  return res.body as T;
}

/** A histogram row as written into a lane. */
interface Written {
  key: string;
  bin: HistogramBin;
  gate: string;
  direction: string;
}

/** The lanes' rows written so far summed for all lanes ('*'), as the projection keeps them beside. */
async function allLanes(): Promise<void> {
  await db.query(`DELETE FROM stat_responses WHERE gate = '*'`);
  await db.query(`INSERT INTO stat_responses (kind, agency, officer, console, gate, direction, day, seconds, n)
    SELECT kind, agency, officer, console, '*', '*', day, seconds, sum(n) FROM stat_responses
     GROUP BY kind, agency, officer, console, day, seconds`);
  await db.query(`DELETE FROM stat_durations WHERE gate = '*'`);
  await db.query(`INSERT INTO stat_durations (segment, category, gate, direction, day, seconds, n)
    SELECT segment, category, '*', '*', day, seconds, sum(n) FROM stat_durations GROUP BY segment, category, day, seconds`);
}

/** Merged bins per key. */
function grouped(rows: { key: string; bin: HistogramBin }[]): Map<string, HistogramBin[]> {
  const out = new Map<string, HistogramBin[]>();
  for (const r of rows) out.set(r.key, [...(out.get(r.key) ?? []), r.bin]);
  return out;
}

interface ResponseView {
  rows: {
    kind: string;
    agency: string;
    officer: string | null;
    console: string | null;
    n: number;
    p50: number | null;
    p90: number | null;
    p99: number | null;
    max: number | null;
    histogram: { fromSeconds: number; toSeconds: number | null; n: number }[];
  }[];
}

const keyOf = (r: { kind: string; agency: string; officer: string | null; console: string | null }) =>
  [r.kind, r.agency, r.officer ?? '', r.console ?? ''].join('|');

it('gives exact percentiles and bands of the second-wide histograms as distributionOf and histogramOf do', async () => {
  const rows: Written[] = [];
  const seen = new Set<string>();
  for (const [i, [kind, agency, officer, console]] of GROUPS.entries())
    for (let k = 0; k < (i === 3 ? 1 : 150); k++) {
      const [gate, direction] = pick(LANES);
      const bin = { seconds: duration(), n: 1 + Math.floor(random() * 4) };
      const unique = [kind, agency, officer, console, gate, direction, bin.seconds].join('|');
      if (seen.has(unique)) continue;
      seen.add(unique);
      rows.push({ key: [kind, agency, officer, console].join('|'), bin, gate, direction });
      await db.query(
        `INSERT INTO stat_responses (kind, agency, officer, console, gate, direction, day, seconds, n)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [kind, agency, officer, console, gate, direction, today, bin.seconds, bin.n],
      );
    }
  await allLanes();
  // All lanes (the '*' rows), one gate (its lanes' rows), one direction (every gate's rows of it).
  for (const [query, lane] of [
    [{}, () => true],
    [{ gate: 'HUU_NGHI' }, (r: Written) => r.gate === 'HUU_NGHI'],
    [{ direction: 'EXPORT' }, (r: Written) => r.direction === 'EXPORT'],
  ] as const) {
    const view = await stats<ResponseView & { exact: boolean }>('responses', { from: today, to: today, ...query });
    expect(view.exact).toBe(true);
    const expected = grouped(rows.filter(lane));
    expect(view.rows.map(keyOf).sort()).toEqual([...expected.keys()].sort());
    for (const r of view.rows) {
      const bins = expected.get(keyOf(r))!;
      expect({ key: keyOf(r), n: r.n, p50: r.p50, p90: r.p90, p99: r.p99, max: r.max }).toEqual({
        key: keyOf(r),
        ...distributionOf(bins),
      });
      expect(r.histogram).toEqual(histogramOf(bins));
    }
  }

  const segments: Written[] = [];
  for (const segment of ['CHECKED_IN_TO_CALLED', 'CALLED_TO_AT_GATE'])
    for (const [gate, direction] of LANES)
      for (const seconds of new Set(Array.from({ length: 120 }, duration))) {
        const bin = { seconds, n: 1 + Math.floor(random() * 3) };
        segments.push({ key: segment, bin, gate, direction });
        await db.query(
          `INSERT INTO stat_durations (segment, category, gate, direction, day, seconds, n) VALUES ($1, '*', $2, $3, $4, $5, $6)`,
          [segment, gate, direction, today, seconds, bin.n],
        );
      }
  await allLanes();
  for (const [query, lane] of [
    [{}, () => true],
    [{ gate: 'TAN_THANH' }, (r: Written) => r.gate === 'TAN_THANH'],
    [{ direction: 'IMPORT' }, (r: Written) => r.direction === 'IMPORT'],
  ] as const) {
    const seg = await stats<{ segments: { segment: string; n: number; p50: number | null; max: number | null }[] }>(
      'segments',
      { from: today, to: today, ...query },
    );
    const bySegment = grouped(segments.filter(lane));
    for (const s of seg.segments)
      expect(s).toEqual({
        segment: s.segment,
        ...distributionOf(bySegment.get(s.segment) ?? []),
      });
  }
});

it('gives the roll-ups of a long range as distributionOf and histogramOf give them of their buckets, fine or coarse', async () => {
  const from = addLocalDays(today, -39);
  const cover = rollupCover(from, today);
  // The day before the range is in no block of the cover: its rows must not count.
  const blocks = [...cover, { span: 1, start: addLocalDays(from, -1) }];
  const rows: { key: string; bin: HistogramBin }[] = [];
  for (const [i, block] of blocks.entries())
    for (const [kind, agency, officer, console] of GROUPS) {
      const bits = responseBuckets({ officer, console });
      const buckets = new Set(Array.from({ length: 30 }, () => sketchBucket(duration(), bits)));
      for (const bucket of buckets) {
        const n = 1 + Math.floor(random() * 5);
        if (i < cover.length)
          rows.push({ key: [kind, agency, officer, console].join('|'), bin: binsOfBuckets([{ bucket, n }], bits)[0] });
        await db.query(
          `INSERT INTO stat_response_rollups (gate, direction, span, start, kind, agency, officer, console, bucket, n)
           VALUES ('*', '*', $1, $2, $3, $4, $5, $6, $7, $8)`,
          [block.span, block.start, kind, agency, officer, console, bucket, n],
        );
      }
    }
  const view = await stats<ResponseView & { exact: boolean }>('responses', { from, to: today });
  expect(view.exact).toBe(false);
  const expected = grouped(rows);
  expect(view.rows.map(keyOf).sort()).toEqual([...expected.keys()].sort());
  for (const r of view.rows) {
    const bins = expected.get(keyOf(r))!;
    expect({ key: keyOf(r), n: r.n, p50: r.p50, p90: r.p90, p99: r.p99, max: r.max }).toEqual({
      key: keyOf(r),
      ...distributionOf(bins),
    });
    expect(r.histogram).toEqual(histogramOf(bins));
  }
});
