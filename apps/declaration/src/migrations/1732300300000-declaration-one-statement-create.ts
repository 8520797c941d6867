import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A declaration is created in one statement, `create_declaration(...)`, instead of a transaction of a dozen
 * round trips that held the firm's row locked from its first statement to its commit.
 *
 * The per-firm cap reads a counter, `firms.open_declarations`, that triggers keep equal to the number of the
 * firm's declarations in an open status (DRAFT, SUBMITTED, ACCEPTED, IN_QUEUE: `OPEN_DECLARATION_STATUSES`).
 * Whatever writes a declaration's status (create, submit, accept, reject, cancel, the yard's queue events, a
 * script) moves the counter with it: a new declaration counts at once, under the firm's row lock that the
 * create's cap check holds for its one statement; a change of status counts when its transaction commits (a
 * deferred trigger), so a cancel or a queue batch takes the firm's row only for the instant of its commit
 * and never waits on it while holding declarations locked. Nothing counts the rows any more, so the partial
 * index that served the count (`declarations_firm_active`) is dropped: one index fewer to write per filing.
 */
export class DeclarationOneStatementCreate1732300300000 implements MigrationInterface {
  name = 'DeclarationOneStatementCreate1732300300000';

  async up(q: QueryRunner): Promise<void> {
    // No declaration is written while the counters are set from the rows and the triggers take over.
    await q.query('LOCK TABLE declarations IN SHARE ROW EXCLUSIVE MODE');
    await q.query(
      `ALTER TABLE firms ADD COLUMN open_declarations int NOT NULL DEFAULT 0
         CONSTRAINT firms_open_declarations_not_negative CHECK (open_declarations >= 0)`,
    );
    await q.query(
      `UPDATE firms f SET open_declarations = c.n
         FROM (SELECT firm_id, count(*)::int AS n FROM declarations
                WHERE status IN ('DRAFT','SUBMITTED','ACCEPTED','IN_QUEUE') GROUP BY firm_id) c
        WHERE c.firm_id = f.id`,
    );
    await q.query('DROP INDEX declarations_firm_active');
    await q.query(`CREATE FUNCTION declarations_count_open() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      DECLARE
        was_open boolean := false;
        is_open boolean := false;
      BEGIN
        IF TG_OP <> 'INSERT' THEN was_open := OLD.status IN ('DRAFT','SUBMITTED','ACCEPTED','IN_QUEUE'); END IF;
        IF TG_OP <> 'DELETE' THEN is_open := NEW.status IN ('DRAFT','SUBMITTED','ACCEPTED','IN_QUEUE'); END IF;
        IF TG_OP = 'UPDATE' AND OLD.firm_id = NEW.firm_id THEN
          IF was_open <> is_open THEN
            UPDATE firms SET open_declarations = open_declarations + CASE WHEN is_open THEN 1 ELSE -1 END
             WHERE id = NEW.firm_id;
          END IF;
          RETURN NULL;
        END IF;
        IF was_open THEN UPDATE firms SET open_declarations = open_declarations - 1 WHERE id = OLD.firm_id; END IF;
        IF is_open THEN UPDATE firms SET open_declarations = open_declarations + 1 WHERE id = NEW.firm_id; END IF;
        RETURN NULL;
      END $$`);
    await q.query(
      `CREATE TRIGGER declarations_count_open_insert AFTER INSERT ON declarations
         FOR EACH ROW EXECUTE FUNCTION declarations_count_open()`,
    );
    await q.query(
      `CREATE CONSTRAINT TRIGGER declarations_count_open_change AFTER UPDATE OF status, firm_id OR DELETE ON declarations
         DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION declarations_count_open()`,
    );
    // One filing, whole: the declaration numbered from the sequence, its first version, its vehicles, the audit
    // line, the event for the other services and the response kept under the Idempotency-Key. What the firm
    // must be told instead is answered without writing anything: the response stored under the key (a retry),
    // its own open declarations that hold one of the plates (`plate-held`), or the cap reached (`cap-reached`).
    // Two filings of one firm that share a plate wait for each other (a lock per firm and plate, taken in order);
    // filings of different plates meet only at the firm's row, from the cap check to the commit. A key taken
    // meanwhile by a concurrent filing ends in a unique violation on idempotency_keys_pkey, undoing it all.
    await q.query(`CREATE FUNCTION create_declaration(
        p_id uuid, p_firm uuid, p_gate text, p_direction text, p_status text, p_expected_arrival timestamptz,
        p_created_by uuid, p_at timestamptz, p_content jsonb,
        p_vehicle_ids uuid[], p_plate_keys text[], p_plates text[], p_trailer_plate_keys text[],
        p_actor_id uuid, p_actor_role text, p_console text,
        p_event_id uuid, p_event_type text, p_event_payload jsonb, p_request_id text,
        p_cap int, p_idempotency_key text, p_request_hash text, p_response_status int, p_response_body jsonb,
        OUT outcome text, OUT filed_number text, OUT firm_name text, OUT firm_tax_code text, OUT detail jsonb)
      LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      DECLARE
        open_now int;
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext(p_firm::text), hashtext(s.k))
           FROM (SELECT DISTINCT k FROM unnest(p_plate_keys) AS k ORDER BY k) s;
        IF p_idempotency_key IS NOT NULL THEN
          SELECT jsonb_build_object('requestHash', i.request_hash, 'status', i.response_status, 'body', i.response_body)
            INTO detail FROM idempotency_keys i WHERE i.firm_id = p_firm AND i.key = p_idempotency_key;
          IF FOUND THEN outcome := 'replayed'; RETURN; END IF;
        END IF;
        SELECT jsonb_agg(jsonb_build_object('plate', v.plate, 'plateKey', v.plate_key, 'declarationId', d.id,
                                            'number', d.number, 'vehicleStatus', v.status)
                         ORDER BY d.created_at, v.ordinal)
          INTO detail
          FROM vehicles v JOIN declarations d ON d.id = v.declaration_id
         WHERE d.firm_id = p_firm AND v.plate_key = ANY (p_plate_keys) AND NOT v.removed
           AND d.status IN ('DRAFT','SUBMITTED','ACCEPTED','IN_QUEUE')
           AND v.status NOT IN ('REJECTED','CANCELLED','TURNED_BACK','CROSSED');
        IF detail IS NOT NULL THEN outcome := 'plate-held'; RETURN; END IF;
        SELECT f.name, f.tax_code, f.open_declarations INTO firm_name, firm_tax_code, open_now
          FROM firms f WHERE f.id = p_firm FOR NO KEY UPDATE;
        IF open_now >= p_cap THEN outcome := 'cap-reached'; RETURN; END IF;
        INSERT INTO declarations (id, number, firm_id, gate, direction, status, current_version, expected_arrival,
                                  created_by, created_at, updated_at)
        VALUES (p_id, 'TK' || to_char(p_at AT TIME ZONE 'UTC', 'YYYY') || '-'
                      || lpad(nextval('declaration_number_seq')::text, 8, '0'),
                p_firm, p_gate, p_direction, p_status, 1, p_expected_arrival, p_created_by, p_at, p_at)
        RETURNING number INTO filed_number;
        INSERT INTO declaration_versions (declaration_id, version, content, note, created_by, created_at)
        VALUES (p_id, 1, p_content, NULL, p_created_by, p_at);
        INSERT INTO vehicles (id, declaration_id, ordinal, plate_key, plate, trailer_plate_key, status, updated_at)
        SELECT t.id, p_id, t.n - 1, t.plate_key, t.plate, t.trailer_plate_key, p_status, p_at
          FROM unnest(p_vehicle_ids, p_plate_keys, p_plates, p_trailer_plate_keys)
               WITH ORDINALITY AS t(id, plate_key, plate, trailer_plate_key, n);
        INSERT INTO audit_log (declaration_id, action, to_status, actor_id, actor_role, console, at)
        VALUES (p_id, 'create', p_status, p_actor_id, p_actor_role, p_console, p_at);
        INSERT INTO outbox (id, type, aggregate_id, payload, occurred_at, request_id)
        VALUES (p_event_id, p_event_type, p_id::text, p_event_payload, p_at, p_request_id);
        IF p_idempotency_key IS NOT NULL THEN
          INSERT INTO idempotency_keys (firm_id, key, request_hash, response_status, response_body, created_at)
          VALUES (p_firm, p_idempotency_key, p_request_hash, p_response_status,
                  p_response_body || jsonb_build_object('number', filed_number, 'firm',
                    jsonb_build_object('id', p_firm, 'name', firm_name, 'taxCode', firm_tax_code)),
                  p_at);
        END IF;
        outcome := 'created';
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP FUNCTION create_declaration');
    await q.query('DROP TRIGGER declarations_count_open_change ON declarations');
    await q.query('DROP TRIGGER declarations_count_open_insert ON declarations');
    await q.query('DROP FUNCTION declarations_count_open()');
    await q.query(
      `CREATE INDEX declarations_firm_active ON declarations (firm_id) WHERE status IN ('DRAFT','SUBMITTED','ACCEPTED','IN_QUEUE')`,
    );
    await q.query('ALTER TABLE firms DROP COLUMN open_declarations');
  }
}
