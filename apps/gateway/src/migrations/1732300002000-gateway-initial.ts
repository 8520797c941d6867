import type { MigrationInterface, QueryRunner } from 'typeorm';

export class GatewayInitial1732300002000 implements MigrationInterface {
  name = 'GatewayInitial1732300002000';

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      // Per gate: the last version applied from the yard-queue's events, and where the continuous log starts.
      `CREATE TABLE queue_streams (
         gate text PRIMARY KEY,
         version bigint NOT NULL CHECK (version >= 0),
         log_start bigint NOT NULL CHECK (log_start <= version),
         gate_state jsonb NOT NULL,
         congestion jsonb NOT NULL,
         updated_at timestamptz NOT NULL
       )`,
      // The queue as of `queue_streams.version` (full officer views without ETAs): positions of entries an
      // event did not mention are derived from it.
      `CREATE TABLE queue_entries (
         gate text NOT NULL REFERENCES queue_streams (gate),
         id uuid NOT NULL,
         firm_id text NOT NULL,
         direction text NOT NULL,
         position int CHECK (position >= 1),
         entry jsonb NOT NULL,
         PRIMARY KEY (gate, id)
       )`,
      // One row per version: what changed, for replays to clients that missed deltas. A `reset` row marks a
      // version the gateway took from a snapshot (history before it is not in the log).
      `CREATE TABLE queue_log (
         gate text NOT NULL,
         version bigint NOT NULL,
         event_id uuid,
         reset boolean NOT NULL DEFAULT false,
         reason text,
         changes jsonb NOT NULL,
         firm_ids text[] NOT NULL DEFAULT '{}',
         gate_state jsonb NOT NULL,
         congestion jsonb NOT NULL,
         recorded_at timestamptz NOT NULL,
         PRIMARY KEY (gate, version)
       )`,
      `CREATE TABLE inbox (
         event_id uuid PRIMARY KEY,
         type text NOT NULL,
         received_at timestamptz NOT NULL DEFAULT now()
       )`,
      // @socket.io/postgres-adapter's table for broadcasts over the 8,000-byte NOTIFY limit. Created here, never
      // at start: instances starting together would race on it.
      `CREATE TABLE socket_io_attachments (
         id bigserial UNIQUE,
         created_at timestamptz DEFAULT now(),
         payload bytea
       )`,
    ];
    for (const s of statements) await q.query(s);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['socket_io_attachments', 'inbox', 'queue_log', 'queue_entries', 'queue_streams'])
      await q.query(`DROP TABLE IF EXISTS ${t} CASCADE`);
  }
}
