import type { MigrationInterface, QueryRunner } from 'typeorm';
import { defaultGateSchedule } from '#libs/domain/src/index.js';
import { OUTBOX_DDL } from '#libs/events/src/index.js';

export class YardQueueInitial1732300001000 implements MigrationInterface {
  name = 'YardQueueInitial1732300001000';

  async up(q: QueryRunner): Promise<void> {
    const huuNghi = defaultGateSchedule({ capacityPerHour: 72 });
    const tanThanh = defaultGateSchedule({ capacityPerHour: 48 });
    const statements = [
      // One row per gate; `version` counts queue changes (one per committed change, no gaps) for the live consoles.
      `CREATE TABLE gates (
         code text PRIMARY KEY,
         name text NOT NULL,
         version bigint NOT NULL DEFAULT 0,
         auto_accept boolean NOT NULL DEFAULT false,
         grace_minutes int NOT NULL DEFAULT 30 CHECK (grace_minutes BETWEEN 1 AND 720),
         no_show_penalty_minutes int NOT NULL DEFAULT 60 CHECK (no_show_penalty_minutes BETWEEN 0 AND 10080),
         suspended_from timestamptz,
         suspended_until timestamptz,
         suspension_reason text,
         updated_at timestamptz NOT NULL DEFAULT now()
       )`,
      `CREATE TABLE gate_schedules (
         gate text NOT NULL REFERENCES gates(code),
         direction text NOT NULL CHECK (direction IN ('EXPORT','IMPORT')),
         schedule jsonb NOT NULL,
         daily_caps jsonb NOT NULL DEFAULT '{}',
         PRIMARY KEY (gate, direction)
       )`,
      `CREATE TABLE gate_config_audit (
         id bigserial PRIMARY KEY,
         gate text NOT NULL,
         action text NOT NULL,
         change jsonb NOT NULL,
         actor_id uuid,
         actor_role text NOT NULL,
         console text,
         at timestamptz NOT NULL
       )`,
      // The yard's own copy of accepted vehicles, kept from the declaration service's events.
      `CREATE TABLE vehicles (
         vehicle_id uuid PRIMARY KEY,
         declaration_id uuid NOT NULL,
         firm_id uuid NOT NULL,
         gate text NOT NULL,
         direction text NOT NULL,
         plate_key text NOT NULL,
         snapshot jsonb NOT NULL,
         status text NOT NULL CHECK (status IN ('ACCEPTED','WITHDRAWN')),
         declaration_version int NOT NULL,
         updated_at timestamptz NOT NULL
       )`,
      `CREATE INDEX vehicles_plate ON vehicles (plate_key)`,
      `CREATE TABLE queue_entries (
         id uuid PRIMARY KEY,
         seq bigserial NOT NULL UNIQUE,
         vehicle_id uuid NOT NULL REFERENCES vehicles(vehicle_id),
         gate text NOT NULL REFERENCES gates(code),
         direction text NOT NULL,
         priority_class text NOT NULL CHECK (priority_class IN ('PRIORITY','GENERAL')),
         status text NOT NULL,
         snapshot jsonb NOT NULL,
         checked_in_at timestamptz NOT NULL,
         checked_in_by uuid,
         window_start timestamptz,
         window_end timestamptz,
         not_before timestamptz,
         no_show_count int NOT NULL DEFAULT 0,
         quarantine_required boolean NOT NULL,
         confirmations jsonb NOT NULL DEFAULT '{}',
         called_at timestamptz,
         call_deadline timestamptz,
         arrived_at timestamptz,
         cleared_at timestamptz,
         closed_at timestamptz,
         updated_at timestamptz NOT NULL,
         CHECK ((window_start IS NULL) = (window_end IS NULL))
       )`,
      // At most one active slot per vehicle, whatever happens concurrently.
      `CREATE UNIQUE INDEX queue_entries_one_active_per_vehicle ON queue_entries (vehicle_id)
         WHERE status IN ('CHECKED_IN','CALLED','AT_GATE','HELD','CLEARED')`,
      `CREATE INDEX queue_entries_waiting ON queue_entries (gate, direction, status, window_start, seq)`,
      `CREATE INDEX queue_entries_called ON queue_entries (gate, direction, called_at)`,
      // Places issued per window: the database refuses any write that would overbook a window.
      `CREATE TABLE window_usage (
         gate text NOT NULL,
         direction text NOT NULL,
         window_start timestamptz NOT NULL,
         window_end timestamptz NOT NULL,
         capacity int NOT NULL CHECK (capacity >= 0),
         reserved int NOT NULL CHECK (reserved >= 0 AND reserved <= capacity),
         issued_total int NOT NULL DEFAULT 0 CHECK (issued_total >= 0),
         issued_general int NOT NULL DEFAULT 0 CHECK (issued_general >= 0),
         PRIMARY KEY (gate, direction, window_start),
         CONSTRAINT window_not_overbooked CHECK (issued_total <= capacity),
         CHECK (issued_general <= issued_total)
       )`,
      // Places issued per local day: the database refuses any write past the day's cap.
      `CREATE TABLE day_usage (
         gate text NOT NULL,
         direction text NOT NULL,
         day date NOT NULL,
         cap int CHECK (cap IS NULL OR cap >= 0),
         issued int NOT NULL DEFAULT 0 CHECK (issued >= 0),
         PRIMARY KEY (gate, direction, day),
         CONSTRAINT day_not_over_cap CHECK (cap IS NULL OR issued <= cap)
       )`,
      `CREATE TABLE queue_audit (
         id bigserial PRIMARY KEY,
         entry_id uuid,
         gate text NOT NULL,
         action text NOT NULL,
         from_status text,
         to_status text,
         actor_id uuid,
         actor_role text NOT NULL,
         console text,
         note text,
         at timestamptz NOT NULL
       )`,
      `CREATE INDEX queue_audit_entry ON queue_audit (entry_id, id)`,
      `CREATE FUNCTION append_only() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$`,
      `CREATE TRIGGER queue_audit_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON queue_audit FOR EACH STATEMENT EXECUTE FUNCTION append_only()`,
      `CREATE TRIGGER gate_config_audit_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON gate_config_audit FOR EACH STATEMENT EXECUTE FUNCTION append_only()`,
      ...OUTBOX_DDL,
      `CREATE INDEX outbox_aggregate ON outbox (aggregate_id, sequence)`,
    ];
    for (const s of statements) await q.query(s);
    for (const [code, name, schedule] of [
      ['HUU_NGHI', 'Cửa khẩu quốc tế Hữu Nghị', huuNghi],
      ['TAN_THANH', 'Cửa khẩu Tân Thanh', tanThanh],
    ] as const) {
      await q.query('INSERT INTO gates (code, name) VALUES ($1, $2)', [code, name]);
      for (const direction of ['EXPORT', 'IMPORT']) {
        await q.query('INSERT INTO gate_schedules (gate, direction, schedule) VALUES ($1, $2, $3)', [
          code,
          direction,
          JSON.stringify(schedule),
        ]);
      }
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'inbox',
      'outbox',
      'queue_audit',
      'day_usage',
      'window_usage',
      'queue_entries',
      'vehicles',
      'gate_config_audit',
      'gate_schedules',
      'gates',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${t} CASCADE`);
    }
    await q.query('DROP FUNCTION IF EXISTS append_only CASCADE');
  }
}
