import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The counts summed per Vietnam day beside the hourly ones, so a count by day over months reads one row per
 * day and lane instead of 24; filled from the hours kept so far.
 */
export class StatisticsCountDays1732300233000 implements MigrationInterface {
  name = 'StatisticsCountDays1732300233000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE stat_count_days (
       metric text NOT NULL,
       category text NOT NULL,
       gate text NOT NULL,
       direction text NOT NULL,
       day date NOT NULL,
       n int NOT NULL CHECK (n >= 0),
       PRIMARY KEY (category, day, gate, direction, metric)
     )`);
    await q.query(`INSERT INTO stat_count_days (metric, category, gate, direction, day, n)
       SELECT metric, category, gate, direction, (hour AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, sum(n)
         FROM stat_counts GROUP BY 1, 2, 3, 4, 5`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE stat_count_days');
  }
}
