import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { type RateLimiterAbstract, RateLimiterMemory } from 'rate-limiter-flexible';
import type { DataSource } from 'typeorm';
import { createServiceDataSource } from '#libs/database/src/index.js';
import { SharedRateLimits, sharedRateLimiter } from '#libs/runtime/src/rate-limits.js';
import { createTestDatabase, declarationBody, freePort, registerFirm } from '#libs/testing/src/index.js';
import { DECLARATION_DB } from '../../apps/declaration/src/database/declaration-database.js';
import { DECLARATION_MIGRATIONS } from '../../apps/declaration/src/migrations/index.js';
import { buildDist, GatewayProcess, killAllGateways } from './gateway-processes.js';

// The production shape of the limits: two replicas of the declaration service, each its own process, on one
// database. A client that spreads its requests over both gets the limit once, not once per replica.
const ENTRY = join(process.cwd(), 'dist/apps/declaration/src/main.js');
let db: { url: string; drop(): Promise<void> };
let replicas: [GatewayProcess, GatewayProcess];

beforeAll(async () => {
  await buildDist();
  db = await createTestDatabase('shared_limits');
  const start = async (name: string) => {
    const port = await freePort();
    return new GatewayProcess(
      name,
      port,
      {
        NODE_ENV: 'test',
        DATABASE_URL: db.url,
        JWT_SECRET: 'test-secret-test-secret-test-secret-0123',
        INTERNAL_TOKEN: 'test-internal-token',
        PUBLIC_ORIGIN: `http://127.0.0.1:${port}`,
        DATA_DIR: join(tmpdir(), 'cks-shared-limits'),
        SEED_DEMO: 'false',
        OUTBOX_RELAY: 'off',
        LOGIN_RATE_LIMIT: '5',
        WRITE_RATE_LIMIT_PER_FIRM: '5',
        WRITE_RATE_LIMIT_PER_IP: '1000',
      },
      ENTRY,
    );
  };
  replicas = [await start('declaration-a'), await start('declaration-b')];
  // Started together: the second waits on the first's migrations (advisory lock).
  await Promise.all(replicas.map((r) => r.start()));
}, 300_000);

afterAll(async () => {
  await killAllGateways();
  await db?.drop();
});

/** Request i goes to replica a, b, a, b, … */
const alternate = (i: number) => request(replicas[i % 2].url);

it('counts login attempts from one client across both replicas: the sixth is refused, wherever it lands', async () => {
  const statuses: number[] = [];
  for (let i = 0; i < 7; i++)
    statuses.push(
      (
        await alternate(i)
          .post('/api/auth/login')
          .set('x-forwarded-for', '10.7.7.7')
          .send({ email: 'nobody@test.vn', password: 'x-wrong-1' })
      ).status,
    );
  expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
});

it("counts a firm's writes across both replicas: the sixth is refused with Retry-After", async () => {
  const firm = await registerFirm(() => alternate(0));
  const responses = [];
  for (let i = 0; i < 7; i++)
    responses.push(
      await alternate(i).post('/api/declarations').set('authorization', firm.auth).send(declarationBody()),
    );
  expect(responses.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 429, 429]);
  for (const r of responses.slice(5)) {
    expect(r.body).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED' });
    expect(r.body.message).toMatch(/^Quá nhiều yêu cầu ghi .* \d+ giây$/);
    expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
  }
});

describe('the shared counter itself', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = await createServiceDataSource({
      url: db.url,
      schema: DECLARATION_DB,
      migrations: DECLARATION_MIGRATIONS,
      applicationName: 'rate-limit-measure',
      poolSize: 2,
    }).initialize();
  });
  afterAll(() => (ds.isInitialized ? ds.destroy() : undefined));

  it("takes the write guard's limits in one statement, on the counters every replica shares", async () => {
    const limits = [
      { keyPrefix: 'ip', points: 3, duration: 60 },
      { keyPrefix: 'firm', points: 2, duration: 60 },
    ];
    const [a, b] = [new SharedRateLimits(ds, limits), new SharedRateLimits(ds, limits)];
    expect(await a.consume({ ip: '10.9.9.9', firm: 'f-one' })).toBe(0);
    expect(await b.consume({ ip: '10.9.9.9', firm: 'f-one' })).toBe(0);
    // The firm's third write, wherever it lands, is refused until the window ends; the address is at 3 of 3.
    const wait = await a.consume({ ip: '10.9.9.9', firm: 'f-one' });
    expect(wait).toBeGreaterThan(55_000);
    expect(wait).toBeLessThanOrEqual(60_000);
    const rows = await ds.query(
      `SELECT key, points FROM rate_limits WHERE key IN ('ip:10.9.9.9', 'firm:f-one') ORDER BY key`,
    );
    expect(rows).toEqual([
      { key: 'firm:f-one', points: 3 },
      { key: 'ip:10.9.9.9', points: 3 },
    ]);
    // Another firm behind the same address: its own allowance, but the address is now over its 3.
    expect(await b.consume({ ip: '10.9.9.9', firm: 'f-two' })).toBeGreaterThan(0);
    // Refused from memory once over: not counted again.
    expect(await a.consume({ firm: 'f-one' })).toBeGreaterThan(0);
    expect((await ds.query(`SELECT points FROM rate_limits WHERE key = 'firm:f-one'`))[0].points).toBe(3);
  });

  it('adds about one round trip to Postgres per write (measured), and falls back to memory when Postgres fails', async () => {
    // As the write guard does: the client IP's and the firm's counters, at once.
    const limits = (make: (o: { keyPrefix: string; points: number; duration: number }) => RateLimiterAbstract) => {
      const [ip, firm] = ['ip', 'firm'].map((keyPrefix) => make({ keyPrefix, points: 1_000_000, duration: 60 }));
      return (key: string) => Promise.all([ip.consume(key), firm.consume(key)]);
    };
    const time = async (write: (key: string) => Promise<unknown>) => {
      for (let i = 0; i < 50; i++) await write(`warm${i % 5}`);
      const ms: number[] = [];
      for (let i = 0; i < 1000; i++) {
        const t0 = process.hrtime.bigint();
        await write(`key${i % 20}`);
        ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
      ms.sort((a, b) => a - b);
      const at = (q: number) => ms[Math.floor(ms.length * q)].toFixed(3);
      return `mean ${(ms.reduce((a, b) => a + b, 0) / ms.length).toFixed(3)} ms, median ${at(0.5)} ms, p99 ${at(0.99)} ms`;
    };
    const pg = await time(limits((o) => sharedRateLimiter(ds, o)));
    const mem = await time(limits((o) => new RateLimiterMemory(o)));
    const both = ['ip', 'firm'].map((keyPrefix) => ({ keyPrefix, points: 1_000_000, duration: 60 }));
    const inOne = new SharedRateLimits(ds, both);
    const one = await time((key) => inOne.consume({ ip: key, firm: key }));
    process.stdout.write(
      `write limits per write (1000 sequential): Postgres ${pg}; both in one statement ${one}; in memory ${mem}\n`,
    );
    // A Postgres that is gone: the limit is still applied, by this process alone.
    await ds.destroy();
    const fallback = sharedRateLimiter(ds, { keyPrefix: 'down', points: 2, duration: 60 });
    await fallback.consume('x');
    await fallback.consume('x');
    await expect(fallback.consume('x')).rejects.toMatchObject({ remainingPoints: 0 });
    const combined = new SharedRateLimits(ds, [{ keyPrefix: 'down', points: 2, duration: 60 }]);
    expect(await combined.consume({ down: 'y' })).toBe(0);
    expect(await combined.consume({ down: 'y' })).toBe(0);
    expect(await combined.consume({ down: 'y' })).toBeGreaterThan(0);
  });
});
