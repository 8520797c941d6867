import jwt from 'jsonwebtoken';
import {
  ADMIN_ENV,
  createOfficer,
  createTestApp,
  login,
  registerFirm,
  TEST_ADMIN,
  type TestApp,
  uniqueTaxCode,
} from '#libs/testing/src/index.js';
import { DECLARATION_DB } from '../src/database/declaration-database.js';
import { DeclarationServiceModule } from '../src/declaration-service.module.js';

let t: TestApp;
const http = () => t.http();

beforeAll(async () => {
  t = await createTestApp({
    label: 'identity',
    services: [DeclarationServiceModule],
    databases: [DECLARATION_DB],
    env: { ...ADMIN_ENV, LOGIN_RATE_LIMIT: '5' },
  });
});
afterAll(() => t?.close());

describe('firm registration', () => {
  it('registers a firm with its tax code and returns tokens and the user', async () => {
    const taxCode = uniqueTaxCode();
    const res = await http()
      .post('/api/auth/register')
      .send({
        firmName: 'Công ty Cổ phần Nông sản Kỳ Lừa',
        taxCode: `${taxCode}-001`,
        email: 'KyLua@Test.vn',
        password: 'mat-khau-123',
        phone: '+84 912 345 678',
      });
    expect(res.status).toBe(201);
    expect(res.body.user).toMatchObject({
      email: 'kylua@test.vn',
      role: 'FIRM',
      firm: { name: 'Công ty Cổ phần Nông sản Kỳ Lừa', taxCode: `${taxCode}-001` },
    });
    expect(res.body.accessToken).toEqual(expect.any(String));
    expect(res.body.refreshToken).toEqual(expect.any(String));
  });

  it('refuses a bad tax code, email, short password and phone, naming each field', async () => {
    const res = await http()
      .post('/api/auth/register')
      .send({ firmName: 'X Co', taxCode: '0100109107', email: 'not-an-email', password: 'short', phone: '12345' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'email',
      'password',
      'phone',
      'taxCode',
    ]);
  });

  it('refuses a tax code or email registered twice with 409', async () => {
    const taxCode = uniqueTaxCode();
    const body = {
      firmName: 'Công ty A',
      taxCode,
      email: 'a-dup@test.vn',
      password: 'mat-khau-123',
      phone: '0912345678',
    };
    expect((await http().post('/api/auth/register').send(body)).status).toBe(201);
    const sameTax = await http()
      .post('/api/auth/register')
      .send({ ...body, email: 'b-dup@test.vn' });
    expect(sameTax.status).toBe(409);
    expect(sameTax.body.errors[0].field).toBe('taxCode');
    const sameEmail = await http()
      .post('/api/auth/register')
      .send({ ...body, taxCode: uniqueTaxCode() });
    expect(sameEmail.status).toBe(409);
    expect(sameEmail.body.errors[0].field).toBe('email');
  });

  it('refuses unknown fields (a firm cannot register itself as ADMIN)', async () => {
    const res = await http().post('/api/auth/register').send({
      firmName: 'Công ty B',
      taxCode: uniqueTaxCode(),
      email: 'b@test.vn',
      password: 'mat-khau-123',
      phone: '0912345678',
      role: 'ADMIN',
    });
    expect(res.status).toBe(400);
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'role' }));
  });
});

describe('login, tokens and refresh', () => {
  it('logs the first admin in from ADMIN_EMAIL / ADMIN_PASSWORD', async () => {
    const admin = await login(http, TEST_ADMIN.email, TEST_ADMIN.password);
    expect(admin.user.role).toBe('ADMIN');
    const me = await http().get('/api/users/me').set('authorization', admin.auth);
    expect(me.status).toBe(200);
    expect(me.body.email).toBe(TEST_ADMIN.email);
  });

  it('answers a wrong password or unknown email with the same 401', async () => {
    const wrong = await http().post('/api/auth/login').send({ email: TEST_ADMIN.email, password: 'wrong-password' });
    const unknown = await http().post('/api/auth/login').send({ email: 'nobody@test.vn', password: 'wrong-password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.message).toBe(unknown.body.message);
  });

  it('refuses tokens with another algorithm, issuer, audience, secret, an expired one, one without expiry or one that lives too long', async () => {
    const firm = await registerFirm(http);
    const payload = { sub: firm.user.id, role: 'FIRM', firmId: firm.user.firm!.id, gates: [], ver: 0, typ: 'access' };
    const secret = t.config.jwt.secret;
    const good = jwt.sign(payload, secret, {
      algorithm: 'HS256',
      issuer: t.config.jwt.issuer,
      audience: t.config.jwt.audience,
      expiresIn: 60,
    });
    expect((await http().get('/api/users/me').set('authorization', `Bearer ${good}`)).status).toBe(200);
    const bad = [
      jwt.sign(payload, secret, {
        algorithm: 'HS512',
        issuer: t.config.jwt.issuer,
        audience: t.config.jwt.audience,
        expiresIn: 60,
      }),
      jwt.sign(payload, secret, {
        algorithm: 'HS256',
        issuer: 'someone-else',
        audience: t.config.jwt.audience,
        expiresIn: 60,
      }),
      jwt.sign(payload, secret, {
        algorithm: 'HS256',
        issuer: t.config.jwt.issuer,
        audience: 'other-api',
        expiresIn: 60,
      }),
      jwt.sign(payload, 'another-secret-another-secret-another', {
        algorithm: 'HS256',
        issuer: t.config.jwt.issuer,
        audience: t.config.jwt.audience,
        expiresIn: 60,
      }),
      jwt.sign({ ...payload, exp: Math.floor(Date.now() / 1000) - 10 }, secret, {
        algorithm: 'HS256',
        issuer: t.config.jwt.issuer,
        audience: t.config.jwt.audience,
      }),
      // Signed with the right secret, but never expiring, or living a year where the configured lifetime is 15 min.
      jwt.sign(payload, secret, { algorithm: 'HS256', issuer: t.config.jwt.issuer, audience: t.config.jwt.audience }),
      jwt.sign(payload, secret, {
        algorithm: 'HS256',
        issuer: t.config.jwt.issuer,
        audience: t.config.jwt.audience,
        expiresIn: 365 * 86400,
      }),
      jwt.sign(payload, secret, {
        algorithm: 'HS256',
        issuer: t.config.jwt.issuer,
        audience: t.config.jwt.audience,
        expiresIn: 60,
        noTimestamp: true,
      }),
      jwt.sign({ ...payload, typ: 'refresh' }, secret, {
        algorithm: 'HS256',
        issuer: t.config.jwt.issuer,
        audience: t.config.jwt.audience,
        expiresIn: 60,
      }),
      `${jwt
        .sign(payload, 'x', { algorithm: 'none' as never })
        .split('.')
        .slice(0, 2)
        .join('.')}.`,
    ];
    for (const token of bad) {
      const res = await http().get('/api/users/me').set('authorization', `Bearer ${token}`);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
    }
    expect((await http().get('/api/users/me')).status).toBe(401);
  });

  it('rate-limits login per client', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++)
      statuses.push(
        (
          await http()
            .post('/api/auth/login')
            .set('x-forwarded-for', '10.9.9.9')
            .send({ email: 'nobody@test.vn', password: 'x-wrong-1' })
        ).status,
      );
    expect(statuses.slice(0, 5).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    // Another client is not affected.
    expect(
      (
        await http()
          .post('/api/auth/login')
          .set('x-forwarded-for', '10.9.9.10')
          .send({ email: 'nobody@test.vn', password: 'x-wrong-1' })
      ).status,
    ).toBe(401);
  });
});

describe('officers', () => {
  it('lets only an admin create officers scoped to known gates', async () => {
    const admin = await login(http, TEST_ADMIN.email, TEST_ADMIN.password);
    const customs = await createOfficer(http, admin, 'CUSTOMS', ['HUU_NGHI']);
    expect(customs.user).toMatchObject({ role: 'CUSTOMS', gates: ['HUU_NGHI'] });
    const firm = await registerFirm(http);
    for (const caller of [firm, customs]) {
      const res = await http()
        .post('/api/users')
        .set('authorization', caller.auth)
        .send({ email: 'x@test.vn', password: 'officer-pass-1', role: 'CUSTOMS', gates: ['HUU_NGHI'] });
      expect(res.status).toBe(403);
    }
    const unknownGate = await http()
      .post('/api/users')
      .set('authorization', admin.auth)
      .send({ email: 'y@test.vn', password: 'officer-pass-1', role: 'CUSTOMS', gates: ['MONG_CAI'] });
    expect(unknownGate.status).toBe(400);
    expect(unknownGate.body.errors[0].field).toBe('gates');
    const noGate = await http()
      .post('/api/users')
      .set('authorization', admin.auth)
      .send({ email: 'z@test.vn', password: 'officer-pass-1', role: 'BORDER_GUARD', gates: [] });
    expect(noGate.status).toBe(400);
    const firmRole = await http()
      .post('/api/users')
      .set('authorization', admin.auth)
      .send({ email: 'w@test.vn', password: 'officer-pass-1', role: 'FIRM', gates: [] });
    expect(firmRole.status).toBe(400);
  });

  it('stores passwords only as slow salted hashes', async () => {
    const { default: pg } = await import('pg');
    const c = new pg.Client({ connectionString: t.databaseUrl });
    await c.connect();
    const { rows } = await c.query(`SELECT password_hash FROM declaration.users WHERE email = $1`, [TEST_ADMIN.email]);
    await c.end();
    expect(rows[0].password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(rows[0].password_hash).not.toContain(TEST_ADMIN.password);
  });
});

it('serves the OpenAPI document and a health check', async () => {
  const doc = await http().get('/api/docs-json');
  expect(doc.status).toBe(200);
  expect(Object.keys(doc.body.paths)).toEqual(
    expect.arrayContaining(['/api/auth/login', '/api/declarations', '/api/declarations/{id}/submit', '/api/vehicles']),
  );
  const health = await http().get('/api/health');
  expect(health.status).toBe(200);
  expect(health.body.status).toBe('ok');
});
