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

/** A statement sent by a pg client of this process, with the transaction it was sent in (null outside one). */
interface Sent {
  text: string;
  tx: number | null;
}

// Every statement from the first test on, each with its client's transaction at the time: a transaction begun before
// a request (a refresh of the estimates, due up to 2 s after a change) is known as one while the request runs.
const sent: Sent[] = [];
const proto = pg.Client.prototype as unknown as { query: (this: pg.Client, ...a: unknown[]) => unknown };
const query = proto.query;
const openTx = new Map<object, number>();
let txs = 0;
function recordStatements(): void {
  proto.query = function (this: pg.Client, config: unknown, ...rest: unknown[]) {
    const text = typeof config === 'string' ? config : ((config as { text?: string })?.text ?? '');
    if (/^START TRANSACTION/.test(text)) openTx.set(this, ++txs);
    sent.push({ text, tx: openTx.get(this) ?? null });
    if (/^(COMMIT|ROLLBACK)/.test(text)) openTx.delete(this);
    return query.call(this, config, ...rest);
  };
}

/** The statements sent while `work` runs. */
async function statementsDuring(work: () => Promise<void>): Promise<Sent[]> {
  const from = sent.length;
  await work();
  return sent.slice(from);
}

/** The statements of each transaction that sent one of these. */
function transactionsOf(some: Sent[]): string[][] {
  const ids = new Set(some.map((s) => s.tx).filter((tx) => tx !== null));
  return [...ids].map((id) => sent.filter((s) => s.tx === id).map((s) => s.text));
}

/** The statements sent outside any transaction, in order. */
const outsideTransactions = (some: Sent[]): string[] => some.filter((s) => s.tx === null).map((s) => s.text);

/**
 * Checks that a request filed its change by one statement matching `filing`, outside any transaction, after reads that
 * lock nothing, and that no transaction meanwhile (the relays', a refresh of the estimates) wrote an entry; returns
 * its reads of the queue (`QUEUE_READ`), cut to their first 100 characters.
 */
function filedAtOnce(during: Sent[], filing: RegExp): string[] {
  expect(during.filter((s) => filing.test(s.text))).toHaveLength(1);
  const alone = outsideTransactions(during);
  const filed = alone.findIndex((s) => filing.test(s));
  expect(filed).toBeGreaterThan(0);
  const reads = alone.slice(0, filed).filter((s) => QUEUE_READ.test(s));
  expect(reads.filter((s) => /FOR (UPDATE|SHARE)/.test(s))).toEqual([]);
  const entryWrite = /UPDATE queue_entries|INSERT INTO queue_(entries|audit)|queue_(act|call|check_in)\(/;
  expect(transactionsOf(during).filter((tx) => tx.some((s) => entryWrite.test(s)))).toEqual([]);
  return reads.map((s) => s.slice(0, 100));
}

beforeAll(async () => {
  recordStatements();
  t = await createPlatformTestApp('round_trips', clock);
  const admin = await login(http, TEST_ADMIN.email, TEST_ADMIN.password);
  customs = await createOfficer(http, admin, 'CUSTOMS', ['HUU_NGHI']);
  guard = await createOfficer(http, admin, 'BORDER_GUARD', ['HUU_NGHI']);
  yard = await createOfficer(http, admin, 'YARD_OPERATOR', ['HUU_NGHI']);
}, 180_000);
afterAll(async () => {
  await t?.close();
  proto.query = query;
});

/**
 * A read of the yard's queue or gate tables. Other work runs beside a request and reads outside transactions too (the
 * relays, the rate limiter, the webhook dispatcher, the look for stalled yard handoffs): what a request reads is
 * told apart by what it reads.
 */
const QUEUE_READ = /queue_entries|gate_schedules|\bgates\b/;

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
    `Câu lệnh: nhận xe vào bãi ${checkInReads.length} lệnh đọc + 1 lệnh ghi; gọi xe ${callReads.length} + 1; xác nhận ${confirmReads.length} + 1\n`,
  );
  expect(checkInReads.length).toBeLessThanOrEqual(2);
  expect(callReads).toHaveLength(1);
  expect(confirmReads).toHaveLength(1);
});
