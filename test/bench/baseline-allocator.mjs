// Baseline for the check-in benchmark: a bare Fastify + pg allocator in one conditional statement (earliest
// window with a free place, SKIP LOCKED, increment, record the slot) and nothing else.
import Fastify from 'fastify';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 30 });
await pool.query(
  `CREATE TABLE IF NOT EXISTS bench_windows (gate text, direction text, start timestamptz, capacity int NOT NULL, issued int NOT NULL DEFAULT 0 CHECK (issued <= capacity), PRIMARY KEY (gate, direction, start))`,
);
await pool.query(
  `CREATE TABLE IF NOT EXISTS bench_slots (vehicle text PRIMARY KEY, gate text, direction text, window_start timestamptz)`,
);
// 14 days of 30-minute windows 07:00–19:00 local with the gates' nominal capacity, as the real service has.
await pool.query(`INSERT INTO bench_windows (gate, direction, start, capacity)
  SELECT g.gate, d.direction, s, g.cap FROM (VALUES ('HUU_NGHI', 36), ('TAN_THANH', 24)) g(gate, cap), (VALUES ('EXPORT'), ('IMPORT')) d(direction),
  generate_series(date_trunc('day', now()), date_trunc('day', now()) + interval '14 days', interval '30 minutes') s
  WHERE extract(hour FROM s AT TIME ZONE 'Asia/Ho_Chi_Minh') BETWEEN 7 AND 18 ON CONFLICT DO NOTHING`);
const ALLOCATE = `WITH w AS (
    SELECT gate, direction, start FROM bench_windows WHERE gate = $1 AND direction = $2 AND start > now() AND issued < capacity
    ORDER BY start LIMIT 1 FOR UPDATE SKIP LOCKED),
  u AS (UPDATE bench_windows b SET issued = b.issued + 1 FROM w WHERE b.gate = w.gate AND b.direction = w.direction AND b.start = w.start RETURNING b.start)
  INSERT INTO bench_slots (vehicle, gate, direction, window_start) SELECT $3, $1, $2, start FROM u RETURNING window_start`;
const app = Fastify();
app.get('/api/health', async () => ({ status: 'ok' }));
app.post('/api/check-ins', async (req, reply) => {
  const { gate, direction, plate } = req.body;
  const { rows } = await pool.query(ALLOCATE, [gate, direction, plate]);
  if (!rows[0]) return reply.status(409).send({ message: 'no window' });
  return reply.status(201).send({ plate, window: rows[0].window_start });
});
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
