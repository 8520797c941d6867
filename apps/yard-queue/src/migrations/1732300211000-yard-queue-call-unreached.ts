import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A call the notification service could not confirm reaching the driver is marked on its entry. */
export class YardQueueCallUnreached1732300211000 implements MigrationInterface {
  name = 'YardQueueCallUnreached1732300211000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE queue_entries ADD COLUMN call_unreached_at timestamptz');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE queue_entries DROP COLUMN call_unreached_at');
  }
}
