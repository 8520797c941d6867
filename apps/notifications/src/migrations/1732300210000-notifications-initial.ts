import type { MigrationInterface, QueryRunner } from 'typeorm';
import { TOKEN_REVOCATIONS_DDL } from '#libs/auth/src/index.js';
import { OUTBOX_DDL, OUTBOX_REQUEST_ID_DDL, outboxPerSinkDdl } from '#libs/events/src/index.js';
import { RATE_LIMITS_DDL } from '#libs/runtime/src/rate-limits.js';

/**
 * The notification service's schema: its copy of the vehicles it may write about, the firms' settings, the
 * drivers' push subscriptions, and the messages themselves — an outbox of its own, one row per message, delivered
 * and retried by the dispatcher. Its own event outbox carries the escalation of unreached calls to the yard.
 */
export class NotificationsInitial1732300210000 implements MigrationInterface {
  name = 'NotificationsInitial1732300210000';

  async up(q: QueryRunner): Promise<void> {
    const statements: { sql: string; params?: unknown[] }[] = [
      ...OUTBOX_DDL.map((sql) => ({ sql })),
      { sql: OUTBOX_REQUEST_ID_DDL },
      ...outboxPerSinkDdl([{ name: 'yard-queue', types: ['call.unreached'] }]),
      { sql: TOKEN_REVOCATIONS_DDL },
      { sql: RATE_LIMITS_DDL },
      // Each accepted vehicle as the declaration service described it, and the last queue state seen of it.
      {
        sql: `CREATE TABLE notify_vehicles (
                vehicle_id uuid PRIMARY KEY,
                declaration_id uuid NOT NULL,
                firm_id text NOT NULL,
                gate text NOT NULL,
                plate text NOT NULL,
                driver_phone text NOT NULL,
                driver_language text NOT NULL CHECK (driver_language IN ('vi', 'zh', 'en')),
                entry jsonb,
                updated_at timestamptz NOT NULL
              )`,
      },
      { sql: 'CREATE INDEX notify_vehicles_gate ON notify_vehicles (gate)' },
      // Per gate: whether it is suspended, as last seen in the yard's queue events.
      {
        sql: `CREATE TABLE notify_gates (
                gate text PRIMARY KEY,
                suspended boolean NOT NULL,
                version bigint NOT NULL
              )`,
      },
      // A firm's choice of channels for its drivers, and the address its own e-mails go to.
      {
        sql: `CREATE TABLE firm_settings (
                firm_id text PRIMARY KEY,
                email text,
                driver_channels text[] NOT NULL,
                email_enabled boolean NOT NULL,
                updated_at timestamptz NOT NULL
              )`,
      },
      // The browsers a driver opened the tracking page in and allowed notifications on.
      {
        sql: `CREATE TABLE push_subscriptions (
                endpoint text PRIMARY KEY,
                vehicle_id uuid NOT NULL,
                p256dh text NOT NULL,
                auth text NOT NULL,
                language text NOT NULL CHECK (language IN ('vi', 'zh', 'en')),
                created_at timestamptz NOT NULL
              )`,
      },
      { sql: 'CREATE INDEX push_subscriptions_vehicle ON push_subscriptions (vehicle_id)' },
      // One row per message: what it says, to whom, on which channel, and how its delivery went. The unique key
      // makes a notice idempotent per (subject, notice, channel, recipient), whatever delivers the event twice.
      {
        sql: `CREATE TABLE messages (
                id uuid PRIMARY KEY,
                subject_id text NOT NULL,
                notice text NOT NULL,
                kind text NOT NULL,
                channel text NOT NULL CHECK (channel IN ('sms', 'zns', 'push', 'email')),
                recipient text NOT NULL,
                language text NOT NULL,
                title text,
                body text NOT NULL,
                data jsonb NOT NULL DEFAULT '{}',
                status text NOT NULL CHECK (status IN ('PENDING', 'SENDING', 'SENT', 'DELIVERED', 'FAILED')),
                attempts int NOT NULL DEFAULT 0,
                next_attempt_at timestamptz NOT NULL,
                lease_until timestamptz,
                provider_id text,
                last_error text,
                created_at timestamptz NOT NULL,
                sent_at timestamptz,
                delivered_at timestamptz,
                CONSTRAINT messages_once UNIQUE (subject_id, notice, channel, recipient)
              )`,
      },
      { sql: `CREATE INDEX messages_due ON messages (next_attempt_at) WHERE status IN ('PENDING', 'SENDING')` },
      { sql: 'CREATE INDEX messages_provider ON messages (channel, provider_id)' },
      // Every delivery receipt a provider sent back (signature checked), as received.
      {
        sql: `CREATE TABLE delivery_receipts (
                id bigserial PRIMARY KEY,
                message_id uuid REFERENCES messages,
                channel text NOT NULL,
                provider_id text NOT NULL,
                status text NOT NULL,
                payload jsonb NOT NULL,
                received_at timestamptz NOT NULL
              )`,
      },
      // Calls waiting for a delivery receipt: past `reach_by` without one, the call escalates (once).
      {
        sql: `CREATE TABLE call_watches (
                vehicle_id uuid NOT NULL,
                called_at timestamptz NOT NULL,
                gate text NOT NULL,
                entry_id uuid NOT NULL,
                reach_by timestamptz NOT NULL,
                reached_at timestamptz,
                escalated_at timestamptz,
                PRIMARY KEY (vehicle_id, called_at)
              )`,
      },
      {
        sql: 'CREATE INDEX call_watches_open ON call_watches (reach_by) WHERE reached_at IS NULL AND escalated_at IS NULL',
      },
    ];
    for (const s of statements) await q.query(s.sql, s.params);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'call_watches',
      'delivery_receipts',
      'messages',
      'push_subscriptions',
      'firm_settings',
      'notify_gates',
      'notify_vehicles',
      'rate_limits',
      'token_revocations',
      'outbox_pending',
      'outbox_sinks',
      'inbox',
      'outbox',
    ])
      await q.query(`DROP TABLE IF EXISTS ${t} CASCADE`);
    await q.query('DROP FUNCTION IF EXISTS outbox_fan_out()');
  }
}
