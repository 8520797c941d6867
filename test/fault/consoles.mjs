// Live consoles (the platform's own client helper, built in dist/) watching each gate through the gateway,
// and the REST listing of the same gates polled beside them. The console remembers what it showed at each
// queue version. GET /api/gates/:code/queue reads the gate's version and its entries in two statements, so a
// listing labelled v may hold the entries of a later version: each listing is followed by GET /api/gates/:code,
// and its entries are taken to be the state of some version in [v, version read after]. "The console
// converged" means: for a listing whose v is at least the REST version seen at the restart, the console showed
// exactly those entries at a version in that range — and how long after the restart it got there.
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { sleep } from './cluster.mjs';
import { request } from './client.mjs';

/** What a console and REST must agree on (estimates move with time, so they are left out). */
export function signature(entries) {
  return entries
    .map((e) => `${e.id}|${e.status}|${e.window?.start ?? '-'}|${e.position ?? '-'}|${e.direction}|${e.priorityClass}`)
    .sort()
    .join('\n');
}

const KEEP = 5000;
function remember(map, version, value) {
  if (!map.has(version)) map.set(version, value);
  if (map.size > KEEP) map.delete(map.keys().next().value);
}

export class ConsoleWatch {
  constructor(cluster, token, gates, { reconnectDelayMs = 200, reconnectDelayMaxMs = 1000 } = {}) {
    this.cluster = cluster;
    this.token = token;
    this.gates = gates;
    this.reconnect = { reconnectionDelay: reconnectDelayMs, reconnectionDelayMax: reconnectDelayMaxMs };
    /** gate → version → { sig, at } as the console showed it. */
    this.console = new Map(gates.map((g) => [g, new Map()]));
    /** gate → [{ from, to, sig, at }]: REST listings, each the state of some version in [from, to]. */
    this.rest = new Map(gates.map((g) => [g, []]));
    this.divergences = [];
    this.polling = false;
  }

  /** One REST listing of a gate, bracketed by the version read after it; null when the yard-queue did not answer. */
  async list(gate) {
    const yard = this.cluster.url('yard-queue');
    const r = await request(`${yard}/api/gates/${gate}/queue`, { token: this.token, timeoutMs: 2000 });
    if (r.status !== 200) return null;
    const after = await request(`${yard}/api/gates/${gate}`, { timeoutMs: 2000 });
    if (after.status !== 200 || typeof after.body?.version !== 'number') return null;
    const sample = { from: r.body.version, to: after.body.version, sig: signature(r.body.entries), at: Date.now() };
    const list = this.rest.get(gate);
    list.push(sample);
    if (list.length > KEEP) list.shift();
    return sample;
  }

  async start() {
    const mod = await import(pathToFileURL(join(this.cluster.suite.appDir, 'dist/libs/live-client/src/index.js')).href);
    this.client = new mod.LiveQueueClient({
      url: this.cluster.url('gateway'),
      io,
      token: this.token,
      socketOptions: { forceNew: true, ...this.reconnect },
    });
    this.subs = new Map();
    for (const gate of this.gates) {
      const sub = this.client.subscribe(gate, 'customs');
      sub.onChange((s) => {
        if (s.version !== null)
          remember(this.console.get(gate), s.version, { sig: signature(s.entries()), at: Date.now() });
      });
      this.subs.set(gate, sub);
    }
    await Promise.race([Promise.all([...this.subs.values()].map((s) => s.ready)), sleep(15000)]);
    /** Since when the console has been live without a break (null while it is not). */
    this.liveAt = this.client.status === 'live' ? Date.now() : null;
    this.client.onStatus((status) => {
      if (status !== 'live') this.liveAt = null;
      else this.liveAt ??= Date.now();
    });
    this.polling = true;
    this.pollLoop = this.poll();
  }

  async poll() {
    while (this.polling) {
      await Promise.all(this.gates.map((gate) => this.list(gate)));
      await sleep(100);
    }
  }

  /** The REST version of each gate now (polling until the yard-queue answers, at most `timeoutMs`). */
  async restVersions(timeoutMs = 20000) {
    const deadline = Date.now() + timeoutMs;
    const out = new Map();
    for (const gate of this.gates) {
      for (;;) {
        const sample = await this.list(gate);
        if (sample) {
          out.set(gate, sample.from);
          break;
        }
        if (Date.now() > deadline) throw new Error(`REST queue of ${gate} unavailable`);
        await sleep(100);
      }
    }
    return out;
  }

  /**
   * Milliseconds from `since` until the console is live and every gate's console showed a REST listing taken
   * at or after the REST version read after `since`, or null after `timeoutMs`. Records divergences: a
   * listing that the console, having shown every version of its range, showed at none of them.
   */
  async convergence(since, timeoutMs = 15000) {
    const floor = await this.restVersions();
    const deadline = Date.now() + timeoutMs;
    // A console showing the right entries while it says it is reconnecting or stale has not converged: it must
    // also be live again (connected, subscribed, heard from).
    while (this.liveAt === null && Date.now() < deadline) await sleep(20);
    if (this.liveAt === null) return { ms: null, status: this.client.status };
    let worst = Math.max(0, this.liveAt - since);
    for (const gate of this.gates) {
      let found = null;
      while (found === null && Date.now() < deadline) {
        const cons = this.console.get(gate);
        for (const r of this.rest.get(gate)) {
          if (r.from < floor.get(gate)) continue;
          let known = true;
          for (let v = r.from; v <= r.to && found === null; v++) {
            const c = cons.get(v);
            if (!c) known = false;
            else if (c.sig === r.sig) found = Math.max(0, c.at - since);
          }
          if (found !== null) break;
          if (known && !this.divergences.some((d) => d.gate === gate && d.from === r.from && d.to === r.to)) {
            this.divergences.push({
              gate,
              from: r.from,
              to: r.to,
              restEntries: r.sig ? r.sig.split('\n').length : 0,
              consoleEntries: cons.get(r.from).sig ? cons.get(r.from).sig.split('\n').length : 0,
            });
          }
        }
        if (found === null) await sleep(50);
      }
      if (found === null)
        return { ms: null, gate, floor: floor.get(gate), consoleVersion: this.subs.get(gate).version };
      worst = Math.max(worst, found);
    }
    return { ms: worst };
  }

  /** Final agreement: the console at the REST version with the same entries, waiting up to `timeoutMs`. */
  async finalAgreement(timeoutMs = 10000) {
    return this.convergence(Date.now(), timeoutMs);
  }

  async stop() {
    this.polling = false;
    await this.pollLoop;
    this.client?.close();
  }
}
