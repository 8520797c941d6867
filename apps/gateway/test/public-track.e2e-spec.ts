import { get, type IncomingMessage } from 'node:http';
import { signSlipCode } from '#libs/auth/src/index.js';
import { ManualClock } from '#libs/clock/src/index.js';
import type { PublicTrackView } from '#libs/events/src/index.js';
import {
  acceptedDeclaration,
  createOfficer,
  eventually,
  login,
  registerFirm,
  type Session,
  TEST_ADMIN,
  type TestApp,
} from '#libs/testing/src/index.js';
import { checkInPlate, createLiveTestApp } from './live-fixtures.js';

// The public tracking page's endpoint: a vehicle followed by its slip's code through acceptance, check-in, the
// call and a suspension, with nothing personal in any answer, and every code that is not genuine refused alike.
// Tuesday 1 December 2026, 07:40 in Lạng Sơn: the gate is open.
const clock = new ManualClock('2026-12-01T00:40:00.000Z');
const GATE = 'HUU_NGHI';
/** Exactly what anyone holding the code may read. */
const FIELDS = [
  'callDeadline',
  'calledAt',
  'declarationStatus',
  'direction',
  'eta',
  'gate',
  'gateName',
  'heldBy',
  'plate',
  'position',
  'status',
  'suspension',
  'window',
].sort();

let t: TestApp;
let admin: Session, customs: Session, yard: Session, firm: Session;

beforeAll(async () => {
  t = await createLiveTestApp('public_track', clock);
  const http = () => t.http();
  admin = await login(http, TEST_ADMIN.email, TEST_ADMIN.password);
  customs = await createOfficer(http, admin, 'CUSTOMS', [GATE]);
  yard = await createOfficer(http, admin, 'YARD_OPERATOR', [GATE]);
  firm = await registerFirm(http, 'Công ty TNHH Theo dõi Lạng Sơn');
}, 60_000);
afterAll(async () => {
  await t?.close();
});

const track = async (code: string) => t.http().get(`/api/public/track/${encodeURIComponent(code)}`);
const view = async (code: string) => {
  const res = await track(code);
  expect(res.status).toBe(200);
  return res.body as PublicTrackView;
};

it('follows a vehicle by its slip code from acceptance to the call, with the plate and nothing personal', async () => {
  const d = await acceptedDeclaration(() => t.http(), firm, customs);
  const v = d.vehicles[0];
  expect(v.slipCode).toBeTruthy();

  const accepted = await view(v.slipCode);
  expect(Object.keys(accepted).sort()).toEqual(FIELDS);
  expect(accepted).toMatchObject({
    plate: v.plate,
    gate: GATE,
    gateName: expect.stringContaining('Hữu Nghị'),
    status: 'ACCEPTED',
    declarationStatus: 'ACCEPTED',
    position: null,
    window: null,
    callDeadline: null,
    heldBy: null,
    suspension: null,
  });

  const entry = await checkInPlate(t, yard, GATE, v.plate);
  const waiting = await eventually(async () => {
    const w = await view(v.slipCode);
    expect(w.status).toBe('CHECKED_IN');
    // The estimate follows the check-in as a change of its own.
    expect(w.eta).toEqual(expect.objectContaining({ p10: expect.any(String), p50: expect.any(String) }));
    return w;
  });
  expect(Object.keys(waiting).sort()).toEqual(FIELDS);
  expect(waiting).toMatchObject({ declarationStatus: 'IN_QUEUE', position: 1, window: entry.window });

  const called = await t.http().post(`/api/queue-entries/${entry.id}/call`).set('authorization', customs.auth).send({});
  expect(called.status).toBe(200);
  const deadline = (called.body as { callDeadline: string }).callDeadline;
  const onCall = await eventually(async () => {
    const c = await view(v.slipCode);
    expect(c.status).toBe('CALLED');
    return c;
  });
  expect(onCall).toMatchObject({ callDeadline: deadline, position: null, eta: null, heldBy: null });

  // A hold says who holds the truck, never the officer's note (free text, which may name the driver).
  const act = (action: string, body: object) =>
    t.http().post(`/api/queue-entries/${entry.id}/${action}`).set('authorization', customs.auth).send(body);
  expect((await act('arrive', {})).status).toBe(200);
  const note = 'Kiểm hóa theo yêu cầu, lái xe Hoàng Văn Bình trình bày';
  expect((await act('hold', { note })).status).toBe(200);
  const onHold = await eventually(async () => {
    const h = await view(v.slipCode);
    expect(h.status).toBe('HELD');
    return h;
  });
  expect(Object.keys(onHold).sort()).toEqual(FIELDS);
  expect(onHold.heldBy).toBe('CUSTOMS');
  expect(JSON.stringify(onHold)).not.toContain('Kiểm hóa theo yêu cầu');
  expect((await act('release', {})).status).toBe(200);
  await eventually(async () => expect(await view(v.slipCode)).toMatchObject({ status: 'AT_GATE', heldBy: null }));

  const suspended = await t
    .http()
    .post(`/api/gates/${GATE}/suspend`)
    .set('authorization', admin.auth)
    .send({ reason: 'Phía Trung Quốc tạm dừng tiếp nhận' });
  expect(suspended.status).toBe(200);
  const held = await eventually(async () => {
    const s = await view(v.slipCode);
    expect(s.suspension).not.toBeNull();
    return s;
  });
  expect(held.suspension).toMatchObject({ reason: 'Phía Trung Quốc tạm dừng tiếp nhận' });
  await t.http().post(`/api/gates/${GATE}/resume`).set('authorization', admin.auth).send({});

  // Nothing of the driver, the firm or the declaration, anywhere in the answer.
  for (const w of [accepted, waiting, onCall, onHold, held]) {
    const text = JSON.stringify(w);
    for (const secret of ['Hoàng Văn Bình', '020123456789', '0912345678', firm.user.firm!.name, d.id, v.id])
      expect(text).not.toContain(secret);
  }
}, 60_000);

it('answers every code that is not genuine with the same 404, whatever is wrong with it', async () => {
  const d = await acceptedDeclaration(() => t.http(), firm, customs);
  const genuine = d.vehicles[0].slipCode;
  const [prefix, id, sig] = genuine.split('.');
  const flip = (s: string) => s.slice(0, -1) + (s.endsWith('A') ? 'B' : 'A');
  const codes = [
    `${prefix}.${id}.${flip(sig)}`, // forged signature
    `${prefix}.${id}.${sig.slice(0, 10)}`, // truncated
    signSlipCode(id, 'another-secret-another-secret-0123'), // signed with another key
    signSlipCode('00000000-0000-4000-8000-000000000000', t.config.jwt.secret), // genuine, no such vehicle
    `${prefix}.${id}`,
    'CKS1..',
    'x'.repeat(90),
    '%00',
  ];
  const bodies = new Set<string>();
  for (const code of codes) {
    const res = await track(code);
    expect({ code, status: res.status }).toEqual({ code, status: 404 });
    const body = res.body as { code: string; message: string; requestId?: string };
    bodies.add(JSON.stringify({ code: body.code, message: body.message }));
    const stream = await t.http().get(`/api/public/track/${encodeURIComponent(code)}/events`);
    expect(stream.status).toBe(404);
  }
  expect(bodies.size).toBe(1);
  expect((await track(genuine)).status).toBe(200);
}, 30_000);

it('streams the vehicle’s new state as server-sent events', async () => {
  const d = await acceptedDeclaration(() => t.http(), firm, customs);
  const v = d.vehicles[0];
  let text = '';
  const res = await new Promise<IncomingMessage>((resolve, reject) =>
    get(`${t.url}/api/public/track/${encodeURIComponent(v.slipCode)}/events`, resolve).on('error', reject),
  );
  try {
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => (text += chunk));
    const events = () =>
      text
        .split('\n')
        .filter((l) => l.startsWith('data: '))
        .map((l) => JSON.parse(l.slice(6)) as PublicTrackView);
    await eventually(() => expect(events().length).toBeGreaterThanOrEqual(1));
    expect(events()[0]).toMatchObject({ plate: v.plate, status: 'ACCEPTED' });
    await checkInPlate(t, yard, GATE, v.plate);
    await eventually(() => expect(events().some((e) => e.status === 'CHECKED_IN')).toBe(true));
    expect(Object.keys(events().at(-1)!).sort()).toEqual(FIELDS);
  } finally {
    res.destroy();
  }
}, 30_000);
