import type { MigrationInterface, QueryRunner } from 'typeorm';
import { RATE_LIMITS_DDL, RATE_LIMITS_DOWN_DDL } from '#libs/runtime/src/rate-limits.js';

/** The write (and login) limits' counters, shared by every replica of the service. */
export class YardQueueRateLimits1732300030000 implements MigrationInterface {
  name = 'YardQueueRateLimits1732300030000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(RATE_LIMITS_DDL);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(RATE_LIMITS_DOWN_DDL);
  }
}
