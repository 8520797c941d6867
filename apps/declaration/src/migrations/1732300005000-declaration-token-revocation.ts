import type { MigrationInterface, QueryRunner } from 'typeorm';
import { TOKEN_REVOCATIONS_DDL } from '#libs/auth/src/index.js';

/**
 * Revocation: disabled accounts, the users' token versions, and refresh tokens grouped by login (family) with
 * the time each was rotated, so a rotated token replayed within a short grace is told apart from a theft.
 * Tokens already rotated keep `revoked_at`: they stay void.
 */
export class DeclarationTokenRevocation1732300005000 implements MigrationInterface {
  name = 'DeclarationTokenRevocation1732300005000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE users ADD COLUMN disabled_at timestamptz');
    await q.query('ALTER TABLE refresh_tokens ADD COLUMN family_id uuid');
    await q.query('UPDATE refresh_tokens SET family_id = id');
    await q.query('ALTER TABLE refresh_tokens ALTER COLUMN family_id SET NOT NULL');
    await q.query('ALTER TABLE refresh_tokens ADD COLUMN rotated_at timestamptz');
    await q.query('CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id)');
    await q.query('CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id)');
    await q.query(TOKEN_REVOCATIONS_DDL);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE token_revocations');
    await q.query('DROP INDEX refresh_tokens_user');
    await q.query('DROP INDEX refresh_tokens_family');
    await q.query('ALTER TABLE refresh_tokens DROP COLUMN rotated_at');
    await q.query('ALTER TABLE refresh_tokens DROP COLUMN family_id');
    await q.query('ALTER TABLE users DROP COLUMN disabled_at');
  }
}
