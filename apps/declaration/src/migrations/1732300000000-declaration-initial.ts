import type { MigrationInterface, QueryRunner } from 'typeorm';
import { OUTBOX_DDL } from '#libs/events/src/index.js';

export class DeclarationInitial1732300000000 implements MigrationInterface {
  name = 'DeclarationInitial1732300000000';

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      `CREATE TABLE firms (
         id uuid PRIMARY KEY,
         name text NOT NULL,
         tax_code text NOT NULL UNIQUE,
         phone text NOT NULL,
         created_at timestamptz NOT NULL
       )`,
      `CREATE TABLE users (
         id uuid PRIMARY KEY,
         email text NOT NULL UNIQUE CHECK (email = lower(email)),
         password_hash text NOT NULL,
         full_name text NOT NULL DEFAULT '',
         role text NOT NULL CHECK (role IN ('FIRM','CUSTOMS','BORDER_GUARD','YARD_OPERATOR','ADMIN')),
         firm_id uuid REFERENCES firms(id),
         gates text[] NOT NULL DEFAULT '{}',
         created_at timestamptz NOT NULL,
         CHECK ((role = 'FIRM') = (firm_id IS NOT NULL))
       )`,
      `CREATE TABLE refresh_tokens (
         id uuid PRIMARY KEY,
         user_id uuid NOT NULL REFERENCES users(id),
         token_hash text NOT NULL UNIQUE,
         expires_at timestamptz NOT NULL,
         revoked_at timestamptz,
         created_at timestamptz NOT NULL
       )`,
      // The gates this service knows of (codes, names, auto-accept); kept in step with the yard-queue service by events.
      `CREATE TABLE gates (
         code text PRIMARY KEY,
         name text NOT NULL,
         auto_accept boolean NOT NULL DEFAULT false
       )`,
      `INSERT INTO gates (code, name, auto_accept) VALUES
         ('HUU_NGHI', 'Cửa khẩu quốc tế Hữu Nghị', false),
         ('TAN_THANH', 'Cửa khẩu Tân Thanh', false)`,
      `CREATE TABLE declarations (
         id uuid PRIMARY KEY,
         number text NOT NULL UNIQUE,
         firm_id uuid NOT NULL REFERENCES firms(id),
         gate text NOT NULL REFERENCES gates(code),
         direction text NOT NULL CHECK (direction IN ('EXPORT','IMPORT')),
         status text NOT NULL,
         current_version int NOT NULL CHECK (current_version >= 1),
         expected_arrival timestamptz NOT NULL,
         decision_reason text,
         created_by uuid NOT NULL REFERENCES users(id),
         created_at timestamptz NOT NULL,
         updated_at timestamptz NOT NULL
       )`,
      `CREATE INDEX declarations_firm ON declarations (firm_id, created_at DESC)`,
      `CREATE INDEX declarations_gate_status ON declarations (gate, status, created_at DESC)`,
      // Every amendment is a new row: the content of a version is never overwritten.
      `CREATE TABLE declaration_versions (
         declaration_id uuid NOT NULL REFERENCES declarations(id),
         version int NOT NULL,
         content jsonb NOT NULL,
         note text,
         created_by uuid NOT NULL REFERENCES users(id),
         created_at timestamptz NOT NULL,
         PRIMARY KEY (declaration_id, version)
       )`,
      `CREATE TABLE vehicles (
         id uuid PRIMARY KEY,
         declaration_id uuid NOT NULL REFERENCES declarations(id),
         ordinal int NOT NULL,
         plate_key text NOT NULL,
         plate text NOT NULL,
         trailer_plate_key text,
         status text NOT NULL,
         removed boolean NOT NULL DEFAULT false,
         queue jsonb,
         updated_at timestamptz NOT NULL
       )`,
      `CREATE INDEX vehicles_plate ON vehicles (plate_key)`,
      `CREATE INDEX vehicles_trailer ON vehicles (trailer_plate_key)`,
      `CREATE INDEX vehicles_declaration ON vehicles (declaration_id, ordinal)`,
      // One live declaration per tractor: a plate cannot be filed again while it is submitted, accepted or queued.
      `CREATE UNIQUE INDEX vehicles_one_active_per_plate ON vehicles (plate_key)
         WHERE NOT removed AND status IN ('SUBMITTED','ACCEPTED','CHECKED_IN','CALLED','AT_GATE','HELD','CLEARED')`,
      `CREATE TABLE correction_requests (
         id uuid PRIMARY KEY,
         declaration_id uuid NOT NULL REFERENCES declarations(id),
         message text NOT NULL,
         fields text[] NOT NULL DEFAULT '{}',
         status text NOT NULL CHECK (status IN ('OPEN','ANSWERED','APPROVED')),
         requested_by uuid NOT NULL REFERENCES users(id),
         requested_at timestamptz NOT NULL,
         answered_version int,
         answered_at timestamptz,
         approved_by uuid REFERENCES users(id),
         approved_at timestamptz
       )`,
      `CREATE INDEX correction_requests_declaration ON correction_requests (declaration_id)`,
      `CREATE TABLE audit_log (
         id bigserial PRIMARY KEY,
         declaration_id uuid NOT NULL,
         vehicle_id uuid,
         action text NOT NULL,
         from_status text,
         to_status text,
         actor_id uuid,
         actor_role text NOT NULL,
         console text,
         reason text,
         at timestamptz NOT NULL
       )`,
      `CREATE INDEX audit_log_declaration ON audit_log (declaration_id, id)`,
      // The audit log is append-only: the database refuses to change or delete its rows.
      `CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`,
      `CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
         FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`,
      `CREATE TABLE idempotency_keys (
         firm_id uuid NOT NULL,
         key text NOT NULL,
         request_hash text NOT NULL,
         response_status int NOT NULL,
         response_body jsonb NOT NULL,
         created_at timestamptz NOT NULL,
         PRIMARY KEY (firm_id, key)
       )`,
      `CREATE INDEX idempotency_keys_age ON idempotency_keys (created_at)`,
      `CREATE SEQUENCE declaration_number_seq`,
      ...OUTBOX_DDL,
    ];
    for (const s of statements) await q.query(s);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'inbox',
      'outbox',
      'idempotency_keys',
      'audit_log',
      'correction_requests',
      'vehicles',
      'declaration_versions',
      'declarations',
      'gates',
      'refresh_tokens',
      'users',
      'firms',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${t} CASCADE`);
    }
    await q.query('DROP FUNCTION IF EXISTS audit_log_append_only CASCADE');
    await q.query('DROP SEQUENCE IF EXISTS declaration_number_seq');
  }
}
