import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A firm's amendment or cancellation of vehicles the yard owns, from the moment it is asked until the yard has
 * decided: kept so a decision lost to a crash or an outage is fetched again, never guessed.
 */
export class DeclarationYardHandoffs1732300010000 implements MigrationInterface {
  name = 'DeclarationYardHandoffs1732300010000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE yard_handoffs (
      id uuid PRIMARY KEY,
      declaration_id uuid NOT NULL CONSTRAINT yard_handoffs_declaration_id_fkey REFERENCES declarations (id),
      kind text NOT NULL CONSTRAINT yard_handoffs_kind_check CHECK (kind IN ('amend', 'cancel')),
      request jsonb NOT NULL,
      change jsonb NOT NULL,
      status text NOT NULL CONSTRAINT yard_handoffs_status_check CHECK (status IN ('PENDING', 'APPLIED', 'REFUSED')),
      decision jsonb,
      created_at timestamptz NOT NULL,
      decided_at timestamptz
    )`);
    // One change at a time per declaration: the next waits for the yard's answer to this one.
    await q.query(
      `CREATE UNIQUE INDEX yard_handoffs_one_pending ON yard_handoffs (declaration_id) WHERE status = 'PENDING'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE yard_handoffs');
  }
}
