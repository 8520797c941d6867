import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrateWaiverReasons } from '#libs/events/src/index.js';

/**
 * The copy of each gate's queue holds the entries as the yard shows them: a waived no-show now has its reason by code
 * and in words in each language. The entries copied with the reason as a Vietnamese sentence get the same view (the
 * sentence read back to its code; one the yard did not write is kept, as it was, under LEGACY).
 */
export class GatewayCodedWaiverReasons1732300300000 implements MigrationInterface {
  name = 'GatewayCodedWaiverReasons1732300300000';

  async up(q: QueryRunner): Promise<void> {
    await migrateWaiverReasons(q, { table: 'queue_entries', column: 'entry', path: ['noShowWaiver'], to: 'view' });
  }

  async down(q: QueryRunner): Promise<void> {
    await migrateWaiverReasons(q, { table: 'queue_entries', column: 'entry', path: ['noShowWaiver'], to: 'down' });
  }
}
