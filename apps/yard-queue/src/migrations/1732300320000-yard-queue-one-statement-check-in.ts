import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A check-in in one statement, `queue_check_in(p)`, holding its lane only for that statement.
 *
 * The service reads the gate, the vehicle, its class's floor and the lane's usage without a lock, picks the window
 * with the domain's rules (`pickWindow`), and hands the decision here. Under the lane's lock, each query below sees
 * every change committed before it (a function's statements each take a new snapshot), and the function files the
 * check-in only if the decision still holds:
 *  - the lane's schedule and caps and the gate's suspension are the ones the decision was made on;
 *  - the vehicle is still accepted, as the copy the decision read (an amendment's copy written meanwhile, with a new
 *    driver say, is not checked in under the old one); its row is locked, so a withdrawal or an amendment waits for
 *    this check-in and then finds the truck in the queue;
 *  - no earlier waiting truck of the class waits without a window or holds one later than the one taken, and no
 *    truck of the class checked in after this one's time holds an earlier one (first in, first served);
 *  - the day is under its cap and the window has a place for the class (the conditional upsert `takePlace` uses).
 * The decision names several windows, in the order the rules would take them as each before fills up (a burst of
 * check-ins decides on the same usage and would otherwise all want the first): the first that passes is taken.
 * When none does it returns `{"stale": "<what moved>"}` and writes nothing; the service reads again or falls back to
 * the locked path. Filed, it writes what the locked path writes: the entry, its audit row, the place and the day's
 * count, the gate's next version, the fairness ledger's row and the event, the position stamped into both.
 */
export class YardQueueOneStatementCheckIn1732300320000 implements MigrationInterface {
  name = 'YardQueueOneStatementCheckIn1732300320000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE FUNCTION queue_check_in(p jsonb) RETURNS jsonb LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      DECLARE
        g text := p->>'gate';
        d text := p->>'direction';
        cls text := p->>'class';
        at timestamptz := (p->>'now')::timestamptz;
        e jsonb := p->'entry';
        a jsonb := p->'audit';
        lane record;
        settings record;
        fifo record;
        w jsonb;
        ws timestamptz;
        chosen jsonb;
        day_issued int;
        new_seq bigint;
        pos int;
        behind int;
        v bigint;
        ev jsonb;
      BEGIN
        SELECT schedule, daily_caps INTO lane FROM gate_schedules WHERE gate = g AND direction = d FOR UPDATE;
        IF NOT FOUND OR lane.schedule IS DISTINCT FROM p->'guard'->'schedule'
           OR lane.daily_caps IS DISTINCT FROM p->'guard'->'dailyCaps' THEN
          RETURN jsonb_build_object('stale', 'schedule');
        END IF;
        SELECT name, call_reach_minutes, suspension_reason,
               date_trunc('milliseconds', suspended_from) AS sf, date_trunc('milliseconds', suspended_until) AS su
          INTO settings FROM gates WHERE code = g;
        IF settings.sf IS DISTINCT FROM (p->'guard'->>'suspendedFrom')::timestamptz
           OR settings.su IS DISTINCT FROM (p->'guard'->>'suspendedUntil')::timestamptz
           OR (settings.sf IS NOT NULL AND COALESCE(settings.suspension_reason, '') <> p->'guard'->>'suspensionReason')
           OR settings.name IS DISTINCT FROM p->'guard'->>'name'
           OR settings.call_reach_minutes IS DISTINCT FROM (p->'guard'->>'callReachMinutes')::int THEN
          RETURN jsonb_build_object('stale', 'gate');
        END IF;
        PERFORM 1 FROM vehicles
         WHERE vehicle_id = (e->>'vehicleId')::uuid AND status = 'ACCEPTED' AND gate = g AND snapshot = e->'snapshot'
           FOR UPDATE;
        IF NOT FOUND THEN RETURN jsonb_build_object('stale', 'vehicle'); END IF;
        -- First in, first served within the class: the windows of the trucks checked in up to this one's time (none
        -- may wait without one) and the earliest of those checked in after it bound the window it may take.
        SELECT bool_or(window_start IS NULL) FILTER (WHERE checked_in_at <= at) AS unslotted,
               max(window_start) FILTER (WHERE checked_in_at <= at) AS floor,
               min(window_start) FILTER (WHERE checked_in_at > at) AS ceiling
          INTO fifo FROM queue_entries
         WHERE gate = g AND direction = d AND status = 'CHECKED_IN' AND priority_class = cls AND not_before IS NULL;
        IF fifo.unslotted THEN RETURN jsonb_build_object('stale', 'order'); END IF;
        -- The windows in the order the decision would take them: the first with a place for the class is taken.
        FOR w IN SELECT value FROM jsonb_array_elements(p->'windows') LOOP
          ws := (w->>'start')::timestamptz;
          IF fifo.ceiling < ws THEN RETURN jsonb_build_object('stale', 'order'); END IF;
          CONTINUE WHEN fifo.floor > ws;
          IF w->>'dayCap' IS NOT NULL THEN
            SELECT issued INTO day_issued FROM day_usage WHERE gate = g AND direction = d AND day = (w->>'day')::date;
            CONTINUE WHEN COALESCE(day_issued, 0) >= (w->>'dayCap')::int;
          END IF;
          INSERT INTO window_usage AS u (gate, direction, window_start, window_end, capacity, reserved, issued_total, issued_general)
          VALUES (g, d, ws, (w->>'end')::timestamptz, (w->>'capacity')::int, (w->>'reserved')::int, 1,
                  CASE cls WHEN 'GENERAL' THEN 1 ELSE 0 END)
          ON CONFLICT (gate, direction, window_start) DO UPDATE
            SET issued_total = u.issued_total + 1, issued_general = u.issued_general + EXCLUDED.issued_general,
                capacity = EXCLUDED.capacity, reserved = EXCLUDED.reserved, window_end = EXCLUDED.window_end
            WHERE u.issued_total < EXCLUDED.capacity
              AND (EXCLUDED.issued_general = 0 OR (w->>'released')::boolean OR u.issued_general < EXCLUDED.capacity - EXCLUDED.reserved);
          IF FOUND THEN
            chosen := w;
            EXIT;
          END IF;
        END LOOP;
        IF chosen IS NULL THEN RETURN jsonb_build_object('stale', 'window'); END IF;
        INSERT INTO day_usage (gate, direction, day, cap, issued) VALUES (g, d, (chosen->>'day')::date, (chosen->>'dayCap')::int, 1)
        ON CONFLICT (gate, direction, day) DO UPDATE SET issued = day_usage.issued + 1,
          cap = CASE WHEN EXCLUDED.cap IS NULL THEN NULL ELSE GREATEST(EXCLUDED.cap, day_usage.issued + 1) END;
        INSERT INTO queue_entries (id, vehicle_id, gate, direction, plate_key, priority_class, status, snapshot, checked_in_at,
          checked_in_by, window_start, window_end, quarantine_required, updated_at)
        VALUES ((e->>'id')::uuid, (e->>'vehicleId')::uuid, g, d, e->>'plateKey', cls, 'CHECKED_IN', e->'snapshot', at,
          (e->>'checkedInBy')::uuid, ws, (chosen->>'end')::timestamptz, (e->>'quarantineRequired')::boolean, at)
        RETURNING seq INTO new_seq;
        INSERT INTO queue_audit (entry_id, gate, action, from_status, to_status, actor_id, actor_role, console, note, at, context)
        VALUES ((e->>'id')::uuid, g, 'check-in', 'ACCEPTED', 'CHECKED_IN', (a->>'actorId')::uuid, a->>'actorRole',
          a->>'console', NULL, at, NULL);
        SELECT count(*) FILTER (WHERE (COALESCE(window_start, 'infinity'), checked_in_at, seq) < (ws, at, new_seq))::int + 1,
               count(*) FILTER (WHERE (COALESCE(window_start, 'infinity'), checked_in_at, seq) > (ws, at, new_seq))::int
          INTO pos, behind FROM queue_entries
         WHERE gate = g AND direction = d AND status = 'CHECKED_IN' AND seq <> new_seq;
        UPDATE gates SET version = version + 1, updated_at = at WHERE code = g RETURNING version INTO v;
        INSERT INTO queue_order_changes (gate, direction, entry_id, plate, reason, window_before, window_after, position, version, at)
        VALUES (g, d, (e->>'id')::uuid, e->'snapshot'->>'plate',
          CASE WHEN cls = 'PRIORITY' AND behind > 0 THEN p->'ledger'->>'reasonAhead' ELSE p->'ledger'->>'reason' END,
          NULL, ws, pos, v, at);
        -- The event as the service wrote it, with what only this statement knows: the version, the window, the position.
        ev := p->'event'->'payload';
        ev := jsonb_set(jsonb_set(ev, '{version}', to_jsonb(v)), '{gateState,version}', to_jsonb(v));
        ev := jsonb_set(jsonb_set(ev, '{entries,0,position}', to_jsonb(pos)), '{entries,0,window}',
                        jsonb_build_object('start', chosen->'start', 'end', chosen->'end'));
        INSERT INTO outbox (id, type, aggregate_id, payload, occurred_at, request_id)
        VALUES ((p->'event'->>'id')::uuid, 'queue.changed', g, ev, at, p->'event'->>'requestId');
        RETURN jsonb_build_object('seq', new_seq, 'version', v, 'position', pos, 'window', chosen->'start');
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP FUNCTION queue_check_in(jsonb)');
  }
}
