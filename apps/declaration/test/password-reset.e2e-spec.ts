import { ManualClock } from '#libs/clock/src/index.js';
import {
  ADMIN_ENV,
  createOfficer,
  login,
  registerFirm,
  TEST_ADMIN,
  type TestApp,
  createTestApp,
} from '#libs/testing/src/index.js';
import { type Mail, resetTokenIn, SmtpStandIn } from '#libs/testing/src/smtp-stand-in.js';
import { DECLARATION_DB } from '../src/database/declaration-database.js';
import { DeclarationServiceModule } from '../src/declaration-service.module.js';

// "Forgot password" against a real Postgres and an SMTP server: the link arrives, works once and only before it
// expires, an unknown address gets the same answer, and the new password ends every session.
const clock = new ManualClock(new Date());
const smtp = new SmtpStandIn();
let t: TestApp;
const http = () => t.http();

beforeAll(async () => {
  await smtp.start();
  t = await createTestApp({
    label: 'password_reset',
    services: [DeclarationServiceModule],
    databases: [DECLARATION_DB],
    clock,
    env: {
      ...ADMIN_ENV,
      SMTP_URL: smtp.url,
      PASSWORD_RESET_TTL_MINUTES: '30',
      PASSWORD_RESET_RATE_LIMIT: '3',
      LOGIN_RATE_LIMIT: '1000',
    },
  });
});
afterAll(async () => {
  await t?.close();
  await smtp.stop();
});

const ask = (email: string, ip = '10.0.0.1', lang = 'vi') =>
  http().post('/api/auth/password-reset').set('x-forwarded-for', ip).set('accept-language', lang).send({ email });
const confirm = (token: string, newPassword: string) =>
  http().post('/api/auth/password-reset/confirm').send({ token, newPassword });
const refresh = (refreshToken: string) => http().post('/api/auth/refresh').send({ refreshToken });
const me = (accessToken: string) => http().get('/api/users/me').set('authorization', `Bearer ${accessToken}`);
const emailOf = async (token: string) => (await me(token)).body.email as string;

const mailTo = (to: string, since: number): Promise<Mail> => smtp.mailTo(to, since);
const tokenIn = resetTokenIn;

it('mails a link that sets a new password once; a second use is refused; old sessions no longer refresh', async () => {
  const firm = await registerFirm(http);
  const email = await emailOf(firm.token);
  const other = await login(http, email, 'matkhau-123');
  const before = smtp.mails.length;

  const res = await ask(email, '10.0.1.1');
  expect(res.status).toBe(202);
  expect(res.body).toEqual({ expiresInMinutes: 30 });
  const mail = await mailTo(email, before);
  expect(mail.subject).toBe('Đặt lại mật khẩu — Cửa khẩu số');
  expect(mail.text).toContain(`${t.url}/firm/#/reset/`);
  expect(mail.text).toContain('30 phút');
  const token = tokenIn(mail);

  expect((await confirm(token, 'mat-khau-moi-1')).status).toBe(204);
  const again = await confirm(token, 'mat-khau-moi-2');
  expect(again.status).toBe(400);
  expect(again.body.code).toBe('VALIDATION_FAILED');
  expect(again.body.message).toMatch(/^Đường dẫn đặt lại mật khẩu không dùng được/);

  // Every session of the account is over: refresh tokens and access tokens alike.
  expect((await refresh(firm.refreshToken)).status).toBe(401);
  expect((await refresh(other.refreshToken)).status).toBe(401);
  expect((await me(firm.token)).status).toBe(401);
  // The first new password holds; the old one and the refused second one do not.
  expect((await http().post('/api/auth/login').send({ email, password: 'matkhau-123' })).status).toBe(401);
  expect((await http().post('/api/auth/login').send({ email, password: 'mat-khau-moi-2' })).status).toBe(401);
  await login(http, email, 'mat-khau-moi-1');
});

it('of two uses of one link at the same moment, exactly one sets the password', async () => {
  const firm = await registerFirm(http);
  const email = await emailOf(firm.token);
  const before = smtp.mails.length;
  await ask(email, '10.0.2.1');
  const token = tokenIn(await mailTo(email, before));
  const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => confirm(token, `dong-thoi-${i}-matkhau`)));
  const won = answers.map((r, i) => (r.status === 204 ? i : -1)).filter((i) => i >= 0);
  expect(won).toHaveLength(1);
  expect(answers.filter((r) => r.status === 400)).toHaveLength(5);
  await login(http, email, `dong-thoi-${won[0]}-matkhau`);
});

it('refuses a link once its time is over (the clock moved past the expiry)', async () => {
  const firm = await registerFirm(http);
  const email = await emailOf(firm.token);
  const before = smtp.mails.length;
  await ask(email, '10.0.3.1');
  const token = tokenIn(await mailTo(email, before));
  clock.advance(30 * 60_000 + 1000);
  const late = await confirm(token, 'qua-han-matkhau');
  expect(late.status).toBe(400);
  expect(late.body.errors).toEqual([{ field: 'token', message: expect.stringMatching(/hết hạn/) }]);
  // Nothing changed: the old password and the session still work.
  expect((await refresh(firm.refreshToken)).status).toBe(200);
  await login(http, email, 'matkhau-123');
});

it('answers an unknown address, an officer and a known firm alike, and mails only the firm', async () => {
  const firm = await registerFirm(http);
  const email = await emailOf(firm.token);
  const admin = await login(http, TEST_ADMIN.email, TEST_ADMIN.password);
  const officer = await createOfficer(http, admin, 'CUSTOMS', ['HUU_NGHI']);
  const officerEmail = await emailOf(officer.token);
  const before = smtp.mails.length;
  const answers = [
    await ask('nobody-here@test.vn', '10.0.4.1'),
    await ask(officerEmail, '10.0.4.2'),
    await ask(email, '10.0.4.3'),
  ];
  expect(answers.map((r) => [r.status, JSON.stringify(r.body)])).toEqual([
    [202, '{"expiresInMinutes":30}'],
    [202, '{"expiresInMinutes":30}'],
    [202, '{"expiresInMinutes":30}'],
  ]);
  await mailTo(email, before);
  // The firm's mail arrived after the other two were handled: none went to the unknown address or the officer.
  await new Promise((r) => setTimeout(r, 300));
  expect(smtp.mails.slice(before).flatMap((m) => m.to)).toEqual([email]);
});

it('writes the mail in Vietnamese first, then in the reader’s language', async () => {
  const firm = await registerFirm(http);
  const email = await emailOf(firm.token);
  const before = smtp.mails.length;
  await ask(email, '10.0.5.1', 'zh-CN,zh;q=0.9');
  const mail = await mailTo(email, before);
  expect(mail.subject).toBe('Đặt lại mật khẩu — Cửa khẩu số / 重置密码 — 数字口岸');
  expect(mail.text.indexOf('Mở đường dẫn')).toBeLessThan(mail.text.indexOf('请打开以下链接'));
  expect(mail.text).toContain('30 分钟内有效');
  // One link for both languages.
  expect(new Set(mail.text.match(/\/firm\/#\/reset\/[\w-]+/g)).size).toBe(1);
});

it('limits the requests per address, whether or not it has an account', async () => {
  for (const address of ['limited@test.vn', await emailOf((await registerFirm(http)).token)]) {
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push((await ask(address, `10.0.6.${i + 10}`)).status);
    expect(answers).toEqual([202, 202, 202, 429]);
  }
});

it('limits the requests per client IP', async () => {
  const answers = [];
  for (let i = 0; i < 4; i++) answers.push((await ask(`someone${i}@test.vn`, '10.0.7.1')).status);
  expect(answers).toEqual([202, 202, 202, 429]);
});

it('"log out everywhere" ends every session of the caller', async () => {
  const firm = await registerFirm(http);
  const other = await login(http, await emailOf(firm.token), 'matkhau-123');
  expect((await http().post('/api/auth/sessions/revoke').set('authorization', firm.auth)).status).toBe(204);
  expect((await refresh(firm.refreshToken)).status).toBe(401);
  expect((await refresh(other.refreshToken)).status).toBe(401);
  expect((await me(other.token)).status).toBe(401);
});
