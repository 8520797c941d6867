import pg from 'pg';
import {
  acceptedDeclaration,
  amendmentOf,
  ADMIN_ENV,
  createOfficer,
  createTestApp,
  declarationBody,
  login,
  registerFirm,
  type Session,
  TEST_ADMIN,
  type TestApp,
  uniqueVnPlate,
} from '#libs/testing/src/index.js';
import { DECLARATION_DB } from '../src/database/declaration-database.js';
import { DeclarationServiceModule } from '../src/declaration-service.module.js';
import { YARD_QUEUE_DB } from '../../yard-queue/src/database/yard-queue-database.js';
import { YardQueueServiceModule } from '../../yard-queue/src/yard-queue-service.module.js';

let t: TestApp;
let db: pg.Client;
let admin: Session;
let firm: Session;
let otherFirm: Session;
let customsHN: Session;
let customsTT: Session;
let guardHN: Session;
const http = () => t.http();

beforeAll(async () => {
  t = await createTestApp({
    label: 'declarations',
    // The yard-queue service decides firms' changes to accepted vehicles (it owns them from acceptance on).
    services: [DeclarationServiceModule, YardQueueServiceModule],
    databases: [DECLARATION_DB, YARD_QUEUE_DB],
    env: { ...ADMIN_ENV, OUTBOX_RELAY: 'off' },
  });
  db = new pg.Client({ connectionString: t.databaseUrl });
  await db.connect();
  admin = await login(http, TEST_ADMIN.email, TEST_ADMIN.password);
  firm = await registerFirm(http, 'Công ty TNHH Trái cây Lộc Bình');
  otherFirm = await registerFirm(http, 'Công ty Cổ phần Cao Lộc');
  customsHN = await createOfficer(http, admin, 'CUSTOMS', ['HUU_NGHI']);
  customsTT = await createOfficer(http, admin, 'CUSTOMS', ['TAN_THANH']);
  guardHN = await createOfficer(http, admin, 'BORDER_GUARD', ['HUU_NGHI']);
});
afterAll(async () => {
  await db?.end();
  await t?.close();
});

const count = async (sql: string, params: unknown[] = []) =>
  Number((await db.query(`SELECT count(*)::int AS n FROM ${sql}`, params)).rows[0].n);
const create = (s: Session, body: unknown, key?: string) => {
  const r = http().post('/api/declarations').set('authorization', s.auth);
  if (key) r.set('idempotency-key', key);
  return r.send(body as object);
};
const act = (s: Session, id: string, action: string, body: object = {}) =>
  http().post(`/api/declarations/${id}/${action}`).set('authorization', s.auth).send(body);
// A spoiler may write any JSON into any field of a valid body: that is what these cases are about.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- arbitrary JSON, not a typed declaration
type Spoilable = any;
const fields = (res: { body: { errors?: { field: string }[] } }) => (res.body.errors ?? []).map((e) => e.field);

describe('filing a declaration', () => {
  it('creates a DRAFT with normalised identifiers and Vietnamese text intact', async () => {
    const body = declarationBody({
      vehicles: [
        { plate: '29c 123 45', trailerPlate: '29r-012.34' },
        { plate: '桂F 12345', nationality: 'CN' },
      ],
    });
    body.vehicles[0].driver.name = 'Nguyễn Thị Ánh Tuyết';
    body.vehicles[1].driver = {
      name: '李小龙',
      document: { type: 'PASSPORT', number: 'e1234567' },
      phone: '+86 138 1234 5678',
    };
    body.vehicles[0].containerNumber = 'csqu 305438-3';
    const res = await create(firm, body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'DRAFT',
      version: 1,
      gate: 'HUU_NGHI',
      direction: 'EXPORT',
      firm: { name: 'Công ty TNHH Trái cây Lộc Bình' },
    });
    expect(res.body.number).toMatch(/^TK\d{4}-\d{8}$/);
    const [v1, v2] = res.body.vehicles;
    expect(v1).toMatchObject({
      plate: '29C-123.45',
      plateKey: '29C12345',
      trailerPlate: '29R-012.34',
      containerNumber: 'CSQU3054383',
      status: 'DRAFT',
    });
    expect(v1.driver.name).toBe('Nguyễn Thị Ánh Tuyết');
    expect(v2).toMatchObject({
      plate: '桂F12345',
      nationality: 'CN',
      driver: { name: '李小龙', document: { type: 'PASSPORT', number: 'E1234567' }, phone: '+8613812345678' },
    });
    expect(res.body.goods[0].items[0].hsCode).toBe('081090');
    const got = await http().get(`/api/declarations/${res.body.id}`).set('authorization', firm.auth);
    expect(got.body.vehicles[1].driver.name).toBe('李小龙');
  });

  it.each([
    ['vehicles[0].plate', (b: Spoilable) => (b.vehicles[0].plate = '12C-12')],
    ['vehicles[0].trailerPlate', (b: Spoilable) => (b.vehicles[0].trailerPlate = '12C-123.45')],
    ['vehicles[0].containerNumber', (b: Spoilable) => (b.vehicles[0].containerNumber = 'CSQU3054384')],
    ['vehicles[0].driver.document.number', (b: Spoilable) => (b.vehicles[0].driver.document.number = '12345')],
    ['vehicles[0].driver.phone', (b: Spoilable) => (b.vehicles[0].driver.phone = '0212345')],
    ['vehicles[0].nationality', (b: Spoilable) => (b.vehicles[0].nationality = 'LA')],
    ['vehicles[0].sealNumber', (b: Spoilable) => (b.vehicles[0].sealNumber = '!!')],
    ['goods[0].customsDeclarationNumber', (b: Spoilable) => (b.goods[0].customsDeclarationNumber = '10512345678')],
    ['goods[0].items[0].hsCode', (b: Spoilable) => (b.goods[0].items[0].hsCode = '08')],
    ['goods[0].items[0].grossWeightKg', (b: Spoilable) => (b.goods[0].items[0].grossWeightKg = -5)],
    ['goods[0].category', (b: Spoilable) => (b.goods[0].category = 'FRUIT')],
    ['direction', (b: Spoilable) => (b.direction = 'SIDEWAYS')],
    ['gate', (b: Spoilable) => (b.gate = 'huu nghi')],
    ['gate', (b: Spoilable) => (b.gate = 'MONG_CAI')],
    ['expectedArrival', (b: Spoilable) => (b.expectedArrival = new Date(Date.now() - 3600_000).toISOString())],
    ['expectedArrival', (b: Spoilable) => (b.expectedArrival = 'tomorrow')],
    ['vehicles', (b: Spoilable) => (b.vehicles = [])],
    ['goods', (b: Spoilable) => (b.goods = [])],
    ['vehicles[0].driver.name', (b: Spoilable) => (b.vehicles[0].driver.name = 42)],
    ['vehicles[0].unknownField', (b: Spoilable) => (b.vehicles[0].unknownField = 1)],
  ])('refuses a bad %s with 400 naming the field, and writes nothing', async (field, spoil) => {
    const before = await count('declaration.declarations');
    const body = declarationBody({ vehicles: [{}, {}] });
    spoil(body);
    const res = await create(firm, body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(fields(res)).toContain(field);
    expect(res.body.errors.every((e: { message: string }) => e.message.length > 0)).toBe(true);
    expect(await count('declaration.declarations')).toBe(before);
  });

  it('rejects a declaration with one bad vehicle among good ones whole: nothing written', async () => {
    const before = [
      await count('declaration.declarations'),
      await count('declaration.vehicles'),
      await count('declaration.outbox'),
    ];
    const body = declarationBody({ vehicles: [{}, {}, { plate: 'XX-0000' }] });
    const res = await create(firm, body);
    expect(res.status).toBe(400);
    expect(fields(res)).toEqual(['vehicles[2].plate']);
    expect([
      await count('declaration.declarations'),
      await count('declaration.vehicles'),
      await count('declaration.outbox'),
    ]).toEqual(before);
  });

  it('refuses the same plate twice in one declaration, in any spelling', async () => {
    const res = await create(firm, declarationBody({ vehicles: [{ plate: '30E-111.22' }, { plate: '30e 11122' }] }));
    expect(res.status).toBe(400);
    expect(fields(res)).toContain('vehicles[1].plate');
  });

  it('answers malformed JSON, wrong content and oversized bodies with 400', async () => {
    const malformed = await http()
      .post('/api/declarations')
      .set('authorization', firm.auth)
      .set('content-type', 'application/json')
      .send('{"gate": "HUU_NGHI",');
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('MALFORMED_JSON');
    expect(fields(malformed)).toEqual(['body']);
    const huge = declarationBody();
    Object.assign(huge, { yard: 'x'.repeat(300 * 1024) });
    const tooBig = await create(firm, huge);
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.code).toBe('PAYLOAD_TOO_LARGE');
    // Without a Content-Length (chunked), the limit still holds.
    const { request } = await import('node:http');
    const chunked = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        `${t.url}/api/declarations`,
        {
          method: 'POST',
          headers: { authorization: firm.auth, 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
        },
        (res) => {
          let body = '';
          res.on('data', (d) => (body += d));
          res.on('end', () => resolve({ status: res.statusCode!, body }));
        },
      );
      req.on('error', reject);
      req.write('{"yard": "');
      for (let i = 0; i < 40; i++) req.write('x'.repeat(10 * 1024));
      req.end('"}');
    });
    expect(chunked.status).toBe(400);
    expect(JSON.parse(chunked.body).code).toBe('PAYLOAD_TOO_LARGE');
    const notObject = await http()
      .post('/api/declarations')
      .set('authorization', firm.auth)
      .set('content-type', 'application/json')
      .send('[1,2]');
    expect(notObject.status).toBe(400);
  });
});

describe("the waiting yard, picked from the gate's list", () => {
  it('stores a listed yard by its code, given by its code or any of its names', async () => {
    for (const [given, code] of [
      ['HUU_NGHI_TAP_KET', 'HUU_NGHI_TAP_KET'],
      ['bãi  chờ hữu nghị', 'HUU_NGHI_CHO'],
      ['友谊关集结停车场', 'HUU_NGHI_TAP_KET'],
      ['Hữu Nghị waiting yard', 'HUU_NGHI_CHO'],
    ]) {
      const res = await create(firm, { ...declarationBody(), yard: given });
      expect(res.status).toBe(201);
      expect(res.body.yard).toBe(code);
    }
  });

  it.each([
    ['vi', 'Bãi chờ “Bãi xe nhà tôi” không có trong danh sách bãi của cửa khẩu HUU_NGHI'],
    ['zh', '待检停车场“Bãi xe nhà tôi”不在口岸 HUU_NGHI 的停车场列表中'],
    ['en', 'Waiting yard “Bãi xe nhà tôi” is not on the list of gate HUU_NGHI'],
  ])('refuses a yard not on the list with a coded 400 on the field (%s), writing nothing', async (lang, text) => {
    const before = await count('declaration.declarations');
    const res = await http()
      .post('/api/declarations')
      .set('authorization', firm.auth)
      .set('accept-language', lang)
      .send({ ...declarationBody(), yard: 'Bãi xe nhà tôi' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    const e = res.body.errors.find((x: { field: string }) => x.field === 'yard');
    expect(e.message).toContain(text);
    expect(e.message).toContain('HUU_NGHI_CHO');
    expect(await count('declaration.declarations')).toBe(before);
  });

  it("refuses the other gate's yard, on filing and on amending", async () => {
    const filed = await create(firm, { ...declarationBody(), yard: 'TAN_THANH_CHO' });
    expect(filed.status).toBe(400);
    expect(fields(filed)).toEqual(['yard']);
    const { body: d } = await create(firm, declarationBody());
    const amended = await http()
      .patch(`/api/declarations/${d.id}`)
      .set('authorization', firm.auth)
      .send({ ...amendmentOf(declarationBody()), yard: 'Bãi chờ Tân Thanh' });
    expect(amended.status).toBe(400);
    expect(fields(amended)).toEqual(['yard']);
  });

  it('keeps a yard typed before the lists readable, and amendable as it is or to a listed yard', async () => {
    const body = declarationBody();
    const { body: d } = await create(firm, body);
    // A declaration filed when the yard was free text.
    await db.query(
      `UPDATE declaration.declaration_versions SET content = jsonb_set(content, '{yard}', '"Bãi xe cũ Đồng Đăng"')
        WHERE declaration_id = $1`,
      [d.id],
    );
    const read = await http().get(`/api/declarations/${d.id}`).set('authorization', firm.auth);
    expect(read.body.yard).toBe('Bãi xe cũ Đồng Đăng');
    const vehicles = read.body.vehicles.map((v: { id: string }, i: number) => ({ ...body.vehicles[i], id: v.id }));
    const patch = (yard: string) =>
      http()
        .patch(`/api/declarations/${d.id}`)
        .set('authorization', firm.auth)
        .send({ ...amendmentOf(body), vehicles, yard });
    const kept = await patch('Bãi xe cũ Đồng Đăng');
    expect(kept.status).toBe(200);
    expect(kept.body.yard).toBe('Bãi xe cũ Đồng Đăng');
    expect((await patch('Bãi xe khác')).status).toBe(400);
    const listed = await patch('HUU_NGHI_CHO');
    expect(listed.status).toBe(200);
    expect(listed.body.yard).toBe('HUU_NGHI_CHO');
  });

  it("follows a change of the gate's list at once, made elsewhere after this process read it", async () => {
    // The list is read once and kept in memory; an administrator's edit reaches the table through the yard's
    // event, which another replica may be the one to apply: here, written straight into the table.
    expect((await create(firm, { ...declarationBody(), yard: 'HUU_NGHI_CHO' })).status).toBe(201);
    const { rows } = await db.query(`SELECT yards FROM declaration.gates WHERE code = 'HUU_NGHI'`);
    const before = rows[0].yards as { code: string; names: Record<string, string> }[];
    const added = { code: 'HUU_NGHI_MOI', names: { vi: 'Bãi chờ mới', zh: '新等候场', en: 'New waiting yard' } };
    const setYards = (yards: unknown) =>
      db.query(`UPDATE declaration.gates SET yards = $1 WHERE code = 'HUU_NGHI'`, [JSON.stringify(yards)]);
    try {
      await setYards([...before.filter((y) => y.code !== 'HUU_NGHI_CHO'), added]);
      const declarations = await count('declaration.declarations');
      // A yard taken off the list is refused, though the list in memory still had it.
      const removed = await create(firm, { ...declarationBody(), yard: 'HUU_NGHI_CHO' });
      expect(removed.status).toBe(400);
      expect(fields(removed)).toEqual(['yard']);
      expect(await count('declaration.declarations')).toBe(declarations);
      // A yard added to the list is taken.
      const listed = await create(firm, { ...declarationBody(), yard: 'Bãi chờ mới' });
      expect(listed.status).toBe(201);
      expect(listed.body.yard).toBe('HUU_NGHI_MOI');
    } finally {
      await setYards(before);
    }
    // Back on the list: taken, though the list in memory no longer had it.
    expect((await create(firm, { ...declarationBody(), yard: 'HUU_NGHI_CHO' })).status).toBe(201);
  });
});

describe('lifecycle', () => {
  it('goes DRAFT → SUBMITTED → ACCEPTED, auditing every step with actor and console', async () => {
    const created = await http()
      .post('/api/declarations')
      .set('authorization', firm.auth)
      .set('user-agent', 'Mozilla/5.0 (Android 10)')
      .send(declarationBody({ vehicles: [{}, {}] }));
    const id = created.body.id;
    const submitted = await http()
      .post(`/api/declarations/${id}/submit`)
      .set('authorization', firm.auth)
      .set('x-console', 'firm-portal');
    expect(submitted.status).toBe(200);
    expect(submitted.body.status).toBe('SUBMITTED');
    expect(submitted.body.vehicles.map((v: { status: string }) => v.status)).toEqual(['SUBMITTED', 'SUBMITTED']);
    const accepted = await http()
      .post(`/api/declarations/${id}/accept`)
      .set('authorization', customsHN.auth)
      .set('x-console', 'customs-console HUU_NGHI');
    expect(accepted.status).toBe(200);
    expect(accepted.body.status).toBe('ACCEPTED');
    const audit = await http().get(`/api/declarations/${id}/audit`).set('authorization', firm.auth);
    expect(
      audit.body
        .filter((a: { vehicleId: string | null }) => !a.vehicleId)
        .map((a: Record<string, unknown>) => [a.action, a.fromStatus ?? null, a.toStatus, a.actorRole, a.console]),
    ).toEqual([
      ['create', null, 'DRAFT', 'FIRM', 'Mozilla/5.0 (Android 10)'],
      ['submit', 'DRAFT', 'SUBMITTED', 'FIRM', 'firm-portal'],
      ['accept', 'SUBMITTED', 'ACCEPTED', 'CUSTOMS', 'customs-console HUU_NGHI'],
    ]);
    expect(audit.body.filter((a: { vehicleId: string | null }) => a.vehicleId)).toHaveLength(4);
  });

  it('rejects with a reason, which the firm sees', async () => {
    const { body } = await create(firm, declarationBody());
    await act(firm, body.id, 'submit');
    const noReason = await act(customsHN, body.id, 'reject', {});
    expect(noReason.status).toBe(400);
    expect(fields(noReason)).toContain('reason');
    const rejected = await act(customsHN, body.id, 'reject', { reason: 'Số tờ khai hải quan không khớp với hàng hóa' });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({
      status: 'REJECTED',
      decisionReason: 'Số tờ khai hải quan không khớp với hàng hóa',
    });
    const seen = await http().get(`/api/declarations/${body.id}`).set('authorization', firm.auth);
    expect(seen.body.vehicles[0].status).toBe('REJECTED');
  });

  it('refuses illegal transitions with 409 naming the current state', async () => {
    const { body } = await create(firm, declarationBody());
    const acceptDraft = await act(customsHN, body.id, 'accept');
    expect(acceptDraft.status).toBe(409);
    expect(acceptDraft.body.code).toBe('ILLEGAL_TRANSITION');
    expect(acceptDraft.body.message).toContain('DRAFT');
    await act(firm, body.id, 'submit');
    const again = await act(firm, body.id, 'submit');
    expect(again.status).toBe(409);
    expect(again.body.message).toContain('SUBMITTED');
    await act(firm, body.id, 'cancel', { reason: 'Đổi xe khác' });
    for (const [who, action] of [
      [firm, 'submit'],
      [customsHN, 'accept'],
      [customsHN, 'reject'],
      [firm, 'cancel'],
    ] as const) {
      const res = await act(who, body.id, action, action === 'reject' ? { reason: 'không hợp lệ' } : {});
      expect(res.status).toBe(409);
      expect(res.body.message).toContain('CANCELLED');
    }
  });

  it('cancels a draft, a submitted and an accepted declaration', async () => {
    for (const stage of ['DRAFT', 'SUBMITTED', 'ACCEPTED']) {
      const { body } = await create(firm, declarationBody());
      if (stage !== 'DRAFT') await act(firm, body.id, 'submit');
      if (stage === 'ACCEPTED') await act(customsHN, body.id, 'accept');
      const res = await act(firm, body.id, 'cancel', { reason: 'Hủy chuyến' });
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('CANCELLED');
    }
  });

  it('accepts automatically at a gate configured for it', async () => {
    await db.query(`UPDATE declaration.gates SET auto_accept = true WHERE code = 'TAN_THANH'`);
    try {
      const { body } = await create(firm, declarationBody({ gate: 'TAN_THANH' }));
      const res = await act(firm, body.id, 'submit');
      expect(res.body.status).toBe('ACCEPTED');
      const audit = await http().get(`/api/declarations/${body.id}/audit`).set('authorization', firm.auth);
      expect(audit.body).toContainEqual(
        expect.objectContaining({ action: 'accept', actorRole: 'SYSTEM', vehicleId: null }),
      );
    } finally {
      await db.query(`UPDATE declaration.gates SET auto_accept = false WHERE code = 'TAN_THANH'`);
    }
  });

  it('refuses to submit a plate that already has a live declaration (409), in any spelling', async () => {
    const plate = uniqueVnPlate();
    const a = await create(firm, declarationBody({ vehicles: [{ plate }] }));
    expect((await act(firm, a.body.id, 'submit')).status).toBe(200);
    const b = await create(
      otherFirm,
      declarationBody({ vehicles: [{ plate: plate.replace('-', ' ').replace('.', '').toLowerCase() }] }),
    );
    expect(b.status).toBe(201);
    const clash = await act(otherFirm, b.body.id, 'submit');
    expect(clash.status).toBe(409);
    expect(clash.body.code).toBe('CONFLICT');
    // Nothing of the refused submit was written: the declaration is still a draft, with no submit event.
    expect((await http().get(`/api/declarations/${b.body.id}`).set('authorization', otherFirm.auth)).body.status).toBe(
      'DRAFT',
    );
    expect(
      await count(`declaration.outbox WHERE type = 'declaration.submitted' AND aggregate_id = $1`, [b.body.id]),
    ).toBe(0);
    // Once the first is cancelled the plate is free again.
    await act(firm, a.body.id, 'cancel');
    expect((await act(otherFirm, b.body.id, 'submit')).status).toBe(200);
  });

  it('keeps the audit log append-only in the database', async () => {
    await expect(db.query('UPDATE declaration.audit_log SET reason = $1', ['sửa lén'])).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM declaration.audit_log')).rejects.toThrow(/append-only/);
  });
});

describe('amendments and correction requests', () => {
  it('makes each amendment a new version and keeps the old ones unchanged', async () => {
    const body = declarationBody({ vehicles: [{}, {}] });
    const { body: v1 } = await create(firm, body);
    const amended = {
      ...body,
      gate: undefined,
      direction: undefined,
      // A yard of the gate's list by one of its names: stored by its code.
      yard: 'Bãi tập kết Hữu Nghị',
      vehicles: [
        { ...body.vehicles[0], id: v1.vehicles[0].id, sealNumber: 'VN7654321' },
        { ...body.vehicles[1], plate: uniqueVnPlate() },
      ],
      note: 'Đổi xe thứ hai',
    };
    delete amended.gate;
    delete amended.direction;
    const res = await http().patch(`/api/declarations/${v1.id}`).set('authorization', firm.auth).send(amended);
    expect(res.status).toBe(200);
    expect(res.body.version).toBe(2);
    expect(res.body.yard).toBe('HUU_NGHI_TAP_KET');
    expect(res.body.vehicles[0]).toMatchObject({ id: v1.vehicles[0].id, sealNumber: 'VN7654321' });
    expect(res.body.vehicles[1].id).not.toBe(v1.vehicles[1].id);
    expect(res.body.vehicles).toHaveLength(2);
    const versions = await http().get(`/api/declarations/${v1.id}/versions`).set('authorization', firm.auth);
    expect(versions.body.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    expect(versions.body[0].content.yard).toBe('HUU_NGHI_CHO');
    expect(versions.body[0].content.vehicles[0].sealNumber).toBe('VN1234567');
    expect(versions.body[1].note).toBe('Đổi xe thứ hai');
  });

  it('refuses an amendment naming a vehicle of another declaration, and amendments once checked in', async () => {
    const { body: a } = await create(firm, declarationBody());
    const { body: b } = await create(firm, declarationBody());
    const content = declarationBody();
    const wrong = await http()
      .patch(`/api/declarations/${a.id}`)
      .set('authorization', firm.auth)
      .send({ ...amendmentOf(content), vehicles: [{ ...content.vehicles[0], id: b.vehicles[0].id }] });
    expect(wrong.status).toBe(400);
    expect(fields(wrong)).toContain('vehicles[0].id');
    await db.query(`UPDATE declaration.vehicles SET status = 'CHECKED_IN' WHERE declaration_id = $1`, [a.id]);
    const frozen = await http()
      .patch(`/api/declarations/${a.id}`)
      .set('authorization', firm.auth)
      .send(amendmentOf(content));
    expect(frozen.status).toBe(409);
    expect(frozen.body.message).toContain('CHECKED_IN');
  });

  it('runs the officer → firm correction request: request, firm amends, officer approves', async () => {
    const body = declarationBody();
    const { body: d } = await create(firm, body);
    await act(firm, d.id, 'submit');
    const asked = await act(customsHN, d.id, 'correction-requests', {
      message: 'Số container không khớp vận đơn',
      fields: ['vehicles[0].containerNumber'],
    });
    expect(asked.status).toBe(201);
    const request = asked.body.correctionRequests[0];
    expect(request).toMatchObject({ status: 'OPEN', message: 'Số container không khớp vận đơn' });
    const early = await act(customsHN, d.id, `correction-requests/${request.id}/approve`);
    expect(early.status).toBe(409);
    const answer = await http()
      .patch(`/api/declarations/${d.id}`)
      .set('authorization', firm.auth)
      .send({
        ...amendmentOf(body),
        vehicles: [{ ...body.vehicles[0], id: d.vehicles[0].id, containerNumber: 'MSKU9070323' }],
        correctionRequestId: request.id,
      });
    expect(answer.status).toBe(200);
    expect(answer.body.correctionRequests[0]).toMatchObject({ status: 'ANSWERED', answeredVersion: 2 });
    const approved = await act(customsHN, d.id, `correction-requests/${request.id}/approve`);
    expect(approved.status).toBe(200);
    expect(approved.body.correctionRequests[0].status).toBe('APPROVED');
    const types = (
      await db.query(`SELECT type FROM declaration.outbox WHERE aggregate_id = $1 ORDER BY sequence`, [d.id])
    ).rows.map((r) => r.type);
    expect(types).toEqual([
      'declaration.created',
      'declaration.submitted',
      'declaration.correction_requested',
      'declaration.amended',
      'declaration.correction_answered',
      'declaration.correction_approved',
    ]);
  });
});

describe('access', () => {
  it('hides another firm’s declaration (404) and keeps it from being changed', async () => {
    const { body } = await create(firm, declarationBody());
    expect((await http().get(`/api/declarations/${body.id}`).set('authorization', otherFirm.auth)).status).toBe(404);
    expect((await act(otherFirm, body.id, 'submit')).status).toBe(404);
    expect((await act(otherFirm, body.id, 'cancel')).status).toBe(404);
    expect(
      (
        await http()
          .patch(`/api/declarations/${body.id}`)
          .set('authorization', otherFirm.auth)
          .send(amendmentOf(declarationBody()))
      ).status,
    ).toBe(404);
    expect((await http().get(`/api/declarations/${body.id}/audit`).set('authorization', otherFirm.auth)).status).toBe(
      404,
    );
    expect(
      (await http().get(`/api/declarations/00000000-0000-4000-8000-000000000000`).set('authorization', firm.auth))
        .status,
    ).toBe(404);
  });

  it('keeps firms from officer actions (403) and officers from other gates (403)', async () => {
    const { body } = await create(firm, declarationBody({ gate: 'HUU_NGHI' }));
    await act(firm, body.id, 'submit');
    expect((await act(firm, body.id, 'accept')).status).toBe(403);
    expect((await act(firm, body.id, 'reject', { reason: 'tự từ chối' })).status).toBe(403);
    expect((await act(guardHN, body.id, 'accept')).status).toBe(403);
    const otherGate = await act(customsTT, body.id, 'accept');
    expect(otherGate.status).toBe(403);
    expect(otherGate.body.message).toContain('HUU_NGHI');
    expect((await http().get(`/api/declarations/${body.id}`).set('authorization', customsTT.auth)).status).toBe(404);
    expect((await act(customsHN, body.id, 'accept')).status).toBe(200);
    // Officers cannot file declarations.
    expect((await create(customsHN, declarationBody())).status).toBe(403);
    expect((await http().get('/api/declarations')).status).toBe(401);
  });
});

describe('idempotency', () => {
  it('returns the first response for the same key and body, and 422 for another body', async () => {
    const body = declarationBody();
    const first = await create(firm, body, 'retry-key-0001');
    const second = await create(firm, body, 'retry-key-0001');
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.id).toBe(first.body.id);
    const other = await create(firm, declarationBody(), 'retry-key-0001');
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    // Keys are per firm: another firm's same key is a new request.
    const otherFirmSameKey = await create(otherFirm, body, 'retry-key-0001');
    expect(otherFirmSameKey.status).toBe(201);
    expect(otherFirmSameKey.body.id).not.toBe(first.body.id);
    expect((await create(firm, body, 'bad key!')).status).toBe(400);
  });

  it('creates one declaration when the same key arrives many times at once', async () => {
    const body = declarationBody();
    const before = await count('declaration.declarations');
    const results = await Promise.all(Array.from({ length: 12 }, () => create(firm, body, 'concurrent-key-42')));
    expect(results.map((r) => r.status)).toEqual(Array(12).fill(201));
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(await count('declaration.declarations')).toBe(before + 1);
  });

  it('keeps keys at least 24 hours', async () => {
    const body = declarationBody();
    const first = await create(firm, body, 'day-old-key-1');
    await db.query(
      `UPDATE declaration.idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = 'day-old-key-1'`,
    );
    const janitor = await import('../src/declarations/idempotency-janitor.js');
    await t.app.get(janitor.IdempotencyJanitor).purge();
    const again = await create(firm, body, 'day-old-key-1');
    expect(again.body.id).toBe(first.body.id);
  });
});

describe('lists and plate search', () => {
  it('lists own declarations with filters and pagination; officers see their gates', async () => {
    const f = await registerFirm(http, 'Công ty Lọc danh sách');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push((await create(f, declarationBody({ gate: i < 3 ? 'HUU_NGHI' : 'TAN_THANH' }))).body.id);
    await act(f, ids[0], 'submit');
    const page1 = await http().get('/api/declarations?pageSize=2&page=1').set('authorization', f.auth);
    expect(page1.body).toMatchObject({ total: 5, page: 1, pageSize: 2 });
    expect(page1.body.items).toHaveLength(2);
    const page3 = await http().get('/api/declarations?pageSize=2&page=3').set('authorization', f.auth);
    expect(page3.body.items).toHaveLength(1);
    const all = new Set(
      [
        ...page1.body.items,
        ...(await http().get('/api/declarations?pageSize=2&page=2').set('authorization', f.auth)).body.items,
        ...page3.body.items,
      ].map((d: { id: string }) => d.id),
    );
    expect(all).toEqual(new Set(ids));
    const submitted = await http().get('/api/declarations?status=SUBMITTED').set('authorization', f.auth);
    expect(submitted.body.items.map((d: { id: string }) => d.id)).toEqual([ids[0]]);
    const tt = await http().get('/api/declarations?gate=TAN_THANH').set('authorization', f.auth);
    expect(tt.body.total).toBe(2);
    const officer = await http().get('/api/declarations?pageSize=100').set('authorization', customsTT.auth);
    expect(officer.body.items.every((d: { gate: string }) => d.gate === 'TAN_THANH')).toBe(true);
    // By number, in any case and spacing a search box may send.
    const { number } = (await http().get(`/api/declarations/${ids[1]}`).set('authorization', f.auth)).body as {
      number: string;
    };
    for (const typed of [number, number.toLowerCase(), number.replace('-', ' ')]) {
      const found = await http()
        .get(`/api/declarations?number=${encodeURIComponent(typed)}`)
        .set('authorization', f.auth);
      expect(found.body.items.map((d: { id: string }) => d.id)).toEqual([ids[1]]);
    }
    expect((await http().get('/api/declarations?pageSize=1000').set('authorization', f.auth)).status).toBe(400);
    expect((await http().get('/api/declarations?status=FLYING').set('authorization', f.auth)).status).toBe(400);
  });

  it('finds a vehicle by any spelling of its plate or trailer plate, within scope', async () => {
    const plate = uniqueVnPlate('LD');
    const { body } = await create(firm, declarationBody({ vehicles: [{ plate, trailerPlate: '51R-045.67' }] }));
    const spellings = [
      plate,
      plate.toLowerCase(),
      plate.replace('-', ' ').replace('.', ' '),
      plate.replace(/[-.]/g, ''),
    ];
    for (const s of spellings) {
      const res = await http().get('/api/vehicles').query({ plate: s }).set('authorization', firm.auth);
      expect(res.status).toBe(200);
      expect(res.body.map((v: { declarationId: string }) => v.declarationId)).toContain(body.id);
    }
    const byTrailer = await http().get('/api/vehicles').query({ plate: '51r 04567' }).set('authorization', firm.auth);
    expect(byTrailer.body.map((v: { declarationId: string }) => v.declarationId)).toContain(body.id);
    expect((await http().get('/api/vehicles').query({ plate }).set('authorization', otherFirm.auth)).body).toEqual([]);
    expect((await http().get('/api/vehicles').query({ plate }).set('authorization', customsHN.auth)).body).toHaveLength(
      1,
    );
    const listed = await http()
      .get('/api/declarations')
      .query({ plate: plate.toLowerCase() })
      .set('authorization', firm.auth);
    expect(listed.body.items.map((d: { id: string }) => d.id)).toEqual([body.id]);
    expect((await http().get('/api/vehicles').query({ plate: '???' }).set('authorization', firm.auth)).status).toBe(
      400,
    );
  });

  it('gives officers accepted declarations ready for the yard', async () => {
    const d = await acceptedDeclaration(http, firm, customsHN);
    expect(d.status).toBe('ACCEPTED');
  });
});

describe('a truck at the yard before its acceptance event', () => {
  // The relays are off in this file: the yard only learns of an acceptance by asking for it.
  it('is checked in by plate or slip: the yard fetches the acceptance still on its way', async () => {
    const yard = await createOfficer(http, admin, 'YARD_OPERATOR', ['HUU_NGHI']);
    const byPlate = await acceptedDeclaration(http, firm, customsHN);
    const plate = byPlate.vehicles[0].plate.toLowerCase().replace('-', ' ');
    const a = await http().post('/api/check-ins').set('authorization', yard.auth).send({ gate: 'HUU_NGHI', plate });
    expect(a.status).toBe(201);
    expect(a.body.vehicleId).toBe(byPlate.vehicles[0].id);
    const bySlip = await acceptedDeclaration(http, firm, customsHN);
    const b = await http()
      .post('/api/check-ins')
      .set('authorization', yard.auth)
      .send({ gate: 'HUU_NGHI', qr: bySlip.vehicles[0].slipCode });
    expect(b.status).toBe(201);
    const copy = await db.query('SELECT declaration_version FROM yard_queue.vehicles WHERE vehicle_id = $1', [
      bySlip.vehicles[0].id,
    ]);
    expect(copy.rows[0].declaration_version).toBe(1);
  });

  it('checks a Chinese truck in from a keyboard without Chinese: GUI F… is 桂F…', async () => {
    const yard = await createOfficer(http, admin, 'YARD_OPERATOR', ['HUU_NGHI']);
    const serial = String(10000 + Math.floor(Math.random() * 89999));
    const d = await acceptedDeclaration(
      http,
      firm,
      customsHN,
      declarationBody({ vehicles: [{ plate: `桂F${serial}`, nationality: 'CN' }] }),
    );
    const res = await http()
      .post('/api/check-ins')
      .set('authorization', yard.auth)
      .send({ gate: 'HUU_NGHI', plate: `gui f ${serial}` });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ vehicleId: d.vehicles[0].id, plate: `桂F${serial}` });
  });

  it('is refused in words the driver can act on: not declared, waiting for customs, cancelled', async () => {
    const yard = await createOfficer(http, admin, 'YARD_OPERATOR', ['HUU_NGHI']);
    const created = await create(firm, declarationBody());
    await act(firm, created.body.id, 'submit');
    const submitted = await http()
      .post('/api/check-ins')
      .set('authorization', yard.auth)
      .send({ gate: 'HUU_NGHI', plate: created.body.vehicles[0].plate });
    expect(submitted.status).toBe(404);
    expect(submitted.body.message).toContain(`Tờ khai ${created.body.number}`);
    expect(submitted.body.message).toContain('đang chờ hải quan chấp nhận');
    const never = await http()
      .post('/api/check-ins')
      .set('authorization', yard.auth)
      .send({ gate: 'HUU_NGHI', plate: '99C-999.91' });
    expect(never.status).toBe(404);
    expect(never.body.message).toContain('chưa được khai báo');
    const accepted = await acceptedDeclaration(http, firm, customsHN);
    expect((await act(firm, accepted.id, 'cancel', { reason: 'Hủy chuyến' })).status).toBe(200);
    const cancelled = await http()
      .post('/api/check-ins')
      .set('authorization', yard.auth)
      .send({ gate: 'HUU_NGHI', plate: accepted.vehicles[0].plate });
    expect(cancelled.status).toBe(409);
  });
});

const rowsFor = async (plateKey: string) =>
  Number(
    (
      await db.query(
        `SELECT count(*)::int AS n FROM declaration.vehicles v JOIN declaration.declarations d ON d.id = v.declaration_id
          WHERE v.plate_key = $1 AND d.status <> 'CANCELLED'`,
        [plateKey],
      )
    ).rows[0].n,
  );

// A plate the firm has already filed (a draft included) is refused with the declaration that holds it, so a
// lost response followed by a second filing cannot leave an orphan draft next to the real one.
describe('a plate that already has an open declaration', () => {
  it('is refused while a draft holds it, in any spelling, naming the draft; free again once it is cancelled', async () => {
    const plate = uniqueVnPlate();
    const first = await create(firm, declarationBody({ vehicles: [{ plate }] }));
    expect(first.status).toBe(201);
    const again = await create(
      firm,
      declarationBody({ vehicles: [{ plate: uniqueVnPlate() }, { plate: plate.replace(/[-.]/g, ' ').toLowerCase() }] }),
    );
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('CONFLICT');
    expect(again.body.message).toBe(
      `Xe ${plate} đã có tờ khai ${first.body.number} đang mở (nháp): hãy mở tờ khai đó để sửa hoặc hủy trước khi khai lại`,
    );
    expect(again.body.errors).toEqual([{ field: 'vehicles[1].plate', message: again.body.message }]);
    // Another firm's draft of the same plate is its own business (a submitted one is refused at submit).
    expect((await create(otherFirm, declarationBody({ vehicles: [{ plate }] }))).status).toBe(201);
    await http().post(`/api/declarations/${first.body.id}/cancel`).set('authorization', firm.auth).send({});
    expect((await create(firm, declarationBody({ vehicles: [{ plate }] }))).status).toBe(201);
  });

  it('files one declaration when many filings of one plate arrive at once', async () => {
    const plate = uniqueVnPlate();
    const results = await Promise.all(
      Array.from({ length: 16 }, () => create(firm, declarationBody({ vehicles: [{ plate }] }))),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, ...Array(15).fill(409)]);
    const key = (results.find((r) => r.status === 201)!.body as { vehicles: { plateKey: string }[] }).vehicles[0]
      .plateKey;
    expect(await rowsFor(key)).toBe(1);
  });

  it('does not refuse the retry of a filing whose response was lost: the same key answers as the first time', async () => {
    const plate = uniqueVnPlate();
    const body = declarationBody({ vehicles: [{ plate }] });
    const first = await create(firm, body, 'lost-response-0001');
    const retries = await Promise.all(Array.from({ length: 6 }, () => create(firm, body, 'lost-response-0001')));
    expect(retries.map((r) => [r.status, r.body.id])).toEqual(Array(6).fill([201, first.body.id]));
    expect(await rowsFor(first.body.vehicles[0].plateKey)).toBe(1);
  });
});
