import type { MigrationInterface, QueryRunner } from 'typeorm';
import { COARSE_BUCKETS } from '#libs/domain/src/index.js';

/** sketchBucket(seconds, COARSE_BUCKETS) (libs/domain/src/statistics/rollups.ts) in SQL. */
const COARSE = 2 ** COARSE_BUCKETS;
const BUCKET = `LATERAL (SELECT floor(log(2, greatest(seconds, 1)::numeric))::int AS e0) l0,
  LATERAL (SELECT e0 + (seconds >= 2 ^ (e0 + 1))::int - (seconds < 2 ^ e0)::int - ${COARSE_BUCKETS} AS shift) l1,
  LATERAL (SELECT CASE WHEN seconds < ${2 * COARSE} THEN seconds ELSE ${COARSE} * shift + seconds / (2 ^ shift)::int END AS bucket) l2`;

/**
 * Each officer's and each console's response times rolled up in coarse buckets (`responseBuckets`): rebuilt
 * from the second-wide answers, a day block per lane and for all lanes, then the longer blocks from the days.
 */
export class StatisticsCoarseResponseRollups1732300234000 implements MigrationInterface {
  name = 'StatisticsCoarseResponseRollups1732300234000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM stat_response_rollups WHERE officer <> '' OR console <> ''`);
    await q.query(`INSERT INTO stat_response_rollups (gate, direction, span, start, kind, agency, officer, console, bucket, n)
       SELECT lane.gate, lane.direction, 1, day, kind, agency, officer, console, bucket, sum(n)
         FROM stat_responses r, LATERAL (VALUES (r.gate, r.direction), ('*', '*')) lane(gate, direction), ${BUCKET}
        WHERE officer <> '' OR console <> ''
        GROUP BY lane.gate, lane.direction, day, kind, agency, officer, console, bucket`);
    await q.query(`INSERT INTO stat_response_rollups (gate, direction, span, start, kind, agency, officer, console, bucket, n)
       SELECT gate, direction, size, block, kind, agency, officer, console, bucket, sum(n)
         FROM stat_response_rollups, (VALUES (4), (16), (64)) s(size),
              LATERAL (SELECT (start - (((start - DATE '1970-01-01') % size + size) % size))::date AS block) b
        WHERE span = 1 AND (officer <> '' OR console <> '')
        GROUP BY gate, direction, size, block, kind, agency, officer, console, bucket`);
  }

  async down(): Promise<void> {
    // The fine buckets of officers and consoles are not rebuilt: the coarse ones read as before, less finely.
  }
}
