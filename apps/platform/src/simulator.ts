import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { loadSimulatorSettings } from '#libs/config/src/index.js';
import { CALLED_FORWARD_STATES, containerCheckDigit, taxCodeCheckDigit } from '#libs/domain/src/index.js';
import { DEMO_PASSWORD } from '../../declaration/src/identity/seed.service.js';

/**
 * The living demo: demo firms file declarations for both gates, customs accept them, the yards check the
 * trucks in (by plate in any spelling, or by the slip's QR code), customs call and confirm, border guards
 * confirm and record the crossings — all through the public API with the demo accounts, like people at
 * their consoles would, at a pace that makes the boards move within a minute (`speed` scales it).
 * Mix and goods follow the published traffic of the two gates (shared/REFERENCE.md): about a third of
 * Hữu Nghị's and a quarter of Tân Thanh's trucks are exports, mostly fresh fruit; imports are machinery,
 * electronics, consumer goods and fertiliser.
 */

export interface SimulatorOptions {
  /** The platform's origin (`http://127.0.0.1:3000`). */
  origin: string;
  log?: (message: string) => void;
  /** 1 = demo pace (a truck filed every few seconds per gate); larger is faster. */
  speed?: number;
  /** How many trucks should be waiting at each gate before the simulator stops filing new ones. */
  targetWaiting?: number;
  gates?: string[];
}

export interface Simulator {
  stop(): Promise<void>;
  /** What the simulator has done so far. */
  readonly stats: Record<'filed' | 'accepted' | 'checkedIn' | 'called' | 'crossed' | 'held' | 'errors', number>;
}

interface Token {
  access: string;
  refresh: string;
}

// The parts of the API's answers the simulator reads.
interface TokenPair {
  accessToken: string;
  refreshToken: string;
}
interface QueueEntry {
  id: string;
  plate: string;
  status: string;
  direction: string;
  window: unknown;
  missingConfirmations?: string[];
}
interface GateQueue {
  entries: QueueEntry[];
  gateState?: { suspension?: unknown };
}
interface FiledDeclaration {
  id: string;
  vehicles: { id: string; plate: string; slipCode: string | null }[];
}

const GATE_PROFILE: Record<string, { exportShare: number; yard: string; officers: string }> = {
  HUU_NGHI: { exportShare: 0.3, yard: 'HUU_NGHI_CHO', officers: 'huunghi' },
  TAN_THANH: { exportShare: 0.25, yard: 'TAN_THANH_CHO', officers: 'tanthanh' },
};

const EXPORT_GOODS = [
  { description: 'Thanh long ruột đỏ', hsCode: '0810.90', category: 'PERISHABLE', kg: [16000, 22000] },
  { description: 'Sầu riêng Ri6', hsCode: '0810.60', category: 'PERISHABLE', kg: [14000, 20000] },
  { description: 'Mít Thái', hsCode: '0810.90', category: 'PERISHABLE', kg: [18000, 24000] },
  { description: 'Xoài cát Hòa Lộc', hsCode: '0804.50', category: 'PERISHABLE', kg: [12000, 18000] },
  { description: 'Tôm thẻ đông lạnh', hsCode: '0306.17', category: 'FROZEN', kg: [18000, 24000] },
  { description: 'Hạt điều nhân', hsCode: '0801.32', category: 'GENERAL', kg: [15000, 20000] },
  { description: 'Gỗ keo xẻ', hsCode: '4407.99', category: 'GENERAL', kg: [22000, 28000] },
];
const IMPORT_GOODS = [
  { description: 'Linh kiện điện tử (mạch tích hợp)', hsCode: '8542.31', category: 'GENERAL', kg: [4000, 9000] },
  { description: 'Máy đào bánh xích', hsCode: '8429.52', category: 'GENERAL', kg: [20000, 30000] },
  { description: 'Phân bón NPK', hsCode: '3105.20', category: 'GENERAL', kg: [24000, 30000] },
  { description: 'Điện thoại di động', hsCode: '8517.13', category: 'GENERAL', kg: [3000, 6000] },
  { description: 'Vải dệt thoi', hsCode: '5208.52', category: 'GENERAL', kg: [10000, 18000] },
  { description: 'Táo Phú Sĩ tươi', hsCode: '0808.10', category: 'PERISHABLE', kg: [16000, 22000] },
  {
    description: 'Hóa chất công nghiệp (natri hydroxit)',
    hsCode: '2815.11',
    category: 'DANGEROUS',
    kg: [18000, 24000],
  },
];
const VN_DRIVERS = [
  'Hoàng Văn Bình',
  'Nông Thị Mai',
  'Trần Quốc Huy',
  'Lý Văn Tùng',
  'Vi Văn Thắng',
  'Lương Đức Mạnh',
  'Hà Thị Thu',
  'Đặng Văn Khải',
  'Chu Minh Tuấn',
  'Phạm Văn Long',
];
const CN_DRIVERS = ['王建国', '李志强', '张伟', '黄海涛', '陈明'];
const VN_PROVINCES = ['12', '12', '12', '29', '51', '98', '14', '20', '34', '43', '15', '36'];
const CN_OFFICES = 'ABCDFKLMNP';
const OWNERS = ['MSKU', 'CSQU', 'TGHU', 'OOLU', 'COSU', 'EGHU', 'SEGU'];

/** The simulator's own demo firms (created on first run through self-registration). */
function simFirms(): { email: string; name: string; taxCode: string; phone: string }[] {
  const names = [
    'Công ty CP Xuất nhập khẩu Đồng Đăng (demo)',
    'Công ty TNHH Logistics Kỳ Lừa (demo)',
    'Công ty TNHH Thương mại Tân Thanh (demo)',
  ];
  return names.map((name, i) => {
    let first9 = String(107_000_000 + i * 7919);
    while (taxCodeCheckDigit(first9) === null) first9 = String(Number(first9) + 1).padStart(9, '0');
    return {
      email: `mophong${i + 1}@demo.cuakhau.vn`,
      name,
      taxCode: `${first9}${taxCodeCheckDigit(first9)}`,
      phone: `09120000${String(10 + i)}`,
    };
  });
}

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)];
const between = (lo: number, hi: number) => Math.round(lo + Math.random() * (hi - lo));
const digits = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join('');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function vnPlate(): string {
  const n = digits(5);
  return `${pick(VN_PROVINCES)}${pick(['C', 'H', 'LD'])}-${n.slice(0, 3)}.${n.slice(3)}`;
}

/** The spellings people type at the yard: lower case, spaces, no separators. */
function respell(plate: string): string {
  const r = Math.random();
  if (r < 0.3) return plate.toLowerCase();
  if (r < 0.6) return plate.replace(/[-.]/g, ' ');
  if (r < 0.8) return plate.replace(/[-.]/g, '');
  return plate;
}

function container(): string {
  const first10 = `${pick(OWNERS)}${digits(6)}`;
  return `${first10}${containerCheckDigit(first10)}`;
}

function declaration(gate: string): Record<string, unknown> {
  const profile = GATE_PROFILE[gate] ?? GATE_PROFILE.HUU_NGHI;
  const direction = Math.random() < profile.exportShare ? 'EXPORT' : 'IMPORT';
  const goods = pick(direction === 'EXPORT' ? EXPORT_GOODS : IMPORT_GOODS);
  const chinese = direction === 'IMPORT' && Math.random() < 0.35;
  const trucks = Math.random() < 0.15 ? 2 : 1;
  const vehicles = Array.from({ length: trucks }, () =>
    chinese
      ? {
          plate: `桂${pick([...CN_OFFICES])}${digits(5)}`,
          nationality: 'CN',
          feeClass: pick(['OVER_20T', 'CONTAINER_40FT']),
          containerNumber: container(),
          sealNumber: `CN${digits(7)}`,
          driver: {
            name: pick(CN_DRIVERS),
            document: { type: 'PASSPORT', number: `E${digits(8)}` },
            phone: `+86 138${digits(8)}`,
          },
        }
      : {
          plate: vnPlate(),
          ...(Math.random() < 0.4 ? { trailerPlate: `12R-${digits(3)}.${digits(2)}` } : {}),
          nationality: 'VN',
          feeClass: pick(['FROM_10T_TO_20T', 'OVER_20T', 'CONTAINER_20FT', 'CONTAINER_40FT']),
          containerNumber: container(),
          sealNumber: `VN${digits(7)}`,
          driver: {
            name: pick(VN_DRIVERS),
            document: { type: 'CCCD', number: `0${pick(['20', '01', '24', '19'])}${digits(9)}` },
            phone: `09${digits(8)}`,
          },
        },
  );
  return {
    gate,
    direction,
    expectedArrival: new Date(Date.now() + between(20, 240) * 60_000).toISOString(),
    yard: profile.yard,
    goods: [
      {
        customsDeclarationNumber: `${direction === 'EXPORT' ? '30' : '10'}${digits(10)}`,
        category: goods.category,
        items: [
          {
            description: goods.description,
            hsCode: goods.hsCode,
            grossWeightKg: between(goods.kg[0], goods.kg[1]),
            valueVnd: between(200, 2500) * 1_000_000,
          },
        ],
      },
    ],
    vehicles,
  };
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function startSimulator(o: SimulatorOptions): Simulator {
  const log = o.log ?? ((m: string) => process.stdout.write(`[mô phỏng] ${m}\n`));
  const speed = Math.max(0.1, o.speed ?? 1);
  const targetWaiting = o.targetWaiting ?? 25;
  const gates = o.gates ?? ['HUU_NGHI', 'TAN_THANH'];
  const stats = { filed: 0, accepted: 0, checkedIn: 0, called: 0, crossed: 0, held: 0, errors: 0 };
  const tokens = new Map<string, Token>();
  let running = true;
  let lastError = 0;

  const raw = async <T = unknown>(method: string, path: string, body?: unknown, token?: string): Promise<T> => {
    const res = await fetch(`${o.origin}/api${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        'x-console': 'simulator',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new HttpError(res.status, `${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
    return (text ? JSON.parse(text) : null) as T;
  };

  /** Logs in once per account; waits out the login rate limit rather than failing. */
  const login = async (email: string): Promise<Token> => {
    for (;;) {
      try {
        const r = await raw<TokenPair>('POST', '/auth/login', { email, password: DEMO_PASSWORD });
        const t = { access: r.accessToken, refresh: r.refreshToken };
        tokens.set(email, t);
        return t;
      } catch (e) {
        if (!(e instanceof HttpError) || e.status !== 429 || !running) throw e;
        await sleep(5000);
      }
    }
  };

  /** An API call as `email`: the session is refreshed (refresh tokens, no new login) when it expires. */
  const as = async <T = unknown>(email: string, method: string, path: string, body?: unknown): Promise<T> => {
    const t = tokens.get(email) ?? (await login(email));
    try {
      return await raw<T>(method, path, body, t.access);
    } catch (e) {
      if (!(e instanceof HttpError) || e.status !== 401) throw e;
      const r = await raw<TokenPair>('POST', '/auth/refresh', { refreshToken: t.refresh }).catch(() => null);
      const next = r ? { access: r.accessToken, refresh: r.refreshToken } : await login(email);
      tokens.set(email, next);
      return raw<T>(method, path, body, next.access);
    }
  };

  const failed = (what: string, e: unknown) => {
    stats.errors++;
    // Conflicts are part of a busy yard (a plate already queued, a vehicle called twice): kept quiet.
    if (e instanceof HttpError && (e.status === 409 || e.status === 404)) return;
    if (Date.now() - lastError > 10_000) log(`${what}: ${(e as Error).message}`);
    lastError = Date.now();
  };

  const firms = ['doanhnghiep@demo.cuakhau.vn', ...simFirms().map((f) => f.email)];
  const ensureFirms = async () => {
    for (const f of simFirms()) {
      try {
        const r = await raw<TokenPair>('POST', '/auth/register', {
          firmName: f.name,
          taxCode: f.taxCode,
          email: f.email,
          password: DEMO_PASSWORD,
          phone: f.phone,
          fullName: 'Điều phối (mô phỏng)',
        });
        tokens.set(f.email, { access: r.accessToken, refresh: r.refreshToken });
      } catch (e) {
        if (!(e instanceof HttpError) || e.status !== 409) throw e;
      }
    }
  };

  const customs = (g: string) => `haiquan.${GATE_PROFILE[g].officers}@demo.cuakhau.vn`;
  const border = (g: string) => `bienphong.${GATE_PROFILE[g].officers}@demo.cuakhau.vn`;
  const yard = (g: string) => `baixe.${GATE_PROFILE[g].officers}@demo.cuakhau.vn`;
  const pause = (ms: number) => sleep(ms / speed);

  /** One gate's day: file, accept, check in, call, confirm, cross — each step a few seconds apart. */
  const runGate = async (gate: string) => {
    // Accepted trucks still on the road; the yard learns of an acceptance through the event relay, so a
    // truck that arrives before its acceptance reached the yard is simply tried again a little later.
    const accepted: { id: string; plate: string; slip: string | null; at: number; tries: number }[] = [];
    // A gate clears a truck every few seconds at demo pace (the real ones: one every minute or so).
    let nextCall = Date.now() + 8000 / speed;
    while (running) {
      try {
        const queue = await as<GateQueue>(customs(gate), 'GET', `/gates/${gate}/queue`);
        const entries = queue.entries;
        const waiting = entries.filter((e) => e.status === 'CHECKED_IN').length;
        const suspended = queue.gateState?.suspension != null;

        // The firms file more while the yard is short of trucks.
        if (waiting + accepted.length < targetWaiting) {
          const firm = pick(firms);
          const d = await as<FiledDeclaration>(firm, 'POST', '/declarations', declaration(gate));
          await as(firm, 'POST', `/declarations/${d.id}/submit`, {});
          stats.filed++;
          const a = await as<FiledDeclaration>(customs(gate), 'POST', `/declarations/${d.id}/accept`, {});
          stats.accepted++;
          for (const v of a.vehicles)
            accepted.push({ id: v.id, plate: v.plate, slip: v.slipCode, at: Date.now() + 1500 / speed, tries: 0 });
        }

        // Trucks reach the yard: half are checked in by their slip's QR code, the rest by the typed plate.
        const ready = accepted.filter((v) => v.at <= Date.now()).slice(0, waiting < 5 ? 3 : 2);
        for (const v of ready) {
          accepted.splice(accepted.indexOf(v), 1);
          const body = v.slip && Math.random() < 0.5 ? { gate, qr: v.slip } : { gate, plate: respell(v.plate) };
          try {
            await as(yard(gate), 'POST', '/check-ins', body);
            stats.checkedIn++;
          } catch (e) {
            if (e instanceof HttpError && e.status === 404 && v.tries < 10)
              accepted.push({ ...v, at: Date.now() + 1000, tries: v.tries + 1 });
            else failed('vào bãi', e);
          }
        }

        // The gate works the vehicles already called forward, one step each per round.
        for (const e of entries) {
          if (!running) break;
          await advance(gate, e).catch((err) => failed(`${e.plate} ${e.status}`, err));
        }

        // Customs call the next truck while fewer than three are being handled.
        const handling = entries.filter((e) => (CALLED_FORWARD_STATES as readonly string[]).includes(e.status)).length;
        if (!suspended && handling < 3 && waiting > 0 && Date.now() >= nextCall) {
          nextCall = Date.now() + between(6000, 10000) / speed;
          const exportWaiting = entries.some((e) => e.status === 'CHECKED_IN' && e.direction === 'EXPORT' && e.window);
          const importWaiting = entries.some((e) => e.status === 'CHECKED_IN' && e.direction === 'IMPORT' && e.window);
          const direction =
            exportWaiting && (!importWaiting || Math.random() < 0.4) ? 'EXPORT' : importWaiting ? 'IMPORT' : null;
          if (direction)
            await as(customs(gate), 'POST', `/gates/${gate}/call-next`, { direction }).then(
              () => stats.called++,
              (e) => failed('gọi xe', e),
            );
        }
      } catch (e) {
        failed(gate, e);
      }
      await pause(between(2500, 4500));
    }
  };

  const advance = async (gate: string, e: QueueEntry): Promise<unknown> => {
    const id = e.id;
    const missing = e.missingConfirmations ?? [];
    switch (e.status) {
      case 'CALLED':
        if (missing.includes('CUSTOMS'))
          return as(customs(gate), 'POST', `/queue-entries/${id}/confirm`, { agency: 'CUSTOMS' });
        if (missing.includes('QUARANTINE'))
          return as(customs(gate), 'POST', `/queue-entries/${id}/confirm`, {
            agency: 'QUARANTINE',
            note: 'Đã kiểm dịch thực vật',
          });
        return as(border(gate), 'POST', `/queue-entries/${id}/arrive`, {});
      case 'AT_GATE':
        if (missing.includes('BORDER_GUARD')) {
          // Now and then a vehicle is held for a physical inspection (kiểm hóa) before it goes on.
          if (Math.random() < 0.08) {
            stats.held++;
            return as(customs(gate), 'POST', `/queue-entries/${id}/hold`, { note: 'Kiểm hóa ngẫu nhiên' });
          }
          return as(border(gate), 'POST', `/queue-entries/${id}/confirm`, {
            agency: 'BORDER_GUARD',
            note: 'Giấy tờ lái xe hợp lệ',
          });
        }
        return as(customs(gate), 'POST', `/queue-entries/${id}/confirm`, { agency: missing[0] ?? 'CUSTOMS' });
      case 'HELD':
        return as(customs(gate), 'POST', `/queue-entries/${id}/release`, { note: 'Kiểm hóa xong, hàng đúng khai báo' });
      case 'CLEARED':
        await as(border(gate), 'POST', `/queue-entries/${id}/cross`, {});
        stats.crossed++;
        return;
      default:
        return;
    }
  };

  const done = (async () => {
    await ensureFirms().catch((e) => failed('doanh nghiệp mô phỏng', e));
    log(`bắt đầu: ${gates.join(', ')} (tốc độ ×${speed})`);
    await Promise.all(gates.map((g) => runGate(g)));
  })();

  return {
    stats,
    stop: async () => {
      running = false;
      await done.catch(() => undefined);
    },
  };
}

// `npm run simulate`: against a platform already running (`npm start`), on SIMULATE_URL or PORT.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const settings = loadSimulatorSettings();
  const sim = startSimulator({ origin: settings.url, speed: settings.speed });
  const report = setInterval(() => process.stdout.write(`[mô phỏng] ${JSON.stringify(sim.stats)}\n`), 30_000);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.on(sig, () => {
      clearInterval(report);
      void sim.stop().then(() => process.exit(0));
    });
  }
}
