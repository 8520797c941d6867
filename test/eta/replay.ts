// Replay of the ETA on real truck queues (eCherha workload snapshots, see shared/data/echerha-queues/README.md).
//
// Departures are not in the data; they are reconstructed from the queue length in two ways:
// - bursty: a departure only when the queue shrinks, all of an interval's departures at the snapshot that shows
//   the shrink (a lower bound on service, the burstiest);
// - smooth: one steady rate per queue, equal to its observed drain (the sum of shrinks over the whole record),
//   departures evenly spaced (the smoothest).
// A truck at position k at a snapshot is called at the k-th departure after it (first come, first served); a call
// after the end of the data cannot be scored and is counted apart. At every snapshot after a warm-up, trucks at the
// back of the queue and at ¾, ½, ¼ and 1/10 of it get a forecast from the departures before that snapshot only.
// The same trucks get eCherha's shown wait (its wait for the back, pro rata for the others: it is a per-truck
// constant times the position) and the current model (estimateEta, two hours of calls, nominal capacity taken
// from eCherha's own figures).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { dirname, join, resolve } from 'node:path';
import {
  calibrateEta,
  estimateEta,
  forecastQueueEta,
  learnCallRate,
  type EtaCalibration,
  type EtaRecord,
} from '../../libs/domain/src/eta/index.js';
import type { GateSchedule } from '../../libs/domain/src/slots/index.js';

const HOUR = 3_600_000;
/** Forecasts start once this much history has been seen. */
const WARM_UP_HOURS = 72;
/** The calibration is refreshed this often (production would do it about as often). */
const CALIBRATE_EVERY_HOURS = 6;
/** Crossings never looked at while tuning: reported apart. */
export const HELD_OUT_CROSSINGS = ['medyka', 'kroscienko'];
const POSITION_SHARES = [1, 0.75, 0.5, 0.25, 0.1];

interface Snapshot {
  t: number;
  length: number;
  paused: boolean;
  shownWaitS: number | null;
}

export interface Queue {
  id: string;
  crossing: string;
  vehicleClass: string;
  snaps: Snapshot[];
}

export type Reconstruction = 'bursty' | 'smooth';
export type Regime = 'steady' | 'after a stall' | 'after a burst';

export interface Sample {
  queue: string;
  heldOut: boolean;
  regime: Regime;
  long: boolean;
  waitH: number;
  model: { p10: number; p50: number; p90: number };
  shownH: number | null;
  current: { p10: number; p50: number; p90: number } | null;
}

/**
 * `shared/data/echerha-queues` beside the repository (or beside one of its parents: a worktree sits deeper);
 * else the same files kept in the repository, gzipped (`test/eta/data/echerha-queues`), so a clone anywhere
 * replays the same data.
 */
export function sharedDataDir(root: string): string {
  for (let dir = resolve(root); dirname(dir) !== dir; dir = dirname(dir)) {
    const candidate = resolve(dir, '../shared/data/echerha-queues');
    if (existsSync(candidate)) return candidate;
  }
  return resolve(root, 'test/eta/data/echerha-queues');
}

function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '"') {
      if (quoted && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else quoted = !quoted;
    } else if (ch === ',' && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** Truck queues of every CSV file (or gzipped CSV) in `dir` (buses run to a timetable and are left out). */
export function loadQueues(dir: string): Queue[] {
  const queues = new Map<string, Queue>();
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.csv') || f.endsWith('.csv.gz'))
    .sort()) {
    const bytes = readFileSync(join(dir, file));
    const text = (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
    const [header, ...lines] = text.split(/\r?\n/);
    const col = new Map(parseCsvLine(header).map((h, i) => [h.trim(), i]));
    const get = (row: string[], name: string): string => row[col.get(name) ?? -1] ?? '';
    for (const line of lines) {
      if (!line.trim()) continue;
      const row = parseCsvLine(line);
      const vehicleClass = get(row, 'vehicle_class');
      const length = Number(get(row, 'vehicles_waiting'));
      if (vehicleClass === 'bus' || get(row, 'vehicles_waiting') === '' || !Number.isFinite(length)) continue;
      const id = `${get(row, 'crossing_id')}/${get(row, 'echerha_id')}`;
      const q = queues.get(id) ?? { id, crossing: get(row, 'crossing_id'), vehicleClass, snaps: [] };
      queues.set(id, q);
      const wait = get(row, 'virtual_wait_s');
      q.snaps.push({
        t: Date.parse(get(row, 'scraped_at')),
        length,
        paused: get(row, 'is_paused') === '1',
        shownWaitS: wait === '' ? null : Number(wait),
      });
    }
  }
  for (const q of queues.values()) {
    q.snaps.sort((a, b) => a.t - b.t);
    q.snaps = q.snaps.filter((s, i) => i === 0 || s.t > q.snaps[i - 1].t);
  }
  return [...queues.values()].sort((a, b) => a.id.localeCompare(b.id));
}

/** Departure times, ascending (a batch is several equal times). */
export function reconstruct(q: Queue, how: Reconstruction): number[] {
  const shrinks: number[] = [];
  for (let i = 1; i < q.snaps.length; i++) {
    for (let d = q.snaps[i - 1].length - q.snaps[i].length; d > 0; d--) shrinks.push(q.snaps[i].t);
  }
  if (how === 'bursty' || shrinks.length === 0) return shrinks;
  const start = q.snaps[0].t;
  const step = (q.snaps[q.snaps.length - 1].t - start) / shrinks.length;
  return shrinks.map((_, j) => start + (j + 1) * step);
}

/** Index of the first departure after `t`. */
const firstAfter = (deps: readonly number[], t: number): number => {
  let lo = 0;
  let hi = deps.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (deps[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};

/** Regime of the observed queue at snapshot i: no shrink in two hours, or twice the day's pace in the last two. */
function regimeAt(q: Queue, observed: readonly number[], t: number): Regime {
  const last2 = firstAfter(observed, t) - firstAfter(observed, t - 2 * HOUR);
  if (last2 === 0) return 'after a stall';
  const day = firstAfter(observed, t) - firstAfter(observed, t - 24 * HOUR);
  return last2 > 2 * ((day * 2) / 24) && last2 >= 3 ? 'after a burst' : 'steady';
}

/** A gate open round the clock (the Polish crossings never close), with eCherha's implied pace as capacity. */
const roundTheClock = (capacityPerHour: number): GateSchedule => {
  const day = { open: '00:00', close: '24:00' };
  return {
    utcOffsetMinutes: 0,
    openingHours: { 0: day, 1: day, 2: day, 3: day, 4: day, 5: day, 6: day },
    closedDates: [],
    windowMinutes: 30,
    capacityPerHour,
    dailyCap: null,
    priorityShare: 0,
    releaseLeadMinutes: 0,
  };
};

export interface ReplayOptions {
  /** Only every n-th snapshot is an instant (1 = all). */
  every?: number;
  /** Also replay the current model at every n-th instant (0 = never; it is slow on long queues). */
  currentEvery?: number;
}

export interface QueueReplay {
  samples: Sample[];
  afterEnd: number;
}

/** Forecasts and outcomes of one queue under one reconstruction. */
export function replayQueue(q: Queue, how: Reconstruction, opts: ReplayOptions = {}): QueueReplay {
  const every = opts.every ?? 1;
  const deps = reconstruct(q, how);
  const observed = how === 'bursty' ? deps : reconstruct(q, 'bursty');
  const depDates = deps.map((t) => new Date(t));
  const heldOut = HELD_OUT_CROSSINGS.includes(q.crossing);
  const first = q.snaps[0].t;
  const records: EtaRecord[] = [];
  const samples: Sample[] = [];
  let afterEnd = 0;
  let calibration: EtaCalibration | null = null;
  let calibratedAt = -Infinity;
  const currentEvery = opts.currentEvery ?? 0;
  for (let i = 0; i < q.snaps.length; i += every) {
    const s = q.snaps[i];
    if (s.t - first < WARM_UP_HOURS * HOUR || s.length < 1) continue;
    const now = new Date(s.t);
    const capacity = s.shownWaitS && s.shownWaitS > 0 ? (3600 * s.length) / s.shownWaitS : 1;
    const schedule = roundTheClock(capacity);
    const next = firstAfter(deps, s.t);
    const calls = depDates.slice(firstAfter(deps, s.t - 28 * 24 * HOUR), next);
    const model = learnCallRate({ schedule, now, calls, observedFrom: new Date(first) });
    if (s.t - calibratedAt >= CALIBRATE_EVERY_HOURS * HOUR) {
      calibration = calibrateEta(records, now, schedule);
      calibratedAt = s.t;
    }
    const regime = regimeAt(q, observed, s.t);
    const positions = [...new Set(POSITION_SHARES.map((f) => Math.max(1, Math.round(s.length * f))))];
    for (const k of positions) {
      const f = forecastQueueEta(model, k, { calibration });
      if (!f) continue;
      const callIdx = next + k - 1;
      const calledAt = callIdx < deps.length ? deps[callIdx] : null;
      records.push({
        madeAt: now,
        rawP50: f.rawP50,
        sigma: f.sigma,
        calledAt: calledAt === null ? null : new Date(calledAt),
      });
      if (calledAt === null) {
        afterEnd++;
        continue;
      }
      const h = (d: Date): number => (d.getTime() - s.t) / HOUR;
      let current: Sample['current'] = null;
      if (currentEvery > 0 && (i / every) % currentEvery === 0) {
        const e = estimateEta({ position: k, now, schedule, windowStart: null, recentCompletions: calls });
        if (e) current = { p10: h(e.p10), p50: h(e.p50), p90: h(e.p90) };
      }
      const shownH = s.shownWaitS === null ? null : ((s.shownWaitS / 3600) * k) / s.length;
      samples.push({
        queue: q.id,
        heldOut,
        regime,
        long: shownH !== null && shownH >= 24,
        waitH: (calledAt - s.t) / HOUR,
        model: { p10: h(f.p10), p50: h(f.p50), p90: h(f.p90) },
        shownH,
        current,
      });
    }
  }
  return { samples, afterEnd };
}

export interface Stats {
  n: number;
  coverage: number;
  maeH: number;
  biasH: number;
  widthRatio: number;
}

const medianOf = (xs: number[]): number => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Coverage of [p10, p90], median |actual − p50| (h), mean actual − p50 (h), median width / actual wait. */
export function scoreIntervals(xs: { waitH: number; p10: number; p50: number; p90: number }[]): Stats {
  return {
    n: xs.length,
    coverage: xs.filter((x) => x.waitH >= x.p10 && x.waitH <= x.p90).length / xs.length,
    maeH: medianOf(xs.map((x) => Math.abs(x.waitH - x.p50))),
    biasH: xs.reduce((a, x) => a + x.waitH - x.p50, 0) / xs.length,
    widthRatio: medianOf(xs.map((x) => (x.p90 - x.p10) / Math.max(x.waitH, 1 / 60))),
  };
}

/** The same point statistics for eCherha's shown wait (no interval). */
export function scorePoints(xs: { waitH: number; p50: number }[]): { n: number; maeH: number; biasH: number } {
  return {
    n: xs.length,
    maeH: medianOf(xs.map((x) => Math.abs(x.waitH - x.p50))),
    biasH: xs.reduce((a, x) => a + x.waitH - x.p50, 0) / xs.length,
  };
}
