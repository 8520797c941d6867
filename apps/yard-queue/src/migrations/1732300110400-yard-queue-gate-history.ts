import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The gate settings' change history: each audit row also keeps the settings before and after the change and how
 * many waiting vehicles it re-slotted, so the administration screen can say who changed what from what to what.
 * Rows written before this migration have none of them (the history shows their request instead).
 */
export class YardQueueGateHistory1732300110400 implements MigrationInterface {
  name = 'YardQueueGateHistory1732300110400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'ALTER TABLE gate_config_audit ADD COLUMN before jsonb, ADD COLUMN after jsonb, ADD COLUMN reslotted int',
    );
    await q.query('CREATE INDEX gate_config_audit_gate_at ON gate_config_audit (gate, at, id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX gate_config_audit_gate_at');
    await q.query('ALTER TABLE gate_config_audit DROP COLUMN before, DROP COLUMN after, DROP COLUMN reslotted');
  }
}
