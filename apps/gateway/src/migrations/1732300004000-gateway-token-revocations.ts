import type { MigrationInterface, QueryRunner } from 'typeorm';
import { TOKEN_REVOCATIONS_DDL } from '#libs/auth/src/index.js';

/** This service's copy of the users' token versions, fed by the declaration service's `user.revoked` events. */
export class GatewayTokenRevocations1732300004000 implements MigrationInterface {
  name = 'GatewayTokenRevocations1732300004000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(TOKEN_REVOCATIONS_DDL);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE token_revocations');
  }
}
