import type { MigrationInterface, QueryRunner } from 'typeorm';

/** "Forgot password" links: the hash of each link's secret, its expiry, and when it was used. */
export class DeclarationPasswordResets1732300280000 implements MigrationInterface {
  name = 'DeclarationPasswordResets1732300280000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE password_resets (
      id uuid CONSTRAINT password_resets_pkey PRIMARY KEY,
      user_id uuid NOT NULL CONSTRAINT password_resets_user_id_fkey REFERENCES users (id),
      token_hash text NOT NULL UNIQUE,
      expires_at timestamptz NOT NULL,
      used_at timestamptz,
      created_at timestamptz NOT NULL
    )`);
    await q.query('CREATE INDEX password_resets_user ON password_resets (user_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE password_resets');
  }
}
