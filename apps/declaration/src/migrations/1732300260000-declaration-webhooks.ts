import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Firms' webhook subscriptions, the stream of their vehicles' events (written while a firm has a subscription,
 * in the transaction of the change or of the consumed yard event) and one delivery row per subscription and
 * event, worked off by the delivery worker in order per vehicle.
 */
export class DeclarationWebhooks1732300260000 implements MigrationInterface {
  name = 'DeclarationWebhooks1732300260000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE webhook_subscriptions (
      id uuid CONSTRAINT webhook_subscriptions_pkey PRIMARY KEY,
      firm_id uuid NOT NULL CONSTRAINT webhook_subscriptions_firm_id_fkey REFERENCES firms (id),
      url text NOT NULL,
      event_types text[] NOT NULL,
      secret text NOT NULL,
      created_by uuid NOT NULL,
      created_at timestamptz NOT NULL,
      deleted_at timestamptz
    )`);
    await q.query(
      'CREATE INDEX webhook_subscriptions_firm ON webhook_subscriptions (firm_id) WHERE deleted_at IS NULL',
    );
    await q.query(`CREATE TABLE webhook_events (
      seq bigserial CONSTRAINT webhook_events_pkey PRIMARY KEY,
      id text NOT NULL,
      firm_id uuid NOT NULL,
      vehicle_id uuid NOT NULL,
      type text NOT NULL,
      data jsonb NOT NULL,
      occurred_at timestamptz NOT NULL
    )`);
    await q.query('CREATE UNIQUE INDEX webhook_events_id ON webhook_events (id)');
    await q.query('CREATE INDEX webhook_events_firm ON webhook_events (firm_id, seq)');
    await q.query(`CREATE TABLE webhook_deliveries (
      id bigserial CONSTRAINT webhook_deliveries_pkey PRIMARY KEY,
      subscription_id uuid NOT NULL CONSTRAINT webhook_deliveries_subscription_id_fkey REFERENCES webhook_subscriptions (id),
      event_seq bigint NOT NULL CONSTRAINT webhook_deliveries_event_seq_fkey REFERENCES webhook_events (seq),
      vehicle_id uuid NOT NULL,
      status text NOT NULL CONSTRAINT webhook_deliveries_status_check
        CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED', 'CANCELLED')),
      replay boolean NOT NULL,
      attempts int NOT NULL,
      next_attempt_at timestamptz NOT NULL,
      lease_until timestamptz,
      last_attempt_at timestamptz,
      last_status int,
      last_error text,
      delivered_at timestamptz,
      created_at timestamptz NOT NULL
    )`);
    // One open delivery per subscription and event (a replay adds none for an event still on its way).
    await q.query(
      `CREATE UNIQUE INDEX webhook_deliveries_open ON webhook_deliveries (subscription_id, event_seq) WHERE status = 'PENDING'`,
    );
    // The head of each vehicle's line per subscription: only it may be attempted.
    await q.query(
      `CREATE INDEX webhook_deliveries_line ON webhook_deliveries (subscription_id, vehicle_id, event_seq) WHERE status = 'PENDING'`,
    );
    await q.query('CREATE INDEX webhook_deliveries_log ON webhook_deliveries (subscription_id, id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE webhook_deliveries');
    await q.query('DROP TABLE webhook_events');
    await q.query('DROP TABLE webhook_subscriptions');
  }
}
