import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A gate's entries by check-in time: the fairness ledger's 30-day rates per firm read only that period. */
export class YardQueueEntriesByCheckIn1732300241000 implements MigrationInterface {
  name = 'YardQueueEntriesByCheckIn1732300241000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX queue_entries_gate_checked_in ON queue_entries (gate, checked_in_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX queue_entries_gate_checked_in');
  }
}
