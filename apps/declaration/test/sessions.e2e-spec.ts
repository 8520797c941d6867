import { ManualClock } from '#libs/clock/src/index.js';
import { ADMIN_ENV, login, registerFirm, TEST_ADMIN, type TestApp, createTestApp } from '#libs/testing/src/index.js';
import { DECLARATION_DB } from '../src/database/declaration-database.js';
import { DeclarationServiceModule } from '../src/declaration-service.module.js';

// Refresh-token rotation with a grace for concurrent use, and theft detection after it; the revocations of
// logout, password change and a disabled account within one process (across processes: test/live).
const clock = new ManualClock(new Date());
let t: TestApp;
const http = () => t.http();

beforeAll(async () => {
  t = await createTestApp({
    label: 'sessions',
    services: [DeclarationServiceModule],
    databases: [DECLARATION_DB],
    clock,
    env: { ...ADMIN_ENV, REFRESH_REUSE_GRACE: '30', LOGIN_RATE_LIMIT: '1000' },
  });
});
afterAll(() => t?.close());

const refresh = (refreshToken: string) => http().post('/api/auth/refresh').send({ refreshToken });
const me = (accessToken: string) => http().get('/api/users/me').set('authorization', `Bearer ${accessToken}`);

describe('refresh-token rotation', () => {
  it('accepts the same token refreshed at once by several tabs, each getting a working pair, without ending the session', async () => {
    const firm = await registerFirm(http);
    const answers = await Promise.all(Array.from({ length: 5 }, () => refresh(firm.refreshToken)));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    // Each tab carries on with what it got: every new refresh token and access token works.
    for (const r of answers) expect((await me(r.body.accessToken as string)).status).toBe(200);
    const next = await Promise.all(answers.map((r) => refresh(r.body.refreshToken as string)));
    expect(next.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
  });

  it('revokes the whole family when a rotated token is replayed after the grace, and only that family', async () => {
    const firm = await registerFirm(http);
    const first = await refresh(firm.refreshToken);
    const current = await refresh(first.body.refreshToken as string);
    expect(current.status).toBe(200);
    const elsewhere = await http()
      .post('/api/auth/login')
      .send({ email: (await me(firm.token)).body.email, password: 'matkhau-123' });
    expect(elsewhere.status).toBe(200);

    clock.advance(31_000);
    const replay = await refresh(firm.refreshToken);
    expect(replay.status).toBe(401);
    // The thief's replay ended the family: the legitimate holder's newest token is refused too…
    expect((await refresh(current.body.refreshToken as string)).status).toBe(401);
    // …while the user's other login is not concerned.
    expect((await refresh(elsewhere.body.refreshToken as string)).status).toBe(200);
  });

  it('accepts a rotated token within the grace even after the clock moved, and refuses it once the grace is over', async () => {
    const firm = await registerFirm(http);
    expect((await refresh(firm.refreshToken)).status).toBe(200);
    clock.advance(29_000);
    expect((await refresh(firm.refreshToken)).status).toBe(200);
    clock.advance(2_000);
    expect((await refresh(firm.refreshToken)).status).toBe(401);
  });
});

describe('revocation', () => {
  it('logout voids the access tokens issued so far and the session’s refresh tokens', async () => {
    const firm = await registerFirm(http);
    const res = await http()
      .post('/api/auth/logout')
      .set('authorization', firm.auth)
      .send({ refreshToken: firm.refreshToken });
    expect(res.status).toBe(204);
    expect((await me(firm.token)).status).toBe(401);
    expect((await refresh(firm.refreshToken)).status).toBe(401);
  });

  it('a password change voids every session and gives the caller a new one; the old password no longer works', async () => {
    const firm = await registerFirm(http);
    const email = (await me(firm.token)).body.email as string;
    const second = await login(http, email, 'matkhau-123');
    const wrong = await http()
      .post('/api/auth/password')
      .set('authorization', firm.auth)
      .send({ currentPassword: 'not-it-123', newPassword: 'mat-khau-moi-456' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors[0].field).toBe('currentPassword');
    const changed = await http()
      .post('/api/auth/password')
      .set('authorization', firm.auth)
      .send({ currentPassword: 'matkhau-123', newPassword: 'mat-khau-moi-456' });
    expect(changed.status).toBe(200);
    expect((await me(firm.token)).status).toBe(401);
    expect((await me(second.token)).status).toBe(401);
    expect((await refresh(second.refreshToken)).status).toBe(401);
    expect((await me(changed.body.accessToken as string)).status).toBe(200);
    expect((await refresh(changed.body.refreshToken as string)).status).toBe(200);
    expect((await http().post('/api/auth/login').send({ email, password: 'matkhau-123' })).status).toBe(401);
    expect((await http().post('/api/auth/login').send({ email, password: 'mat-khau-moi-456' })).status).toBe(200);
  });

  it('an administrator disabling an account ends its sessions and stops its logins until enabled again', async () => {
    const admin = await login(http, TEST_ADMIN.email, TEST_ADMIN.password);
    const firm = await registerFirm(http);
    const email = (await me(firm.token)).body.email as string;
    const notAdmin = await http()
      .patch(`/api/users/${firm.user.id}`)
      .set('authorization', firm.auth)
      .send({ disabled: true });
    expect(notAdmin.status).toBe(403);
    const disabled = await http()
      .patch(`/api/users/${firm.user.id}`)
      .set('authorization', admin.auth)
      .send({ disabled: true });
    expect(disabled.status).toBe(200);
    expect(disabled.body.disabled).toBe(true);
    expect((await me(firm.token)).status).toBe(401);
    expect((await refresh(firm.refreshToken)).status).toBe(401);
    expect((await http().post('/api/auth/login').send({ email, password: 'matkhau-123' })).status).toBe(403);
    const self = await http()
      .patch(`/api/users/${admin.user.id}`)
      .set('authorization', admin.auth)
      .send({ disabled: true });
    expect(self.status).toBe(409);
    await http().patch(`/api/users/${firm.user.id}`).set('authorization', admin.auth).send({ disabled: false });
    expect((await http().post('/api/auth/login').send({ email, password: 'matkhau-123' })).status).toBe(200);
  });
});
