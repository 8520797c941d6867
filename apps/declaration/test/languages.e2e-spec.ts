import { randomUUID } from 'node:crypto';
import { createTestApp, declarationBody, registerFirm, type Session, type TestApp } from '#libs/testing/src/index.js';
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
