import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, type EntityManager, In, IsNull, LessThan, MoreThanOrEqual, Not } from 'typeorm';
import { inTransaction, returnedRows } from '#libs/database/src/index.js';
import {
  ACTIVE_QUEUE_STATES,
  type CallConditions,
  dailyCapFor,
  type LiveBooking,
  type SuspensionInterval,
  suspensionIntervals,
  type TrailEvent,
  type Direction,
  type GateSchedule,
  localDay,
  type PriorityClass,
  type SlotWindow,
  type WindowUsage,
  type WaitingYard,
} from '#libs/domain/src/index.js';
import { recordTokenVersion } from '#libs/auth/src/index.js';
import {
  type AnyEventEnvelope,
  consumeBatchOnce,
  type EventMap,
  inEventContext,
  outboxRow,
  type VehicleSnapshot,
  writeEvent,
} from '#libs/events/src/index.js';
import { DelayAttributionEntity, QueueOrderChangeEntity } from '../accountability/accountability.entities.js';
import { YARD_QUEUE_DB } from '../database/yard-queue-database.js';
import { GateConfigAuditEntity, GateEntity, GateScheduleEntity } from './entities/gate.entity.js';
import { QueueEntryEntity } from './entities/queue-entry.entity.js';
import { DayUsageEntity } from './entities/usage.entity.js';
import { VehicleEntity } from './entities/vehicle.entity.js';
import {
  type DirectionSchedule,
  type EntryRecord,
  type GateRecord,
  type QueueActor,
  type ReplicaVehicle,
} from './queue.types.js';

/**
 * A check-in decided from unlocked reads, for `QueueRepository.fileCheckIn`: the gate as read, the new entry, the
 * windows it may take, the ledger's reason without and with trucks behind a priority truck, and the event whose
 * version, window and position the filing stamps.
 */
export interface CheckInDecision {
  gate: GateRecord;
  entry: EntryRecord & { checkedInBy: string | null };
  /** In the order the rules would take them as each before fills up; `released`: its reserved places are open. */
  windows: { window: SlotWindow; released: boolean }[];
  actor: QueueActor;
  ledger: { reason: string; reasonAhead: string };
  event: EventMap['queue.changed'];
}

/** An entry as a gate action read it without a lock: what `fileAction` checks is unchanged before filing. */
export interface EntrySeen {
  status: string;
  confirmations: EntryRecord['confirmations'];
  callUnreachedAt: Date | null;
  updatedAt: Date;
  lastAudit: number;
}

/**
 * A gate action past the call decided from unlocked reads, for `QueueRepository.fileAction`: the gate as read, the
 * entry as the action leaves it and as it was read, its audit row, the delays it closed and the change's event, whose
 * version the filing stamps.
 */
export interface ActionDecision {
  gate: GateRecord;
  entry: EntryRecord;
  seen: EntrySeen;
  audit: AuditRecord;
  delays: DelayRow[];
  event: EventMap['queue.changed'];
}

/** A call decided from unlocked reads, for `QueueRepository.fileCall`: an action with the lane it found. */
export interface CallDecision extends ActionDecision {
  /** Called as the next in queue order: the filing checks no waiting entry with a window comes before it. */
  next: boolean;
  area: GateArea;
}

/** A delay an action closed, as `delay_attributions` keeps it. */
export type DelayRow = Omit<DelayAttributionEntity, 'id'>;

/** What `queue_check_in` returns for a filed check-in (the window as given to it). */
interface FiledCheckInRow {
  seq: string;
  version: string;
  position: number;
  window: string;
}

/** A fairness ledger row as a change writes it (its gate, version and time are the change's). */
export type OrderChangeRow = Omit<QueueOrderChangeEntity, 'id' | 'gate' | 'version' | 'at'>;

/** A vehicle and its lane, looked up by the plate key the yard typed or the id a slip's QR code carries. */
export type VehicleKey = { plateKey: string } | { vehicleId: string };

/**
 * A copy of a vehicle with the status and window of its latest queue entry, if it ever had one, and its plate's
 * live booking at any gate.
 */
export type ReplicaWithLastEntry = ReplicaVehicle & {
  last: { status: string; windowStart: Date | null } | null;
  live: LiveBooking | null;
};

interface ReplicaRow {
  vehicle_id: string;
  gate: string;
  direction: Direction;
  plate_key: string;
  status: ReplicaVehicle['status'];
  snapshot: ReplicaVehicle['snapshot'];
  last_status: string | null;
  last_window: Date | null;
  live_gate: string | null;
  live_gate_name: string | null;
  live_status: string | null;
}

interface TakenWindowRow {
  window_start: Date;
}

interface VersionRow {
  version: string;
}

interface CountRow {
  n: number;
}

interface ClassQueueRow {
  waiting: boolean | null;
  floor: Date | null;
}

interface AdmissionRow extends ClassQueueRow {
  starts: Date[] | null;
  totals: number[] | null;
  generals: number[] | null;
}

interface QueueStatsRow {
  gate: string;
  direction: Direction;
  waiting: number;
  oldest: Date | null;
}

interface GateRow {
  code: string;
  name: string;
  version: string;
  auto_accept: boolean;
  grace_minutes: number;
  no_show_penalty_minutes: number;
  delay_attribution_minutes: number;
  call_reach_minutes: number | null;
  yards: WaitingYard[];
  suspended_from: Date | null;
  suspended_until: Date | null;
  suspension_reason: string | null;
  direction: Direction;
  schedule: GateSchedule;
  daily_caps: Record<string, number>;
}

/** Call conditions as the audit trail keeps them (JSON). */
type StoredCall = Omit<CallConditions, 'windowStart'> & { windowStart: string | null };

interface LaneRow {
  gate: string;
  direction: Direction;
}

interface UsageRow {
  window_start: Date;
  issued_total: number;
  issued_general: number;
}

// Read on every check-in and gate action: hand-written, as the query builder's per-call SQL generation and
// entity hydration cost several times the statement itself here.
async function loadGate(em: EntityManager, code: string): Promise<GateRecord | null> {
  // The gate and its schedules in one statement (one snapshot): a row per direction.
  const rows = await em.query<GateRow[]>(
    `SELECT g.code, g.name, g.version, g.auto_accept, g.grace_minutes, g.no_show_penalty_minutes, g.delay_attribution_minutes, g.call_reach_minutes, g.yards,
            g.suspended_from,
            g.suspended_until, g.suspension_reason, s.direction, s.schedule, s.daily_caps
       FROM gates g JOIN gate_schedules s ON s.gate = g.code
      WHERE g.code = $1`,
    [code],
  );
  const g = rows[0];
  if (!g) return null;
  const of = (d: Direction): DirectionSchedule => {
    const r = rows.find((s) => s.direction === d);
    if (!r) throw new Error(`gate ${code} has no ${d} schedule`);
    return { schedule: r.schedule, dailyCaps: r.daily_caps };
  };
  return {
    code: g.code,
    name: g.name,
    version: Number(g.version),
    autoAccept: g.auto_accept,
    graceMinutes: g.grace_minutes,
    noShowPenaltyMinutes: g.no_show_penalty_minutes,
    delayAttributionMinutes: g.delay_attribution_minutes,
    callReachMinutes: g.call_reach_minutes,
    yards: g.yards,
    suspension: g.suspended_from
      ? { from: g.suspended_from, until: g.suspended_until, reason: g.suspension_reason ?? '' }
      : null,
    schedules: { EXPORT: of('EXPORT'), IMPORT: of('IMPORT') },
  };
}

interface TrailRow {
  action: string;
  to_status: string | null;
  at: Date;
  actor_role: string;
  context: StoredCall | null;
}

function toTrailEvent(r: TrailRow): TrailEvent {
  return {
    action: r.action,
    to: r.to_status,
    at: r.at,
    actorRole: r.actor_role,
    call:
      r.action === 'call' && r.context
        ? { ...r.context, windowStart: r.context.windowStart ? new Date(r.context.windowStart) : null }
        : null,
  };
}

interface SuspensionRow {
  action: 'suspend' | 'resume';
  at: Date;
  until: string | null;
}

/** A gate's (`gate`, $1 by default) suspensions and resumptions from the one in force at `since` ($2) on. */
const suspensionsSinceSql = (
  gate = '$1',
  since = '$2',
) => `SELECT id, action, at, change->>'until' AS until FROM gate_config_audit
  WHERE gate = ${gate} AND action IN ('suspend','resume')
    AND at >= COALESCE((SELECT max(c.at) FROM gate_config_audit c WHERE c.gate = ${gate} AND c.action IN ('suspend','resume') AND c.at <= ${since}), '-infinity')`;
const SUSPENSIONS_SINCE = suspensionsSinceSql();

function toSuspensions(rows: SuspensionRow[]): SuspensionInterval[] {
  return suspensionIntervals(
    rows.map((r) => ({ action: r.action, at: r.at, until: r.until ? new Date(r.until) : null })),
  );
}

/** An entry's audit trail (oldest first) and its gate's suspensions from the one in force at `since` on. */
export interface EntryHistory {
  trail: TrailEvent[];
  suspensions: SuspensionInterval[];
  /** The id of the entry's latest audit row (0 when it has none). */
  lastAudit: number;
}

async function readHistory(em: EntityManager, gate: string, entryId: string, since: Date): Promise<EntryHistory> {
  const rows = await em.query<(TrailRow & SuspensionRow & { kind: 's' | 't'; id: string })[]>(
    `SELECT * FROM (SELECT 't' AS kind, id::bigint, action, to_status, at, actor_role, context, NULL AS until FROM queue_audit WHERE entry_id = $3
     UNION ALL
     SELECT 's', id::bigint, action, NULL, at, NULL, NULL, until FROM (${SUSPENSIONS_SINCE}) s) h
     ORDER BY kind, CASE WHEN kind = 's' THEN at END, id`,
    [gate, since, entryId],
  );
  const trail = rows.filter((r) => r.kind === 't');
  return {
    trail: trail.map(toTrailEvent),
    suspensions: toSuspensions(rows.filter((r) => r.kind === 's')),
    lastAudit: trail.length ? Number(trail[trail.length - 1].id) : 0,
  };
}

/** A lane's gate area as a call finds it: the vehicles called or at the gate, and those held by each agency. */
export type GateArea = Pick<CallConditions, 'inGateArea' | 'held'>;

/** The vehicles of a lane ($1 gate, $2 direction) called or at the gate, with the agency that last held each. */
const gateAreaSql = (gate = '$1', direction = '$2') =>
  `SELECT q.status, (SELECT a.actor_role FROM queue_audit a WHERE a.entry_id = q.id AND a.action = 'hold'
                     ORDER BY a.id DESC LIMIT 1) AS held_by
     FROM queue_entries q WHERE q.gate = ${gate} AND q.direction = ${direction} AND q.status IN ('CALLED','AT_GATE','HELD','CLEARED')`;

function toGateArea(rows: { status: string; held_by: string | null }[]): GateArea {
  const held: CallConditions['held'] = {};
  for (const r of rows)
    if (r.status === 'HELD' && (r.held_by === 'CUSTOMS' || r.held_by === 'BORDER_GUARD'))
      held[r.held_by] = (held[r.held_by] ?? 0) + 1;
  return { inGateArea: rows.length, held };
}

async function readGateArea(em: EntityManager, gate: string, direction: Direction): Promise<GateArea> {
  return toGateArea(await em.query(gateAreaSql(), [gate, direction]));
}

/**
 * Of the waiting entries of a class without a penalty ($1 gate, $2 direction, $3 class), checked in before an entry
 * ($4 checked-in time, $5 sequence, $6 id; all of them for an entry not inserted yet): whether one waits without a
 * window, and the latest window one holds.
 */
const classQueueSql = (isNew: boolean, lane = { gate: '$1', direction: '$2', cls: '$3' }) =>
  `SELECT bool_or(window_start IS NULL) AS waiting, max(window_start) AS floor FROM queue_entries
   WHERE gate = ${lane.gate} AND direction = ${lane.direction} AND status = 'CHECKED_IN' AND priority_class = ${lane.cls}
     AND not_before IS NULL ${isNew ? '' : 'AND (checked_in_at, seq) < ($4, $5) AND id <> $6'}`;

/** A lane's window usage from `from` on, as three arrays (`admission` and `checkInReads` read them). */
const usageArraysSql = (gate: string, direction: string, from: string) =>
  `SELECT array_agg(window_start) AS starts, array_agg(issued_total) AS totals, array_agg(issued_general) AS generals
   FROM window_usage WHERE gate = ${gate} AND direction = ${direction} AND window_start >= ${from}`;

/**
 * The query of a plate's active entry at any gate, with the gate's name (`plateKey`: a parameter or a column). The
 * predicate is spelt as the partial unique index's, so the planner reads that index.
 */
const liveBookingSql = (plateKey: string) =>
  `SELECT e.gate, g.name AS gate_name, e.status FROM queue_entries e JOIN gates g ON g.code = e.gate
   WHERE e.plate_key = ${plateKey} AND e.status IN (${ACTIVE_QUEUE_STATES.map((st) => `'${st}'`).join(',')}) LIMIT 1`;

/**
 * The yard's copies of a vehicle ($1: plate key or id), newest first, each with its latest entry's status and window
 * and its plate's live booking at any gate; `more` adds columns and joins.
 */
const replicasSql = (by: VehicleKey, more = { columns: '', joins: '' }, lock = false) =>
  `SELECT v.vehicle_id, v.gate, v.direction, v.plate_key, v.status, v.snapshot, e.status AS last_status, e.window_start AS last_window,
          b.gate AS live_gate, b.gate_name AS live_gate_name, b.status AS live_status${more.columns}
   FROM vehicles v
   LEFT JOIN LATERAL (SELECT status, window_start FROM queue_entries q WHERE q.vehicle_id = v.vehicle_id ORDER BY q.seq DESC LIMIT 1) e ON true
   LEFT JOIN LATERAL (${liveBookingSql('v.plate_key')}) b ON true${more.joins}
   WHERE ${'plateKey' in by ? 'v.plate_key' : 'v.vehicle_id'} = $1 ORDER BY v.updated_at DESC${lock ? ' FOR UPDATE OF v' : ''}`;

function toReplica(r: ReplicaRow): ReplicaWithLastEntry {
  return {
    vehicleId: r.vehicle_id,
    gate: r.gate,
    direction: r.direction,
    plateKey: r.plate_key,
    status: r.status,
    snapshot: r.snapshot,
    last: r.last_status ? { status: r.last_status, windowStart: r.last_window } : null,
    live: r.live_gate ? { gate: r.live_gate, gateName: r.live_gate_name!, status: r.live_status! } : null,
  };
}

/** What `admission` tells of a class and lane: whether one of the class waits without a window, its floor, the usage. */
export interface Admission {
  anyUnslotted: boolean;
  latestWindow: Date | null;
  usage: WindowUsage[];
}

function toAdmission(row: AdmissionRow): Admission {
  const starts = row.starts ?? [];
  return {
    anyUnslotted: row.waiting === true,
    latestWindow: row.floor,
    usage: starts.map((start, i) => ({ start, issuedTotal: row.totals![i], issuedGeneral: row.generals![i] })),
  };
}

/** A row of the queue's audit log, as a change writes it (the gate is the change's). */
export interface AuditRecord {
  entryId: string | null;
  action: string;
  from?: string | null;
  to?: string | null;
  actor: QueueActor;
  note?: string | null;
  at: Date;
  context?: object | null;
}

/** The insert of an audit row whose 11 parameters start at `$first` (see `auditValues`), for a statement's CTE. */
function auditInsert(first: number): string {
  const p = (i: number) => `$${first + i}`;
  return `INSERT INTO queue_audit (entry_id, gate, action, from_status, to_status, actor_id, actor_role, console, note, at, context)
          VALUES (${p(0)}::uuid, ${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}::uuid, ${p(6)}, ${p(7)}, ${p(8)}, ${p(9)}::timestamptz, ${p(10)}::jsonb)`;
}

function auditValues(gate: string, a: AuditRecord): unknown[] {
  return [
    a.entryId,
    gate,
    a.action,
    a.from ?? null,
    a.to ?? null,
    a.actor.id,
    a.actor.role,
    a.actor.console,
    a.note ?? null,
    a.at,
    a.context ? JSON.stringify(a.context) : null,
  ];
}

async function findLiveBooking(em: EntityManager, plateKey: string): Promise<LiveBooking | null> {
  const [row] = await em.query<{ gate: string; gate_name: string; status: string }[]>(liveBookingSql('$1'), [plateKey]);
  return row ? { gate: row.gate, gateName: row.gate_name, status: row.status } : null;
}

/**
 * The unit of work of one change to one gate's queue. It starts by locking the schedule rows of the
 * directions it touches, so allocations in one gate and direction are serial, and ends by bumping the
 * gate's version, whose row lock orders the gate's changes and numbers them without gaps. Locks are
 * always taken in the same order (EXPORT, IMPORT, then the gate row), so they cannot deadlock. The
 * invariants themselves are held by the database: CHECK constraints on window and day usage, and a
 * unique index on the active entry of a vehicle.
 */
export class QueueTx {
  /** The waiting trucks whose window this change set or moved, with the window they had (for the ledger). */
  readonly moves: { entry: EntryRecord; before: Date | null; own: boolean }[] = [];

  constructor(
    private readonly em: EntityManager,
    readonly gate: GateRecord,
  ) {}

  /** The transaction, for the other repositories whose rows change with the queue (the estimates). */
  get manager(): EntityManager {
    return this.em;
  }

  /** The positions (1 = next) of these waiting entries in their direction, in one read. */
  async positions(entries: readonly EntryRecord[]): Promise<Map<string, number>> {
    if (entries.length === 0) return new Map();
    if (entries.length === 1) return new Map([[entries[0].id, (await this.waitingAhead(entries[0])) + 1]]);
    const rows = await this.em.query<{ id: string; position: number }[]>(
      `SELECT id, position FROM (
         SELECT id, row_number() OVER (PARTITION BY direction ORDER BY COALESCE(window_start, 'infinity'), checked_in_at, seq)::int AS position
         FROM queue_entries WHERE gate = $1 AND direction = ANY($2) AND status = 'CHECKED_IN') ranked
       WHERE id = ANY($3)`,
      [this.gate.code, [...new Set(entries.map((e) => e.direction))], entries.map((e) => e.id)],
    );
    return new Map(rows.map((r) => [r.id, r.position]));
  }

  /**
   * The yard's copies of a vehicle (by plate key or id), each with the status of its latest queue entry:
   * active, closed for good (crossed, turned back, cancelled) or NO_SHOW (back to accepted). Locked until the
   * check-in commits, so a firm's amendment or cancellation of the same vehicle waits for it (and is refused).
   */
  async replicas(by: VehicleKey): Promise<ReplicaWithLastEntry[]> {
    const rows = await this.em.query<ReplicaRow[]>(replicasSql(by, undefined, true), [
      'plateKey' in by ? by.plateKey : by.vehicleId,
    ]);
    return rows.map(toReplica);
  }

  /** An entry of this gate, locked until the change commits. */
  entry(id: string): Promise<EntryRecord | null> {
    return this.em.findOne(QueueEntryEntity, {
      where: { id, gate: this.gate.code },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /** Inserts a checked-in entry and its audit row, in one statement; returns it with the sequence number the database gave it. */
  async insertEntry(
    e: EntryRecord & { checkedInBy: string | null },
    at: Date,
    audit: AuditRecord,
  ): Promise<EntryRecord> {
    const [row] = await this.em.query<{ seq: string }[]>(
      `WITH audit AS (${auditInsert(18)})
       INSERT INTO queue_entries (id, vehicle_id, gate, direction, plate_key, priority_class, status, snapshot, checked_in_at,
         checked_in_by, window_start, window_end, not_before, no_show_count, quarantine_required, confirmations, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $12, $13, $14, $15, $16::jsonb, $17)
       RETURNING seq`,
      [
        e.id,
        e.vehicleId,
        e.gate,
        e.direction,
        e.plateKey,
        e.priorityClass,
        e.status,
        JSON.stringify(e.snapshot),
        e.checkedInAt,
        e.checkedInBy,
        e.windowStart,
        e.windowEnd,
        e.notBefore,
        e.noShowCount,
        e.quarantineRequired,
        JSON.stringify(e.confirmations),
        at,
        ...auditValues(this.gate.code, audit),
      ],
    );
    if (row?.seq === undefined) throw new Error('the database returned no sequence number for the entry');
    return { ...e, seq: Number(row.seq) };
  }

  /** Writes the changed fields of an entry (status, window, times, confirmations). */
  async saveEntry(e: EntryRecord, at: Date, audit?: AuditRecord): Promise<void> {
    // With its audit row, when the change has one, in the same statement.
    await this.em.query(
      `${audit ? `WITH audit AS (${auditInsert(17)}) ` : ''}UPDATE queue_entries SET status = $2, window_start = $3,
         window_end = $4, not_before = $5, no_show_count = $6, confirmations = $7::jsonb, called_at = $8, call_deadline = $9,
         call_unreached_at = $10, held_by = $11, arrived_at = $12, cleared_at = $13, closed_at = $14,
         no_show_waiver = $15::jsonb, updated_at = $16
       WHERE id = $1`,
      [
        e.id,
        e.status,
        e.windowStart,
        e.windowEnd,
        e.notBefore,
        e.noShowCount,
        JSON.stringify(e.confirmations),
        e.calledAt,
        e.callDeadline,
        e.callUnreachedAt,
        e.heldBy,
        e.arrivedAt,
        e.clearedAt,
        e.closedAt,
        e.noShowWaiver ? JSON.stringify(e.noShowWaiver) : null,
        at,
        ...(audit ? auditValues(this.gate.code, audit) : []),
      ],
    );
  }

  /**
   * Entries waiting to be called (CHECKED_IN) at this gate and direction, in check-in order. For a change holding
   * the direction's lane exclusively (a call, a re-slot, estimates), which every writer of a waiting entry also takes
   * (shared-mode actions never touch one), so no row of them is locked as well: a lock per waiting truck on every call
   * and every refresh of the estimates was a write per row.
   */
  waitingEntries(direction: Direction): Promise<EntryRecord[]> {
    return this.em.find(QueueEntryEntity, {
      where: { gate: this.gate.code, direction, status: 'CHECKED_IN' },
      order: { checkedInAt: 'ASC', seq: 'ASC' },
    });
  }

  /** The waiting entry with a window first in queue order (window, check-in) at this gate and direction, if any. */
  nextToCall(direction: Direction): Promise<EntryRecord | null> {
    return this.em.findOne(QueueEntryEntity, {
      where: { gate: this.gate.code, direction, status: 'CHECKED_IN', windowStart: Not(IsNull()) },
      order: { windowStart: 'ASC', checkedInAt: 'ASC', seq: 'ASC' },
    });
  }

  /** How many waiting entries of its gate and direction come before `e` in queue order (window, check-in). */
  async waitingAhead(e: EntryRecord): Promise<number> {
    const [{ n }] = await this.em.query<CountRow[]>(
      `SELECT count(*)::int AS n FROM queue_entries WHERE gate = $1 AND direction = $2 AND status = 'CHECKED_IN' AND id <> $3
         AND (COALESCE(window_start, 'infinity'), checked_in_at, seq) < (COALESCE($4::timestamptz, 'infinity'), $5, $6)`,
      [e.gate, e.direction, e.id, e.windowStart, e.checkedInAt, e.seq],
    );
    return n;
  }

  /**
   * The waiting entries of `e`'s class without a penalty that were checked in before it (all of them for an
   * entry not inserted yet): whether one waits without a window, and the latest window one holds.
   */
  async classQueueBefore(
    e: EntryRecord,
    isNew: boolean,
  ): Promise<{ anyUnslotted: boolean; latestWindow: Date | null }> {
    const [row] = await this.em.query<ClassQueueRow[]>(
      classQueueSql(isNew),
      isNew
        ? [e.gate, e.direction, e.priorityClass]
        : [e.gate, e.direction, e.priorityClass, e.checkedInAt, e.seq, e.id],
    );
    return { anyUnslotted: row.waiting === true, latestWindow: row.floor };
  }

  /**
   * For an entry not inserted yet (a check-in), in one read: what `classQueueBefore` tells of its class, and the
   * lane's window usage from `from` on, as `usage` gives it.
   */
  async admission(e: EntryRecord, from: Date): Promise<Admission> {
    const [row] = await this.em.query<AdmissionRow[]>(
      `SELECT c.waiting, c.floor, u.starts, u.totals, u.generals
       FROM (${classQueueSql(true)}) c, (${usageArraysSql('$1', '$2', '$4')}) u`,
      [e.gate, e.direction, e.priorityClass, from],
    );
    return toAdmission(row);
  }

  /** Window usage rows from `from` on (past windows of the day included, for the daily cap). */
  async usage(direction: Direction, from: Date): Promise<WindowUsage[]> {
    const rows = await this.em.query<UsageRow[]>(
      `SELECT window_start, issued_total, issued_general FROM window_usage
        WHERE gate = $1 AND direction = $2 AND window_start >= $3`,
      [this.gate.code, direction, from],
    );
    return rows.map((r) => ({ start: r.window_start, issuedTotal: r.issued_total, issuedGeneral: r.issued_general }));
  }

  /**
   * Takes one place of `w` for class `cls`. The update is conditional and the table's CHECK constraints
   * refuse overbooking, so even a wrong decision upstream cannot exceed a window's capacity or a day's cap.
   */
  async takePlace(
    direction: Direction,
    w: SlotWindow,
    cls: PriorityClass,
    released: boolean,
    ds: DirectionSchedule,
  ): Promise<boolean> {
    const g = cls === 'GENERAL' ? 1 : 0;
    // One statement: create the window's row with this place, or take a place in it if one is free; and only
    // then count it in the day.
    const taken = returnedRows<TakenWindowRow>(
      await this.em.query(
        `WITH w AS (
           INSERT INTO window_usage AS u (gate, direction, window_start, window_end, capacity, reserved, issued_total, issued_general)
           VALUES ($1, $2, $3, $4, $5, $6, 1, $7)
           ON CONFLICT (gate, direction, window_start) DO UPDATE
             SET issued_total = u.issued_total + 1, issued_general = u.issued_general + $7,
                 capacity = EXCLUDED.capacity, reserved = EXCLUDED.reserved, window_end = EXCLUDED.window_end
             WHERE u.issued_total < EXCLUDED.capacity AND ($7 = 0 OR $8 OR u.issued_general < EXCLUDED.capacity - EXCLUDED.reserved)
           RETURNING window_start),
         d AS (
           INSERT INTO day_usage (gate, direction, day, cap, issued) SELECT $1, $2, $9, $10, 1 FROM w
           ON CONFLICT (gate, direction, day) DO UPDATE SET issued = day_usage.issued + 1,
             cap = CASE WHEN EXCLUDED.cap IS NULL THEN NULL ELSE GREATEST(EXCLUDED.cap, day_usage.issued + 1) END)
         SELECT window_start FROM w`,
        [this.gate.code, direction, w.start, w.end, w.capacity, w.reserved, g, released, w.day, dailyCapFor(w.day, ds)],
      ),
    );
    return taken.length > 0;
  }

  /** Gives back the place an entry held (on cancellation, no-show, or before a reflow re-issues it). */
  async releasePlace(
    direction: Direction,
    windowStart: Date,
    cls: PriorityClass,
    utcOffsetMinutes: number,
  ): Promise<void> {
    await this.em.query(
      `WITH w AS (
         UPDATE window_usage SET issued_total = issued_total - 1, issued_general = issued_general - $4
         WHERE gate = $1 AND direction = $2 AND window_start = $3)
       UPDATE day_usage SET issued = issued - 1 WHERE gate = $1 AND direction = $2 AND day = $5`,
      [this.gate.code, direction, windowStart, cls === 'GENERAL' ? 1 : 0, localDay(windowStart, utcOffsetMinutes)],
    );
  }

  /**
   * Sets the capacity of future windows from the (new) schedule; windows no longer in it get capacity 0. One
   * statement for all of them: it runs under the lanes' lock (every sweep re-slots every gate), and a statement per
   * window — 672 for a day-and-night gate over the horizon — held the lanes for seconds on a loaded machine.
   * `windows` all start at or after `from`. Rows already right are left alone (no new row version to write).
   */
  async resizeFutureWindows(direction: Direction, from: Date, windows: SlotWindow[]): Promise<void> {
    // Places already used by vehicles that do not move (called early, at the gate, gone) stay counted:
    // a window's capacity never drops below them, and no new place is issued there until it is under.
    await this.em.query(
      `UPDATE window_usage u
          SET capacity = n.capacity, reserved = n.reserved, window_end = n.window_end
         FROM (SELECT x.window_start, GREATEST(coalesce(w.capacity, 0), x.issued_total) AS capacity,
                      LEAST(coalesce(w.reserved, 0), GREATEST(coalesce(w.capacity, 0), x.issued_total)) AS reserved,
                      coalesce(w.window_end, x.window_end) AS window_end
                 FROM window_usage x
                 LEFT JOIN unnest($4::timestamptz[], $5::timestamptz[], $6::int[], $7::int[])
                        AS w(window_start, window_end, capacity, reserved) ON w.window_start = x.window_start
                WHERE x.gate = $1 AND x.direction = $2 AND x.window_start >= $3) n
        WHERE u.gate = $1 AND u.direction = $2 AND u.window_start = n.window_start
          AND (u.capacity, u.reserved, u.window_end) IS DISTINCT FROM (n.capacity, n.reserved, n.window_end)`,
      [
        this.gate.code,
        direction,
        from,
        windows.map((w) => w.start),
        windows.map((w) => w.end),
        windows.map((w) => w.capacity),
        windows.map((w) => w.reserved),
      ],
    );
  }

  /** Re-applies the daily caps in force to every day from `fromDay` on (one statement, as the windows above). */
  async refreshDayCaps(direction: Direction, fromDay: string, ds: DirectionSchedule): Promise<void> {
    const days = await this.em.find(DayUsageEntity, {
      select: { gate: true, direction: true, day: true },
      where: { gate: this.gate.code, direction, day: MoreThanOrEqual(fromDay) },
    });
    if (days.length === 0) return;
    // As for windows: a day's cap never drops below the places already used that day.
    await this.em.query(
      `UPDATE day_usage u SET cap = CASE WHEN c.cap IS NULL THEN NULL ELSE GREATEST(c.cap, u.issued) END
         FROM unnest($3::date[], $4::int[]) AS c(day, cap)
        WHERE u.gate = $1 AND u.direction = $2 AND u.day = c.day
          AND u.cap IS DISTINCT FROM CASE WHEN c.cap IS NULL THEN NULL ELSE GREATEST(c.cap, u.issued) END`,
      [this.gate.code, direction, days.map((d) => d.day), days.map((d) => dailyCapFor(d.day, ds))],
    );
  }

  /**
   * The end of a queue change, in one statement: the gate's next version (exactly one per committed change; it
   * takes the gate row's lock, which then orders the gate's changes until commit, so the lock is held for this
   * statement and the commit only), the fairness ledger's rows and the change's event, both stamped with it.
   * The event's `version` and `gateState.version` are written by the statement.
   */
  async commitChange(
    at: Date,
    orderChanges: readonly OrderChangeRow[],
    event: EventMap['queue.changed'],
  ): Promise<number> {
    const e = outboxRow('queue.changed', this.gate.code, event, at);
    const [{ version }] = await this.em.query<VersionRow[]>(
      `WITH v AS (UPDATE gates SET version = version + 1, updated_at = $2 WHERE code = $1 RETURNING version),
       ledger AS (
         INSERT INTO queue_order_changes (gate, direction, entry_id, plate, reason, window_before, window_after, position, version, at)
         SELECT $1, o.direction, o.entry_id, o.plate, o.reason, o.window_before, o.window_after, o.position, v.version, $2
         FROM v, unnest($3::text[], $4::uuid[], $5::text[], $6::text[], $7::timestamptz[], $8::timestamptz[], $9::int[])
           AS o (direction, entry_id, plate, reason, window_before, window_after, position)),
       event AS (
         INSERT INTO outbox (id, type, aggregate_id, payload, occurred_at, request_id)
         SELECT $10, $11, $1, jsonb_set(jsonb_set($12::jsonb, '{version}', to_jsonb(v.version)), '{gateState,version}', to_jsonb(v.version)), $2, $13
         FROM v)
       SELECT version FROM v`,
      [
        this.gate.code,
        at,
        orderChanges.map((o) => o.direction),
        orderChanges.map((o) => o.entryId),
        orderChanges.map((o) => o.plate),
        orderChanges.map((o) => o.reason),
        orderChanges.map((o) => o.windowBefore),
        orderChanges.map((o) => o.windowAfter),
        orderChanges.map((o) => o.position),
        e.id,
        e.type,
        e.payload,
        e.requestId,
      ],
    );
    this.gate.version = Number(version);
    return this.gate.version;
  }

  /** How many waiting entries of its gate and direction come after `e` in queue order. */
  async waitingBehind(e: EntryRecord): Promise<number> {
    const [{ n }] = await this.em.query<CountRow[]>(
      `SELECT count(*)::int AS n FROM queue_entries WHERE gate = $1 AND direction = $2 AND status = 'CHECKED_IN' AND id <> $3
         AND (COALESCE(window_start, 'infinity'), checked_in_at, seq) > (COALESCE($4::timestamptz, 'infinity'), $5, $6)`,
      [e.gate, e.direction, e.id, e.windowStart, e.checkedInAt, e.seq],
    );
    return n;
  }

  /** The lane as a call finds it: vehicles in the gate area and holds per agency, with the current window's places. */
  async laneConditions(
    direction: Direction,
    windowStart: Date | null,
    windowCapacity: number,
  ): Promise<CallConditions> {
    return { windowStart, windowCapacity, ...(await readGateArea(this.em, this.gate.code, direction)) };
  }

  /** An entry's audit trail, oldest first, as the delay attribution reads it. */
  async trail(entryId: string): Promise<TrailEvent[]> {
    const rows = await this.em.query<TrailRow[]>(
      'SELECT action, to_status, at, actor_role, context FROM queue_audit WHERE entry_id = $1 ORDER BY id',
      [entryId],
    );
    return rows.map(toTrailEvent);
  }

  /** The gate's suspensions from the one in force at `since` on. */
  async suspensionsSince(since: Date): Promise<SuspensionInterval[]> {
    const rows = await this.em.query<SuspensionRow[]>(`${SUSPENSIONS_SINCE} ORDER BY at, id`, [this.gate.code, since]);
    return toSuspensions(rows);
  }

  /** `trail(entryId)` and `suspensionsSince(since)` in one read. */
  history(entryId: string, since: Date): Promise<EntryHistory> {
    return readHistory(this.em, this.gate.code, entryId, since);
  }

  async recordDelays(rows: DelayRow[]): Promise<void> {
    if (rows.length) await this.em.insert(DelayAttributionEntity, rows);
  }

  async event<T extends 'queue.changed' | 'gate.updated'>(type: T, payload: EventMap[T], at: Date): Promise<void> {
    await writeEvent(this.em, type, this.gate.code, payload, at);
  }

  async updateGateSettings(s: {
    name: string;
    autoAccept: boolean;
    graceMinutes: number;
    noShowPenaltyMinutes: number;
    delayAttributionMinutes: number;
    callReachMinutes: number | null;
    yards: WaitingYard[];
  }): Promise<void> {
    await this.em.update(GateEntity, { code: this.gate.code }, s);
    Object.assign(this.gate, s);
  }

  async updateSchedule(direction: Direction, ds: DirectionSchedule): Promise<void> {
    await this.em.update(
      GateScheduleEntity,
      { gate: this.gate.code, direction },
      { schedule: ds.schedule, dailyCaps: ds.dailyCaps },
    );
    this.gate.schedules[direction] = ds;
  }

  async setSuspension(s: { from: Date; until: Date | null; reason: string } | null): Promise<void> {
    await this.em.update(
      GateEntity,
      { code: this.gate.code },
      { suspendedFrom: s?.from ?? null, suspendedUntil: s?.until ?? null, suspensionReason: s?.reason ?? null },
    );
    this.gate.suspension = s;
  }

  /** Records a change of the gate's settings, with the settings before and after and what it re-slotted. */
  async configAudit(
    action: string,
    change: object,
    actor: QueueActor,
    at: Date,
    outcome: { before: object; after: object; reslotted: number },
  ): Promise<void> {
    await this.em.insert(GateConfigAuditEntity, {
      gate: this.gate.code,
      action,
      change,
      actorId: actor.id,
      actorRole: actor.role,
      console: actor.console,
      at,
      ...outcome,
    });
  }
}

/** A vehicle's data as the declaration service's events carry it, for the yard's copy. */
export type ReplicaUpdate = ReplicaVehicle & { declarationId: string; firmId: string; version: number };

/** The yard's copy of a vehicle as its declaration's acceptance (or amendment) describes it. */
export function acceptedCopy(v: VehicleSnapshot): ReplicaUpdate {
  return {
    vehicleId: v.vehicleId,
    declarationId: v.declarationId,
    firmId: v.firmId,
    gate: v.gate,
    direction: v.direction,
    plateKey: v.plateKey,
    status: 'ACCEPTED',
    snapshot: v,
    version: v.version,
  };
}

/** The unit of work that applies one declaration event to the yard's copies of vehicles. */
export class VehicleReplicasTx {
  constructor(private readonly em: EntityManager) {}

  /** The vehicles of a declaration the yard holds as accepted. */
  async acceptedOf(declarationId: string): Promise<string[]> {
    const rows = await this.em.find(VehicleEntity, {
      select: { vehicleId: true },
      where: { declarationId, status: 'ACCEPTED' },
    });
    return rows.map((r) => r.vehicleId);
  }

  /**
   * Writes a vehicle's copy unless the yard already holds a newer version of its declaration, or withdrew it
   * (a cancelled declaration or a removed vehicle never comes back; see VehicleHandoffService).
   */
  async upsert(v: ReplicaUpdate, at: Date): Promise<void> {
    await this.em.query(
      `INSERT INTO vehicles (vehicle_id, declaration_id, firm_id, gate, direction, plate_key, snapshot, status, declaration_version, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (vehicle_id) DO UPDATE SET plate_key = EXCLUDED.plate_key, snapshot = EXCLUDED.snapshot, status = EXCLUDED.status,
         declaration_version = EXCLUDED.declaration_version, updated_at = EXCLUDED.updated_at
       WHERE vehicles.declaration_version <= EXCLUDED.declaration_version AND vehicles.status <> 'WITHDRAWN'`,
      [
        v.vehicleId,
        v.declarationId,
        v.firmId,
        v.gate,
        v.direction,
        v.plateKey,
        JSON.stringify(v.snapshot),
        v.status,
        v.version,
        at,
      ],
    );
  }

  /** The yard's copy of a user's token version: tokens below it are refused by every yard-queue process. */
  async revokeTokens(userId: string, tokenVersion: number, at: Date): Promise<void> {
    await recordTokenVersion(this.em, YARD_QUEUE_DB, userId, tokenVersion, at);
  }

  async withdraw(vehicleIds: string[], at: Date): Promise<void> {
    if (vehicleIds.length === 0) return;
    await this.em.update(VehicleEntity, { vehicleId: In(vehicleIds) }, { status: 'WITHDRAWN', updatedAt: at });
  }
}

/**
 * What `queue_act` and `queue_call` take of a decision: the gate settings to check, the entry as read, the audit row,
 * the delays and the event.
 */
function actionPayload(d: ActionDecision) {
  const { gate, entry: e, audit: a } = d;
  const event = outboxRow('queue.changed', gate.code, d.event, a.at);
  return {
    gate: gate.code,
    direction: e.direction,
    now: a.at,
    guard: {
      suspendedFrom: gate.suspension?.from ?? null,
      suspendedUntil: gate.suspension?.until ?? null,
      suspensionReason: gate.suspension?.reason ?? null,
      name: gate.name,
      callReachMinutes: gate.callReachMinutes,
      delayAttributionMinutes: gate.delayAttributionMinutes,
    },
    seen: d.seen,
    audit: {
      action: a.action,
      from: a.from ?? null,
      to: a.to ?? null,
      actorId: a.actor.id,
      actorRole: a.actor.role,
      console: a.actor.console,
      note: a.note ?? null,
      context: a.context ?? null,
    },
    delays: d.delays.map((r) => ({
      firm_id: r.firmId,
      segment: r.segment,
      started_at: r.startedAt,
      ended_at: r.endedAt,
      minutes: r.minutes,
      party: r.party,
      agency: r.agency,
      reason: r.reason,
      reason_params: r.reasonParams,
      no_show_waived: r.noShowWaived,
    })),
    event: { id: event.id, payload: d.event, requestId: event.requestId },
  };
}

@Injectable()
export class QueueRepository {
  constructor(@InjectDataSource(YARD_QUEUE_DB) private readonly ds: DataSource) {}

  /**
   * Runs `work` with the schedules of `directions` locked (see QueueTx); null when the gate does not exist.
   * The gate is read after the lock is granted, so it reflects every change that committed before.
   */
  async withGate<T>(
    code: string,
    directions: readonly Direction[],
    work: (tx: QueueTx) => Promise<T>,
    o: { nowait?: boolean; shared?: boolean } = {},
  ): Promise<T | null> {
    return inTransaction(this.ds, async (em) => {
      // In direction order (EXPORT, IMPORT): every change locks its lanes the same way. NOWAIT: a change that can
      // wait for a quieter moment fails at once (PG_LOCK_NOT_AVAILABLE) rather than join the queue for the lanes.
      // Shared: a change that neither issues nor frees places nor moves a waiting entry (see `SHARED_ACTIONS`) runs
      // beside others of its kind, each under its entry's own lock, and excludes only those that do.
      const locked = await em.query<LaneRow[]>(
        `SELECT gate, direction FROM gate_schedules WHERE gate = $1 AND direction = ANY($2) ORDER BY direction FOR ${o.shared ? 'SHARE' : 'UPDATE'}${o.nowait ? ' NOWAIT' : ''}`,
        [code, [...directions]],
      );
      if (locked.length === 0) return null;
      const gate = await loadGate(em, code);
      if (!gate) return null;
      return work(new QueueTx(em, gate));
    });
  }

  /**
   * For a check-in decided without a lock, in one read that locks nothing: the vehicle's copies as `QueueTx.replicas`
   * gives them, each copy at `gate` with what `QueueTx.admission` tells of its class and lane (usage from `from` of its
   * direction). What it reads may move before the check-in is filed: `fileCheckIn` checks it again.
   */
  async checkInReads(
    by: VehicleKey,
    gate: string,
    from: Record<Direction, Date>,
  ): Promise<(ReplicaWithLastEntry & { admission: Admission | null })[]> {
    const lane = { gate: 'v.gate', direction: 'v.direction', cls: "v.snapshot->>'priorityClass'" };
    const more = {
      columns: ', c.waiting, c.floor, u.starts, u.totals, u.generals',
      joins: `
       LEFT JOIN LATERAL (${classQueueSql(true, lane)}) c ON v.gate = $2
       LEFT JOIN LATERAL (${usageArraysSql('v.gate', 'v.direction', "CASE v.direction WHEN 'EXPORT' THEN $3::timestamptz ELSE $4::timestamptz END")}) u ON v.gate = $2`,
    };
    const rows = await this.ds.query<(ReplicaRow & AdmissionRow)[]>(replicasSql(by, more), [
      'plateKey' in by ? by.plateKey : by.vehicleId,
      gate,
      from.EXPORT,
      from.IMPORT,
    ]);
    return rows.map((r) => ({ ...toReplica(r), admission: r.gate === gate ? toAdmission(r) : null }));
  }

  /**
   * Files a check-in decided from unlocked reads in one statement (`queue_check_in`, see its migration), which holds
   * the lane only while it runs and files it only if the decision still holds; otherwise it writes nothing and names
   * what moved. `event` is the change's event with the gate's version, the window and the position still to be stamped.
   */
  async fileCheckIn(
    c: CheckInDecision,
  ): Promise<{ seq: number; version: number; position: number; window: SlotWindow } | { stale: string }> {
    const { gate, entry: e } = c;
    const ds = gate.schedules[e.direction];
    const event = outboxRow('queue.changed', gate.code, c.event, e.checkedInAt);
    const p = {
      gate: gate.code,
      direction: e.direction,
      class: e.priorityClass,
      now: e.checkedInAt,
      windows: c.windows.map(({ window: w, released }) => ({
        start: w.start,
        end: w.end,
        capacity: w.capacity,
        reserved: w.reserved,
        released,
        day: w.day,
        dayCap: dailyCapFor(w.day, ds),
      })),
      guard: {
        schedule: ds.schedule,
        dailyCaps: ds.dailyCaps,
        suspendedFrom: gate.suspension?.from ?? null,
        suspendedUntil: gate.suspension?.until ?? null,
        suspensionReason: gate.suspension?.reason ?? null,
        name: gate.name,
        callReachMinutes: gate.callReachMinutes,
      },
      entry: {
        id: e.id,
        vehicleId: e.vehicleId,
        plateKey: e.plateKey,
        snapshot: e.snapshot,
        checkedInBy: e.checkedInBy,
        quarantineRequired: e.quarantineRequired,
      },
      audit: { actorId: c.actor.id, actorRole: c.actor.role, console: c.actor.console },
      ledger: c.ledger,
      event: { id: event.id, payload: c.event, requestId: event.requestId },
    };
    const [{ r }] = await this.ds.query<{ r: FiledCheckInRow | { stale: string } }[]>(
      'SELECT queue_check_in($1::jsonb) AS r',
      [JSON.stringify(p)],
    );
    if ('stale' in r) return r;
    const taken = c.windows.find((w) => w.window.start.toISOString() === r.window);
    if (!taken) throw new Error(`the check-in took ${r.window}, a window it was not given`);
    return { seq: Number(r.seq), version: Number(r.version), position: r.position, window: taken.window };
  }

  /** For a gate action decided without a lock: the entry and its history, in one read that locks nothing. */
  async actionReads(entryId: string): Promise<{ entry: EntryRecord; seen: EntrySeen; history: EntryHistory } | null> {
    return this.entryRead({ entryId }, false);
  }

  /**
   * For a call decided without a lock: the waiting entry named (or the next with a window in queue order at a lane),
   * its history and the lane's gate area, in one read that locks nothing.
   */
  async callReads(
    by: { entryId: string } | { gate: string; direction: Direction },
  ): Promise<{ entry: EntryRecord; seen: EntrySeen; history: EntryHistory; area: GateArea } | null> {
    const read = await this.entryRead(by, true);
    return read && { ...read, area: read.area! };
  }

  /** An entry with its trail, its gate's suspensions since its check-in and, for a call, its lane's gate area. */
  private async entryRead(by: { entryId: string } | { gate: string; direction: Direction }, withArea: boolean) {
    const qb = this.ds.manager
      .createQueryBuilder(QueueEntryEntity, 'e')
      .addSelect(
        `(SELECT json_agg(json_build_object('id', a.id, 'action', a.action, 'to_status', a.to_status, 'at', a.at,
           'actor_role', a.actor_role, 'context', a.context) ORDER BY a.id) FROM queue_audit a WHERE a.entry_id = e.id)`,
        'trail',
      )
      .addSelect(
        `(SELECT json_agg(json_build_object('action', s.action, 'at', s.at, 'until', s.until) ORDER BY s.at, s.id)
           FROM (${suspensionsSinceSql('e.gate', 'e.checked_in_at')}) s)`,
        'suspensions',
      );
    if (withArea) qb.addSelect(`(SELECT json_agg(g) FROM (${gateAreaSql('e.gate', 'e.direction')}) g)`, 'area');
    if ('entryId' in by) qb.where('e.id = :id', { id: by.entryId });
    else
      qb.where(
        "e.gate = :gate AND e.direction = :direction AND e.status = 'CHECKED_IN' AND e.window_start IS NOT NULL",
        by,
      )
        .orderBy('e.window_start', 'ASC')
        .addOrderBy('e.checked_in_at', 'ASC')
        .addOrderBy('e.seq', 'ASC')
        .limit(1);
    const { entities, raw } = await qb.getRawAndEntities<{
      trail: (Omit<TrailRow, 'at'> & { id: number; at: string })[] | null;
      suspensions: (Omit<SuspensionRow, 'at'> & { at: string })[] | null;
      area: { status: string; held_by: string | null }[] | null;
    }>();
    const [row] = entities;
    if (!row) return null;
    const trail = raw[0].trail ?? [];
    const history: EntryHistory = {
      trail: trail.map((t) => toTrailEvent({ ...t, at: new Date(t.at) })),
      suspensions: toSuspensions((raw[0].suspensions ?? []).map((r) => ({ ...r, at: new Date(r.at) }))),
      lastAudit: trail.length ? Number(trail[trail.length - 1].id) : 0,
    };
    const seen = {
      status: row.status,
      confirmations: row.confirmations,
      callUnreachedAt: row.callUnreachedAt,
      updatedAt: row.updatedAt,
      lastAudit: history.lastAudit,
    };
    return { entry: row as EntryRecord, seen, history, area: withArea ? toGateArea(raw[0].area ?? []) : null };
  }

  /**
   * Files a gate action decided from unlocked reads in one statement (`queue_act`, see its migration), if the entry
   * and the gate settings it was decided on have not moved; otherwise writes nothing and names what moved.
   */
  fileAction(d: ActionDecision): Promise<{ version: number } | { stale: string }> {
    const e = d.entry;
    return this.file('queue_act', {
      ...actionPayload(d),
      entry: {
        id: e.id,
        status: e.status,
        confirmations: e.confirmations,
        heldBy: e.heldBy,
        arrivedAt: e.arrivedAt,
        clearedAt: e.clearedAt,
        closedAt: e.closedAt,
      },
    });
  }

  /** Files a call decided from unlocked reads in one statement (`queue_call`, see its migration), as `fileAction`. */
  fileCall(d: CallDecision): Promise<{ version: number } | { stale: string }> {
    const { gate, entry: e } = d;
    const p = actionPayload(d);
    return this.file('queue_call', {
      ...p,
      guard: { ...p.guard, schedule: gate.schedules[e.direction].schedule, graceMinutes: gate.graceMinutes },
      next: d.next,
      lane: {
        inGateArea: d.area.inGateArea,
        heldByCustoms: d.area.held.CUSTOMS ?? 0,
        heldByBorderGuard: d.area.held.BORDER_GUARD ?? 0,
      },
      entry: { id: e.id, status: e.status, calledAt: e.calledAt, callDeadline: e.callDeadline },
    });
  }

  private async file(fn: 'queue_act' | 'queue_call', p: object): Promise<{ version: number } | { stale: string }> {
    const [{ r }] = await this.ds.query<{ r: { version: string } | { stale: string } }[]>(
      `SELECT ${fn}($1::jsonb) AS r`,
      [JSON.stringify(p)],
    );
    return 'stale' in r ? r : { version: Number(r.version) };
  }

  /**
   * Runs `work` exactly as `withGate` would, then rolls the transaction back: what a change would do, computed by
   * the change's own code on the current state, with nothing kept. Null when the gate does not exist.
   */
  async dryRun<T>(
    code: string,
    directions: readonly Direction[],
    work: (tx: QueueTx) => Promise<T>,
  ): Promise<T | null> {
    const rollback = new Error('dry run: rolled back');
    let result: T | null = null;
    try {
      await this.withGate(code, directions, async (tx) => {
        result = await work(tx);
        throw rollback;
      });
    } catch (e) {
      if (e !== rollback) throw e;
    }
    return result;
  }

  /** The latest changes of a gate's settings, newest first. */
  gateHistory(code: string, limit: number): Promise<GateConfigAuditEntity[]> {
    return this.ds.manager.find(GateConfigAuditEntity, {
      where: { gate: code },
      order: { at: 'DESC', id: 'DESC' },
      take: limit,
    });
  }

  /**
   * Writes copies of accepted vehicles fetched ahead of their event (version-guarded like the event itself, which
   * then changes nothing; a withdrawn copy stays withdrawn).
   */
  saveAcceptedCopies(vs: VehicleSnapshot[], at: Date): Promise<void> {
    return inTransaction(this.ds, async (em) => {
      const copies = new VehicleReplicasTx(em);
      for (const v of vs) await copies.upsert(acceptedCopy(v), at);
    });
  }

  /**
   * Applies a delivered batch of declaration events to the yard's copies of vehicles, each once and in order, in one
   * transaction (the inbox records them in it).
   */
  consumeBatch(
    events: AnyEventEnvelope[],
    work: (tx: VehicleReplicasTx, event: AnyEventEnvelope) => Promise<void>,
  ): Promise<number> {
    return consumeBatchOnce(this.ds, events, async (em, fresh) => {
      for (const event of fresh) await inEventContext(event, () => work(new VehicleReplicasTx(em), event));
    });
  }

  gate(code: string): Promise<GateRecord | null> {
    return loadGate(this.ds.manager, code);
  }

  /** Where a vehicle with this plate key or id is declared (gate and direction never change after acceptance). */
  async vehicleLane(by: VehicleKey, gate: string): Promise<{ gate: string; direction: Direction } | null> {
    // A plate declared at both gates: the copy at the gate checking it in comes first.
    const [v] = await this.ds.query<LaneRow[]>(
      `SELECT gate, direction FROM vehicles WHERE ${'plateKey' in by ? 'plate_key' : 'vehicle_id'} = $1
        ORDER BY (status = 'ACCEPTED') DESC, (gate = $2) DESC, updated_at DESC LIMIT 1`,
      ['plateKey' in by ? by.plateKey : by.vehicleId, gate],
    );
    return v ? { gate: v.gate, direction: v.direction } : null;
  }

  /** The truck's live place at any gate, read outside any change (to explain a refused check-in). */
  liveBookingOf(plateKey: string): Promise<LiveBooking | null> {
    return findLiveBooking(this.ds.manager, plateKey);
  }

  async gateCodes(): Promise<string[]> {
    const rows = await this.ds.manager.find(GateEntity, { select: { code: true }, order: { code: 'ASC' } });
    return rows.map((r) => r.code);
  }

  async laneOfEntry(id: string): Promise<{ gate: string; direction: Direction } | null> {
    const e = await this.ds.manager.findOne(QueueEntryEntity, {
      select: { id: true, gate: true, direction: true },
      where: { id },
    });
    return e ? { gate: e.gate, direction: e.direction } : null;
  }

  entry(id: string): Promise<EntryRecord | null> {
    return this.ds.manager.findOneBy(QueueEntryEntity, { id });
  }

  /** Active entries of a gate (optionally one direction), for the consoles. */
  activeEntries(gate: string, direction?: Direction): Promise<EntryRecord[]> {
    return this.ds.manager.find(QueueEntryEntity, {
      where: { gate, status: In([...ACTIVE_QUEUE_STATES]), ...(direction ? { direction } : {}) },
      order: { checkedInAt: 'ASC', seq: 'ASC' },
    });
  }

  /** When vehicles of a gate and direction were called recently: the measured throughput. */
  /** Waiting vehicles and the longest wait per gate and direction, for the metrics. */
  async queueStats(
    now: Date,
  ): Promise<{ gate: string; direction: Direction; waiting: number; oldestWaitSeconds: number }[]> {
    const rows = await this.ds.query<QueueStatsRow[]>(
      `SELECT s.gate, s.direction, count(e.id)::int AS waiting, min(e.checked_in_at) AS oldest
       FROM gate_schedules s LEFT JOIN queue_entries e ON e.gate = s.gate AND e.direction = s.direction AND e.status = 'CHECKED_IN'
       GROUP BY s.gate, s.direction`,
    );
    return rows.map((r) => ({
      gate: r.gate,
      direction: r.direction,
      waiting: r.waiting,
      oldestWaitSeconds: r.oldest ? Math.max(0, (now.getTime() - r.oldest.getTime()) / 1000) : 0,
    }));
  }

  /** Called entries whose grace period is over (candidates for an automatic no-show). */
  async overdueCalls(now: Date): Promise<{ id: string; gate: string; direction: Direction }[]> {
    const rows = await this.ds.manager.find(QueueEntryEntity, {
      select: { id: true, gate: true, direction: true },
      where: { status: 'CALLED', callDeadline: LessThan(now) },
      order: { callDeadline: 'ASC' },
      take: 500,
    });
    return rows.map((r) => ({ id: r.id, gate: r.gate, direction: r.direction }));
  }
}
