import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { currentRequestId } from '#libs/request-context/src/index.js';
import type { EventMap, EventType } from './contracts.js';
import { OutboxEvent } from './outbox.entities.js';

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

/** A receiver of a service's events, as registered in its `outbox_sinks`. */
export interface SinkRegistration {
  name: string;
  types: readonly EventType[];
}

/**
 * Delivery per sink: on insert, each event is queued for every sink that takes its type (`outbox_pending`),
 * and each sink's relay removes what it delivered. One sink that is down no longer holds back the others,
 * which a single `published_at` per event did. `since` dates the backlog (readiness, metrics).
 * `sinks` are the receivers at the time of the migration; the events not yet published are queued for them.
 */
export function outboxPerSinkDdl(sinks: SinkRegistration[]): { sql: string; params?: unknown[] }[] {
  return [
    { sql: 'CREATE TABLE outbox_sinks (sink text PRIMARY KEY, types text[] NOT NULL)' },
    {
      sql: `CREATE TABLE outbox_pending (
              sink text NOT NULL REFERENCES outbox_sinks ON DELETE CASCADE,
              sequence bigint NOT NULL REFERENCES outbox ON DELETE CASCADE,
              since timestamptz NOT NULL DEFAULT now(),
              PRIMARY KEY (sink, sequence)
            )`,
    },
    {
      sql: `CREATE FUNCTION outbox_fan_out() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
            BEGIN
              INSERT INTO outbox_pending (sink, sequence) SELECT s.sink, NEW.sequence FROM outbox_sinks s WHERE NEW.type = ANY (s.types);
              RETURN NULL;
            END $$`,
    },
    { sql: 'CREATE TRIGGER outbox_fan_out AFTER INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION outbox_fan_out()' },
    ...sinks.map((s) => ({ sql: 'INSERT INTO outbox_sinks (sink, types) VALUES ($1, $2)', params: [s.name, s.types] })),
    {
      sql: `INSERT INTO outbox_pending (sink, sequence)
            SELECT s.sink, o.sequence FROM outbox o JOIN outbox_sinks s ON o.type = ANY (s.types) WHERE o.published_at IS NULL`,
    },
    { sql: 'DROP INDEX outbox_unpublished' },
    { sql: 'ALTER TABLE outbox DROP COLUMN published_at' },
  ];
}

/** Reverts `outboxPerSinkDdl`: an event counts as published once no sink waits for it. */
export const OUTBOX_PER_SINK_DOWN_DDL = [
  'ALTER TABLE outbox ADD COLUMN published_at timestamptz',
  'UPDATE outbox SET published_at = now() WHERE sequence NOT IN (SELECT sequence FROM outbox_pending)',
  'CREATE INDEX outbox_unpublished ON outbox (sequence) WHERE published_at IS NULL',
  'DROP TRIGGER outbox_fan_out ON outbox',
  'DROP FUNCTION outbox_fan_out()',
  'DROP TABLE outbox_pending',
  'DROP TABLE outbox_sinks',
];

/**
 * Appends an event to the outbox through the caller's transaction manager: the event exists
 * exactly when the change it describes commits. The data source must know OUTBOX_ENTITIES.
 */
export async function writeEvent<T extends EventType>(
  em: EntityManager,
  type: T,
  aggregateId: string,
  payload: EventMap[T],
  occurredAt: Date,
): Promise<string> {
  const id = randomUUID();
  // Nothing to read back: the sequence is the relay's business, not the writer's.
  await em
    .createQueryBuilder()
    .insert()
    .into(OutboxEvent)
    .values({ id, type, aggregateId, payload, occurredAt, requestId: currentRequestId() ?? null })
    .updateEntity(false)
    .execute();
  return id;
}
