import fc from 'fast-check';
import pg from 'pg';
import { ManualClock } from '#libs/clock/src/index.js';
import { DEFAULT_WAITING_YARDS } from '#libs/domain/src/index.js';
import {
  amendmentOf,
  createOfficer,
  declarationBody,
  login,
  registerFirm,
  type Session,
  TEST_ADMIN,
  type TestApp,
  uniqueTaxCode,
} from '#libs/testing/src/index.js';
import { resetTokenIn, SmtpStandIn } from '#libs/testing/src/smtp-stand-in.js';
import { QueueService } from '../../apps/yard-queue/src/queue/queue.service.js';
import { createPlatformTestApp, seedAcceptedVehicles } from '../../apps/yard-queue/test/yard-fixtures.js';

// Hostile input on every write endpoint: generated JSON and mutations of valid bodies. No answer may be a
// 5xx, every refusal is a 4xx with a code and a message (per field for bad input), and a refused request
// writes nothing. FUZZ_RUNS sets the bodies per endpoint (`npm run test:fuzz` runs 10,000).
const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
// The full run (10,000 per endpoint) takes minutes per endpoint.
const TIMEOUT_MS = Math.max(60_000, RUNS * 100);
const clock = new ManualClock('2026-12-01T00:40:00.000Z');
let t: TestApp;
let db: pg.Client;
let admin: Session, firm: Session, customs: Session, yard: Session, guard: Session;
/** Accounts of their own for the session endpoints: a logout or a disable must not end the others' sessions. */
let leaver: Session, changer: Session, toggled: Session;
const http = () => t.http();
/** Reset links are mailed here: the confirm endpoint is fuzzed with a live one, asked again after each use. */
const smtp = new SmtpStandIn();
/** A firm account of its own whose password the reset links set (a use ends that account's sessions). */
let resetEmail = '';
let resetToken = '';

/** A new live reset link for `resetEmail`, as the firm would get it: asked for, then read from the mail. */
async function freshResetLink(): Promise<string> {
  const since = smtp.mails.length;
  const asked = await http().post('/api/auth/password-reset').send({ email: resetEmail });
  expect(asked.status).toBe(202);
  return resetTokenIn(await smtp.mailTo(resetEmail, since));
}

beforeAll(async () => {
  await smtp.start();
  t = await createPlatformTestApp('fuzz', clock, {
    LOGIN_RATE_LIMIT: '10000',
    PASSWORD_RESET_RATE_LIMIT: '10000',
    MAX_ACTIVE_DECLARATIONS: '1000000',
    SMTP_URL: smtp.url,
  });
  db = new pg.Client({ connectionString: t.databaseUrl });
  await db.connect();
  admin = await login(http, TEST_ADMIN.email, TEST_ADMIN.password);
  firm = await registerFirm(http);
  customs = await createOfficer(http, admin, 'CUSTOMS', ['HUU_NGHI']);
  yard = await createOfficer(http, admin, 'YARD_OPERATOR', ['HUU_NGHI']);
  guard = await createOfficer(http, admin, 'BORDER_GUARD', ['HUU_NGHI']);
  leaver = await createOfficer(http, admin, 'CUSTOMS', ['HUU_NGHI']);
  changer = await createOfficer(http, admin, 'CUSTOMS', ['HUU_NGHI']);
  toggled = await createOfficer(http, admin, 'CUSTOMS', ['HUU_NGHI']);
});
afterAll(async () => {
  await db?.end();
  await t?.close();
  await smtp.stop();
});

/** Row counts of every table a write could touch, in one query. */
/**
 * What the database holds, in a few figures. The yard's estimates follow an earlier change on their own a moment
 * later: they are brought to rest first, so they are not taken for a write of the request under test.
 */
async function footprint(): Promise<string> {
  await t.app.get(QueueService).sweepEtas();
  const tables = [
    'declaration.firms',
    'declaration.users',
    'declaration.declarations',
    'declaration.declaration_versions',
    'declaration.vehicles',
    'declaration.audit_log',
    'declaration.correction_requests',
    'declaration.idempotency_keys',
    'declaration.outbox',
    'yard_queue.queue_entries',
    'yard_queue.queue_audit',
    'yard_queue.gate_config_audit',
    'yard_queue.outbox',
    'yard_queue.fee_payments',
    'yard_queue.fee_refunds',
    'declaration.fee_tariffs',
    'declaration.password_resets',
  ];
  const { rows } = await db.query(
    `SELECT ${tables.map((t, i) => `(SELECT count(*) FROM ${t}) AS c${i}`).join(', ')},
            (SELECT coalesce(sum(issued_total), 0) FROM yard_queue.window_usage) AS issued,
            (SELECT md5(string_agg(code || version || coalesce(suspended_from::text, '') || yards::text, ',' ORDER BY code)) FROM yard_queue.gates) AS gates,
            (SELECT md5(string_agg(schedule::text, ',' ORDER BY gate, direction)) FROM yard_queue.gate_schedules) AS schedules,
            (SELECT count(*) FROM declaration.password_resets WHERE used_at IS NOT NULL) AS resets_used,
            (SELECT md5(string_agg(password_hash, ',' ORDER BY id)) FROM declaration.users) AS passwords`,
  );
  return JSON.stringify(rows[0]);
}

/** Every path (as key lists) of a JSON value, to replace or delete one of them. */
function paths(v: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(v)) return [prefix, ...v.flatMap((x, i) => paths(x, [...prefix, i]))];
  if (v && typeof v === 'object') return [prefix, ...Object.entries(v).flatMap(([k, x]) => paths(x, [...prefix, k]))];
  return [prefix];
}

function mutate(valid: unknown, op: 'replace' | 'delete' | 'add', pick: number, value: unknown): unknown {
  const copy = structuredClone(valid) as Record<string | number, unknown>;
  const all = paths(copy).filter((p) => p.length > 0);
  const path = all[pick % all.length];
  let parent: Record<string | number, unknown> = copy;
  for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (op === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else if (op === 'add' && parent && typeof parent === 'object' && !Array.isArray(parent)) {
    parent[`x${pick}`] = value;
  } else {
    parent[last] = value;
  }
  return copy;
}

/** Any UTF-16 code unit, lone surrogates and controls included: the whole space a JSON string can carry. */
const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: anyCodeUnit, maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    "'; DROP TABLE declarations; --",
    '<script>alert(1)</script>',
    '桂F1234挂',
    'Nguyễn',
    'Nguye\u0302\u0303n',
    '\u0000',
    'ab\ud800cd',
    '\udc00',
    '\u001b[31m',
    '💥'.repeat(50),
    'x'.repeat(5000),
    '2026-13-45T99:99:99Z',
  ),
);
const edgeNumber = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(0, -1, 1e308, -1e308, 5e-324, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 1, -(2 ** 53) - 2),
);
const hostileValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  hostileString,
  edgeNumber,
  fc.constantFrom(null, true, [], {}),
);
/** Number literals JSON allows but JavaScript cannot hold exactly, and escapes that make no character. */
const rawLiteral = fc.constantFrom(
  '-0',
  '-0.0',
  '9007199254740993',
  '-9007199254740993',
  '1e400',
  '-1e999',
  '123456789012345678901234567890',
  '"\\ud800"',
  '"a\\udfffb"',
  '"\\u0000"',
);
const PLACEHOLDER = '\u0001raw';

/**
 * A body as sent on the wire: a mutation of a valid one (most), a valid one, anything at all, a raw literal
 * spliced into a valid one, a valid one with a key repeated, or arbitrary bytes.
 */
function bodies(valid: () => unknown): fc.Arbitrary<string | Buffer> {
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant(null).map(() => JSON.stringify(valid())) },
    {
      weight: 4,
      arbitrary: fc
        .tuple(fc.constantFrom<'replace' | 'delete' | 'add'>('replace', 'delete', 'add'), fc.nat(), hostileValue)
        .map(([op, pick, value]) => JSON.stringify(mutate(valid(), op, pick, value))),
    },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.nat(), rawLiteral)
        .map(([pick, lit]) =>
          JSON.stringify(mutate(valid(), 'replace', pick, PLACEHOLDER)).replace(JSON.stringify(PLACEHOLDER), lit),
        ),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.nat(), hostileValue).map(([pick, v]) => {
        const text = JSON.stringify(valid());
        const keys = [...text.matchAll(/[{,]("(?:[^"\\]|\\.)*":)/g)];
        if (keys.length === 0) return text;
        const k = keys[pick % keys.length];
        const at = k.index + 1;
        return `${text.slice(0, at)}${k[1]}${JSON.stringify(v)},${text.slice(at)}`;
      }),
    },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)) },
  );
}

interface Target {
  name: string;
  method: 'post' | 'patch';
  path: string | (() => string);
  who: () => Session | null;
  valid: () => unknown;
}

const pathOf = (t: Target) => (typeof t.path === 'string' ? t.path : t.path());
const arrival = () => new Date(clock.now().getTime() + 3600_000).toISOString();
let submittedId = '';
let draftId = '';
let entryId = '';
let noteEntryId = '';
let cancelDraftId = '';
let webhookId = '';
/** A vehicle whose fee is owed, and one whose fee was paid (for refunds). */
let owingId = '';
let paidId = '';
let receipt = 0;
/** The queue actions whose body is only an optional note, each by a role allowed to take it. */
const NOTE_ACTIONS: [string, () => Session][] = [
  ['call', () => customs],
  ['arrive', () => customs],
  ['hold', () => customs],
  ['release', () => customs],
  ['turn-back', () => customs],
  ['no-show', () => customs],
  ['cross', () => guard],
  ['cancel', () => yard],
];
const RESET_CONFIRM = 'POST /api/auth/password-reset/confirm';
const TARGETS: Target[] = [
  {
    name: 'POST /api/auth/register',
    method: 'post',
    path: '/api/auth/register',
    who: () => null,
    valid: () => ({
      firmName: 'Công ty Thử',
      taxCode: uniqueTaxCode(),
      email: `f${Math.random()}@t.vn`,
      password: 'mat-khau-123',
      phone: '0912345678',
    }),
  },
  {
    name: 'POST /api/auth/login',
    method: 'post',
    path: '/api/auth/login',
    who: () => null,
    valid: () => ({ email: TEST_ADMIN.email, password: 'wrong-password' }),
  },
  {
    name: 'POST /api/auth/refresh',
    method: 'post',
    path: '/api/auth/refresh',
    who: () => null,
    valid: () => ({ refreshToken: 'x'.repeat(43) }),
  },
  {
    name: 'POST /api/auth/password-reset',
    method: 'post',
    path: '/api/auth/password-reset',
    who: () => null,
    valid: () => ({ email: `f${Math.random()}@t.vn` }),
  },
  {
    // The link's secret live (mailed to the account), so valid bodies set the password and the fuzz reaches past
    // the token check; each use is followed by a new link.
    name: RESET_CONFIRM,
    method: 'post',
    path: '/api/auth/password-reset/confirm',
    who: () => null,
    valid: () => ({ token: resetToken, newPassword: 'mat-khau-moi-2026' }),
  },
  {
    name: 'POST /api/auth/logout',
    method: 'post',
    path: '/api/auth/logout',
    who: () => leaver,
    valid: () => ({ refreshToken: leaver.refreshToken }),
  },
  {
    name: 'POST /api/auth/password',
    method: 'post',
    path: '/api/auth/password',
    who: () => changer,
    valid: () => ({ currentPassword: 'officer-pass-1', newPassword: 'officer-pass-1' }),
  },
  {
    name: 'PATCH /api/users/:id',
    method: 'patch',
    path: () => `/api/users/${toggled.user.id}`,
    who: () => admin,
    valid: () => ({ disabled: false }),
  },
  {
    name: 'POST /api/declarations',
    method: 'post',
    path: '/api/declarations',
    who: () => firm,
    valid: () => declarationBody({ arrival: arrival() }),
  },
  {
    name: 'PATCH /api/declarations/:id',
    method: 'patch',
    path: () => `/api/declarations/${draftId}`,
    who: () => firm,
    valid: () => amendmentOf(declarationBody({ arrival: arrival() })),
  },
  {
    name: 'POST /api/declarations/:id/reject',
    method: 'post',
    path: () => `/api/declarations/${submittedId}/reject`,
    who: () => customs,
    valid: () => ({ reason: 'Thiếu chứng từ' }),
  },
  {
    name: 'POST /api/declarations/:id/correction-requests',
    method: 'post',
    path: () => `/api/declarations/${submittedId}/correction-requests`,
    who: () => customs,
    valid: () => ({ message: 'Sửa số container', fields: ['vehicles[0].containerNumber'] }),
  },
  {
    name: 'POST /api/users',
    method: 'post',
    path: '/api/users',
    who: () => admin,
    valid: () => ({
      email: `o${Math.random()}@t.vn`,
      password: 'officer-pass-1',
      role: 'CUSTOMS',
      gates: ['HUU_NGHI'],
    }),
  },
  {
    name: 'PATCH /api/gates/:code',
    method: 'patch',
    path: '/api/gates/TAN_THANH',
    who: () => admin,
    valid: () => ({
      graceMinutes: 30,
      yards: structuredClone(DEFAULT_WAITING_YARDS.TAN_THANH),
      directions: {
        EXPORT: { capacityPerHour: 48, windowMinutes: 30, openingHours: { 1: { open: '07:00', close: '19:00' } } },
      },
    }),
  },
  {
    name: 'POST /api/gates/:code/preview',
    method: 'post',
    path: '/api/gates/TAN_THANH/preview',
    who: () => admin,
    valid: () => ({ directions: { IMPORT: { capacityPerHour: 40, closedDates: ['2027-02-05'] } } }),
  },
  {
    name: 'POST /api/gates/:code/suspend/preview',
    method: 'post',
    path: '/api/gates/TAN_THANH/suspend/preview',
    who: () => admin,
    valid: () => ({ reason: 'Thử nghiệm' }),
  },
  {
    name: 'POST /api/gates/:code/suspend',
    method: 'post',
    path: '/api/gates/TAN_THANH/suspend',
    who: () => admin,
    valid: () => ({ reason: 'Thử nghiệm', until: new Date(clock.now().getTime() + 7200_000).toISOString() }),
  },
  {
    name: 'POST /api/check-ins',
    method: 'post',
    path: '/api/check-ins',
    who: () => yard,
    valid: () => ({ gate: 'HUU_NGHI', plate: '12C-999.99' }),
  },
  {
    name: 'POST /api/queue-entries/:id/confirm',
    method: 'post',
    path: () => `/api/queue-entries/${entryId}/confirm`,
    who: () => guard,
    valid: () => ({ agency: 'BORDER_GUARD', note: 'Giấy tờ hợp lệ' }),
  },
  {
    name: 'POST /api/gates/:code/call-next',
    method: 'post',
    path: '/api/gates/HUU_NGHI/call-next',
    who: () => customs,
    valid: () => ({ direction: 'EXPORT' }),
  },
  {
    name: 'POST /api/gates/:code/resume',
    method: 'post',
    path: '/api/gates/TAN_THANH/resume',
    who: () => admin,
    valid: () => ({ reason: 'Thông quan trở lại' }),
  },
  {
    name: 'POST /api/declarations/:id/cancel',
    method: 'post',
    path: () => `/api/declarations/${cancelDraftId}/cancel`,
    who: () => firm,
    valid: () => ({ reason: 'Đổi kế hoạch' }),
  },
  {
    name: 'POST /api/webhooks',
    method: 'post',
    path: '/api/webhooks',
    who: () => firm,
    valid: () => ({ url: 'https://erp.example.vn/hooks', eventTypes: ['vehicle.called', 'vehicle.crossed'] }),
  },
  {
    name: 'POST /api/webhooks/:id/replay',
    method: 'post',
    path: () => `/api/webhooks/${webhookId}/replay`,
    who: () => firm,
    valid: () => ({ from: 0 }),
  },
  {
    name: 'POST /api/fees/vehicles/:vehicleId/payment',
    method: 'post',
    path: () => `/api/fees/vehicles/${owingId}/payment`,
    who: () => yard,
    valid: () => ({ method: 'CASH', receiptNumber: `HN-${String(++receipt).padStart(6, '0')}` }),
  },
  {
    name: 'POST /api/fees/vehicles/:vehicleId/refunds',
    method: 'post',
    path: () => `/api/fees/vehicles/${paidId}/refunds`,
    who: () => yard,
    valid: () => ({ amountVnd: 1000, reason: 'Thu nhầm hạng xe' }),
  },
  {
    name: 'POST /api/fees/tariff',
    method: 'post',
    path: '/api/fees/tariff',
    who: () => admin,
    valid: () => ({ feeClass: 'UNDER_2T', effectiveFrom: '2027-02-01', amountVnd: 60_000, source: 'Nghị quyết HĐND' }),
  },
  // One entry goes through these in whatever order the bodies come: most actions then meet a state that refuses them (409).
  ...NOTE_ACTIONS.map(([action, who]): Target => ({
    name: `POST /api/queue-entries/:id/${action}`,
    method: 'post',
    path: () => `/api/queue-entries/${noteEntryId}/${action}`,
    who,
    valid: () => ({ note: 'Lái xe báo hỏng xe' }),
  })),
];

beforeAll(async () => {
  resetEmail = (
    await http()
      .get('/api/users/me')
      .set('authorization', (await registerFirm(http)).auth)
  ).body.email;
  resetToken = await freshResetLink();
  draftId = (
    await http()
      .post('/api/declarations')
      .set('authorization', firm.auth)
      .send(declarationBody({ arrival: arrival() }))
  ).body.id;
  submittedId = (
    await http()
      .post('/api/declarations')
      .set('authorization', firm.auth)
      .send(declarationBody({ arrival: arrival() }))
  ).body.id;
  await http().post(`/api/declarations/${submittedId}/submit`).set('authorization', firm.auth);
  cancelDraftId = (
    await http()
      .post('/api/declarations')
      .set('authorization', firm.auth)
      .send(declarationBody({ arrival: arrival() }))
  ).body.id;
  webhookId = (
    await http()
      .post('/api/webhooks')
      .set('authorization', firm.auth)
      .send({ url: 'https://erp.example.vn/hooks', eventTypes: ['vehicle.called'] })
  ).body.id;
  const [v, w] = await seedAcceptedVehicles(t, 2);
  entryId = (
    await http().post('/api/check-ins').set('authorization', yard.auth).send({ gate: 'HUU_NGHI', plate: v.plate })
  ).body.id;
  noteEntryId = (
    await http().post('/api/check-ins').set('authorization', yard.auth).send({ gate: 'HUU_NGHI', plate: w.plate })
  ).body.id;
  await http().post(`/api/queue-entries/${entryId}/call`).set('authorization', customs.auth);
  await http().post(`/api/queue-entries/${entryId}/arrive`).set('authorization', customs.auth);
  const fee = { feeClass: 'FROM_10T_TO_20T', amountVnd: 150_000, effectiveFrom: '2026-01-01' };
  [{ vehicleId: owingId }, { vehicleId: paidId }] = await seedAcceptedVehicles(t, 2, { fee });
  const paid = await http()
    .post(`/api/fees/vehicles/${paidId}/payment`)
    .set('authorization', yard.auth)
    .send({ method: 'TRANSFER', receiptNumber: 'HN-PAID-1' });
  expect(paid.status).toBe(201);
});

// FUZZ_SHARD=k/n fuzzes every n-th endpoint from the k-th, so a long run can be split over processes.
const [shard, shards] = (process.env.FUZZ_SHARD ?? '0/1').split('/').map(Number) as [number, number];
const FUZZED = TARGETS.filter((_, i) => i % shards === shard);

it.each(FUZZED.map((x) => [x.name, x] as const))(
  '%s: no 5xx, every refusal a 4xx naming the problem, nothing written when refused',
  async (_n, target) => {
    const seen = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(bodies(target.valid), async (body) => {
        const before = await footprint();
        const res = await send(target, body);
        seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
        expect(res.status).toBeLessThan(500);
        if (res.status >= 400) {
          expect(typeof res.body.code).toBe('string');
          expect(res.body.message.length).toBeGreaterThan(0);
          if (res.body.code === 'VALIDATION_FAILED' && res.body.errors) {
            for (const e of res.body.errors) expect(e.field.length > 0 && e.message.length > 0).toBe(true);
          }
          expect(await footprint()).toBe(before);
        }
        // Undo what a valid body did to shared state, so later bodies meet the same conditions.
        if (res.status < 300 && target.name.includes('suspend'))
          await http().post('/api/gates/TAN_THANH/resume').set('authorization', admin.auth).send({});
        // A link works once: the next bodies get a live one again.
        if (res.status < 300 && target.name === RESET_CONFIRM) resetToken = await freshResetLink();
        // A password change ends the account's other sessions: carry on with the pair it returned.
        if (res.status < 300 && target.name === 'POST /api/auth/password')
          changer = { ...changer, token: res.body.accessToken, auth: `Bearer ${res.body.accessToken}` };
      }),
      { numRuns: RUNS, seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined },
    );
    // The generated bodies reached past validation too, not only the 400 path.
    expect([...seen.keys()].some((s) => s !== 400)).toBe(true);
    // A live link was used: the valid token path, not only its refusals.
    if (target.name === RESET_CONFIRM) expect(seen.get(204)).toBeGreaterThan(0);
  },
  TIMEOUT_MS,
);

it('refuses bodies that are not JSON at all with 400, on every write endpoint', async () => {
  for (const target of TARGETS) {
    for (const raw of ['{', 'null', '"just a string"', '[[[[[[[[[[]]]]]]]]]]', '{"a":'.repeat(200)]) {
      const req = http()[target.method](pathOf(target)).set('content-type', 'application/json');
      const who = target.who();
      if (who) req.set('authorization', who.auth);
      const res = await req.send(raw);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
  }
});

/** How a field is named in an error: `vehicles[0].driverName`. */
const fieldName = (path: (string | number)[]) =>
  path.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${k}` : k), '');

/** The path of every string and number in a body, with the kind of leaf. */
function leaves(v: unknown, prefix: (string | number)[] = []): { path: (string | number)[]; kind: string }[] {
  if (Array.isArray(v)) return v.flatMap((x, i) => leaves(x, [...prefix, i]));
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => leaves(x, [...prefix, k]));
  return typeof v === 'string' || typeof v === 'number' ? [{ path: prefix, kind: typeof v }] : [];
}

async function send(target: Target, body: string | Buffer) {
  // The body goes on the wire as given: bytes as bytes (superagent would otherwise JSON-encode a Buffer).
  const req = http()
    [target.method](pathOf(target))
    .set('content-type', 'application/json')
    .serialize((b: unknown) => b as string);
  const who = target.who();
  if (who) req.set('authorization', who.auth);
  return req.send(body);
}

async function expectRefused(target: Target, body: string | Buffer, field: string) {
  const before = await footprint();
  const res = await send(target, body);
  expect({ status: res.status, fields: res.body.errors?.map((e: { field: string }) => e.field) }).toEqual({
    status: 400,
    fields: [field],
  });
  expect(res.body.code).toBe(field === 'body' ? 'MALFORMED_JSON' : 'VALIDATION_FAILED');
  expect(await footprint()).toBe(before);
}

it('refuses hostile text and numbers in every field of every write endpoint with 400 naming the field, writing nothing', async () => {
  let checks = 0;
  for (const target of TARGETS) {
    const valid = target.valid();
    const text = JSON.stringify(valid);
    for (const { path, kind } of leaves(valid)) {
      const field = fieldName(path);
      const splice = (literal: string) =>
        JSON.stringify(setAt(valid, path, PLACEHOLDER)).replace(JSON.stringify(PLACEHOLDER), literal);
      if (kind === 'string') {
        await expectRefused(target, JSON.stringify(setAt(valid, path, 'ab\ud800cd')), field);
        await expectRefused(target, JSON.stringify(setAt(valid, path, 'a\u0000b')), field);
        await expectRefused(target, JSON.stringify(setAt(valid, path, 'a\u001bb')), field);
        // Raw bytes that are not UTF-8 inside the string: the body as a whole is refused.
        const [head, tail] = splice('"\u0001"').split('\u0001');
        await expectRefused(
          target,
          Buffer.concat([Buffer.from(head), Buffer.from([0xc3, 0x28]), Buffer.from(tail)]),
          'body',
        );
        checks += 4;
      } else {
        for (const literal of ['-0', '9007199254740993', '1e400']) await expectRefused(target, splice(literal), field);
        checks += 3;
      }
    }
    // A key given twice, whichever copy comes first.
    const first = Object.keys(valid as object)[0];
    if (first) {
      await expectRefused(target, `{${JSON.stringify(first)}:null,${text.slice(1)}`, first);
      checks++;
    }
  }
  process.stdout.write(`hostile-input checks: ${checks} on ${TARGETS.length} endpoints\n`);
}, 300_000);

/** A copy of `v` with the value at `path` replaced. */
function setAt(v: unknown, path: (string | number)[], value: unknown): unknown {
  const copy = structuredClone(v) as Record<string | number, unknown>;
  let parent = copy;
  for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
  parent[path[path.length - 1]] = value;
  return copy;
}
