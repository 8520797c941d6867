import { join } from 'node:path';
import { tmpdir } from 'node:os';
import request from 'supertest';
import {
  ADMIN_ENV,
  createOfficer,
  createTestApp,
  freePort,
  login,
  type Session,
  sleep,
  TEST_ADMIN,
  type TestApp,
} from '#libs/testing/src/index.js';
import { connect, type RawSocket } from '../../apps/gateway/test/live-fixtures.js';
import { YARD_QUEUE_DB } from '../../apps/yard-queue/src/database/yard-queue-database.js';
import { YardQueueServiceModule } from '../../apps/yard-queue/src/yard-queue-service.module.js';
import { buildDist, GatewayProcess, gatewayEnv, killAllGateways } from './gateway-processes.js';

// Revocation in the production shape: two declaration-service processes (A and B) from dist/, the yard-queue
// service (this process) and a gateway process, on one fresh database. A user's tokens are revoked through
// process A (logout, password change, an administrator disabling the account); process B, the yard-queue and
// the gateway must refuse the old access token within a second, and the gateway ends the live socket.
const GATE = 'HUU_NGHI';
const LIMIT_MS = 1000;
/** The password `createOfficer` gives. */
const PASSWORD = 'officer-pass-1';
const DECLARATION_ENTRY = join(process.cwd(), 'dist/apps/declaration/src/main.js');

let t: TestApp;
let a: GatewayProcess, b: GatewayProcess, gateway: GatewayProcess;
let admin: Session;
const figures: string[] = [];

const via = (p: { url: string }) => () => request(p.url);
const bearer = (token: string) => `Bearer ${token}`;

/** Milliseconds until `refused()` holds, polled every 5 ms (fails past five seconds). */
async function timeUntil(refused: () => Promise<boolean>): Promise<number> {
  const start = Date.now();
  while (!(await refused())) {
    if (Date.now() - start > 5000) throw new Error('still accepted after 5 s');
    await sleep(5);
  }
  return Date.now() - start;
}

beforeAll(async () => {
  await buildDist();
  const [portA, portB, portGateway] = [await freePort(), await freePort(), await freePort()];
  const gatewayUrl = `http://127.0.0.1:${portGateway}`;
  t = await createTestApp({
    label: 'revocation',
    services: [YardQueueServiceModule],
    databases: [YARD_QUEUE_DB],
    env: { QUEUE_SWEEPER: 'off', DECLARATION_URL: `http://127.0.0.1:${portA}`, GATEWAY_URL: gatewayUrl },
  });
  const declarationEnv = (port: number) => ({
    ...gatewayEnv(t, port),
    ...ADMIN_ENV,
    DECLARATION_URL: `http://127.0.0.1:${port}`,
    GATEWAY_URL: gatewayUrl,
    LOGIN_RATE_LIMIT: '1000',
    DATA_DIR: join(tmpdir(), 'cks-revocation-test'),
  });
  a = new GatewayProcess('declaration-a', portA, declarationEnv(portA), DECLARATION_ENTRY);
  b = new GatewayProcess('declaration-b', portB, declarationEnv(portB), DECLARATION_ENTRY);
  gateway = new GatewayProcess('gateway', portGateway, gatewayEnv(t, portGateway));
  await Promise.all([a.start(), b.start(), gateway.start()]);
  admin = await login(via(a), TEST_ADMIN.email, TEST_ADMIN.password);
}, 240_000);

afterAll(async () => {
  process.stdout.write(`token revocation across processes (ms until refused):\n${figures.join('\n')}\n`);
  await killAllGateways();
  await t?.close();
});

/** The old token works everywhere; after `revoke` (through A) it is refused by B, the yard-queue and the gateway. */
async function expectRevokedEverywhere(name: string, officer: Session, revoke: () => Promise<void>) {
  const me = (p: GatewayProcess) => via(p)().get('/api/users/me').set('authorization', officer.auth);
  const yardQueue = () => t.http().get(`/api/gates/${GATE}/queue`).set('authorization', officer.auth);
  expect((await me(b)).status).toBe(200);
  expect((await yardQueue()).status).toBe(200);
  const socket: RawSocket = await connect(gateway.url, officer.token);
  const socketEnded = new Promise<number>((resolve) => socket.once('disconnect', () => resolve(Date.now())));

  const revokedAt = Date.now();
  await revoke();
  const answered = Date.now();
  const byA = (await me(a)).status;
  const byB = await timeUntil(async () => (await me(b)).status === 401);
  const byYard = await timeUntil(async () => (await yardQueue()).status === 401);
  const byGateway = await timeUntil(() =>
    connect(gateway.url, officer.token).then(
      (s) => (s.disconnect(), false),
      () => true,
    ),
  );
  const socketMs = (await socketEnded) - revokedAt;
  figures.push(
    `  ${name.padEnd(16)} A: ${byA}, B: ${byB} ms, yard-queue: ${byYard} ms, gateway connect: ${byGateway} ms, live socket ended: ${socketMs} ms (revocation answered in ${answered - revokedAt} ms)`,
  );
  expect(byA).toBe(401);
  expect(byB).toBeLessThan(LIMIT_MS);
  expect(byYard).toBeLessThan(LIMIT_MS);
  expect(byGateway).toBeLessThan(LIMIT_MS);
  expect(socketMs).toBeLessThan(LIMIT_MS);
}

it('logout through process A voids the access token in process B, the yard-queue and the gateway', async () => {
  const officer = await createOfficer(via(a), admin, 'YARD_OPERATOR', [GATE]);
  await expectRevokedEverywhere('logout', officer, async () => {
    const res = await via(a)()
      .post('/api/auth/logout')
      .set('authorization', officer.auth)
      .send({ refreshToken: officer.refreshToken });
    expect(res.status).toBe(204);
  });
  expect((await via(b)().post('/api/auth/refresh').send({ refreshToken: officer.refreshToken })).status).toBe(401);
}, 60_000);

it('a password change through process A voids the old tokens everywhere; the new pair works everywhere', async () => {
  const officer = await createOfficer(via(a), admin, 'YARD_OPERATOR', [GATE]);
  let fresh = '';
  await expectRevokedEverywhere('password change', officer, async () => {
    const res = await via(a)()
      .post('/api/auth/password')
      .set('authorization', officer.auth)
      .send({ currentPassword: PASSWORD, newPassword: 'mat-khau-moi-456' });
    expect(res.status).toBe(200);
    fresh = res.body.accessToken as string;
  });
  expect((await via(b)().get('/api/users/me').set('authorization', bearer(fresh))).status).toBe(200);
  expect((await t.http().get(`/api/gates/${GATE}/queue`).set('authorization', bearer(fresh))).status).toBe(200);
}, 60_000);

it('an administrator disabling the account through process A voids its tokens everywhere and stops its logins', async () => {
  const officer = await createOfficer(via(a), admin, 'YARD_OPERATOR', [GATE]);
  const email = (await via(a)().get('/api/users/me').set('authorization', officer.auth)).body.email as string;
  await expectRevokedEverywhere('account disabled', officer, async () => {
    const res = await via(a)()
      .patch(`/api/users/${officer.user.id}`)
      .set('authorization', admin.auth)
      .send({ disabled: true });
    expect(res.status).toBe(200);
  });
  expect((await via(b)().post('/api/auth/login').send({ email, password: PASSWORD })).status).toBe(403);
  expect((await via(b)().post('/api/auth/refresh').send({ refreshToken: officer.refreshToken })).status).toBe(401);
}, 60_000);
