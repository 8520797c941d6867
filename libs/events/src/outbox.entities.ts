import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { EventType } from './contracts.js';

/** An event written in the transaction of the change it describes (created by OUTBOX_DDL and its follow-ups). */
@Entity({ name: 'outbox' })
// Only the yard-queue's outbox has an index on (aggregate_id, sequence) (its first migration); named here and left
// out of synchronisation, so that the declaration schema, which lacks it, agrees with the entities too.
@Index('outbox_aggregate', { synchronize: false })
export class OutboxEvent {
  /** Outbox order: events are delivered to each sink in this order. bigint arrives from pg as a string. */
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'outbox_pkey' })
  sequence: string;

  @Column('uuid', { unique: true })
  id: string;

  @Column('text')
  type: EventType;

  @Column('text', { name: 'aggregate_id' })
  aggregateId: string;

  @Column('jsonb')
  payload: unknown;

  @Column('timestamptz', { name: 'occurred_at' })
  occurredAt: Date;

  @Column('text', { name: 'request_id', nullable: true })
  requestId: string | null;
}

/** A receiver of the service's events and the event types it takes. */
@Entity({ name: 'outbox_sinks' })
export class OutboxSink {
  @PrimaryColumn('text', { primaryKeyConstraintName: 'outbox_sinks_pkey' })
  sink: string;

  @Column('text', { array: true })
  types: EventType[];
}

/** An event not yet delivered to one sink (queued by the `outbox_fan_out` trigger). */
@Entity({ name: 'outbox_pending' })
export class OutboxPending {
  @PrimaryColumn('text', { primaryKeyConstraintName: 'outbox_pending_pkey' })
  sink: string;

  @PrimaryColumn('bigint', { primaryKeyConstraintName: 'outbox_pending_pkey' })
  sequence: string;

  @Column('timestamptz', { default: () => 'now()' })
  since: Date;

  @ManyToOne(() => OutboxSink, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'sink', foreignKeyConstraintName: 'outbox_pending_sink_fkey' })
  sinkRow?: OutboxSink;

  @ManyToOne(() => OutboxEvent, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'sequence', foreignKeyConstraintName: 'outbox_pending_sequence_fkey' })
  event?: OutboxEvent;
}

/** The ids of the events a consumer has applied, recorded in the transaction that applied each. */
@Entity({ name: 'inbox' })
export class InboxEntry {
  @PrimaryColumn('uuid', { name: 'event_id', primaryKeyConstraintName: 'inbox_pkey' })
  eventId: string;

  @Column('text')
  type: string;

  @Column('timestamptz', { name: 'received_at', default: () => 'now()' })
  receivedAt: Date;
}

/** Entities of a service that produces events (outbox) and consumes them (inbox). */
export const OUTBOX_ENTITIES = [OutboxEvent, OutboxSink, OutboxPending, InboxEntry];
/** Entities of a service that only consumes events. */
export const INBOX_ENTITIES = [InboxEntry];
