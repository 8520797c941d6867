import { ManualClock } from '#libs/clock/src/index.js';
import {
  createOfficer,
  declarationBody,
  login,
  registerFirm,
  type Session,
  TEST_ADMIN,
  type TestApp,
} from '#libs/testing/src/index.js';
import { createPlatformTestApp } from '../../apps/yard-queue/test/yard-fixtures.js';

// Times a person types: every one must carry its offset, or it would be read seven hours off at the gate.
const clock = new ManualClock('2026-12-01T00:40:00.000Z');
let t: TestApp;
let admin: Session, firm: Session;
const http = () => t.http();

beforeAll(async () => {
  t = await createPlatformTestApp('strict_input', clock);
  admin = await login(http, TEST_ADMIN.email, TEST_ADMIN.password);
  firm = await registerFirm(http);
  await createOfficer(http, admin, 'CUSTOMS', ['HUU_NGHI']);
});
afterAll(() => t?.close());

describe('times without an offset', () => {
  it.each(['2026-12-24T08:30:00', '2026-12-24T08:30', '2026-12-24'])(
    'a declaration expected at %s is refused with 400 showing an accepted example, and nothing is filed',
    async (arrival) => {
      const before = await http().get('/api/declarations').set('authorization', firm.auth);
      const res = await http()
        .post('/api/declarations')
        .set('authorization', firm.auth)
        .send({ ...declarationBody(), expectedArrival: arrival });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([
        { field: 'expectedArrival', message: expect.stringContaining('2026-12-24T08:30:00+07:00') },
      ]);
      const after = await http().get('/api/declarations').set('authorization', firm.auth);
      expect(after.body.total).toBe(before.body.total);
    },
  );

  it('the same moment with +07:00 or Z is accepted and stored as that instant', async () => {
    const withOffset = await http()
      .post('/api/declarations')
      .set('authorization', firm.auth)
      .send({ ...declarationBody(), expectedArrival: '2026-12-24T08:30:00+07:00' });
    expect(withOffset.status).toBe(201);
    expect(new Date(withOffset.body.expectedArrival).toISOString()).toBe('2026-12-24T01:30:00.000Z');
  });

  it('a suspension until a local time is refused; with an offset it is taken', async () => {
    const local = await http()
      .post('/api/gates/TAN_THANH/suspend')
      .set('authorization', admin.auth)
      .send({ reason: 'Phía bạn tạm dừng', until: '2026-12-01T14:00:00' });
    expect(local.status).toBe(400);
    expect(local.body.errors).toEqual([{ field: 'until', message: expect.stringContaining('+07:00') }]);
    const ok = await http()
      .post('/api/gates/TAN_THANH/suspend')
      .set('authorization', admin.auth)
      .send({ reason: 'Phía bạn tạm dừng', until: '2026-12-01T14:00:00+07:00' });
    expect(ok.status).toBeLessThan(300);
    await http().post('/api/gates/TAN_THANH/resume').set('authorization', admin.auth).send({});
  });
});
