import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { currentRequestId } from '#libs/http/src/request-context.js';
import type { EventMap, EventType } from './contracts.js';

/** DDL for a service's outbox and inbox, used by each service's first migration. */
export const OUTBOX_DDL = [
  `CREATE TABLE outbox (
     sequence bigserial PRIMARY KEY,
     id uuid NOT NULL UNIQUE,
     type text NOT NULL,
     aggregate_id text NOT NULL,
     payload jsonb NOT NULL,
     occurred_at timestamptz NOT NULL,
     published_at timestamptz
   )`,
  `CREATE INDEX outbox_unpublished ON outbox (sequence) WHERE published_at IS NULL`,
  `CREATE TABLE inbox (
     event_id uuid PRIMARY KEY,
     type text NOT NULL,
     received_at timestamptz NOT NULL DEFAULT now()
   )`,
];

/** Added after the first outbox migrations: the id of the request that caused each event. */
export const OUTBOX_REQUEST_ID_DDL = 'ALTER TABLE outbox ADD COLUMN request_id text';

/**
 * Appends an event to the outbox through the caller's transaction manager: the event exists
 * exactly when the change it describes commits.
 */
export async function writeEvent<T extends EventType>(
  em: EntityManager,
  type: T,
  aggregateId: string,
  payload: EventMap[T],
  occurredAt: Date,
): Promise<string> {
  const id = randomUUID();
  await em.query('INSERT INTO outbox (id, type, aggregate_id, payload, occurred_at, request_id) VALUES ($1, $2, $3, $4, $5, $6)', [
    id,
    type,
    aggregateId,
    JSON.stringify(payload),
    occurredAt.toISOString(),
    currentRequestId() ?? null,
  ]);
  return id;
}
