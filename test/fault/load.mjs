// The load of the fault suite: firms filing declarations from flaky links (Idempotency-Key, retries with the
// same key and body), customs accepting them, the yard checking the trucks in — all while processes die.
// Every acknowledged write (a 2xx answer) goes into a ledger that the checks compare with the database.
import { ADMIN, sleep } from './cluster.mjs';
import { declarationBody, FlakyClient, newKey, request, retryable } from './client.mjs';
import { mulberry32 } from '#libs/domain/src/index.js';
import { uniqueTaxCode } from '../../libs/testing/src/builders.mjs';

const GATES = [
  ['HUU_NGHI', 'EXPORT'],
  ['HUU_NGHI', 'IMPORT'],
  ['TAN_THANH', 'EXPORT'],
  ['TAN_THANH', 'IMPORT'],
];

async function must(res, what) {
  if (res.status < 200 || res.status >= 300)
    throw new Error(`${what}: HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 400)}`);
  return res.body;
}

/** Logs in the admin and registers `firms` firms on the declaration service (before any fault). */
export async function sessions(cluster, firms) {
  const base = `${cluster.url('declaration')}/api`;
  const admin = await must(await request(`${base}/auth/login`, { method: 'POST', body: ADMIN }), 'admin login');
  const out = [];
  for (let f = 0; f < firms; f++) {
    const body = {
      firmName: `Công ty TNHH Thử lỗi ${f}`,
      taxCode: uniqueTaxCode(),
      email: `fault${f}.${process.pid}@firm.vn`,
      password: 'fault-password-1',
      phone: '0912345678',
    };
    const reg = await must(await request(`${base}/auth/register`, { method: 'POST', body }), 'register firm');
    out.push({ token: reg.accessToken, firmId: reg.user.firm?.id });
  }
  return { admin: admin.accessToken, firms: out };
}

/**
 * The ledger: one record per logical declaration (its key, body and plates), with what was acknowledged.
 * `acked.*` hold only what a 2xx answer confirmed; `done.*` also what a later 409 showed had happened.
 */
export class Ledger {
  constructor() {
    this.records = [];
    this.anomalies = [];
  }

  get figures() {
    const r = this.records;
    const acked = {
      creates: r.filter((x) => x.id).length,
      submits: r.filter((x) => x.acked.submit).length,
      accepts: r.filter((x) => x.acked.accept).length,
      checkIns: r.reduce((n, x) => n + x.checkIns.filter((c) => c.entryId).length, 0),
    };
    return {
      declarations: r.length,
      acked,
      ackedWrites: acked.creates + acked.submits + acked.accepts + acked.checkIns,
      anomalies: this.anomalies.length,
    };
  }

  anomaly(what, detail) {
    if (this.anomalies.length < 200) this.anomalies.push({ at: new Date().toISOString(), what, ...detail });
  }
}

/**
 * Workers each running declaration pipelines (create → submit → accept → check in every truck) until stopped.
 * Failed steps are retried as a flaky client would; a step that never gets an answer leaves the pipeline.
 */
export class LoadGenerator {
  constructor(
    cluster,
    s,
    { workers = 6, seed = 1, shortTimeoutShare = 0.15, deadlineMs = 45000, checkIn = true } = {},
  ) {
    this.cluster = cluster;
    this.s = s;
    this.workers = workers;
    // Seeded, so a run's choices can be replayed from its seed.
    this.random = mulberry32(seed);
    this.ledger = new Ledger();
    this.stats = { requests: 0, retries: 0, timeouts: 0, refused: 0, byStatus: {} };
    this.client = new FlakyClient({ shortTimeoutShare, random: this.random, stats: this.stats, deadlineMs });
    this.checkIn = checkIn;
    this.stopping = false;
    this.loops = [];
    this.pipelines = 0;
  }

  start() {
    for (let w = 0; w < this.workers; w++) this.loops.push(this.loop(w));
  }

  /** No new pipelines; the ones under way finish their current step (bounded by the client's deadline). */
  async stop() {
    this.stopping = true;
    await Promise.all(this.loops);
  }

  async loop(w) {
    while (!this.stopping) {
      try {
        await this.pipeline(w);
      } catch (e) {
        this.ledger.anomaly('pipeline threw', { message: e.message });
        await sleep(200);
      }
    }
  }

  dec(path = '') {
    return `${this.cluster.url('declaration')}/api/declarations${path}`;
  }

  async pipeline(w) {
    this.pipelines++;
    const rnd = this.random;
    const [gate, direction] = GATES[rnd() < 0.6 ? (rnd() < 0.5 ? 0 : 1) : rnd() < 0.5 ? 2 : 3];
    const firm = this.s.firms[w % this.s.firms.length];
    const { body, plates } = declarationBody({
      gate,
      direction,
      vehicles: rnd() < 0.3 ? 2 : 1,
      perishable: rnd() < 0.25,
    });
    const key = newKey();
    const text = JSON.stringify(body);
    const rec = {
      key,
      firm: firm.firmId,
      gate,
      plates,
      id: null,
      ids: [],
      acked: { submit: false, accept: false },
      done: { submit: false, accept: false },
      checkIns: [],
      gaveUp: null,
    };
    this.ledger.records.push(rec);

    // 1. File it, as a phone on 3G does: the same key and the very same bytes on every retry.
    const created = await this.client.send(this.dec(), {
      method: 'POST',
      token: firm.token,
      body: text,
      headers: { 'idempotency-key': key },
    });
    for (const a of created.answers) if (a.status >= 200 && a.status < 300 && a.body?.id) rec.ids.push(a.body.id);
    if (new Set(rec.ids).size > 1)
      this.ledger.anomaly('idempotent retries answered different declarations', { key, ids: [...new Set(rec.ids)] });
    if (created.status < 200 || created.status >= 300) {
      rec.gaveUp = `create ${created.status}`;
      if (!retryable(created.status))
        this.ledger.anomaly('create refused', { key, status: created.status, body: created.body });
      return;
    }
    rec.id = created.body.id;
    if (this.stopping) return;

    // 2. Submit, 3. accept: state changes; a retry after a lost answer meets 409 naming the state reached.
    for (const [step, token] of [
      ['submit', firm.token],
      ['accept', this.s.admin],
    ]) {
      const r = await this.client.send(this.dec(`/${rec.id}/${step}`), { method: 'POST', token });
      if (r.status === 200) {
        rec.acked[step] = rec.done[step] = true;
      } else if (r.status === 409 && r.attempts > 1) {
        // An earlier attempt went through unanswered: the declaration says where it is (asked again while the
        // service is down, as the phone would).
        const now = await this.client.send(this.dec(`/${rec.id}`), { token: this.s.admin });
        const reached = step === 'submit' ? ['SUBMITTED', 'ACCEPTED'] : ['ACCEPTED'];
        if (now.status === 200 && reached.includes(now.body.status)) rec.done[step] = true;
        else
          this.ledger.anomaly(`${step}: 409 but not done`, {
            id: rec.id,
            status: now.status,
            state: now.body?.status,
            answer: r.body,
          });
      } else {
        if (!retryable(r.status))
          this.ledger.anomaly(`${step} refused`, { id: rec.id, status: r.status, body: r.body });
      }
      if (!rec.done[step]) {
        rec.gaveUp = `${step} ${r.status}`;
        return;
      }
      if (this.stopping) return;
    }
    if (!this.checkIn) return;

    // 4. The trucks reach the yard (a moment later): 404 until the declaration service's relay has told the yard-queue.
    await sleep(200 + Math.floor(rnd() * 300));
    for (const plate of plates) {
      const c = { plate, entryId: null, done: false };
      rec.checkIns.push(c);
      const r = await this.client.send(
        `${this.cluster.url('yard-queue')}/api/check-ins`,
        { method: 'POST', token: this.s.admin, body: { gate, plate } },
        { retryOn: (status) => retryable(status) || status === 404, stop: () => this.stopping },
      );
      if (r.status === 201) {
        c.entryId = r.body.id;
        c.done = true;
      } else if (r.status === 409 && r.answers.some((a) => a.status === 0 || a.status >= 500)) {
        c.done = /hàng chờ/.test(r.body?.message ?? '');
        if (!c.done) this.ledger.anomaly('check-in: unexpected 409', { plate, body: r.body });
      } else if (r.status === 404 && !this.stopping) {
        rec.gaveUp = 'check-in 404 (vehicle never reached the yard)';
        this.ledger.anomaly('check-in: vehicle not in the yard', { id: rec.id, plate, attempts: r.attempts });
      } else if (!retryable(r.status) && !this.stopping) {
        this.ledger.anomaly('check-in refused', { plate, status: r.status, body: r.body });
      }
      if (this.stopping) return;
    }
  }
}

/**
 * Open-loop probe: starts `rate` requests per second whatever happens to the earlier ones (a crowd does not
 * wait for the server), each with its own long timeout, and records when it started, how long it took and
 * what came back. Shows whether requests end in bounded time or pile up.
 */
export class Probe {
  constructor({ rate = 20, timeoutMs = 60000, make }) {
    this.rate = rate;
    this.timeoutMs = timeoutMs;
    this.make = make;
    this.samples = [];
    this.maxInflight = 0;
    this.pending = new Set();
    /** Requests under way: their start times. */
    this.open = new Map();
  }

  get inflight() {
    return this.open.size;
  }

  start() {
    const every = 1000 / this.rate;
    let n = 0;
    this.timer = setInterval(() => {
      const id = n++;
      const { url, kind, onAnswer, ...o } = this.make(id);
      const started = Date.now();
      this.open.set(id, started);
      this.maxInflight = Math.max(this.maxInflight, this.open.size);
      const p = request(url, { ...o, timeoutMs: this.timeoutMs }).then((r) => {
        this.open.delete(id);
        onAnswer?.(r);
        this.samples.push({
          started,
          ended: Date.now(),
          ms: r.ms,
          status: r.status,
          code: r.body?.code ?? r.error ?? null,
          kind: kind ?? url,
        });
        this.pending.delete(p);
      });
      this.pending.add(p);
    }, every);
  }

  /** Requests started in [from, to) still without an answer. */
  unfinished(from, to) {
    return [...this.open.values()].filter((t) => t >= from && t < to);
  }

  /** Stops starting requests and waits (at most `waitMs`) for those under way. */
  async stop(waitMs = this.timeoutMs + 1000) {
    clearInterval(this.timer);
    await Promise.race([Promise.all([...this.pending]), sleep(waitMs)]);
  }

  /** Samples that started in [from, to). */
  between(from, to) {
    return this.samples.filter((s) => s.started >= from && s.started < to);
  }
}

/**
 * One declaration all the way through (create → submit → accept → check in), with retries, to tell when both
 * services take writes again after a fault. Returns how long it took, or where it stopped.
 */
export async function recoveryPipeline(cluster, s, { deadlineMs = 40000, gate = 'TAN_THANH' } = {}) {
  const started = performance.now();
  const client = new FlakyClient({ shortTimeoutShare: 0, timeoutMs: 5000, deadlineMs });
  const left = () => Math.max(1000, deadlineMs - (performance.now() - started));
  const firm = s.firms[0];
  const { body, plates } = declarationBody({ gate, direction: 'IMPORT' });
  const dec = `${cluster.url('declaration')}/api/declarations`;
  const created = await client.send(
    dec,
    { method: 'POST', token: firm.token, body, headers: { 'idempotency-key': newKey() } },
    { deadlineMs: left() },
  );
  if (created.status !== 201)
    return { ms: null, stoppedAt: `create ${created.status} ${created.body?.code ?? created.error ?? ''}` };
  for (const [step, token] of [
    ['submit', firm.token],
    ['accept', s.admin],
  ]) {
    const r = await client.send(`${dec}/${created.body.id}/${step}`, { method: 'POST', token }, { deadlineMs: left() });
    if (r.status !== 200 && !(r.status === 409 && r.attempts > 1))
      return { ms: null, stoppedAt: `${step} ${r.status} ${r.body?.code ?? r.error ?? ''}` };
  }
  const c = await client.send(
    `${cluster.url('yard-queue')}/api/check-ins`,
    { method: 'POST', token: s.admin, body: { gate, plate: plates[0] } },
    { deadlineMs: left(), retryOn: (st) => retryable(st) || st === 404 },
  );
  if (c.status !== 201 && !(c.status === 409 && c.attempts > 1))
    return {
      ms: null,
      stoppedAt: `check-in ${c.status} ${c.body?.code ?? c.error ?? ''} ${c.body?.message ?? ''}`.trim(),
    };
  return { ms: Math.round(performance.now() - started) };
}
