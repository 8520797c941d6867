// Fan-out: N console sockets subscribed to one gate, half on each of two gateway instances; one queue change
// (a check-in through the REST API) → the time until each socket has its delta. Baseline: a bare socket.io
// broadcast to the same number of sockets in the same run.
import { readFileSync } from 'node:fs';
import { io } from 'socket.io-client';
import { api, freePort, heldMemoryKb, INSPECT, sleep, startGatewayReplica, startProcess } from './lib.mjs';

/** CPU time a process has used, in ms (user + system, at the kernel's 10 ms tick). */
function cpuMs(pid) {
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
const ownCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

function rssKb(pid) {
  const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/);
  return m ? Number(m[1]) : NaN;
}

/** A process's memory as read for the per-socket figures: held after a collection (the verdict), and resident. */
async function memoryKb(proc) {
  return { held: await heldMemoryKb(proc), rss: rssKb(proc.child.pid) };
}

/** Growth per 1,000 sockets between two `memoryKb` readings `sockets` apart. */
const per1000 = (before, after, sockets) => ({
  kbPer1000Sockets: ((after.held - before.held) / sockets) * 1000,
  rssKbPer1000Sockets: ((after.rss - before.rss) / sockets) * 1000,
});

/** Connects sockets `from`…`to` − 1 (socket j to `urls[j % urls.length]`). */
async function connectAll(urls, from, to, onSocket) {
  const sockets = [];
  // Connect in batches so the handshakes do not all land in one instant.
  for (let i = from; i < to; i += 100) {
    const batch = [];
    for (let j = i; j < Math.min(to, i + 100); j++) {
      const url = urls[j % urls.length];
      batch.push(
        new Promise((resolve, reject) => {
          const s = onSocket(url, j);
          s.once('connect', () => resolve(s));
          s.once('connect_error', reject);
        }),
      );
    }
    sockets.push(...(await Promise.all(batch)));
  }
  return sockets;
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * Latency of a change to all N sockets, measured for each of `plates` (one check-in each) on the same
 * connected sockets; `platform` hosts gateway instance 1, a second instance is started here.
 */
/** Waits (20 s at most) until every socket has its message; then the latencies since `t0` in ms, sorted. */
async function latencies(received, t0, pollMs) {
  const deadline = performance.now() + 20000;
  while (received.some((r) => r === null) && performance.now() < deadline) await sleep(pollMs);
  return received
    .filter((r) => r !== null)
    .map((r) => r - t0)
    .sort((a, b) => a - b);
}

export async function fanout(platform, databaseUrl, n, plates, tokens, secondNodeArgs = []) {
  const second = await startGatewayReplica(platform, databaseUrl, [INSPECT, ...secondNodeArgs]);
  const urls = [platform.origin, second.origin];
  let received = new Array(n).fill(null);
  let target = null;
  let lastDelta = null;
  const open = (url, j) => {
    const s = io(url, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      auth: { token: tokens.customs },
      extraHeaders: { origin: platform.origin },
    });
    s.on('queue.delta', (m) => {
      if (target !== null && m.version >= target && received[j] === null) {
        received[j] = performance.now();
        lastDelta = m;
      }
    });
    return s;
  };
  /** Connects and subscribes sockets `from`…`to` − 1; their refused subscriptions. */
  const join = async (from, to) => {
    const group = await connectAll(urls, from, to, open);
    sockets.push(...group);
    const acks = await Promise.all(
      group.map((s) =>
        s
          .timeout(20000)
          .emitWithAck('subscribe', { gate: 'HUU_NGHI', view: 'customs' })
          .catch((e) => ({ error: String(e) })),
      ),
    );
    await sleep(3000);
    return acks.filter((a) => !a?.ok).length;
  };
  const sockets = [];
  // Memory per socket is the growth over the second half, the halves equal: the first also pays what is done once
  // (code compiled, the gate's room and log), which a socket does not hold.
  let refused = await join(0, n / 2);
  const half = await memoryKb(second);
  refused += await join(n / 2, n);
  // The second gateway holds half of the sockets: n / 4 of them joined it between the readings.
  const memory = per1000(half, await memoryKb(second), n / 4);
  const measures = [];
  for (const plate of plates) {
    await sleep(500);
    received = new Array(n).fill(null);
    const before = await api(platform.origin, '/gates/HUU_NGHI/queue', { token: tokens.customs });
    target = before.version + 1;
    const cpu0 = [cpuMs(platform.child.pid), cpuMs(second.child.pid), ownCpuMs()];
    const t0 = performance.now();
    await api(platform.origin, '/check-ins', { token: tokens.yard, body: { gate: 'HUU_NGHI', plate } });
    const answeredMs = performance.now() - t0;
    const lat = await latencies(received, t0, 10);
    const cpu1 = [cpuMs(platform.child.pid), cpuMs(second.child.pid), ownCpuMs()];
    // Where the time goes: socket j is on instance j % 2 (the platform's gateway, then the second one).
    const byInstance = [0, 1].map((k) =>
      received
        .filter((r, j) => r !== null && j % 2 === k)
        .map((r) => r - t0)
        .sort((a, b) => a - b),
    );
    measures.push({
      n,
      delivered: lat.length,
      refused,
      p50: percentile(lat, 50),
      p99: percentile(lat, 99),
      max: lat[lat.length - 1],
      ...memory,
      answeredMs,
      // CPU used from the request to the last delivery: the platform's process, the second gateway, the clients.
      cpuMs: cpu1.map((c, i) => c - cpu0[i]),
      delta: lastDelta,
      instances: byInstance.map((l) => ({ first: l[0], p50: percentile(l, 50), p99: percentile(l, 99) })),
    });
  }
  for (const s of sockets) s.close();
  await second.stop();
  return measures;
}

/**
 * The same for a bare socket.io broadcast: `times` broadcasts to the same N connected sockets, of a minimal delta
 * or of `message` (a delta the platform sent).
 */
export async function rawFanout(n, times, message = null) {
  const port = await freePort();
  const raw = await startProcess(
    'test/bench/raw-broadcast.mjs',
    { PORT: String(port) },
    `http://127.0.0.1:${port}/health`,
    60000,
    [INSPECT],
  );
  let received = new Array(n).fill(null);
  let armed = false;
  const open = (url, j) => {
    const s = io(url, { transports: ['websocket'], forceNew: true, reconnection: false });
    s.on('queue.delta', () => {
      if (armed && received[j] === null) received[j] = performance.now();
    });
    return s;
  };
  // Memory read as the platform's is: the growth over the second of two equal halves, each settled.
  const urls = [`http://127.0.0.1:${port}`];
  const sockets = await connectAll(urls, 0, n / 2, open);
  await sleep(3000);
  const half = await memoryKb(raw);
  sockets.push(...(await connectAll(urls, n / 2, n, open)));
  await sleep(3000);
  const memory = per1000(half, await memoryKb(raw), n / 2);
  const measures = [];
  for (let k = 1; k <= times; k++) {
    await sleep(500);
    received = new Array(n).fill(null);
    armed = true;
    const cpu0 = [cpuMs(raw.child.pid), ownCpuMs()];
    const t0 = performance.now();
    await fetch(`http://127.0.0.1:${port}/broadcast?v=${k}`, {
      method: 'POST',
      ...(message && { headers: { 'content-type': 'application/json' }, body: JSON.stringify(message) }),
    });
    const lat = await latencies(received, t0, 5);
    const cpu1 = [cpuMs(raw.child.pid), ownCpuMs()];
    armed = false;
    measures.push({
      n,
      delivered: lat.length,
      p50: percentile(lat, 50),
      p99: percentile(lat, 99),
      max: lat[lat.length - 1],
      ...memory,
      // CPU used from the broadcast call to the last delivery: the raw server, the clients.
      cpuMs: cpu1.map((c, i) => c - cpu0[i]),
    });
  }
  for (const s of sockets) s.close();
  await raw.stop('SIGKILL');
  return measures;
}
