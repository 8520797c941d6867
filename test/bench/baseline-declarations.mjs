// Baseline for the declaration benchmark: a bare Fastify + pg handler that stores the same JSON body,
// with the same idempotency key uniqueness, and nothing else (no auth, validation, versions, outbox).
import Fastify from 'fastify';
import pg from 'pg';
import { randomUUID } from 'node:crypto';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 20 });
await pool.query(
  `CREATE TABLE IF NOT EXISTS bench_declarations (id uuid PRIMARY KEY, firm_id text NOT NULL, key text NOT NULL, body jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), UNIQUE (firm_id, key))`,
);
const app = Fastify({ bodyLimit: 256 * 1024 });
app.get('/api/health', async () => ({ status: 'ok' }));
app.post('/api/declarations', async (req, reply) => {
  const id = randomUUID();
  const { rows } = await pool.query(
    'INSERT INTO bench_declarations (id, firm_id, key, body) VALUES ($1, $2, $3, $4) RETURNING id, created_at',
    [id, 'firm', req.headers['idempotency-key'], JSON.stringify(req.body)],
  );
  return reply.status(201).send({ ...req.body, ...rows[0] });
});
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
