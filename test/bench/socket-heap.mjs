#!/usr/bin/env node
// `npm run bench:socket-heap`: what one subscribed console holds in a gateway's heap, against a raw socket.io
// socket in a room, and by what. Each server is started with a heap-snapshot signal; a snapshot (which collects
// garbage first) is taken before and after N sockets join, and the growth is summed per constructor and divided
// by N. The snapshots are written to a temporary folder and deleted.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import {
  freePort,
  freshDatabase,
  officerToken,
  sleep,
  startGatewayReplica,
  startPlatform,
  startProcess,
} from './lib.mjs';

const N = Number(process.env.SOCKETS ?? 1000);
const TOP = Number(process.env.TOP ?? 15);
const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
// A signal the platform does not take as a shutdown (Nest's shutdown hooks listen to SIGUSR2).
const SIGNAL = 'SIGWINCH';

/** Self size and count per constructor (objects and closures by name, everything else by type). */
function byConstructor(snapshot) {
  const { meta } = snapshot.snapshot;
  const width = meta.node_fields.length;
  const [type, name, size] = ['type', 'name', 'self_size'].map((f) => meta.node_fields.indexOf(f));
  const types = meta.node_types[0];
  const out = new Map();
  for (let i = 0; i < snapshot.nodes.length; i += width) {
    const t = types[snapshot.nodes[i + type]];
    const key = t === 'object' || t === 'closure' ? `${t} ${snapshot.strings[snapshot.nodes[i + name]]}` : t;
    const e = out.get(key) ?? { count: 0, bytes: 0 };
    e.count++;
    e.bytes += snapshot.nodes[i + size];
    out.set(key, e);
  }
  return out;
}

/** Takes a heap snapshot of `proc` (started with --heapsnapshot-signal) in `dir`; its per-constructor sums. */
async function snapshotOf(proc, dir) {
  const before = new Set(await readdir(dir));
  proc.child.kill(SIGNAL);
  for (;;) {
    await sleep(500);
    const file = (await readdir(dir)).find((f) => f.endsWith('.heapsnapshot') && !before.has(f));
    if (!file) continue;
    // Written when it parses: the file grows until the snapshot is complete.
    try {
      const parsed = JSON.parse(await readFile(join(dir, file), 'utf8'));
      await rm(join(dir, file));
      return byConstructor(parsed);
    } catch {
      continue;
    }
  }
}

/**
 * Heap growth per socket over the second of two halves of N sockets opened by `connect(n)` on `proc`: total and
 * the largest constructors. The first half pays what is done once (code compiled, rooms and caches created),
 * as the first consoles of a shift do.
 */
async function perSocket(proc, dir, connect) {
  const half = N / 2;
  const first = await connect(half);
  await sleep(3000);
  const before = await snapshotOf(proc, dir);
  const second = await connect(half);
  await sleep(3000);
  const after = await snapshotOf(proc, dir);
  for (const s of [...first, ...second]) s.close();
  const rows = [...after].map(([k, v]) => {
    const b = before.get(k) ?? { count: 0, bytes: 0 };
    return { what: k, bytes: (v.bytes - b.bytes) / half, count: (v.count - b.count) / half };
  });
  rows.sort((a, b) => b.bytes - a.bytes);
  return { total: rows.reduce((s, r) => s + r.bytes, 0), rows };
}

async function openAll(n, url, options) {
  const sockets = [];
  for (let i = 0; i < n; i++) {
    const s = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, ...options });
    await new Promise((resolve, reject) => {
      s.once('connect', resolve);
      s.once('connect_error', reject);
    });
    sockets.push(s);
  }
  return sockets;
}

const dir = await mkdtemp(join(tmpdir(), 'socket-heap-'));
const nodeArgs = [`--heapsnapshot-signal=${SIGNAL}`, `--diagnostic-dir=${dir}`];
const results = {};
try {
  const port = await freePort();
  const raw = await startProcess(
    'test/bench/raw-broadcast.mjs',
    { PORT: String(port) },
    `http://127.0.0.1:${port}/health`,
    60000,
    nodeArgs,
  );
  try {
    results.raw = await perSocket(raw, dir, (n) => openAll(n, `http://127.0.0.1:${port}`, {}));
  } finally {
    await raw.stop('SIGKILL');
  }
  const db = await freshDatabase(serverUrl, 'socketheap');
  const platform = await startPlatform(db.url);
  try {
    const token = await officerToken(platform.origin, 'CUSTOMS');
    const gateway = await startGatewayReplica(platform, db.url, nodeArgs);
    try {
      results.gateway = await perSocket(gateway, dir, async (n) => {
        const sockets = await openAll(n, gateway.origin, {
          auth: { token },
          extraHeaders: { origin: platform.origin },
        });
        const acks = await Promise.all(
          sockets.map((s) => s.timeout(20000).emitWithAck('subscribe', { gate: 'HUU_NGHI', view: 'customs' })),
        );
        const refused = acks.filter((a) => !a.ok).length;
        if (refused > 0) throw new Error(`${refused} subscriptions refused`);
        return sockets;
      });
    } finally {
      await gateway.stop();
    }
  } finally {
    await platform.stop();
    await db.drop();
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}

const kb = (b) => (b / 1024).toFixed(1);
for (const [label, r] of [
  ['raw socket.io socket in a room', results.raw],
  ['gateway socket subscribed to a gate (customs view)', results.gateway],
]) {
  console.log(`\n${label}: ${kb(r.total)} KB of heap per socket (the second ${N / 2} of ${N} sockets)`);
  for (const row of r.rows.slice(0, TOP))
    console.log(`  ${kb(row.bytes).padStart(6)} KB  ${row.count.toFixed(1).padStart(6)} ×  ${row.what}`);
}
console.log(
  `\nsocket-heap: sockets=${N} gateway_kb=${kb(results.gateway.total)} raw_kb=${kb(results.raw.total)} ratio=${(results.gateway.total / results.raw.total).toFixed(2)}`,
);
