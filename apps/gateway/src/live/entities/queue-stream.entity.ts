import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { BIGINT_AS_NUMBER } from '#libs/database/src/index.js';
import type { Direction } from '#libs/domain/src/index.js';
import type { Congestion, GateState, QueueEntryView } from '#libs/events/src/index.js';
import type { LoggedChanges } from '../queue-projection.js';

/** Per gate: the last version applied from the yard-queue's events, and where the continuous log starts. */
@Entity({ name: 'queue_streams' })
@Check('queue_streams_check', '(log_start <= version)')
@Check('queue_streams_version_check', '(version >= 0)')
export class QueueStreamEntity {
  @PrimaryColumn('text', { primaryKeyConstraintName: 'queue_streams_pkey' })
  gate: string;

  @Column('bigint', { transformer: BIGINT_AS_NUMBER })
  version: number;

  @Column('bigint', { name: 'log_start', transformer: BIGINT_AS_NUMBER })
  logStart: number;

  @Column('jsonb', { name: 'gate_state' })
  gateState: GateState;

  @Column('jsonb')
  congestion: Congestion;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;
}

/**
 * The queue as of its stream's version (full officer views without ETAs): positions of entries an event did
 * not mention are derived from it.
 */
@Entity({ name: 'queue_entries' })
// On `entry->>'vehicleId'` (an expression TypeORM cannot describe: created by the migration, left alone here).
@Index('queue_entries_vehicle', { synchronize: false })
@Check('queue_entries_position_check', '("position" >= 1)')
export class QueueCopyEntryEntity {
  @PrimaryColumn('text', { primaryKeyConstraintName: 'queue_entries_pkey' })
  gate: string;

  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'queue_entries_pkey' })
  id: string;

  @Column('text', { name: 'firm_id' })
  firmId: string;

  @Column('text')
  direction: Direction;

  @Column('int', { nullable: true })
  position: number | null;

  @Column('jsonb')
  entry: QueueEntryView;

  @ManyToOne(() => QueueStreamEntity)
  @JoinColumn({ name: 'gate', foreignKeyConstraintName: 'queue_entries_gate_fkey' })
  stream?: QueueStreamEntity;
}

/**
 * One row per version: what changed, for replays to clients that missed deltas. A `reset` row marks a
 * version taken from a snapshot (history before it is not in the log).
 */
@Entity({ name: 'queue_log' })
export class QueueLogEntity {
  @PrimaryColumn('text', { primaryKeyConstraintName: 'queue_log_pkey' })
  gate: string;

  @PrimaryColumn('bigint', { primaryKeyConstraintName: 'queue_log_pkey', transformer: BIGINT_AS_NUMBER })
  version: number;

  @Column('uuid', { name: 'event_id', nullable: true })
  eventId: string | null;

  @Column('boolean', { default: false })
  reset: boolean;

  @Column('text', { nullable: true })
  reason: string | null;

  @Column('jsonb')
  changes: LoggedChanges;

  /** The firms whose vehicles the change touched (a firm's console replays only its own). */
  @Column('text', { name: 'firm_ids', array: true, default: () => "'{}'" })
  firmIds: string[];

  @Column('jsonb', { name: 'gate_state' })
  gateState: GateState;

  @Column('jsonb')
  congestion: Congestion;

  @Column('timestamptz', { name: 'recorded_at' })
  recordedAt: Date;
}
