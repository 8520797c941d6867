import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The public tracking page finds a vehicle's entry in the copy of the queue by its vehicle id. */
export class GatewayEntriesByVehicle1732300200000 implements MigrationInterface {
  name = 'GatewayEntriesByVehicle1732300200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX queue_entries_vehicle ON queue_entries ((entry->>'vehicleId'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX queue_entries_vehicle');
  }
}
