import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who holds a held vehicle (the role of the officer who held it), so the tracking page can say why it waits
 * without the officer's note. Entries held before are filled in from their audit trail.
 */
export class YardQueueHoldParty1732300261000 implements MigrationInterface {
  name = 'YardQueueHoldParty1732300261000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE queue_entries ADD COLUMN held_by text');
    await q.query(
      `UPDATE queue_entries e SET held_by = (SELECT a.actor_role FROM queue_audit a
                                              WHERE a.entry_id = e.id AND a.action = 'hold' ORDER BY a.id DESC LIMIT 1)
        WHERE e.status = 'HELD'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE queue_entries DROP COLUMN held_by');
  }
}
