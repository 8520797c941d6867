import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The yard's decisions on firms' amendments and cancellations of vehicles it owns, kept so a retry gets the same answer. */
export class YardQueueVehicleHandoffs1732300010000 implements MigrationInterface {
  name = 'YardQueueVehicleHandoffs1732300010000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE vehicle_handoffs (
      id uuid PRIMARY KEY,
      declaration_id uuid NOT NULL,
      kind text NOT NULL CHECK (kind IN ('amend', 'cancel')),
      version int NOT NULL,
      outcome text NOT NULL CHECK (outcome IN ('APPLIED', 'REFUSED')),
      decision jsonb NOT NULL,
      decided_at timestamptz NOT NULL
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE vehicle_handoffs');
  }
}
