import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Counting a firm's active declarations (the per-firm cap) reads this index only. */
export class DeclarationActiveIndex1732300002000 implements MigrationInterface {
  name = 'DeclarationActiveIndex1732300002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX declarations_firm_active ON declarations (firm_id) WHERE status IN ('DRAFT','SUBMITTED','ACCEPTED','IN_QUEUE')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX IF EXISTS declarations_firm_active');
  }
}
