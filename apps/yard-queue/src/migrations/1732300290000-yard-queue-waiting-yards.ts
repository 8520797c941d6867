import type { MigrationInterface, QueryRunner } from 'typeorm';
import { DEFAULT_WAITING_YARDS } from '#libs/domain/src/index.js';

/** Each gate's list of waiting yards a declaration picks from (code and names in vi/zh/en), a gate setting. */
export class YardQueueWaitingYards1732300290000 implements MigrationInterface {
  name = 'YardQueueWaitingYards1732300290000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE gates ADD COLUMN yards jsonb NOT NULL DEFAULT '[]'`);
    for (const [code, yards] of Object.entries(DEFAULT_WAITING_YARDS))
      await q.query('UPDATE gates SET yards = $2 WHERE code = $1', [code, JSON.stringify(yards)]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE gates DROP COLUMN yards');
  }
}
