import pg from 'pg';
import { ManualClock } from '#libs/clock/src/index.js';
import { createOfficer, login, type Session, TEST_ADMIN, type TestApp } from '#libs/testing/src/index.js';
import { createPlatformTestApp, seedAcceptedVehicles } from './yard-fixtures.js';

// A gate action holds its lane from its first statement to its commit, and each statement is a round trip of the
// service's event loop: under load the lane's waiters queue behind every one of them (BENCHMARKS.md, "Gate
// actions in fewer statements"). This counts the statements each action sends, so a change that adds one to the
// locked part shows here; a check-in and a gate action past the call (a confirmation here) hold their lane for one
// statement only. Tuesday 1 December 2026, 07:40 in Lạng Sơn: the gates are open.
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

/** The statements between START TRANSACTION and COMMIT of the one transaction that sent a statement matching `marker`. */
function transactionOf(sent: { client: object; text: string }[], marker: RegExp): string[] {
  const open = new Map<object, string[]>();
  const found: string[][] = [];
  for (const { client, text } of sent) {
    if (/^START TRANSACTION/.test(text)) open.set(client, []);
    else if (/^(COMMIT|ROLLBACK)/.test(text)) {
      const tx = open.get(client);
      open.delete(client);
      if (tx?.some((s) => marker.test(s))) found.push(tx);
    } else open.get(client)?.push(text);
  }
  expect(found).toHaveLength(1);
  return found[0];
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

it('files a check-in and a confirmation each in one statement after at most two unlocked reads; sends at most 8 statements inside a call', async () => {
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
  // The check-in: no transaction; its reads (the gate unless known, the vehicle with its class's floor and lane's usage) lock
  // nothing, and the one statement that files it holds the lane while it runs.
  const filed = checkIn.findIndex((s) => /queue_check_in\(/.test(s.text));
  expect(checkIn.filter((s) => /queue_check_in\(/.test(s.text))).toHaveLength(1);
  // Before it, nothing but the reads (the rate limit, the relays and the sweepers aside).
  const reads = checkIn.slice(0, filed).filter((s) => !BACKGROUND.test(s.text));
  expect(reads.filter((s) => /^START TRANSACTION/.test(s.text))).toEqual([]);
  expect(reads.filter((s) => /FOR (UPDATE|SHARE)/.test(s.text))).toEqual([]);
  // A confirmation, likewise: its reads (the entry, its trail with the gate's suspensions) lock nothing, then one
  // statement. Transactions of the relays and of a refresh of the estimates may run meanwhile: none touches the entry.
  const alone = outsideTransactions(confirm);
  const confirmFiled = alone.findIndex((s) => /queue_act\(/.test(s));
  expect(confirm.filter((s) => /queue_act\(/.test(s.text))).toHaveLength(1);
  expect(confirmFiled).toBeGreaterThan(0);
  const confirmReads = alone.slice(0, confirmFiled).filter((s) => !BACKGROUND.test(s));
  expect(confirmReads.filter((s) => /FOR (UPDATE|SHARE)/.test(s))).toEqual([]);
  expect(transactionsOf(confirm).filter((tx) => tx.some((s) => /queue_entries|queue_audit/.test(s)))).toEqual([]);
  // A call is one transaction that locks its lane first and ends with the statement that numbers the change.
  const tx = transactionOf(call, /INSERT INTO gate_calls/);
  expect(tx[0]).toMatch(/FROM gate_schedules .* FOR (UPDATE|SHARE)/);
  expect(tx[tx.length - 1]).toMatch(/UPDATE gates SET version = version \+ 1/);
  process.stdout.write(
    `Câu lệnh: nhận xe vào bãi ${reads.length} lệnh đọc + 1 lệnh ghi; xác nhận ${confirmReads.length} lệnh đọc + 1 lệnh ghi; trong giao dịch gọi xe ${tx.length}\n`,
  );
  expect(reads.length).toBeLessThanOrEqual(2);
  expect(confirmReads.length).toBeLessThanOrEqual(2);
  expect(tx.length).toBeLessThanOrEqual(8);
});
