import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When the yard first held a vehicle's acceptance (from the relay or pulled at a check-in): set once at insert,
 * never by a later copy, so acceptance-to-yard latency is read from the database.
 */
export class YardQueueVehicleReceivedAt1732300270000 implements MigrationInterface {
  name = 'YardQueueVehicleReceivedAt1732300270000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE vehicles ADD COLUMN received_at timestamptz');
    await q.query('UPDATE vehicles SET received_at = updated_at');
    await q.query('ALTER TABLE vehicles ALTER COLUMN received_at SET DEFAULT clock_timestamp()');
    await q.query('ALTER TABLE vehicles ALTER COLUMN received_at SET NOT NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE vehicles DROP COLUMN received_at');
  }
}
