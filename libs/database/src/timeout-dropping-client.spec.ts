import net from 'node:net';
import pg from 'pg';
import { TimeoutDroppingClient } from './timeout-dropping-client.js';

/** Forwards to Postgres until `blackhole()`: from then on nothing gets through either way (a partition). */
async function partitionableProxy(target: URL) {
  let holed = false;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    sockets.add(client).add(upstream);
    client.on('data', (b) => holed || upstream.write(b));
    upstream.on('data', (b) => holed || client.write(b));
    for (const s of [client, upstream])
      s.on('error', () => undefined).on('close', () => (client.destroy(), upstream.destroy()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    blackhole: () => (holed = true),
    heal: () => (holed = false),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe('TimeoutDroppingClient', () => {
  const server = new URL(process.env.TEST_DATABASE_URL!);
  let proxy: Awaited<ReturnType<typeof partitionableProxy>>;
  let pool: pg.Pool;

  beforeEach(async () => {
    proxy = await partitionableProxy(server);
    const url = new URL(server);
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    pool = new pg.Pool({ connectionString: url.toString(), max: 1, query_timeout: 300, Client: TimeoutDroppingClient });
  });

  afterEach(async () => {
    await pool.end().catch(() => undefined);
    await proxy.close();
  });

  // Like TypeORM: a connection is checked out for a request and released without an error afterwards.
  async function failingQueryThenRelease(p: pg.Pool): Promise<void> {
    const client = await p.connect();
    client.on('error', () => undefined);
    await client.query('SELECT 1');
    proxy.blackhole();
    await expect(client.query('SELECT 2')).rejects.toThrow('Query read timeout');
    client.release();
    proxy.heal();
  }

  it('drops a connection whose answer never comes, so the next request gets a fresh one', async () => {
    const started = performance.now();
    await failingQueryThenRelease(pool);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(pool.totalCount).toBe(0);
    await expect(pool.query('SELECT 3 AS three')).resolves.toMatchObject({ rows: [{ three: 3 }] });
  });

  it('ends a transaction caught by the partition at once: its rollback does not wait for the network', async () => {
    const client = await pool.connect();
    client.on('error', () => undefined);
    await client.query('BEGIN');
    proxy.blackhole();
    await expect(client.query('SELECT 1')).rejects.toThrow('Query read timeout');
    const started = performance.now();
    await expect(client.query('ROLLBACK')).rejects.toThrow(/not queryable|terminated/);
    expect(performance.now() - started).toBeLessThan(100);
    client.release();
  });

  it('is needed: a plain pg client goes back to the pool and the next request waits behind the lost answer', async () => {
    const plain = new pg.Pool({ connectionString: pool.options.connectionString, max: 1, query_timeout: 300 });
    try {
      await failingQueryThenRelease(plain);
      expect(plain.totalCount).toBe(1);
      // The black-holed query never reached the server, so its answer never comes and the next one waits.
      await expect(plain.query('SELECT 3')).rejects.toThrow('Query read timeout');
    } finally {
      await plain.end().catch(() => undefined);
    }
  });

  it('survives its connection being terminated while checked out with no listener (a PostgreSQL restart)', async () => {
    const client = await pool.connect();
    const [{ pid }] = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows;
    const ended = new Promise((resolve) => client.once('end', resolve));
    // What a fast shutdown does to every session: FATAL 57P01 to a client that is between queries.
    const admin = new pg.Client({ connectionString: server.toString() });
    await admin.connect();
    try {
      await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    } finally {
      await admin.end();
    }
    await ended;
    // The client refuses further work, so its holder fails and releases it; the pool then opens a fresh one.
    await expect(client.query('SELECT 1')).rejects.toThrow();
    client.release(true);
    await expect(pool.query('SELECT 4 AS four')).resolves.toMatchObject({ rows: [{ four: 4 }] });
  });
});
