import { randomUUID } from 'node:crypto';
import {
  createTestApp,
  declarationBody,
  registerFirm,
  type Session,
  type TestApp,
  uniqueVnPlate,
} from '#libs/testing/src/index.js';
import { DECLARATION_DB } from '../src/database/declaration-database.js';
import { DeclarationServiceModule } from '../src/declaration-service.module.js';

// The same refusals, said in the language the request asks for: Accept-Language (or ?lang=), Vietnamese by default.
let t: TestApp;
let firm: Session;
const http = () => t.http();

beforeAll(async () => {
  t = await createTestApp({
    label: 'languages',
    services: [DeclarationServiceModule],
    databases: [DECLARATION_DB],
    env: { OUTBOX_RELAY: 'off' },
  });
  firm = await registerFirm(http, 'Công ty TNHH Ngôn ngữ Đồng Đăng');
});
afterAll(async () => {
  await t?.close();
});

type Req = ReturnType<ReturnType<typeof http>['post']>;
const invalidCreate = (language?: string, query = '') => {
  const r = http().post(`/api/declarations${query}`).set('authorization', firm.auth);
  if (language) r.set('accept-language', language);
  return r.send({ ...declarationBody(), stowaway: 1 });
};
const missing = (language?: string) => {
  const r = http().get(`/api/declarations/${randomUUID()}`).set('authorization', firm.auth);
  return language ? r.set('accept-language', language) : r;
};

describe('server refusals in the reader’s language', () => {
  // What used to reach Chinese and English readers as the parser or class-validator phrased it.
  it.each([
    ['a JSON syntax error', 'zh-CN', (r: Req) => r.send('{a:1}'), 'body', 'JSON 在第 1 个字符处格式无效'],
    [
      'a key given twice',
      'en',
      (r: Req) => r.send('{"gate":"HUU_NGHI","gate":"HUU_NGHI"}'),
      'gate',
      'Field "gate" appears twice',
    ],
    [
      'a control character',
      'zh-CN',
      (r: Req) => r.send({ ...declarationBody(), yard: 'a\u0001b' }),
      'yard',
      '"yard"含有不允许的控制字符',
    ],
    [
      'no goods',
      'en',
      (r: Req) => r.send({ ...declarationBody(), goods: [] }),
      'goods',
      'At least one goods group is needed',
    ],
    [
      'a constraint worded by its DTO',
      'zh-CN',
      (r: Req) => r.send({ ...declarationBody(), vehicles: [] }),
      'vehicles',
      '至少需要一辆车',
    ],
  ])('%s (%s)', async (_, language, send, field, message) => {
    const r = http()
      .post('/api/declarations')
      .set('authorization', firm.auth)
      .set('accept-language', language)
      .set('content-type', 'application/json');
    const res = await send(r);
    expect(res.status).toBe(400);
    expect(res.body.errors).toContainEqual({ field, message });
  });

  it('a password too short, in Chinese', async () => {
    const res = await http().post('/api/auth/register').set('accept-language', 'zh').send({
      firmName: 'Công ty Thử',
      taxCode: '0100109106',
      email: 'a@b.vn',
      password: 'short',
      phone: '0912345678',
    });
    expect(res.status).toBe(400);
    expect(res.body.errors).toContainEqual({ field: 'password', message: '密码至少 8 个字符' });
  });

  it.each([
    [undefined, 'Dữ liệu không hợp lệ: stowaway', 'Trường "stowaway" không được phép'],
    ['vi-VN,vi;q=0.9', 'Dữ liệu không hợp lệ: stowaway', 'Trường "stowaway" không được phép'],
    ['zh-CN,zh;q=0.9,en;q=0.8', '数据无效：stowaway', '不允许字段"stowaway"'],
    ['en-US,en;q=0.9', 'Invalid data: stowaway', 'Field "stowaway" is not allowed'],
  ])('a declaration refused by validation, Accept-Language %j', async (language, message, fieldMessage) => {
    const res = await invalidCreate(language).expect(400);
    expect(res.body).toEqual({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message,
      errors: [{ field: 'stowaway', message: fieldMessage }],
    });
  });

  it.each([
    [undefined, 'Không tìm thấy tờ khai'],
    ['zh-CN', '未找到申报单'],
    ['en', 'Declaration not found'],
    ['fr-FR,fr;q=0.9', 'Không tìm thấy tờ khai'],
  ])('a declaration not found, Accept-Language %j', async (language, message) => {
    const res = await missing(language).expect(404);
    expect(res.body).toEqual({ statusCode: 404, code: 'NOT_FOUND', message });
  });

  it('?lang= outranks the header, and refusals before any handler (bad JSON, no session) follow the language too', async () => {
    const asked = await invalidCreate('zh-CN', '?lang=en').expect(400);
    expect(asked.body.message).toBe('Invalid data: stowaway');
    const json = await http()
      .post('/api/declarations')
      .set('authorization', firm.auth)
      .set('accept-language', 'zh-CN')
      .set('content-type', 'application/json')
      .send('{"gate":')
      .expect(400);
    expect(json.body).toMatchObject({ code: 'MALFORMED_JSON', message: 'JSON 格式无效' });
    const anonymous = await http().get('/api/declarations').set('accept-language', 'zh-CN').expect(401);
    expect(anonymous.body).toEqual({ statusCode: 401, code: 'UNAUTHENTICATED', message: '未登录或登录已过期' });
  });
});

// The domain's refusals (libs/domain) reach the reader in the language asked, as the catalog says them.
describe('the domain’s refusals in the reader’s language', () => {
  type Lang = 'zh-CN' | 'en' | undefined;
  const send = (path: string, body: object, lang: Lang, auth = firm.auth) => {
    const r = http().post(path).set('authorization', auth);
    return (lang ? r.set('accept-language', lang) : r).send(body);
  };
  const fieldsOf = (body: { errors: { field: string; message: string }[] }) =>
    Object.fromEntries(body.errors.map((e) => [e.field, e.message]));

  it.each<[Lang, string, string]>([
    [
      'zh-CN',
      '车牌无效："12X-1" — 格式应为 12C-123.45、12C-1234、29LD-123.45、12R-012.34（挂车）、桂F12345 或 桂F1234挂',
      '身份证 (CCCD) 号码无效："123" — 必须正好是 12 位数字',
    ],
    [
      'en',
      'Invalid plate: "12X-1" — it must read like 12C-123.45, 12C-1234, 29LD-123.45, 12R-012.34 (trailer), 桂F12345 or 桂F1234挂',
      'Invalid CCCD number: "123" — it must be exactly 12 digits',
    ],
    [
      undefined,
      'Biển số không hợp lệ: "12X-1" — phải có dạng 12C-123.45, 12C-1234, 29LD-123.45, 12R-012.34 (rơ-moóc), 桂F12345 hoặc 桂F1234挂',
      'Số CCCD không hợp lệ: "123" — phải gồm đúng 12 chữ số',
    ],
  ])('an identifier refused by its field check, Accept-Language %j', async (lang, plate, cccd) => {
    const body = declarationBody();
    body.vehicles[0].plate = '12X-1';
    body.vehicles[0].driver.document.number = '123';
    const res = await send('/api/declarations', body, lang).expect(400);
    expect(fieldsOf(res.body)).toEqual({ 'vehicles[0].plate': plate, 'vehicles[0].driver.document.number': cccd });
  });

  it('a tax code refused at registration', async () => {
    const body = {
      firmName: 'Công ty Mã số thuế sai',
      taxCode: '0100109107',
      email: `mst-${randomUUID()}@test.vn`,
      password: 'mat-khau-123',
      phone: '0912345678',
    };
    const zh = await send('/api/auth/register', body, 'zh-CN').expect(400);
    expect(zh.body.errors).toEqual([{ field: 'taxCode', message: '税号无效："0100109107" — 校验位错误' }]);
    const en = await send('/api/auth/register', body, 'en').expect(400);
    expect(en.body.errors).toEqual([
      { field: 'taxCode', message: 'Invalid tax code: "0100109107" — wrong check digit' },
    ]);
  });

  it('the declaration’s fields checked together: a plate twice, a plate of the other country', async () => {
    const plate = uniqueVnPlate();
    const body = declarationBody({ vehicles: [{ plate }, { plate, nationality: 'CN' }] });
    const zh = await send('/api/declarations', body, 'zh-CN').expect(400);
    expect(fieldsOf(zh.body)).toEqual({
      'vehicles[1].plate': `车牌 ${plate} 在申报单中出现两次`,
      'vehicles[1].nationality': `车牌 ${plate} 不是中国车牌`,
    });
    const en = await send('/api/declarations', body, 'en').expect(400);
    expect(fieldsOf(en.body)).toEqual({
      'vehicles[1].plate': `Plate ${plate} appears twice in the declaration`,
      'vehicles[1].nationality': `Plate ${plate} is not a Chinese plate`,
    });
  });

  it('a transition the lifecycle refuses, and a plate that already has an open declaration', async () => {
    const plate = uniqueVnPlate();
    const created = await send('/api/declarations', declarationBody({ vehicles: [{ plate }] }), undefined).expect(201);
    const { id, number } = created.body as { id: string; number: string };
    await send(`/api/declarations/${id}/submit`, {}, undefined).expect(200);
    const zh = await send(`/api/declarations/${id}/submit`, {}, 'zh-CN').expect(409);
    expect(zh.body).toEqual({
      statusCode: 409,
      code: 'ILLEGAL_TRANSITION',
      message: '车辆处于 SUBMITTED（已提交，待海关审核） 状态时无法提交申报单',
    });
    const en = await send(`/api/declarations/${id}/submit`, {}, 'en').expect(409);
    expect(en.body.message).toBe('Cannot file the declaration in state SUBMITTED (filed, awaiting customs)');

    const again = await send('/api/declarations', declarationBody({ vehicles: [{ plate }] }), 'zh-CN').expect(409);
    const open = `车辆 ${plate} 已有未结申报单 ${number}（已提交，待海关审核）：请先打开该申报单修改或取消，再重新申报`;
    expect(again.body).toEqual({
      statusCode: 409,
      code: 'CONFLICT',
      message: open,
      errors: [{ field: 'vehicles[0].plate', message: open }],
    });
    const againEn = await send('/api/declarations', declarationBody({ vehicles: [{ plate }] }), 'en').expect(409);
    expect(againEn.body.message).toBe(
      `Truck ${plate} already has open declaration ${number} (filed, awaiting customs): open it to amend or cancel it before declaring again`,
    );
  });

  it('an event endpoint over plain http', async () => {
    const body = { url: 'http://erp.example.vn/hooks', eventTypes: ['vehicle.called'] };
    const zh = await send('/api/webhooks', body, 'zh-CN').expect(400);
    expect(zh.body.errors).toEqual([
      { field: 'url', message: '接收地址必须使用 https（http 仅限 localhost 测试使用）' },
    ]);
    const en = await send('/api/webhooks', body, 'en').expect(400);
    expect(en.body.message).toBe('The endpoint must use https (http only to localhost, for testing)');
  });
});
