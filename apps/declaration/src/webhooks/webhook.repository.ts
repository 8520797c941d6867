import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, IsNull } from 'typeorm';
import { returnedRows } from '#libs/database/src/index.js';
import type { WebhookEventType } from '#libs/domain/src/index.js';
import type { WebhookMessage, WebhookVehicleData } from '#libs/events/src/index.js';
import { DECLARATION_DB } from '../database/declaration-database.js';
import type { WebhookDeliveryView } from './dto/webhook.dto.js';
import { WebhookSubscription, type WebhookDeliveryStatus } from './entities/webhook.entities.js';

/** A delivery the worker has leased: the message to send and where. */
export interface ClaimedDelivery {
  id: string;
  attempts: number;
  url: string;
  secret: string;
  message: WebhookMessage;
}

interface ClaimedRow {
  id: string;
  attempts: number;
  url: string;
  secret: string;
  message_id: string;
  seq: string;
  type: WebhookEventType;
  data: WebhookVehicleData;
  occurred_at: Date;
}

interface DeliveryLogDbRow {
  id: string;
  seq: string;
  message_id: string;
  type: WebhookEventType;
  vehicle_id: string;
  plate: string;
  status: WebhookDeliveryStatus;
  replay: boolean;
  attempts: number;
  next_attempt_at: Date;
  last_attempt_at: Date | null;
  last_status: number | null;
  last_error: string | null;
  delivered_at: Date | null;
  occurred_at: Date;
}

/** How long a leased attempt is the leaser's: far beyond the request timeout, so a live attempt is never doubled. */
const LEASE = '2 minutes';

/**
 * Subscriptions, the delivery queue and the fleet view. Delivery times use the database's clock, the one
 * every replica shares; only the head of each vehicle's line per subscription is ever attempted.
 */
@Injectable()
export class WebhookRepository {
  constructor(@InjectDataSource(DECLARATION_DB) private readonly ds: DataSource) {}

  async insertSubscription(s: Omit<WebhookSubscription, 'deletedAt' | 'firm'>): Promise<void> {
    await this.ds.getRepository(WebhookSubscription).insert({ ...s, deletedAt: null });
  }

  subscriptions(firmId: string): Promise<WebhookSubscription[]> {
    return this.ds.getRepository(WebhookSubscription).find({
      where: { firmId, deletedAt: IsNull() },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  subscription(firmId: string, id: string): Promise<WebhookSubscription | null> {
    return this.ds.getRepository(WebhookSubscription).findOneBy({ firmId, id, deletedAt: IsNull() });
  }

  /** Ends a subscription and cancels what it still had to deliver; false if it was not the firm's or already gone. */
  deleteSubscription(firmId: string, id: string): Promise<boolean> {
    return this.ds.transaction(async (em) => {
      const ended = returnedRows<{ id: string }>(
        await em.query(
          'UPDATE webhook_subscriptions SET deleted_at = now() WHERE id = $1 AND firm_id = $2 AND deleted_at IS NULL RETURNING id',
          [id, firmId],
        ),
      );
      if (ended.length === 0) return false;
      await em.query(
        `UPDATE webhook_deliveries SET status = 'CANCELLED', lease_until = NULL, last_error = 'subscription deleted'
         WHERE subscription_id = $1 AND status = 'PENDING'`,
        [id],
      );
      return true;
    });
  }

  /**
   * Queues again every event of the firm from `from` on that the subscription takes, in cursor order (events
   * still on their way are not queued twice). Returns how many were queued.
   */
  async replay(subscription: WebhookSubscription, from: number): Promise<number> {
    const rows = returnedRows<{ id: string }>(
      await this.ds.query(
        `INSERT INTO webhook_deliveries (subscription_id, event_seq, vehicle_id, status, replay, attempts, next_attempt_at, created_at)
         SELECT $1, e.seq, e.vehicle_id, 'PENDING', true, 0, now(), now()
         FROM webhook_events e
         WHERE e.firm_id = $2 AND e.seq >= $3 AND e.type = ANY ($4)
         ORDER BY e.seq
         ON CONFLICT (subscription_id, event_seq) WHERE status = 'PENDING' DO NOTHING
         RETURNING id`,
        [subscription.id, subscription.firmId, from, subscription.eventTypes],
      ),
    );
    return rows.length;
  }

  /**
   * Leases up to `limit` due deliveries, each the earliest pending one of its vehicle for its subscription: a
   * vehicle's later event waits until the earlier one is delivered. The conditional update makes one replica
   * the leaser of each; the others skip it.
   */
  async claim(limit: number): Promise<ClaimedDelivery[]> {
    const rows = returnedRows<ClaimedRow>(
      await this.ds.query(
        `WITH heads AS (
           SELECT DISTINCT ON (subscription_id, vehicle_id) id, next_attempt_at, lease_until
           FROM webhook_deliveries WHERE status = 'PENDING'
           ORDER BY subscription_id, vehicle_id, event_seq
         ), due AS (
           SELECT id FROM heads
           WHERE next_attempt_at <= now() AND (lease_until IS NULL OR lease_until < now())
           ORDER BY next_attempt_at, id LIMIT $1
         ), leased AS (
           UPDATE webhook_deliveries d
           SET lease_until = now() + interval '${LEASE}', attempts = d.attempts + 1, last_attempt_at = now()
           FROM due
           WHERE d.id = due.id AND d.status = 'PENDING' AND (d.lease_until IS NULL OR d.lease_until < now())
           RETURNING d.id, d.attempts, d.subscription_id, d.event_seq
         )
         SELECT l.id, l.attempts, s.url, s.secret, e.id AS message_id, e.seq, e.type, e.data, e.occurred_at
         FROM leased l
         JOIN webhook_subscriptions s ON s.id = l.subscription_id
         JOIN webhook_events e ON e.seq = l.event_seq`,
        [limit],
      ),
    );
    return rows.map((r) => ({
      id: r.id,
      attempts: r.attempts,
      url: r.url,
      secret: r.secret,
      message: {
        id: r.message_id,
        cursor: Number(r.seq),
        type: r.type,
        timestamp: r.occurred_at.toISOString(),
        data: r.data,
      },
    }));
  }

  async delivered(id: string, httpStatus: number): Promise<void> {
    await this.ds.query(
      `UPDATE webhook_deliveries SET status = 'DELIVERED', delivered_at = now(), lease_until = NULL, last_status = $2,
         last_error = NULL WHERE id = $1 AND status = 'PENDING'`,
      [id, httpStatus],
    );
  }

  /** A failed attempt: tried again after `retryInMs`, or given up (`FAILED`) when `giveUp`. */
  async failed(
    id: string,
    httpStatus: number | null,
    error: string,
    retryInMs: number,
    giveUp: boolean,
  ): Promise<void> {
    await this.ds.query(
      `UPDATE webhook_deliveries
       SET status = CASE WHEN $5 THEN 'FAILED' ELSE status END, lease_until = NULL, last_status = $2, last_error = $3,
           next_attempt_at = now() + make_interval(secs => $4::float8 / 1000)
       WHERE id = $1 AND status = 'PENDING'`,
      [id, httpStatus, error.slice(0, 500), retryInMs, giveUp],
    );
  }

  /** The subscription's deliveries, newest first, `limit` from before the delivery `before`. */
  async deliveries(subscriptionId: string, before: string | null, limit: number): Promise<WebhookDeliveryView[]> {
    const rows = await this.ds.query<DeliveryLogDbRow[]>(
      `SELECT d.id, e.seq, e.id AS message_id, e.type, d.vehicle_id, e.data->>'plate' AS plate, d.status, d.replay,
              d.attempts, d.next_attempt_at, d.last_attempt_at, d.last_status, d.last_error, d.delivered_at,
              e.occurred_at
       FROM webhook_deliveries d JOIN webhook_events e ON e.seq = d.event_seq
       WHERE d.subscription_id = $1 AND ($2::bigint IS NULL OR d.id < $2)
       ORDER BY d.id DESC LIMIT $3`,
      [subscriptionId, before, limit],
    );
    const iso = (d: Date | null) => d?.toISOString() ?? null;
    return rows.map((r) => ({
      id: r.id,
      cursor: Number(r.seq),
      messageId: r.message_id,
      type: r.type,
      vehicleId: r.vehicle_id,
      plate: r.plate,
      status: r.status,
      replay: r.replay,
      attempts: r.attempts,
      nextAttemptAt: r.next_attempt_at.toISOString(),
      lastAttemptAt: iso(r.last_attempt_at),
      lastStatus: r.last_status,
      lastError: r.last_error,
      deliveredAt: iso(r.delivered_at),
      occurredAt: r.occurred_at.toISOString(),
    }));
  }
}
