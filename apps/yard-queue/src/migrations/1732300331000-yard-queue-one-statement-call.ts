import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A call in one statement, `queue_call(p)`, holding its lane only for that statement.
 *
 * The service reads the waiting entry (the one named, or the next in queue order), its history and the lane as the
 * call finds it (vehicles in the gate area, holds per agency) without a lock, applies the call with the domain's
 * rules and hands the outcome here. Under the lane's exclusive lock, as the locked path takes it, the function files
 * the call only if what it was decided on still holds:
 *  - the lane's schedule (the current window's places) and the gate's settings the call used (name, call reach,
 *    grace, delay threshold, suspension);
 *  - the entry is as it was read (locked, then compared: still waiting, same last write, no audit row since);
 *  - for "call the next", no waiting entry with a window comes before it in queue order;
 *  - the lane's gate area and holds are those the audit row records for the call.
 * Otherwise it returns `{"stale": "<what moved>"}` and writes nothing. Filed, it writes what the locked path writes:
 * the entry, its audit row, the call for the estimates (and their forecasts closed for scoring), the delays the call
 * closed, the gate's next version and the change's event stamped with it.
 */
export class YardQueueOneStatementCall1732300331000 implements MigrationInterface {
  name = 'YardQueueOneStatementCall1732300331000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE FUNCTION queue_call(p jsonb) RETURNS jsonb LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      DECLARE
        g text := p->>'gate';
        d text := p->>'direction';
        at timestamptz := (p->>'now')::timestamptz;
        e jsonb := p->'entry';
        s jsonb := p->'seen';
        eid uuid := (p->'entry'->>'id')::uuid;
        cur record;
        area record;
      BEGIN
        PERFORM 1 FROM gate_schedules WHERE gate = g AND direction = d AND schedule = p->'guard'->'schedule' FOR UPDATE;
        IF NOT FOUND THEN RETURN jsonb_build_object('stale', 'schedule'); END IF;
        IF queue_settings_moved(g, p->'guard') THEN RETURN jsonb_build_object('stale', 'gate'); END IF;
        SELECT status, window_start, checked_in_at, seq, date_trunc('milliseconds', updated_at) AS updated
          INTO cur FROM queue_entries WHERE id = eid AND gate = g AND direction = d FOR UPDATE;
        IF NOT FOUND OR cur.status <> 'CHECKED_IN' OR cur.updated <> (s->>'updatedAt')::timestamptz THEN
          RETURN jsonb_build_object('stale', 'entry');
        END IF;
        IF EXISTS (SELECT 1 FROM queue_audit WHERE entry_id = eid AND id > (s->>'lastAudit')::bigint) THEN
          RETURN jsonb_build_object('stale', 'entry');
        END IF;
        IF (p->>'next')::boolean AND EXISTS (
             SELECT 1 FROM queue_entries WHERE gate = g AND direction = d AND status = 'CHECKED_IN' AND window_start IS NOT NULL
                AND (window_start, checked_in_at, seq) < (cur.window_start, cur.checked_in_at, cur.seq)) THEN
          RETURN jsonb_build_object('stale', 'order');
        END IF;
        -- The lane as QueueTx.laneConditions reads it: vehicles in the gate area, and those held by each agency.
        SELECT count(*)::int AS in_area,
               count(*) FILTER (WHERE x.status = 'HELD' AND x.held_by = 'CUSTOMS')::int AS customs,
               count(*) FILTER (WHERE x.status = 'HELD' AND x.held_by = 'BORDER_GUARD')::int AS guard
          INTO area
          FROM (SELECT q.status, (SELECT h.actor_role FROM queue_audit h WHERE h.entry_id = q.id AND h.action = 'hold'
                                  ORDER BY h.id DESC LIMIT 1) AS held_by
                  FROM queue_entries q WHERE q.gate = g AND q.direction = d AND q.status IN ('CALLED','AT_GATE','HELD','CLEARED')) x;
        IF area.in_area <> (p->'lane'->>'inGateArea')::int OR area.customs <> (p->'lane'->>'heldByCustoms')::int
           OR area.guard <> (p->'lane'->>'heldByBorderGuard')::int THEN
          RETURN jsonb_build_object('stale', 'lane');
        END IF;
        UPDATE queue_entries SET status = e->>'status', called_at = (e->>'calledAt')::timestamptz,
            call_deadline = (e->>'callDeadline')::timestamptz, updated_at = at
          WHERE id = eid;
        INSERT INTO gate_calls (gate, direction, entry_id, called_at) VALUES (g, d, eid, at);
        UPDATE eta_forecasts SET called_at = at WHERE entry_id = eid AND called_at IS NULL AND withdrawn_at IS NULL;
        RETURN jsonb_build_object('version', queue_file_change(g, d, eid, at, p->'audit', p->'delays', p->'event'));
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP FUNCTION queue_call(jsonb)');
  }
}
