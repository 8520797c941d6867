import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each firm's book of the trucks and drivers it has filed, kept up to date on every submission and offered
 * back by the form. A truck points at the driver it last went with; deleting that driver leaves the truck.
 */
export class DeclarationFleetBook1732300270000 implements MigrationInterface {
  name = 'DeclarationFleetBook1732300270000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE fleet_book_drivers (
      firm_id uuid NOT NULL CONSTRAINT fleet_book_drivers_firm_id_fkey REFERENCES firms (id),
      document_type text NOT NULL,
      document_number text NOT NULL,
      name text NOT NULL,
      phone text NOT NULL,
      language text NOT NULL,
      last_filed_at timestamptz NOT NULL,
      CONSTRAINT fleet_book_drivers_pkey PRIMARY KEY (firm_id, document_type, document_number)
    )`);
    await q.query(`CREATE TABLE fleet_book_vehicles (
      firm_id uuid NOT NULL CONSTRAINT fleet_book_vehicles_firm_id_fkey REFERENCES firms (id),
      plate_key text NOT NULL,
      plate text NOT NULL,
      trailer_plate text,
      nationality text NOT NULL,
      fee_class text NOT NULL,
      driver_document_type text NOT NULL,
      driver_document_number text NOT NULL,
      last_filed_at timestamptz NOT NULL,
      CONSTRAINT fleet_book_vehicles_pkey PRIMARY KEY (firm_id, plate_key)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE fleet_book_vehicles');
    await q.query('DROP TABLE fleet_book_drivers');
  }
}
