import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import type { Channel, DriverChannel, EntryMemory, Language, NoticeKind } from '#libs/domain/src/index.js';

/** An accepted vehicle as the declaration service described it, with the last queue state seen of it. */
@Entity({ name: 'notify_vehicles' })
@Check('notify_vehicles_driver_language_check', `(driver_language = ANY (ARRAY['vi'::text, 'zh'::text, 'en'::text]))`)
@Index('notify_vehicles_gate', ['gate'])
export class NotifyVehicle {
  @PrimaryColumn('uuid', { name: 'vehicle_id', primaryKeyConstraintName: 'notify_vehicles_pkey' })
  vehicleId: string;

  @Column('uuid', { name: 'declaration_id' })
  declarationId: string;

  @Column('text', { name: 'firm_id' })
  firmId: string;

  @Column('text')
  gate: string;

  @Column('text')
  plate: string;

  @Column('text', { name: 'driver_phone' })
  driverPhone: string;

  @Column('text', { name: 'driver_language' })
  driverLanguage: Language;

  @Column('jsonb', { nullable: true })
  entry: (EntryMemory & { entryId: string }) | null;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;
}

/** Whether a gate is suspended, as of the last queue event seen of it. */
@Entity({ name: 'notify_gates' })
export class NotifyGate {
  @PrimaryColumn('text', { primaryKeyConstraintName: 'notify_gates_pkey' })
  gate: string;

  @Column('boolean')
  suspended: boolean;

  @Column('bigint')
  version: string;
}

/** A firm's channels for its drivers and the address of its own e-mails. */
@Entity({ name: 'firm_settings' })
export class FirmSettings {
  @PrimaryColumn('text', { name: 'firm_id', primaryKeyConstraintName: 'firm_settings_pkey' })
  firmId: string;

  @Column('text', { nullable: true })
  email: string | null;

  @Column('text', { name: 'driver_channels', array: true })
  driverChannels: DriverChannel[];

  @Column('boolean', { name: 'email_enabled' })
  emailEnabled: boolean;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;
}

/** A browser that subscribed to a vehicle's notifications from its tracking page. */
@Entity({ name: 'push_subscriptions' })
@Check('push_subscriptions_language_check', `(language = ANY (ARRAY['vi'::text, 'zh'::text, 'en'::text]))`)
@Index('push_subscriptions_vehicle', ['vehicleId'])
export class PushSubscriptionRow {
  @PrimaryColumn('text', { primaryKeyConstraintName: 'push_subscriptions_pkey' })
  endpoint: string;

  @Column('uuid', { name: 'vehicle_id' })
  vehicleId: string;

  @Column('text')
  p256dh: string;

  @Column('text')
  auth: string;

  @Column('text')
  language: Language;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;
}

export type MessageStatus = 'PENDING' | 'SENDING' | 'SENT' | 'DELIVERED' | 'FAILED';

/** One message on one channel to one recipient, and how its delivery went. */
@Entity({ name: 'messages' })
@Check('messages_channel_check', `(channel = ANY (ARRAY['sms'::text, 'zns'::text, 'push'::text, 'email'::text]))`)
@Check(
  'messages_status_check',
  `(status = ANY (ARRAY['PENDING'::text, 'SENDING'::text, 'SENT'::text, 'DELIVERED'::text, 'FAILED'::text]))`,
)
@Unique('messages_once', ['subjectId', 'notice', 'channel', 'recipient'])
@Index('messages_due', ['nextAttemptAt'], { where: `status IN ('PENDING', 'SENDING')` })
@Index('messages_provider', ['channel', 'providerId'])
export class MessageRow {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'messages_pkey' })
  id: string;

  /** The vehicle (or, for a declaration's decision, the declaration) the message is about. */
  @Column('text', { name: 'subject_id' })
  subjectId: string;

  /** The notice this message is one of (`called:<calledAt>`, `accepted:<event id>`…). */
  @Column('text')
  notice: string;

  @Column('text')
  kind: NoticeKind;

  @Column('text')
  channel: Channel;

  /** A phone number, an e-mail address or a push endpoint. */
  @Column('text')
  recipient: string;

  @Column('text')
  language: Language;

  @Column('text', { nullable: true })
  title: string | null;

  @Column('text')
  body: string;

  @Column('jsonb', { default: {} })
  data: Record<string, string>;

  @Column('text')
  status: MessageStatus;

  @Column('int', { default: 0 })
  attempts: number;

  @Column('timestamptz', { name: 'next_attempt_at' })
  nextAttemptAt: Date;

  @Column('timestamptz', { name: 'lease_until', nullable: true })
  leaseUntil: Date | null;

  @Column('text', { name: 'provider_id', nullable: true })
  providerId: string | null;

  @Column('text', { name: 'last_error', nullable: true })
  lastError: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'sent_at', nullable: true })
  sentAt: Date | null;

  @Column('timestamptz', { name: 'delivered_at', nullable: true })
  deliveredAt: Date | null;
}

/** A provider's delivery report, as received (signature checked). */
@Entity({ name: 'delivery_receipts' })
export class DeliveryReceipt {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'delivery_receipts_pkey' })
  id: string;

  @Column('uuid', { name: 'message_id', nullable: true })
  messageId: string | null;

  @ManyToOne(() => MessageRow)
  @JoinColumn({ name: 'message_id', foreignKeyConstraintName: 'delivery_receipts_message_id_fkey' })
  message?: MessageRow;

  @Column('text')
  channel: Channel;

  @Column('text', { name: 'provider_id' })
  providerId: string;

  @Column('text')
  status: string;

  @Column('jsonb')
  payload: unknown;

  @Column('timestamptz', { name: 'received_at' })
  receivedAt: Date;
}

/** A call waiting for a delivery receipt; past `reachBy` without one, it escalates once. */
@Entity({ name: 'call_watches' })
@Index('call_watches_open', ['reachBy'], { where: 'reached_at IS NULL AND escalated_at IS NULL' })
export class CallWatch {
  @PrimaryColumn('uuid', { name: 'vehicle_id', primaryKeyConstraintName: 'call_watches_pkey' })
  vehicleId: string;

  @PrimaryColumn('timestamptz', { name: 'called_at', primaryKeyConstraintName: 'call_watches_pkey' })
  calledAt: Date;

  @Column('text')
  gate: string;

  @Column('uuid', { name: 'entry_id' })
  entryId: string;

  @Column('timestamptz', { name: 'reach_by' })
  reachBy: Date;

  @Column('timestamptz', { name: 'reached_at', nullable: true })
  reachedAt: Date | null;

  @Column('timestamptz', { name: 'escalated_at', nullable: true })
  escalatedAt: Date | null;
}
