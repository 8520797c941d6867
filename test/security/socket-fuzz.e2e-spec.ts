import fc from 'fast-check';
import { ManualClock } from '#libs/clock/src/index.js';
import { createOfficer, login, type Session, TEST_ADMIN, type TestApp } from '#libs/testing/src/index.js';
import { connect, createLiveTestApp, type RawSocket } from '../../apps/gateway/test/live-fixtures.js';

// Hostile socket messages: every client event with generated and mutated payloads, from an officer and from
// an anonymous board. Every message gets an ack — ok, or an error with a 4xx status, a code and a message —
// and the socket stays connected (the flood limit is raised here; its own test lives with the gateway).
// FUZZ_RUNS sets the messages per event (`npm run test:fuzz` runs 10,000).
const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
// The full run (10,000 per endpoint) takes minutes per endpoint.
const TIMEOUT_MS = Math.max(60_000, RUNS * 100);
const clock = new ManualClock('2026-12-01T00:40:00.000Z');
let t: TestApp;
let officer: Session;
const sockets: RawSocket[] = [];

beforeAll(async () => {
  t = await createLiveTestApp('socket_fuzz', clock, { LIVE_MESSAGE_RATE: '10000', LIVE_MESSAGE_BURST: '10000' });
  const admin = await login(() => t.http(), TEST_ADMIN.email, TEST_ADMIN.password);
  officer = await createOfficer(() => t.http(), admin, 'CUSTOMS', ['HUU_NGHI']);
  VALID['auth.renew'] = { token: officer.token };
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await t?.close();
});

const VALID: Record<string, unknown> = {
  subscribe: { gate: 'HUU_NGHI', view: 'customs' },
  resync: { gate: 'HUU_NGHI', sinceVersion: 0 },
  unsubscribe: { gate: 'HUU_NGHI' },
  'board.lookup': { gate: 'HUU_NGHI', plate: 'GUI F12345' },
  // The officer's own token (set once logged in): ok from the officer's socket, refused from the board's.
  'auth.renew': { token: '' },
};

const hostile = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(
    null,
    undefined,
    '',
    'HUU_NGHI',
    -1,
    1e308,
    Number.NaN,
    [],
    {},
    { gate: 'x'.repeat(10000) },
    { gate: 'HUU_NGHI', view: 'board', extra: 1 },
  ),
);
const payload = (event: string) =>
  fc.oneof(
    { weight: 1, arbitrary: fc.constant(VALID[event]) },
    {
      weight: 3,
      arbitrary: fc
        .tuple(fc.constantFrom('gate', 'view', 'sinceVersion', 'top', 'direction', 'plate', 'token', 'extra'), hostile)
        .map(([k, v]) => ({ ...(VALID[event] as object), [k]: v })),
    },
    { weight: 2, arbitrary: hostile },
  );

function ask(s: RawSocket, event: string, body: unknown): Promise<unknown> {
  return (s as unknown as { timeout(ms: number): { emitWithAck(e: string, b: unknown): Promise<unknown> } })
    .timeout(3000)
    .emitWithAck(event, body);
}

function assertAck(ack: unknown): void {
  const a = ack as { ok?: boolean; error?: { statusCode: number; code: string; message: string } };
  expect(typeof a.ok).toBe('boolean');
  if (!a.ok) {
    expect(a.error!.statusCode).toBeGreaterThanOrEqual(400);
    expect(a.error!.statusCode).toBeLessThan(500);
    expect(a.error!.code.length).toBeGreaterThan(0);
    expect(a.error!.message.length).toBeGreaterThan(0);
  }
}

it.each(['subscribe', 'resync', 'unsubscribe', 'board.lookup', 'auth.renew'])(
  '%s: every generated payload is answered by an ok or a 4xx error ack, and the socket stays up',
  async (event) => {
    const officerSocket = await connect(t.url, officer.token);
    const boardSocket = await connect(t.url);
    sockets.push(officerSocket, boardSocket);
    // A lookup needs the gate's board followed: past that check, the plate itself is what gets fuzzed.
    if (event === 'board.lookup')
      for (const s of [officerSocket, boardSocket])
        expect(await ask(s, 'subscribe', { gate: 'HUU_NGHI', view: 'board' })).toMatchObject({ ok: true });
    await fc.assert(
      fc.asyncProperty(payload(event), fc.boolean(), async (body, asOfficer) => {
        const s = asOfficer ? officerSocket : boardSocket;
        assertAck(await ask(s, event, body));
        expect(s.connected).toBe(true);
      }),
      { numRuns: RUNS },
    );
  },
  TIMEOUT_MS,
);

it('answers unknown events and odd argument shapes with an error, never a crash', async () => {
  const s = await connect(t.url, officer.token);
  sockets.push(s);
  await fc.assert(
    fc.asyncProperty(
      fc
        .string({ minLength: 1, maxLength: 30 })
        .filter(
          (e) =>
            ![
              'subscribe',
              'resync',
              'unsubscribe',
              'board.lookup',
              'auth.renew',
              'connect',
              'disconnect',
              'disconnecting',
              'error',
              'newListener',
              'removeListener',
            ].includes(e),
        ),
      fc.jsonValue({ maxDepth: 2 }),
      async (event, body) => {
        assertAck(await ask(s, event, body));
        expect(s.connected).toBe(true);
      },
    ),
    { numRuns: Math.min(RUNS, 200) },
  );
  // The server is still serving: a valid subscription works after all that.
  const ok = (await ask(s, 'subscribe', VALID.subscribe)) as { ok: boolean };
  expect(ok.ok).toBe(true);
});

it('refuses a frame whose JSON repeats a key, naming the field, and applies nothing', async () => {
  const s = await connect(t.url, officer.token);
  sockets.push(s);
  // The frame is written by hand: no client library would send a key twice. JSON.parse would keep the last
  // (`HUU_NGHI`, the officer's own gate) and the subscription would pass.
  const engine = (s.io as unknown as { engine: RawEngine }).engine;
  const ack = new Promise<unknown>((resolve) =>
    engine.on('message', (frame) => {
      if (typeof frame === 'string' && frame.startsWith('39001')) resolve((JSON.parse(frame.slice(5)) as unknown[])[0]);
    }),
  );
  // Engine.io adds its message type (4): this is the socket.io packet, an event (2) with ack id 9001.
  engine.send('29001["subscribe",{"gate":"TAN_THANH","view":"customs","gate":"HUU_NGHI"}]');
  expect(await ack).toEqual({
    ok: false,
    error: {
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: 'Dữ liệu không hợp lệ: gate',
      errors: [{ field: 'gate', message: 'Trường "gate" xuất hiện hai lần' }],
    },
  });
  // Not subscribed, and the socket still serves.
  const resync = (await ask(s, 'resync', VALID.resync)) as { ok: boolean; error?: { code: string } };
  expect(resync).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  expect(s.connected).toBe(true);
  expect(await ask(s, 'subscribe', VALID.subscribe)).toMatchObject({ ok: true });
});

interface RawEngine {
  send(frame: string): void;
  on(event: 'message', listener: (frame: unknown) => void): void;
}
