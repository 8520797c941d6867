import type { MigrationInterface, QueryRunner } from 'typeorm';
import { DEFAULT_WAITING_YARDS } from '#libs/domain/src/index.js';

/**
 * The gates' lists of waiting yards in this service's copy (the yard-queue service's gate event carries them).
 * Declarations filed before keep their yard as typed: the consoles show a value that is no yard's code as given.
 */
export class DeclarationGateYards1732300290000 implements MigrationInterface {
  name = 'DeclarationGateYards1732300290000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE gates ADD COLUMN yards jsonb NOT NULL DEFAULT '[]'`);
    for (const [code, yards] of Object.entries(DEFAULT_WAITING_YARDS))
      await q.query('UPDATE gates SET yards = $2 WHERE code = $1', [code, JSON.stringify(yards)]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE gates DROP COLUMN yards');
  }
}
