import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrateWaiverReasons } from '#libs/events/src/index.js';

/**
 * The copy of a vehicle's place in the yard keeps a waived no-show's reason by code and facts, as the yard now
 * records it, instead of the Vietnamese sentence: the firm reads it in its own language. The sentences copied so far
 * are read back to their codes (one the yard did not write is kept, as it was, under LEGACY).
 */
export class DeclarationCodedWaiverReasons1732300310000 implements MigrationInterface {
  name = 'DeclarationCodedWaiverReasons1732300310000';

  async up(q: QueryRunner): Promise<void> {
    await migrateWaiverReasons(q, { table: 'vehicles', column: 'queue', path: ['noShowWaiver'], to: 'record' });
  }

  async down(q: QueryRunner): Promise<void> {
    await migrateWaiverReasons(q, { table: 'vehicles', column: 'queue', path: ['noShowWaiver'], to: 'down' });
  }
}
