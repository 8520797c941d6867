#!/usr/bin/env node
// The fan-out of `npm run bench` alone, with where its time goes: N customs consoles over two gateway instances
// (the built platform's and a second one), TIMES check-ins each timed from the request to every console's delta,
// split into the check-in's answer, the first delta on each instance, and each instance's median and p99, with the
// CPU each process used meanwhile; then the raw socket.io broadcast to N sockets of the same run, of its minimal
// delta and of the platform's own. Build first (`npm run build`).
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres N=5000 TIMES=5 node test/bench/fanout-profile.mjs
// PROFILE_DIR: both gateway processes run with `--cpu-prof` and write their profiles there when they stop.
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { startThrowawayPostgres } from '../../libs/database/src/embedded-postgres.mjs';
import { acceptedVehicleEvents } from '../../libs/testing/src/builders.mjs';
import { fanout, rawFanout } from './fanout.mjs';
import { freshDatabase, INTERNAL_TOKEN, officerToken, startPlatform } from './lib.mjs';

const env = process.env;
const N = Number(env.N ?? 5000);
const TIMES = Number(env.TIMES ?? 5);
const log = (m) => process.stdout.write(`[fanout] ${m}\n`);
const ms = (x) => x.toFixed(0).padStart(5);
const profile = (dir) => {
  if (!env.PROFILE_DIR) return [];
  const path = join(env.PROFILE_DIR, dir);
  mkdirSync(path, { recursive: true });
  return ['--cpu-prof', `--cpu-prof-dir=${path}`];
};

let serverUrl = env.DATABASE_URL;
let stopPg = async () => {};
if (!serverUrl) {
  const pg = await startThrowawayPostgres({ label: 'fanout', durable: true });
  serverUrl = pg.url;
  stopPg = pg.stop;
}
let gatewayKb;
let platformDelta;
try {
  const db = await freshDatabase(serverUrl, 'fanout');
  const platform = await startPlatform(db.url, {}, profile('platform'));
  try {
    const tokens = {
      customs: await officerToken(platform.origin, 'CUSTOMS'),
      yard: await officerToken(platform.origin, 'YARD_OPERATOR'),
    };
    const { events, vehicles } = acceptedVehicleEvents(TIMES, { producer: 'bench' });
    const res = await fetch(`${platform.origin}/api/internal/yard-queue/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${INTERNAL_TOKEN}` },
      body: JSON.stringify({ events }),
    });
    if (res.status !== 204) throw new Error(`seeding: ${res.status}`);
    log(`${N} consoles, ${TIMES} check-ins, load ${os.loadavg()[0].toFixed(1)}`);
    const measures = await fanout(
      platform,
      db.url,
      N,
      vehicles.map((v) => v.plate),
      tokens,
      profile('second'),
    );
    log('   answer | instance 1: first  p50   p99 | instance 2: first  p50   p99 | all p99 (ms from the request)');
    for (const m of measures) {
      const [a, b] = m.instances;
      log(
        `   ${ms(m.answeredMs)}  |            ${ms(a.first)} ${ms(a.p50)} ${ms(a.p99)} |            ${ms(b.first)} ${ms(b.p50)} ${ms(b.p99)} | ${ms(m.p99)}   (${m.delivered}/${N} delivered; CPU ms: platform ${m.cpuMs[0]}, second gateway ${m.cpuMs[1]}, clients ${m.cpuMs[2].toFixed(0)})`,
      );
    }
    gatewayKb = measures[0].kbPer1000Sockets / 1000;
    platformDelta = measures[0].delta;
  } finally {
    await platform.stop();
    await db.drop();
  }
  const raw = await rawFanout(N, TIMES);
  const rawKb = raw[0].kbPer1000Sockets / 1000;
  log(
    `memory held per socket (growth over the second half): gateway ${gatewayKb.toFixed(1)} KB, raw ${rawKb.toFixed(1)} KB (${(gatewayKb / rawKb).toFixed(2)} ×)`,
  );
  log(
    `raw socket.io broadcast to ${N}: p50 ${raw.map((m) => ms(m.p50)).join(' ')} | p99 ${raw.map((m) => ms(m.p99)).join(' ')} (ms from the broadcast call; CPU ms: server ${raw.map((m) => m.cpuMs[0]).join(' ')}, clients ${raw.map((m) => m.cpuMs[1].toFixed(0)).join(' ')}), load ${os.loadavg()[0].toFixed(1)}`,
  );
  // The same broadcast of the platform's own delta: what the frame's size costs socket.io and the clients.
  const same = await rawFanout(N, TIMES, platformDelta);
  log(
    `raw socket.io broadcast of the platform's delta (${JSON.stringify(platformDelta).length} bytes of JSON) to ${N}: p50 ${same.map((m) => ms(m.p50)).join(' ')} | p99 ${same.map((m) => ms(m.p99)).join(' ')} (CPU ms: server ${same.map((m) => m.cpuMs[0]).join(' ')}, clients ${same.map((m) => m.cpuMs[1].toFixed(0)).join(' ')}), load ${os.loadavg()[0].toFixed(1)}`,
  );
} finally {
  await stopPg();
}
