import type request from 'supertest';
import { declarationBody, uniqueTaxCode } from './builders.mjs';

export * from './builders.mjs';

let counter = 0;
const next = () => ++counter + Math.floor(Math.random() * 1e6);

/** Waits until `check` passes (events travel through the outbox relay asynchronously). */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 10000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await sleep(50);
    }
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export type Http = () => ReturnType<typeof request>;

export interface Session {
  token: string;
  refreshToken: string;
  user: { id: string; role: string; gates: string[]; firm: { id: string; name: string } | null };
  /** Authorization header value. */
  auth: string;
}

/** What `POST /api/auth/register` and `POST /api/auth/login` answer. */
interface TokenResponse {
  accessToken: string;
  refreshToken: string;
  user: Session['user'];
}

function sessionOf(body: TokenResponse): Session {
  return {
    token: body.accessToken,
    refreshToken: body.refreshToken,
    user: body.user,
    auth: `Bearer ${body.accessToken}`,
  };
}

export async function registerFirm(http: Http, name = 'Công ty TNHH Xuất nhập khẩu Đồng Đăng'): Promise<Session> {
  const n = next();
  const res = await http()
    .post('/api/auth/register')
    .send({
      firmName: name,
      taxCode: uniqueTaxCode(),
      email: `firm${n}@test.vn`,
      password: 'matkhau-123',
      phone: '0912345678',
    });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  return sessionOf(res.body as TokenResponse);
}

export async function login(http: Http, email: string, password: string): Promise<Session> {
  const res = await http().post('/api/auth/login').send({ email, password });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return sessionOf(res.body as TokenResponse);
}

export const TEST_ADMIN = { email: 'admin@test.vn', password: 'admin-password-1' };

/** Env that seeds the first admin, for createTestApp. */
export const ADMIN_ENV = { ADMIN_EMAIL: TEST_ADMIN.email, ADMIN_PASSWORD: TEST_ADMIN.password };

export async function createOfficer(http: Http, admin: Session, role: string, gates: string[]): Promise<Session> {
  const n = next();
  const email = `${role.toLowerCase()}${n}@test.vn`;
  const res = await http()
    .post('/api/users')
    .set('authorization', admin.auth)
    .send({ email, password: 'officer-pass-1', role, gates });
  if (res.status !== 201) throw new Error(`create officer failed: ${res.status} ${JSON.stringify(res.body)}`);
  return login(http, email, 'officer-pass-1');
}

/** The parts of a declaration as the API shows it that the helpers rely on; tests read the rest as needed. */
export interface DeclarationResponse {
  id: string;
  status: string;
  vehicles: { id: string; plate: string; slipCode: string; [field: string]: unknown }[];
  [field: string]: unknown;
}

/** Files, submits and has customs accept a declaration; returns it as the API shows it after acceptance. */
export async function acceptedDeclaration(
  http: Http,
  firm: Session,
  customs: Session,
  body = declarationBody(),
): Promise<DeclarationResponse> {
  const created = await http().post('/api/declarations').set('authorization', firm.auth).send(body);
  if (created.status !== 201) throw new Error(`create failed: ${created.status} ${JSON.stringify(created.body)}`);
  const { id } = created.body as DeclarationResponse;
  const submitted = await http().post(`/api/declarations/${id}/submit`).set('authorization', firm.auth);
  if (submitted.status !== 200) throw new Error(`submit failed: ${submitted.status} ${JSON.stringify(submitted.body)}`);
  const accepted = await http().post(`/api/declarations/${id}/accept`).set('authorization', customs.auth);
  if (accepted.status !== 200) throw new Error(`accept failed: ${accepted.status} ${JSON.stringify(accepted.body)}`);
  return accepted.body as DeclarationResponse;
}
