import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { inTransaction, returnedRows } from '#libs/database/src/index.js';
import {
  ACTIVE_QUEUE_STATES,
  dailyCapFor,
  type Direction,
  localDay,
  type PriorityClass,
  type SlotWindow,
  type WindowUsage,
} from '#libs/domain/src/index.js';
import { type EventMap, writeEvent } from '#libs/events/src/index.js';
import { YARD_QUEUE_DB } from '../database/yard-queue-database.js';
import type { DirectionSchedule, EntryRecord, GateRecord, QueueActor, ReplicaVehicle } from './queue.types.js';

interface GateRow {
  code: string;
  name: string;
  version: string;
  auto_accept: boolean;
  grace_minutes: number;
  no_show_penalty_minutes: number;
  suspended_from: Date | null;
  suspended_until: Date | null;
  suspension_reason: string | null;
}

const ENTRY_COLUMNS = `id, seq, vehicle_id, gate, direction, priority_class, status, snapshot, checked_in_at, window_start, window_end,
  not_before, no_show_count, quarantine_required, confirmations, called_at, call_deadline, arrived_at, cleared_at, closed_at`;

export function toEntry(r: Record<string, unknown>): EntryRecord {
  return {
    id: r.id as string,
    seq: Number(r.seq),
    vehicleId: r.vehicle_id as string,
    gate: r.gate as string,
    direction: r.direction as Direction,
    priorityClass: r.priority_class as PriorityClass,
    status: r.status as string,
    snapshot: r.snapshot as EntryRecord['snapshot'],
    checkedInAt: r.checked_in_at as Date,
    windowStart: (r.window_start as Date | null) ?? null,
    windowEnd: (r.window_end as Date | null) ?? null,
    notBefore: (r.not_before as Date | null) ?? null,
    noShowCount: r.no_show_count as number,
    quarantineRequired: r.quarantine_required as boolean,
    confirmations: (r.confirmations as EntryRecord['confirmations']) ?? {},
    calledAt: (r.called_at as Date | null) ?? null,
    callDeadline: (r.call_deadline as Date | null) ?? null,
    arrivedAt: (r.arrived_at as Date | null) ?? null,
    clearedAt: (r.cleared_at as Date | null) ?? null,
    closedAt: (r.closed_at as Date | null) ?? null,
  };
}

async function loadGate(em: EntityManager, code: string): Promise<GateRecord | null> {
  const rows: GateRow[] = await em.query('SELECT * FROM gates WHERE code = $1', [code]);
  const g = rows[0];
  if (!g) return null;
  const sched: { direction: Direction; schedule: DirectionSchedule['schedule']; daily_caps: Record<string, number> }[] =
    await em.query('SELECT direction, schedule, daily_caps FROM gate_schedules WHERE gate = $1', [code]);
  const schedules = Object.fromEntries(
    sched.map((s) => [s.direction, { schedule: s.schedule, dailyCaps: s.daily_caps }]),
  ) as GateRecord['schedules'];
  return {
    code: g.code,
    name: g.name,
    version: Number(g.version),
    autoAccept: g.auto_accept,
    graceMinutes: g.grace_minutes,
    noShowPenaltyMinutes: g.no_show_penalty_minutes,
    suspension: g.suspended_from
      ? { from: g.suspended_from, until: g.suspended_until, reason: g.suspension_reason ?? '' }
      : null,
    schedules,
  };
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
  constructor(
    readonly em: EntityManager,
    readonly gate: GateRecord,
  ) {}

  /** The yard's copies of a vehicle (by plate key or id), each with its active queue entry if any. */
  /**
   * The yard's copies of a vehicle (by plate key or id), each with the status of its latest queue entry:
   * active, closed for good (crossed, turned back, cancelled) or NO_SHOW (back to accepted).
   */
  async replicas(
    by: { plateKey: string } | { vehicleId: string },
  ): Promise<(ReplicaVehicle & { last: { status: string; windowStart: Date | null } | null })[]> {
    const rows = await this.em.query(
      `SELECT v.*, e.status AS last_status, e.window_start AS last_window FROM vehicles v
       LEFT JOIN LATERAL (SELECT status, window_start FROM queue_entries q WHERE q.vehicle_id = v.vehicle_id ORDER BY q.seq DESC LIMIT 1) e ON true
       WHERE ${'plateKey' in by ? 'v.plate_key' : 'v.vehicle_id'} = $1 ORDER BY v.updated_at DESC`,
      ['plateKey' in by ? by.plateKey : by.vehicleId],
    );
    return rows.map((r: Record<string, unknown>) => ({
      ...toReplica(r),
      last: r.last_status
        ? { status: r.last_status as string, windowStart: (r.last_window as Date | null) ?? null }
        : null,
    }));
  }

  async entry(id: string): Promise<EntryRecord | null> {
    const rows = await this.em.query(
      `SELECT ${ENTRY_COLUMNS} FROM queue_entries WHERE id = $1 AND gate = $2 FOR UPDATE`,
      [id, this.gate.code],
    );
    return rows[0] ? toEntry(rows[0]) : null;
  }

  async insertEntry(e: EntryRecord & { checkedInBy: string | null }, at: Date): Promise<EntryRecord> {
    const rows = await this.em.query(
      `INSERT INTO queue_entries (id, vehicle_id, gate, direction, priority_class, status, snapshot, checked_in_at, checked_in_by, window_start, window_end,
         not_before, no_show_count, quarantine_required, confirmations, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING ${ENTRY_COLUMNS}`,
      [
        e.id,
        e.vehicleId,
        e.gate,
        e.direction,
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
      ],
    );
    return toEntry(rows[0]);
  }

  /** Writes the changed fields of an entry (status, window, times, confirmations). */
  async saveEntry(e: EntryRecord, at: Date): Promise<void> {
    await this.em.query(
      `UPDATE queue_entries SET status = $2, window_start = $3, window_end = $4, not_before = $5, no_show_count = $6, confirmations = $7,
         called_at = $8, call_deadline = $9, arrived_at = $10, cleared_at = $11, closed_at = $12, updated_at = $13 WHERE id = $1`,
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
        e.arrivedAt,
        e.clearedAt,
        e.closedAt,
        at,
      ],
    );
  }

  /** Entries waiting to be called (CHECKED_IN) at this gate and direction, in check-in order, locked. */
  async waitingEntries(direction: Direction): Promise<EntryRecord[]> {
    const rows = await this.em.query(
      `SELECT ${ENTRY_COLUMNS} FROM queue_entries WHERE gate = $1 AND direction = $2 AND status = 'CHECKED_IN' ORDER BY checked_in_at, seq FOR UPDATE`,
      [this.gate.code, direction],
    );
    return rows.map(toEntry);
  }

  /** Window usage rows from `from` on (past windows of the day included, for the daily cap). */
  async usage(direction: Direction, from: Date): Promise<WindowUsage[]> {
    const rows: { window_start: Date; issued_total: number; issued_general: number }[] = await this.em.query(
      'SELECT window_start, issued_total, issued_general FROM window_usage WHERE gate = $1 AND direction = $2 AND window_start >= $3',
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
    // One statement: create the window's row with this place, or take a place in it if one is free.
    const taken = returnedRows(
      await this.em.query(
        `INSERT INTO window_usage AS u (gate, direction, window_start, window_end, capacity, reserved, issued_total, issued_general)
         VALUES ($1, $2, $3, $4, $5, $6, 1, $7)
         ON CONFLICT (gate, direction, window_start) DO UPDATE
           SET issued_total = u.issued_total + 1, issued_general = u.issued_general + $7,
               capacity = EXCLUDED.capacity, reserved = EXCLUDED.reserved, window_end = EXCLUDED.window_end
           WHERE u.issued_total < EXCLUDED.capacity AND ($7 = 0 OR $8 OR u.issued_general < EXCLUDED.capacity - EXCLUDED.reserved)
         RETURNING window_start`,
        [this.gate.code, direction, w.start, w.end, w.capacity, w.reserved, g, released],
      ),
    );
    if (taken.length === 0) return false;
    const cap = dailyCapFor(w.day, ds);
    await this.em.query(
      `INSERT INTO day_usage (gate, direction, day, cap, issued) VALUES ($1, $2, $3, $4, 1)
       ON CONFLICT (gate, direction, day) DO UPDATE SET issued = day_usage.issued + 1,
         cap = CASE WHEN EXCLUDED.cap IS NULL THEN NULL ELSE GREATEST(EXCLUDED.cap, day_usage.issued + 1) END`,
      [this.gate.code, direction, w.day, cap],
    );
    return true;
  }

  /** Gives back the place an entry held (on cancellation, no-show, or before a reflow re-issues it). */
  async releasePlace(
    direction: Direction,
    windowStart: Date,
    cls: PriorityClass,
    utcOffsetMinutes: number,
  ): Promise<void> {
    const g = cls === 'GENERAL' ? 1 : 0;
    await this.em.query(
      `UPDATE window_usage SET issued_total = issued_total - 1, issued_general = issued_general - $4 WHERE gate = $1 AND direction = $2 AND window_start = $3`,
      [this.gate.code, direction, windowStart, g],
    );
    await this.em.query(`UPDATE day_usage SET issued = issued - 1 WHERE gate = $1 AND direction = $2 AND day = $3`, [
      this.gate.code,
      direction,
      localDay(windowStart, utcOffsetMinutes),
    ]);
  }

  /** Sets the capacity of future windows from the (new) schedule; windows no longer in it get capacity 0. */
  async resizeFutureWindows(direction: Direction, from: Date, windows: SlotWindow[]): Promise<void> {
    await this.em.query(
      `UPDATE window_usage SET capacity = issued_total, reserved = 0 WHERE gate = $1 AND direction = $2 AND window_start >= $3`,
      [this.gate.code, direction, from],
    );
    // Places already used by vehicles that do not move (called early, at the gate, gone) stay counted:
    // a window's capacity never drops below them, and no new place is issued there until it is under.
    for (const w of windows) {
      await this.em.query(
        `UPDATE window_usage SET capacity = GREATEST($4, issued_total), reserved = LEAST($5, GREATEST($4, issued_total)), window_end = $6
         WHERE gate = $1 AND direction = $2 AND window_start = $3`,
        [this.gate.code, direction, w.start, w.capacity, w.reserved, w.end],
      );
    }
  }

  /** Re-applies the daily caps in force to every day from `fromDay` on. */
  async refreshDayCaps(direction: Direction, fromDay: string, ds: DirectionSchedule): Promise<void> {
    const days: { day: string }[] = await this.em.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day FROM day_usage WHERE gate = $1 AND direction = $2 AND day >= $3`,
      [this.gate.code, direction, fromDay],
    );
    // As for windows: a day's cap never drops below the places already used that day.
    for (const { day } of days) {
      await this.em.query(
        'UPDATE day_usage SET cap = CASE WHEN $4::int IS NULL THEN NULL ELSE GREATEST($4::int, issued) END WHERE gate = $1 AND direction = $2 AND day = $3',
        [this.gate.code, direction, day, dailyCapFor(day, ds)],
      );
    }
  }

  /** Next version of the gate: exactly one per committed change. */
  async bumpVersion(at: Date): Promise<number> {
    const [{ version }] = returnedRows<{ version: string }>(
      await this.em.query('UPDATE gates SET version = version + 1, updated_at = $2 WHERE code = $1 RETURNING version', [
        this.gate.code,
        at,
      ]),
    );
    this.gate.version = Number(version);
    return this.gate.version;
  }

  async audit(a: {
    entryId: string | null;
    action: string;
    from?: string | null;
    to?: string | null;
    actor: QueueActor;
    note?: string | null;
    at: Date;
  }): Promise<void> {
    await this.em.query(
      `INSERT INTO queue_audit (entry_id, gate, action, from_status, to_status, actor_id, actor_role, console, note, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        a.entryId,
        this.gate.code,
        a.action,
        a.from ?? null,
        a.to ?? null,
        a.actor.id,
        a.actor.role,
        a.actor.console,
        a.note ?? null,
        a.at,
      ],
    );
  }

  async event<T extends 'queue.changed' | 'gate.updated'>(type: T, payload: EventMap[T], at: Date): Promise<void> {
    await writeEvent(this.em, type, this.gate.code, payload, at);
  }

  async updateGateSettings(s: {
    name: string;
    autoAccept: boolean;
    graceMinutes: number;
    noShowPenaltyMinutes: number;
  }): Promise<void> {
    await this.em.query(
      'UPDATE gates SET name = $2, auto_accept = $3, grace_minutes = $4, no_show_penalty_minutes = $5 WHERE code = $1',
      [this.gate.code, s.name, s.autoAccept, s.graceMinutes, s.noShowPenaltyMinutes],
    );
    Object.assign(this.gate, s);
  }

  async updateSchedule(direction: Direction, ds: DirectionSchedule): Promise<void> {
    await this.em.query('UPDATE gate_schedules SET schedule = $3, daily_caps = $4 WHERE gate = $1 AND direction = $2', [
      this.gate.code,
      direction,
      JSON.stringify(ds.schedule),
      JSON.stringify(ds.dailyCaps),
    ]);
    this.gate.schedules[direction] = ds;
  }

  async setSuspension(s: { from: Date; until: Date | null; reason: string } | null): Promise<void> {
    await this.em.query(
      'UPDATE gates SET suspended_from = $2, suspended_until = $3, suspension_reason = $4 WHERE code = $1',
      [this.gate.code, s?.from ?? null, s?.until ?? null, s?.reason ?? null],
    );
    this.gate.suspension = s;
  }

  async configAudit(action: string, change: unknown, actor: QueueActor, at: Date): Promise<void> {
    await this.em.query(
      `INSERT INTO gate_config_audit (gate, action, change, actor_id, actor_role, console, at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [this.gate.code, action, JSON.stringify(change), actor.id, actor.role, actor.console, at],
    );
  }
}

function toReplica(r: Record<string, unknown>): ReplicaVehicle {
  return {
    vehicleId: r.vehicle_id as string,
    gate: r.gate as string,
    direction: r.direction as Direction,
    plateKey: r.plate_key as string,
    status: r.status as ReplicaVehicle['status'],
    snapshot: r.snapshot as ReplicaVehicle['snapshot'],
  };
}

@Injectable()
export class QueueRepository {
  constructor(@InjectDataSource(YARD_QUEUE_DB) readonly ds: DataSource) {}

  /**
   * Runs `work` with the schedules of `directions` locked (see QueueTx); null when the gate does not exist.
   * The gate is read after the lock is granted, so it reflects every change that committed before.
   */
  async withGate<T>(
    code: string,
    directions: readonly Direction[],
    work: (tx: QueueTx) => Promise<T>,
  ): Promise<T | null> {
    return inTransaction(this.ds, async (em) => {
      const locked: unknown[] = await em.query(
        'SELECT direction FROM gate_schedules WHERE gate = $1 AND direction = ANY($2) ORDER BY direction FOR UPDATE',
        [code, [...directions]],
      );
      if (locked.length === 0) return null;
      const gate = await loadGate(em, code);
      if (!gate) return null;
      return work(new QueueTx(em, gate));
    });
  }

  gate(code: string): Promise<GateRecord | null> {
    return loadGate(this.ds.manager, code);
  }

  /** Where a vehicle with this plate key or id is declared (gate and direction never change after acceptance). */
  async vehicleLane(
    by: { plateKey: string } | { vehicleId: string },
  ): Promise<{ gate: string; direction: Direction } | null> {
    const rows: { gate: string; direction: Direction }[] = await this.ds.query(
      `SELECT gate, direction FROM vehicles WHERE ${'plateKey' in by ? 'plate_key' : 'vehicle_id'} = $1 ORDER BY (status = 'ACCEPTED') DESC, updated_at DESC LIMIT 1`,
      ['plateKey' in by ? by.plateKey : by.vehicleId],
    );
    return rows[0] ?? null;
  }

  async gateCodes(): Promise<string[]> {
    return (await this.ds.query('SELECT code FROM gates ORDER BY code')).map((r: { code: string }) => r.code);
  }

  async laneOfEntry(id: string): Promise<{ gate: string; direction: Direction } | null> {
    const rows: { gate: string; direction: Direction }[] = await this.ds.query(
      'SELECT gate, direction FROM queue_entries WHERE id = $1',
      [id],
    );
    return rows[0] ?? null;
  }

  async entry(id: string): Promise<EntryRecord | null> {
    const rows = await this.ds.query(`SELECT ${ENTRY_COLUMNS} FROM queue_entries WHERE id = $1`, [id]);
    return rows[0] ? toEntry(rows[0]) : null;
  }

  /** Active entries of a gate (optionally one direction), for the consoles. */
  async activeEntries(gate: string, direction?: Direction): Promise<EntryRecord[]> {
    const rows = await this.ds.query(
      `SELECT ${ENTRY_COLUMNS} FROM queue_entries WHERE gate = $1 AND status = ANY($2)
       ${direction ? 'AND direction = $3' : ''} ORDER BY checked_in_at, seq`,
      direction ? [gate, [...ACTIVE_QUEUE_STATES], direction] : [gate, [...ACTIVE_QUEUE_STATES]],
    );
    return rows.map(toEntry);
  }

  /** When vehicles of a gate and direction were called recently: the measured throughput. */
  async recentCalls(gate: string, direction: Direction, since: Date): Promise<Date[]> {
    const rows: { called_at: Date }[] = await this.ds.query(
      'SELECT called_at FROM queue_entries WHERE gate = $1 AND direction = $2 AND called_at >= $3 ORDER BY called_at',
      [gate, direction, since],
    );
    return rows.map((r) => r.called_at);
  }

  /** Waiting vehicles and the longest wait per gate and direction, for the metrics. */
  async queueStats(
    now: Date,
  ): Promise<{ gate: string; direction: string; waiting: number; oldestWaitSeconds: number }[]> {
    const rows: { gate: string; direction: string; waiting: number; oldest: Date | null }[] = await this.ds.query(
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
    return this.ds.query(
      `SELECT id, gate, direction FROM queue_entries WHERE status = 'CALLED' AND call_deadline < $1 ORDER BY call_deadline LIMIT 500`,
      [now],
    );
  }

  async entryAudit(id: string) {
    return this.ds.query(
      'SELECT action, from_status, to_status, actor_id, actor_role, console, note, at FROM queue_audit WHERE entry_id = $1 ORDER BY id',
      [id],
    );
  }

  /** Applies a vehicle event from the declaration service to the yard's copy (in the consumer's transaction). */
  async upsertReplica(
    em: EntityManager,
    v: ReplicaVehicle & { declarationId: string; firmId: string; version: number },
    at: Date,
  ): Promise<void> {
    await em.query(
      `INSERT INTO vehicles (vehicle_id, declaration_id, firm_id, gate, direction, plate_key, snapshot, status, declaration_version, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (vehicle_id) DO UPDATE SET plate_key = EXCLUDED.plate_key, snapshot = EXCLUDED.snapshot, status = EXCLUDED.status,
         declaration_version = EXCLUDED.declaration_version, updated_at = EXCLUDED.updated_at
       WHERE vehicles.declaration_version <= EXCLUDED.declaration_version`,
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

  async withdrawReplica(em: EntityManager, vehicleIds: string[], at: Date): Promise<void> {
    await em.query(`UPDATE vehicles SET status = 'WITHDRAWN', updated_at = $2 WHERE vehicle_id = ANY($1)`, [
      vehicleIds,
      at,
    ]);
  }
}
