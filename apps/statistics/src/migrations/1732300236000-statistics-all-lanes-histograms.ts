import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each second-wide histogram's primary key before and after: the lane moves ahead of the group, so the rows
 * of all lanes of a day are one stretch of the key, in the order of their groups and values. `rest` are the
 * columns the all-lanes rows keep.
 */
const TABLES = {
  stat_durations: {
    was: 'category, day, segment, gate, direction, seconds',
    key: 'category, day, gate, direction, segment, seconds',
    rest: 'segment, category, day, seconds',
  },
  stat_responses: {
    was: 'day, kind, agency, officer, console, gate, direction, seconds',
    key: 'day, gate, direction, kind, agency, officer, console, seconds',
    rest: 'kind, agency, officer, console, day, seconds',
  },
};

/**
 * The second-wide histograms of every lane summed as gate '*' and direction '*' too (as the roll-ups keep
 * them), filled from the days kept so far, and their primary keys carry the count: an unfiltered exact read
 * then takes one row per group and second along the index alone, instead of the four lanes' rows fetched
 * from heap pages all over the table and merged.
 */
export class StatisticsAllLanesHistograms1732300236000 implements MigrationInterface {
  name = 'StatisticsAllLanesHistograms1732300236000';

  async up(q: QueryRunner): Promise<void> {
    for (const [table, { key, rest }] of Object.entries(TABLES)) {
      // Without the key while the copy is written: the key is built once, over every row.
      await q.query(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_pkey`);
      await q.query(`INSERT INTO ${table} (${rest}, gate, direction, n)
         SELECT ${rest}, '*', '*', sum(n) FROM ${table} WHERE gate <> '*' GROUP BY ${rest}`);
      await q.query(`ALTER TABLE ${table} ADD PRIMARY KEY (${key}) INCLUDE (n)`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table, { was }] of Object.entries(TABLES)) {
      await q.query(`DELETE FROM ${table} WHERE gate = '*'`);
      await q.query(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_pkey`);
      await q.query(`ALTER TABLE ${table} ADD PRIMARY KEY (${was})`);
    }
  }
}
