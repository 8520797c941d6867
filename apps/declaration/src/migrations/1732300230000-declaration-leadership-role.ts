import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Leadership accounts (read-only statistics) join the roles an account may have. */
export class DeclarationLeadershipRole1732300230000 implements MigrationInterface {
  name = 'DeclarationLeadershipRole1732300230000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE users DROP CONSTRAINT users_role_check');
    await q.query(
      `ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('FIRM','CUSTOMS','BORDER_GUARD','YARD_OPERATOR','ADMIN','LEADERSHIP'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE users DROP CONSTRAINT users_role_check');
    await q.query(
      `ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('FIRM','CUSTOMS','BORDER_GUARD','YARD_OPERATOR','ADMIN'))`,
    );
  }
}
