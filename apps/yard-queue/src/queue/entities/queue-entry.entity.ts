import {
  Check,
  Column,
  Entity,
  Generated,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import { BIGINT_AS_NUMBER } from '#libs/database/src/index.js';
import type { Agency, Direction, NoShowWaiverRecord, PriorityClass, VehicleState } from '#libs/domain/src/index.js';
import type { Confirmation, VehicleSnapshot } from '#libs/events/src/index.js';
import { GateEntity } from './gate.entity.js';
import { VehicleEntity } from './vehicle.entity.js';

/** A vehicle state, or NO_SHOW when a second no-show sent the vehicle back to ACCEPTED. */
export type EntryStatus = VehicleState | 'NO_SHOW';

/** One stay of a vehicle in the yard queue, from check-in until it leaves (or is sent back). */
@Entity({ name: 'queue_entries' })
@Unique('queue_entries_seq_key', ['seq'])
@Check('queue_entries_check', '((window_start IS NULL) = (window_end IS NULL))')
@Check('queue_entries_priority_class_check', "(priority_class = ANY (ARRAY['PRIORITY'::text, 'GENERAL'::text]))")
// At most one active slot per vehicle, whatever happens concurrently.
@Index('queue_entries_one_active_per_vehicle', ['vehicleId'], {
  unique: true,
  where: "(status = ANY (ARRAY['CHECKED_IN'::text, 'CALLED'::text, 'AT_GATE'::text, 'HELD'::text, 'CLEARED'::text]))",
})
// One live booking per vehicle across both gates: the active entries' normalised plates are unique.
@Index('queue_entries_one_live_per_plate', ['plateKey'], {
  unique: true,
  where: "(status = ANY (ARRAY['CHECKED_IN'::text, 'CALLED'::text, 'AT_GATE'::text, 'HELD'::text, 'CLEARED'::text]))",
})
@Index('queue_entries_waiting', ['gate', 'direction', 'status', 'windowStart', 'seq'])
@Index('queue_entries_called', ['gate', 'direction', 'calledAt'])
@Index('queue_entries_gate_checked_in', ['gate', 'checkedInAt'])
export class QueueEntryEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'queue_entries_pkey' })
  id: string;

  /** Check-in order among entries checked in at the same instant. */
  @Column('bigint', { transformer: BIGINT_AS_NUMBER })
  @Generated('increment')
  seq: number;

  @Column('uuid', { name: 'vehicle_id' })
  vehicleId: string;

  @Column('text')
  gate: string;

  @Column('text')
  direction: Direction;

  /** The vehicle's normalised plate (see normalisePlateKey), for the one live booking per vehicle. */
  @Column('text', { name: 'plate_key' })
  plateKey: string;

  @Column('text', { name: 'priority_class' })
  priorityClass: PriorityClass;

  @Column('text')
  status: EntryStatus;

  /** The vehicle's data as it was at check-in (frozen from then on). */
  @Column('jsonb')
  snapshot: VehicleSnapshot;

  @Column('timestamptz', { name: 'checked_in_at' })
  checkedInAt: Date;

  @Column('uuid', { name: 'checked_in_by', nullable: true })
  checkedInBy: string | null;

  @Column('timestamptz', { name: 'window_start', nullable: true })
  windowStart: Date | null;

  @Column('timestamptz', { name: 'window_end', nullable: true })
  windowEnd: Date | null;

  /** After a no-show: no window before this. */
  @Column('timestamptz', { name: 'not_before', nullable: true })
  notBefore: Date | null;

  @Column('int', { name: 'no_show_count', default: 0 })
  noShowCount: number;

  @Column('boolean', { name: 'quarantine_required' })
  quarantineRequired: boolean;

  @Column('jsonb', { default: () => "'{}'" })
  confirmations: Partial<Record<Agency, Confirmation>>;

  @Column('timestamptz', { name: 'called_at', nullable: true })
  calledAt: Date | null;

  @Column('timestamptz', { name: 'call_deadline', nullable: true })
  callDeadline: Date | null;

  /** When the notification service reported that no message of the call was confirmed delivered in time. */
  @Column('timestamptz', { name: 'call_unreached_at', nullable: true })
  callUnreachedAt: Date | null;

  /** The role of the officer who put the current hold (read while the entry is HELD). */
  @Column('text', { name: 'held_by', nullable: true })
  heldBy: string | null;

  @Column('timestamptz', { name: 'arrived_at', nullable: true })
  arrivedAt: Date | null;

  @Column('timestamptz', { name: 'cleared_at', nullable: true })
  clearedAt: Date | null;

  @Column('timestamptz', { name: 'closed_at', nullable: true })
  closedAt: Date | null;

  /** The latest no-show of this entry not held against the firm, and why by code (shown to the firm in words). */
  @Column('jsonb', { name: 'no_show_waiver', nullable: true })
  noShowWaiver: NoShowWaiverRecord | null;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;

  @ManyToOne(() => VehicleEntity)
  @JoinColumn({ name: 'vehicle_id', foreignKeyConstraintName: 'queue_entries_vehicle_id_fkey' })
  vehicle?: VehicleEntity;

  @ManyToOne(() => GateEntity)
  @JoinColumn({ name: 'gate', foreignKeyConstraintName: 'queue_entries_gate_fkey' })
  gateRow?: GateEntity;
}

/** Append-only (a trigger refuses UPDATE, DELETE and TRUNCATE): every change of an entry, by whom and why. */
@Entity({ name: 'queue_audit' })
@Index('queue_audit_entry', ['entryId', 'id'])
export class QueueAuditEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'queue_audit_pkey' })
  id: string;

  @Column('uuid', { name: 'entry_id', nullable: true })
  entryId: string | null;

  @Column('text')
  gate: string;

  @Column('text')
  action: string;

  @Column('text', { name: 'from_status', nullable: true })
  fromStatus: string | null;

  @Column('text', { name: 'to_status', nullable: true })
  toStatus: string | null;

  @Column('uuid', { name: 'actor_id', nullable: true })
  actorId: string | null;

  @Column('text', { name: 'actor_role' })
  actorRole: string;

  @Column('text', { nullable: true })
  console: string | null;

  @Column('text', { nullable: true })
  note: string | null;

  @Column('timestamptz')
  at: Date;

  /** On calls: the lane when the call was made (CallConditions, instants as ISO strings). */
  @Column('jsonb', { nullable: true })
  context: object | null;
}
