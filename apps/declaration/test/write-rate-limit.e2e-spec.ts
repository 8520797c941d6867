import { createTestApp, declarationBody, registerFirm, type TestApp } from '#libs/testing/src/index.js';
import { DECLARATION_DB } from '../src/database/declaration-database.js';
import { DeclarationServiceModule } from '../src/declaration-service.module.js';

let t: TestApp;
const http = () => t.http();

beforeAll(async () => {
  t = await createTestApp({
    label: 'write_rate',
    services: [DeclarationServiceModule],
    databases: [DECLARATION_DB],
    env: { OUTBOX_RELAY: 'off', WRITE_RATE_LIMIT_PER_FIRM: '5', WRITE_RATE_LIMIT_PER_IP: '30', WRITE_RATE_TTL: '60' },
  });
});
afterAll(() => t?.close());

const create = (auth: string) => http().post('/api/declarations').set('authorization', auth).send(declarationBody());

it('limits writes per firm, then per client IP, naming the problem and when to retry; reads stay open', async () => {
  // Every write from this address counts towards its 30, registrations included.
  const [a, b] = [await registerFirm(http), await registerFirm(http)];

  const burst = await Promise.all(Array.from({ length: 8 }, () => create(a.auth)));
  expect(burst.filter((r) => r.status === 201)).toHaveLength(5);
  const refused = burst.filter((r) => r.status !== 201);
  expect(refused).toHaveLength(3);
  for (const r of refused) {
    expect(r.status).toBe(429);
    expect(r.body).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED' });
    expect(r.body.message).toMatch(/^Quá nhiều yêu cầu ghi .* \d+ giây$/);
    expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
  }
  // Another firm behind the same address has its own allowance.
  for (let i = 0; i < 5; i++) expect((await create(b.auth)).status).toBe(201);
  // Reads are not limited.
  const reads = await Promise.all(
    Array.from({ length: 40 }, () => http().get('/api/declarations').set('authorization', a.auth)),
  );
  expect(reads.every((r) => r.status === 200)).toBe(true);
  // The address has used 2 + 8 + 5 = 15 of its 30: 15 more registrations pass, the next is refused.
  const registrations: number[] = [];
  for (let i = 0; i < 16; i++)
    registrations.push(
      await registerFirm(http).then(
        () => 201,
        (e: Error) => Number(/register failed: (\d+)/.exec(e.message)?.[1]),
      ),
    );
  expect(registrations.slice(0, 15).every((s) => s === 201)).toBe(true);
  expect(registrations[15]).toBe(429);
});

it('does not limit deliveries between services', async () => {
  const deliveries = await Promise.all(
    Array.from({ length: 25 }, () =>
      http()
        .post('/api/internal/declaration/events')
        .set('authorization', `Bearer ${t.config.internalToken}`)
        .send({ events: [] }),
    ),
  );
  expect(deliveries.every((r) => r.status < 300)).toBe(true);
});
