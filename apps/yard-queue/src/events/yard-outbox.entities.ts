import { Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { InboxEntry, OutboxEvent, OutboxPending, OutboxSink } from '#libs/events/src/index.js';

/** The yard's outbox also has an index by aggregate (a gate's events in order), which the shared entity lacks. */
@Entity({ name: 'outbox' })
@Index('outbox_aggregate', ['aggregateId', 'sequence'])
export class YardOutboxEvent extends OutboxEvent {}

/** The shared per-sink queue, its event key pointing at the yard's outbox entity. */
@Entity({ name: 'outbox_pending' })
export class YardOutboxPending extends OutboxPending {
  @ManyToOne(() => YardOutboxEvent, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'sequence', foreignKeyConstraintName: 'outbox_pending_sequence_fkey' })
  declare event?: YardOutboxEvent;
}

export const YARD_OUTBOX_ENTITIES = [YardOutboxEvent, OutboxSink, YardOutboxPending, InboxEntry];
