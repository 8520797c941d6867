import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The gate's time to reach a called driver: a call no message of which is confirmed delivered within it escalates
 * ("Đã gọi — chưa liên lạc được"). Null keeps the deployment's default (`CALL_REACH_SECONDS`).
 */
export class YardQueueGateCallReach1732300260000 implements MigrationInterface {
  name = 'YardQueueGateCallReach1732300260000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE gates ADD COLUMN call_reach_minutes int
         CONSTRAINT gates_call_reach_minutes_check CHECK (call_reach_minutes BETWEEN 1 AND 1440)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE gates DROP COLUMN call_reach_minutes');
  }
}
