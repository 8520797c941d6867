// Each benchmark measures the platform and, in the same run, its baseline; figures are per run.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { ADMIN, api, freePort, freshDatabase, INTERNAL_TOKEN, load, startPlatform, startProcess } from './lib.mjs';
import {
  acceptedVehicleEvents,
  declarationBody as buildDeclaration,
  uniqueTaxCode,
  uniqueVnPlate,
} from '../../libs/testing/src/builders.mjs';

/** A realistic declaration: 2 trucks of fresh fruit for export, one goods group. */
export const declarationBody = () => buildDeclaration({ vehicles: [{}, {}] });

/** Postgres's own single-row insert rate through node-postgres at the same concurrency: the write ceiling. */
export async function ceiling(serverUrl, o) {
  const db = await freshDatabase(serverUrl, 'ceiling');
  const pool = new pg.Pool({ connectionString: db.url, max: o.connections });
  // Dropping the database ends any connection the pool still holds; that is expected, not a crash.
  pool.on('error', () => {});
  try {
    await pool.query(
      'CREATE TABLE rows (id uuid PRIMARY KEY, body jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())',
    );
    const body = JSON.stringify(declarationBody());
    let n = 0;
    const end = performance.now() + o.duration * 1000;
    await Promise.all(
      Array.from({ length: o.connections }, async () => {
        while (performance.now() < end) {
          await pool.query('INSERT INTO rows (id, body) VALUES ($1, $2)', [randomUUID(), body]);
          n++;
        }
      }),
    );
    return { insertsPerSec: n / o.duration };
  } finally {
    await pool.end();
    await db.drop();
  }
}

/**
 * Authenticated POST /api/declarations (2 vehicles, one goods group, Idempotency-Key) vs the bare baseline.
 * `nodeArgs` go to the platform's node (`--cpu-prof`); `window` is given the measured load's start and end, in µs
 * since the platform was started (what of a CPU profile is the measurement), and with `window.sample(pid, dbUrl)`
 * what it returns at the start and at the end (`window.atStart`, `window.atEnd`: CPU time used, say). `script`:
 * another build of the platform (another checkout's `dist/apps/platform/src/main.js`), to compare two versions.
 */
export async function declarationSubmit(serverUrl, o, { nodeArgs = [], window = {}, script } = {}) {
  const db = await freshDatabase(serverUrl, 'decl');
  const started = performance.now();
  const platform = await startPlatform(db.url, {}, nodeArgs, script);
  try {
    // Sixteen firms filing at once, as on a busy morning (one firm's creates meet at its row, from cap check to commit).
    const tokens = [];
    for (let f = 0; f < 16; f++) {
      const reg = await api(platform.origin, '/auth/register', {
        body: {
          firmName: `Công ty Đo tải ${f}`,
          taxCode: uniqueTaxCode(),
          email: `bench${f}@firm.vn`,
          password: 'bench-password',
          phone: '0912345678',
        },
      });
      tokens.push(reg.accessToken);
    }
    let n = 0;
    const next = () => ({
      path: '/api/declarations',
      body: declarationBody(),
      headers: { authorization: `Bearer ${tokens[n++ % tokens.length]}`, 'idempotency-key': randomUUID() },
    });
    await load({ url: platform.origin, connections: 8, duration: 2, next }); // warm-up
    window.from = (performance.now() - started) * 1000;
    window.atStart = await window.sample?.(platform.child.pid, db.url);
    const r = await load({ url: platform.origin, connections: o.connections, duration: o.duration, next });
    window.atEnd = await window.sample?.(platform.child.pid, db.url);
    window.to = (performance.now() - started) * 1000;
    return r;
  } finally {
    await platform.stop();
    await db.drop();
  }
}

/** `window.sample` as for `declarationSubmit`. */
export async function declarationBaseline(serverUrl, o, { window = {} } = {}) {
  const db = await freshDatabase(serverUrl, 'decl_base');
  const port = await freePort();
  const proc = await startProcess(
    'test/bench/baseline-declarations.mjs',
    { DATABASE_URL: db.url, PORT: String(port) },
    `http://127.0.0.1:${port}/api/health`,
  );
  try {
    const next = () => ({
      path: '/api/declarations',
      body: declarationBody(),
      headers: { 'idempotency-key': randomUUID() },
    });
    await load({ url: `http://127.0.0.1:${port}`, connections: 8, duration: 2, next });
    window.atStart = await window.sample?.(proc.child.pid, db.url);
    const r = await load({ url: `http://127.0.0.1:${port}`, connections: o.connections, duration: o.duration, next });
    window.atEnd = await window.sample?.(proc.child.pid, db.url);
    return r;
  } finally {
    await proc.stop();
    await db.drop();
  }
}

const GATES = [
  ['HUU_NGHI', 'EXPORT'],
  ['HUU_NGHI', 'IMPORT'],
  ['TAN_THANH', 'EXPORT'],
  ['TAN_THANH', 'IMPORT'],
];

/** Concurrent check-ins of accepted vehicles over both gates and directions; then the invariants are checked. */
export async function checkIns(serverUrl, o) {
  const db = await freshDatabase(serverUrl, 'checkin');
  const platform = await startPlatform(db.url, { OUTBOX_RELAY: 'off' }, o.nodeArgs ?? []);
  try {
    const admin = await api(platform.origin, '/auth/login', { body: ADMIN });
    // Accepted vehicles reach the yard as the declaration service's relay delivers them: through its event endpoint.
    const { events: accepted, vehicles } = acceptedVehicleEvents(o.vehicles, {
      gate: (i) => GATES[i % GATES.length][0],
      direction: (i) => GATES[i % GATES.length][1],
      priority: (i) => i % 5 === 0,
      producer: 'bench',
    });
    for (let i = 0; i < accepted.length; i += 100) {
      const events = accepted.slice(i, i + 100);
      const res = await fetch(`${platform.origin}/api/internal/yard-queue/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${INTERNAL_TOKEN}` },
        body: JSON.stringify({ events }),
      });
      if (res.status !== 204) throw new Error(`seeding vehicles: HTTP ${res.status} ${await res.text()}`);
    }
    let i = 0;
    const next = () => {
      const v = vehicles[i++ % vehicles.length];
      return {
        path: '/api/check-ins',
        body: { gate: v.gate, plate: v.plate },
        headers: { authorization: `Bearer ${admin.accessToken}` },
      };
    };
    const r = await load({ url: platform.origin, connections: o.connections, amount: vehicles.length, next });
    // How the check-ins were filed: in one statement, or with the lane held throughout; and how often one was read again.
    const scraped = await (
      await fetch(`${platform.origin}/metrics`, { headers: { authorization: `Bearer ${INTERNAL_TOKEN}` } })
    ).text();
    const counted = (name) =>
      Object.fromEntries(
        [...scraped.matchAll(new RegExp(`^${name}\\{\\w+="([^"]+)"\\} (\\d+)`, 'gm'))].map((m) => [m[1], Number(m[2])]),
      );
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    const [over, dup, entries, mismatch] = await Promise.all([
      c.query('SELECT count(*)::int AS n FROM yard_queue.window_usage WHERE issued_total > capacity'),
      c.query(
        `SELECT count(*)::int AS n FROM (SELECT vehicle_id FROM yard_queue.queue_entries WHERE status = 'CHECKED_IN' GROUP BY vehicle_id HAVING count(*) > 1) x`,
      ),
      c.query(`SELECT count(*)::int AS n FROM yard_queue.queue_entries WHERE status = 'CHECKED_IN'`),
      c.query(`SELECT count(*)::int AS n FROM yard_queue.window_usage u WHERE issued_total <> (SELECT count(*) FROM yard_queue.queue_entries e
                 WHERE e.gate = u.gate AND e.direction = u.direction AND e.window_start = u.window_start AND e.status = 'CHECKED_IN')`),
    ]);
    await c.end();
    return {
      ...r,
      violations: over.rows[0].n + dup.rows[0].n + mismatch.rows[0].n,
      entries: entries.rows[0].n,
      paths: counted('queue_check_ins_total'),
      stale: counted('queue_check_ins_stale_total'),
    };
  } finally {
    await platform.stop();
    await db.drop();
  }
}

export async function checkInBaseline(serverUrl, o) {
  const db = await freshDatabase(serverUrl, 'checkin_base');
  const port = await freePort();
  const proc = await startProcess(
    'test/bench/baseline-allocator.mjs',
    { DATABASE_URL: db.url, PORT: String(port) },
    `http://127.0.0.1:${port}/api/health`,
  );
  try {
    let i = 0;
    const next = () => {
      const [gate, direction] = GATES[i % GATES.length];
      i++;
      return { path: '/api/check-ins', body: { gate, direction, plate: uniqueVnPlate() }, headers: {} };
    };
    const r = await load({ url: `http://127.0.0.1:${port}`, connections: o.connections, amount: o.vehicles, next });
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    const over = await c.query('SELECT count(*)::int AS n FROM bench_windows WHERE issued > capacity');
    await c.end();
    return { ...r, violations: over.rows[0].n };
  } finally {
    await proc.stop();
    await db.drop();
  }
}

/** Time from starting `npm start`'s entry point (built) to a healthy /api/health, fresh and existing data folder. */
export async function startup() {
  const dir = await mkdtemp(join(tmpdir(), 'cks-bench-start-'));
  await chmod(dir, 0o755);
  const port = await freePort();
  const pgPort = await freePort();
  const env = {
    PORT: String(port),
    DATA_DIR: join(dir, 'data'),
    EMBEDDED_PG_PORT: String(pgPort),
    DATABASE_URL: '',
    LOG_LEVEL: 'warn',
  };
  try {
    const fresh = await startProcess(
      'dist/apps/platform/src/main.js',
      env,
      `http://127.0.0.1:${port}/api/health`,
      120000,
    );
    await fresh.stop();
    const existing = await startProcess(
      'dist/apps/platform/src/main.js',
      env,
      `http://127.0.0.1:${port}/api/health`,
      120000,
    );
    await existing.stop();
    return { freshMs: fresh.readyMs, existingMs: existing.readyMs };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
