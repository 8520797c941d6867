import type { MigrationInterface, QueryRunner } from 'typeorm';
import { TOKEN_REVOCATIONS_DDL } from '#libs/auth/src/index.js';
import { RATE_LIMITS_DDL } from '#libs/runtime/src/rate-limits.js';

/**
 * The statistics' projections, kept from the declaration and yard-queue events (never from their tables):
 * counts per hour, second-wide histograms of durations per day (percentiles merge by adding counts), the
 * hourly peaks of each queue, and what the projection must remember of each declaration and queue entry to
 * see a transition. `category` is '*' for every vehicle and a goods category for the vehicles carrying it.
 */
export class StatisticsInitial1732300231000 implements MigrationInterface {
  name = 'StatisticsInitial1732300231000';

  async up(q: QueryRunner): Promise<void> {
    const ddl = [
      `CREATE TABLE inbox (
         event_id uuid PRIMARY KEY,
         type text NOT NULL,
         received_at timestamptz NOT NULL DEFAULT now()
       )`,
      TOKEN_REVOCATIONS_DDL,
      RATE_LIMITS_DDL,
      `CREATE TABLE stat_declarations (
         declaration_id uuid PRIMARY KEY,
         gate text NOT NULL,
         direction text NOT NULL,
         categories text[] NOT NULL,
         submitted_at timestamptz NOT NULL
       )`,
      `CREATE TABLE stat_entries (
         entry_id uuid PRIMARY KEY,
         gate text NOT NULL,
         direction text NOT NULL,
         categories text[] NOT NULL,
         status text NOT NULL,
         checked_in_at timestamptz NOT NULL,
         called_at timestamptz,
         arrived_at timestamptz,
         held_at timestamptz,
         no_shows int NOT NULL DEFAULT 0,
         confirmed text[] NOT NULL DEFAULT '{}',
         changed_at timestamptz NOT NULL
       )`,
      `CREATE INDEX stat_entries_waiting ON stat_entries (gate, direction, checked_in_at) WHERE status = 'CHECKED_IN'`,
      `CREATE TABLE stat_counts (
         metric text NOT NULL,
         category text NOT NULL,
         gate text NOT NULL,
         direction text NOT NULL,
         hour timestamptz NOT NULL,
         n int NOT NULL CHECK (n >= 0),
         PRIMARY KEY (category, hour, gate, direction, metric)
       )`,
      `CREATE TABLE stat_durations (
         segment text NOT NULL,
         category text NOT NULL,
         gate text NOT NULL,
         direction text NOT NULL,
         day date NOT NULL,
         seconds int NOT NULL CHECK (seconds >= 0),
         n int NOT NULL CHECK (n > 0),
         PRIMARY KEY (category, day, segment, gate, direction, seconds)
       )`,
      // Hourly sums of the waits (checked in → called), for the open data's hourly mean.
      `CREATE TABLE stat_waits (
         gate text NOT NULL,
         direction text NOT NULL,
         hour timestamptz NOT NULL,
         n int NOT NULL,
         seconds bigint NOT NULL,
         PRIMARY KEY (hour, gate, direction)
       )`,
      // officer '' is the whole agency.
      `CREATE TABLE stat_responses (
         kind text NOT NULL,
         agency text NOT NULL,
         officer text NOT NULL,
         gate text NOT NULL,
         direction text NOT NULL,
         day date NOT NULL,
         seconds int NOT NULL CHECK (seconds >= 0),
         n int NOT NULL CHECK (n > 0),
         PRIMARY KEY (day, kind, agency, officer, gate, direction, seconds)
       )`,
      `CREATE TABLE stat_queue_hours (
         gate text NOT NULL,
         direction text NOT NULL,
         hour timestamptz NOT NULL,
         max_waiting int NOT NULL,
         max_oldest_seconds int NOT NULL,
         last_waiting int NOT NULL,
         PRIMARY KEY (hour, gate, direction)
       )`,
    ];
    for (const sql of ddl) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'stat_queue_hours',
      'stat_responses',
      'stat_waits',
      'stat_durations',
      'stat_counts',
      'stat_entries',
      'stat_declarations',
      'rate_limits',
      'token_revocations',
      'inbox',
    ])
      await q.query(`DROP TABLE IF EXISTS ${t}`);
  }
}
