// Model-based property test of the yard queue against the real database (DESIGN §4–5, issue 3 §3).
//
// fast-check draws a gate configuration for both directions (2–6 vehicles an hour, mostly 30-minute windows, a
// priority share, sometimes a daily cap), a pool of 6–14 accepted vehicles (PRIORITY and GENERAL, both directions,
// mostly EXPORT so its windows fill up) and 12–40 random operations: check-in (and re-check-in of a vehicle whose
// entry is closed), call (a given entry, and call-next), arrive / confirm / hold / release / turn-back / cross, any
// action on any entry (refusals), no-show (explicit, and by letting the grace period run out + sweepNoShows),
// cancel, gate changes through PATCH /api/gates/:code (capacity per hour 0–10, daily cap and today's cap,
// priority share, window length, release lead, closed days, opening hours, and invalid ones), suspend (open-ended
// or until a time) and resume, moving the clock (minutes to hours, to just before release leads, opening and
// closing time) and sweepReflow. Every operation goes through HTTP as the officer who would do it; the sweeps are
// called on QueueService, as the sweeper does. Each run starts from a fresh gate (queue tables of the gate
// emptied by SQL in the test's own database, schedules reset, new vehicles), so runs are independent.
//
// After EVERY step the database itself is read and these must hold:
//   1. usage: in every window issued_total ≤ capacity, and issued_total / issued_general equal the entries holding
//      the window — the active ones (CHECKED_IN, CALLED, AT_GATE, HELD, CLEARED) plus those that used their place
//      at the gate (CROSSED, TURNED_BACK keep it: the service keeps a called vehicle's place, queue.service 'call');
//      CANCELLED and NO_SHOW must have given it back. day_usage.issued equals those places per local day (UTC+7)
//      and stays ≤ its cap;
//   2. at most one active entry per vehicle;
//   3. FIFO: within a class and direction, among waiting entries (CHECKED_IN) not penalised by a no-show
//      (not_before IS NULL), check-in order (checked_in_at, seq) is never inverted by window order (no window =
//      after every window);
//   4. no false refusal: a check-in of an accepted vehicle always succeeds (201); it is left without a window only
//      when no window of the 14-day horizon has a free place for its class (judged with the domain's
//      generateWindows + pickWindow on the usage rows), and when it gets one it is the earliest it may take;
//   5. also: penalised entries are not slotted before their penalty ends, no waiting entry holds a future window
//      inside the gate's suspension, the sweeper leaves no called vehicle past its grace period, a closed vehicle
//      cannot check in again (409), and legal actions on entries in the right state succeed;
// and every refusal of the API is a 4xx with a message, never a 5xx.
//
// Replay a failure with FC_SEED=<seed> FC_PATH=<path> (both printed by fast-check). FC_RUNS, FC_MIN_STEPS and
// FC_STEPS change the size; FC_WITHOUT=configure,checkInClosed,… leaves operation kinds out (to look past a known
// failure); FC_DEBUG=1 prints every run's trace.
import fc from 'fast-check';
import pg from 'pg';
import type { Response } from 'supertest';
import { ManualClock } from '#libs/clock/src/index.js';
import {
  addLocalDays,
  type AllocationContext,
  type ClassFloor,
  DELAY_REASONS,
  type Direction,
  DIRECTIONS,
  generateWindows,
  type GateSchedule,
  isSuspended,
  LANGUAGES,
  localDay,
  localMidnight,
  MS_PER_DAY,
  pickWindow,
  type PriorityClass,
  type QueueEntry,
  type SlotWindow,
  type Suspension,
  type WindowUsage,
} from '#libs/domain/src/index.js';
import type { NoShowWaiver } from '#libs/events/src/index.js';
import { createOfficer, login, type Session, TEST_ADMIN, type TestApp } from '#libs/testing/src/index.js';
import { QueueService } from '../src/queue/queue.service.js';
import { createPlatformTestApp, seedAcceptedVehicles } from './yard-fixtures.js';

const GATE = 'HUU_NGHI';
const OFFSET = 420; // UTC+7
const MIN = 60_000;
const ACTIVE = ['CHECKED_IN', 'CALLED', 'AT_GATE', 'HELD', 'CLEARED'];
/**
 * Entries whose place still counts in window_usage: the active ones, and those that used their place at the gate
 * (crossed or turned back keep it: the service keeps the place of a called vehicle, DESIGN §5 / queue.service
 * 'call'). Cancelled and no-show entries give it back.
 */
const HOLDING = [...ACTIVE, 'CROSSED', 'TURNED_BACK'];
/** How far ahead the service issues slots (slot-engine SLOT_HORIZON_DAYS, DESIGN §5). */
const SLOT_HORIZON_DAYS = 14;
const BASE_DAY = '2026-12-01'; // a Tuesday; Hữu Nghị is open 07:00–19:00 every day

const NUM_RUNS = Number(process.env.FC_RUNS ?? 25);
const MIN_STEPS = Number(process.env.FC_MIN_STEPS ?? 12);
const MAX_STEPS = Number(process.env.FC_STEPS ?? 40);
const SEED = Number(process.env.FC_SEED ?? 20261201);
const PATH = process.env.FC_PATH;

const clock = new ManualClock(`${BASE_DAY}T00:40:00.000Z`);
let t: TestApp;
let db: pg.Client;
let admin: Session, customs: Session, guard: Session, yard: Session;

beforeAll(async () => {
  t = await createPlatformTestApp('queue_invariants', clock);
  db = new pg.Client({ connectionString: t.databaseUrl });
  await db.connect();
  const http = () => t.http();
  admin = await login(http, TEST_ADMIN.email, TEST_ADMIN.password);
  customs = await createOfficer(http, admin, 'CUSTOMS', [GATE]);
  guard = await createOfficer(http, admin, 'BORDER_GUARD', [GATE]);
  yard = await createOfficer(http, admin, 'YARD_OPERATOR', [GATE]);
});
afterAll(async () => {
  await db?.end();
  await t?.close();
});

// ───────────────────────────── database reads ─────────────────────────────

interface EntryRow {
  id: string;
  seq: number;
  vehicle_id: string;
  direction: Direction;
  priority_class: PriorityClass;
  status: string;
  checked_in_at: Date;
  window_start: Date | null;
  window_end: Date | null;
  not_before: Date | null;
  no_show_count: number;
  quarantine_required: boolean;
  confirmations: Record<string, unknown>;
}

interface GateConfig {
  schedules: Record<Direction, { schedule: GateSchedule; dailyCaps: Record<string, number> }>;
  suspension: Suspension | null;
  graceMinutes: number;
  penaltyMinutes: number;
}

async function entryRows(): Promise<EntryRow[]> {
  const { rows } = await db.query(
    `SELECT id, seq::int AS seq, vehicle_id, direction, priority_class, status, checked_in_at, window_start, window_end, not_before, no_show_count,
            quarantine_required, confirmations
       FROM yard_queue.queue_entries WHERE gate = $1 ORDER BY seq`,
    [GATE],
  );
  return rows;
}

async function gateConfig(): Promise<GateConfig> {
  const { rows: g } = await db.query(
    'SELECT suspended_from, suspended_until, grace_minutes, no_show_penalty_minutes FROM yard_queue.gates WHERE code = $1',
    [GATE],
  );
  const { rows: s } = await db.query(
    'SELECT direction, schedule, daily_caps FROM yard_queue.gate_schedules WHERE gate = $1',
    [GATE],
  );
  return {
    schedules: Object.fromEntries(
      s.map((r) => [r.direction, { schedule: r.schedule, dailyCaps: r.daily_caps }]),
    ) as GateConfig['schedules'],
    suspension: g[0].suspended_from ? { from: g[0].suspended_from, until: g[0].suspended_until } : null,
    graceMinutes: g[0].grace_minutes,
    penaltyMinutes: g[0].no_show_penalty_minutes,
  };
}

interface WindowRow {
  window_start: Date;
  capacity: number;
  reserved: number;
  issued_total: number;
  issued_general: number;
}

async function windowRows(d: Direction): Promise<WindowRow[]> {
  const { rows } = await db.query(
    'SELECT window_start, capacity, reserved, issued_total, issued_general FROM yard_queue.window_usage WHERE gate = $1 AND direction = $2 ORDER BY window_start',
    [GATE, d],
  );
  return rows;
}

async function dayRows(d: Direction): Promise<{ day: string; cap: number | null; issued: number }[]> {
  const { rows } = await db.query(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, cap, issued FROM yard_queue.day_usage WHERE gate = $1 AND direction = $2 ORDER BY day`,
    [GATE, d],
  );
  return rows;
}

const iso = (d: Date | null | undefined): string => (d ? d.toISOString() : '∅');
const local = (d: Date | null | undefined): string => {
  if (!d) return '∅';
  const l = new Date(d.getTime() + OFFSET * MIN).toISOString();
  return `${l.slice(5, 10)} ${l.slice(11, 16)}`;
};

// ───────────────────────────── the domain's view ─────────────────────────────

function allocationContext(cfg: GateConfig, d: Direction, now: Date): AllocationContext {
  return {
    now,
    schedule: cfg.schedules[d].schedule,
    suspensions: cfg.suspension ? [cfg.suspension] : [],
    dailyCaps: cfg.schedules[d].dailyCaps,
  };
}

function horizonWindows(cfg: GateConfig, d: Direction, now: Date): SlotWindow[] {
  return generateWindows(cfg.schedules[d].schedule, now, new Date(now.getTime() + SLOT_HORIZON_DAYS * MS_PER_DAY));
}

/** Usage rows as the allocator reads them (from local midnight of today on). */
async function usageFromToday(d: Direction, now: Date): Promise<WindowUsage[]> {
  const from = localMidnight(localDay(now, OFFSET), OFFSET);
  return (await windowRows(d))
    .filter((r) => r.window_start.getTime() >= from.getTime())
    .map((r) => ({ start: r.window_start, issuedTotal: r.issued_total, issuedGeneral: r.issued_general }));
}

/** FIFO floor of a class for a new entry checked in after every existing one. */
function floorOf(rows: EntryRow[], d: Direction, cls: PriorityClass): ClassFloor {
  let floor: Date | null = null;
  for (const r of rows) {
    if (r.direction !== d || r.priority_class !== cls || r.status !== 'CHECKED_IN' || r.not_before !== null) continue;
    if (r.window_start === null) return 'WAITING';
    if (floor === null || r.window_start > floor) floor = r.window_start;
  }
  return floor;
}

// ───────────────────────────── invariants ─────────────────────────────

class InvariantError extends Error {}

function fail(step: string, what: string, detail: unknown = undefined): never {
  throw new InvariantError(
    `after ${step}: ${what}${detail === undefined ? '' : `\n${typeof detail === 'string' ? detail : JSON.stringify(detail, null, 1)}`}`,
  );
}

function describeRows(rows: EntryRow[]): string {
  return rows
    .map(
      (r) =>
        `  #${r.seq} ${r.direction[0]} ${r.priority_class[0]} ${r.status.padEnd(10)} in ${local(r.checked_in_at)} win ${local(r.window_start)}${r.not_before ? ` notBefore ${local(r.not_before)}` : ''} v=${r.vehicle_id.slice(0, 8)}`,
    )
    .join('\n');
}

async function checkInvariants(step: string): Promise<void> {
  const rows = await entryRows();
  const cfg = await gateConfig();
  const now = clock.now();

  // 2. At most one active entry per vehicle.
  const activeByVehicle = new Map<string, number>();
  for (const r of rows)
    if (ACTIVE.includes(r.status)) activeByVehicle.set(r.vehicle_id, (activeByVehicle.get(r.vehicle_id) ?? 0) + 1);
  for (const [v, n] of activeByVehicle)
    if (n > 1) fail(step, `vehicle ${v} has ${n} active entries`, describeRows(rows));

  for (const d of DIRECTIONS) {
    const mine = rows.filter((r) => r.direction === d);
    // 1. Window usage equals the entries holding each window, and never exceeds capacity.
    const holders = new Map<number, { total: number; general: number }>();
    const perDay = new Map<string, number>();
    for (const r of mine) {
      if (r.window_start === null || !HOLDING.includes(r.status)) continue;
      const k = r.window_start.getTime();
      const h = holders.get(k) ?? { total: 0, general: 0 };
      h.total += 1;
      if (r.priority_class === 'GENERAL') h.general += 1;
      holders.set(k, h);
      const day = localDay(r.window_start, OFFSET);
      perDay.set(day, (perDay.get(day) ?? 0) + 1);
    }
    const wrows = await windowRows(d);
    const seen = new Set<number>();
    for (const w of wrows) {
      const k = w.window_start.getTime();
      seen.add(k);
      const h = holders.get(k) ?? { total: 0, general: 0 };
      if (w.issued_total > w.capacity)
        fail(step, `${d} window ${local(w.window_start)}: issued ${w.issued_total} > capacity ${w.capacity}`);
      if (w.issued_total !== h.total || w.issued_general !== h.general) {
        fail(
          step,
          `${d} window ${local(w.window_start)} (${iso(w.window_start)}): usage says ${w.issued_total} issued / ${w.issued_general} general, but ${h.total} / ${h.general} entries hold it`,
          describeRows(mine),
        );
      }
    }
    for (const [k, h] of holders) {
      if (!seen.has(k))
        fail(
          step,
          `${d}: ${h.total} entries hold window ${local(new Date(k))} which has no usage row`,
          describeRows(mine),
        );
    }
    const drows = await dayRows(d);
    const dseen = new Set<string>();
    for (const r of drows) {
      dseen.add(r.day);
      const n = perDay.get(r.day) ?? 0;
      if (r.issued !== n)
        fail(
          step,
          `${d} day ${r.day}: day_usage.issued ${r.issued} but ${n} entries hold a window that day`,
          describeRows(mine),
        );
      if (r.cap !== null && r.issued > r.cap) fail(step, `${d} day ${r.day}: issued ${r.issued} > cap ${r.cap}`);
    }
    for (const [day, n] of perDay)
      if (n > 0 && !dseen.has(day)) fail(step, `${d} day ${day}: ${n} places held but no day_usage row`);

    // 3. FIFO within a class among waiting, unpenalised entries (already in check-in order: seq follows checked_in_at).
    for (const cls of ['PRIORITY', 'GENERAL'] as const) {
      const waiting = mine
        .filter((r) => r.status === 'CHECKED_IN' && r.not_before === null && r.priority_class === cls)
        .sort((a, b) => a.checked_in_at.getTime() - b.checked_in_at.getTime() || a.seq - b.seq);
      let floor = -Infinity;
      let floorRow: EntryRow | null = null;
      for (const r of waiting) {
        const w = r.window_start?.getTime() ?? Infinity;
        if (w < floor) {
          fail(
            step,
            `${d} ${cls}: FIFO inverted — #${r.seq} (checked in ${local(r.checked_in_at)}) has window ${local(r.window_start)} before #${floorRow!.seq} (checked in earlier) with ${local(floorRow!.window_start)}`,
            describeRows(mine),
          );
        }
        if (w > floor) {
          floor = w;
          floorRow = r;
        }
      }
    }

    // 5. Penalties and suspension respected by waiting entries.
    for (const r of mine) {
      if (r.status !== 'CHECKED_IN' || r.window_start === null) continue;
      if (r.not_before && r.window_start < r.not_before)
        fail(
          step,
          `${d} #${r.seq} slotted at ${local(r.window_start)} before its no-show penalty ends ${local(r.not_before)}`,
        );
      const end = r.window_end!;
      if (
        cfg.suspension &&
        r.window_start.getTime() >= now.getTime() &&
        isSuspended({ start: r.window_start, end }, [cfg.suspension])
      ) {
        fail(
          step,
          `${d} #${r.seq} waits for window ${local(r.window_start)} inside the suspension ${local(cfg.suspension.from)}–${local(cfg.suspension.until)}`,
          describeRows(mine),
        );
      }
    }
  }
}

// ───────────────────────────── the system under test ─────────────────────────────

interface Vehicle {
  label: string;
  vehicleId: string;
  plate: string;
  direction: Direction;
  priority: boolean;
}

interface Real {
  vehicles: Vehicle[];
  trace: string[];
  steps: number;
}
type Model = Record<string, never>;

/** How often each operation got each status, over the whole property (printed at the end: what was covered). */
const outcomes = new Map<string, number>();

/** Every answer of the API: never a 5xx, and a refusal always says why. */
async function api(r: Real, label: string, req: PromiseLike<Response>): Promise<Response> {
  const res = await req;
  const kind = `${label.slice(0, label.search(/[( ]|$/))} ${res.status}`;
  outcomes.set(kind, (outcomes.get(kind) ?? 0) + 1);
  r.trace.push(`${label} → ${res.status}${res.status >= 400 ? ` ${String(res.body?.message).slice(0, 140)}` : ''}`);
  if (res.status >= 500) throw new InvariantError(`${label}: server error ${res.status} ${JSON.stringify(res.body)}`);
  if (res.status >= 400 && !(typeof res.body?.message === 'string' && res.body.message.trim().length > 0)) {
    throw new InvariantError(`${label}: refusal ${res.status} without a message: ${JSON.stringify(res.body)}`);
  }
  return res;
}

function expectStatus(label: string, res: Response, ...ok: number[]): void {
  if (!ok.includes(res.status))
    throw new InvariantError(`${label}: expected ${ok.join(' or ')}, got ${res.status} ${JSON.stringify(res.body)}`);
}

const post = (s: Session, path: string, body: object = {}) =>
  t.http().post(path).set('authorization', s.auth).send(body);
const entryAct = (s: Session, id: string, action: string, body: object = {}) =>
  post(s, `/api/queue-entries/${id}/${action}`, body);

const pick = <T>(xs: readonly T[], i: number): T | undefined => (xs.length === 0 ? undefined : xs[i % xs.length]);

abstract class Step implements fc.AsyncCommand<Model, Real> {
  check(): boolean {
    return true;
  }
  async run(_m: Model, r: Real): Promise<void> {
    const label = this.toString();
    r.steps++;
    await this.exec(r, label);
    await checkInvariants(`${label} @ ${local(clock.now())}`);
  }
  abstract exec(r: Real, label: string): Promise<void>;
  abstract toString(): string;
}

const CLOSED = ['CROSSED', 'TURNED_BACK', 'CANCELLED'];

/** The last entry of each vehicle (by check-in order). */
function lastEntries(rows: EntryRow[]): Map<string, EntryRow> {
  const out = new Map<string, EntryRow>();
  for (const e of rows) out.set(e.vehicle_id, e);
  return out;
}

/**
 * Checks in an accepted vehicle (never queued, or back to ACCEPTED after a second no-show): it must succeed, with the
 * earliest window it may take, or without one only when no window has a free place for its class. One time in ten it
 * picks any vehicle not closed, so vehicles already in the queue are tried too (409 naming the state).
 */
class CheckIn extends Step {
  constructor(
    readonly i: number,
    readonly fresh: boolean,
  ) {
    super();
  }
  toString() {
    return `checkIn(${this.fresh ? 'fresh' : 'any'} ${this.i})`;
  }
  async exec(r: Real, label: string) {
    const before = await entryRows();
    const last = lastEntries(before);
    const open = r.vehicles.filter((v) => !CLOSED.includes(last.get(v.vehicleId)?.status ?? ''));
    const accepted = open.filter((v) => !ACTIVE.includes(last.get(v.vehicleId)?.status ?? ''));
    const v = pick(this.fresh && accepted.length ? accepted : open, this.i);
    if (!v) return;
    const prev = last.get(v.vehicleId);
    const now = clock.now();
    const cfg = await gateConfig();
    const cls: PriorityClass = v.priority ? 'PRIORITY' : 'GENERAL';
    const ctx = allocationContext(cfg, v.direction, now);
    const windows = horizonWindows(cfg, v.direction, now);

    const res = await api(r, `${label} ${v.label}`, post(yard, '/api/check-ins', { gate: GATE, plate: v.plate }));
    if (prev && ACTIVE.includes(prev.status)) {
      expectStatus(label, res, 409);
      if (!String(res.body.message).includes(prev.status))
        throw new InvariantError(`${label}: the refusal does not name the state ${prev.status}: ${res.body.message}`);
      return;
    }
    expectStatus(`${label} ${v.label} (accepted vehicle${prev ? ', after its second no-show' : ''})`, res, 201);
    r.trace.push(`   ${v.label} → window ${res.body.window ? local(new Date(res.body.window.start)) : '∅ (waits)'}`);
    const got = res.body.window ? new Date(res.body.window.start).getTime() : null;
    // Judge against the queue as the check-in left it, without the newcomer's own place: a check-in may first
    // re-slot earlier waiters of its class into places released since, and those places are theirs (FIFO).
    const after = (await entryRows()).filter((e) => e.id !== res.body.id);
    const usage = (await usageFromToday(v.direction, now)).map((u) =>
      got !== null && u.start.getTime() === got
        ? {
            start: u.start,
            issuedTotal: u.issuedTotal - 1,
            issuedGeneral: u.issuedGeneral - (cls === 'GENERAL' ? 1 : 0),
          }
        : u,
    );
    const floor = floorOf(after, v.direction, cls);
    const probe: QueueEntry = { id: 'probe', priorityClass: cls, checkedInAt: now, seq: Number.MAX_SAFE_INTEGER };
    const free = pickWindow(probe, windows, usage, floor === 'WAITING' ? 'WAITING' : null, ctx);
    const earliest = pickWindow(probe, windows, usage, floor, ctx);
    const situation = `now ${local(now)}; class floor ${floor instanceof Date ? local(floor) : floor}; first window with a free ${cls} place ${local(free?.start)}; earliest allowed ${local(earliest?.start)}\n${describeRows(after.filter((e) => e.direction === v.direction))}`;
    if (got === null && free !== null) {
      fail(
        `${label} @ ${local(now)}`,
        `no false refusal: ${v.label} (${cls}) was left without a window although ${local(free.start)} has a free ${cls} place`,
        situation,
      );
    }
    if ((earliest?.start.getTime() ?? null) !== got) {
      fail(
        `${label} @ ${local(now)}`,
        `${v.label} (${cls}) got window ${res.body.window ? local(new Date(res.body.window.start)) : '∅'} but the earliest it may take is ${local(earliest?.start)}`,
        situation,
      );
    }
  }
}

/** A vehicle whose entry is closed (crossed, turned back, cancelled) is no longer ACCEPTED: checking it in again is refused. */
class CheckInClosed extends Step {
  constructor(readonly i: number) {
    super();
  }
  toString() {
    return `checkInClosed(${this.i})`;
  }
  async exec(r: Real, label: string) {
    const last = lastEntries(await entryRows());
    const v = pick(
      r.vehicles.filter((x) => CLOSED.includes(last.get(x.vehicleId)?.status ?? '')),
      this.i,
    );
    if (!v) return;
    const status = last.get(v.vehicleId)!.status;
    const res = await api(
      r,
      `${label} ${v.label} (${status})`,
      post(yard, '/api/check-ins', { gate: GATE, plate: v.plate }),
    );
    expectStatus(`${label} ${v.label}, whose entry is ${status}`, res, 409);
  }
}

/** Calls a given waiting entry (the console may call any one, out of order). */
class Call extends Step {
  constructor(readonly i: number) {
    super();
  }
  toString() {
    return `call(${this.i})`;
  }
  async exec(r: Real, label: string) {
    const e = pick(
      (await entryRows()).filter((x) => x.status === 'CHECKED_IN'),
      this.i,
    );
    if (!e) return;
    const res = await api(r, `${label} #${e.seq}`, entryAct(customs, e.id, 'call'));
    expectStatus(label, res, 200);
  }
}

class CallNext extends Step {
  constructor(readonly d: Direction) {
    super();
  }
  toString() {
    return `callNext(${this.d})`;
  }
  async exec(r: Real, label: string) {
    const next = (await entryRows())
      .filter((x) => x.status === 'CHECKED_IN' && x.direction === this.d && x.window_start !== null)
      .sort(
        (a, b) =>
          a.window_start!.getTime() - b.window_start!.getTime() ||
          a.checked_in_at.getTime() - b.checked_in_at.getTime() ||
          a.seq - b.seq,
      )[0];
    const res = await api(r, label, post(customs, `/api/gates/${GATE}/call-next`, { direction: this.d }));
    if (!next) return expectStatus(label, res, 409);
    expectStatus(label, res, 200);
    if (res.body.id !== next.id)
      throw new InvariantError(
        `${label}: called ${res.body.id}, but the first in queue order is #${next.seq} ${next.id}`,
      );
  }
}

class NoShow extends Step {
  constructor(readonly i: number) {
    super();
  }
  toString() {
    return `noShow(${this.i})`;
  }
  async exec(r: Real, label: string) {
    const e = pick(
      (await entryRows()).filter((x) => x.status === 'CALLED'),
      this.i,
    );
    if (!e) return;
    const res = await api(r, `${label} #${e.seq}`, entryAct(customs, e.id, 'no-show', { note: 'không đến' }));
    expectStatus(label, res, 200);
    // A no-show the gate, an agency or a suspension caused is waived: no penalty, not counted, said why.
    const waiver = res.body.noShowWaiver as NoShowWaiver | null;
    const waived = waiver !== null && new Date(waiver.at).getTime() === clock.now().getTime();
    const saidWhy =
      waived && DELAY_REASONS.includes(waiver.reason.code) && LANGUAGES.every((l) => waiver.reasonText[l]);
    if (
      waived &&
      (!saidWhy || res.body.notBefore !== clock.now().toISOString() || res.body.noShowCount !== e.no_show_count)
    )
      throw new InvariantError(`${label}: waived no-show ${JSON.stringify(res.body)} was still penalised or counted`);
    const expected = waived || e.no_show_count === 0 ? 'CHECKED_IN' : 'NO_SHOW';
    if (res.body.status !== expected)
      throw new InvariantError(
        `${label}: no-show #${e.no_show_count + 1} gave ${res.body.status}, expected ${expected}`,
      );
    const penaltyEnds = clock.now().getTime() + (await gateConfig()).penaltyMinutes * MIN;
    if (!waived && expected === 'CHECKED_IN' && new Date(res.body.notBefore).getTime() !== penaltyEnds) {
      throw new InvariantError(
        `${label}: penalty ends ${res.body.notBefore}, expected ${new Date(penaltyEnds).toISOString()}`,
      );
    }
  }
}

/** Lets the grace period of the called vehicles run out, then the sweeper marks them no-shows. */
class GraceExpires extends Step {
  constructor(readonly extra: number) {
    super();
  }
  toString() {
    return `graceExpires(+${this.extra}m)`;
  }
  async exec(r: Real) {
    const cfg = await gateConfig();
    clock.advance((cfg.graceMinutes + 1 + this.extra) * MIN);
    const n = await t.app.get(QueueService).sweepNoShows();
    r.trace.push(`${this.toString()} → ${n} no-shows @ ${local(clock.now())}`);
    const left = (await entryRows()).filter((x) => x.status === 'CALLED');
    if (left.length)
      throw new InvariantError(
        `${this.toString()}: ${left.length} called entries are past their grace period but were not marked no-show`,
      );
  }
}

class Cancel extends Step {
  constructor(readonly i: number) {
    super();
  }
  toString() {
    return `cancel(${this.i})`;
  }
  async exec(r: Real, label: string) {
    const e = pick(
      (await entryRows()).filter((x) => x.status === 'CHECKED_IN'),
      this.i,
    );
    if (!e) return;
    const res = await api(r, `${label} #${e.seq}`, entryAct(yard, e.id, 'cancel', { note: 'xe rời bãi' }));
    expectStatus(label, res, 200);
  }
}

/** Moves a called vehicle one step on at the gate: arrive, confirm (the next missing agency), hold, release, turn back, cross. */
class AtGate extends Step {
  constructor(
    readonly i: number,
    readonly choice: number,
  ) {
    super();
  }
  toString() {
    return `atGate(${this.i}, ${this.choice})`;
  }
  async exec(r: Real, label: string) {
    const e = pick(
      (await entryRows()).filter((x) => ['CALLED', 'AT_GATE', 'HELD', 'CLEARED'].includes(x.status)),
      this.i,
    );
    if (!e) return;
    let who: Session = customs;
    let action: string;
    let body: object = {};
    switch (e.status) {
      case 'CALLED':
        action = 'arrive';
        break;
      case 'AT_GATE': {
        const missing = ['CUSTOMS', 'BORDER_GUARD', ...(e.quarantine_required ? ['QUARANTINE'] : [])].filter(
          (a) => !(a in e.confirmations),
        );
        if (this.choice % 5 === 4 || missing.length === 0) {
          action = 'hold';
        } else {
          action = 'confirm';
          const agency = missing[this.choice % missing.length];
          body = { agency, note: 'đạt' };
          who = agency === 'BORDER_GUARD' ? guard : customs;
        }
        break;
      }
      case 'HELD':
        action = this.choice % 4 === 3 ? 'turn-back' : 'release';
        break;
      default: // CLEARED
        action = this.choice % 5 === 4 ? 'hold' : 'cross';
        who = action === 'cross' ? guard : customs;
    }
    const res = await api(r, `${label} #${e.seq} ${e.status}→${action}`, entryAct(who, e.id, action, body));
    expectStatus(label, res, 200);
  }
}

/** Any action on any entry of the run (closed ones too), by the officer entitled to it: refusals must be clean 4xx. */
class AnyAction extends Step {
  static readonly ACTIONS = [
    'call',
    'arrive',
    'confirm',
    'hold',
    'release',
    'turn-back',
    'no-show',
    'cross',
    'cancel',
  ] as const;
  constructor(
    readonly i: number,
    readonly a: number,
  ) {
    super();
  }
  toString() {
    return `anyAction(${AnyAction.ACTIONS[this.a % AnyAction.ACTIONS.length]}, ${this.i})`;
  }
  async exec(r: Real, label: string) {
    const e = pick(await entryRows(), this.i);
    if (!e) return;
    const action = AnyAction.ACTIONS[this.a % AnyAction.ACTIONS.length];
    const who = action === 'cross' ? guard : action === 'cancel' ? yard : customs;
    const body = action === 'confirm' ? { agency: 'QUARANTINE' } : {};
    await api(r, `${label} #${e.seq} ${e.status}`, entryAct(who, e.id, action, body));
  }
}

interface ScheduleChange {
  /** Local days (0 = today, 1 = tomorrow) to close as holidays. */
  closeDays?: number[];
  /** Opening hours for every weekday. */
  hours?: string;
  capacityPerHour?: number;
  dailyCap?: number | null;
  todayCap?: number;
  priorityShare?: number;
  windowMinutes?: number;
  releaseLeadMinutes?: number;
}

class Configure extends Step {
  constructor(
    readonly dirs: 'EXPORT' | 'IMPORT' | 'BOTH',
    readonly change: ScheduleChange,
    readonly invalid: number | null,
  ) {
    super();
  }
  toString() {
    return `configure(${this.dirs}, ${JSON.stringify(this.change)}${this.invalid !== null ? `, invalid#${this.invalid}` : ''})`;
  }
  async exec(r: Real, label: string) {
    const { todayCap, closeDays, hours, ...rest } = this.change;
    const change: Record<string, unknown> = { ...rest };
    const today = localDay(clock.now(), OFFSET);
    if (todayCap !== undefined) change.dailyCaps = { [today]: todayCap };
    if (closeDays !== undefined) change.closedDates = closeDays.map((k) => addLocalDays(today, k));
    if (hours !== undefined) {
      const [open, close] = hours.split('-');
      change.openingHours = Object.fromEntries([0, 1, 2, 3, 4, 5, 6].map((d) => [d, { open, close }]));
    }
    const INVALID = [
      { capacityPerHour: -1 },
      { windowMinutes: 0 },
      { priorityShare: 1.5 },
      { openingHours: { 2: { open: '19:00', close: '07:00' } } },
    ];
    if (this.invalid !== null) Object.assign(change, INVALID[this.invalid % INVALID.length]);
    const directions = this.dirs === 'BOTH' ? { EXPORT: change, IMPORT: change } : { [this.dirs]: change };
    const before = await gateConfig();
    // Places a reflow cannot move (vehicles already called, or waiting in a window that has started) from today on.
    const now = clock.now();
    const today0 = localMidnight(localDay(now, OFFSET), OFFSET);
    const pinned = (await entryRows()).filter(
      (e) =>
        (this.dirs === 'BOTH' || e.direction === this.dirs) &&
        e.window_start !== null &&
        e.window_start >= today0 &&
        (e.status === 'CHECKED_IN' ? e.window_start < now : HOLDING.includes(e.status)),
    );
    const res = await api(
      r,
      label,
      t.http().patch(`/api/gates/${GATE}`).set('authorization', admin.auth).send({ directions }),
    );
    const unchanged = async () => {
      const after = await gateConfig();
      if (JSON.stringify(after.schedules) !== JSON.stringify(before.schedules))
        throw new InvariantError(`${label}: a refused change altered the schedule`);
    };
    if (this.invalid !== null) {
      expectStatus(label, res, 400);
      await unchanged();
    } else if (res.status === 409 && pinned.length > 0) {
      // Refusing a change that would leave already-called vehicles over the new capacity or cap is a legitimate choice.
      await unchanged();
    } else {
      expectStatus(label, res, 200);
    }
  }
}

class Suspend extends Step {
  constructor(readonly untilMinutes: number | null) {
    super();
  }
  toString() {
    return `suspend(${this.untilMinutes === null ? 'open-ended' : `+${this.untilMinutes}m`})`;
  }
  async exec(r: Real, label: string) {
    const body: Record<string, string> = { reason: 'Phía bạn tạm dừng tiếp nhận' };
    if (this.untilMinutes !== null)
      body.until = new Date(clock.now().getTime() + this.untilMinutes * MIN).toISOString();
    const res = await api(r, label, post(admin, `/api/gates/${GATE}/suspend`, body));
    expectStatus(label, res, this.untilMinutes !== null && this.untilMinutes <= 0 ? 400 : 200);
  }
}

class Resume extends Step {
  toString() {
    return 'resume';
  }
  async exec(r: Real, label: string) {
    const suspended = (await gateConfig()).suspension !== null;
    const res = await api(r, label, post(admin, `/api/gates/${GATE}/resume`, { reason: 'mở lại' }));
    expectStatus(label, res, suspended ? 200 : 409);
  }
}

class Advance extends Step {
  constructor(readonly minutes: number) {
    super();
  }
  toString() {
    return `advance(${this.minutes}m)`;
  }
  exec(r: Real) {
    clock.advance(this.minutes * MIN);
    r.trace.push(`${this.toString()} → ${local(clock.now())}`);
    return Promise.resolve();
  }
}

/** Moves the clock to the next given local time of day (around opening, release leads and closing). */
class AdvanceTo extends Step {
  constructor(readonly minuteOfDay: number) {
    super();
  }
  toString() {
    return `advanceTo(${String(Math.floor(this.minuteOfDay / 60)).padStart(2, '0')}:${String(this.minuteOfDay % 60).padStart(2, '0')})`;
  }
  exec(r: Real) {
    const now = clock.now();
    let target = localMidnight(localDay(now, OFFSET), OFFSET).getTime() + this.minuteOfDay * MIN;
    if (target <= now.getTime()) target += MS_PER_DAY;
    clock.set(new Date(target));
    r.trace.push(`${this.toString()} → ${local(clock.now())}`);
    return Promise.resolve();
  }
}

class SweepReflow extends Step {
  toString() {
    return 'sweepReflow';
  }
  async exec(r: Real) {
    const n = await t.app.get(QueueService).sweepReflow();
    r.trace.push(`sweepReflow → ${n} moved`);
  }
}

class SweepNoShows extends Step {
  toString() {
    return 'sweepNoShows';
  }
  async exec(r: Real) {
    const n = await t.app.get(QueueService).sweepNoShows();
    r.trace.push(`sweepNoShows → ${n}`);
  }
}

// ───────────────────────────── arbitraries ─────────────────────────────

const directionArb = fc.constantFrom<Direction>('EXPORT', 'IMPORT');
const idx = fc.nat({ max: 1000 });
const LOCAL_HOURS = ['07:00-19:00', '07:00-12:00', '09:00-17:00', '00:00-24:00'] as const;

/** Operation kinds, their weight, and how to draw one. FC_WITHOUT=kind,kind leaves some out (to look past a known failure). */
const OPS: Record<string, { weight: number; arb: fc.Arbitrary<Step> }> = {
  checkIn: { weight: 8, arb: fc.tuple(idx, fc.nat({ max: 9 })).map(([i, f]) => new CheckIn(i, f !== 0)) },
  checkInClosed: { weight: 1, arb: idx.map((i) => new CheckInClosed(i)) },
  call: { weight: 2, arb: idx.map((i) => new Call(i)) },
  callNext: { weight: 3, arb: directionArb.map((d) => new CallNext(d)) },
  noShow: { weight: 1, arb: idx.map((i) => new NoShow(i)) },
  graceExpires: { weight: 1, arb: fc.integer({ min: 0, max: 30 }).map((m) => new GraceExpires(m)) },
  cancel: { weight: 2, arb: idx.map((i) => new Cancel(i)) },
  atGate: { weight: 3, arb: fc.tuple(idx, fc.nat({ max: 100 })).map(([i, c]) => new AtGate(i, c)) },
  anyAction: { weight: 1, arb: fc.tuple(idx, fc.nat({ max: 100 })).map(([i, a]) => new AnyAction(i, a)) },
  configure: {
    weight: 3,
    arb: fc
      .tuple(
        fc.constantFrom<'EXPORT' | 'IMPORT' | 'BOTH'>('EXPORT', 'IMPORT', 'BOTH'),
        fc.record(
          {
            capacityPerHour: fc.constantFrom(0, 1, 1, 2, 2, 3, 4, 6, 10),
            dailyCap: fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 12 })),
            todayCap: fc.integer({ min: 0, max: 4 }),
            priorityShare: fc.constantFrom(0, 0.25, 0.5, 1),
            windowMinutes: fc.constantFrom(15, 20, 30, 30, 45, 60),
            releaseLeadMinutes: fc.constantFrom(15, 30, 60),
            closeDays: fc.subarray([0, 1]),
            hours: fc.constantFrom(...LOCAL_HOURS),
          },
          { requiredKeys: [] },
        ),
        fc.oneof({ weight: 7, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.nat({ max: 3 }) }),
      )
      .map(([d, c, inv]) => new Configure(d, c, inv)),
  },
  suspend: {
    weight: 1,
    arb: fc
      .option(fc.oneof(fc.integer({ min: 5, max: 8 * 60 }), fc.constant(-5)), { freq: 3 })
      .map((u) => new Suspend(u)),
  },
  resume: { weight: 1, arb: fc.constant(new Resume()) },
  advance: {
    weight: 3,
    arb: fc
      .oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 40, max: 6 * 60 }))
      .map((m) => new Advance(m)),
  },
  advanceTo: {
    weight: 1,
    arb: fc
      .constantFrom(
        6 * 60 + 25,
        6 * 60 + 45,
        7 * 60 + 5,
        11 * 60 + 50,
        16 * 60 + 40,
        18 * 60 + 25,
        18 * 60 + 50,
        19 * 60 + 5,
      )
      .map((m) => new AdvanceTo(m)),
  },
  sweepReflow: { weight: 2, arb: fc.constant(new SweepReflow()) },
  sweepNoShows: { weight: 1, arb: fc.constant(new SweepNoShows()) },
};
const WITHOUT = new Set((process.env.FC_WITHOUT ?? '').split(',').filter(Boolean));
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  ...Object.entries(OPS)
    .filter(([k]) => !WITHOUT.has(k))
    .map(([, o]) => ({ weight: o.weight, arbitrary: o.arb })),
);

const directionConfigArb = fc.record({
  capacityPerHour: fc.integer({ min: 2, max: 6 }),
  windowMinutes: fc.constantFrom(30, 30, 30, 15, 60),
  priorityShare: fc.constantFrom(0, 0.25, 0.5, 1),
  dailyCap: fc.option(fc.integer({ min: 3, max: 24 }), { freq: 2 }),
  releaseLeadMinutes: fc.constantFrom(30, 30, 15, 60),
});

const runArb = fc.record({
  EXPORT: directionConfigArb,
  IMPORT: directionConfigArb,
  // Local start time 05:00–20:55 on the base day.
  startMinute: fc.integer({ min: 5 * 12, max: 21 * 12 - 1 }).map((x) => x * 5),
  // Mostly one direction, so its windows fill up; both classes.
  vehicles: fc.array(
    fc.record({
      priority: fc.boolean(),
      direction: fc.constantFrom<Direction>('EXPORT', 'EXPORT', 'EXPORT', 'IMPORT'),
    }),
    { minLength: 6, maxLength: 14 },
  ),
});

type RunConfig = typeof runArb extends fc.Arbitrary<infer T> ? T : never;

/** A fresh gate for one run: empty queue, the run's schedules, no suspension, new accepted vehicles. */
async function freshRun(c: RunConfig): Promise<Real> {
  clock.set(new Date(localMidnight(BASE_DAY, OFFSET).getTime() + c.startMinute * MIN));
  // Under the gate's lanes, taken as every change takes them: an estimate refresh still running from the last
  // run finishes first instead of deadlocking with the reset.
  await db.query('BEGIN');
  await db.query('SELECT 1 FROM yard_queue.gate_schedules WHERE gate = $1 ORDER BY direction FOR UPDATE', [GATE]);
  await db.query('DELETE FROM yard_queue.queue_entries WHERE gate = $1', [GATE]);
  await db.query('DELETE FROM yard_queue.window_usage WHERE gate = $1', [GATE]);
  await db.query('DELETE FROM yard_queue.day_usage WHERE gate = $1', [GATE]);
  await db.query(
    'UPDATE yard_queue.gates SET suspended_from = NULL, suspended_until = NULL, suspension_reason = NULL, grace_minutes = 30, no_show_penalty_minutes = 60 WHERE code = $1',
    [GATE],
  );
  await db.query('COMMIT');
  const day = { open: '07:00', close: '19:00' };
  for (const d of DIRECTIONS) {
    const schedule: GateSchedule = {
      utcOffsetMinutes: OFFSET,
      openingHours: { 0: day, 1: day, 2: day, 3: day, 4: day, 5: day, 6: day },
      closedDates: [],
      ...c[d],
    };
    await db.query(
      `UPDATE yard_queue.gate_schedules SET schedule = $3, daily_caps = '{}' WHERE gate = $1 AND direction = $2`,
      [GATE, d, JSON.stringify(schedule)],
    );
  }
  const vehicles: Vehicle[] = [];
  for (const d of DIRECTIONS) {
    const wanted = c.vehicles.map((v, i) => ({ ...v, i })).filter((v) => v.direction === d);
    if (wanted.length === 0) continue;
    const seeded = await seedAcceptedVehicles(t, wanted.length, {
      gate: GATE,
      direction: d,
      priority: (k) => wanted[k].priority,
    });
    seeded.forEach((s, k) =>
      vehicles.push({
        ...s,
        label: `v${wanted[k].i}(${wanted[k].priority ? 'P' : 'G'},${d[0]})`,
        direction: d,
        priority: wanted[k].priority,
      }),
    );
  }
  vehicles.sort(
    (a, b) => Number(a.label.slice(1, a.label.indexOf('('))) - Number(b.label.slice(1, b.label.indexOf('('))),
  );
  return {
    vehicles,
    trace: [`start ${local(clock.now())} ${JSON.stringify({ EXPORT: c.EXPORT, IMPORT: c.IMPORT })}`],
    steps: 0,
  };
}

describe('yard queue invariants under random operation sequences (real database)', () => {
  it('keep usage = holders ≤ capacity and day caps, one active entry per vehicle, FIFO within a class, no false refusal, and only 4xx refusals', async () => {
    const started = Date.now();
    const stepCounts: number[] = [];
    await fc.assert(
      fc.asyncProperty(
        runArb,
        fc.array(stepArb, { minLength: MIN_STEPS, maxLength: MAX_STEPS, size: 'max' }),
        async (c, cmds) => {
          const real = await freshRun(c);
          await checkInvariants('setup');
          try {
            await fc.asyncModelRun(() => ({ model: {}, real }), cmds);
            if (process.env.FC_DEBUG) console.log(real.trace.join('\n'));
            stepCounts.push(real.steps);
          } catch (e) {
            if (e instanceof Error) e.message += `\n--- trace (last 25) ---\n${real.trace.slice(-25).join('\n')}`;
            throw e;
          }
        },
      ),
      {
        numRuns: NUM_RUNS,
        seed: SEED,
        ...(PATH ? { path: PATH } : {}),
        // Shrinking against a database is slow: bound it so a failure is still reported in time.
        interruptAfterTimeLimit: 75_000,
        markInterruptAsFailure: false,
      },
    );

    console.log(
      `queue invariants: ${stepCounts.length} of ${NUM_RUNS} runs × ${MIN_STEPS}–${MAX_STEPS} steps in ${((Date.now() - started) / 1000).toFixed(1)} s (seed ${SEED}); steps per run: ${stepCounts.join(' ')}\n${[
        ...outcomes,
      ]
        .sort()
        .map(([k, n]) => `${k}: ${n}`)
        .join(', ')}`,
    );
  }, 150_000);
});
