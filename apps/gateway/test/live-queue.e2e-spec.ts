import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { JwtService } from '@nestjs/jwt';
import { io } from 'socket.io-client';
import { ManualClock } from '#libs/clock/src/index.js';
import {
  applyChanges,
  type BoardEntry,
  LiveQueueClient,
  type LiveStatus,
  type QueueDeltaMessage,
  type QueueEntryView,
  type QueueHeartbeatMessage,
  type QueueSnapshotMessage,
  type VehicleUpdateMessage,
} from '#libs/live-client/src/index.js';
import {
  createOfficer,
  eventually,
  login,
  PUBLIC_BOARD_FIELDS,
  registerFirm,
  SEEDED_DRIVER,
  type Session,
  sleep,
  TEST_ADMIN,
  type TestApp,
} from '#libs/testing/src/index.js';
import {
  ask,
  byId,
  checkInPlate,
  connect,
  connected,
  createLiveTestApp,
  gatewayVersion,
  officerQueue,
  rawSocket,
  record,
  type RawSocket,
} from './live-fixtures.js';
import { seedAcceptedVehicles } from '../../yard-queue/test/yard-fixtures.js';

// Tuesday 1 December 2026, 07:40 in Lạng Sơn (UTC+7): Hữu Nghị is open, windows from 08:00.
const clock = new ManualClock('2026-12-01T00:40:00.000Z');
const GATE = 'HUU_NGHI';
let t: TestApp;
let admin: Session, customs: Session, customsTT: Session, guard: Session, yard: Session, firmA: Session, firmB: Session;
const sockets: RawSocket[] = [];
const clients: LiveQueueClient[] = [];

beforeAll(async () => {
  // Short intervals so heartbeats and estimates show up within a test.
  t = await createLiveTestApp('live_queue', clock, {
    LIVE_HEARTBEAT_MS: '1000',
    LIVE_MAX_REPLAY: '5',
  });
  const http = () => t.http();
  admin = await login(http, TEST_ADMIN.email, TEST_ADMIN.password);
  customs = await createOfficer(http, admin, 'CUSTOMS', [GATE]);
  customsTT = await createOfficer(http, admin, 'CUSTOMS', ['TAN_THANH']);
  guard = await createOfficer(http, admin, 'BORDER_GUARD', [GATE]);
  yard = await createOfficer(http, admin, 'YARD_OPERATOR', [GATE]);
  firmA = await registerFirm(http, 'Công ty TNHH Nông sản Hữu Nghị');
  firmB = await registerFirm(http, 'Công ty Cổ phần Vận tải Đồng Đăng');
});
afterEach(() => {
  for (const s of sockets.splice(0)) s.disconnect();
  for (const c of clients.splice(0)) c.close();
});
afterAll(async () => {
  await t?.close();
});

const track = (s: RawSocket) => (sockets.push(s), s);
const open = async (token?: string) => track(await connect(t.url, token));
const liveClient = (token?: string) => {
  const c = new LiveQueueClient({
    url: t.url,
    io: io,
    token,
    socketOptions: { forceNew: true, reconnectionDelay: 100, reconnectionDelayMax: 500 },
  });
  clients.push(c);
  return c;
};
const checkIn = (plate: string) => checkInPlate(t, yard, GATE, plate);
const act = async (s: Session, id: string, action: string, body: object = {}) => {
  const res = await t.http().post(`/api/queue-entries/${id}/${action}`).set('authorization', s.auth).send(body);
  if (res.status !== 200) throw new Error(`${action} ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as QueueEntryView;
};
const restQueue = () => officerQueue(t, customs, GATE);
/** Until the yard-queue's relay has delivered every change to the gateway. */
/** Quiet: every waiting truck has its estimate, the gateway has every version, and nothing moves for a moment. */
const settled = () =>
  eventually(async () => {
    const rest = await restQueue();
    expect(rest.entries.filter((e) => e.status === 'CHECKED_IN' && !e.eta).map((e) => e.id)).toEqual([]);
    expect(await gatewayVersion(t.databaseUrl, GATE)).toBe(rest.version);
    await sleep(400);
    expect((await restQueue()).version).toBe(rest.version);
  });
const publicQueue = async () =>
  (await t.http().get(`/api/public/gates/${GATE}/queue`)).body as { version: number; entries: BoardEntry[] };

/** A view's state rebuilt from a snapshot and the deltas (and heartbeats) that follow it, checking that each follows on. */
function rebuild<E extends { id: string }>(
  snapshot: QueueSnapshotMessage,
  messages: (QueueDeltaMessage | QueueHeartbeatMessage)[],
) {
  const entries = new Map(snapshot.entries.map((e) => [e.id, e]));
  let version = snapshot.version;
  for (const d of messages) {
    if (d.version <= version) continue;
    expect(d.baseVersion).toBeLessThanOrEqual(version);
    if ('changes' in d) applyChanges(entries, d.changes);
    version = d.version;
  }
  return { version, entries: [...entries.values()] as unknown as E[] };
}

/** The deltas and heartbeats a socket received, in order. */
const versioned = (rec: ReturnType<typeof record>) =>
  rec.seen
    .filter((m) => m.event === 'queue.delta' || m.event === 'queue.heartbeat')
    .map((m) => m.payload as unknown as QueueDeltaMessage | QueueHeartbeatMessage);

describe('snapshot and deltas', () => {
  it('sends a snapshot at the queue version, then one delta per REST change with consecutive versions and only what changed', async () => {
    const [a, b, c] = await seedAcceptedVehicles(t, 3);
    const e1 = await checkIn(a.plate);
    await settled();
    const s = await open(customs.token);
    const rec = record(s);
    const ack = await ask(s, 'subscribe', { gate: GATE, view: 'customs' });
    expect(ack).toMatchObject({ ok: true, gate: GATE, view: 'customs', mode: 'snapshot', heartbeatMs: 1000 });
    const [snapshot] = rec.of<QueueSnapshotMessage>('queue.snapshot');
    const before = await restQueue();
    expect(snapshot).toMatchObject({
      gate: GATE,
      view: 'customs',
      version: before.version,
      gateState: before.gateState,
      congestion: before.congestion,
    });
    expect(byId(snapshot.entries)).toEqual(byId(before.entries));

    const e2 = await checkIn(b.plate);
    const e3 = await checkIn(c.plate);
    await act(customs, e1.id, 'call');
    await settled();
    const after = await restQueue();
    // (A delta the snapshot already covers may still come: a client drops it by its version.)
    const deltas = await eventually(() => {
      const d = rec.of<QueueDeltaMessage>('queue.delta').filter((m) => m.version > snapshot.version);
      expect(d.at(-1)?.version).toBe(after.version);
      return d;
    });
    const v = before.version;
    // One delta per version, each following on from the one before.
    expect(deltas.map((d) => [d.baseVersion, d.version])).toEqual(deltas.map((_, i) => [v + i, v + i + 1]));
    // The writes in order; between them, the new estimates as changes of their own (reason 'eta').
    const writes = deltas.filter((d) => d.reason !== 'eta');
    expect(writes.map((d) => d.reason)).toEqual(['check-in', 'check-in', 'call']);
    // A check-in behind the others: that entry only. A call: the called entry, and the new places of those behind it.
    expect(writes[0].changes).toEqual({
      upserts: [expect.objectContaining({ id: e2.id, status: 'CHECKED_IN' })],
      removals: [],
      positions: {},
    });
    expect(writes[2].changes.upserts.map((e) => [e.id, e.status])).toEqual([[e1.id, 'CALLED']]);
    expect(writes[2].changes.positions).toEqual({ [e2.id]: e2.position! - 1, [e3.id]: e3.position! - 1 });
    const estimates = deltas.filter((d) => d.reason === 'eta');
    expect(estimates.length).toBeGreaterThan(0);
    for (const d of estimates) {
      expect(d.changes.removals).toEqual([]);
      for (const e of d.changes.upserts)
        expect(e.eta === null || (e.eta.p10 < e.eta.p50 && e.eta.p50 < e.eta.p90)).toBe(true);
    }
    const rebuilt = rebuild<QueueEntryView>(snapshot, deltas);
    expect(rebuilt.version).toBe(after.version);
    // Estimates included: the console has every waiting truck's estimate without asking anyone for it.
    expect(byId(rebuilt.entries)).toEqual(byId(after.entries));
    expect(after.entries.filter((e) => e.status === 'CHECKED_IN' && !e.eta)).toEqual([]);
    expect(writes[2].congestion).toEqual(after.congestion);
  });

  it('the client helper converges to GET /api/gates/:code/queue — entries with their ETAs, and version — and says live', async () => {
    const client = liveClient(customs.token);
    const statuses: LiveStatus[] = [];
    client.onStatus((st) => statuses.push(st));
    const sub = client.subscribe<QueueEntryView>(GATE, 'customs');
    await sub.ready;
    const [v1, v2] = await seedAcceptedVehicles(t, 2);
    const e = await checkIn(v1.plate);
    await checkIn(v2.plate);
    await act(customs, e.id, 'call');
    await act(guard, e.id, 'arrive');
    await eventually(async () => {
      const rest = await restQueue();
      expect(sub.version).toBe(rest.version);
      expect(byId(sub.entries())).toEqual(byId(rest.entries));
      expect(sub.congestion).toEqual(rest.congestion);
    });
    expect(client.status).toBe('live');
    expect(statuses.at(-1)).toBe('live');
    expect(sub.stats).toMatchObject({ snapshots: 1, gaps: 0, resyncs: 0 });
  });
});

describe('public board and firms', () => {
  it('shows the board without a token, masked exactly like the public REST board: no driver name, document, phone or firm', async () => {
    const [v] = await seedAcceptedVehicles(t, 1);
    await checkIn(v.plate);
    await settled();
    const s = await open();
    const rec = record(s);
    expect(await ask(s, 'subscribe', { gate: GATE, view: 'board' })).toMatchObject({ ok: true, mode: 'snapshot' });
    const [snapshot] = rec.of<QueueSnapshotMessage<BoardEntry>>('queue.snapshot');
    const pub = await publicQueue();
    expect(snapshot.version).toBe(pub.version);
    expect(byId(snapshot.entries)).toEqual(byId(pub.entries));
    const more = await seedAcceptedVehicles(t, 3);
    const entries = [];
    for (const m of more) entries.push(await checkIn(m.plate));
    await act(customs, entries[0].id, 'call');
    await settled();
    const head = (await restQueue()).version;
    await eventually(() => expect(rec.of<QueueDeltaMessage>('queue.delta').at(-1)?.version).toBe(head), 5000);
    const deltas = rec.of<QueueDeltaMessage<BoardEntry>>('queue.delta');
    // At most one message a second: four changes in a burst arrive in fewer messages, still chained.
    expect(deltas.length).toBeLessThan(4);
    const rebuilt = rebuild<BoardEntry>(snapshot, versioned(rec));
    expect(byId(rebuilt.entries)).toEqual(byId((await publicQueue()).entries));
    const allowed = [...PUBLIC_BOARD_FIELDS].sort();
    for (const e of [...snapshot.entries, ...deltas.flatMap((d) => d.changes.upserts)])
      expect(Object.keys(e).sort()).toEqual(allowed);
    const wire = JSON.stringify(rec.seen);
    for (const secret of [
      SEEDED_DRIVER.name,
      SEEDED_DRIVER.document.number,
      SEEDED_DRIVER.phone,
      'Vận tải Đồng Đăng',
      'driver',
      'firmId',
      'firmName',
      'declarationId',
    ]) {
      expect(wire).not.toContain(secret);
    }
  });

  it('shows a firm its own vehicles only, and sends vehicle.update to its sockets for its vehicles', async () => {
    const firmAId = firmA.user.firm!.id;
    const firmBId = firmB.user.firm!.id;
    const [a1, a2] = await seedAcceptedVehicles(t, 2, { firmId: firmAId, firmName: firmA.user.firm!.name });
    const [b1] = await seedAcceptedVehicles(t, 1, { firmId: firmBId, firmName: firmB.user.firm!.name });
    const ea1 = await checkIn(a1.plate);
    await settled();
    const sa = await open(firmA.token);
    const sb = await open(firmB.token);
    const ra = record(sa);
    const rb = record(sb);
    expect(await ask(sa, 'subscribe', { gate: GATE, view: 'firm' })).toMatchObject({ ok: true, view: 'firm' });
    const [snapshot] = ra.of<QueueSnapshotMessage<QueueEntryView>>('queue.snapshot');
    expect(snapshot.entries.map((e) => e.id)).toEqual([ea1.id]);
    const eb1 = await checkIn(b1.plate);
    const ea2 = await checkIn(a2.plate);
    await act(customs, ea1.id, 'call');
    await settled();
    const head = (await restQueue()).version;
    await eventually(() => expect(ra.of<QueueDeltaMessage>('queue.delta').at(-1)?.version).toBe(head));
    const deltas = ra.of<QueueDeltaMessage<QueueEntryView>>('queue.delta');
    // B's check-in did not concern firm A: no delta for that version, and the next one says where it starts from.
    expect(deltas.flatMap((d) => d.changes.upserts.map((e) => e.firmId))).not.toContain(firmBId);
    expect(JSON.stringify(deltas)).not.toContain(eb1.id);
    const mine = (await restQueue()).entries.filter((e) => e.firmId === firmAId);
    expect(byId(rebuild<QueueEntryView>(snapshot, versioned(ra)).entries)).toEqual(byId(mine));
    await eventually(() => {
      const ua = ra.of<VehicleUpdateMessage>('vehicle.update');
      expect(ua.filter((u) => u.reason !== 'eta').map((u) => [u.entry.id, u.entry.status, u.reason])).toEqual([
        [ea2.id, 'CHECKED_IN', 'check-in'],
        [ea1.id, 'CALLED', 'call'],
      ]);
      // The firm is told its waiting truck's estimate as soon as there is one.
      expect(ua.some((u) => u.reason === 'eta' && u.entry.id === ea2.id && u.entry.eta !== null)).toBe(true);
      expect([...new Set(rb.of<VehicleUpdateMessage>('vehicle.update').map((u) => u.entry.id))]).toEqual([eb1.id]);
    });
  });
});

describe('refusals', () => {
  it('refuses every subscription the socket has no right to, and every malformed message, with an error ack', async () => {
    const anon = await open();
    const firm = await open(firmA.token);
    const officer = await open(customs.token);
    const other = await open(customsTT.token);
    const borderGuard = await open(guard.token);
    const adm = await open(admin.token);
    const cases: [RawSocket, string, unknown[], number, string][] = [
      [anon, 'subscribe', [{ gate: GATE, view: 'customs' }], 401, 'UNAUTHENTICATED'],
      [anon, 'subscribe', [{ gate: GATE, view: 'firm' }], 401, 'UNAUTHENTICATED'],
      [firm, 'subscribe', [{ gate: GATE, view: 'customs' }], 403, 'FORBIDDEN'],
      [firm, 'subscribe', [{ gate: GATE, view: 'yard' }], 403, 'FORBIDDEN'],
      [borderGuard, 'subscribe', [{ gate: GATE, view: 'customs' }], 403, 'FORBIDDEN'],
      [officer, 'subscribe', [{ gate: GATE, view: 'border' }], 403, 'FORBIDDEN'],
      [other, 'subscribe', [{ gate: GATE, view: 'customs' }], 403, 'FORBIDDEN'],
      [officer, 'subscribe', [{ gate: GATE, view: 'firm' }], 403, 'FORBIDDEN'],
      [adm, 'subscribe', [{ gate: GATE, view: 'firm' }], 403, 'FORBIDDEN'],
      // A firm cannot name another firm (or a room): unknown fields are refused.
      [firm, 'subscribe', [{ gate: GATE, view: 'firm', firmId: firmB.user.firm!.id }], 400, 'VALIDATION_FAILED'],
      [
        officer,
        'subscribe',
        [{ gate: GATE, view: 'customs', room: 'live:TAN_THANH:customs' }],
        400,
        'VALIDATION_FAILED',
      ],
      [anon, 'subscribe', [{}], 400, 'VALIDATION_FAILED'],
      [anon, 'subscribe', [{ gate: 'huu nghi', view: 'board' }], 400, 'VALIDATION_FAILED'],
      [anon, 'subscribe', [{ gate: GATE, view: 'everything' }], 400, 'VALIDATION_FAILED'],
      [anon, 'subscribe', [{ gate: GATE, view: 'board', sinceVersion: -1 }], 400, 'VALIDATION_FAILED'],
      [anon, 'subscribe', [{ gate: GATE, view: 'board', sinceVersion: '3' }], 400, 'VALIDATION_FAILED'],
      [anon, 'subscribe', ['HUU_NGHI'], 400, 'VALIDATION_FAILED'],
      [anon, 'subscribe', [null], 400, 'VALIDATION_FAILED'],
      [anon, 'subscribe', [[1, 2, 3]], 400, 'VALIDATION_FAILED'],
      [anon, 'subscribe', [{ gate: 'NOWHERE', view: 'board' }], 404, 'NOT_FOUND'],
      [anon, 'resync', [{ gate: GATE, sinceVersion: 1 }], 409, 'CONFLICT'],
      [anon, 'resync', [{ gate: GATE }], 400, 'VALIDATION_FAILED'],
      [anon, 'join', ['live:HUU_NGHI:customs'], 400, 'VALIDATION_FAILED'],
      [anon, 'queue.snapshot', [{ gate: GATE }], 400, 'VALIDATION_FAILED'],
    ];
    for (const [s, event, args, statusCode, code] of cases) {
      const res = await ask(s, event, ...args);
      expect({ event, args, res }).toMatchObject({ res: { ok: false, error: { statusCode, code } } });
      if (!res.ok) expect(res.error.message).toMatch(/[àáảãạăâđèéêìíòóôơùúưỳý]/i);
    }
    const refused = await ask(firm, 'subscribe', { gate: GATE, view: 'firm', firmId: 'x' });
    expect(!refused.ok && refused.error.errors?.map((e) => e.field)).toEqual(['firmId']);
    // Still usable: the allowed views answer, and none of the refused rooms was joined.
    expect(await ask(borderGuard, 'subscribe', { gate: GATE, view: 'border' })).toMatchObject({ ok: true });
    expect(await ask(officer, 'subscribe', { gate: GATE, view: 'customs' })).toMatchObject({ ok: true });
    const anonRec = record(anon);
    const firmRec = record(firm);
    const [v] = await seedAcceptedVehicles(t, 1);
    await checkIn(v.plate);
    await sleep(1500);
    expect(anonRec.of('queue.delta')).toEqual([]);
    expect(anonRec.of('queue.heartbeat')).toEqual([]);
    expect(firmRec.of('queue.delta')).toEqual([]);
  });

  it('answers messages without an ack and garbage without crashing; floods are rate limited, then disconnected', async () => {
    const s = await open(customs.token);
    (s as unknown as { emit(...a: unknown[]): void }).emit('subscribe');
    (s as unknown as { emit(...a: unknown[]): void }).emit('nonsense', { a: 1 });
    (s as unknown as { emit(...a: unknown[]): void }).emit('subscribe', 'x', 'y', 'z');
    expect(await ask(s, 'subscribe', { gate: GATE, view: 'customs' })).toMatchObject({ ok: true });
    const flooder = await open();
    const bystander = await open();
    const disconnected = new Promise<string>((r) => flooder.once('disconnect', r));
    const answers = await Promise.allSettled(
      Array.from({ length: 200 }, () => ask(flooder, 'resync', { gate: GATE, sinceVersion: 1 })),
    );
    const codes = answers.map((a) => (a.status === 'fulfilled' && !a.value.ok ? a.value.error.code : a.status));
    // A bucket of 30 goes through; the rest is refused until the socket, still flooding, is cut off.
    expect(codes.filter((c) => c === 'RATE_LIMITED').length).toBeGreaterThan(50);
    expect(codes.filter((c) => c !== 'RATE_LIMITED' && c !== 'rejected' && c !== 'CONFLICT')).toEqual([]);
    expect(await disconnected).toBe('io server disconnect');
    expect(await ask(bystander, 'subscribe', { gate: GATE, view: 'board' })).toMatchObject({ ok: true });
  });

  it('authenticates the handshake: token in auth only, valid and unexpired, Origin on the allowlist; expiry ends the connection', async () => {
    const refusal = async (s: RawSocket) => {
      track(s);
      const e = await connected(s).then(
        () => null,
        (err: { live?: { code: string; statusCode: number; message: string } }) => err.live,
      );
      expect(e).not.toBeNull();
      return e!;
    };
    expect(await refusal(rawSocket(t.url, { query: { token: customs.token } }))).toMatchObject({
      statusCode: 401,
      code: 'UNAUTHENTICATED',
    });
    expect(await refusal(rawSocket(t.url, { token: 'not-a-jwt' }))).toMatchObject({
      statusCode: 401,
      code: 'UNAUTHENTICATED',
    });
    const jwt = t.app.get(JwtService, { strict: false });
    const payload = { sub: customs.user.id, role: 'CUSTOMS', firmId: null, gates: [GATE], ver: 0, typ: 'access' };
    const expired = jwt.sign(payload, { expiresIn: -10 });
    expect((await refusal(rawSocket(t.url, { token: expired }))).message).toMatch(/hết hạn/);
    const forged = new JwtService({ secret: 'another-secret-another-secret-0123456789' }).sign(payload, {
      issuer: 'cua-khau-so',
      audience: 'cua-khau-so-api',
    });
    expect(await refusal(rawSocket(t.url, { token: forged }))).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await refusal(rawSocket(t.url, { token: jwt.sign({ ...payload, typ: 'refresh' }) }))).toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    // Signed with the platform's own secret, but never expiring, or living a year.
    const ownSecret = new JwtService({ secret: t.config.jwt.secret });
    const claims = { issuer: t.config.jwt.issuer, audience: t.config.jwt.audience };
    for (const token of [ownSecret.sign(payload, claims), ownSecret.sign(payload, { ...claims, expiresIn: '365d' })])
      expect(await refusal(rawSocket(t.url, { token }))).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await refusal(rawSocket(t.url, { headers: { origin: 'https://evil.example' } }))).toMatchObject({
      statusCode: 403,
      code: 'FORBIDDEN',
    });
    expect(
      await refusal(rawSocket(t.url, { headers: { origin: 'https://evil.example' }, transports: ['polling'] })),
    ).toMatchObject({ code: 'FORBIDDEN' });
    track(await connected(rawSocket(t.url, { token: customs.token, headers: { origin: t.url } })));

    const short = jwt.sign(payload, { expiresIn: 2 });
    const s = track(await connected(rawSocket(t.url, { token: short })));
    const rec = record(s);
    expect(await ask(s, 'subscribe', { gate: GATE, view: 'customs' })).toMatchObject({ ok: true });
    const reason = await new Promise<string>((r) => s.once('disconnect', r));
    expect(reason).toBe('io server disconnect');
    expect(rec.of('auth.expired')).toHaveLength(1);
  });

  it('moves a connected socket to a renewed token, checked as in the handshake: it lives until the last token expires', async () => {
    const jwt = t.app.get(JwtService, { strict: false });
    const payload = { sub: customs.user.id, role: 'CUSTOMS', firmId: null, gates: [GATE], ver: 0, typ: 'access' };
    const s = track(await connected(rawSocket(t.url, { token: jwt.sign(payload, { expiresIn: 2 }) })));
    const rec = record(s);
    expect(await ask(s, 'subscribe', { gate: GATE, view: 'customs' })).toMatchObject({ ok: true });
    const refused = async (body: unknown) => {
      const a = await ask(s, 'auth.renew', body);
      expect(a.ok).toBe(false);
      return (a as { error: { code: string; message: string } }).error;
    };
    // Whatever the handshake refuses is refused here, and the socket stays as it was.
    expect(await refused({ token: 'not-a-jwt' })).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect((await refused({ token: jwt.sign(payload, { expiresIn: -10 }) })).message).toMatch(/hết hạn/);
    expect(await refused({ token: jwt.sign({ ...payload, typ: 'refresh' }) })).toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    const forged = new JwtService({ secret: 'another-secret-another-secret-0123456789' }).sign(payload, {
      issuer: 'cua-khau-so',
      audience: 'cua-khau-so-api',
    });
    expect(await refused({ token: forged })).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await refused({ token: 'x'.repeat(5000) })).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await refused({ token: jwt.sign(payload), extra: 1 })).toMatchObject({ code: 'VALIDATION_FAILED' });
    // Another person, or the same person with other gates: the subscriptions were authorized for the first.
    expect(await refused({ token: customsTT.token })).toMatchObject({ code: 'CONFLICT' });
    expect(await refused({ token: jwt.sign({ ...payload, gates: [GATE, 'TAN_THANH'] }) })).toMatchObject({
      code: 'CONFLICT',
    });
    const board = track(await connected(rawSocket(t.url)));
    expect((await ask(board, 'auth.renew', { token: customs.token })).ok).toBe(false);

    const renewed = await ask<{ expiresAt: number }>(s, 'auth.renew', { token: jwt.sign(payload, { expiresIn: 4 }) });
    expect(renewed).toMatchObject({ ok: true });
    expect((renewed as { expiresAt: number }).expiresAt).toBeGreaterThan(Date.now() + 2500);
    // Past the first token's expiry: still connected, still subscribed, nothing said about an expiry.
    await sleep(2600);
    expect(s.connected).toBe(true);
    expect(rec.of('auth.expired')).toEqual([]);
    expect(await ask(s, 'resync', { gate: GATE, sinceVersion: 0 })).toMatchObject({ ok: true });
    // The renewed token's expiry still ends it.
    const reason = await new Promise<string>((r) => s.once('disconnect', r));
    expect(reason).toBe('io server disconnect');
    expect(rec.of('auth.expired')).toHaveLength(1);
  });

  it('the client helper moves its socket to a renewed token without a reconnect, and reconnects at once when the renewal is refused', async () => {
    const jwt = t.app.get(JwtService, { strict: false });
    const payload = { sub: customs.user.id, role: 'CUSTOMS', firmId: null, gates: [GATE], ver: 0, typ: 'access' };
    // A gate with a log to resume from.
    const [v] = await seedAcceptedVehicles(t, 1);
    await checkIn(v.plate);
    await settled();
    let token = jwt.sign(payload, { expiresIn: 2 });
    const c = new LiveQueueClient({
      url: t.url,
      io: io,
      token: () => token,
      // socket.io's own backoff stays long: a reconnect seen below is the client's own.
      socketOptions: { forceNew: true, reconnectionDelay: 5000, reconnectionDelayMax: 5000 },
    });
    clients.push(c);
    const sub = c.subscribe(GATE, 'customs');
    await sub.ready;
    await eventually(() => expect(c.status).toBe('live'));
    const statuses: LiveStatus[] = [];
    c.onStatus((st) => statuses.push(st));
    const snapshots = sub.stats.snapshots;
    const connects: number[] = [];
    c.socket.on('connect', () => connects.push(Date.now()));
    token = jwt.sign(payload, { expiresIn: 4 });
    await c.renewToken();
    await sleep(2600);
    expect(c.socket.connected).toBe(true);
    expect(connects).toEqual([]);
    expect(statuses.filter((st) => st !== 'live')).toEqual([]);
    expect(sub.stats.snapshots).toBe(snapshots);

    // Refused (the same officer given another gate meanwhile): a reconnect at once, under the new token,
    // resuming from the version held rather than from a snapshot.
    token = jwt.sign({ ...payload, gates: [GATE, 'TAN_THANH'] }, { expiresIn: 60 });
    const at = Date.now();
    await c.renewToken();
    await eventually(() => {
      expect(connects.length).toBe(1);
      expect(c.status).toBe('live');
    });
    expect(connects[0] - at).toBeLessThan(1000);
    expect(sub.stats.snapshots).toBe(snapshots);
    expect(sub.stats.lastSync).not.toBe('snapshot');
  });

  it('the client helper reconnects at once, with a fresh token, when the gateway ends its socket at expiry', async () => {
    const jwt = t.app.get(JwtService, { strict: false });
    const payload = { sub: customs.user.id, role: 'CUSTOMS', firmId: null, gates: [GATE], ver: 0, typ: 'access' };
    let token = jwt.sign(payload, { expiresIn: 2 });
    const c = new LiveQueueClient({
      url: t.url,
      io: io,
      token: () => token,
      socketOptions: { forceNew: true, reconnectionDelay: 5000, reconnectionDelayMax: 5000 },
    });
    clients.push(c);
    await c.subscribe(GATE, 'customs').ready;
    // Renewed where the token comes from, but never sent on the socket: the gateway ends it at the old expiry.
    token = jwt.sign(payload, { expiresIn: 60 });
    const ended = await new Promise<number>((r) => c.socket.once('disconnect', () => r(Date.now())));
    const back = await new Promise<number>((r) => c.socket.once('connect', () => r(Date.now())));
    process.stdout.write(`reconnected ${back - ended} ms after the gateway ended the expired socket\n`);
    expect(back - ended).toBeLessThan(1000);
  });
});

describe('never silently stale', () => {
  it('the client helper tries again within seconds when a connection opens and closes before the handshake', async () => {
    // A WebSocket accepted and closed at once, as a proxy whose upstream just died does: socket.io sees no error.
    let upgrades = 0;
    const accepted = new Set<Socket>();
    const server = createServer();
    server.on('upgrade', (req, socket: Socket) => {
      upgrades++;
      accepted.add(socket);
      const accept = createHash('sha1')
        .update(`${String(req.headers['sec-websocket-key'])}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`)
        .digest('base64');
      socket.write(
        `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
      );
      socket.end(Buffer.from([0x88, 0x02, 0x03, 0xe8]));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const c = new LiveQueueClient({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        io: io,
        socketOptions: { forceNew: true, reconnectionDelay: 100, reconnectionDelayMax: 500 },
      });
      clients.push(c);
      await sleep(7000);
      expect(c.status).toBe('reconnecting');
      expect(upgrades).toBeGreaterThanOrEqual(2);
    } finally {
      for (const c of clients.splice(0)) c.close();
      for (const socket of accepted) socket.destroy();
      await new Promise((r) => server.close(r));
    }
  });

  it('replays the deltas a socket missed from the log on resync, and sends a snapshot when the gap is too large', async () => {
    const s = await open(customs.token);
    const rec = record(s);
    await ask(s, 'subscribe', { gate: GATE, view: 'customs' });
    const [snapshot] = rec.of<QueueSnapshotMessage>('queue.snapshot');
    const since = snapshot.version;
    // The socket "misses" the next deltas: they are dropped here, as a flaky link would.
    const vs = await seedAcceptedVehicles(t, 3);
    for (const v of vs) await checkIn(v.plate);
    await settled();
    const head = (await restQueue()).version;
    expect(head).toBeGreaterThanOrEqual(since + 3);
    await eventually(() => expect(rec.of<QueueDeltaMessage>('queue.delta').at(-1)?.version).toBe(head));
    rec.clear();
    const res = await ask(s, 'resync', { gate: GATE, sinceVersion: since });
    expect(res).toMatchObject({ ok: true, mode: 'delta', version: head, view: 'customs' });
    const [replay] = rec.of<QueueDeltaMessage>('queue.delta');
    expect(replay).toMatchObject({ baseVersion: since, version: head, reason: 'resync' });
    const rebuilt = rebuild<QueueEntryView>(snapshot, [replay]);
    expect(byId(rebuilt.entries)).toEqual(byId((await restQueue()).entries));
    expect(await ask(s, 'resync', { gate: GATE, sinceVersion: head })).toMatchObject({
      ok: true,
      mode: 'current',
      version: head,
    });
    // More than LIVE_MAX_REPLAY (5) versions behind: a snapshot instead.
    rec.clear();
    expect(await ask(s, 'resync', { gate: GATE, sinceVersion: head - 6 })).toMatchObject({
      ok: true,
      mode: 'snapshot',
      version: head,
    });
    expect(rec.of<QueueSnapshotMessage>('queue.snapshot')[0]?.version).toBe(head);
  });

  it('the client helper notices a lost connection, resumes from its version with the missed deltas, and is live again', async () => {
    const client = new LiveQueueClient({
      url: t.url,
      io: io,
      token: customs.token,
      socketOptions: { forceNew: true, reconnectionDelay: 1500, reconnectionDelayMax: 1500, randomizationFactor: 0 },
    });
    clients.push(client);
    const statuses: LiveStatus[] = [];
    client.onStatus((st) => statuses.push(st));
    const sub = client.subscribe<QueueEntryView>(GATE, 'customs');
    await sub.ready;
    await eventually(() => expect(client.status).toBe('live'));
    const vs = await seedAcceptedVehicles(t, 2);
    // The transport dies under the client; changes happen meanwhile.
    (client.socket.io as unknown as { engine: { close(): void } }).engine.close();
    for (const v of vs) await checkIn(v.plate);
    await settled();
    expect(client.status).toBe('reconnecting');
    await eventually(async () => {
      const rest = await restQueue();
      expect(sub.version).toBe(rest.version);
      expect(byId(sub.entries())).toEqual(byId(rest.entries));
      expect(client.status).toBe('live');
    });
    expect(statuses).toContain('reconnecting');
    expect(sub.stats.snapshots).toBe(1);
    expect(sub.stats.lastSync).toBe('delta');
  });

  it('heartbeats keep a quiet subscription live; a client whose versions fall behind resyncs by itself', async () => {
    const client = liveClient(guard.token);
    const sub = client.subscribe<QueueEntryView>(GATE, 'border');
    await sub.ready;
    const heard = sub.version;
    await sleep(3500);
    expect(client.status).toBe('live');
    expect(sub.version).toBe(heard);
    // A delta the client never applied (as if lost in between): the next one does not follow on, so it resyncs.
    (sub as unknown as { version: number }).version = heard! - 1;
    const [v] = await seedAcceptedVehicles(t, 1);
    await checkIn(v.plate);
    await eventually(async () => {
      const rest = await restQueue();
      expect(sub.version).toBe(rest.version);
      expect(byId(sub.entries())).toEqual(byId(rest.entries));
    });
    expect(sub.stats.gaps).toBeGreaterThanOrEqual(1);
    expect(sub.stats.resyncs).toBeGreaterThanOrEqual(1);
  });
});

it('reports its socket.io adapter in readiness and its connected sockets in /metrics', async () => {
  const ops = `Bearer ${t.config.opsToken}`;
  const ready = await t.http().get('/api/health').set('authorization', ops);
  expect(ready.status).toBe(200);
  expect(ready.body.info['live-adapter']).toEqual({ status: 'up', kind: 'postgres' });
  const count = async () =>
    Number(/^connected_sockets (\d+)/m.exec((await t.http().get('/metrics').set('authorization', ops)).text)?.[1]);
  const before = await count();
  await open(customs.token);
  await open();
  expect(await count()).toBe(before + 2);
});

it('keeps its socket.io adapter working when its database connection is cut again and again', async () => {
  const { default: pg } = await import('pg');
  const db = new pg.Client({ connectionString: t.databaseUrl });
  await db.connect();
  const listening = async () =>
    (
      await db.query(
        `SELECT pid FROM pg_stat_activity WHERE application_name = 'gateway-adapter' AND datname = current_database() AND query LIKE 'LISTEN%'`,
      )
    ).rows;
  try {
    // More cuts than the adapter's pool has connections (3): each must leave the pool whole.
    for (let cut = 0; cut < 4; cut++) {
      const [listener] = await eventually(async () => {
        const rows = await listening();
        expect(rows.length).toBeGreaterThan(0);
        return rows;
      }, 15_000);
      await db.query('SELECT pg_terminate_backend($1)', [listener.pid]);
    }
    await eventually(async () => expect(await listening()).toHaveLength(1), 15_000);
    const ready = await t.http().get('/api/health').set('authorization', `Bearer ${t.config.opsToken}`);
    expect(ready.body.info?.['live-adapter']).toEqual({ status: 'up', kind: 'postgres' });
  } finally {
    await db.end();
  }
}, 90_000);
