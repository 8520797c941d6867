import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The day's block of each roll-up size (1, 4, 16, 64 days, aligned on 1970-01-01), as SQL over a `day` column. */
const BLOCKS = `(VALUES (1), (4), (16), (64)) s(span),
  LATERAL (SELECT (day - (((day - DATE '1970-01-01') % span + span) % span))::date AS start) b`;

/** sketchBucket (libs/domain/src/statistics/rollups.ts) in SQL, for the backfill of what was kept so far. */
const BUCKET = `LATERAL (SELECT floor(log(2, greatest(seconds, 1)::numeric))::int AS e0) l0,
  LATERAL (SELECT e0 + (seconds >= 2 ^ (e0 + 1))::int - (seconds < 2 ^ e0)::int - 5 AS shift) l1,
  LATERAL (SELECT CASE WHEN seconds < 64 THEN seconds ELSE 32 * shift + seconds / (2 ^ shift)::int END AS bucket) l2`;

/**
 * Roll-ups of the durations and the response times in logarithmic buckets over blocks of days, for ranges
 * too long to sum second by second, with every lane also summed as gate '*' and direction '*'; and the
 * console an answer came from, so response times are timed per console as well as per agency and officer.
 */
export class StatisticsRollups1732300232000 implements MigrationInterface {
  name = 'StatisticsRollups1732300232000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE stat_responses ADD COLUMN console text NOT NULL DEFAULT ''`);
    await q.query(`ALTER TABLE stat_responses DROP CONSTRAINT stat_responses_pkey`);
    await q.query(
      `ALTER TABLE stat_responses ADD PRIMARY KEY (day, kind, agency, officer, console, gate, direction, seconds)`,
    );
    await q.query(`CREATE TABLE stat_duration_rollups (
       category text NOT NULL,
       gate text NOT NULL,
       direction text NOT NULL,
       span smallint NOT NULL,
       start date NOT NULL,
       segment text NOT NULL,
       bucket smallint NOT NULL,
       n int NOT NULL CHECK (n > 0),
       PRIMARY KEY (category, gate, direction, span, start, segment, bucket)
     )`);
    await q.query(`CREATE TABLE stat_response_rollups (
       gate text NOT NULL,
       direction text NOT NULL,
       span smallint NOT NULL,
       start date NOT NULL,
       kind text NOT NULL,
       agency text NOT NULL,
       officer text NOT NULL,
       console text NOT NULL,
       bucket smallint NOT NULL,
       n int NOT NULL CHECK (n > 0),
       PRIMARY KEY (gate, direction, span, start, kind, agency, officer, console, bucket)
     )`);
    await q.query(`INSERT INTO stat_duration_rollups (category, gate, direction, span, start, segment, bucket, n)
       SELECT category, lane.gate, lane.direction, span, start, segment, bucket, sum(n)
         FROM stat_durations d, LATERAL (VALUES (d.gate, d.direction), ('*', '*')) lane(gate, direction), ${BLOCKS}, ${BUCKET}
        GROUP BY category, lane.gate, lane.direction, span, start, segment, bucket`);
    await q.query(`INSERT INTO stat_response_rollups (gate, direction, span, start, kind, agency, officer, console, bucket, n)
       SELECT lane.gate, lane.direction, span, start, kind, agency, officer, console, bucket, sum(n)
         FROM stat_responses r, LATERAL (VALUES (r.gate, r.direction), ('*', '*')) lane(gate, direction), ${BLOCKS}, ${BUCKET}
        GROUP BY lane.gate, lane.direction, span, start, kind, agency, officer, console, bucket`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE stat_response_rollups');
    await q.query('DROP TABLE stat_duration_rollups');
    await q.query(`DELETE FROM stat_responses WHERE console <> ''`);
    await q.query(`ALTER TABLE stat_responses DROP CONSTRAINT stat_responses_pkey`);
    await q.query(`ALTER TABLE stat_responses DROP COLUMN console`);
    await q.query(`ALTER TABLE stat_responses ADD PRIMARY KEY (day, kind, agency, officer, gate, direction, seconds)`);
  }
}
