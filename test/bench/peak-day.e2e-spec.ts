// The peak-day replay of `npm run bench` (test/bench/peak-day.mjs), shortened, inside `npm test`: the built
// platform on a database of its own, trucks through the whole lifecycle across both gates with no-shows and the
// mid-day suspension, consoles watching. The replay is what the benchmarks measure, so a change that breaks it
// (a refused filing, a call never sent) must fail here rather than in the next long run. PEAK_TEST_TRUCKS and
// PEAK_TEST_CONSOLES change the size.
import pg from 'pg';
import { buildDist, consolesStub } from '../live/gateway-processes.js';
import { freshDatabase, startPlatform } from './lib.mjs';
import { peakDay } from './peak-day.mjs';

const TRUCKS = Number(process.env.PEAK_TEST_TRUCKS ?? 80);
const CONSOLES = Number(process.env.PEAK_TEST_CONSOLES ?? 20);

interface PeakResult {
  trucks: number;
  crossed: number;
  noShows: number;
  errors: number;
  consoles: number;
  converged: number;
  invariantViolations: number;
  retriesWaitingForRelay: number;
  seconds: number;
  failures: string[];
  errorSamples: string[];
}

let database: { url: string; drop: () => Promise<void> };
let platform: { origin: string; stop: () => Promise<void> } | undefined;
let result: PeakResult;

beforeAll(async () => {
  await buildDist();
  database = await freshDatabase(process.env.TEST_DATABASE_URL!, 'peak_test');
  // The consoles' build is not this test's subject (a fresh clone has none): a one-page stand-in is served.
  platform = await startPlatform(database.url, { CONSOLES_DIR: consolesStub() });
  result = await peakDay(platform, database.url, {
    trucks: TRUCKS,
    consoles: CONSOLES,
    officerConsoles: 4,
    firms: 6,
    concurrency: 8,
  });
  process.stdout.write(
    `Peak-day replay, ${TRUCKS} trucks: ${result.crossed} crossed in ${result.seconds.toFixed(1)} s, ` +
      `${result.noShows} no-shows, ${result.errors} errors, ${result.converged}/${result.consoles} consoles equal to REST\n`,
  );
}, 600_000);

afterAll(async () => {
  await platform?.stop();
  await database?.drop();
});

it('takes every truck through the lifecycle with no error, every console equal to REST and the invariants held', () => {
  expect({ failures: result.failures, errors: result.errorSamples }).toEqual({ failures: [], errors: [] });
  expect(result.crossed).toBe(TRUCKS);
  expect(result.converged).toBe(CONSOLES);
});

it('counts what it did from the database, not from its own bookkeeping alone', async () => {
  const db = new pg.Client({ connectionString: database.url });
  await db.connect();
  try {
    const { rows } = await db.query<{ crossed: number; declared: number }>(
      `SELECT (SELECT count(*)::int FROM yard_queue.queue_entries WHERE status = 'CROSSED') AS crossed,
              (SELECT count(*)::int FROM declaration.vehicles) AS declared`,
    );
    expect(rows[0]).toEqual({ crossed: TRUCKS, declared: TRUCKS });
    // Every no-show was re-slotted and called again: the trail holds one no-show per such truck.
    const noShows = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM yard_queue.queue_entries WHERE no_show_count > 0`,
    );
    expect(noShows.rows[0].n).toBe(result.noShows);
  } finally {
    await db.end();
  }
});
