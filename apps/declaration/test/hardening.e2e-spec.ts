import { createTestApp, declarationBody, registerFirm, type TestApp } from '#libs/testing/src/index.js';
import { DECLARATION_DB } from '../src/database/declaration-database.js';
import { DeclarationServiceModule } from '../src/declaration-service.module.js';

let t: TestApp;
const http = () => t.http();

beforeAll(async () => {
  t = await createTestApp({
    label: 'hardening',
    services: [DeclarationServiceModule],
    databases: [DECLARATION_DB],
    env: { MAX_ACTIVE_DECLARATIONS: '3', OUTBOX_RELAY: 'off', CORS_ORIGINS: 'https://cuakhau.example.vn' },
  });
});
afterAll(() => t?.close());

const create = (auth: string) => http().post('/api/declarations').set('authorization', auth).send(declarationBody());

it('caps the declarations a firm may have open at once, even when they arrive together', async () => {
  const firm = await registerFirm(http);
  const results = await Promise.all(Array.from({ length: 10 }, () => create(firm.auth)));
  expect(results.filter((r) => r.status === 201)).toHaveLength(3);
  const refused = results.filter((r) => r.status !== 201);
  expect(refused.every((r) => r.status === 409 && r.body.message.includes('3 tờ khai'))).toBe(true);
  // Closing one frees a place; another firm is not affected.
  const open = results.find((r) => r.status === 201)!.body.id;
  expect((await http().post(`/api/declarations/${open}/cancel`).set('authorization', firm.auth).send({})).status).toBe(
    200,
  );
  expect((await create(firm.auth)).status).toBe(201);
  expect((await create(firm.auth)).status).toBe(409);
  const other = await registerFirm(http);
  expect((await create(other.auth)).status).toBe(201);
});

it('sends security headers and allows only the configured browser origins', async () => {
  const res = await http().get('/api/health');
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['content-security-policy']).toContain("script-src 'self'");
  expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  const allowed = await http()
    .options('/api/declarations')
    .set('origin', 'https://cuakhau.example.vn')
    .set('access-control-request-method', 'POST');
  expect(allowed.headers['access-control-allow-origin']).toBe('https://cuakhau.example.vn');
  const foreign = await http()
    .options('/api/declarations')
    .set('origin', 'https://evil.example.com')
    .set('access-control-request-method', 'POST');
  expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
});

it('exposes Prometheus metrics and readiness details to the ops token only; status and liveness to anyone', async () => {
  const ops = `Bearer ${t.config.opsToken}`;
  for (const auth of [undefined, 'Bearer wrong-token', `Bearer ${t.config.opsToken}x`]) {
    const req = http().get('/metrics');
    const refused = await (auth ? req.set('authorization', auth) : req);
    expect(refused.status).toBe(401);
    expect(refused.text).not.toMatch(/http_request_duration_seconds/);
  }
  const anyone = await http().get('/api/health');
  expect({ status: anyone.status, body: anyone.body }).toEqual({ status: 200, body: { status: 'ok' } });
  const metrics = await http().get('/metrics').set('authorization', ops);
  expect(metrics.status).toBe(200);
  expect(metrics.text).toMatch(/http_request_duration_seconds_bucket\{[^}]*route="\/api\/health"/);
  expect(metrics.text).toMatch(/outbox_lag_events\{service="declaration",sink="yard-queue"\} \d+/);
  expect(metrics.text).toMatch(/outbox_oldest_pending_seconds\{service="declaration",sink="yard-queue"\} [\d.]+/);
  expect((await http().get('/api/health/live')).body).toEqual({ status: 'ok' });
  const ready = await http().get('/api/health').set('authorization', ops);
  expect(ready.status).toBe(200);
  expect(ready.body.info.outbox).toEqual({
    status: 'up',
    declaration: { 'yard-queue': { events: expect.any(Number), oldestSeconds: expect.any(Number) } },
  });
});

it('returns the request id and stores it with the events the request caused, for logs across services', async () => {
  const firm = await registerFirm(http);
  const res = await http()
    .post('/api/declarations')
    .set('authorization', firm.auth)
    .set('x-request-id', 'trace-7f3a-01')
    .send(declarationBody());
  expect(res.status).toBe(201);
  expect(res.headers['x-request-id']).toBe('trace-7f3a-01');
  const { default: pg } = await import('pg');
  const c = new pg.Client({ connectionString: t.databaseUrl });
  await c.connect();
  const { rows } = await c.query(`SELECT request_id FROM declaration.outbox WHERE aggregate_id = $1`, [res.body.id]);
  await c.end();
  expect(rows).toEqual([{ request_id: 'trace-7f3a-01' }]);
  // Without one, the platform makes one up and still returns it.
  expect((await http().get('/api/health')).headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
});
