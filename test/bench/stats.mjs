#!/usr/bin/env node
// The dashboard's queries over 90 days of peak-day traffic: about 6,000 vehicles a day across both gates and
// directions (540,000 in all), generated straight into the statistics' projection tables as the projector
// would have left them, then each GET /api/stats/… and open-data query timed end to end over HTTP.
// `npm run bench:stats` (builds first). DAYS and VEHICLES_PER_DAY change the volume, RUNS the samples per query.
// STATS_BENCH_DATABASE=<name> times the queries again on a database an earlier run generated (and keeps it);
// KEEP=1 keeps the generated database for that.
import os from 'node:os';
import pg from 'pg';
import { ADMIN, api, freshDatabase, machine, startPlatform, withDatabase } from './lib.mjs';

const DAYS = Number(process.env.DAYS ?? 90);
const PER_DAY = Number(process.env.VEHICLES_PER_DAY ?? 6000);
const RUNS = Number(process.env.RUNS ?? 60);
const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Mean seconds of each segment, and of the officers' answers. */
const SEGMENT_MEANS = {
  DECLARED_TO_ACCEPTED: 900,
  CHECKED_IN_TO_CALLED: 5400,
  CALLED_TO_AT_GATE: 600,
  AT_GATE_TO_CUSTOMS: 300,
  AT_GATE_TO_BORDER_GUARD: 240,
  AT_GATE_TO_CROSSED: 900,
};

/** Today in Vietnam, whatever the server's time zone: the dashboard's days are Vietnamese days. */
const VN_TODAY = `(now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date`;
/** Every hour of the range's Vietnamese days, as instants. */
const HOURS = `generate_series((${VN_TODAY} - $1::int + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh', (${VN_TODAY} + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh' - interval '1 hour', interval '1 hour') h`;

/** The vehicles of the range: one row per vehicle with its day, lane, category and officers. */
const VEHICLES = `
  SELECT d::date AS day, g.gate, dir.direction, v,
         CASE WHEN v % 5 < 2 THEN 'PERISHABLE' ELSE 'GENERAL' END AS category,
         'officer-' || g.gate || '-' || (v % 12) AS customs_officer,
         'officer-' || g.gate || '-' || (12 + v % 8) AS guard_officer,
         'customs ' || g.gate || ' #' || (v % 6) AS customs_console,
         'border ' || g.gate || ' #' || (v % 4) AS guard_console
    FROM generate_series(${VN_TODAY} - $1::int + 1, ${VN_TODAY}, interval '1 day') d,
         (VALUES ('HUU_NGHI'), ('TAN_THANH')) g(gate),
         (VALUES ('EXPORT'), ('IMPORT')) dir(direction),
         generate_series(1, $2::int / 4) v`;

async function generate(db) {
  const t0 = performance.now();
  await db.query('SELECT setseed(0.2021)');
  // Counts: every metric per hour, spread over the day with a daytime peak, for '*' and each category.
  await db.query(
    `INSERT INTO stat_counts (metric, category, gate, direction, hour, n)
     SELECT m.metric, c.category, g.gate, dir.direction, h,
            greatest(0, round(($2::numeric / 4 / 24) * m.share * c.share * (0.4 + 1.2 * sin(pi() * extract(hour FROM h AT TIME ZONE 'Asia/Ho_Chi_Minh') / 24)) * (0.8 + 0.4 * random())))::int
       FROM ${HOURS},
            (VALUES ('HUU_NGHI'), ('TAN_THANH')) g(gate), (VALUES ('EXPORT'), ('IMPORT')) dir(direction),
            (VALUES ('DECLARED', 1.0), ('ACCEPTED', 0.98), ('REJECTED', 0.02), ('CHECKED_IN', 0.97), ('CALLED', 1.0),
                    ('ARRIVED', 0.96), ('CROSSED', 0.95), ('TURNED_BACK', 0.01), ('NO_SHOW', 0.025), ('HELD', 0.05),
                    ('RELEASED', 0.045), ('CANCELLED', 0.01)) m(metric, share),
            (VALUES ('*', 1.0), ('PERISHABLE', 0.4), ('GENERAL', 0.6)) c(category, share)`,
    [DAYS, PER_DAY],
  );
  await db.query(`INSERT INTO stat_count_days (metric, category, gate, direction, day, n)
     SELECT metric, category, gate, direction, (hour AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, sum(n)
       FROM stat_counts GROUP BY 1, 2, 3, 4, 5`);
  for (const [segment, mean] of Object.entries(SEGMENT_MEANS)) {
    await db.query(
      `INSERT INTO stat_durations (segment, category, gate, direction, day, seconds, n)
       SELECT $3, c, gate, direction, day, s, count(*)::int FROM (
         SELECT day, gate, direction, category, floor(-ln(1 - random()) * $4)::int AS s FROM (${VEHICLES}) v) x,
         LATERAL (VALUES ('*'), (x.category)) cat(c)
       GROUP BY c, gate, direction, day, s`,
      [DAYS, PER_DAY, segment, mean],
    );
  }
  // Answers: each agency's confirmation after the call, per agency ('', ''), per officer and per console; 5% of
  // vehicles held, released by a customs officer at a customs console.
  for (const [kind, agency, mean, officer, console, only] of [
    ['CALL_TO_CONFIRMATION', 'CUSTOMS', 1200, 'customs_officer', 'customs_console', 'true'],
    ['CALL_TO_CONFIRMATION', 'BORDER_GUARD', 1100, 'guard_officer', 'guard_console', 'true'],
    ['CALL_TO_CONFIRMATION', 'QUARANTINE', 1500, 'customs_officer', 'customs_console', `category = 'PERISHABLE'`],
    ['HOLD_TO_RELEASE', 'CUSTOMS', 2400, 'customs_officer', 'customs_console', 'v % 20 = 3'],
  ]) {
    await db.query(
      `INSERT INTO stat_responses (kind, agency, officer, console, gate, direction, day, seconds, n)
       SELECT $5, $3, o, c, gate, direction, day, s, count(*)::int FROM (
         SELECT day, gate, direction, ${officer} AS officer, ${console} AS console, floor(-ln(1 - random()) * $4)::int AS s
           FROM (${VEHICLES}) v WHERE ${only}) x,
         LATERAL (VALUES ('', ''), (x.officer, ''), ('', x.console)) w(o, c)
       GROUP BY o, c, gate, direction, day, s`,
      [DAYS, PER_DAY, agency, mean, kind],
    );
  }
  // Every lane's histograms summed for all lanes too ('*'), as the projection keeps them.
  await db.query(`INSERT INTO stat_durations (segment, category, gate, direction, day, seconds, n)
     SELECT segment, category, '*', '*', day, seconds, sum(n) FROM stat_durations GROUP BY segment, category, day, seconds`);
  await db.query(`INSERT INTO stat_responses (kind, agency, officer, console, gate, direction, day, seconds, n)
     SELECT kind, agency, officer, console, '*', '*', day, seconds, sum(n) FROM stat_responses
      GROUP BY kind, agency, officer, console, day, seconds`);
  // The roll-ups the projection keeps beside them (apps/statistics/src/projections/tally.ts): logarithmic
  // buckets (sketchBucket, in SQL once per distinct duration; coarse for officers and consoles) per block of 1, 4, 16 and 64 days, per lane and
  // for all lanes ('*'); the longer blocks are sums of the day blocks.
  // `bucket` fine (32 per doubling), `coarse` 4 per doubling for the officers' and consoles' rows.
  await db.query(`CREATE TEMP TABLE sketch AS
     SELECT seconds, CASE WHEN seconds < 64 THEN seconds ELSE 32 * (e - 5) + seconds / (2 ^ (e - 5))::int END AS bucket,
            CASE WHEN seconds < 8 THEN seconds ELSE 4 * (e - 2) + seconds / (2 ^ (e - 2))::int END AS coarse
       FROM (SELECT seconds FROM stat_durations UNION SELECT seconds FROM stat_responses) s,
            LATERAL (SELECT floor(log(2, greatest(seconds, 1)::numeric))::int AS e0) l0,
            LATERAL (SELECT e0 + (seconds >= 2 ^ (e0 + 1))::int - (seconds < 2 ^ e0)::int AS e) l1`);
  const lanes = `LATERAL (VALUES (x.gate, x.direction), ('*', '*')) lane(gate, direction)`;
  const longer = `(VALUES (4), (16), (64)) sp(s), LATERAL (SELECT (start - (((start - DATE '1970-01-01') % sp.s + sp.s) % sp.s))::date AS block) b`;
  await db.query(`INSERT INTO stat_duration_rollups (category, gate, direction, span, start, segment, bucket, n)
     SELECT category, lane.gate, lane.direction, 1, day, segment, bucket, sum(n)
       FROM stat_durations x JOIN sketch USING (seconds), ${lanes} WHERE x.gate <> '*'
      GROUP BY category, lane.gate, lane.direction, day, segment, bucket`);
  await db.query(`INSERT INTO stat_duration_rollups (category, gate, direction, span, start, segment, bucket, n)
     SELECT category, gate, direction, sp.s, block, segment, bucket, sum(n)
       FROM stat_duration_rollups, ${longer} WHERE span = 1
      GROUP BY category, gate, direction, sp.s, block, segment, bucket`);
  await db.query(`INSERT INTO stat_response_rollups (gate, direction, span, start, kind, agency, officer, console, bucket, n)
     SELECT lane.gate, lane.direction, 1, day, kind, agency, officer, console, b, sum(n)
       FROM stat_responses x JOIN sketch USING (seconds), ${lanes},
            LATERAL (SELECT CASE WHEN officer = '' AND console = '' THEN bucket ELSE coarse END AS b) k
      WHERE x.gate <> '*'
      GROUP BY lane.gate, lane.direction, day, kind, agency, officer, console, b`);
  await db.query(`INSERT INTO stat_response_rollups (gate, direction, span, start, kind, agency, officer, console, bucket, n)
     SELECT gate, direction, sp.s, block, kind, agency, officer, console, bucket, sum(n)
       FROM stat_response_rollups, ${longer} WHERE span = 1
      GROUP BY gate, direction, sp.s, block, kind, agency, officer, console, bucket`);
  await db.query(
    `INSERT INTO stat_queue_hours (gate, direction, hour, max_waiting, max_oldest_seconds, last_waiting)
     SELECT gate, direction, h, w, w * 60 + (random() * 600)::int, w FROM (
       SELECT g.gate, dir.direction, h, (20 + random() * 200)::int AS w
         FROM ${HOURS},
              (VALUES ('HUU_NGHI'), ('TAN_THANH')) g(gate), (VALUES ('EXPORT'), ('IMPORT')) dir(direction)) x`,
    [DAYS],
  );
  await db.query(
    `INSERT INTO stat_waits (gate, direction, hour, n, seconds)
     SELECT gate, direction, hour, n, n * (3000 + (random() * 5000)::int) FROM stat_counts WHERE metric = 'CALLED' AND category = '*' AND n > 0`,
  );
  await db.query('VACUUM ANALYZE');
  return { seconds: (performance.now() - t0) / 1000, tables: await tableSizes(db) };
}

async function tableSizes(db) {
  const sizes = await db.query(
    `SELECT relname AS table, n_live_tup::int AS rows, pg_size_pretty(pg_total_relation_size(relid)) AS size
       FROM pg_stat_user_tables WHERE schemaname = 'statistics' AND relname LIKE 'stat_%' ORDER BY relname`,
  );
  return sizes.rows;
}

function percentile(sorted, p) {
  return sorted[Math.max(0, Math.ceil((p * sorted.length) / 100) - 1)];
}

async function time(origin, path, token) {
  const samples = [];
  let body;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const res = await fetch(`${origin}/api${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    body = await res.arrayBuffer();
    if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  const round = (v) => Math.round(v * 10) / 10;
  // What the answer held, so that a timing of an empty range (a day the generation missed) cannot pass for one.
  const text = Buffer.from(body).toString();
  const json = text.startsWith('{') ? JSON.parse(text) : null;
  const items = json?.rows ?? json?.segments ?? null;
  const groups = items ? items.filter((r) => r.n === undefined || r.n > 0).length : null;
  if (groups === 0) throw new Error(`${path}: the answer is empty`);
  return {
    path,
    p50: round(percentile(samples, 50)),
    p99: round(percentile(samples, 99)),
    max: round(samples.at(-1)),
    bytes: body.byteLength,
    groups,
  };
}

const reuse = process.env.STATS_BENCH_DATABASE;
const database = reuse
  ? { url: withDatabase(serverUrl, reuse), drop: async () => undefined }
  : await freshDatabase(serverUrl, 'stats');
if (process.env.KEEP) database.drop = async () => process.stdout.write(`Giữ lại ${database.url}\n`);
const platform = await startPlatform(database.url, { OUTBOX_RELAY: 'off', QUEUE_SWEEPER: 'off' });
try {
  const db = new pg.Client({ connectionString: database.url });
  await db.connect();
  await db.query('SET search_path TO statistics');
  if (!reuse) process.stdout.write(`Sinh ${DAYS} ngày × ${PER_DAY} xe vào các bảng thống kê…\n`);
  const generated = reuse ? { reused: reuse, tables: await tableSizes(db) } : await generate(db);
  await db.end();
  const { accessToken } = await api(platform.origin, '/auth/login', { body: ADMIN });
  const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
  const daysAgo = (n) => new Date(Date.now() + 7 * 3_600_000 - n * 86_400_000).toISOString().slice(0, 10);
  const all = `from=${daysAgo(DAYS - 1)}&to=${today}`;
  const queries = [
    `/stats/counts?${all}&by=day`,
    `/stats/counts?from=${daysAgo(6)}&to=${today}&by=hour`,
    `/stats/counts?${all}&by=day&gate=HUU_NGHI&direction=EXPORT&category=PERISHABLE`,
    `/stats/segments?${all}`,
    `/stats/segments?${all}&gate=TAN_THANH&category=GENERAL`,
    `/stats/segments?from=${today}&to=${today}`,
    `/stats/responses?${all}`,
    `/stats/responses?${all}&gate=HUU_NGHI`,
    `/stats/responses?from=${today}&to=${today}`,
    `/stats/queue?from=${daysAgo(29)}&to=${today}`,
    `/public/open-data/history?from=${daysAgo(6)}&to=${today}`,
    `/public/open-data/current`,
  ];
  const results = [];
  const loadBefore = os.loadavg().map((l) => l.toFixed(2));
  for (const q of queries) {
    // One untimed request first: the first read of a range warms the cache, as the dashboard's own first load does.
    await fetch(`${platform.origin}/api${q}`, { headers: { authorization: `Bearer ${accessToken}` } }).then((r) =>
      r.arrayBuffer(),
    );
    results.push(await time(platform.origin, q, accessToken));
  }
  const worst = Math.max(...results.map((r) => r.p99));
  process.stdout.write(
    `${JSON.stringify({ machine: machine(), loadAverage: { before: loadBefore, after: os.loadavg().map((l) => l.toFixed(2)) }, days: DAYS, vehiclesPerDay: PER_DAY, runs: RUNS, generated, results, worstP99Ms: worst }, null, 2)}\n`,
  );
  process.stdout.write(`\n| Truy vấn | p50 (ms) | p99 (ms) |\n|---|---:|---:|\n`);
  for (const r of results)
    process.stdout.write(`| \`${r.path.replace(/\d{4}-\d{2}-\d{2}/g, 'YYYY-MM-DD')}\` | ${r.p50} | ${r.p99} |\n`);
} finally {
  await platform.stop();
  await database.drop();
}
