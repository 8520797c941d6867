import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A gate action past the call (arrive, confirm, hold, release, turn back, cross) in one statement, `queue_act(p)`.
 *
 * The service reads the entry, its trail and the gate's suspensions without a lock, applies the action with the
 * domain's rules (the state machine, the clearing on the last confirmation, the delays the action closes) and hands
 * the outcome here. The function holds the lane in share mode, as the locked path does, and files the outcome only if
 * what it was decided on still holds:
 *  - the gate's name, call reach, delay threshold and suspension are the ones the decision used;
 *  - the entry is as it was read: its row is locked, then its status, confirmations, unreached-call mark and last
 *    write time are compared, and no audit row was added to it since (every action on an entry adds one, so a change
 *    and its undoing in between are seen too).
 * Otherwise it returns `{"stale": "<what moved>"}` and writes nothing; the service reads again, and after a few tries
 * takes the locked path. Filed, it writes what the locked path writes: the entry, its audit row, the delays the action
 * closed, the gate's next version and the change's event stamped with it.
 */
export class YardQueueOneStatementGateAction1732300330000 implements MigrationInterface {
  name = 'YardQueueOneStatementGateAction1732300330000';

  async up(q: QueryRunner): Promise<void> {
    // Whether a gate's settings moved from those a decision used (`guard`); shared with `queue_call`.
    await q.query(`CREATE FUNCTION queue_settings_moved(g text, guard jsonb) RETURNS boolean LANGUAGE sql STABLE
      SET search_path FROM CURRENT AS $$
      SELECT NOT EXISTS (SELECT 1 FROM gates WHERE code = g
         AND date_trunc('milliseconds', suspended_from) IS NOT DISTINCT FROM (guard->>'suspendedFrom')::timestamptz
         AND date_trunc('milliseconds', suspended_until) IS NOT DISTINCT FROM (guard->>'suspendedUntil')::timestamptz
         AND (suspended_from IS NULL OR COALESCE(suspension_reason, '') = guard->>'suspensionReason')
         AND name IS NOT DISTINCT FROM guard->>'name'
         AND call_reach_minutes IS NOT DISTINCT FROM (guard->>'callReachMinutes')::int
         AND delay_attribution_minutes IS NOT DISTINCT FROM (guard->>'delayAttributionMinutes')::int
         AND (guard->'graceMinutes' IS NULL OR grace_minutes = (guard->>'graceMinutes')::int))
    $$`);
    // The end of a one-entry change decided elsewhere, shared with `queue_call`: the audit row, the delays closed,
    // the gate's next version and the event with it stamped in. Returns the version.
    await q.query(`CREATE FUNCTION queue_file_change(g text, d text, eid uuid, at timestamptz, a jsonb, delays jsonb,
        event jsonb) RETURNS bigint LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      DECLARE
        v bigint;
      BEGIN
        INSERT INTO queue_audit (entry_id, gate, action, from_status, to_status, actor_id, actor_role, console, note, at, context)
        VALUES (eid, g, a->>'action', a->>'from', a->>'to', (a->>'actorId')::uuid, a->>'actorRole', a->>'console',
          a->>'note', at, NULLIF(a->'context', 'null'::jsonb));
        INSERT INTO delay_attributions (entry_id, gate, direction, firm_id, segment, started_at, ended_at, minutes, party,
          agency, reason, reason_params, no_show_waived, recorded_at)
        SELECT eid, g, d, x.firm_id, x.segment, x.started_at, x.ended_at, x.minutes, x.party, x.agency, x.reason,
               x.reason_params, x.no_show_waived, at
          FROM jsonb_to_recordset(delays) AS x (firm_id uuid, segment text, started_at timestamptz,
            ended_at timestamptz, minutes int, party text, agency text, reason text, reason_params jsonb, no_show_waived boolean);
        UPDATE gates SET version = version + 1, updated_at = at WHERE code = g RETURNING version INTO v;
        INSERT INTO outbox (id, type, aggregate_id, payload, occurred_at, request_id)
        VALUES ((event->>'id')::uuid, 'queue.changed', g,
          jsonb_set(jsonb_set(event->'payload', '{version}', to_jsonb(v)), '{gateState,version}', to_jsonb(v)), at,
          event->>'requestId');
        RETURN v;
      END $$`);
    await q.query(`CREATE FUNCTION queue_act(p jsonb) RETURNS jsonb LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      DECLARE
        g text := p->>'gate';
        d text := p->>'direction';
        at timestamptz := (p->>'now')::timestamptz;
        e jsonb := p->'entry';
        s jsonb := p->'seen';
        eid uuid := (p->'entry'->>'id')::uuid;
        cur record;
      BEGIN
        PERFORM 1 FROM gate_schedules WHERE gate = g AND direction = d FOR SHARE;
        IF NOT FOUND THEN RETURN jsonb_build_object('stale', 'schedule'); END IF;
        IF queue_settings_moved(g, p->'guard') THEN RETURN jsonb_build_object('stale', 'gate'); END IF;
        SELECT status, confirmations, date_trunc('milliseconds', call_unreached_at) AS unreached,
               date_trunc('milliseconds', updated_at) AS updated
          INTO cur FROM queue_entries WHERE id = eid AND gate = g FOR UPDATE;
        -- Locked, the row is the latest; the audit rows are read by a statement of their own, which sees every
        -- change committed before the lock was granted.
        IF NOT FOUND OR cur.status <> s->>'status' OR cur.confirmations <> s->'confirmations'
           OR cur.unreached IS DISTINCT FROM (s->>'callUnreachedAt')::timestamptz
           OR cur.updated <> (s->>'updatedAt')::timestamptz THEN
          RETURN jsonb_build_object('stale', 'entry');
        END IF;
        IF EXISTS (SELECT 1 FROM queue_audit WHERE entry_id = eid AND id > (s->>'lastAudit')::bigint) THEN
          RETURN jsonb_build_object('stale', 'entry');
        END IF;
        UPDATE queue_entries SET status = e->>'status', confirmations = e->'confirmations', held_by = e->>'heldBy',
            arrived_at = (e->>'arrivedAt')::timestamptz, cleared_at = (e->>'clearedAt')::timestamptz,
            closed_at = (e->>'closedAt')::timestamptz, updated_at = at
          WHERE id = eid;
        RETURN jsonb_build_object('version', queue_file_change(g, d, eid, at, p->'audit', p->'delays', p->'event'));
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP FUNCTION queue_act(jsonb)');
    await q.query('DROP FUNCTION queue_file_change(text, text, uuid, timestamptz, jsonb, jsonb, jsonb)');
    await q.query('DROP FUNCTION queue_settings_moved(text, jsonb)');
  }
}
