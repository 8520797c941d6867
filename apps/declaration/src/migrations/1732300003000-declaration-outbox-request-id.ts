import type { MigrationInterface, QueryRunner } from 'typeorm';
import { OUTBOX_REQUEST_ID_DDL } from '#libs/events/src/index.js';

/** Events remember the request that caused them, so its id follows the change into other services. */
export class DeclarationOutboxRequestId1732300003000 implements MigrationInterface {
  name = 'DeclarationOutboxRequestId1732300003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(OUTBOX_REQUEST_ID_DDL);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE outbox DROP COLUMN request_id');
  }
}
