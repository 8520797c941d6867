import pg from 'pg';
import { ManualClock } from '#libs/clock/src/index.js';
import { createOfficer, login, type Session, TEST_ADMIN, type TestApp } from '#libs/testing/src/index.js';
import { createPlatformTestApp, seedAcceptedVehicles } from './yard-fixtures.js';

// A change that holds its lane from its first statement to its commit makes the lane's waiters queue behind each of
// its round trips to the service's event loop, busy under load (BENCHMARKS.md, "Gate actions in fewer statements").
// A check-in, a call and an action past the call (a confirmation here) each read without a lock and file in one
// statement that holds the lane only while it runs; this counts what they send, so a change that adds a read or takes
// a lock shows here. Tuesday 1 December 2026, 07:40 in Lạng Sơn: the gates are open.
const clock = new ManualClock('2026-12-01T00:40:00.000Z');
let t: TestApp;
let customs: Session, guard: Session, yard: Session;
const http = () => t.http();

/** Every statement sent by any pg client of this process while `work` runs, with the client that sent it. */
async function statementsDuring(work: () => Promise<void>): Promise<{ client: object; text: string }[]> {
  const sent: { client: object; text: string }[] = [];
  const proto = pg.Client.prototype as unknown as { query: (this: pg.Client, ...a: unknown[]) => unknown };
  const query = proto.query;
  proto.query = function (this: pg.Client, config: unknown, ...rest: unknown[]) {
    const text = typeof config === 'string' ? config : ((config as { text?: string })?.text ?? '');
    sent.push({ client: this, text });
    return query.call(this, config, ...rest);
  };
  try {
    await work();
  } finally {
    proto.query = query;
  }
  return sent;
}

/** Every transaction's statements, between START TRANSACTION and COMMIT (or ROLLBACK). */
function transactionsOf(sent: { client: object; text: string }[]): string[][] {
  const open = new Map<object, string[]>();
  const found: string[][] = [];
  for (const { client, text } of sent) {
    if (/^START TRANSACTION/.test(text)) open.set(client, []);
    else if (/^(COMMIT|ROLLBACK)/.test(text)) {
      const tx = open.get(client);
      open.delete(client);
      if (tx) found.push(tx);
    } else open.get(client)?.push(text);
  }
  return found;
}

/** The statements sent outside any transaction, in order (a client whose first end comes before any start was in one). */
function outsideTransactions(sent: { client: object; text: string }[]): string[] {
  const inTx = new Set<object>();
  const started = new Set<object>();
  for (const { client, text } of sent) {
    if (/^START TRANSACTION/.test(text)) started.add(client);
    else if (/^(COMMIT|ROLLBACK)/.test(text) && !started.has(client)) inTx.add(client);
  }
  const alone: string[] = [];
  for (const { client, text } of sent) {
    if (/^START TRANSACTION/.test(text)) inTx.add(client);
    else if (/^(COMMIT|ROLLBACK)/.test(text)) inTx.delete(client);
    else if (!inTx.has(client)) alone.push(text);
  }
  return alone;
}

/**
 * Checks that a request filed its change by one statement matching `filing`, outside any transaction, after reads that
 * lock nothing, and that no transaction meanwhile (the relays', a refresh of the estimates) touched an entry; returns
 * the number of those reads (the relays, the rate limit and the sweepers aside).
 */
function filedAtOnce(sent: { client: object; text: string }[], filing: RegExp): number {
  expect(sent.filter((s) => filing.test(s.text))).toHaveLength(1);
  const alone = outsideTransactions(sent);
  const filed = alone.findIndex((s) => filing.test(s));
  expect(filed).toBeGreaterThan(0);
  const reads = alone.slice(0, filed).filter((s) => !BACKGROUND.test(s));
  expect(reads.filter((s) => /FOR (UPDATE|SHARE)/.test(s))).toEqual([]);
  expect(transactionsOf(sent).filter((tx) => tx.some((s) => /queue_entries|queue_audit/.test(s)))).toEqual([]);
  return reads.length;
}

beforeAll(async () => {
  t = await createPlatformTestApp('round_trips', clock);
  const admin = await login(http, TEST_ADMIN.email, TEST_ADMIN.password);
  customs = await createOfficer(http, admin, 'CUSTOMS', ['HUU_NGHI']);
  guard = await createOfficer(http, admin, 'BORDER_GUARD', ['HUU_NGHI']);
  yard = await createOfficer(http, admin, 'YARD_OPERATOR', ['HUU_NGHI']);
}, 180_000);
afterAll(async () => {
  await t?.close();
});

/** Statements of the relays, the rate limiter and the sweepers' turn-taking, which run beside a request. */
const BACKGROUND = /outbox|rate_limits|pg_try_advisory/;

const act = (s: Session, id: string, action: string, body: object = {}) =>
  http().post(`/api/queue-entries/${id}/${action}`).set('authorization', s.auth).send(body);

it('files a check-in, a call and a confirmation each in one statement after at most two unlocked reads', async () => {
  const [v] = await seedAcceptedVehicles(t, 1);
  let id = '';
  const checkIn = await statementsDuring(async () => {
    const res = await http()
      .post('/api/check-ins')
      .set('authorization', yard.auth)
      .send({ gate: 'HUU_NGHI', plate: v.plate });
    expect(res.status).toBe(201);
    id = res.body.id;
  });
  const call = await statementsDuring(async () => expect((await act(customs, id, 'call')).status).toBe(200));
  const confirm = await statementsDuring(async () =>
    expect((await act(guard, id, 'confirm', { agency: 'BORDER_GUARD' })).status).toBe(200),
  );
  // Each: no transaction; its reads lock nothing, and the one statement that files it holds the lane while it runs.
  // The check-in reads the vehicle with its class's floor and lane's usage; the call reads the entry with its trail,
  // the gate's suspensions and the lane's gate area, the confirmation the same but the area; the gate is remembered.
  const [checkInReads, callReads, confirmReads] = [
    filedAtOnce(checkIn, /queue_check_in\(/),
    filedAtOnce(call, /queue_call\(/),
    filedAtOnce(confirm, /queue_act\(/),
  ];
  process.stdout.write(
    `Câu lệnh: nhận xe vào bãi ${checkInReads} lệnh đọc + 1 lệnh ghi; gọi xe ${callReads} + 1; xác nhận ${confirmReads} + 1\n`,
  );
  expect(checkInReads).toBeLessThanOrEqual(2);
  expect(callReads).toBe(1);
  expect(confirmReads).toBe(1);
});
