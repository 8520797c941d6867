// The firm's book of trucks and drivers: written by every submission (not by a draft), the latest filing
// winning, read and pruned by that firm only.
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
import type { FleetBookView } from '../src/vehicles/fleet-book.dto.js';

let t: TestApp;
let firm: Session;
let other: Session;
const http = () => t.http();

beforeAll(async () => {
  t = await createTestApp({ label: 'fleet_book', services: [DeclarationServiceModule], databases: [DECLARATION_DB] });
  firm = await registerFirm(http);
  other = await registerFirm(http, 'Công ty TNHH Vận tải Kỳ Lừa');
});
afterAll(() => t?.close());

const book = async (s: Session): Promise<FleetBookView> => {
  const res = await http().get('/api/fleet-book').set('authorization', s.auth);
  expect(res.status).toBe(200);
  return res.body as FleetBookView;
};

async function file(s: Session, body: ReturnType<typeof declarationBody>, submit = true): Promise<string> {
  const created = await http().post('/api/declarations').set('authorization', s.auth).send(body);
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  if (!submit) return id;
  const submitted = await http().post(`/api/declarations/${id}/submit`).set('authorization', s.auth);
  expect(submitted.status).toBe(200);
  return id;
}

const truck = '20C-111.22';
const chinese = '桂F12345';

it('is written by a submission, not by a draft, and the latest filing of a plate or driver wins', async () => {
  await file(firm, declarationBody({ vehicles: [{ plate: uniqueVnPlate() }] }), false);
  expect(await book(firm)).toEqual({ vehicles: [], drivers: [] });

  const first = declarationBody({
    vehicles: [
      { plate: '20c 11122', trailerPlate: '20R-012.34' },
      { plate: chinese, nationality: 'CN' },
    ],
  });
  first.vehicles[1].driver = {
    name: 'Lý Minh',
    document: { type: 'PASSPORT', number: 'e 1234 5678' },
    phone: '0912000111',
  };
  Object.assign(first.vehicles[1], { driverLanguage: 'zh' });
  const firstId = await file(firm, first);
  let b = await book(firm);
  expect(b.vehicles.map((v) => v.plate).sort()).toEqual([truck, chinese].sort());
  expect(b.vehicles.find((v) => v.plate === truck)).toMatchObject({
    plateKey: '20C11122',
    trailerPlate: '20R-012.34',
    nationality: 'VN',
    feeClass: 'CONTAINER_40FT',
    driver: {
      name: 'Hoàng Văn Bình',
      document: { type: 'CCCD', number: '020123456789' },
      phone: '+84912345678',
      language: 'vi',
    },
  });
  expect(b.vehicles.find((v) => v.plate === chinese)?.driver).toMatchObject({
    name: 'Lý Minh',
    document: { type: 'PASSPORT', number: 'E12345678' },
    language: 'zh',
  });
  expect(b.drivers).toHaveLength(2);

  // The same truck filed again (the first filing withdrawn) with another driver: one entry, pointing at him; both drivers stay in the book.
  const again = declarationBody({ vehicles: [{ plate: truck }] });
  again.vehicles[0].driver = {
    name: 'Nông Thị Hoa',
    document: { type: 'CCCD', number: '020987654321' },
    phone: '0987654321',
  };
  const cancelled = await http().post(`/api/declarations/${firstId}/cancel`).set('authorization', firm.auth).send({});
  expect(cancelled.status).toBe(200);
  await file(firm, again);
  b = await book(firm);
  expect(b.vehicles.filter((v) => v.plateKey === '20C11122')).toHaveLength(1);
  expect(b.vehicles[0]).toMatchObject({ plate: truck, trailerPlate: null, driver: { name: 'Nông Thị Hoa' } });
  expect(b.drivers.map((d) => d.name)).toEqual(['Nông Thị Hoa', expect.any(String), expect.any(String)]);
});

it("is the firm's own: another firm neither sees nor deletes it", async () => {
  expect(await book(other)).toEqual({ vehicles: [], drivers: [] });
  const del = await http().delete('/api/fleet-book/vehicles/20C11122').set('authorization', other.auth);
  expect(del.status).toBe(404);
  expect((await book(firm)).vehicles).toHaveLength(2);
  expect((await http().get('/api/fleet-book')).status).toBe(401);
});

it('deletes a truck or a driver; a truck whose driver is deleted stays, without a driver', async () => {
  const plateKey = encodeURIComponent('桂F12345');
  expect((await http().delete(`/api/fleet-book/vehicles/${plateKey}`).set('authorization', firm.auth)).status).toBe(
    204,
  );
  expect((await http().delete(`/api/fleet-book/vehicles/${plateKey}`).set('authorization', firm.auth)).status).toBe(
    404,
  );
  const gone = await http().delete('/api/fleet-book/drivers/CCCD/020987654321').set('authorization', firm.auth);
  expect(gone.status).toBe(204);
  const b = await book(firm);
  expect(b.vehicles).toEqual([expect.objectContaining({ plate: truck, driver: null })]);
  expect(b.drivers.map((d) => d.document.number).sort()).toEqual(['020123456789', 'E12345678']);
  const bad = await http().delete('/api/fleet-book/drivers/VISA/123').set('authorization', firm.auth);
  expect(bad.status).toBe(400);
});
