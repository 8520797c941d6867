import type { MigrationInterface, QueryRunner } from 'typeorm';

const ACTIVE = "('CHECKED_IN','CALLED','AT_GATE','HELD','CLEARED')";

/**
 * Two-sided accountability and the fairness ledger:
 * - one live booking per vehicle across both gates: each entry keeps its vehicle's normalised plate, unique among
 *   the active entries of every gate (a truck declared at both gates holds a place at one of them only);
 * - the lane's conditions at each call, kept with the call in the audit trail (the no-show judgement reads them);
 * - the gate setting above which a delay is attributed, and the attributed delays, written as each one closes;
 * - the reason of a waived no-show, shown to the firm on its vehicle;
 * - every change of a gate's queue order with its reason, written in the change's own transaction.
 */
export class YardQueueFairnessLedger1732300240000 implements MigrationInterface {
  name = 'YardQueueFairnessLedger1732300240000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE queue_entries ADD COLUMN plate_key text');
    await q.query(`UPDATE queue_entries SET plate_key = snapshot->>'plateKey'`);
    await q.query('ALTER TABLE queue_entries ALTER COLUMN plate_key SET NOT NULL');
    await q.query(
      `CREATE UNIQUE INDEX queue_entries_one_live_per_plate ON queue_entries (plate_key) WHERE status IN ${ACTIVE}`,
    );
    await q.query('ALTER TABLE queue_entries ADD COLUMN no_show_waiver jsonb');
    await q.query('ALTER TABLE queue_audit ADD COLUMN context jsonb');
    await q.query(
      `ALTER TABLE gates ADD COLUMN delay_attribution_minutes int NOT NULL DEFAULT 30
         CONSTRAINT gates_delay_attribution_minutes_check CHECK (delay_attribution_minutes BETWEEN 1 AND 1440)`,
    );
    await q.query(`CREATE TABLE delay_attributions (
      id bigserial PRIMARY KEY,
      entry_id uuid NOT NULL,
      gate text NOT NULL,
      direction text NOT NULL,
      firm_id uuid NOT NULL,
      segment text NOT NULL,
      started_at timestamptz NOT NULL,
      ended_at timestamptz NOT NULL,
      minutes int NOT NULL CHECK (minutes >= 0),
      party text NOT NULL CHECK (party IN ('FIRM','GATE','AGENCY','SUSPENSION')),
      agency text CHECK (agency IN ('CUSTOMS','BORDER_GUARD','QUARANTINE')),
      reason text NOT NULL,
      no_show_waived boolean NOT NULL DEFAULT false,
      recorded_at timestamptz NOT NULL
    )`);
    await q.query('CREATE INDEX delay_attributions_entry ON delay_attributions (entry_id, id)');
    await q.query('CREATE INDEX delay_attributions_gate ON delay_attributions (gate, ended_at)');
    await q.query(`CREATE TABLE queue_order_changes (
      id bigserial PRIMARY KEY,
      gate text NOT NULL,
      direction text NOT NULL,
      entry_id uuid NOT NULL,
      plate text NOT NULL,
      reason text NOT NULL,
      window_before timestamptz,
      window_after timestamptz,
      position int,
      version bigint NOT NULL,
      at timestamptz NOT NULL
    )`);
    await q.query('CREATE INDEX queue_order_changes_gate ON queue_order_changes (gate, at, id)');
    for (const t of ['delay_attributions', 'queue_order_changes'])
      await q.query(
        `CREATE TRIGGER ${t}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON ${t} FOR EACH STATEMENT EXECUTE FUNCTION append_only()`,
      );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE queue_order_changes');
    await q.query('DROP TABLE delay_attributions');
    await q.query('ALTER TABLE gates DROP COLUMN delay_attribution_minutes');
    await q.query('ALTER TABLE queue_audit DROP COLUMN context');
    await q.query('ALTER TABLE queue_entries DROP COLUMN no_show_waiver');
    await q.query('DROP INDEX queue_entries_one_live_per_plate');
    await q.query('ALTER TABLE queue_entries DROP COLUMN plate_key');
  }
}
