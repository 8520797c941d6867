import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { WebhookEventType } from '#libs/domain/src/index.js';
import type { WebhookVehicleData } from '#libs/events/src/index.js';
import { Firm } from '../../identity/entities/firm.entity.js';

export type WebhookDeliveryStatus = 'PENDING' | 'DELIVERED' | 'FAILED' | 'CANCELLED';

/** Where a firm wants its vehicles' events sent, and the secret they are signed with. */
@Entity({ name: 'webhook_subscriptions' })
@Index('webhook_subscriptions_firm', ['firmId'], { where: '(deleted_at IS NULL)' })
export class WebhookSubscription {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'webhook_subscriptions_pkey' })
  id: string;

  @Column('uuid', { name: 'firm_id' })
  firmId: string;

  @ManyToOne(() => Firm, { nullable: false })
  @JoinColumn({ name: 'firm_id', foreignKeyConstraintName: 'webhook_subscriptions_firm_id_fkey' })
  firm?: Firm;

  @Column('text')
  url: string;

  @Column('text', { name: 'event_types', array: true })
  eventTypes: WebhookEventType[];

  /**
   * `whsec_…`, shown to the firm once. Kept as it is: signing needs the key itself (a hash could only verify).
   */
  @Column('text')
  secret: string;

  @Column('uuid', { name: 'created_by' })
  createdBy: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'deleted_at', nullable: true })
  deletedAt: Date | null;
}

/** One event of a firm's vehicle; `seq` is the cursor a replay starts from. */
@Entity({ name: 'webhook_events' })
@Index('webhook_events_id', ['id'], { unique: true })
@Index('webhook_events_firm', ['firmId', 'seq'])
export class WebhookEvent {
  /** bigint arrives from pg as a string. */
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'webhook_events_pkey' })
  seq: string;

  @Column('text')
  id: string;

  @Column('uuid', { name: 'firm_id' })
  firmId: string;

  @Column('uuid', { name: 'vehicle_id' })
  vehicleId: string;

  @Column('text')
  type: WebhookEventType;

  @Column('jsonb')
  data: WebhookVehicleData;

  @Column('timestamptz', { name: 'occurred_at' })
  occurredAt: Date;
}

/** One event to one subscription: attempted until the receiver answers 2xx (or the worker gives up). */
@Entity({ name: 'webhook_deliveries' })
@Index('webhook_deliveries_open', ['subscriptionId', 'eventSeq'], { unique: true, where: "(status = 'PENDING'::text)" })
@Index('webhook_deliveries_line', ['subscriptionId', 'vehicleId', 'eventSeq'], { where: "(status = 'PENDING'::text)" })
@Index('webhook_deliveries_log', ['subscriptionId', 'id'])
@Check(
  'webhook_deliveries_status_check',
  "(status = ANY (ARRAY['PENDING'::text, 'DELIVERED'::text, 'FAILED'::text, 'CANCELLED'::text]))",
)
export class WebhookDelivery {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'webhook_deliveries_pkey' })
  id: string;

  @Column('uuid', { name: 'subscription_id' })
  subscriptionId: string;

  @ManyToOne(() => WebhookSubscription, { nullable: false })
  @JoinColumn({ name: 'subscription_id', foreignKeyConstraintName: 'webhook_deliveries_subscription_id_fkey' })
  subscription?: WebhookSubscription;

  @Column('bigint', { name: 'event_seq' })
  eventSeq: string;

  @ManyToOne(() => WebhookEvent, { nullable: false })
  @JoinColumn({ name: 'event_seq', foreignKeyConstraintName: 'webhook_deliveries_event_seq_fkey' })
  event?: WebhookEvent;

  @Column('uuid', { name: 'vehicle_id' })
  vehicleId: string;

  @Column('text')
  status: WebhookDeliveryStatus;

  @Column('boolean')
  replay: boolean;

  @Column('int')
  attempts: number;

  @Column('timestamptz', { name: 'next_attempt_at' })
  nextAttemptAt: Date;

  @Column('timestamptz', { name: 'lease_until', nullable: true })
  leaseUntil: Date | null;

  @Column('timestamptz', { name: 'last_attempt_at', nullable: true })
  lastAttemptAt: Date | null;

  @Column('int', { name: 'last_status', nullable: true })
  lastStatus: number | null;

  @Column('text', { name: 'last_error', nullable: true })
  lastError: string | null;

  @Column('timestamptz', { name: 'delivered_at', nullable: true })
  deliveredAt: Date | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;
}
