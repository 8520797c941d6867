// The waiting yards a declaration picks from are a gate setting: listed publicly with the gate, edited by an
// administrator (checked whole, recorded in the history), carried by the gate event to the declaration
// service's copy, which then refuses a yard the list no longer has and accepts one it gained.
import pg from 'pg';
import { ManualClock } from '#libs/clock/src/index.js';
import {
  createOfficer,
  declarationBody,
  eventually,
  login,
  registerFirm,
  type Session,
  TEST_ADMIN,
  type TestApp,
} from '#libs/testing/src/index.js';
import { createPlatformTestApp } from './yard-fixtures.js';

const clock = new ManualClock('2026-12-01T00:40:00.000Z');
let t: TestApp;
let db: pg.Client;
let admin: Session, customs: Session, firm: Session;
const http = () => t.http();

interface Yard {
  code: string;
  names: { vi: string; zh: string; en: string };
}

beforeAll(async () => {
  t = await createPlatformTestApp('waiting_yards', clock);
  db = new pg.Client({ connectionString: t.databaseUrl });
  await db.connect();
  admin = await login(http, TEST_ADMIN.email, TEST_ADMIN.password);
  customs = await createOfficer(http, admin, 'CUSTOMS', ['TAN_THANH']);
  firm = await registerFirm(http, 'Công ty TNHH Vận tải Đồng Đăng');
});
afterAll(async () => {
  await db?.end();
  await t?.close();
});

const patchGate = (body: object, who: Session = admin) =>
  http().patch('/api/gates/TAN_THANH').set('authorization', who.auth).send(body);
const file = (yard: string, lang = 'vi') =>
  http()
    .post('/api/declarations')
    .set('authorization', firm.auth)
    .set('accept-language', lang)
    .send({ ...declarationBody({ gate: 'TAN_THANH', arrival: '2026-12-02T09:00:00+07:00' }), yard });
const copyOf = async (): Promise<Yard[]> =>
  (await db.query(`SELECT yards FROM declaration.gates WHERE code = 'TAN_THANH'`)).rows[0].yards;

const DOC_YARD: Yard = {
  code: 'TAN_THANH_KHO_LANH',
  names: { vi: 'Bãi hàng lạnh Tân Thanh', zh: '新清冷链停车场', en: 'Tân Thanh cold-chain yard' },
};

describe('waiting yards, a gate setting', () => {
  it('lists each gate with its yards, named in Vietnamese, Chinese and English, without a login', async () => {
    const res = await http().get('/api/gates');
    expect(res.status).toBe(200);
    const byCode = Object.fromEntries(res.body.map((g: { code: string; yards: Yard[] }) => [g.code, g.yards]));
    expect(byCode.HUU_NGHI.map((y: Yard) => y.code)).toEqual(['HUU_NGHI_CHO', 'HUU_NGHI_TAP_KET']);
    expect(byCode.TAN_THANH[0]).toEqual({
      code: 'TAN_THANH_CHO',
      names: { vi: 'Bãi chờ Tân Thanh', zh: '新清待检停车场', en: 'Tân Thanh waiting yard' },
    });
    // The declaration service's copy starts with the same lists.
    expect(await copyOf()).toEqual(byCode.TAN_THANH);
  });

  it.each([
    ['an empty list', [], 'yards'],
    ['a code in lower case', [{ ...DOC_YARD, code: 'kho lanh' }], 'yards[0].code'],
    ['a name left empty', [{ ...DOC_YARD, names: { ...DOC_YARD.names, zh: ' ' } }], 'yards[0].names.zh'],
    [
      'a name another yard has',
      [DOC_YARD, { code: 'TT2', names: { vi: 'Bãi 2', zh: '新清冷链停车场', en: 'Yard 2' } }],
      'yards[1].names.zh',
    ],
    ['a yard without names', [{ code: 'TT3' }], 'yards[0].names'],
  ])('refuses %s with 400 on the field, changing nothing', async (_, yards, field) => {
    const before = (await http().get('/api/gates/TAN_THANH')).body;
    const res = await patchGate({ yards });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect((await http().get('/api/gates/TAN_THANH')).body).toEqual(before);
  });

  it('lets only an administrator change the list', async () => {
    expect((await patchGate({ yards: [DOC_YARD] }, customs)).status).toBe(403);
    expect((await patchGate({ yards: [DOC_YARD] }, firm)).status).toBe(403);
  });

  it('an administrator’s new list reaches the declaration service: a yard taken off is refused, one added accepted', async () => {
    expect((await file('TAN_THANH_TAP_KET')).status).toBe(201);
    const before = (await http().get('/api/gates/TAN_THANH')).body.yards as Yard[];
    const yards = [before[0], DOC_YARD];
    const res = await patchGate({
      yards: [before[0], { ...DOC_YARD, names: { ...DOC_YARD.names, vi: '  Bãi hàng lạnh   Tân Thanh ' } }],
    });
    expect(res.status).toBe(200);
    expect(res.body.yards).toEqual(yards);
    const history = await http().get('/api/gates/TAN_THANH/history').set('authorization', admin.auth);
    expect(history.body[0].changes).toEqual([{ field: 'yards', before, after: yards }]);

    await eventually(async () => expect(await copyOf()).toEqual(yards));
    const added = await file('新清冷链停车场');
    expect(added.status).toBe(201);
    expect(added.body.yard).toBe('TAN_THANH_KHO_LANH');
    const removed = await file('TAN_THANH_TAP_KET', 'en');
    expect(removed.status).toBe(400);
    expect(removed.body.errors).toEqual([
      {
        field: 'yard',
        message:
          'Waiting yard “TAN_THANH_TAP_KET” is not on the list of gate TAN_THANH: pick one from the list (TAN_THANH_CHO, TAN_THANH_KHO_LANH)',
      },
    ]);
  });

  it('a change of other settings leaves the list as it is', async () => {
    const before = await copyOf();
    expect((await patchGate({ graceMinutes: 40, autoAccept: true })).status).toBe(200);
    await eventually(async () =>
      expect(
        (await db.query(`SELECT auto_accept FROM declaration.gates WHERE code = 'TAN_THANH'`)).rows[0].auto_accept,
      ).toBe(true),
    );
    expect(await copyOf()).toEqual(before);
    expect((await patchGate({ autoAccept: false })).status).toBe(200);
  });
});
