// Shared pieces of the benchmarks: processes, databases, load generation and statistics.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import autocannon from 'autocannon';
import pg from 'pg';
import WebSocket from 'ws';

export const ROOT = new URL('../../', import.meta.url).pathname;
export const JWT_SECRET = 'bench-secret-bench-secret-bench-secret-01';
export const INTERNAL_TOKEN = 'bench-internal-token';
export const ADMIN = { email: 'bench-admin@cuakhau.vn', password: 'bench-admin-password' };

import { freePort } from '../../libs/database/src/embedded-postgres.mjs';

export { freePort };

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function withDatabase(url, name) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A fresh database for one run, dropped by the returned function. */
export async function freshDatabase(serverUrl, label) {
  const name = `bench_${label}_${randomBytes(3).toString('hex')}`;
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  return {
    url: withDatabase(serverUrl, name),
    drop: async () => {
      const d = new pg.Client({ connectionString: serverUrl });
      await d.connect();
      await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await d.end();
    },
  };
}

/**
 * Starts a node process and resolves once `healthUrl` answers 200 (or rejects after `timeoutMs`); `nodeArgs` go
 * before the script (`--cpu-prof`, which NODE_OPTIONS does not take).
 */
export async function startProcess(script, env, healthUrl, timeoutMs = 60000, nodeArgs = []) {
  const started = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, script], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${script} exited: ${output.slice(-2000)}`);
    try {
      const res = await fetch(healthUrl, { signal: AbortSignal.timeout(1000) });
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (performance.now() - started > timeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`${script} not healthy after ${timeoutMs} ms: ${output.slice(-2000)}`);
    }
    await sleep(50);
  }
  return {
    child,
    readyMs: performance.now() - started,
    output: () => output,
    stop: async (signal = 'SIGINT') => {
      if (child.exitCode === null) child.kill(signal);
      // The kill timer is cleared once the process is gone: a pending one would keep a test runner waiting 15 s.
      let timer;
      await Promise.race([
        exited,
        new Promise((r) => (timer = setTimeout(r, 15000))).then(() => child.kill('SIGKILL')),
      ]);
      clearTimeout(timer);
    },
  };
}

/** The node flag that lets `heldMemoryKb` reach a process started by `startProcess`. */
export const INSPECT = '--inspect=127.0.0.1:0';

/**
 * What a process started with `INSPECT` holds once it has collected its garbage: V8's heap in use plus the memory
 * its objects hold outside it (Buffers), in KB, read over the inspector protocol. Unlike the resident set, it does
 * not move with when V8 last collected or returned pages to the system.
 */
export async function heldMemoryKb(proc) {
  const url = proc.output().match(/Debugger listening on (ws:\/\/\S+)/)?.[1];
  if (!url) throw new Error('the process was not started with INSPECT');
  const ws = new WebSocket(url);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  let id = 0;
  const call = (method, params = {}) =>
    new Promise((resolve, reject) => {
      const mine = ++id;
      const onMessage = (raw) => {
        const m = JSON.parse(String(raw));
        if (m.id !== mine) return;
        ws.off('message', onMessage);
        if (m.error) reject(new Error(`${method}: ${m.error.message}`));
        else resolve(m.result);
      };
      ws.on('message', onMessage);
      ws.send(JSON.stringify({ id: mine, method, params }));
    });
  try {
    // Twice: what the first collection frees (finalizers, weak maps) may free more.
    await call('HeapProfiler.collectGarbage');
    await call('HeapProfiler.collectGarbage');
    const { result } = await call('Runtime.evaluate', {
      expression: 'JSON.stringify(process.memoryUsage())',
      returnByValue: true,
    });
    const m = JSON.parse(result.value);
    return (m.heapUsed + m.external) / 1024;
  } finally {
    ws.close();
  }
}

/**
 * Starts the whole platform (dist) on a database; returns its origin and a stop hook. `script`: another entry
 * with the same environment (a platform of fewer services).
 */
export async function startPlatform(
  databaseUrl,
  extraEnv = {},
  nodeArgs = [],
  script = 'dist/apps/platform/src/main.js',
) {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const proc = await startProcess(
    script,
    {
      NODE_ENV: 'production',
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      JWT_SECRET,
      INTERNAL_TOKEN,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      SEED_DEMO: 'false',
      PUBLIC_ORIGIN: origin,
      LOG_LEVEL: 'warn',
      ACCESS_TOKEN_TTL: '3600',
      LOGIN_RATE_LIMIT: '1000',
      WRITE_RATE_LIMIT_PER_FIRM: '10000000',
      WRITE_RATE_LIMIT_PER_IP: '10000000',
      MAX_ACTIVE_DECLARATIONS: '1000000',
      ...extraEnv,
    },
    `${origin}/api/health`,
    60000,
    nodeArgs,
  );
  return { origin, ...proc };
}

/** A new officer of `role` at Hữu Nghị, created by the platform's admin; their access token. */
export async function officerToken(origin, role) {
  const admin = (await api(origin, '/auth/login', { body: ADMIN })).accessToken;
  const email = `${role.toLowerCase()}@bench.vn`;
  await api(origin, '/users', { token: admin, body: { email, password: 'bench-password', role, gates: ['HUU_NGHI'] } });
  return (await api(origin, '/auth/login', { body: { email, password: 'bench-password' } })).accessToken;
}

/** A second gateway instance beside `platform`, on its database; `nodeArgs` as for startProcess. */
export async function startGatewayReplica(platform, databaseUrl, nodeArgs = []) {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const proc = await startProcess(
    'dist/apps/gateway/src/main.js',
    {
      NODE_ENV: 'production',
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      JWT_SECRET,
      INTERNAL_TOKEN,
      // As the platform's: a replica refuses tokens that live longer than its own configured lifetime.
      ACCESS_TOKEN_TTL: '3600',
      SEED_DEMO: 'false',
      LOG_LEVEL: 'warn',
      PUBLIC_ORIGIN: platform.origin,
      CORS_ORIGINS: platform.origin,
      YARD_QUEUE_URL: platform.origin,
      DECLARATION_URL: platform.origin,
    },
    `${origin}/api/health/live`,
    60000,
    nodeArgs,
  );
  return { origin, ...proc };
}

export async function api(origin, path, { token, body, method } = {}) {
  const res = await fetch(`${origin}/api${path}`, {
    method: method ?? (body ? 'POST' : 'GET'),
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method ?? 'POST'} ${path}: ${res.status} ${text.slice(0, 500)}`);
  return text ? JSON.parse(text) : null;
}

/**
 * Runs autocannon; `next()` gives each request's { path, body, headers } (or null when there is no more
 * work). Returns requests/s, latency percentiles and error counts.
 */
export async function load({ url, connections, duration, amount, next }) {
  const started = performance.now();
  let lastResponse = started;
  const result = await autocannon({
    url,
    connections,
    ...(amount ? { amount } : { duration }),
    timeout: 30,
    requests: [
      {
        setupRequest: (req) => {
          const r = next();
          return {
            ...req,
            method: 'POST',
            path: r.path,
            body: JSON.stringify(r.body),
            headers: { ...req.headers, 'content-type': 'application/json', ...r.headers },
          };
        },
        onResponse: () => {
          lastResponse = performance.now();
        },
      },
    ],
  });
  // A fixed amount is timed from the start to its last response: autocannon's per-second average counts whole
  // seconds only, and it reports the end of a fixed amount at its next one-second tick.
  const seconds = (lastResponse - started) / 1000;
  return {
    requestsPerSec: amount ? result.requests.total / seconds : result.requests.average,
    total: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

export function stats(values) {
  const v = [...values].sort((a, b) => a - b);
  return { min: v[0], median: v[Math.floor((v.length - 1) / 2)], max: v[v.length - 1], runs: v.length };
}

export function machine() {
  const cpu = os.cpus()[0]?.model ?? 'unknown';
  return `${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
}
