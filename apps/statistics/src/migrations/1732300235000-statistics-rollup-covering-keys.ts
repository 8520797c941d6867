import type { MigrationInterface, QueryRunner } from 'typeorm';

const KEYS = {
  stat_duration_rollups: 'category, gate, direction, span, start, segment, bucket',
  stat_response_rollups: 'gate, direction, span, start, kind, agency, officer, console, bucket',
};

/**
 * The roll-ups' primary keys carry the count, so a long range is read from the index alone (an index-only
 * scan along the key) instead of one heap page per row: a block's rows were written over its whole span of
 * days, scattered across the table.
 */
export class StatisticsRollupCoveringKeys1732300235000 implements MigrationInterface {
  name = 'StatisticsRollupCoveringKeys1732300235000';

  async up(q: QueryRunner): Promise<void> {
    for (const [table, keys] of Object.entries(KEYS)) {
      await q.query(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_pkey`);
      await q.query(`ALTER TABLE ${table} ADD PRIMARY KEY (${keys}) INCLUDE (n)`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table, keys] of Object.entries(KEYS)) {
      await q.query(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_pkey`);
      await q.query(`ALTER TABLE ${table} ADD PRIMARY KEY (${keys})`);
    }
  }
}
