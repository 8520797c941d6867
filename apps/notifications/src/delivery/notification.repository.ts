import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { recordTokenVersion } from '#libs/auth/src/index.js';
import { inTransaction, returnedRows } from '#libs/database/src/index.js';
import type { Channel, DriverChannel, EntryMemory, Language, NoticeKind } from '#libs/domain/src/index.js';
import {
  type AnyEventEnvelope,
  consumeBatchOnce,
  type EventMap,
  inEventContext,
  writeEvent,
} from '#libs/events/src/index.js';
import { NOTIFICATIONS_DB } from '../database/notifications-database.js';
import {
  CallWatch,
  FirmSettings,
  MessageRow,
  NotifyVehicle,
  PushSubscriptionRow,
} from '../database/notification.entities.js';

/** A message to write: everything but its delivery state. */
export type NewMessage = Pick<
  MessageRow,
  'subjectId' | 'notice' | 'kind' | 'channel' | 'recipient' | 'language' | 'title' | 'body' | 'data'
>;

export type VehicleCopy = Omit<NotifyVehicle, 'updatedAt'>;

/** A firm's settings as the service applies them (the defaults for a firm that never chose). */
export interface FirmChoice {
  email: string | null;
  driverChannels: DriverChannel[];
  emailEnabled: boolean;
}

export const DEFAULT_FIRM_CHOICE: FirmChoice = {
  email: null,
  driverChannels: ['sms', 'zns', 'push'],
  emailEnabled: true,
};

/** The unit of work of applying one event: everything it changes commits with its inbox row. */
export class NotificationTx {
  /** Firms' choices read in this unit of work (a batch of events reads each firm once). */
  private readonly firms = new Map<string, Promise<FirmChoice>>();
  /** Vehicles locked by this unit of work, as it changed them (null: not known); `dirty` ones are written by `flush`. */
  private readonly vehicles = new Map<string, NotifyVehicle | null>();
  private readonly dirty = new Set<string>();
  /** Gates' suspension as this unit of work left it (the row locked when first read); `dirtyGates` written by `flush`. */
  private readonly gates = new Map<string, { suspended: boolean; version: number } | null>();
  private readonly dirtyGates = new Set<string>();

  constructor(private readonly em: EntityManager) {}

  async upsertVehicle(v: VehicleCopy, at: Date): Promise<void> {
    await this.flush();
    this.vehicles.delete(v.vehicleId);
    await this.em.query(
      `INSERT INTO notify_vehicles (vehicle_id, declaration_id, firm_id, gate, plate, driver_phone, driver_language, entry, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (vehicle_id) DO UPDATE SET declaration_id = $2, firm_id = $3, gate = $4, plate = $5,
         driver_phone = $6, driver_language = $7, updated_at = $9`,
      [v.vehicleId, v.declarationId, v.firmId, v.gate, v.plate, v.driverPhone, v.driverLanguage, v.entry, at],
    );
  }

  /**
   * Locks the copies of the vehicles a batch names, in one statement and in id order (so two transactions never
   * wait on each other), and keeps them: the batch's events then read and change them without a query each.
   */
  async lockVehicles(vehicleIds: string[]): Promise<void> {
    const ids = [...new Set(vehicleIds)].filter((id) => !this.vehicles.has(id)).sort();
    if (ids.length === 0) return;
    const rows = await this.em
      .createQueryBuilder(NotifyVehicle, 'v')
      .where('v.vehicleId IN (:...ids)', { ids })
      .orderBy('v.vehicleId')
      .setLock('pessimistic_write')
      .getMany();
    for (const id of ids) this.vehicles.set(id, null);
    for (const v of rows) this.vehicles.set(v.vehicleId, v);
  }

  /** The copy of a vehicle, locked until the event is applied. */
  async vehicle(vehicleId: string): Promise<NotifyVehicle | null> {
    if (!this.vehicles.has(vehicleId)) await this.lockVehicles([vehicleId]);
    return this.vehicles.get(vehicleId) ?? null;
  }

  /** Remembers an entry's state; written with the others by `flush`. */
  async saveEntry(vehicleId: string, entry: EntryMemory & { entryId: string }, at: Date): Promise<void> {
    const v = await this.vehicle(vehicleId);
    if (!v) return;
    v.entry = entry;
    v.updatedAt = at;
    this.dirty.add(vehicleId);
  }

  /** Writes the entries and gate states remembered since the last flush, a statement for each kind. */
  async flush(): Promise<void> {
    if (this.dirtyGates.size > 0) {
      const gates = [...this.dirtyGates];
      this.dirtyGates.clear();
      const states = gates.map((g) => this.gates.get(g)!);
      await this.em.query(
        `INSERT INTO notify_gates (gate, suspended, version)
         SELECT * FROM unnest($1::text[], $2::boolean[], $3::bigint[])
         ON CONFLICT (gate) DO UPDATE SET suspended = excluded.suspended, version = excluded.version
          WHERE notify_gates.version < excluded.version`,
        [gates, states.map((g) => g.suspended), states.map((g) => String(g.version))],
      );
    }
    if (this.dirty.size === 0) return;
    const changed = [...this.dirty].map((id) => this.vehicles.get(id)!);
    this.dirty.clear();
    await this.em.query(
      `UPDATE notify_vehicles v SET entry = d.entry, updated_at = d.updated_at
         FROM unnest($1::uuid[], $2::jsonb[], $3::timestamptz[]) AS d (vehicle_id, entry, updated_at)
        WHERE v.vehicle_id = d.vehicle_id`,
      [changed.map((v) => v.vehicleId), changed.map((v) => JSON.stringify(v.entry)), changed.map((v) => v.updatedAt)],
    );
  }

  /** Vehicles in a gate's queue (checked in, not yet through or turned back). */
  async queuedAtGate(gate: string): Promise<NotifyVehicle[]> {
    await this.flush();
    return this.em
      .createQueryBuilder(NotifyVehicle, 'v')
      .where('v.gate = :gate', { gate })
      .andWhere(`v.entry->>'status' IN ('CHECKED_IN', 'CALLED', 'AT_GATE', 'HELD')`)
      .getMany();
  }

  /**
   * Whether the gate was suspended as last seen, and records what it is now (false when never seen). Read and locked
   * once per unit of work; the batch's later events see the state its earlier ones left, and `flush` writes the last.
   */
  async swapGateSuspended(gate: string, suspended: boolean, version: number): Promise<boolean> {
    if (!this.gates.has(gate)) {
      const [row] = await this.em.query<{ suspended: boolean; version: string }[]>(
        'SELECT suspended, version FROM notify_gates WHERE gate = $1 FOR UPDATE',
        [gate],
      );
      this.gates.set(gate, row ? { suspended: row.suspended, version: Number(row.version) } : null);
    }
    const seen = this.gates.get(gate) ?? null;
    // An older version than the one recorded (a replay): nothing changed.
    if (seen && seen.version >= version) return suspended;
    this.gates.set(gate, { suspended, version });
    this.dirtyGates.add(gate);
    return seen?.suspended ?? false;
  }

  firmChoice(firmId: string): Promise<FirmChoice> {
    let choice = this.firms.get(firmId);
    if (!choice) {
      choice = this.em
        .findOne(FirmSettings, { where: { firmId } })
        .then((row) =>
          row
            ? { email: row.email, driverChannels: row.driverChannels, emailEnabled: row.emailEnabled }
            : DEFAULT_FIRM_CHOICE,
        );
      this.firms.set(firmId, choice);
    }
    return choice;
  }

  pushSubscriptions(vehicleId: string): Promise<PushSubscriptionRow[]> {
    return this.em.find(PushSubscriptionRow, { where: { vehicleId }, order: { createdAt: 'ASC' } });
  }

  /** Writes the messages of a notice; one already written (same subject, notice, channel, recipient) is kept as it is. */
  async addMessages(messages: NewMessage[], at: Date): Promise<number> {
    if (messages.length === 0) return 0;
    const column = <K extends keyof NewMessage>(k: K) => messages.map((m) => m[k]);
    const rows = await this.em.query<unknown[]>(
      `INSERT INTO messages (id, subject_id, notice, kind, channel, recipient, language, title, body, data, status, next_attempt_at, created_at)
       SELECT id, subject_id, notice, kind, channel, recipient, language, title, body, data, 'PENDING', $11, $11
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::jsonb[])
           AS m (id, subject_id, notice, kind, channel, recipient, language, title, body, data)
       ON CONFLICT ON CONSTRAINT messages_once DO NOTHING RETURNING id`,
      [
        messages.map(() => randomUUID()),
        column('subjectId'),
        column('notice'),
        column('kind'),
        column('channel'),
        column('recipient'),
        column('language'),
        column('title'),
        column('body'),
        messages.map((m) => JSON.stringify(m.data)),
        at,
      ],
    );
    return rows.length;
  }

  /** Starts waiting for a receipt of a call (once per call). */
  async watchCall(w: Pick<CallWatch, 'vehicleId' | 'calledAt' | 'gate' | 'entryId' | 'reachBy'>): Promise<void> {
    await this.em.createQueryBuilder().insert().into(CallWatch).values(w).orIgnore().execute();
  }

  async revokeTokens(userId: string, tokenVersion: number, at: Date): Promise<void> {
    await recordTokenVersion(this.em, NOTIFICATIONS_DB, userId, tokenVersion, at);
  }

  event<T extends 'call.unreached'>(type: T, aggregateId: string, payload: EventMap[T], at: Date): Promise<string> {
    return writeEvent(this.em, type, aggregateId, payload, at);
  }
}

/** The vehicles an event is about (whose copies applying it may change). */
function vehiclesNamed(e: AnyEventEnvelope): string[] {
  if (e.type === 'declaration.accepted') return e.payload.vehicles.map((v) => v.vehicleId);
  if (e.type === 'queue.changed') return e.payload.entries.map((v) => v.vehicleId);
  return [];
}

/** A claimed message, with what its channel needs to send it. */
export type ClaimedMessage = Pick<
  MessageRow,
  'id' | 'channel' | 'recipient' | 'language' | 'title' | 'body' | 'data' | 'attempts' | 'kind' | 'subjectId'
>;

/** A message its provider accepted. */
export interface SentOutcome {
  id: string;
  providerId: string | null;
  delivered: boolean;
}

/** A failed attempt: due again at `retryAt`, or failed for good when it is null. */
export interface FailedOutcome {
  id: string;
  error: string;
  retryAt: Date | null;
}

export type AttemptOutcome = SentOutcome | FailedOutcome;

interface ClaimRow {
  id: string;
  channel: Channel;
  recipient: string;
  language: Language;
  title: string | null;
  body: string;
  data: Record<string, string>;
  attempts: number;
  kind: NoticeKind;
  subject_id: string;
}

interface WatchRow {
  vehicle_id: string;
  called_at: Date;
  gate: string;
  entry_id: string;
}

interface StatusCount {
  channel: Channel;
  status: string;
  n: number;
}

@Injectable()
export class NotificationRepository {
  constructor(@InjectDataSource(NOTIFICATIONS_DB) private readonly ds: DataSource) {}

  /** Applies a delivered batch of events, each once, in one unit of work (the inbox rows commit with the effects). */
  consumeBatch(
    events: AnyEventEnvelope[],
    apply: (tx: NotificationTx, event: AnyEventEnvelope) => Promise<void>,
  ): Promise<number> {
    return consumeBatchOnce(this.ds, events, async (em, fresh) => {
      const tx = new NotificationTx(em);
      await tx.lockVehicles(fresh.flatMap(vehiclesNamed));
      for (const event of fresh) await inEventContext(event, () => apply(tx, event));
      await tx.flush();
    });
  }

  /**
   * Takes up to `limit` messages that are due (or whose sender's lease ran out: a process that died mid-send),
   * leasing them for `leaseMs`: concurrent dispatchers (replicas) never take the same message.
   */
  async claimDue(limit: number, now: Date, leaseMs: number): Promise<ClaimedMessage[]> {
    const result: unknown = await this.ds.query(
      `UPDATE messages m SET status = 'SENDING', attempts = m.attempts + 1, lease_until = $2::timestamptz + ($3 || ' milliseconds')::interval
         WHERE m.id IN (
           SELECT id FROM messages
            WHERE status IN ('PENDING', 'SENDING') AND next_attempt_at <= $2
              AND (status = 'PENDING' OR lease_until <= $2)
            ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING m.id, m.channel, m.recipient, m.language, m.title, m.body, m.data, m.attempts, m.kind, m.subject_id`,
      [limit, now, String(leaseMs)],
    );
    return returnedRows<ClaimRow>(result).map((r) => ({ ...r, subjectId: r.subject_id }));
  }

  /**
   * Records the outcomes of a round's attempts in two statements (one commit each, not one per message): a message
   * sent (delivered when the provider said so, or when its receipt already came back), due again at `retryAt`, or
   * failed for good (`retryAt` null).
   */
  async recordAttempts(outcomes: AttemptOutcome[], at: Date): Promise<void> {
    const sent = outcomes.filter((o): o is SentOutcome => 'providerId' in o);
    const failed = outcomes.filter((o): o is FailedOutcome => 'error' in o);
    if (sent.length > 0)
      await this.ds.query(
        `UPDATE messages m
            SET status = CASE WHEN o.delivered OR m.status = 'DELIVERED' THEN 'DELIVERED' ELSE 'SENT' END,
                provider_id = o.provider_id, sent_at = $4,
                delivered_at = CASE WHEN o.delivered THEN coalesce(m.delivered_at, $4) ELSE m.delivered_at END,
                lease_until = NULL, last_error = NULL
           FROM unnest($1::uuid[], $2::text[], $3::bool[]) AS o (id, provider_id, delivered)
          WHERE m.id = o.id AND m.status IN ('SENDING', 'DELIVERED')`,
        [sent.map((o) => o.id), sent.map((o) => o.providerId), sent.map((o) => o.delivered), at],
      );
    if (failed.length > 0)
      await this.ds.query(
        `UPDATE messages m
            SET status = CASE WHEN o.retry_at IS NULL THEN 'FAILED' ELSE 'PENDING' END,
                next_attempt_at = coalesce(o.retry_at, m.next_attempt_at), lease_until = NULL, last_error = o.error
           FROM unnest($1::uuid[], $2::text[], $3::timestamptz[]) AS o (id, error, retry_at)
          WHERE m.id = o.id AND m.status = 'SENDING'`,
        [failed.map((o) => o.id), failed.map((o) => o.error.slice(0, 1000)), failed.map((o) => o.retryAt)],
      );
  }

  /**
   * Records a provider's delivery report for one of our messages (by our id) and, when it confirms delivery of a
   * call, marks the call reached. Returns false when no such message exists.
   */
  async recordReceipt(r: {
    messageId: string;
    channel: Channel;
    providerId: string;
    status: 'DELIVERED' | 'FAILED' | null;
    raw: string;
    payload: unknown;
    at: Date;
  }): Promise<boolean> {
    // One statement (one round trip, one commit): a provider reports every message it delivers.
    const [row] = await this.ds.query<{ found: boolean }[]>(
      `WITH m AS (SELECT id, kind, subject_id, data FROM messages WHERE id = $1 AND channel = $2 FOR UPDATE),
            receipt AS (INSERT INTO delivery_receipts (message_id, channel, provider_id, status, payload, received_at)
                        SELECT id, $2, $3, $4, $5, $6 FROM m RETURNING 1),
            delivered AS (UPDATE messages SET status = 'DELIVERED', delivered_at = $6, lease_until = NULL
                           WHERE $7 = 'DELIVERED' AND id IN (SELECT id FROM m) RETURNING 1),
            failed AS (UPDATE messages SET status = 'FAILED', last_error = $8
                        WHERE $7 = 'FAILED' AND status <> 'DELIVERED' AND id IN (SELECT id FROM m) RETURNING 1),
            reached AS (UPDATE call_watches w SET reached_at = $6 FROM m
                         WHERE $7 = 'DELIVERED' AND m.kind = 'called' AND m.data ? 'calledAt'
                           AND w.vehicle_id = m.subject_id::uuid AND w.called_at = (m.data->>'calledAt')::timestamptz
                           AND w.reached_at IS NULL RETURNING 1)
       SELECT EXISTS (SELECT 1 FROM m) AS found`,
      [
        r.messageId,
        r.channel,
        r.providerId,
        r.raw,
        JSON.stringify(r.payload),
        r.at,
        r.status ?? 'NONE',
        `báo cáo nhà cung cấp: ${r.raw}`,
      ],
    );
    return row.found;
  }

  /**
   * Escalates the calls past their time without a receipt, each once: marks the watch, writes `call.unreached`
   * for the yard and lets `more` add the firm's message, all in one transaction.
   */
  async escalateDue(
    now: Date,
    more: (
      tx: NotificationTx,
      w: { vehicleId: string; calledAt: Date; gate: string; entryId: string },
    ) => Promise<void>,
  ): Promise<number> {
    return inTransaction(this.ds, async (em) => {
      const result: unknown = await em.query(
        `UPDATE call_watches SET escalated_at = $1
          WHERE (vehicle_id, called_at) IN (
            SELECT vehicle_id, called_at FROM call_watches
             WHERE reached_at IS NULL AND escalated_at IS NULL AND reach_by <= $1
             ORDER BY reach_by LIMIT 100 FOR UPDATE SKIP LOCKED)
        RETURNING vehicle_id, called_at, gate, entry_id`,
        [now],
      );
      const due = returnedRows<WatchRow>(result);
      const tx = new NotificationTx(em);
      for (const w of due) {
        const watch = { vehicleId: w.vehicle_id, calledAt: new Date(w.called_at), gate: w.gate, entryId: w.entry_id };
        await tx.event(
          'call.unreached',
          w.gate,
          {
            gate: w.gate,
            entryId: w.entry_id,
            vehicleId: w.vehicle_id,
            calledAt: watch.calledAt.toISOString(),
            at: now.toISOString(),
          },
          now,
        );
        await more(tx, watch);
      }
      return due.length;
    });
  }

  async firmSettings(firmId: string): Promise<FirmChoice> {
    return new NotificationTx(this.ds.manager).firmChoice(firmId);
  }

  async saveFirmSettings(firmId: string, s: FirmChoice, at: Date): Promise<void> {
    await this.ds.getRepository(FirmSettings).upsert({ firmId, ...s, updatedAt: at }, ['firmId']);
  }

  async subscribePush(s: Omit<PushSubscriptionRow, 'createdAt'>, at: Date): Promise<void> {
    await this.ds.getRepository(PushSubscriptionRow).upsert({ ...s, createdAt: at }, ['endpoint']);
  }

  /** Messages by channel and status (metrics, tests, the benchmark). */
  async counts(): Promise<StatusCount[]> {
    return this.ds.query<StatusCount[]>(
      'SELECT channel, status, count(*)::int AS n FROM messages GROUP BY channel, status ORDER BY channel, status',
    );
  }
}
