import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When an entry's last waived no-show happened: a waived no-show leaves the entry's count of no-shows as it was
 * (the firm is not sanctioned), so the projection knows it by its waiver's time instead. Entries kept so far
 * have none recorded; their waived no-shows were not counted.
 */
export class StatisticsWaivedNoShows1732300320000 implements MigrationInterface {
  name = 'StatisticsWaivedNoShows1732300320000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE stat_entries ADD COLUMN no_show_waived_at timestamptz');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE stat_entries DROP COLUMN no_show_waived_at');
  }
}
