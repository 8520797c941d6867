import pg from 'pg';
import { ManualClock } from '#libs/clock/src/index.js';
import {
  acceptedDeclaration,
  createOfficer,
  declarationBody,
  eventually,
  login,
  registerFirm,
  type Session,
  TEST_ADMIN,
  type TestApp,
  uniqueVnPlate,
} from '#libs/testing/src/index.js';
import { createPlatformTestApp, seedAcceptedVehicles } from './yard-fixtures.js';

// The domain's refusals at the yard and the gate, said in the language the request asks for (Accept-Language):
// a check-in without an accepted declaration, one live booking per truck, a refused transition, a second
// confirmation, a gate schedule, a refund, a tariff rule, and a firm's change the yard refuses.

// Tuesday 1 December 2026, 07:40 in Lạng Sơn (UTC+7): Hữu Nghị is open 07:00–19:00.
const clock = new ManualClock('2026-12-01T00:40:00.000Z');
let t: TestApp;
let db: pg.Client;
let admin: Session, firm: Session, customs: Session, yard: Session, yardTT: Session;
const http = () => t.http();
const arrival = () => new Date(clock.now().getTime() + 3600_000).toISOString();

beforeAll(async () => {
  t = await createPlatformTestApp('yard_languages', clock);
  db = new pg.Client({ connectionString: t.databaseUrl });
  await db.connect();
  admin = await login(http, TEST_ADMIN.email, TEST_ADMIN.password);
  firm = await registerFirm(http, 'Công ty TNHH Ngôn ngữ Tân Thanh');
  customs = await createOfficer(http, admin, 'CUSTOMS', ['HUU_NGHI']);
  yard = await createOfficer(http, admin, 'YARD_OPERATOR', ['HUU_NGHI']);
  yardTT = await createOfficer(http, admin, 'YARD_OPERATOR', ['TAN_THANH']);
});
afterAll(async () => {
  await db?.end();
  await t?.close();
});

type Lang = 'zh-CN' | 'en';
const post = (s: Session, path: string, body: object, lang?: Lang) => {
  const r = http().post(path).set('authorization', s.auth);
  return (lang ? r.set('accept-language', lang) : r).send(body);
};
const checkIn = (s: Session, gate: string, plate: string, lang?: Lang) =>
  post(s, '/api/check-ins', { gate, plate }, lang);
const act = (s: Session, id: string, action: string, body: object = {}, lang?: Lang) =>
  post(s, `/api/queue-entries/${id}/${action}`, body, lang);

/** A truck filed, submitted and accepted through the API (its fee class priced), and known to the yard. */
async function acceptedViaApi() {
  const plate = uniqueVnPlate();
  const d = await acceptedDeclaration(
    http,
    firm,
    customs,
    declarationBody({ vehicles: [{ plate }], arrival: arrival() }),
  );
  await eventually(async () => {
    const { rows } = await db.query('SELECT 1 FROM yard_queue.vehicles WHERE vehicle_id = $1', [d.vehicles[0].id]);
    if (rows.length === 0) throw new Error('not yet relayed');
  });
  return { declaration: d, vehicleId: d.vehicles[0].id, plate };
}

describe('the yard’s refusals in the reader’s language', () => {
  it('a truck with no declaration, in Chinese and English', async () => {
    const plate = uniqueVnPlate();
    const zh = await checkIn(yard, 'HUU_NGHI', plate, 'zh-CN').expect(404);
    expect(zh.body).toEqual({
      statusCode: 404,
      code: 'NOT_FOUND',
      message: `车辆 ${plate} 尚未申报：没有任何申报单。请司机联系企业办理申报。`,
    });
    const en = await checkIn(yard, 'HUU_NGHI', plate, 'en').expect(404);
    expect(en.body.message).toBe(
      `Truck ${plate} is not declared: there is no declaration. The driver should ask the firm to file one.`,
    );
    const vi = await checkIn(yard, 'HUU_NGHI', plate).expect(404);
    expect(vi.body.message).toBe(
      `Xe ${plate} chưa được khai báo: không có tờ khai nào. Đề nghị lái xe liên hệ doanh nghiệp để lập tờ khai.`,
    );
  });

  it('a truck already queued at the other gate, naming it and its state in words', async () => {
    const plate = uniqueVnPlate();
    await seedAcceptedVehicles(t, 2, { plate: () => plate, gate: (i) => (i ? 'TAN_THANH' : 'HUU_NGHI') });
    await checkIn(yard, 'HUU_NGHI', plate).expect(201);
    const zh = await checkIn(yardTT, 'TAN_THANH', plate, 'zh-CN').expect(409);
    expect(zh.body.message).toMatch(
      new RegExp(
        `^车辆 ${plate.replace('.', '\\.')} 正在 .+（HUU_NGHI；已进入停车场，已分配时段）排队：每辆车只能在一个口岸保留一个排队名额。须先结束或取消该排队，才能进入口岸 TAN_THANH 的停车场。$`,
      ),
    );
    const en = await checkIn(yardTT, 'TAN_THANH', plate, 'en').expect(409);
    expect(en.body.message).toMatch(
      /\(HUU_NGHI; in the yard, with a window\): a truck holds one place at one gate only/,
    );
  });

  it('a transition the lifecycle refuses, and a second confirmation by one agency', async () => {
    const [v] = await seedAcceptedVehicles(t, 1);
    const entry = (await checkIn(yard, 'HUU_NGHI', v.plate).expect(201)).body as { id: string };
    const zh = await act(customs, entry.id, 'arrive', {}, 'zh-CN').expect(409);
    expect(zh.body).toEqual({
      statusCode: 409,
      code: 'ILLEGAL_TRANSITION',
      message: '车辆处于 CHECKED_IN（已进入停车场，已分配时段） 状态时无法登记车辆到达闸口',
    });
    const en = await act(customs, entry.id, 'arrive', {}, 'en').expect(409);
    expect(en.body.message).toBe(
      'Cannot record the truck at the gate in state CHECKED_IN (in the yard, with a window)',
    );

    await act(customs, entry.id, 'call').expect(200);
    const first = await act(customs, entry.id, 'confirm', { agency: 'CUSTOMS' }).expect(200);
    const at = new Date(new Date(first.body.confirmations.CUSTOMS.at).getTime() + 7 * 3600_000).toISOString();
    const when = `${at.slice(11, 16)} ${at.slice(8, 10)}/${at.slice(5, 7)}/${at.slice(0, 4)}`;
    const again = await act(customs, entry.id, 'confirm', { agency: 'CUSTOMS' }, 'zh-CN').expect(409);
    expect(again.body.message).toBe(`海关已于 ${when} 确认该车（工作人员 ${customs.user.id}）；先前的确认保持不变`);
    const againEn = await act(customs, entry.id, 'confirm', { agency: 'CUSTOMS' }, 'en').expect(409);
    expect(againEn.body.message).toBe(
      `Customs confirmed this truck at ${when} (officer ${customs.user.id}); the earlier confirmation stands`,
    );
  });

  it('a gate schedule, field by field and in the summary', async () => {
    const bad = { directions: { EXPORT: { windowMinutes: 3, capacityPerHour: -1 } } };
    const zh = await http()
      .patch('/api/gates/HUU_NGHI')
      .set('authorization', admin.auth)
      .set('accept-language', 'zh-CN')
      .send(bad)
      .expect(400);
    expect(zh.body).toEqual({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: '配置无效：2 项需要修改 — 时段长度必须是 5 到 240 之间的整数分钟。；每小时容量必须是非负整数。',
      errors: [
        { field: 'directions.EXPORT.windowMinutes', message: '时段长度必须是 5 到 240 之间的整数分钟。' },
        { field: 'directions.EXPORT.capacityPerHour', message: '每小时容量必须是非负整数。' },
      ],
    });
    const en = await http()
      .patch('/api/gates/HUU_NGHI')
      .set('authorization', admin.auth)
      .set('accept-language', 'en')
      .send(bad)
      .expect(400);
    expect(en.body.errors[0].message).toBe('The window length must be a whole number of minutes from 5 to 240.');
    const vi = await http().patch('/api/gates/HUU_NGHI').set('authorization', admin.auth).send(bad).expect(400);
    expect(vi.body.message).toBe(
      'Cấu hình không hợp lệ: 2 mục cần sửa — Độ dài khung giờ phải là số nguyên từ 5 đến 240 phút.; Công suất mỗi giờ phải là số nguyên không âm.',
    );
  });

  it('a tariff rate from today, and a refund over what is left', async () => {
    const row = { feeClass: 'CONTAINER_40FT', amountVnd: 4_400_000, source: 'Thử nghiệm', effectiveFrom: '2026-12-01' };
    const zh = await post(admin, '/api/fees/tariff', row, 'zh-CN').expect(400);
    expect(zh.body.errors).toEqual([
      { field: 'effectiveFrom', message: '新费率最早从明天起生效（今天是 2026-12-01）；已适用的费率不可修改' },
    ]);
    const en = await post(admin, '/api/fees/tariff', row, 'en').expect(400);
    expect(en.body.message).toBe(
      'A new rate takes effect from tomorrow at the earliest (today is 2026-12-01); rates already applied cannot be changed',
    );

    const v = await acceptedViaApi();
    const paid = await post(yard, `/api/fees/vehicles/${v.vehicleId}/payment`, {
      method: 'CASH',
      receiptNumber: `HN-L${Date.now()}`,
    }).expect(201);
    const due = paid.body.payment.amountVnd as number;
    const amount = (n: number) => `${String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.')} ₫`;
    const refund = { amountVnd: due + 1, reason: 'Thu nhầm hạng' };
    const tooMuch = await post(yard, `/api/fees/vehicles/${v.vehicleId}/refunds`, refund, 'zh-CN').expect(409);
    expect(tooMuch.body.message).toBe(
      `退费金额 ${amount(due + 1)} 超过可退余额 ${amount(due)}（已收 ${amount(due)}，已退 0 ₫）`,
    );
    const tooMuchEn = await post(yard, `/api/fees/vehicles/${v.vehicleId}/refunds`, refund, 'en').expect(409);
    expect(tooMuchEn.body.message).toBe(
      `The refund of ${amount(due + 1)} exceeds the ${amount(due)} left to refund (${amount(due)} paid, 0 ₫ refunded)`,
    );
  });

  it('a firm’s cancel the yard refuses because the truck is in the yard, said to the firm in its language', async () => {
    const { declaration: d, plate } = await acceptedViaApi();
    const entry = (await checkIn(yard, 'HUU_NGHI', plate).expect(201)).body as { id: string };
    // The declaration service has not heard of the check-in yet (its event still on the way): the yard decides.
    await eventually(async () => {
      const r = await db.query<{ estimated: boolean; pending: number }>(
        `SELECT EXISTS (SELECT 1 FROM yard_queue.eta_forecasts WHERE entry_id = $1) AS estimated,
                (SELECT count(*)::int FROM yard_queue.outbox_pending) AS pending`,
        [entry.id],
      );
      if (!r.rows[0].estimated || r.rows[0].pending > 0) throw new Error('events of the check-in still on the way');
    });
    await db.query(`UPDATE declaration.vehicles SET status = 'ACCEPTED', queue = NULL WHERE declaration_id = $1`, [
      d.id,
    ]);
    await db.query(`UPDATE declaration.declarations SET status = 'ACCEPTED' WHERE id = $1`, [d.id]);
    const zh = await post(firm, `/api/declarations/${d.id}/cancel`, { reason: 'Hủy chuyến' }, 'zh-CN').expect(409);
    expect(zh.body.message).toMatch(
      new RegExp(
        `^无法取消申报单：车辆 ${plate.replace('.', '\\.')} 已进入口岸 HUU_NGHI 的停车场（进场时间 \\d\\d:\\d\\d \\d\\d/12/2026）` +
          `（时段 \\d\\d:\\d\\d \\d\\d/12/2026）?，状态 CHECKED_IN（已进入停车场，已分配时段）。如果车辆不再过境，请停车场工作人员取消该车的排队。$`,
      ),
    );
    const en = await post(firm, `/api/declarations/${d.id}/cancel`, { reason: 'Hủy chuyến' }, 'en').expect(409);
    expect(en.body.message).toMatch(
      /^Cannot cancel the declaration: truck .+ is in the yard of gate HUU_NGHI since .+, state CHECKED_IN \(in the yard, with a window\)\. If the truck will not cross, ask the yard officer to cancel its place in the queue\.$/,
    );
  });
});
