import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every call of a gate (the ETA learns its rate from them, and a call whose vehicle later misses it still was
 * a call), and every waiting-time estimate shown for a vehicle, scored once the vehicle is called.
 */
export class YardQueueEtaForecasts1732300050000 implements MigrationInterface {
  name = 'YardQueueEtaForecasts1732300050000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE gate_calls (
      id bigserial PRIMARY KEY,
      gate text NOT NULL,
      direction text NOT NULL,
      entry_id uuid NOT NULL,
      called_at timestamptz NOT NULL
    )`);
    await q.query('CREATE INDEX gate_calls_lane ON gate_calls (gate, direction, called_at)');
    // The calls made before this table existed, as far as the entries still say.
    await q.query(`INSERT INTO gate_calls (gate, direction, entry_id, called_at)
      SELECT gate, direction, id, called_at FROM queue_entries WHERE called_at IS NOT NULL ORDER BY called_at`);
    await q.query(`CREATE TABLE eta_forecasts (
      id bigserial PRIMARY KEY,
      entry_id uuid NOT NULL,
      gate text NOT NULL,
      direction text NOT NULL,
      made_at timestamptz NOT NULL,
      position int NOT NULL CHECK (position >= 1),
      p10 timestamptz NOT NULL,
      p50 timestamptz NOT NULL,
      p90 timestamptz NOT NULL,
      raw_p50 timestamptz NOT NULL,
      sigma double precision NOT NULL,
      basis text NOT NULL,
      called_at timestamptz,
      withdrawn_at timestamptz,
      CONSTRAINT eta_forecasts_ordered CHECK (p10 < p50 AND p50 < p90)
    )`);
    await q.query('CREATE INDEX eta_forecasts_entry ON eta_forecasts (entry_id, id)');
    await q.query('CREATE INDEX eta_forecasts_lane ON eta_forecasts (gate, direction, made_at)');
    await q.query('CREATE INDEX eta_forecasts_scored ON eta_forecasts (gate, direction, called_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE eta_forecasts');
    await q.query('DROP TABLE gate_calls');
  }
}
