import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import {
  declarationWebhookEvent,
  type Direction,
  isTerminalState,
  isVehicleState,
  queueWebhookEvent,
  type VehicleState,
  type WebhookEventType,
} from '#libs/domain/src/index.js';
import type { EventMap, EventType, QueueEntryView, WebhookVehicleData } from '#libs/events/src/index.js';
import type { QueueInfo } from '../declarations/declaration.types.js';

/** A vehicle of a firm that has a webhook subscription, as this transaction sees it. */
export interface SubscribedVehicle {
  vehicleId: string;
  declarationId: string;
  declarationNumber: string;
  firmId: string;
  gate: string;
  direction: Direction;
  plate: string;
  status: VehicleState;
  queue: QueueInfo | null;
}

interface SubscribedVehicleRow {
  id: string;
  declaration_id: string;
  number: string;
  firm_id: string;
  gate: string;
  direction: Direction;
  plate: string;
  status: VehicleState;
  queue: QueueInfo | null;
}

interface NewWebhookEvent {
  firmId: string;
  type: WebhookEventType;
  data: WebhookVehicleData;
  at: Date;
}

const SUBSCRIBED_VEHICLES = `
  SELECT v.id, v.declaration_id, d.number, d.firm_id, d.gate, d.direction, v.plate, v.status, v.queue
  FROM vehicles v JOIN declarations d ON d.id = v.declaration_id
  WHERE NOT v.removed
    AND EXISTS (SELECT 1 FROM webhook_subscriptions s WHERE s.firm_id = d.firm_id AND s.deleted_at IS NULL)`;

function dataOf(v: SubscribedVehicle, status: VehicleState, more: Partial<WebhookVehicleData>): WebhookVehicleData {
  return {
    vehicleId: v.vehicleId,
    declarationId: v.declarationId,
    declarationNumber: v.declarationNumber,
    plate: v.plate,
    gate: v.gate,
    direction: v.direction,
    status,
    window: v.queue?.window ?? null,
    position: v.queue?.position ?? null,
    callDeadline: null,
    eta: v.queue?.eta ?? null,
    reason: null,
    ...more,
  };
}

/**
 * Writes firms' webhook events in the caller's transaction: a declaration decision with the decision itself,
 * a yard event with its consumption (the inbox row), so an event exists exactly when what it reports
 * committed and none is lost to a crash. Lives in the declaration service because that service owns firms,
 * their declarations and vehicles, and already applies every `queue.changed` of the yard to each vehicle:
 * it knows each vehicle's state before and after, and whose vehicle it is. Firms with no subscription cost
 * one indexed lookup and get nothing written.
 */
export class WebhookOutbox {
  constructor(private readonly em: EntityManager) {}

  /**
   * Of these vehicles, those whose firm has a subscription. Not locked: the yard's events for a vehicle are
   * applied one after another, and the updates that follow take the row locks in the order they always did.
   */
  async vehicles(ids: string[]): Promise<Map<string, SubscribedVehicle>> {
    if (ids.length === 0) return new Map();
    const rows = await this.em.query<SubscribedVehicleRow[]>(`${SUBSCRIBED_VEHICLES} AND v.id = ANY($1)`, [ids]);
    return new Map(rows.map((r) => [r.id, toVehicle(r)]));
  }

  /** The events a firm hears of one of its declarations' decisions, one per vehicle still on it. */
  async fromDeclarationEvent<T extends EventType>(type: T, payload: EventMap[T], at: Date): Promise<void> {
    const hook = declarationWebhookEvent(type);
    if (!hook) return;
    const p = payload as EventMap['declaration.accepted' | 'declaration.rejected' | 'declaration.correction_requested'];
    const reason = 'reason' in p ? p.reason : 'message' in p ? p.message : null;
    const rows = await this.em.query<SubscribedVehicleRow[]>(
      `${SUBSCRIBED_VEHICLES} AND v.declaration_id = $1 ORDER BY v.ordinal`,
      [p.declarationId],
    );
    await this.enqueue(
      rows.map(toVehicle).map((v) => ({ firmId: v.firmId, type: hook, data: dataOf(v, v.status, { reason }), at })),
    );
  }

  /** The events a firm hears of a change of its vehicles' places in the yard (`before`: read by `vehicles`). */
  async fromQueueChange(before: Map<string, SubscribedVehicle>, entries: QueueEntryView[], at: Date): Promise<void> {
    const events: NewWebhookEvent[] = [];
    for (const e of entries) {
      const v = before.get(e.vehicleId);
      if (!v || isTerminalState(v.status) || !isVehicleState(e.vehicleStatus)) continue;
      const type = queueWebhookEvent(
        { status: v.status, window: v.queue?.window ?? null },
        { status: e.vehicleStatus, window: e.window },
      );
      if (!type) continue;
      const data = dataOf(v, e.vehicleStatus, {
        window: e.window,
        position: e.position,
        callDeadline: e.callDeadline,
        eta: e.eta,
      });
      events.push({ firmId: v.firmId, type, data, at });
    }
    await this.enqueue(events);
  }

  /**
   * One statement: the events, numbered in the order given, and a pending delivery for every live subscription
   * of the firm that takes the type.
   */
  private async enqueue(events: NewWebhookEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.em.query(
      `WITH input AS (
         SELECT * FROM unnest($1::text[], $2::uuid[], $3::uuid[], $4::text[], $5::jsonb[], $6::timestamptz[])
           WITH ORDINALITY AS t(id, firm_id, vehicle_id, type, data, occurred_at, n)
       ), inserted AS (
         INSERT INTO webhook_events (id, firm_id, vehicle_id, type, data, occurred_at)
         SELECT id, firm_id, vehicle_id, type, data, occurred_at FROM input ORDER BY n
         RETURNING seq, firm_id, vehicle_id, type
       )
       INSERT INTO webhook_deliveries (subscription_id, event_seq, vehicle_id, status, replay, attempts, next_attempt_at, created_at)
       SELECT s.id, e.seq, e.vehicle_id, 'PENDING', false, 0, now(), now()
       FROM inserted e JOIN webhook_subscriptions s
         ON s.firm_id = e.firm_id AND s.deleted_at IS NULL AND e.type = ANY (s.event_types)`,
      [
        events.map(() => `msg_${randomUUID().replaceAll('-', '')}`),
        events.map((e) => e.firmId),
        events.map((e) => e.data.vehicleId),
        events.map((e) => e.type),
        events.map((e) => JSON.stringify(e.data)),
        events.map((e) => e.at),
      ],
    );
  }
}

function toVehicle(r: SubscribedVehicleRow): SubscribedVehicle {
  return {
    vehicleId: r.id,
    declarationId: r.declaration_id,
    declarationNumber: r.number,
    firmId: r.firm_id,
    gate: r.gate,
    direction: r.direction,
    plate: r.plate,
    status: r.status,
    queue: r.queue,
  };
}
