import { containerCheckDigit } from '#libs/domain/src/index.js';
import { DEMO_PASSWORD } from '../../declaration/src/identity/seed.service.js';

/**
 * With the embedded default, gives the demo firm a few declarations already accepted by customs, so a
 * newcomer can check a truck in at once (as baixe.huunghi@demo.cuakhau.vn) and watch the queue. Runs
 * once: skipped when the demo firm already has declarations. Goes through the public API like a user.
 */
export async function seedDemoDeclarations(origin: string, log: (m: string) => void): Promise<void> {
  const api = async <T>(
    path: string,
    token: string | null,
    body?: unknown,
    method = body ? 'POST' : 'GET',
  ): Promise<T> => {
    const res = await fetch(`${origin}/api${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        'x-console': 'demo-seed',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const login = async (email: string) =>
    (await api<{ accessToken: string }>('/auth/login', null, { email, password: DEMO_PASSWORD })).accessToken;
  const firm = await login('doanhnghiep@demo.cuakhau.vn');
  if ((await api<{ total: number }>('/declarations?pageSize=1', firm)).total > 0) return;
  const customs: Record<string, string> = {
    HUU_NGHI: await login('haiquan.huunghi@demo.cuakhau.vn'),
    TAN_THANH: await login('haiquan.tanthanh@demo.cuakhau.vn'),
  };
  const trucks = [
    {
      gate: 'HUU_NGHI',
      plate: '12C-123.45',
      category: 'PERISHABLE',
      goods: 'Thanh long ruột đỏ',
      hs: '0810.90',
      driver: 'Hoàng Văn Bình',
    },
    {
      gate: 'HUU_NGHI',
      plate: '12C-246.80',
      category: 'PERISHABLE',
      goods: 'Sầu riêng Ri6',
      hs: '0810.60',
      driver: 'Nông Thị Mai',
    },
    {
      gate: 'HUU_NGHI',
      plate: '29H-135.79',
      category: 'GENERAL',
      goods: 'Linh kiện điện tử',
      hs: '8542.31',
      driver: 'Trần Quốc Huy',
    },
    {
      gate: 'TAN_THANH',
      plate: '12C-555.66',
      category: 'FROZEN',
      goods: 'Tôm đông lạnh',
      hs: '0306.17',
      driver: 'Lý Văn Tùng',
    },
  ];
  for (const [i, t] of trucks.entries()) {
    const serial = `MSKU${String(700000 + i * 1111).padStart(6, '0')}`;
    const body = {
      gate: t.gate,
      direction: 'EXPORT',
      expectedArrival: new Date(Date.now() + (2 + i) * 3600_000).toISOString(),
      yard: t.gate === 'HUU_NGHI' ? 'HUU_NGHI_CHO' : 'TAN_THANH_CHO',
      goods: [
        {
          customsDeclarationNumber: `30612345${String(6780 + i)}`,
          category: t.category,
          items: [{ description: t.goods, hsCode: t.hs, grossWeightKg: 18000, valueVnd: 450_000_000 }],
        },
      ],
      vehicles: [
        {
          plate: t.plate,
          nationality: 'VN',
          feeClass: 'CONTAINER_40FT',
          containerNumber: `${serial}${containerCheckDigit(serial)}`,
          sealNumber: `VN${8800000 + i}`,
          driver: {
            name: t.driver,
            document: { type: 'CCCD', number: `02009${String(1234567 + i)}` },
            phone: '0912345678',
          },
        },
      ],
    };
    const d = await api<{ id: string }>('/declarations', firm, body);
    await api(`/declarations/${d.id}/submit`, firm, {});
    await api(`/declarations/${d.id}/accept`, customs[t.gate], {});
  }
  log(
    `Đã tạo ${trucks.length} tờ khai demo đã được chấp nhận: có thể cho xe ${trucks.map((t) => t.plate).join(', ')} vào bãi.`,
  );
}
