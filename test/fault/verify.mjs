// What must hold after the faults, read straight from PostgreSQL (never through the proxy or the services):
// acknowledged writes are there, retried idempotent requests made one declaration, the slot invariants hold,
// and every event reached its consumer (the relays caught up).
import { sleep } from './cluster.mjs';
import { plateKey } from './client.mjs';

const ACTIVE = `('CHECKED_IN','CALLED','AT_GATE','HELD','CLEARED')`;

/** Acknowledged writes missing from the database, and declarations created twice by retried requests. */
export async function checkLedger(db, ledger) {
  const recs = ledger.records;
  const createdIds = recs.filter((r) => r.id).map((r) => r.id);
  const submitted = recs.filter((r) => r.acked.submit).map((r) => r.id);
  const accepted = recs.filter((r) => r.acked.accept).map((r) => r.id);
  const entries = recs.flatMap((r) => r.checkIns.filter((c) => c.entryId).map((c) => c.entryId));
  const q = async (sql, params) => (await db.query(sql, params)).rows;
  const found = new Set(
    (await q('SELECT id FROM declaration.declarations WHERE id = ANY($1::uuid[])', [createdIds])).map((r) => r.id),
  );
  const sub = new Set(
    (
      await q(
        `SELECT DISTINCT declaration_id AS id FROM declaration.audit_log WHERE action = 'submit' AND vehicle_id IS NULL AND declaration_id = ANY($1::uuid[])`,
        [submitted],
      )
    ).map((r) => r.id),
  );
  const acc = new Set(
    (
      await q(
        `SELECT DISTINCT declaration_id AS id FROM declaration.audit_log WHERE action = 'accept' AND vehicle_id IS NULL AND declaration_id = ANY($1::uuid[])`,
        [accepted],
      )
    ).map((r) => r.id),
  );
  const ent = new Set(
    (await q('SELECT id FROM yard_queue.queue_entries WHERE id = ANY($1::uuid[])', [entries])).map((r) => r.id),
  );
  const lost = {
    creates: createdIds.filter((id) => !found.has(id)),
    submits: submitted.filter((id) => !sub.has(id)),
    accepts: accepted.filter((id) => !acc.has(id)),
    checkIns: entries.filter((id) => !ent.has(id)),
  };
  // Every logical request has plates of its own: two declarations holding one of them is a duplicate.
  const keys = recs.flatMap((r) => r.plates.map(plateKey));
  const dup = await q(
    `SELECT plate_key, count(DISTINCT declaration_id)::int AS n, array_agg(DISTINCT declaration_id) AS ids
       FROM declaration.vehicles WHERE plate_key = ANY($1::text[]) GROUP BY plate_key HAVING count(DISTINCT declaration_id) > 1`,
    [keys],
  );
  // The stored answer of each key is the declaration the client was given.
  const stored = await q(
    `SELECT key, response_body->>'id' AS id FROM declaration.idempotency_keys WHERE key = ANY($1::text[])`,
    [recs.map((r) => r.key)],
  );
  const byKey = new Map(recs.map((r) => [r.key, r]));
  const wrongReplay = stored.filter((s) => byKey.get(s.key)?.id && byKey.get(s.key).id !== s.id);
  const clientDup = recs.filter((r) => new Set(r.ids).size > 1);
  const losses = Object.values(lost).reduce((n, l) => n + l.length, 0);
  return {
    losses,
    lost,
    duplicates: dup.reduce((n, d) => n + d.n - 1, 0) + clientDup.length + wrongReplay.length,
    duplicateDetail: {
      byPlate: dup.slice(0, 10),
      clientSawTwoIds: clientDup.slice(0, 10).map((r) => ({ key: r.key, ids: r.ids })),
      wrongReplay: wrongReplay.slice(0, 10),
    },
  };
}

/** The slot invariants (DESIGN §5), whatever happened: no window over capacity, one active entry per vehicle. */
export async function checkInvariants(db) {
  const one = async (sql) => (await db.query(sql)).rows[0].n;
  return {
    windowsOverCapacity: await one(
      'SELECT count(*)::int AS n FROM yard_queue.window_usage WHERE issued_total > capacity OR issued_general > issued_total',
    ),
    daysOverCap: await one(
      'SELECT count(*)::int AS n FROM yard_queue.day_usage WHERE cap IS NOT NULL AND issued > cap',
    ),
    vehiclesWithTwoActiveEntries: await one(
      `SELECT count(*)::int AS n FROM (SELECT vehicle_id FROM yard_queue.queue_entries WHERE status IN ${ACTIVE} GROUP BY vehicle_id HAVING count(*) > 1) x`,
    ),
    usageMismatches: await one(
      `SELECT count(*)::int AS n FROM yard_queue.window_usage u WHERE issued_total <> (SELECT count(*) FROM yard_queue.queue_entries e
         WHERE e.gate = u.gate AND e.direction = u.direction AND e.window_start = u.window_start AND e.status IN ${ACTIVE})`,
    ),
  };
}

/**
 * Events not (yet) applied by their consumers: accepted vehicles the yard does not know, queue entries whose
 * state the declaration service does not show, gates whose live log is behind, and undelivered outbox rows.
 */
export async function eventGaps(db, { gateway }) {
  const rows = async (sql) => (await db.query(sql)).rows;
  const notInYard = await rows(
    `SELECT v.id FROM declaration.vehicles v
      WHERE NOT v.removed AND v.status NOT IN ('DRAFT','SUBMITTED','REJECTED','CANCELLED')
        AND NOT EXISTS (SELECT 1 FROM yard_queue.vehicles y WHERE y.vehicle_id = v.id AND y.status = 'ACCEPTED')`,
  );
  // The latest entry of each vehicle, against the declaration service's view of that vehicle.
  const notInDeclaration = await rows(
    `SELECT e.id, e.vehicle_id, e.status, d.status AS declaration_status, d.queue->>'entryId' AS seen_entry
       FROM (SELECT DISTINCT ON (vehicle_id) * FROM yard_queue.queue_entries ORDER BY vehicle_id, seq DESC) e
       LEFT JOIN declaration.vehicles d ON d.id = e.vehicle_id
      WHERE d.id IS NULL
         OR d.status <> CASE WHEN e.status = 'NO_SHOW' THEN 'ACCEPTED' ELSE e.status END
         OR (e.status <> 'NO_SHOW' AND d.queue->>'entryId' IS DISTINCT FROM e.id::text)
         OR (e.status IN ${ACTIVE} AND (d.queue->'window'->>'start')::timestamptz IS DISTINCT FROM e.window_start)`,
  );
  const outbox = await rows(
    `SELECT (SELECT count(*)::int FROM declaration.outbox_pending) AS declaration,
            (SELECT count(*)::int FROM yard_queue.outbox_pending) AS yard_queue`,
  );
  const gatewayBehind = gateway
    ? await rows(
        `SELECT g.code, g.version, s.version AS live_version FROM yard_queue.gates g
           LEFT JOIN gateway.queue_streams s ON s.gate = g.code
          WHERE g.version > 0 AND (s.version IS NULL OR s.version <> g.version)`,
      )
    : [];
  const n =
    notInYard.length + notInDeclaration.length + gatewayBehind.length + outbox[0].declaration + outbox[0].yard_queue;
  return {
    n,
    notInYard: notInYard.length,
    notInDeclaration: notInDeclaration.length,
    gatewayBehind: gatewayBehind.length,
    outbox: outbox[0],
    sample: { notInYard: notInYard.slice(0, 5), notInDeclaration: notInDeclaration.slice(0, 5), gatewayBehind },
  };
}

/** Waits until every consumer has caught up (no gap left) or `timeoutMs`; returns the time it took and the last gaps. */
export async function catchUp(db, o, timeoutMs = 30000) {
  const started = performance.now();
  for (;;) {
    let gaps;
    try {
      gaps = await eventGaps(db, o);
    } catch (e) {
      gaps = { n: -1, error: e.message };
    }
    if (gaps.n === 0) return { ms: Math.round(performance.now() - started), gaps };
    if (performance.now() - started > timeoutMs) return { ms: null, gaps };
    await sleep(200);
  }
}
