import type { Agent } from 'supertest';
import request from 'supertest';
import { containerCheckDigit, taxCodeCheckDigit } from '#libs/domain/src/index.js';

let counter = 0;
const next = () => ++counter + Math.floor(Math.random() * 1e6);

/** A tax code with a correct check digit, different on every call. */
export function uniqueTaxCode(): string {
  for (;;) {
    const first9 = String(100000000 + (next() % 899999999)).padStart(9, '0');
    const d = taxCodeCheckDigit(first9);
    if (d !== null) return `${first9}${d}`;
  }
}

/** A Vietnamese tractor plate `NNC-NNN.NN`, different on every call. */
export function uniqueVnPlate(series = 'C'): string {
  const n = next();
  const province = 11 + (n % 88);
  const digits = String(n % 100000).padStart(5, '0');
  return `${province}${series}-${digits.slice(0, 3)}.${digits.slice(3)}`;
}

export function validContainer(): string {
  const serial = String(next() % 1000000).padStart(6, '0');
  const first10 = `CSQU${serial}`;
  return `${first10}${containerCheckDigit(first10)}`;
}

export function customsNumber(): string {
  return String(100000000000 + (next() % 899999999999)).slice(0, 12);
}

export function futureIso(hoursAhead = 24, from = new Date()): string {
  return new Date(from.getTime() + hoursAhead * 3600_000).toISOString();
}

export interface VehicleInput {
  plate?: string;
  trailerPlate?: string;
  nationality?: 'VN' | 'CN';
  category?: string;
}

/** A realistic, valid declaration body: fresh fruit for export, with the given vehicles. */
export function declarationBody(
  o: { gate?: string; direction?: string; vehicles?: VehicleInput[]; category?: string; arrival?: string } = {},
) {
  const vehicles = o.vehicles ?? [{}];
  return {
    gate: o.gate ?? 'HUU_NGHI',
    direction: o.direction ?? 'EXPORT',
    expectedArrival: o.arrival ?? futureIso(24),
    yard: 'Bãi chờ Hữu Nghị',
    goods: [
      {
        customsDeclarationNumber: customsNumber(),
        category: o.category ?? 'PERISHABLE',
        items: [{ description: 'Thanh long ruột đỏ', hsCode: '0810.90', grossWeightKg: 18000, valueVnd: 450000000 }],
      },
    ],
    vehicles: vehicles.map((v) => ({
      plate: v.plate ?? uniqueVnPlate(),
      ...(v.trailerPlate ? { trailerPlate: v.trailerPlate } : {}),
      nationality: v.nationality ?? 'VN',
      feeClass: 'CONTAINER_40FT',
      containerNumber: validContainer(),
      sealNumber: 'VN1234567',
      driver: { name: 'Hoàng Văn Bình', document: { type: 'CCCD', number: '020123456789' }, phone: '0912345678' },
    })),
  };
}

export type Http = () => ReturnType<typeof request>;

export interface Session {
  token: string;
  refreshToken: string;
  user: { id: string; role: string; gates: string[]; firm: { id: string; name: string } | null };
  /** Authorization header value. */
  auth: string;
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
  return {
    token: res.body.accessToken,
    refreshToken: res.body.refreshToken,
    user: res.body.user,
    auth: `Bearer ${res.body.accessToken}`,
  };
}

export async function login(http: Http, email: string, password: string): Promise<Session> {
  const res = await http().post('/api/auth/login').send({ email, password });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return {
    token: res.body.accessToken,
    refreshToken: res.body.refreshToken,
    user: res.body.user,
    auth: `Bearer ${res.body.accessToken}`,
  };
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

/** Files, submits and has customs accept a declaration; returns it as the API shows it after acceptance. */
export async function acceptedDeclaration(http: Http, firm: Session, customs: Session, body = declarationBody()) {
  const created = await http().post('/api/declarations').set('authorization', firm.auth).send(body);
  if (created.status !== 201) throw new Error(`create failed: ${created.status} ${JSON.stringify(created.body)}`);
  const submitted = await http().post(`/api/declarations/${created.body.id}/submit`).set('authorization', firm.auth);
  if (submitted.status !== 200) throw new Error(`submit failed: ${submitted.status} ${JSON.stringify(submitted.body)}`);
  const accepted = await http().post(`/api/declarations/${created.body.id}/accept`).set('authorization', customs.auth);
  if (accepted.status !== 200) throw new Error(`accept failed: ${accepted.status} ${JSON.stringify(accepted.body)}`);
  return accepted.body;
}

export type { Agent };
